//! What would change the conclusion: observations whose removal changes the leader, and the
//! weight at which each observation would flip it.

use super::posterior::{logsumexp, Rows, Work};
use super::result::{Flip, Pivotal};
use super::soft_cap;
use super::vmath;

/// Largest weight the flip search tries.
const FLIP_MAX: f64 = 10.0;

/// Pivotal observations (removal changes the leader) and flip weights (bisection on one weight),
/// from the tempered log ratios `logs[h][i]` at the point estimate.
pub(crate) fn sensitivity(
    work: &Work,
    logs: &Rows,
    unlisted_prior: f64,
    leader: Option<usize>,
) -> (Vec<Pivotal>, Vec<Flip>) {
    search(work, logs, unlisted_prior, leader, true)
}

/// The search, with or without leaving out the hypotheses that cannot lead (the test compares
/// the two).
fn search(
    work: &Work,
    logs: &Rows,
    unlisted_prior: f64,
    leader: Option<usize>,
    prune: bool,
) -> (Vec<Pivotal>, Vec<Flip>) {
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
    // A score with item `i` (of facet `f`) at weight `w`: the rest of the score, plus the soft
    // cap of the facet's total at that weight.
    let rest = |h: usize, f: usize| base[h] - capped[h][f];
    let total_at = |h: usize, i: usize, f: usize, w: f64| totals[h][f] + (w - 1.0) * logs[h][i];
    let score_of = |h: usize, i: usize, f: usize, w: f64| {
        rest(h, f) + soft_cap(total_at(h, i, f, w), work.cap)
    };
    let scores_at = |i: usize, w: f64, out: &mut Vec<f64>| {
        let f = work.items[i].facet as usize;
        for (h, o) in out.iter_mut().enumerate() {
            *o = score_of(h, i, f, w);
        }
    };
    // Only some hypotheses can lead anywhere in 0..=FLIP_MAX. A score is monotone in one
    // item's weight, so its range over the search is given by its two ends; a hypothesis whose
    // best is below the best worst case of some other never leads, and is left out of the
    // bisection (the same leader is found, at a fraction of the cost).
    // The two ends are `score_of` at weights 0 and FLIP_MAX, with their soft caps taken over
    // all the hypotheses as one slice (see `vmath`).
    let mut totals_at = [vec![0.0; n_h], vec![0.0; n_h]];
    let mut caps = [vec![0.0; n_h], vec![0.0; n_h]];
    let views: Vec<View> = (0..work.items.len())
        .map(|i| {
            let f = work.items[i].facet as usize;
            for (k, w) in [0.0, FLIP_MAX].into_iter().enumerate() {
                for (h, t) in totals_at[k].iter_mut().enumerate() {
                    *t = total_at(h, i, f, w);
                }
                vmath::soft_cap_into(&totals_at[k], work.cap, &mut caps[k]);
            }
            let ends: Vec<(f64, f64)> = (0..n_h)
                .map(|h| {
                    let (a, b) = (rest(h, f) + caps[0][h], rest(h, f) + caps[1][h]);
                    (a.min(b), a.max(b))
                })
                .collect();
            let floor = (0..n_h)
                .filter(|&h| work.is_listed(h))
                .map(|h| ends[h].0)
                .fold(f64::NEG_INFINITY, f64::max);
            let listed = (0..n_h)
                .filter(|&h| work.is_listed(h) && (!prune || ends[h].1 >= floor))
                .collect();
            let named: Vec<usize> = (0..n_h).filter(|&h| !work.is_listed(h)).collect();
            let best_unlisted = logsumexp(
                &named.iter().map(|&h| ends[h].1).collect::<Vec<_>>(),
                unlisted,
            );
            let (moving, still): (Vec<usize>, Vec<usize>) =
                named.into_iter().partition(|&h| logs[h][i] != 0.0);
            let still_lse = logsumexp(
                &still
                    .iter()
                    .map(|&h| score_of(h, i, f, 1.0))
                    .collect::<Vec<_>>(),
                unlisted,
            );
            View {
                f,
                listed,
                moving,
                still_lse,
                unlisted_can_lead: !prune || best_unlisted >= floor,
            }
        })
        .collect();
    let mut moving_scores = Vec::new();
    let mut leader_at = |i: usize, w: f64| -> Option<usize> {
        let v = &views[i];
        let unl = if v.unlisted_can_lead {
            moving_scores.clear();
            moving_scores.extend(v.moving.iter().map(|&h| score_of(h, i, v.f, w)));
            logsumexp(&moving_scores, v.still_lse)
        } else {
            f64::NEG_INFINITY
        };
        work.leader_among(v.listed.iter().map(|&h| (h, score_of(h, i, v.f, w))), unl)
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
                if_removed_leader: work.leader_id(l0),
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
            new_leader: Some(work.leader_id(l)),
        });
    }
    crate::util::sort_by_key(&mut pivotal, |p| p.observation);
    crate::util::sort_by_key(&mut flips, |f| f.observation);
    (pivotal, flips)
}

/// One item's search: who can lead, and the part of the unlisted actor's score that moves.
struct View {
    /// The item's facet.
    f: usize,
    /// Listed hypotheses that can lead somewhere in the search.
    listed: Vec<usize>,
    /// Named unknowns whose score moves with the item's weight.
    moving: Vec<usize>,
    /// Log-sum of the unlisted actor's own score and the named unknowns that do not move.
    still_lse: f64,
    /// Whether the unlisted actor can lead somewhere in the search.
    unlisted_can_lead: bool,
}

#[cfg(test)]
mod tests {
    use crate::case::{Case, Kind};
    use crate::index::Index;
    use crate::pack::Pack;
    use crate::ScoreOptions;

    /// The straightforward search: every hypothesis at every step.
    fn naive_flips(
        r: &crate::ScoreResult,
        case: &Case,
        index: &Index,
    ) -> Vec<(usize, Option<String>)> {
        // Re-scoring with one observation's weight changed is not an option of the public
        // API, so the reference is the pivotal set: removing an observation must change the
        // leader exactly when the search says it does at weight 0.
        let mut out = Vec::new();
        for f in &r.flips {
            let opts = ScoreOptions {
                samples: Some(0),
                sensitivity: false,
                excluded: Some(vec![f.observation]),
                ..Default::default()
            };
            let without = crate::score(case, index, &opts).unwrap();
            out.push((
                f.observation,
                (without.leader != r.leader).then_some(without.leader),
            ));
        }
        out
    }

    /// Pruned and exhaustive searches agree exactly, flip weights included.
    #[test]
    fn pruning_changes_nothing() {
        let index = Index::new(Pack::fixture(), None).unwrap();
        let kinds = [
            (Kind::Technique, "T1566.001"),
            (Kind::Software, "S0366"),
            (Kind::Software, "BADCALL"),
            (Kind::VictimCountry, "KR"),
            (Kind::VictimSector, "financial-services"),
            (Kind::Motivation, "financial"),
            (Kind::Language, "ko"),
            (Kind::ActivityTime, "2017-05-23T01:12:00Z"),
        ];
        let mut rng = crate::model::Rng::new(5, 0);
        for _ in 0..40 {
            let case = Case::new(crate::model::score::some_of(&kinds, &mut rng, ('C', 3)));
            let (work, point) = crate::model::score::work_for_tests(&case, &index);
            let logs = work.tempered(&point);
            let ev = work.eval(&logs, point.unlisted_prior, false);
            let leader = work.leader(&ev.scores, ev.unlisted);
            let fast = super::search(&work, &logs, point.unlisted_prior, leader, true);
            let slow = super::search(&work, &logs, point.unlisted_prior, leader, false);
            assert_eq!(fast, slow);
        }
    }

    #[test]
    fn pruned_search_finds_the_same_leaders() {
        let index = Index::new(Pack::fixture(), None).unwrap();
        let kinds = [
            (Kind::Technique, "T1566.001"),
            (Kind::Software, "S0366"),
            (Kind::Software, "BADCALL"),
            (Kind::VictimCountry, "KR"),
            (Kind::VictimCountry, "BD"),
            (Kind::VictimSector, "financial-services"),
            (Kind::Motivation, "financial"),
            (Kind::Motivation, "destructive"),
            (Kind::Language, "ru"),
            (Kind::Infrastructure, "ip:175.45.178.1"),
        ];
        let mut rng = crate::model::Rng::new(11, 0);
        let mut checked = 0;
        for _ in 0..60 {
            let obs = crate::model::score::some_of(&kinds, &mut rng, ('B', 2));
            if obs.is_empty() {
                continue;
            }
            let case = Case::new(obs);
            let opts = ScoreOptions {
                samples: Some(0),
                ..Default::default()
            };
            let r = crate::score(&case, &index, &opts).unwrap();
            let pivotal: Vec<(usize, Option<String>)> = r
                .flips
                .iter()
                .map(|f| {
                    let p = r.pivotal.iter().find(|p| p.observation == f.observation);
                    (f.observation, p.map(|p| p.if_removed_leader.clone()))
                })
                .collect();
            assert_eq!(pivotal, naive_flips(&r, &case, &index));
            checked += 1;
        }
        assert!(checked > 40);
    }
}
