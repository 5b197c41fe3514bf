//! What every target checks once it has something to score: the score ends, and its result
//! keeps the model's invariants and serialises.
#![allow(dead_code)]

use std::sync::OnceLock;

use attrib::case::{Case, Kind, Observation};
use attrib::index::Index;
use attrib::{Pack, ScoreOptions, ScoreResult};

/// The fixture pack's index, built once per process.
pub fn fixture() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| Index::new(Pack::fixture(), None).expect("the fixture pack indexes"))
}

/// Score `case` with small, input-dependent options; check the result or the error.
pub fn check_score(case: &Case, index: &Index) {
    let n = case.observations.len();
    let asked = case.settings.as_ref().and_then(|s| s.samples).unwrap_or(40);
    let opts = ScoreOptions {
        samples: Some(asked.min(40)),
        excluded: Some((0..n).step_by(3).collect()),
        planted: Some((1..n).step_by(4).collect()),
        top: n % 4 * 3,
        ..Default::default()
    };
    match attrib::score(case, index, &opts) {
        Ok(r) => {
            check_result(&r);
            check_exports(case, index, &r);
        }
        Err(e) => assert!(!e.message().contains('\n'), "one-line errors: {e}"),
    }
    // Unknown suspects are an error; let every profile compete as well.
    if case.hypotheses.is_some() {
        let mut open = case.clone();
        open.hypotheses = None;
        if let Ok(r) = attrib::score(&open, index, &opts) {
            check_result(&r);
        }
    }
}

/// Probabilities are finite, within [0, 1] and sum to one; contributions add up to the score;
/// the result serialises to JSON that reads back.
pub fn check_result(r: &ScoreResult) {
    let mut total = r.unlisted.probability + r.others.as_ref().map_or(0.0, |o| o.probability);
    for h in &r.hypotheses {
        assert!(
            h.probability.is_finite() && (0.0..=1.0).contains(&h.probability),
            "{} has probability {}",
            h.id,
            h.probability
        );
        total += h.probability;
        let sum: f64 = h.contributions.iter().map(|c| c.log_lr).sum();
        let gap = (h.log_prior + sum - h.score).abs();
        assert!(
            gap <= 1e-9 * h.score.abs().max(1.0),
            "{}: contributions off by {gap}",
            h.id
        );
    }
    assert!((total - 1.0).abs() < 1e-9, "probabilities sum to {total}");
    let json = serde_json::to_string(r).expect("a result serialises");
    serde_json::from_str::<serde_json::Value>(&json).expect("and reads back");
}

/// The exports of a scored case: the STIX bundle reads back as a pack, and the Navigator layer
/// is made or refused with a one-line error.
pub fn check_exports(case: &Case, index: &Index, r: &ScoreResult) {
    let bundle = attrib::export::stix_bundle(case, index, r, "2024-01-02T03:04:05Z")
        .expect("a scored case exports as STIX");
    let text = serde_json::to_string(&bundle).expect("a bundle serialises");
    if let Err(e) = attrib::packer::stix::import(&text) {
        panic!("an exported bundle reads back: {e}");
    }
    if let Err(e) = attrib::export::navigator_layer(case, index, r, None) {
        assert!(!e.message().contains('\n'), "one-line errors: {e}");
    }
}

/// A case that touches what `pack` has: its first technique and software, and a fixed set of
/// values of every other kind.
pub fn probe_case(pack: &Pack) -> Case {
    let mut obs = vec![
        Observation::new(Kind::Technique, "T1566.001"),
        Observation::new(Kind::Software, "mimikatz"),
        Observation::new(Kind::VictimCountry, "KR"),
        Observation::new(Kind::VictimSector, "financial-services"),
        Observation::new(Kind::ActivityTime, "2017-05-23T01:12:00Z"),
        Observation::new(Kind::Motivation, "financial"),
        Observation::new(Kind::Infrastructure, "ip:175.45.178.1"),
        Observation::new(Kind::Language, "ko"),
    ];
    if let Some(t) = pack.techniques.first() {
        obs.push(Observation::new(Kind::Technique, t.id.clone()));
    }
    if let Some(s) = pack.software.first() {
        obs.push(Observation::new(Kind::Software, s.id.clone()).graded("probe", 'B', 2));
    }
    Case::new(obs)
}
