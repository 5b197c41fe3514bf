//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod eval;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use attrib::case::{Case, Kind, Observation};
use attrib::index::Index;
use attrib::{Pack, ScoreOptions, ScoreResult};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run the `attrib` binary in the repository's root, with no pack or date from the environment.
pub fn attrib(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_attrib"))
        .args(args)
        .current_dir(root())
        .env_remove("ATTRIB_PACK")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap()
}

/// A command's standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

pub fn fixture_index() -> Index {
    Index::new(Pack::fixture(), None).unwrap()
}

/// The real pack built by `make pack`, if present. `ATTRIB_REQUIRE_PACK=1` (set by `make test`)
/// turns its absence into a failure instead of a skip.
pub fn real_pack() -> Option<Pack> {
    let path = root().join("build/pack.json");
    if !path.is_file() {
        assert!(
            std::env::var("ATTRIB_REQUIRE_PACK").is_err(),
            "build/pack.json is missing: run `make pack`"
        );
        eprintln!("note: build/pack.json absent; skipping a real-pack test (run `make pack`)");
        return None;
    }
    Some(Pack::from_json(&std::fs::read(path).unwrap()).unwrap())
}

pub fn obs(kind: Kind, value: &str) -> Observation {
    Observation::new(kind, value).graded("test", 'B', 2)
}

pub fn fast() -> ScoreOptions {
    ScoreOptions {
        samples: Some(200),
        seed: Some(7),
        ..Default::default()
    }
}

/// A plain-text explanation of a result: what a reader needs to audit it.
pub fn explain(case: &Case, r: &ScoreResult) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "{}\n{}\nconfidence: {}\n",
        r.statement, r.sponsor_statement, r.confidence
    ));
    for h in &r.hypotheses {
        s.push_str(&format!(
            "{:<8} {:>6.3}  prior {:>7.3}\n",
            h.id, h.probability, h.log_prior
        ));
        for c in &h.contributions {
            let o = &case.observations[c.observation];
            s.push_str(&format!(
                "    {:>+7.3}  [{}] {} {}\n",
                c.log_lr,
                c.facet.as_str(),
                o.kind.as_str(),
                o.value
            ));
        }
    }
    s.push_str(&format!("unlisted {:>6.3}\n", r.unlisted.probability));
    for l in &r.levels.sponsor {
        s.push_str(&format!("sponsor {:<9} {:>6.3}\n", l.id, l.probability));
    }
    for p in &r.pivotal {
        s.push_str(&format!(
            "pivotal {} -> {}\n",
            p.observation, p.if_removed_leader
        ));
    }
    for w in &r.warnings {
        s.push_str(&format!("warning: {w}\n"));
    }
    s
}

/// Snapshot check: compare `actual` with tests/snapshots/NAME.txt (write it when
/// `UPDATE_SNAPSHOTS=1`).
pub fn snapshot(name: &str, actual: &str) {
    let path = root().join("tests/snapshots").join(format!("{name}.txt"));
    if std::env::var("UPDATE_SNAPSHOTS").is_ok() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing snapshot {}: run with UPDATE_SNAPSHOTS=1",
            path.display()
        )
    });
    if expected != actual {
        panic!("snapshot {name} differs (UPDATE_SNAPSHOTS=1 to accept)\n--- expected\n{expected}\n--- actual\n{actual}");
    }
}

/// Score `case` against the fixture pack and compare its explanation with a snapshot.
pub fn check(name: &str, case: &Case) -> ScoreResult {
    let r = attrib::score(case, &fixture_index(), &fast()).unwrap();
    snapshot(name, &explain(case, &r));
    r
}

pub fn read(p: impl AsRef<Path>) -> Vec<u8> {
    std::fs::read(root().join(p)).unwrap()
}
