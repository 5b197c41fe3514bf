//! Cross-validation hygiene: folds are disjoint, every campaign is tested exactly once, no
//! campaign is in both the fitting set and the set it is evaluated on, and the fold-out really
//! removes a campaign's own evidence.

#[path = "eval_common.rs"]
mod common;

use std::collections::BTreeSet;

use attrib::eval::{cases, fit, FAST};
use attrib::index::Index;
use attrib::{score, Params};

#[test]
fn leave_one_campaign_out_folds_are_disjoint_and_cover_everything() {
    let pack = common::synthetic_pack(6, 7);
    let ids: Vec<String> = pack.campaigns.iter().map(|c| c.id.clone()).collect();
    let folds = fit::leave_one_out(&ids);
    assert_eq!(folds.len(), ids.len());
    let mut tested = BTreeSet::new();
    for f in &folds {
        let train: BTreeSet<&String> = f.train.iter().collect();
        let test: BTreeSet<&String> = f.test.iter().collect();
        assert!(
            train.is_disjoint(&test),
            "a campaign is both fitted on and tested: {f:?}"
        );
        assert_eq!(train.len() + test.len(), ids.len());
        for t in &f.test {
            assert!(tested.insert(t.clone()), "{t} is tested twice");
        }
    }
    assert_eq!(tested, ids.iter().cloned().collect());
}

#[test]
fn the_evaluation_fits_each_fold_without_its_test_campaign() {
    let pack = common::synthetic_pack(5, 11);
    let e = attrib::eval::evaluate(&pack, &common::small_config()).unwrap();
    assert_eq!(e.fit.folds.len(), pack.campaigns.len());
    for f in &e.fit.folds {
        assert_eq!(f.fold.test.len(), 1);
        assert!(!f.fold.train.contains(&f.fold.test[0]));
        assert_eq!(f.fold.train.len(), pack.campaigns.len() - 1);
    }
    // Test sets partition the campaigns.
    let tested: Vec<&String> = e.fit.folds.iter().flat_map(|f| &f.fold.test).collect();
    let set: BTreeSet<&String> = tested.iter().copied().collect();
    assert_eq!(tested.len(), set.len());
    assert_eq!(set.len(), pack.campaigns.len());
    // Per-case lines are the nested results, in fold order.
    for (f, c) in e.fit.folds.iter().zip(&e.campaigns.cases) {
        assert_eq!(f.fold.test[0], c.attrib.id);
    }
}

#[test]
fn fold_out_removes_the_campaigns_own_features_and_nothing_else() {
    let pack = common::synthetic_pack(4, 3);
    let c = &pack.campaigns[0];
    let g = &c.attributed_to[0];
    let before = pack.profile(g).unwrap();
    let own = before.campaign_features[&c.id].clone();
    assert!(!own.is_empty());
    let out = cases::fold_out(&pack, c);
    let after = out.profile(g).unwrap();
    for f in &own {
        assert!(
            !after.techniques.contains(f) && !after.software.contains(f),
            "{f} still in the profile"
        );
    }
    assert_eq!(after.techniques.len() + own.len(), before.techniques.len());
    assert!(!after.campaign_features.contains_key(&c.id));
    assert!(out.campaigns.iter().all(|x| x.id != c.id));
    // Other profiles untouched.
    for (a, b) in pack.profiles.iter().zip(&out.profiles) {
        if &a.id != g {
            assert_eq!(a, b);
        }
    }
}

#[test]
fn open_world_pack_drops_the_group_and_stays_valid() {
    let pack = attrib::Pack::fixture();
    // Lazarus is the parent of nobody in the fixture, but APT38 may point to it; either way the
    // result must pass the pack checks.
    let out = cases::without(&pack, &["G0032".to_string(), "X-DPRK".to_string()]);
    assert!(out.profile("G0032").is_none());
    assert!(out.profile("X-DPRK").is_none());
    out.check().unwrap();
    assert!(out
        .profiles
        .iter()
        .all(|p| p.parent.as_deref() != Some("X-DPRK")));
}

#[test]
fn surrogate_reproduces_the_model() {
    // The fit's shortcut must give exactly the model's posterior for the truth.
    let pack = common::synthetic_pack(6, 5);
    let base = Params::default();
    let c = &pack.campaigns[3];
    let folded = cases::fold_out(&pack, c);
    let ec = cases::campaign_case(c);
    let outer = fit::Outer {
        leak: 0.15,
        k_technique: 20.0,
        k_software: 4.0,
    };
    let raw_index = Index::new(folded.clone(), Some(fit::raw_params(&base, outer))).unwrap();
    let raw = score(&ec.case, &raw_index, &FAST).unwrap();
    let surr = fit::Surrogate::new(&raw, &ec.truth, &raw_index);
    for inner in [
        fit::Inner {
            tau_capability: 0.3,
            unlisted_prior: 0.1,
            facet_cap: 2.0,
            prior_exponent: 0.0,
        },
        fit::Inner {
            tau_capability: 0.9,
            unlisted_prior: 0.02,
            facet_cap: 40.0,
            prior_exponent: 1.0,
        },
        fit::Inner {
            tau_capability: 0.5,
            unlisted_prior: 0.3,
            facet_cap: 6.0,
            prior_exponent: 2.5,
        },
    ] {
        let prm = fit::params_of(&base, outer, inner);
        let r = score(
            &ec.case,
            &Index::new(folded.clone(), Some(prm)).unwrap(),
            &FAST,
        )
        .unwrap();
        let p: f64 = r
            .hypotheses
            .iter()
            .filter(|h| ec.truth.contains(&h.id))
            .map(|h| h.probability)
            .sum();
        let l = surr.loss(
            fit::taus(&base, inner),
            inner.unlisted_prior,
            inner.facet_cap,
            inner.prior_exponent,
        );
        assert!(
            (l + p.ln()).abs() < 1e-9,
            "surrogate {l} vs model {}",
            -p.ln()
        );
    }
}
