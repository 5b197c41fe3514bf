//! The evaluation's metrics on tiny hand-computed examples.

use attrib::eval::metrics::{
    brier_one, ece, log_loss, rank_metrics, reliability, Prediction, Rank, P_FLOOR,
};

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-12, "{a} != {b}");
}

#[test]
fn ranks_without_ties() {
    // Scores 0.9 (truth), others 0.5, 0.1: first.
    let r = Rank::of(0.9, &[0.5, 0.1]);
    assert_eq!(r, Rank { above: 0, tied: 0 });
    assert_eq!(r.top(1), 1.0);
    assert_eq!(r.reciprocal(), 1.0);
    // Third of four.
    let r = Rank::of(0.2, &[0.5, 0.3, 0.1]);
    assert_eq!((r.top(1), r.top(2), r.top(3)), (0.0, 0.0, 1.0));
    close(r.reciprocal(), 1.0 / 3.0);
    assert_eq!(r.expected(), 3.0);
}

#[test]
fn ranks_with_ties_are_random_tie_breaks_in_expectation() {
    // Truth tied with two others at the top: rank 1, 2 or 3 with probability 1/3 each.
    let r = Rank::of(1.0, &[1.0, 1.0, 0.0]);
    assert_eq!(r, Rank { above: 0, tied: 2 });
    close(r.top(1), 1.0 / 3.0);
    close(r.top(2), 2.0 / 3.0);
    close(r.top(3), 1.0);
    close(r.reciprocal(), (1.0 + 0.5 + 1.0 / 3.0) / 3.0);
    assert_eq!(r.expected(), 2.0);
}

#[test]
fn top_k_and_mrr_over_cases() {
    // Ranks 1, 2, 4 and one case whose truth is absent.
    let ranks = [
        Some(Rank { above: 0, tied: 0 }),
        Some(Rank { above: 1, tied: 0 }),
        Some(Rank { above: 3, tied: 0 }),
        None,
    ];
    let m = rank_metrics(&ranks);
    assert_eq!(m.n, 4);
    assert_eq!(m.absent, 1);
    close(m.top1, 0.25);
    close(m.top3, 0.5);
    close(m.top10, 0.75);
    close(m.mrr, (1.0 + 0.5 + 0.25 + 0.0) / 4.0);
}

#[test]
fn log_loss_by_hand() {
    close(log_loss(&[1.0]), 0.0);
    close(log_loss(&[0.5, 0.25]), (2f64.ln() + 4f64.ln()) / 2.0);
    // A zero is floored, not infinite.
    close(log_loss(&[0.0]), -P_FLOOR.ln());
    assert_eq!(log_loss(&[]), 0.0);
}

#[test]
fn brier_by_hand() {
    close(brier_one(1.0, &[0.0, 0.0]), 0.0);
    close(brier_one(0.0, &[1.0]), 2.0);
    // 0.5 on the truth, 0.3 and 0.2 elsewhere: 0.25 + 0.09 + 0.04.
    close(brier_one(0.5, &[0.3, 0.2]), 0.38);
}

#[test]
fn ece_and_reliability_by_hand() {
    let p = |confidence, correct| Prediction {
        confidence,
        correct,
    };
    // Bin 9: 0.9 and 0.95, both right -> mean 0.925, observed 1.
    // Bin 5: 0.5 and 0.55 and 0.58, one right -> mean 0.5433.., observed 1/3.
    // Bin 0: 0.05 wrong -> observed 0.
    let preds = [
        p(0.9, true),
        p(0.95, true),
        p(0.5, true),
        p(0.55, false),
        p(0.58, false),
        p(0.05, false),
    ];
    let bins = reliability(&preds);
    assert_eq!(bins.len(), 10);
    assert_eq!(bins.iter().map(|b| b.n).sum::<usize>(), 6);
    assert_eq!((bins[9].n, bins[5].n, bins[0].n), (2, 3, 1));
    close(bins[9].mean_predicted, 0.925);
    close(bins[9].observed, 1.0);
    close(bins[5].mean_predicted, (0.5 + 0.55 + 0.58) / 3.0);
    close(bins[5].observed, 1.0 / 3.0);
    assert_eq!(bins[3].n, 0);
    let expected = 2.0 / 6.0 * (1.0 - 0.925)
        + 3.0 / 6.0 * ((0.5 + 0.55 + 0.58) / 3.0 - 1.0 / 3.0)
        + 1.0 / 6.0 * 0.05;
    close(ece(&preds), expected);
    // Perfectly calibrated: all at 1.0 and right.
    close(ece(&[p(1.0, true), p(1.0, true)]), 0.0);
    // 1.0 lands in the last bin.
    assert_eq!(reliability(&[p(1.0, true)])[9].n, 1);
}
