//! The case file contract: malformed files give exact one-line errors; valid files round-trip.

mod common;

use attrib::case::{Case, Kind};
use std::process::Command;

fn expected() -> Vec<(String, String)> {
    let text = String::from_utf8(common::read("tests/cases/bad/expected.tsv")).unwrap();
    text.lines()
        .map(|l| {
            let (f, m) = l.split_once('\t').unwrap();
            (f.to_string(), m.to_string())
        })
        .collect()
}

#[test]
fn every_malformed_file_has_its_exact_message() {
    let cases = expected();
    assert!(cases.len() >= 20, "at least 20 malformed files");
    for (file, message) in cases {
        let bytes = common::read(format!("tests/cases/bad/{file}"));
        let err = Case::from_json(&bytes).unwrap_err();
        assert_eq!(err.to_string(), message, "{file}");
        assert!(!message.contains('\n'));
    }
}

#[test]
fn every_malformed_file_exits_1_with_one_line_on_the_command_line() {
    for (file, message) in expected() {
        let path = common::root().join(format!("tests/cases/bad/{file}"));
        let out = Command::new(env!("CARGO_BIN_EXE_attrib"))
            .arg("validate")
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{file}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(
            stderr,
            format!("attrib: {}: {message}\n", path.display()),
            "{file}"
        );
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn limits_on_generated_files() {
    let many = format!(
        "{{\"attrib\":1,\"observations\":[{}]}}",
        vec![r#"{"kind":"language","value":"ko"}"#; 10_001].join(",")
    );
    assert_eq!(
        Case::from_json(many.as_bytes()).unwrap_err().to_string(),
        "$.observations: 10001 observations, the limit is 10000"
    );
    let big = format!(
        "{{\"attrib\":1,\"summary\":\"{}\",\"observations\":[]}}",
        " ".repeat(6 * 1024 * 1024)
    );
    assert_eq!(
        Case::from_json(big.as_bytes()).unwrap_err().to_string(),
        format!(
            "case file is {} bytes, the limit is 5242880 (5 MB)",
            big.len()
        )
    );
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(
        Case::from_json(deep.as_bytes()).unwrap_err().to_string(),
        "case file nests deeper than 32 levels (at byte 32)"
    );
}

#[test]
fn flagship_round_trips() {
    let bytes = common::read("data/cases/kr-exchanges-2017.json");
    let case = Case::from_json(&bytes).unwrap();
    assert!(case.observations.len() >= 10);
    let again = Case::from_json(case.to_json().as_bytes()).unwrap();
    assert_eq!(again, case);
    // Every observation in the flagship carries a graded source.
    for (i, o) in case.observations.iter().enumerate() {
        let s = o
            .source
            .as_ref()
            .unwrap_or_else(|| panic!("observation {i} has no source"));
        assert!(
            s.reliability.is_some() && s.credibility.is_some(),
            "observation {i}"
        );
    }
}

#[test]
fn values_are_normalised() {
    let case = Case::from_json(
        br#"{"attrib": 1, "observations": [
        {"kind": "technique", "value": "t1566.001"},
        {"kind": "victim-country", "value": "kr"},
        {"kind": "victim-sector", "value": "Banking"},
        {"kind": "victim-sector", "value": "think tanks"},
        {"kind": "motivation", "value": "Financial"},
        {"kind": "language", "value": "ZH-hans-cn"},
        {"kind": "infrastructure", "value": "Domain:Example.COM"},
        {"kind": "infrastructure", "value": "asn:AS131279"},
        {"kind": "event", "value": "Sanctions", "date": "2017-04-26"}]}"#,
    )
    .unwrap();
    let values: Vec<&str> = case.observations.iter().map(|o| o.value.as_str()).collect();
    assert_eq!(
        values,
        [
            "T1566.001",
            "KR",
            "financial-services",
            "non-profit",
            "financial",
            "zh-Hans-CN",
            "domain:example.com",
            "asn:131279",
            "sanctions"
        ]
    );
    assert_eq!(case.observations[0].kind, Kind::Technique);
    assert_eq!(case.observations[0].grades(), ('F', 6));
}

#[test]
fn every_kind_of_the_contract_parses() {
    // The example of CASE-FORMAT.md, verbatim.
    let case = Case::from_json(
        br#"{
  "attrib": 1,
  "title": "Intrusions at three South Korean cryptocurrency exchanges, 2017",
  "summary": "optional free text",
  "date": "2017-05-01",
  "observations": [
    {"kind": "technique", "value": "T1566.001",
     "source": {"name": "FireEye", "url": "https://...", "reliability": "B", "credibility": 2},
     "note": "tax-themed lures in Hangul documents"},
    {"kind": "software", "value": "S0366"},
    {"kind": "software", "value": "PEACHPIT"},
    {"kind": "victim-country", "value": "KR"},
    {"kind": "victim-sector", "value": "financial-services"},
    {"kind": "activity-time", "value": "2017-05-23T01:12:00Z"},
    {"kind": "motivation", "value": "financial"},
    {"kind": "infrastructure", "value": "ip:175.45.178.1"},
    {"kind": "language", "value": "ko"},
    {"kind": "event", "value": "sanctions", "date": "2017-04-27"}
  ],
  "hypotheses": ["G0032", "G0082", "G0067", "G0094", "G0007"],
  "settings": {"deception": 0.1, "unlisted_prior": 0.15, "seed": 20171}
}"#,
    )
    .unwrap();
    assert_eq!(case.observations.len(), 10);
    assert_eq!(case.date.as_deref(), Some("2017-05-01"));
    assert_eq!(Case::from_json(case.to_json().as_bytes()).unwrap(), case);
    assert_eq!(case.settings.unwrap().seed, Some(20171));
}
