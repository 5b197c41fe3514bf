//! The evaluation is deterministic: the same pack gives the same JSON and Markdown, byte for byte.

#[path = "eval_common.rs"]
mod common;

use attrib::eval::{cases, evaluate, markdown};
use attrib::index::Index;

#[test]
fn same_pack_same_bytes() {
    let pack = common::synthetic_pack(6, 42);
    let cfg = common::small_config();
    let a = evaluate(&pack, &cfg).unwrap();
    let b = evaluate(&pack, &cfg).unwrap();
    assert_eq!(a.to_json(), b.to_json());
    assert_eq!(markdown(&a), markdown(&b));
    // Sanity: the shape the page relies on.
    let v: serde_json::Value = serde_json::from_str(&a.to_json()).unwrap();
    assert_eq!(v["campaigns"]["n"], 12);
    for k in [
        "top1",
        "top3",
        "top5",
        "mrr",
        "sponsor_top1",
        "log_loss",
        "brier",
        "ece",
    ] {
        assert!(
            v["campaigns"]["attrib"][k].is_number(),
            "campaigns.attrib.{k}"
        );
    }
    for b in ["overlap_share", "jaccard", "tfidf"] {
        for k in ["top1", "top3", "mrr"] {
            assert!(v["campaigns"]["baselines"][b][k].is_number(), "{b}.{k}");
        }
    }
    assert_eq!(v["reliability_diagram"].as_array().unwrap().len(), 10);
    for k in ["bin", "mean_predicted", "observed", "n"] {
        assert!(v["reliability_diagram"][0][k].is_number());
    }
    assert!(v["synthetic"]["in_sample"].as_bool().unwrap());
    assert!(v["open_world"]["unlisted_leads"].is_number());
}

#[test]
fn synthetic_incidents_are_seeded() {
    let pack = common::synthetic_pack(5, 9);
    let index = Index::new(pack, None).unwrap();
    let spec = cases::SyntheticSpec::default();
    let a = cases::synthetic(&index, &spec);
    let b = cases::synthetic(&index, &spec);
    assert_eq!(a.len(), 5 * spec.draws);
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.case, y.case);
    }
    // A different seed draws differently.
    let c = cases::synthetic(&index, &cases::SyntheticSpec { seed: 1, ..spec });
    assert!(a.iter().zip(&c).any(|(x, y)| x.case != y.case));
}

#[test]
fn fixture_pack_evaluates() {
    let e = evaluate(&attrib::Pack::fixture(), &common::small_config()).unwrap();
    assert_eq!(e.campaigns.n, 1);
    assert!(e.campaigns.attrib.log_loss.is_finite());
}

#[test]
fn timestamps_format() {
    assert_eq!(cases::rfc3339(0), "1970-01-01T00:00:00Z");
    assert_eq!(cases::rfc3339(951_782_400), "2000-02-29T00:00:00Z");
}
