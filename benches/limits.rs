//! The cost of the largest inputs the limits allow: prints the worst time and the peak heap of
//! each, asserts nothing (these machines are noisy). `make bench-limits`.
//!
//! Every case is generated here, scored against build/pack.json with every profile competing,
//! Monte Carlo and sensitivity on, and timed from its file's bytes to the result (parse, validate,
//! score). The pack is loaded once; its own cost is the first line. Each time is the fastest and
//! the slowest of three runs (the gap is the machine's noise); memory is the largest heap in use
//! during a run, counted by this binary's allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use attrib::case::{Case, MAX_CASE_BYTES, MAX_HYPOTHESES, MAX_OBSERVATIONS, MAX_STRING_CHARS};
use attrib::model::budget::{MAX_PAIRS, SENSITIVITY_PAIRS};
use attrib::{index::Index, Pack, ScoreOptions};
use serde_json::{json, Value};

/// The system allocator, counting the bytes in use and their high-water mark.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            let now = IN_USE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            if new_size >= layout.size() {
                let now = IN_USE.fetch_add(new_size - layout.size(), Ordering::Relaxed)
                    + (new_size - layout.size());
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                IN_USE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Run `f` three times: the fastest and the slowest time, and the largest heap growth over what
/// was in use before.
fn measure<T>(mut f: impl FnMut() -> T) -> (Duration, usize, T) {
    let mut best = Duration::MAX;
    let mut worst = Duration::ZERO;
    let mut peak = 0;
    let mut out = None;
    for _ in 0..3 {
        drop(out.take());
        let base = IN_USE.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let t = Instant::now();
        let r = f();
        best = best.min(t.elapsed());
        worst = worst.max(t.elapsed());
        peak = peak.max(PEAK.load(Ordering::Relaxed) - base);
        out = Some(r);
    }
    FASTEST.with(|f| f.set(best));
    (worst, peak, out.expect("ran"))
}

thread_local! {
    /// The fastest of the last [`measure`]'s runs, for [`row`].
    static FASTEST: std::cell::Cell<Duration> = const { std::cell::Cell::new(Duration::ZERO) };
}

/// "accepted" or the error's message.
fn outcome<T>(r: Result<T, attrib::Error>) -> String {
    match r {
        Ok(_) => "accepted".into(),
        Err(e) => e.to_string(),
    }
}

fn row(label: &str, t: Duration, bytes: usize, note: &str) {
    let best = FASTEST.with(|f| f.get());
    println!(
        "  {label:<52} {:>6.0} /{:>6.0} ms {:>7.1} MB  {note}",
        best.as_secs_f64() * 1e3,
        t.as_secs_f64() * 1e3,
        bytes as f64 / 1e6
    );
}

/// A mixed observation of every kind, varied by `i`, using what the pack knows.
fn observation(pack: &Pack, i: usize, note: Option<&str>) -> Value {
    let grade = ["A", "B", "C", "D", "E", "F"][i % 6];
    let (kind, value) = match i % 10 {
        0 | 1 => (
            "technique",
            pack.techniques[i % pack.techniques.len()].id.to_string(),
        ),
        2 => (
            "software",
            pack.software[i % pack.software.len()].id.to_string(),
        ),
        3 => ("software", format!("unknown-tool-{i}")),
        4 => (
            "victim-country",
            ["KR", "US", "JP", "DE", "GB", "IN"][i % 6].to_string(),
        ),
        5 => ("victim-sector", attrib::case::SECTORS[i % 34].to_string()),
        6 => (
            "activity-time",
            format!(
                "2017-{:02}-{:02}T{:02}:{:02}:00Z",
                1 + i % 12,
                1 + i % 28,
                i % 24,
                i % 60
            ),
        ),
        7 => (
            "infrastructure",
            format!("ip:175.45.{}.{}", 176 + i % 4, i % 250),
        ),
        8 => (
            "language",
            ["ko", "zh", "ru", "fa", "en"][i % 5].to_string(),
        ),
        _ => ("motivation", attrib::case::MOTIVATIONS[i % 5].to_string()),
    };
    let mut o = json!({"kind": kind, "value": value,
        "source": {"name": "bench", "reliability": grade, "credibility": 1 + i % 6}});
    if let Some(n) = note {
        o["note"] = json!(n);
    }
    o
}

fn case_text(observations: Vec<Value>, samples: Option<u64>) -> Vec<u8> {
    let mut c = json!({"attrib": 1, "title": "limits", "observations": observations,
        "settings": {"seed": 1, "deception": 0.2}});
    if let Some(s) = samples {
        c["settings"]["samples"] = json!(s);
    }
    serde_json::to_vec(&c).unwrap()
}

/// Parse, validate and score a case file's bytes.
fn score_file(
    index: &Index,
    bytes: &[u8],
    opts: &ScoreOptions,
) -> Result<attrib::ScoreResult, attrib::Error> {
    let case = Case::from_json(bytes)?;
    attrib::score(&case, index, opts)
}

fn scored(label: &str, index: &Index, bytes: &[u8], opts: &ScoreOptions) {
    let (t, m, r) = measure(|| score_file(index, bytes, opts));
    let note = match r {
        Ok(r) => format!(
            "{} obs, {} hyp, {} samples{}, {} flips",
            r.settings.observations,
            r.settings.hypotheses,
            r.settings.samples,
            if r.warnings.iter().any(|w| w.starts_with("monte carlo")) {
                " (cut)"
            } else {
                ""
            },
            r.flips.iter().filter(|f| f.weight.is_some()).count()
        ),
        Err(e) => format!("error: {e}"),
    };
    row(label, t, m, &note);
}

/// `n` techniques that only one of two close rivals (Lazarus Group, APT38) uses, `a` of one for
/// every `b` of the other, graded A1: each favours one rival, which keeps the flip search busy
/// when the two nearly tie.
fn rivals(pack: &Pack, n: usize, a: usize, b: usize, grade: (&str, u8)) -> Vec<Value> {
    let x = pack.profile("G0032").expect("Lazarus in the pack");
    let y = pack.profile("G0082").expect("APT38 in the pack");
    let only = |x: &attrib::Profile, y: &attrib::Profile| -> Vec<String> {
        x.techniques
            .iter()
            .filter(|t| !y.techniques.contains(t))
            .map(|t| t.to_string())
            .collect()
    };
    let (tx, ty) = (only(x, y), only(y, x));
    (0..n)
        .map(|i| {
            let v = if i % (a + b) < a {
                &tx[i % tx.len()]
            } else {
                &ty[i % ty.len()]
            };
            json!({"kind": "technique", "value": v,
                "source": {"reliability": grade.0, "credibility": grade.1}})
        })
        .collect()
}

/// Of the mixes of [`rivals`], the case with the most observations that flip the leader alone.
fn worst_rivals(index: &Index, n: usize, hypotheses: Option<&[String]>) -> Vec<u8> {
    let sensitivity_only = ScoreOptions {
        samples: Some(0),
        ..Default::default()
    };
    let make = |a, b, g| {
        let obs = rivals(index.pack(), n, a, b, g);
        let mut c: Value = serde_json::from_slice(&case_text(obs, None)).unwrap();
        if let Some(h) = hypotheses {
            c["hypotheses"] = json!(h);
        }
        serde_json::to_vec(&c).unwrap()
    };
    let mut best = (0, make(1, 1, ("A", 1)));
    for g in [("A", 1), ("C", 3), ("E", 5), ("F", 6)] {
        for a in 1..=5 {
            for b in 1..=5 {
                let text = make(a, b, g);
                let r = score_file(index, &text, &sensitivity_only).unwrap();
                let flips = r.flips.iter().filter(|f| f.weight.is_some()).count();
                if flips > best.0 {
                    best = (flips, text);
                }
            }
        }
    }
    best.1
}

/// A STIX bundle of `n` intrusion sets, each `attributed-to` the next.
fn attributed_chain(n: usize) -> String {
    let mut objects: Vec<Value> = (0..n)
        .map(|i| {
            json!({"type": "intrusion-set", "id": format!("intrusion-set--{i}"), "name": format!("g{i}"),
            "external_references": [{"source_name": "mitre-attack", "external_id": format!("G{i:05}")}]})
        })
        .collect();
    objects.extend((1..n).map(|i| {
        json!({"type": "relationship", "id": format!("relationship--{i}"), "relationship_type": "attributed-to",
        "source_ref": format!("intrusion-set--{}", i - 1), "target_ref": format!("intrusion-set--{i}")})
    }));
    json!({"type": "bundle", "id": "bundle--chain", "objects": objects}).to_string()
}

/// A STIX bundle of `n` techniques, each revoked by the next, and a group using the first.
fn revoked_chain(n: usize) -> String {
    let tid = |i: usize| format!("T{:04}.{:03}", 1000 + i / 1000, i % 1000);
    let mut objects = vec![
        json!({"type": "intrusion-set", "id": "intrusion-set--g", "name": "g",
        "external_references": [{"source_name": "mitre-attack", "external_id": "G0001"}]}),
    ];
    objects.extend((0..n).map(|i| {
        json!({"type": "attack-pattern", "id": format!("attack-pattern--{i}"), "name": format!("t{i}"),
        "revoked": i + 1 < n,
        "external_references": [{"source_name": "mitre-attack", "external_id": tid(i)}]})
    }));
    objects.extend((1..n).map(|i| {
        json!({"type": "relationship", "id": format!("relationship--{i}"), "relationship_type": "revoked-by",
        "source_ref": format!("attack-pattern--{}", i - 1), "target_ref": format!("attack-pattern--{i}")})
    }));
    objects.push(
        json!({"type": "relationship", "id": "relationship--use", "relationship_type": "uses",
        "source_ref": "intrusion-set--g", "target_ref": "attack-pattern--0"}),
    );
    json!({"type": "bundle", "id": "bundle--revoked", "objects": objects}).to_string()
}

fn main() {
    let root = env!("CARGO_MANIFEST_DIR");
    let Ok(bytes) = std::fs::read(format!("{root}/build/pack.json")) else {
        println!("build/pack.json is missing: run `make pack` first");
        return;
    };
    println!(
        "attrib limits benchmark: fastest / slowest of 3 runs and peak heap, from the case file's"
    );
    println!("bytes to the result, the whole pack competing, Monte Carlo and sensitivity on");
    let (t, m, pack) = measure(|| Pack::from_json(&bytes).unwrap());
    row("load the pack (parse, check)", t, m, "");
    let (t, m, index) = measure(|| Index::new(pack.clone(), None).unwrap());
    let profiles = format!("{} profiles", pack.profiles.len());
    row("index the pack", t, m, &profiles);

    let full = ScoreOptions::default();
    let max_samples = Some(attrib::case::MAX_SAMPLES);
    let mixed: Vec<Value> = (0..MAX_OBSERVATIONS)
        .map(|i| observation(&pack, i, None))
        .collect();
    let many = case_text(mixed.clone(), max_samples);
    println!("observations: 10,000 (the limit), of every kind");
    let default_samples = case_text(mixed.clone(), None);
    scored("default options", &index, &default_samples, &full);
    scored("100,000 samples", &index, &many, &full);
    let all_listed = ScoreOptions {
        top: 0,
        ..Default::default()
    };
    scored(
        "100,000 samples, --top 0 (list all)",
        &index,
        &many,
        &all_listed,
    );
    let every: Vec<usize> = (0..MAX_OBSERVATIONS).collect();
    let planted = ScoreOptions {
        planted: Some(every.clone()),
        ..Default::default()
    };
    scored(
        "100,000 samples, all suspected planted",
        &index,
        &many,
        &planted,
    );
    let excluded = ScoreOptions {
        excluded: Some(every[..MAX_OBSERVATIONS - 1].to_vec()),
        ..Default::default()
    };
    scored(
        "100,000 samples, all but one excluded",
        &index,
        &many,
        &excluded,
    );
    let times: Vec<Value> = (0..MAX_OBSERVATIONS)
        .map(|i| observation(&pack, i / 10 * 10 + 6, None))
        .collect();
    let times = case_text(times, max_samples);
    scored("100,000 samples, all activity times", &index, &times, &full);

    println!("sensitivity: the most pairs it runs on, with the most flips to search");
    let empty = attrib::Case::new(Vec::new());
    let with_data = attrib::score(&empty, &index, &full)
        .unwrap()
        .settings
        .hypotheses;
    let n = (SENSITIVITY_PAIRS / with_data as u64) as usize;
    let label = format!("{n} observations of two rivals, whole pack");
    scored(&label, &index, &worst_rivals(&index, n, None), &full);
    let mut listed: Vec<String> = vec!["G0032".into(), "G0082".into()];
    let others: Vec<String> = pack
        .profiles
        .iter()
        .filter(|p| !p.techniques.is_empty() && !listed.iter().any(|l| *l == p.id))
        .take(23)
        .map(|p| p.id.to_string())
        .collect();
    listed.extend(others);
    let label = "10,000 observations of two rivals, 25 hypotheses";
    let case = worst_rivals(&index, MAX_OBSERVATIONS, Some(&listed));
    scored(label, &index, &case, &full);

    println!("samples: 100,000 (the limit)");
    let small: Vec<Value> = (0..500).map(|i| observation(&pack, i, None)).collect();
    scored(
        "500 observations",
        &index,
        &case_text(small, max_samples),
        &full,
    );

    println!("file size: 5 MB (the limit)");
    let note = "n".repeat(380);
    let big: Vec<Value> = (0..MAX_OBSERVATIONS)
        .map(|i| observation(&pack, i, Some(&note)))
        .collect();
    let big = case_text(big, max_samples);
    assert!(big.len() <= MAX_CASE_BYTES, "{} bytes", big.len());
    let label = format!(
        "{:.2} MB: 10,000 observations with notes",
        big.len() as f64 / 1e6
    );
    scored(&label, &index, &big, &full);

    println!("strings: 2,000 characters (the limit)");
    let n = MAX_CASE_BYTES / (MAX_STRING_CHARS + 80);
    let long: Vec<Value> = (0..n)
        .map(|i| {
            let name = format!("{i:05}{}", "x".repeat(MAX_STRING_CHARS - 5));
            json!({"kind": "software", "value": name})
        })
        .collect();
    let label = format!("{n} unknown software names of 2,000 characters");
    scored(&label, &index, &case_text(long, max_samples), &full);

    println!("hypotheses: 2,000 (the limit); pairs: 5,000,000 (the limit)");
    let ids: Vec<String> = pack.profiles.iter().map(|p| p.id.to_string()).collect();
    let n = (MAX_PAIRS / ids.len() as u64) as usize;
    let mut c: Value =
        serde_json::from_slice(&case_text(mixed[..n].to_vec(), max_samples)).unwrap();
    c["hypotheses"] = json!(ids);
    let label = format!("all {} profiles listed, {n} observations", ids.len());
    scored(&label, &index, &serde_json::to_vec(&c).unwrap(), &full);
    c["observations"] = json!(mixed);
    let label = format!("all {} profiles listed, 10,000 observations", ids.len());
    scored(&label, &index, &serde_json::to_vec(&c).unwrap(), &full);
    let longest: Vec<String> = (0..MAX_HYPOTHESES).map(|i| format!("X-{i:06}")).collect();
    let text = json!({"attrib": 1, "observations": [], "hypotheses": longest}).to_string();
    let (t, m, r) = measure(|| Case::from_json(text.as_bytes()).map(|_| ()));
    row("2,000 ids (parse and validate)", t, m, &outcome(r));
    let huge: Vec<String> = (0..480_000).map(|i| format!("X{i:06}")).collect();
    let text = json!({"attrib": 1, "observations": [], "hypotheses": huge}).to_string();
    let (t, m, r) = measure(|| Case::from_json(text.as_bytes()).map(|_| ()));
    let label = format!("a list of {:.1} MB", text.len() as f64 / 1e6);
    row(&label, t, m, &outcome(r));

    println!("STIX import (pack building, outside the case limits)");
    let chains = [
        ("attributed-to chain of 20,000", attributed_chain(20_000)),
        ("revoked-by chain of 20,000", revoked_chain(20_000)),
    ];
    for (label, text) in chains {
        let (t, m, r) = measure(|| attrib::packer::stix::import(&text));
        let note = match r {
            Ok(i) => format!(
                "{} profiles, {} replaced",
                i.pack.profiles.len(),
                i.pack.replaced.len()
            ),
            Err(e) => e.to_string(),
        };
        row(label, t, m, &note);
    }
    let bomb = {
        use std::io::Write;
        let zeros = vec![0u8; 1 << 20];
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        for _ in 0..1024 {
            enc.write_all(&zeros).unwrap();
        }
        enc.finish().unwrap()
    };
    let limit = attrib::packer::stix::MAX_BUNDLE_BYTES;
    let (t, m, r) = measure(|| attrib::packer::gunzip(&bomb, "bomb.json.gz", limit));
    let label = format!("gzip: {:.1} MB expanding to 1 GiB", bomb.len() as f64 / 1e6);
    row(&label, t, m, &outcome(r));
}
