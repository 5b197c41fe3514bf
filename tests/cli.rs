//! The command line: exit codes, one-line errors, stable JSON.

mod common;

use common::{attrib, stderr};

const FIXTURE: &str = "src/fixture_pack.json";
const FLAGSHIP: &str = "data/cases/kr-exchanges-2017.json";
/// The flagship without the MISP-only hypothesis that the fixture pack does not have.
const FLAGSHIP_FIXTURE: &str = "tests/cases/kr-exchanges-fixture.json";

#[test]
fn usage_errors_exit_2() {
    for (args, msg) in [
        (vec![], "attrib: no command given"),
        (vec!["frobnicate"], "attrib: unknown command \"frobnicate\""),
        (vec!["score"], "attrib: score: missing the case file"),
        (
            vec!["score", FLAGSHIP, "--bogus"],
            "attrib: unknown option --bogus",
        ),
        (
            vec!["score", FLAGSHIP, "--seed", "x"],
            "attrib: --seed: expected a whole number from 0 to 18446744073709551615, found \"x\"",
        ),
        (
            vec!["score", FLAGSHIP, "--profiles"],
            "attrib: --profiles needs a value",
        ),
    ] {
        let o = attrib(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&o).lines().next().unwrap(), msg, "{args:?}");
    }
}

#[test]
fn input_errors_exit_1_with_one_line() {
    let o = attrib(&["score", "no/such/case.json", "--profiles", FIXTURE]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "attrib: no/such/case.json: no such file or directory\n"
    );
    let o = attrib(&["score", FLAGSHIP, "--profiles", "Cargo.toml"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o).lines().count(), 1);
    assert!(
        stderr(&o).starts_with("attrib: Cargo.toml: profile pack: expected value at line 1"),
        "{}",
        stderr(&o)
    );
    let o = attrib(&["score", "data", "--profiles", FIXTURE]);
    assert_eq!(
        stderr(&o),
        "attrib: data: is a directory, expected a file\n"
    );
}

#[test]
fn json_output_is_the_contract_and_byte_stable() {
    let a = attrib(&["score", FLAGSHIP_FIXTURE, "--profiles", FIXTURE, "--json"]);
    assert!(a.status.success(), "{}", stderr(&a));
    let b = attrib(&["score", FLAGSHIP_FIXTURE, "--profiles", FIXTURE, "--json"]);
    assert_eq!(a.stdout, b.stdout);
    let v: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    assert!(v["hypotheses"].as_array().unwrap().len() >= 5);
    assert!(v["levels"]["sponsor"].is_array());
    assert_eq!(v["settings"]["seed"], 20171);
    assert_eq!(v["settings"]["samples"], attrib::Params::default().samples);
    let c = attrib(&[
        "score",
        FLAGSHIP_FIXTURE,
        "--profiles",
        FIXTURE,
        "--json",
        "--seed",
        "5",
    ]);
    assert_ne!(a.stdout, c.stdout);
}

#[test]
fn table_output_reads_well() {
    let o = attrib(&["score", FLAGSHIP_FIXTURE, "--profiles", FIXTURE]);
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.starts_with("Intrusions at three South Korean cryptocurrency exchanges, 2017\n"));
    assert!(text.contains("unlisted actor"));
    assert!(text.contains("By suspected state sponsor:"));
    // Every hypothesis is named whole, its ID included, in the table and the roll-ups (a reader
    // restricts a race by ID); the columns line up however long the longest name is.
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("Foreign false flag imitating Lazarus (X-FALSEFLAG-KP)"))
        .collect();
    assert_eq!(rows.len(), 2, "{text}");
    let end = |l: &str| l.find(" %").unwrap();
    let header = text.lines().find(|l| l.contains("posterior")).unwrap();
    assert_eq!(
        end(rows[0]),
        header.find("posterior").unwrap() + "posterior".len() - 2
    );
    assert_eq!(end(rows[0]), end(rows[1]));
}

#[test]
fn validate_reports_counts_and_pack_warnings() {
    let o = attrib(&["validate", FLAGSHIP_FIXTURE, "--profiles", FIXTURE]);
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.starts_with(&format!(
            "{FLAGSHIP_FIXTURE}: valid case, 12 observations\n"
        )),
        "{text}"
    );
}

#[test]
fn flagship_with_the_real_pack_leads_with_dprk_at_sponsor_level() {
    if common::real_pack().is_none() {
        return;
    }
    let o = attrib(&["score", FLAGSHIP, "--json", "--profiles", "build/pack.json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["levels"]["sponsor"][0]["id"], "KP",
        "{}",
        v["levels"]["sponsor"]
    );
    let again = attrib(&["score", FLAGSHIP, "--json", "--profiles", "build/pack.json"]);
    assert_eq!(o.stdout, again.stdout);
}

#[test]
fn every_command_prints_its_usage_on_help() {
    for cmd in ["score", "validate", "export", "render", "pack", "eval"] {
        for flag in ["--help", "-h"] {
            let o = attrib(&[cmd, flag]);
            assert_eq!(o.status.code(), Some(0), "{cmd} {flag}: {}", stderr(&o));
            let text = String::from_utf8(o.stdout).unwrap();
            assert!(
                text.starts_with(&format!("usage: attrib {cmd} ")),
                "{cmd} {flag}: {text}"
            );
        }
    }
    let o = attrib(&["score", "--samples", "100001", "x.json"]);
    assert_eq!(
        stderr(&o).lines().next().unwrap(),
        format!(
            "attrib: --samples: expected a whole number from 0 to {}, found \"100001\"",
            attrib::case::MAX_SAMPLES
        )
    );
}

#[test]
fn render_writes_the_verdict_the_library_computes_into_a_page_once() {
    let o = attrib(&["render", FLAGSHIP_FIXTURE, "--profiles", FIXTURE]);
    assert!(o.status.success(), "{}", stderr(&o));
    let index = common::fixture_index();
    let case = attrib::Case::from_json(&common::read(FLAGSHIP_FIXTURE)).unwrap();
    let block = attrib::prerender::render(&case, &index).unwrap();
    assert_eq!(String::from_utf8(o.stdout).unwrap(), block);

    let dir = std::env::temp_dir().join(format!("attrib-render-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let page = dir.join("index.html");
    let shown = page.to_str().unwrap();
    let (start, end) = (attrib::prerender::START, attrib::prerender::END);
    std::fs::write(
        &page,
        format!("<main>\n  {start}\n  <p>stale</p>\n  {end}\n</main>\n"),
    )
    .unwrap();
    let into = |check: bool| {
        let mut args = vec![
            "render",
            FLAGSHIP_FIXTURE,
            "--profiles",
            FIXTURE,
            "--into",
            shown,
        ];
        if check {
            args.push("--check");
        }
        attrib(&args)
    };
    let stale = into(true);
    assert_eq!(stale.status.code(), Some(1));
    assert_eq!(
        stderr(&stale),
        format!("attrib: {shown}: the prerendered verdict is out of date: run `make www`\n")
    );
    let first = into(false);
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(
        String::from_utf8(first.stdout).unwrap(),
        format!("{shown}: wrote the prerendered verdict of {FLAGSHIP_FIXTURE}\n")
    );
    let written = std::fs::read_to_string(&page).unwrap();
    assert_eq!(
        written,
        attrib::prerender::splice(&format!("<main>\n  {start}\n  {end}\n</main>\n"), &block)
            .unwrap()
    );
    for check in [false, true] {
        let again = into(check);
        assert!(again.status.success(), "{}", stderr(&again));
        assert_eq!(
            String::from_utf8(again.stdout).unwrap(),
            format!("{shown}: the prerendered verdict is current\n")
        );
        assert_eq!(std::fs::read_to_string(&page).unwrap(), written);
    }
    std::fs::write(&page, "<main></main>\n").unwrap();
    let unmarked = into(false);
    assert_eq!(unmarked.status.code(), Some(1));
    assert_eq!(
        stderr(&unmarked),
        format!("attrib: {shown}: no start marker of the prerendered verdict (expected the line {start})\n")
    );
    std::fs::remove_dir_all(&dir).unwrap();

    let o = attrib(&["render", FLAGSHIP_FIXTURE, "--check"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).lines().next().unwrap(),
        "attrib: render: --check goes with --into"
    );
    let o = attrib(&["render", FLAGSHIP_FIXTURE, "--seed", "5"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).lines().next().unwrap(),
        "attrib: unknown option --seed"
    );
}
