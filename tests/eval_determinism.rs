//! The evaluation is deterministic: the same inputs give the same JSON and Markdown, byte for
//! byte, and the JSON has the shape the page and other tools read.

mod common;

use attrib::eval::{cases, evaluate, markdown, Inputs};
use attrib::index::Index;

#[test]
fn same_inputs_same_bytes() {
    let (pack, citations) = common::eval::synthetic(6, 42);
    let cfg = common::eval::small_config();
    let inputs = Inputs {
        pack: &pack,
        citations: Some(&citations),
        incidents: &[],
    };
    let a = evaluate(inputs, &cfg).unwrap();
    let b = evaluate(inputs, &cfg).unwrap();
    assert_eq!(a.to_json(), b.to_json());
    assert_eq!(markdown(&a), markdown(&b));
    let v: serde_json::Value = serde_json::from_str(&a.to_json()).unwrap();
    let r = &v["reports"];
    assert!(r["n"].as_u64().unwrap() > 6);
    for k in [
        "n",
        "top1",
        "top3",
        "top10",
        "mrr",
        "ece",
        "sponsor_top1",
        "unlisted_leads",
        "log_loss",
    ] {
        assert!(r["attrib"][k].is_number(), "reports.attrib.{k}");
    }
    for b in ["overlap_share", "jaccard", "tfidf", "naive_bayes"] {
        for k in ["top1", "top3", "top10", "mrr"] {
            assert!(r["baselines"][b][k].is_number(), "{b}.{k}");
        }
    }
    for k in ["top1_interval", "ece_interval"] {
        let iv = r[k].as_array().unwrap();
        assert!(iv[0].as_f64().unwrap() <= iv[1].as_f64().unwrap(), "{k}");
    }
    assert!(r["open_world"]["unlisted_leads"].is_number());
    assert_eq!(r["reliability_diagram"].as_array().unwrap().len(), 10);
    assert_eq!(v["campaigns"]["n"], 6);
    assert!(v["synthetic"]["in_sample"].as_bool().unwrap());
}

#[test]
fn synthetic_incidents_are_seeded() {
    let (pack, _) = common::eval::synthetic(5, 9);
    let index = Index::new(pack, None).unwrap();
    let spec = cases::SyntheticSpec::default();
    let a = cases::synthetic(&index, &spec);
    let b = cases::synthetic(&index, &spec);
    assert_eq!(a.len(), 5 * spec.draws);
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.case, y.case);
    }
    let c = cases::synthetic(&index, &cases::SyntheticSpec { seed: 1, ..spec });
    assert!(a.iter().zip(&c).any(|(x, y)| x.case != y.case));
}

#[test]
fn the_fixture_pack_evaluates_without_citations() {
    let pack = attrib::Pack::fixture();
    let inputs = Inputs {
        pack: &pack,
        citations: None,
        incidents: &[],
    };
    let e = evaluate(inputs, &common::eval::small_config()).unwrap();
    assert_eq!(e.reports.n, 0);
    assert_eq!(e.campaigns.n, 1);
    assert!(e.campaigns.attrib.log_loss.is_finite());
}

#[test]
fn timestamps_format() {
    assert_eq!(cases::rfc3339(0), "1970-01-01T00:00:00Z");
    assert_eq!(cases::rfc3339(951_782_400), "2000-02-29T00:00:00Z");
}
