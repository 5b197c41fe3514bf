//! Property tests of the model's promises (MODEL.md principles 1, 3, 4, 8).

mod common;

use attrib::case::{Case, Kind, Observation};
use attrib::ScoreOptions;
use proptest::prelude::*;

const POOL: &[(Kind, &str)] = &[
    (Kind::Technique, "T1566.001"),
    (Kind::Technique, "T1566"),
    (Kind::Technique, "T1566.002"),
    (Kind::Technique, "T1485"),
    (Kind::Technique, "T1003.001"),
    (Kind::Technique, "T1021.001"),
    (Kind::Technique, "T1657"),
    (Kind::Technique, "T1999"),
    (Kind::Software, "S0002"),
    (Kind::Software, "Cobalt Strike"),
    (Kind::Software, "BADCALL"),
    (Kind::Software, "UnknownThing"),
    (Kind::VictimCountry, "KR"),
    (Kind::VictimCountry, "UA"),
    (Kind::VictimCountry, "BR"),
    (Kind::VictimSector, "financial-services"),
    (Kind::VictimSector, "energy"),
    (Kind::Motivation, "financial"),
    (Kind::Motivation, "espionage"),
    (Kind::Language, "ko"),
    (Kind::Language, "ru"),
    (Kind::ActivityTime, "2017-05-23T01:12:00Z"),
    (Kind::ActivityTime, "2017-05-27T19:00:00Z"),
    (Kind::Infrastructure, "ip:175.45.178.1"),
    (Kind::Infrastructure, "domain:example.org"),
];

/// Features that exactly one fixture profile lists, with that profile.
const UNIQUE: &[(Kind, &str, &str)] = &[
    (Kind::Software, "ROKRAT", "G0067"),
    (Kind::Software, "BabyShark", "G0094"),
    (Kind::Software, "Carbanak", "G0008"),
    (Kind::Software, "Olympic Destroyer", "G0034"),
];

const GRADES: &[(char, u8)] = &[('A', 1), ('B', 2), ('C', 3), ('D', 4), ('E', 5), ('F', 6)];

fn observation() -> impl Strategy<Value = Observation> {
    (0..POOL.len(), 0..GRADES.len()).prop_map(|(i, g)| {
        let (kind, value) = POOL[i];
        let (r, c) = GRADES[g];
        Observation::new(kind, value).graded("prop", r, c)
    })
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec(observation(), 0..12),
        0.0..0.5f64,
        0.01..0.6f64,
    )
        .prop_map(|(obs, d, u)| {
            let mut c = Case::new(obs);
            c.settings = Some(attrib::case::Settings {
                deception: Some(d),
                unlisted_prior: Some(u),
                ..Default::default()
            });
            c
        })
}

fn opts() -> ScoreOptions {
    ScoreOptions {
        samples: Some(40),
        seed: Some(3),
        top: 0,
        ..Default::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn probabilities_sum_to_one(c in case()) {
        let r = attrib::score(&c, &common::fixture_index(), &opts()).unwrap();
        let total: f64 = r.hypotheses.iter().map(|h| h.probability).sum::<f64>() + r.unlisted.probability;
        prop_assert!((total - 1.0).abs() < 1e-9, "{}", total);
        let sponsor: f64 = r.levels.sponsor.iter().map(|l| l.probability).sum();
        prop_assert!((sponsor - 1.0).abs() < 1e-9);
        for h in &r.hypotheses {
            let parts: f64 = h.log_prior + h.contributions.iter().map(|c| c.log_lr).sum::<f64>();
            prop_assert!((parts - h.score).abs() < 1e-9);
            prop_assert!(h.interval[0] <= h.interval[1]);
        }
    }

    #[test]
    fn permuting_observations_changes_nothing(c in case(), seed in any::<u64>()) {
        let index = common::fixture_index();
        let mut shuffled = c.clone();
        // A seeded Fisher-Yates shuffle, remembering where each observation went.
        let n = shuffled.observations.len();
        let mut perm: Vec<usize> = (0..n).collect();
        let mut rng = attrib::model::Rng::new(seed, 99);
        for i in (1..n).rev() {
            let j = (rng.next_u64() % (i as u64 + 1)) as usize;
            perm.swap(i, j);
        }
        shuffled.observations = perm.iter().map(|&i| c.observations[i].clone()).collect();
        let a = attrib::score(&c, &index, &opts()).unwrap();
        let b = attrib::score(&shuffled, &index, &opts()).unwrap();
        prop_assert_eq!(a.hypotheses.len(), b.hypotheses.len());
        for (x, y) in a.hypotheses.iter().zip(&b.hypotheses) {
            prop_assert_eq!(&x.id, &y.id);
            prop_assert_eq!(x.probability.to_bits(), y.probability.to_bits());
            prop_assert_eq!(x.interval, y.interval);
            // Contribution of original observation k equals that of its new position.
            for cx in &x.contributions {
                let new_pos = perm.iter().position(|&p| p == cx.observation).unwrap();
                let cy = y.contributions.iter().find(|c| c.observation == new_pos).unwrap();
                prop_assert_eq!(cx.log_lr.to_bits(), cy.log_lr.to_bits());
            }
        }
        prop_assert_eq!(a.unlisted.probability.to_bits(), b.unlisted.probability.to_bits());
        prop_assert_eq!(a.leader_stability, b.leader_stability);
        prop_assert_eq!(a.statement, b.statement);
    }

    #[test]
    fn evidence_only_h_explains_never_lowers_h(c in case(), u in 0..UNIQUE.len(), g in 0..GRADES.len()) {
        let index = common::fixture_index();
        let (kind, value, h) = UNIQUE[u];
        let (r, cr) = GRADES[g];
        let mut more = c.clone();
        more.observations.push(Observation::new(kind, value).graded("prop", r, cr));
        let point = ScoreOptions { samples: Some(0), sensitivity: false, top: 0, ..Default::default() };
        let p = |case: &Case| {
            attrib::score(case, &index, &point).unwrap().hypotheses.iter().find(|x| x.id == h).unwrap().probability
        };
        let (before, after) = (p(&c), p(&more));
        prop_assert!(after >= before - 1e-12, "{} fell from {} to {}", h, before, after);
    }

    #[test]
    fn poor_grades_pull_towards_zero(i in 0..POOL.len(), d in 0.0..0.5f64) {
        let index = common::fixture_index();
        let (kind, value) = POOL[i];
        let single = |r: char, cr: u8| {
            let mut c = Case::new(vec![Observation::new(kind, value).graded("prop", r, cr)]);
            c.settings = Some(attrib::case::Settings { deception: Some(d), ..Default::default() });
            attrib::score(&c, &index, &ScoreOptions { samples: Some(0), top: 0, ..Default::default() }).unwrap()
        };
        let (a1, f6) = (single('A', 1), single('F', 6));
        for ha in &a1.hypotheses {
            let hf = f6.hypotheses.iter().find(|x| x.id == ha.id).unwrap();
            let (x, y) = (ha.contributions[0].log_lr, hf.contributions[0].log_lr);
            prop_assert!(y.abs() <= x.abs() + 1e-12, "{}: F/6 {} vs A/1 {}", ha.id, y, x);
            prop_assert!(x * y >= 0.0, "same direction");
        }
    }

    #[test]
    fn same_seed_same_bytes(c in case(), seed in any::<u64>()) {
        let index = common::fixture_index();
        let o = ScoreOptions { samples: Some(100), seed: Some(seed), ..Default::default() };
        let a = serde_json::to_string(&attrib::score(&c, &index, &o).unwrap()).unwrap();
        let b = serde_json::to_string(&attrib::score(&c, &index, &o).unwrap()).unwrap();
        prop_assert_eq!(a, b);
    }
}

/// One reader's session: `steps` changes to a case (toggles, grades, settings, suspects and
/// options, as the page makes them), each re-scored by one [`attrib::model::Session`] and by a
/// fresh [`attrib::score`]; the two must give the same bytes every time.
fn session_walk(index: &attrib::index::Index, pool: &[(Kind, &str)], ids: &[String], seed: u64) {
    use attrib::model::{Rng, Session};
    let mut rng = Rng::new(seed, 11);
    let mut pick = |n: usize| (rng.next_u64() % n.max(1) as u64) as usize;
    let mut session = Session::new();
    let n = 1 + pick(10);
    let mut c = Case::new(
        (0..n)
            .map(|_| {
                let (kind, value) = pool[pick(pool.len())];
                let (r, cr) = GRADES[pick(GRADES.len())];
                Observation::new(kind, value).graded("walk", r, cr)
            })
            .collect(),
    );
    let mut o = ScoreOptions {
        samples: Some(60),
        seed: Some(seed),
        ..Default::default()
    };
    for step in 0..14 {
        let n = c.observations.len();
        let analysis = c.analysis.get_or_insert_with(Default::default);
        let settings = c.settings.get_or_insert_with(Default::default);
        match pick(11) {
            0 => {
                let i = pick(n);
                match analysis.excluded.iter().position(|&x| x == i) {
                    Some(k) => drop(analysis.excluded.remove(k)),
                    None => analysis.excluded.push(i),
                }
            }
            1 => {
                let i = pick(n);
                match analysis.planted.iter().position(|&x| x == i) {
                    Some(k) => drop(analysis.planted.remove(k)),
                    None => analysis.planted.push(i),
                }
            }
            2 | 3 => {
                let (r, cr) = GRADES[pick(GRADES.len())];
                let i = pick(n);
                let (kind, value) = (c.observations[i].kind, c.observations[i].value.clone());
                c.observations[i] = Observation::new(kind, value).graded("walk", r, cr);
            }
            4 => settings.deception = Some([0.0, 0.05, 0.2, 0.45][pick(4)]),
            5 => settings.unlisted_prior = Some([0.02, 0.15, 0.4][pick(3)]),
            6 => {
                c.hypotheses = if c.hypotheses.is_some() || ids.is_empty() {
                    None
                } else {
                    Some(
                        (0..1 + pick(6))
                            .map(|_| ids[pick(ids.len())].clone())
                            .collect::<std::collections::BTreeSet<_>>()
                            .into_iter()
                            .collect(),
                    )
                }
            }
            7 => {
                analysis.focus = (0..pick(3))
                    .map(|_| ids[pick(ids.len())].clone())
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect()
            }
            8 => {
                let (kind, value) = pool[pick(pool.len())];
                c.observations
                    .push(Observation::new(kind, value).graded("walk", 'C', 3));
            }
            9 => {
                o.samples = Some([0, 30, 60][pick(3)]);
                o.sensitivity = pick(2) == 0;
                o.top = [0, 3, 25][pick(3)];
            }
            _ => {
                o.seed = Some(rng_seed(seed, step));
                o.excluded = (pick(3) == 0).then(|| vec![pick(n)]);
                o.planted = (pick(3) == 0).then(|| vec![pick(n)]);
            }
        }
        let kept = session
            .score(&c, index, &o)
            .map(|r| serde_json::to_string(&r).unwrap());
        let fresh = attrib::score(&c, index, &o).map(|r| serde_json::to_string(&r).unwrap());
        match (kept, fresh) {
            (Ok(a), Ok(b)) => assert!(
                a == b,
                "seed {seed}, step {step}: the session's result differs"
            ),
            (Err(a), Err(b)) => assert_eq!(a.message(), b.message()),
            (a, b) => panic!("seed {seed}, step {step}: {:?} vs {:?}", a.err(), b.err()),
        }
    }
}

fn rng_seed(seed: u64, step: u64) -> u64 {
    seed.rotate_left(17) ^ step.wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// A session's re-scores are a fresh score's bytes, whatever the reader changes in between.
    #[test]
    fn session_rescores_equal_fresh_scores(seed in any::<u64>()) {
        let index = common::fixture_index();
        let ids: Vec<String> = index.pack().profiles.iter().map(|p| p.id.to_string()).collect();
        session_walk(&index, POOL, &ids, seed);
    }
}

/// The same against the real pack, every profile competing (the page's default), and one
/// session across two packs: the cache must not carry over from one to the other.
#[test]
fn session_rescores_equal_fresh_scores_on_the_real_pack() {
    let Some(pack) = common::real_pack() else {
        return;
    };
    let real = attrib::index::Index::new(pack, None).unwrap();
    let ids: Vec<String> = [
        "G0032", "G0082", "G0138", "G0067", "G0094", "G0008", "G1049",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for seed in 0..6 {
        session_walk(&real, POOL, &ids, seed);
    }
    let fixture = common::fixture_index();
    let mut session = attrib::model::Session::new();
    let c = Case::new(
        POOL.iter()
            .take(9)
            .map(|&(k, v)| common::obs(k, v))
            .collect(),
    );
    let o = ScoreOptions {
        samples: Some(50),
        ..Default::default()
    };
    for index in [&real, &fixture, &real] {
        let kept = serde_json::to_string(&session.score(&c, index, &o).unwrap()).unwrap();
        let fresh = serde_json::to_string(&attrib::score(&c, index, &o).unwrap()).unwrap();
        assert!(kept == fresh);
    }
}

/// A case the page holds in wasm is the parsed case itself, where it used to be parsed again from
/// its JS form: that is the same case, because a valid case reads back unchanged.
#[test]
fn a_valid_case_reads_back_unchanged() {
    for entry in std::fs::read_dir(common::root().join("data/cases")).unwrap() {
        let path = entry.unwrap().path();
        let case = Case::from_json(&std::fs::read(&path).unwrap()).unwrap();
        let again = Case::from_value(&serde_json::to_value(&case).unwrap()).unwrap();
        assert_eq!(case, again, "{}", path.display());
    }
}
