//! Overlay files: every fact is checked, and a bad one is refused with a message naming the
//! file, the fact's index, its subject and what was expected.

use attrib::packer::{apply_overlay, OverlayFile};
use attrib::Pack;

fn apply(facts: &str) -> Result<Pack, String> {
    let mut pack = Pack::fixture();
    let text = format!(r#"{{"overlay": 1, "title": "t", "facts": [{facts}]}}"#);
    apply_overlay(
        &mut pack,
        &[OverlayFile {
            name: "x.json",
            text: &text,
        }],
    )
    .map_err(|e| e.to_string())?;
    Ok(pack)
}

const SRC: &str = r#""source": "https://example.org/report""#;

#[test]
fn good_facts_apply() {
    let pack = apply(&format!(
        r#"{{"id": "G0082", "fact": "trigger", "value": "sanctions", {SRC}}},
           {{"id": "G0082", "fact": "working", "value": {{"from": "2015-08-15", "until": "2018-05-05",
             "utc_offset_minutes": 510, "days": [1,2,3,4,5], "start_hour": 9, "end_hour": 18}}, {SRC}}},
           {{"id": "X-S-1", "fact": "software", "value": {{"name": "PEACHPIT", "kind": "malware"}}, {SRC}}},
           {{"id": "G0082", "fact": "uses-software", "value": "X-S-1", {SRC}, "also": ["https://example.org/b"]}}"#
    ))
    .unwrap();
    let p = pack.profile("G0082").unwrap();
    assert_eq!(p.triggers, ["sanctions"]);
    assert_eq!(p.working[0].utc_offset_minutes, 510);
    assert_eq!(p.working[0].source, "https://example.org/report");
    assert!(p.software.contains(&"X-S-1".into()));
    assert!(p.refs.contains(&"https://example.org/b".into()));
    assert!(p.origin.contains(&"overlay".into()));
}

#[test]
fn bad_facts_are_refused_with_exact_messages() {
    let cases = [
        (
            r#"{"id": "G0082", "fact": "trigger", "value": "sanctions", "source": "see report"}"#
                .to_string(),
            r#"overlay x.json: facts[0] (G0082 trigger): source: expected an http(s) URL, found "see report""#,
        ),
        (
            format!(r#"{{"id": "G0082", "fact": "parent", "value": "X-NOPE", {SRC}}}"#),
            "overlay x.json: facts[0] (G0082 parent): value: X-NOPE is not a profile in the pack",
        ),
        (
            format!(r#"{{"id": "G9999", "fact": "trigger", "value": "sanctions", {SRC}}}"#),
            "overlay x.json: facts[0] (G9999 trigger): G9999 is not a profile in the pack",
        ),
        (
            format!(r#"{{"id": "G0082", "fact": "motivation", "value": "greed", {SRC}}}"#),
            r#"overlay x.json: facts[0] (G0082 motivation): value: expected one of financial, espionage, destructive, hacktivism, influence, found "greed""#,
        ),
        (
            format!(r#"{{"id": "G0082", "fact": "sponsor", "value": "North Korea", {SRC}}}"#),
            r#"overlay x.json: facts[0] (G0082 sponsor): value: expected an ISO 3166-1 alpha-2 code, found "North Korea""#,
        ),
        (
            format!(r#"{{"id": "G0082", "fact": "sector", "value": "banking", {SRC}}}"#),
            r#"overlay x.json: facts[0] (G0082 sector): value: "banking" is not a stix 2.1 industry-sector-ov value"#,
        ),
        (
            format!(
                r#"{{"id": "G0082", "fact": "infrastructure", "value": "175.45.178.1", {SRC}}}"#
            ),
            r#"overlay x.json: facts[0] (G0082 infrastructure): value: expected one of the prefixes ip: cidr: asn: domain: email: cert-sha256:, found "175.45.178.1""#,
        ),
        (
            format!(r#"{{"id": "G0082", "fact": "colour", "value": "red", {SRC}}}"#),
            r#"overlay x.json: facts[0] (G0082 colour): unknown fact kind "colour""#,
        ),
        (
            format!(r#"{{"id": "G0032", "fact": "profile", "value": {{"name": "again"}}, {SRC}}}"#),
            "overlay x.json: facts[0] (G0032 profile): the profile already exists",
        ),
        (
            format!(
                r#"{{"id": "G0082", "fact": "working", "value": {{"from": "15.08.2015", "utc_offset_minutes": 510, "days": [1], "start_hour": 9, "end_hour": 18}}, {SRC}}}"#
            ),
            r#"overlay x.json: facts[0] (G0082 working): value: expected a YYYY-MM-DD date, found "15.08.2015""#,
        ),
    ];
    for (fact, want) in cases {
        assert_eq!(apply(&fact).unwrap_err(), want);
    }
    assert!(apply(r#"{"id": "G0082"}"#)
        .unwrap_err()
        .starts_with("overlay x.json: missing field `fact`"));
}

#[test]
fn repository_overlay_facts_all_cite_sources() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/overlay");
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        for f in v["facts"].as_array().unwrap() {
            let s = f["source"].as_str().unwrap();
            assert!(
                s.starts_with("https://") || s.starts_with("http://"),
                "{}: {f}",
                p.display()
            );
            n += 1;
        }
    }
    assert!(n >= 40, "{n}");
}
