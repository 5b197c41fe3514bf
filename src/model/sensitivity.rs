//! What would change the conclusion: observations whose removal changes the leader, and the
//! weight at which each observation would flip it.

use super::posterior::{logsumexp, Work};
use super::result::{Flip, Pivotal};
use super::soft_cap;

/// Largest weight the flip search tries.
const FLIP_MAX: f64 = 10.0;

/// Pivotal observations (removal changes the leader) and flip weights (bisection on one weight),
/// from the tempered log ratios `logs[h][i]` at the point estimate.
pub(crate) fn sensitivity(
    work: &Work,
    logs: &[Vec<f64>],
    unlisted_prior: f64,
    leader: Option<usize>,
) -> (Vec<Pivotal>, Vec<Flip>) {
    let name_of = |l: Option<usize>| l.map_or("unlisted".to_string(), |h| work.id_of(h).into());
    // Facet totals at weight 1; changing one item's weight only moves its own facet, so each
    // evaluation below costs one soft cap per hypothesis.
    let n_h = work.competing.len();
    let mut totals = vec![[0.0f64; 4]; n_h];
    for (h, t) in totals.iter_mut().enumerate() {
        for (i, it) in work.items.iter().enumerate() {
            t[it.facet as usize] += logs[h][i];
        }
    }
    let capped: Vec<[f64; 4]> = totals
        .iter()
        .map(|t| t.map(|x| soft_cap(x, work.cap)))
        .collect();
    let base: Vec<f64> = capped
        .iter()
        .enumerate()
        .map(|(h, c)| work.priors.log_prior(h, unlisted_prior) + c.iter().sum::<f64>())
        .collect();
    let unlisted = work.priors.unlisted(unlisted_prior);
    let mut scratch = vec![0.0; n_h];
    let scores_at = |i: usize, w: f64, out: &mut Vec<f64>| {
        let f = work.items[i].facet as usize;
        for h in 0..n_h {
            out[h] =
                base[h] - capped[h][f] + soft_cap(totals[h][f] + (w - 1.0) * logs[h][i], work.cap);
        }
    };
    let mut leader_at = |i: usize, w: f64| -> Option<usize> {
        let mut out = std::mem::take(&mut scratch);
        scores_at(i, w, &mut out);
        let l = work.leader(&out, unlisted);
        scratch = out;
        l
    };
    let mut pivotal = Vec::new();
    let mut flips = Vec::new();
    let mut removed = vec![0.0; n_h];
    for (i, it) in work.items.iter().enumerate() {
        let l0 = leader_at(i, 0.0);
        if l0 != leader {
            scores_at(i, 0.0, &mut removed);
            let z = logsumexp(&removed, unlisted);
            let p = l0.map_or(work.unlisted_total(&removed, unlisted), |h| removed[h]);
            pivotal.push(Pivotal {
                observation: it.index,
                if_removed_leader: name_of(l0),
                if_removed_probability: libm::exp(p - z),
            });
        }
        // Search below 1 first (the flip nearest to "as scored" if weakening flips it),
        // then above.
        let (lo, hi, flipped) = if l0 != leader {
            (0.0, 1.0, true)
        } else {
            let lmax = leader_at(i, FLIP_MAX);
            (1.0, FLIP_MAX, lmax != leader)
        };
        if !flipped {
            flips.push(Flip {
                observation: it.index,
                weight: None,
                new_leader: None,
            });
            continue;
        }
        // Invariant: leader unchanged at `keep`, changed at `change`.
        let (mut keep, mut change) = if lo == 0.0 { (hi, lo) } else { (lo, hi) };
        // 24 halvings of at most 10: finer than the 1e-4 the weight is reported to.
        for _ in 0..24 {
            let mid = 0.5 * (keep + change);
            if leader_at(i, mid) == leader {
                keep = mid;
            } else {
                change = mid;
            }
        }
        let l = leader_at(i, change);
        flips.push(Flip {
            observation: it.index,
            weight: Some((change * 1e4).round() / 1e4),
            new_leader: Some(name_of(l)),
        });
    }
    pivotal.sort_by_key(|p| p.observation);
    flips.sort_by_key(|f| f.observation);
    (pivotal, flips)
}
