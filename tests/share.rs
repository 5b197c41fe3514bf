//! What a shared reading carries besides the case: the stamp of the profile pack it was made
//! with (`analysis.pack`). The stamp round-trips through a case file, never changes a figure, and
//! a case opened against another pack is told so in one warning. Exports the page makes are the
//! command line's bytes (`export_case`).

mod common;

use attrib::case::{Analysis, Case, PackStamp};
use attrib::export::{export_case, Export};
use attrib::ScoreOptions;

fn flagship() -> Case {
    Case::from_json(&common::read("tests/cases/kr-exchanges-fixture.json")).unwrap()
}

fn stamped(mut case: Case, version: &str, sha256: &str) -> Case {
    let a = case.analysis.get_or_insert_with(Analysis::default);
    a.pack = Some(PackStamp {
        version: version.into(),
        sha256: sha256.into(),
    });
    case
}

fn opts() -> ScoreOptions {
    ScoreOptions {
        samples: Some(300),
        ..Default::default()
    }
}

#[test]
fn the_stamp_round_trips_through_a_case_file() {
    let case = stamped(
        flagship(),
        "attack-18.1+misp-336+overlay-1",
        &"ab".repeat(32),
    );
    let text = case.to_json();
    assert!(text.contains("\"pack\": {"), "{text}");
    assert_eq!(Case::from_json(text.as_bytes()).unwrap(), case);
}

#[test]
fn the_stamp_of_the_same_pack_changes_nothing() {
    let index = common::fixture_index();
    let pack = index.pack();
    let plain = attrib::score(&flagship(), &index, &opts()).unwrap();
    let same = attrib::score(
        &stamped(flagship(), &pack.version, &pack.sha256),
        &index,
        &opts(),
    )
    .unwrap();
    assert_eq!(
        serde_json::to_string(&plain).unwrap(),
        serde_json::to_string(&same).unwrap()
    );
}

#[test]
fn another_pack_is_named_in_one_warning_and_the_figures_are_this_packs() {
    let index = common::fixture_index();
    let plain = attrib::score(&flagship(), &index, &opts()).unwrap();
    let other = attrib::score(
        &stamped(flagship(), "attack-17.0", &"0".repeat(64)),
        &index,
        &opts(),
    )
    .unwrap();
    let extra: Vec<&String> = other
        .warnings
        .iter()
        .filter(|w| !plain.warnings.contains(w))
        .collect();
    assert_eq!(extra.len(), 1, "{:?}", other.warnings);
    assert_eq!(
        extra[0],
        &format!(
            "analysis.pack: this reading was made with profile pack attack-17.0 (sha256 000000000000…); it is scored against profile pack fixture-1 (sha256 {}…), so its figures can differ from the ones first shown",
            &index.pack().sha256[..12]
        )
    );
    let mut without = other.clone();
    without.warnings = plain.warnings.clone();
    assert_eq!(
        serde_json::to_string(&plain).unwrap(),
        serde_json::to_string(&without).unwrap(),
        "the stamp never changes a figure"
    );
}

#[test]
fn exports_are_the_command_lines_bytes() {
    // The pack exactly as the command line reads it from its file.
    let pack = attrib::Pack::from_json(&common::read("src/fixture_pack.json")).unwrap();
    let index = attrib::index::Index::new(pack, None).unwrap();
    let case = flagship();
    let o = ScoreOptions::default();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_attrib"))
        .args([
            "export",
            "tests/cases/kr-exchanges-fixture.json",
            "--stix",
            "--created",
            "2026-01-02T03:04:05.678Z",
            "--profiles",
            "src/fixture_pack.json",
        ])
        .current_dir(common::root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stix = export_case(
        &case,
        &index,
        &o,
        Export::Stix {
            created: "2026-01-02T03:04:05.678Z",
        },
    )
    .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), stix);
    for (flag, what) in [
        (None, Export::Navigator { hypothesis: None }),
        (
            Some("--comparison"),
            Export::Comparison { hypothesis: None },
        ),
    ] {
        let mut args = vec![
            "export",
            "tests/cases/kr-exchanges-fixture.json",
            "--navigator",
            "--profiles",
            "src/fixture_pack.json",
        ];
        args.extend(flag);
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_attrib"))
            .args(&args)
            .current_dir(common::root())
            .output()
            .unwrap();
        assert!(out.status.success());
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            export_case(&case, &index, &o, what).unwrap()
        );
    }
}
