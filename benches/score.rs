//! Native benchmark harness: prints figures, asserts nothing (these machines are noisy).
//!
//! `make bench` (or `cargo bench --bench score`). Uses build/pack.json when present, else the
//! fixture pack.

use std::time::{Duration, Instant};

use attrib::{index::Index, Case, Pack, ScoreOptions};

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn time<F: FnMut()>(mut f: F, min_runs: usize, budget: Duration) -> (Duration, usize) {
    let mut times = Vec::new();
    let start = Instant::now();
    while times.len() < min_runs || (start.elapsed() < budget && times.len() < 10_000) {
        let t = Instant::now();
        f();
        times.push(t.elapsed());
    }
    let n = times.len();
    (median(times), n)
}

fn fmt(d: Duration) -> String {
    let us = d.as_secs_f64() * 1e6;
    if us < 1000.0 {
        format!("{us:.1} µs")
    } else {
        format!("{:.2} ms", us / 1000.0)
    }
}

fn main() {
    let root = env!("CARGO_MANIFEST_DIR");
    let pack_path = format!("{root}/build/pack.json");
    let (bytes, which) = match std::fs::read(&pack_path) {
        Ok(b) => (b, "build/pack.json"),
        Err(_) => (
            Pack::fixture().to_json(),
            "fixture pack (run `make pack` for the real one)",
        ),
    };
    let case_bytes = std::fs::read(format!("{root}/data/cases/kr-exchanges-2017.json")).unwrap();
    let case = Case::from_json(&case_bytes).unwrap();
    let mut open = case.clone();
    open.hypotheses = None;
    // The race restricted to the case's 8 named suspects.
    let mut suspects = case.clone();
    suspects.hypotheses = case.analysis.as_ref().map(|a| a.focus.clone());

    println!(
        "attrib native benchmark — pack: {which}, {} bytes",
        bytes.len()
    );
    let (t, n) = time(
        || drop(Pack::from_json(&bytes).unwrap()),
        5,
        Duration::from_secs(2),
    );
    println!(
        "  parse pack                           {:>10}  (median of {n})",
        fmt(t)
    );
    let pack = Pack::from_json(&bytes).unwrap();
    // The same pack in the binary form the page loads (src/binpack.rs), its seal checked.
    let binary = pack.to_binary();
    let (t, n) = time(
        || drop(Pack::from_binary(&binary).unwrap()),
        5,
        Duration::from_secs(2),
    );
    println!(
        "  {:<37}{:>10}  (median of {n})",
        format!("parse pack, binary ({} bytes)", binary.len()),
        fmt(t)
    );
    let (t, n) = time(
        || drop(Index::new(pack.clone(), None).unwrap()),
        5,
        Duration::from_secs(2),
    );
    println!(
        "  build index                          {:>10}  (median of {n})",
        fmt(t)
    );
    if std::env::var("ATTRIB_BENCH_ONLY").as_deref() == Ok("index") {
        // For profiling: nothing but index builds.
        let (t, n) = time(
            || drop(Index::new(pack.clone(), None).unwrap()),
            5,
            Duration::from_secs(8),
        );
        println!(
            "  build index (profiling loop)         {:>10}  (median of {n})",
            fmt(t)
        );
        return;
    }
    let index = Index::new(pack, None).unwrap();
    println!("  profiles: {}", index.pack().profiles.len());

    let plain = ScoreOptions {
        samples: Some(0),
        sensitivity: false,
        ..Default::default()
    };
    let full = ScoreOptions::default();
    if std::env::var("ATTRIB_BENCH_ONLY").as_deref() == Ok("rescore") {
        // For a profiler: 200 plain re-scores of the whole-pack flagship in one session.
        let mut session = attrib::model::Session::new();
        for _ in 0..200 {
            drop(session.score(&open, &index, &plain).unwrap());
        }
        return;
    }
    for (label, c) in [
        ("flagship, 8 named suspects", &suspects),
        ("flagship, whole pack competing", &open),
    ] {
        // As the page re-scores: the same case again, in a session that keeps its ratios.
        let mut session = attrib::model::Session::new();
        let (t, n) = time(
            || drop(session.score(c, &index, &plain).unwrap()),
            20,
            Duration::from_secs(2),
        );
        println!(
            "  {label:<36} plain re-score, session {:>9}  (median of {n})",
            fmt(t)
        );
        // The same work as the page's re-score in wasm, boundary aside: the score, then the
        // display made of it and the result made brief (src/present.rs).
        let (t, n) = time(
            || {
                let mut r = session.score(c, &index, &plain).unwrap();
                let d = attrib::present::present(
                    &r,
                    attrib::present::SHOWN,
                    attrib::present::ACH_COLUMNS,
                );
                attrib::present::brief(&mut r, None);
                drop((r, d));
            },
            20,
            Duration::from_secs(2),
        );
        println!(
            "  {label:<36} plain re-score, session, with display {:>9}  (median of {n})",
            fmt(t)
        );
        let (t, n) = time(
            || drop(session.score(c, &index, &full).unwrap()),
            5,
            Duration::from_secs(2),
        );
        println!(
            "  {label:<36} full re-score, session  {:>9}  (median of {n})",
            fmt(t)
        );
        let (t, n) = time(
            || drop(attrib::score(c, &index, &plain).unwrap()),
            20,
            Duration::from_secs(2),
        );
        println!(
            "  {label:<36} plain score            {:>10}  (median of {n})",
            fmt(t)
        );
        let (t, n) = time(
            || drop(attrib::score(c, &index, &full).unwrap()),
            5,
            Duration::from_secs(4),
        );
        println!(
            "  {label:<36} 2,000 MC + sensitivity {:>10}  (median of {n})",
            fmt(t)
        );
        let mc = ScoreOptions {
            sensitivity: false,
            ..Default::default()
        };
        let (t, n) = time(
            || drop(attrib::score(c, &index, &mc).unwrap()),
            5,
            Duration::from_secs(2),
        );
        println!(
            "  {label:<36} 2,000 MC only          {:>10}  (median of {n})",
            fmt(t)
        );
        let sens = ScoreOptions {
            samples: Some(0),
            ..Default::default()
        };
        let (t, n) = time(
            || drop(attrib::score(c, &index, &sens).unwrap()),
            5,
            Duration::from_secs(2),
        );
        println!(
            "  {label:<36} sensitivity only       {:>10}  (median of {n})",
            fmt(t)
        );
    }
}
