//! Cross-validation hygiene: folds are grouped by actor (no report of a held-out group is in its
//! fitting set), and a report's fold-out removes exactly the relationships that cite only that
//! report, on synthetic citations and on the genuine ATT&CK bundle.

mod common;

use std::collections::BTreeSet;

use attrib::eval::{cases, fit, reports};

#[test]
fn training_sets_never_hold_a_report_of_the_held_out_group() {
    let (pack, citations) = common::eval::synthetic(6, 7);
    let cases = reports::report_cases(&citations, &pack);
    assert!(cases.len() > 6, "{} report cases", cases.len());
    let truths: Vec<Vec<String>> = cases.iter().map(|c| vec![c.group.clone()]).collect();
    let groups: BTreeSet<&String> = truths.iter().flatten().collect();
    for g in groups {
        let held: Vec<usize> = (0..cases.len()).filter(|&c| &truths[c][0] == g).collect();
        let train = fit::training_cases(&truths, std::slice::from_ref(g));
        assert!(
            held.iter().all(|c| !train.contains(c)),
            "{g}: held-out case in training"
        );
        assert!(train.iter().all(|&c| &truths[c][0] != g));
        // Every case of another group is used.
        assert_eq!(train.len() + held.len(), cases.len());
    }
}

/// Check one report's fold-out against the citations: a feature is removed if and only if every
/// relationship supporting it cites that report and nothing else.
fn check_fold(citations: &reports::Citations, pack: &attrib::Pack, rc: &reports::ReportCase) {
    let out = reports::fold_out(pack, rc);
    let before = pack.profile(&rc.group).unwrap();
    let after = out.profile(&rc.group).unwrap();
    let support = &citations.support[&rc.group];
    for f in before.techniques.iter().chain(&before.software) {
        let kept = after.techniques.contains(f) || after.software.contains(f);
        let only = support.get(f.as_str()).is_some_and(|rels| {
            rels.iter()
                .all(|r| r.len() == 1 && r.contains(&rc.citation))
        });
        assert_eq!(
            kept, !only,
            "{} / {}: {f} kept {kept}, cited only by this report {only}",
            rc.group, rc.citation
        );
    }
    // Nothing else changes.
    for (a, b) in pack.profiles.iter().zip(&out.profiles) {
        if a.id != rc.group {
            assert_eq!(a, b);
        }
    }
}

#[test]
fn fold_out_removes_exactly_what_only_that_report_supports() {
    let (pack, citations) = common::eval::synthetic(8, 3);
    let cases = reports::report_cases(&citations, &pack);
    let mut removed = 0;
    for rc in &cases {
        check_fold(&citations, &pack, rc);
        removed += rc.only_here.len();
    }
    assert!(
        removed > 0,
        "the synthetic citations should fold something out"
    );
}

#[test]
fn fold_out_on_the_genuine_attack_bundle() {
    let Some(pack) = common::real_pack() else {
        return;
    };
    let path = common::root().join("../shared/fixtures/enterprise-attack-18.1-subset.json.gz");
    let bytes = std::fs::read(&path).expect("the ATT&CK fixture bundle beside the project");
    let text = String::from_utf8(
        attrib::packer::gunzip(&bytes, "bundle", attrib::packer::stix::MAX_BUNDLE_BYTES).unwrap(),
    )
    .unwrap();
    let citations = reports::read_citations(&text).unwrap();
    let cases = reports::report_cases(&citations, &pack);
    // ATT&CK v18.1: 551 (report, group) pairs with at least five techniques or software.
    assert_eq!(cases.len(), 551);
    let groups: BTreeSet<&String> = cases.iter().map(|c| &c.group).collect();
    assert_eq!(groups.len(), 160);
    for rc in cases.iter().step_by(7) {
        check_fold(&citations, &pack, rc);
    }
}

#[test]
fn campaign_fold_out_removes_the_campaigns_own_features_and_nothing_else() {
    let mut pack = attrib::Pack::fixture();
    let g = pack.profiles[1].id.clone();
    let own = vec![pack.profiles[1].techniques[0].clone()];
    pack.profiles[1]
        .campaign_features
        .insert("C9".into(), own.clone());
    let c = attrib::Campaign {
        id: "C9".into(),
        attributed_to: vec![g.clone()],
        ..Default::default()
    };
    let out = cases::fold_out(&pack, &c);
    let after = out.profile(&g).unwrap();
    assert!(!after.techniques.contains(&own[0]));
    assert_eq!(
        after.techniques.len() + 1,
        pack.profile(&g).unwrap().techniques.len()
    );
}

#[test]
fn the_open_world_pack_has_no_trace_of_the_group() {
    let pack = attrib::Pack::fixture();
    let out = cases::without(&pack, &["G0032".to_string()]);
    assert!(out.profile("G0032").is_none());
    assert!(out
        .profiles
        .iter()
        .all(|p| p.parent.as_deref() != Some("G0032") && p.imitates.as_deref() != Some("G0032")));
    assert!(out.check().is_ok());
}
