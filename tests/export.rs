//! Exports through the command line: a STIX 2.1 bundle and ATT&CK Navigator layers, stable
//! bytes, read back by Attrib's own STIX importer, and one-line errors. The OASIS validator and
//! mitreattack-python check the same exports in `make test-exports`.

mod common;

use std::process::Output;

use common::attrib;

const FIXTURE: &str = "src/fixture_pack.json";
const CASE: &str = "tests/cases/kr-exchanges-fixture.json";

fn json(o: &Output) -> serde_json::Value {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn stix_export_is_stable_and_reads_back() {
    let args = [
        "export",
        CASE,
        "--stix",
        "--created",
        "2026-01-02T03:04:05Z",
        "--profiles",
        FIXTURE,
    ];
    let a = attrib(&args);
    let b = attrib(&args);
    assert_eq!(a.stdout, b.stdout, "same inputs, same bytes");
    let bundle = json(&a);
    let objects = bundle["objects"].as_array().unwrap();
    let of = |t: &str| objects.iter().filter(|o| o["type"] == t).count();
    assert_eq!(of("report"), 1);
    assert!(of("attack-pattern") >= 3 && of("malware") >= 1 && of("location") >= 1);
    assert!(of("intrusion-set") >= 5);
    let note = objects
        .iter()
        .find(|o| o["type"] == "note" && o["object_refs"].as_array().unwrap().len() > 1)
        .expect("the assessment note");
    let content = note["content"].as_str().unwrap();
    assert!(content.contains("profile pack fixture-1"), "{content}");
    for o in objects {
        assert_eq!(o["created"], "2026-01-02T03:04:05.000Z", "{o}");
    }
    // Every reference the report makes is in the bundle.
    let ids: Vec<&str> = objects.iter().map(|o| o["id"].as_str().unwrap()).collect();
    let report = objects.iter().find(|o| o["type"] == "report").unwrap();
    for r in report["object_refs"].as_array().unwrap() {
        assert!(ids.contains(&r.as_str().unwrap()), "{r} dangles");
    }
    // Attrib's own importer reads it back: the ATT&CK IDs survive.
    let pack = attrib::packer::stix::import_bundle(&String::from_utf8(a.stdout).unwrap()).unwrap();
    assert!(pack.techniques.iter().any(|t| t.id == "T1566.001"));
    assert!(pack.profiles.iter().any(|p| p.id == "G0032"));
    // Software the pack does not know keeps its name.
    assert!(pack.software.iter().any(|s| s.name == "PEACHPIT"));
}

/// Found in review: software the pack gives an ID of its own (the overlay's `X-S-PEACHPIT`) was
/// exported with ATT&CK as its source and a URL on attack.mitre.org that does not exist. Only
/// ATT&CK IDs now get ATT&CK as their source.
#[test]
fn only_attack_ids_are_given_attack_as_their_source() {
    let mut pack: serde_json::Value =
        serde_json::from_slice(&std::fs::read(common::root().join(FIXTURE)).unwrap()).unwrap();
    pack["software"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!(
            {"id": "X-S-TESTRAT", "name": "TestRAT", "kind": "malware", "techniques": []}
        ));
    let dir = std::env::temp_dir().join(format!("attrib-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pack_file = dir.join("pack.json");
    std::fs::write(&pack_file, serde_json::to_vec(&pack).unwrap()).unwrap();
    let case_file = dir.join("case.json");
    std::fs::write(
        &case_file,
        r#"{"attrib": 1, "observations": [{"kind": "software", "value": "TestRAT"}, {"kind": "software", "value": "S0245"}]}"#,
    )
    .unwrap();
    let o = attrib(&[
        "export",
        case_file.to_str().unwrap(),
        "--stix",
        "--created",
        "2026-01-02T03:04:05Z",
        "--profiles",
        pack_file.to_str().unwrap(),
    ]);
    std::fs::remove_dir_all(&dir).unwrap();
    let bundle = json(&o);
    let named = |n: &str| {
        bundle["objects"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == n)
            .unwrap_or_else(|| panic!("no {n}"))
            .clone()
    };
    assert!(named("TestRAT").get("external_references").is_none());
    assert_eq!(
        named("BADCALL")["external_references"],
        serde_json::json!([{"source_name": "mitre-attack", "external_id": "S0245",
            "url": "https://attack.mitre.org/software/S0245/"}])
    );
}

#[test]
fn navigator_layers() {
    let l = json(&attrib(&[
        "export",
        CASE,
        "--navigator",
        "--hypothesis",
        "G0082",
        "--profiles",
        FIXTURE,
    ]));
    assert_eq!(l["versions"]["layer"], "4.5");
    assert_eq!(l["versions"]["attack"], "18");
    assert_eq!(l["domain"], "enterprise-attack");
    assert!(l["name"].as_str().unwrap().contains("APT38"));
    let techniques = l["techniques"].as_array().unwrap();
    assert!(!techniques.is_empty());
    let max = l["gradient"]["maxValue"].as_i64().unwrap();
    for t in techniques {
        let s = t["score"].as_i64().unwrap();
        assert!(s.abs() <= max);
    }
    assert_eq!(l["legendItems"].as_array().unwrap().len(), 3);
    // The comparison layer marks what is in both.
    let c = json(&attrib(&[
        "export",
        CASE,
        "--navigator",
        "--comparison",
        "--profiles",
        FIXTURE,
    ]));
    let scores: Vec<i64> = c["techniques"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["score"].as_i64().unwrap())
        .collect();
    assert!(scores.iter().all(|s| (1..=3).contains(s)));
    assert!(
        scores.contains(&3),
        "the leader shares some techniques with the case"
    );
}

#[test]
fn export_errors_are_one_line() {
    for (args, code, msg) in [
        (
            vec!["export", CASE, "--profiles", FIXTURE],
            2,
            "attrib: export: choose one of --stix and --navigator",
        ),
        (
            vec!["export", CASE, "--stix", "--hypothesis", "G0032", "--profiles", FIXTURE],
            2,
            "attrib: export: --hypothesis and --comparison go with --navigator",
        ),
        (
            vec!["export", CASE, "--navigator", "--hypothesis", "G9999", "--profiles", FIXTURE],
            1,
            "attrib: tests/cases/kr-exchanges-fixture.json: export: hypothesis G9999 is not among the scored hypotheses (it must compete in this case)",
        ),
        (
            vec!["export", CASE, "--stix", "--created", "soon", "--profiles", FIXTURE],
            1,
            "attrib: export: expected an RFC 3339 timestamp such as 2017-05-23T01:12:00Z, found \"soon\"",
        ),
        (
            vec!["export", "tests/cases/bad/07-unknown-top-field.json", "--stix", "--profiles", FIXTURE],
            1,
            "attrib: tests/cases/bad/07-unknown-top-field.json: $.verdict: unknown field, expected one of attrib, title, summary, date, observations, hypotheses, settings, analysis",
        ),
    ] {
        let o = attrib(&args);
        assert_eq!(o.status.code(), Some(code), "{args:?}");
        let err = String::from_utf8(o.stderr).unwrap();
        assert_eq!(err.lines().next().unwrap(), msg, "{args:?}");
        if code == 1 {
            assert_eq!(err.lines().count(), 1, "{err}");
        }
    }
}
