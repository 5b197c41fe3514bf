//! The evaluation harness behind `attrib eval`: are the probabilities right?
//!
//! One deterministic run (fixed seeds, ordered maps, no clocks) that
//!
//! * fits the model's free constants by leave-one-campaign-out cross-validation ([`fit`]),
//! * scores every ATT&CK campaign with its own evidence folded out of its group, with the
//!   constants fitted without it (the honest, *nested* figures),
//! * scores seeded synthetic incidents drawn from the profiles (*in-sample*),
//! * repeats the campaigns with the true group removed from the pack (*open world*),
//! * scores the same cases with the baselines public tools use ([`baselines`]),
//!
//! and reports ranking metrics, log-loss, Brier, expected calibration error and a reliability
//! diagram ([`metrics`]) as JSON and Markdown (`docs/EVALUATION.md`).

pub mod baselines;
pub mod cases;
pub mod fit;
pub mod metrics;
mod report;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::Result;
use crate::index::Index;
use crate::model::{score, Params, ScoreOptions, ScoreResult};
use crate::pack::Pack;
use cases::{EvalCase, SyntheticSpec};
use fit::{Fold, Grid, Inner, Outer, Surrogate};
use metrics::{Prediction, Rank, RankMetrics};

pub use report::{markdown, reliability_svg, summary};

/// What to run.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalConfig {
    /// Synthetic incidents.
    pub synthetic: SyntheticSpec,
    /// Search grid of the fit.
    pub grid: Grid,
    /// Weight of the open-world cases in the fitting loss: the share of incidents assumed to
    /// come from actors outside the pack. It, more than the data, sets `unlisted_prior`.
    pub open_weight: f64,
}

impl Default for EvalConfig {
    fn default() -> Self {
        EvalConfig {
            synthetic: SyntheticSpec::default(),
            grid: Grid::default(),
            open_weight: 0.15,
        }
    }
}

/// Options used for every scoring in the harness: no Monte Carlo, no sensitivity, all hypotheses.
pub const FAST: ScoreOptions = ScoreOptions {
    samples: Some(0),
    seed: None,
    excluded: Vec::new(),
    planted: Vec::new(),
    sensitivity: false,
    top: 0,
};

/// `f` over `items` on up to `available_parallelism` threads (2 at most 4), results in item
/// order, so the output does not depend on the thread count; sequential where threads are not
/// available.
pub fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4);
    if threads <= 1 || items.len() < 2 {
        return items.iter().map(&f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| {
                std::thread::Builder::new()
                    .spawn_scoped(scope, move || part.iter().map(f).collect::<Vec<R>>())
                    .map_err(|_| part)
            })
            .collect();
        let mut out = Vec::with_capacity(items.len());
        for h in handles {
            match h {
                Ok(h) => out.extend(h.join().expect("an evaluation worker panicked")),
                Err(part) => out.extend(part.iter().map(f)),
            }
        }
        out
    })
}

/// Round for reporting (4 decimals), so the JSON is short and stable.
pub(crate) fn r4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// How Attrib did on one case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// Case ID.
    pub id: String,
    /// Display name.
    pub name: String,
    /// True profile IDs, or `["unlisted"]`.
    pub truth: Vec<String>,
    /// The truth was in the pack but not among the ranked hypotheses, so it was scored as the
    /// unlisted actor.
    pub truth_absent: bool,
    /// Truth's rank among the hypotheses and the unlisted actor.
    #[serde(skip)]
    pub rank: Rank,
    /// Expected rank (1 = first).
    pub expected_rank: f64,
    /// Probability of the truth.
    pub p_truth: f64,
    /// The leader's ID.
    pub leader: String,
    /// The leader's probability.
    pub p_leader: f64,
    /// Whether the leader is the truth.
    pub correct: bool,
    /// Multi-class Brier score.
    pub brier: f64,
    /// Probability of the unlisted actor.
    pub p_unlisted: f64,
    /// Truth's suspected sponsor, if known.
    pub sponsor: Option<String>,
    /// Rank of the sponsor among the sponsor roll-up (when the truth has one).
    #[serde(skip)]
    pub sponsor_rank: Option<Rank>,
    /// Probability of the true sponsor.
    pub p_sponsor: Option<f64>,
    /// Probability on hypotheses sharing the truth's sponsor (open world: the truth's
    /// same-sponsor neighbours).
    pub p_same_sponsor: Option<f64>,
}

/// Attrib's outcome on a result, with truth `truth` (profile IDs; `unlisted` forces the
/// unlisted actor as the truth).
pub fn outcome(
    ec: &EvalCase,
    truth: &[String],
    sponsor: Option<String>,
    r: &ScoreResult,
) -> Outcome {
    let mut t: Vec<String> = truth
        .iter()
        .filter(|id| r.hypotheses.iter().any(|h| &h.id == *id))
        .cloned()
        .collect();
    let absent = t.is_empty() && !truth.iter().all(|x| x == "unlisted");
    let unlisted_truth = t.is_empty();
    if unlisted_truth {
        t = vec!["unlisted".to_string()];
    }
    let mut p_truth = 0.0;
    let mut best = 0.0f64;
    let mut others = Vec::new();
    for h in &r.hypotheses {
        if t.contains(&h.id) {
            p_truth += h.probability;
            best = best.max(h.probability);
        } else {
            others.push(h.probability);
        }
    }
    if unlisted_truth {
        p_truth = r.unlisted.probability;
        best = p_truth;
    } else {
        others.push(r.unlisted.probability);
    }
    let p_leader = if r.leader == "unlisted" {
        r.unlisted.probability
    } else {
        r.hypotheses
            .iter()
            .find(|h| h.id == r.leader)
            .map_or(0.0, |h| h.probability)
    };
    let (sponsor_rank, p_sponsor) = match (&sponsor, unlisted_truth) {
        (Some(s), false) => {
            let levels = &r.levels.sponsor;
            let p = levels
                .iter()
                .find(|l| &l.id == s)
                .map_or(0.0, |l| l.probability);
            let rest: Vec<f64> = levels
                .iter()
                .filter(|l| &l.id != s)
                .map(|l| l.probability)
                .collect();
            (Some(Rank::of(p, &rest)), Some(p))
        }
        _ => (None, None),
    };
    let p_same_sponsor = sponsor.as_ref().map(|s| {
        r.hypotheses
            .iter()
            .filter(|h| h.sponsor.as_ref() == Some(s))
            .map(|h| h.probability)
            .sum::<f64>()
    });
    let rank = Rank::of(best, &others);
    Outcome {
        id: ec.id.clone(),
        name: ec.name.clone(),
        truth: t.clone(),
        truth_absent: absent,
        expected_rank: rank.expected(),
        rank,
        p_truth,
        leader: r.leader.clone(),
        p_leader,
        correct: t.contains(&r.leader),
        brier: metrics::brier_one(p_truth, &others),
        p_unlisted: r.unlisted.probability,
        sponsor,
        sponsor_rank,
        p_sponsor,
        p_same_sponsor,
    }
}

/// Summary of Attrib over outcomes.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AttribMetrics {
    /// Cases.
    pub n: usize,
    /// Top-1 accuracy (the unlisted actor counts as a rank).
    pub top1: f64,
    /// Top-3 accuracy.
    pub top3: f64,
    /// Top-5 accuracy.
    pub top5: f64,
    /// Mean reciprocal rank.
    pub mrr: f64,
    /// Sponsor-level top-1 (cases whose truth has a known sponsor).
    pub sponsor_top1: f64,
    /// Sponsor-level top-3.
    pub sponsor_top3: f64,
    /// Sponsor-level MRR.
    pub sponsor_mrr: f64,
    /// Cases with a known sponsor.
    pub sponsor_n: usize,
    /// Mean log-loss (nats) of the truth's probability.
    pub log_loss: f64,
    /// Mean multi-class Brier score.
    pub brier: f64,
    /// Expected calibration error of the leader's probability, 10 bins.
    pub ece: f64,
    /// Mean probability of the truth.
    pub mean_p_truth: f64,
    /// Mean probability of the leader.
    pub mean_p_leader: f64,
    /// Cases whose truth was absent from the ranking (scored against the unlisted actor).
    pub truth_absent: usize,
}

/// Summarise outcomes.
pub fn summarise(out: &[Outcome]) -> AttribMetrics {
    if out.is_empty() {
        return AttribMetrics::default();
    }
    let n = out.len() as f64;
    let ranks: Vec<Option<Rank>> = out.iter().map(|o| Some(o.rank)).collect();
    let rm = metrics::rank_metrics(&ranks);
    let sp: Vec<Option<Rank>> = out
        .iter()
        .filter(|o| o.sponsor_rank.is_some())
        .map(|o| o.sponsor_rank)
        .collect();
    let sm = metrics::rank_metrics(&sp);
    let preds = predictions(out);
    AttribMetrics {
        n: out.len(),
        top1: r4(rm.top1),
        top3: r4(rm.top3),
        top5: r4(rm.top5),
        mrr: r4(rm.mrr),
        sponsor_top1: r4(sm.top1),
        sponsor_top3: r4(sm.top3),
        sponsor_mrr: r4(sm.mrr),
        sponsor_n: sp.len(),
        log_loss: r4(metrics::log_loss(
            &out.iter().map(|o| o.p_truth).collect::<Vec<_>>(),
        )),
        brier: r4(out.iter().map(|o| o.brier).sum::<f64>() / n),
        ece: r4(metrics::ece(&preds)),
        mean_p_truth: r4(out.iter().map(|o| o.p_truth).sum::<f64>() / n),
        mean_p_leader: r4(out.iter().map(|o| o.p_leader).sum::<f64>() / n),
        truth_absent: out.iter().filter(|o| o.truth_absent).count(),
    }
}

/// Top-label predictions for calibration.
pub fn predictions(out: &[Outcome]) -> Vec<Prediction> {
    out.iter()
        .map(|o| Prediction {
            confidence: o.p_leader,
            correct: o.correct,
        })
        .collect()
}

/// A reliability-diagram row as reported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReliabilityRow {
    /// Bin number (0-9): leader probability in `[bin/10, (bin+1)/10)`.
    pub bin: usize,
    /// Mean leader probability in the bin.
    pub mean_predicted: f64,
    /// Share of the bin's cases the leader got right.
    pub observed: f64,
    /// Cases.
    pub n: usize,
}

fn diagram(out: &[Outcome]) -> Vec<ReliabilityRow> {
    metrics::reliability(&predictions(out))
        .into_iter()
        .map(|b| ReliabilityRow {
            bin: b.bin,
            mean_predicted: r4(b.mean_predicted),
            observed: r4(b.observed),
            n: b.n,
        })
        .collect()
}

/// Top-k and MRR of one baseline.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BaselineMetrics {
    /// Top-1 accuracy (ties broken at random, in expectation).
    pub top1: f64,
    /// Top-3.
    pub top3: f64,
    /// Top-5.
    pub top5: f64,
    /// MRR.
    pub mrr: f64,
}

fn baseline_metrics(ranks: &[Option<Rank>]) -> BaselineMetrics {
    let m: RankMetrics = metrics::rank_metrics(ranks);
    BaselineMetrics {
        top1: r4(m.top1),
        top3: r4(m.top3),
        top5: r4(m.top5),
        mrr: r4(m.mrr),
    }
}

/// Ranks of the truth under each baseline for one case (against `pack`'s profiles).
fn baseline_ranks(pack: &Pack, profiles: &baselines::Profiles, ec: &EvalCase) -> Vec<Option<Rank>> {
    let observed = ec.capability(pack);
    baselines::NAMES
        .iter()
        .map(|name| {
            let s = profiles.scores(name, &observed);
            let truth: Vec<usize> = profiles
                .sets
                .iter()
                .enumerate()
                .filter(|(_, (id, _))| ec.truth.contains(id))
                .map(|(i, _)| i)
                .collect();
            if truth.is_empty() {
                return None;
            }
            let best = truth
                .iter()
                .map(|&i| s[i])
                .fold(f64::NEG_INFINITY, f64::max);
            let others: Vec<f64> = s
                .iter()
                .enumerate()
                .filter(|(i, _)| !truth.contains(i))
                .map(|(_, &x)| x)
                .collect();
            Some(Rank::of(best, &others))
        })
        .collect()
}

/// One fold's fitted constants and held-out result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FoldReport {
    /// The fold.
    #[serde(flatten)]
    pub fold: Fold,
    /// Fitted `leak`.
    pub leak: f64,
    /// Fitted `k_technique`.
    pub k_technique: f64,
    /// Fitted `k_software`.
    pub k_software: f64,
    /// Fitted `tau_capability`.
    pub tau_capability: f64,
    /// Fitted `unlisted_prior`.
    pub unlisted_prior: f64,
    /// Fitted `facet_cap`.
    pub facet_cap: f64,
    /// Fitted `prior_exponent`.
    pub prior_exponent: f64,
    /// Mean training loss at the optimum.
    pub train_loss: f64,
    /// Held-out log-loss of the test campaign (closed world).
    pub test_loss: f64,
    /// Held-out log-loss of the test campaign with its group removed (open world).
    pub test_loss_open: f64,
}

/// The fit: procedure, folds and final constants.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FitReport {
    /// What was searched.
    pub grid: Grid,
    /// Open-world weight in the loss.
    pub open_weight: f64,
    /// Per fold.
    pub folds: Vec<FoldReport>,
    /// Constants fitted on every campaign (written to `data/params.json`).
    pub final_params: Params,
    /// Mean training loss of the final fit.
    pub final_train_loss: f64,
}

/// Campaign results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CampaignReport {
    /// Campaigns.
    pub n: usize,
    /// Attrib, constants fitted without the test campaign (honest, nested).
    pub attrib: AttribMetrics,
    /// Attrib with the final constants, fitted on all campaigns (in-sample, optimistic).
    pub attrib_final_in_sample: AttribMetrics,
    /// Attrib with the default constants (nothing fitted).
    pub attrib_defaults: AttribMetrics,
    /// Baselines by name.
    pub baselines: BTreeMap<String, BaselineMetrics>,
    /// Per campaign (nested).
    pub cases: Vec<CampaignCase>,
}

/// One campaign's line in the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CampaignCase {
    /// Attrib (nested).
    #[serde(flatten)]
    pub attrib: Outcome,
    /// Observations.
    pub observations: usize,
    /// Features folded out of the group.
    pub folded_out: usize,
    /// Expected rank of the truth under each baseline (`null`: absent).
    pub baseline_rank: BTreeMap<String, Option<f64>>,
}

/// Synthetic results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SyntheticReport {
    /// Always true: incidents are drawn from the very profiles they are scored against.
    pub in_sample: bool,
    /// Cases.
    pub n: usize,
    /// Groups drawn from.
    pub groups: usize,
    /// Draws per group.
    pub draws_per_group: usize,
    /// Share of a group's techniques and software shown.
    pub share: f64,
    /// Noise techniques per shown feature.
    pub noise: f64,
    /// Attrib, final constants.
    pub attrib: AttribMetrics,
    /// Baselines.
    pub baselines: BTreeMap<String, BaselineMetrics>,
    /// Reliability diagram of the synthetic cases.
    pub reliability_diagram: Vec<ReliabilityRow>,
}

/// Open-world results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenWorldReport {
    /// Cases (campaigns with their true group removed from the pack).
    pub n: usize,
    /// Share of cases in which the unlisted actor leads.
    pub unlisted_leads: f64,
    /// Mean probability of the unlisted actor.
    pub mean_p_unlisted: f64,
    /// Mean probability taken by the (all wrong) listed groups.
    pub mean_p_wrong_listed: f64,
    /// Mean probability on listed groups with the true group's sponsor.
    pub mean_p_same_sponsor: f64,
    /// Log-loss of the unlisted actor's probability.
    pub log_loss: f64,
    /// Per campaign.
    pub cases: Vec<Outcome>,
}

/// SHA-256 of the pack's data without the fitted constants it carries: those are this run's
/// output, so including them would make `make eval` chase its own tail.
fn data_sha256(pack: &Pack) -> String {
    let mut data = pack.clone();
    data.params = None;
    data.sources.retain(|s| s.name != "fitted model constants");
    data.seal();
    data.sha256
}

/// Where the pack came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PackInfo {
    /// Version.
    pub version: String,
    /// SHA-256 of the pack's data, without its fitted constants.
    pub sha256: String,
    /// Profiles.
    pub profiles: usize,
    /// Profiles with techniques or software.
    pub profiles_with_capability: usize,
}

/// Everything `attrib eval` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// The pack.
    pub pack: PackInfo,
    /// Campaign leave-out.
    pub campaigns: CampaignReport,
    /// Synthetic incidents.
    pub synthetic: SyntheticReport,
    /// Open world.
    pub open_world: OpenWorldReport,
    /// Reliability diagram of the campaign leave-out (nested), leader's probability.
    pub reliability_diagram: Vec<ReliabilityRow>,
    /// The fit.
    pub fit: FitReport,
}

impl Evaluation {
    /// Pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("an evaluation always serialises");
        s.push('\n');
        s
    }
}

/// Sponsor of a profile as the index resolves it.
fn sponsor_of(index: &Index, ids: &[String]) -> Option<String> {
    ids.iter().find_map(|id| {
        index
            .position(id)
            .and_then(|p| index.prepared()[p].sponsor.clone())
    })
}

/// A campaign prepared for the run: the case and the two packs it is scored against.
struct Prepared {
    case: EvalCase,
    folded: Pack,
    open: Pack,
    folded_out: usize,
}

/// Run the whole evaluation on `pack`.
pub fn evaluate(pack: &Pack, cfg: &EvalConfig) -> Result<Evaluation> {
    // Start from the defaults, not `pack.params`: the fit must not depend on a previous fit.
    let base = Params::default();
    let mut campaigns = pack.campaigns.clone();
    campaigns.sort_by(|a, b| a.id.cmp(&b.id));
    let prepared: Vec<Prepared> = campaigns
        .iter()
        .map(|c| {
            let folded = cases::fold_out(pack, c);
            let open = cases::without(&folded, &c.attributed_to);
            let folded_out = pack
                .profiles
                .iter()
                .filter(|p| c.attributed_to.contains(&p.id))
                .map(|p| p.campaign_features.get(&c.id).map_or(0, Vec::len))
                .sum();
            Prepared {
                case: cases::campaign_case(c),
                folded,
                open,
                folded_out,
            }
        })
        .collect();
    let ids: Vec<String> = campaigns.iter().map(|c| c.id.clone()).collect();
    let n_c = prepared.len();

    // 1. Fit. loss[outer * inner][campaign], closed and open.
    let outers = cfg.grid.outer();
    let inners = cfg.grid.inner();
    let mut loss: Vec<Vec<f64>> = Vec::with_capacity(outers.len() * inners.len());
    for &o in &outers {
        let raw = fit::raw_params(&base, o);
        let surr: Vec<(Surrogate, Surrogate)> =
            par_map(&prepared, |p| -> Result<(Surrogate, Surrogate)> {
                let closed_index = Index::new(p.folded.clone(), Some(raw.clone()))?;
                let closed = score(&p.case.case, &closed_index, &FAST)?;
                let open_index = Index::new(p.open.clone(), Some(raw.clone()))?;
                let open = score(&p.case.case, &open_index, &FAST)?;
                Ok((
                    Surrogate::new(&closed, &p.case.truth, &closed_index),
                    Surrogate::new(&open, &[], &open_index),
                ))
            })
            .into_iter()
            .collect::<Result<_>>()?;
        // The inner grid varies the unlisted prior fastest: recompute the rest only when the
        // tempering, cap or prior exponent changes.
        let mut parts: Vec<(fit::Partial, fit::Partial)> = Vec::new();
        let mut key = None;
        for &i in &inners {
            let tau = fit::taus(&base, i);
            let k = (i.tau_capability, i.facet_cap, i.prior_exponent);
            if key != Some(k) {
                key = Some(k);
                parts = par_map(&surr, |(c, op)| {
                    (
                        c.partial(tau, i.facet_cap, i.prior_exponent),
                        op.partial(tau, i.facet_cap, i.prior_exponent),
                    )
                });
            }
            loss.push(
                parts
                    .iter()
                    .map(|&(c, op)| {
                        (1.0 - cfg.open_weight) * Surrogate::loss_at(c, i.unlisted_prior)
                            + cfg.open_weight * Surrogate::loss_at(op, i.unlisted_prior)
                    })
                    .collect(),
            );
        }
    }
    let setting =
        |s: usize| -> (Outer, Inner) { (outers[s / inners.len()], inners[s % inners.len()]) };
    let folds = fit::leave_one_out(&ids);
    let all: Vec<usize> = (0..n_c).collect();
    let (final_s, final_loss) = fit::argmin(&loss, &all);
    let (fo, fi) = setting(final_s);
    let final_params = fit::params_of(&base, fo, fi);

    // 2. Campaigns: nested (per-fold constants), final (in-sample) and defaults.
    struct FoldResult {
        report: FoldReport,
        nested: Outcome,
        open: Outcome,
        in_sample: Outcome,
        defaults: Outcome,
        baselines: Vec<Option<Rank>>,
    }
    let ks: Vec<usize> = (0..n_c).collect();
    let results: Vec<FoldResult> = par_map(&ks, |&k| -> Result<FoldResult> {
        let fold = &folds[k];
        let train: Vec<usize> = all.iter().copied().filter(|&c| c != k).collect();
        let (s, train_loss) = fit::argmin(&loss, &train);
        let (o, i) = setting(s);
        let prm = fit::params_of(&base, o, i);
        let p = &prepared[k];
        // The truth's sponsor, as the (closed-world) pack resolves it; the open-world pack no
        // longer has the group.
        let sponsor = sponsor_of(
            &Index::new(p.folded.clone(), Some(prm.clone()))?,
            &p.case.truth,
        );
        let run = |pack: &Pack, prm: &Params, truth: &[String]| -> Result<Outcome> {
            let index = Index::new(pack.clone(), Some(prm.clone()))?;
            Ok(outcome(
                &p.case,
                truth,
                sponsor.clone(),
                &score(&p.case.case, &index, &FAST)?,
            ))
        };
        let unlisted = ["unlisted".to_string()];
        let nested = run(&p.folded, &prm, &p.case.truth)?;
        let open = run(&p.open, &prm, &unlisted)?;
        let report = FoldReport {
            fold: fold.clone(),
            leak: o.leak,
            k_technique: o.k_technique,
            k_software: o.k_software,
            tau_capability: i.tau_capability,
            unlisted_prior: i.unlisted_prior,
            facet_cap: i.facet_cap,
            prior_exponent: i.prior_exponent,
            train_loss: r4(train_loss),
            test_loss: r4(metrics::log_loss(&[nested.p_truth])),
            test_loss_open: r4(metrics::log_loss(&[open.p_truth])),
        };
        let profiles = baselines::Profiles::new(&p.folded);
        Ok(FoldResult {
            report,
            nested,
            open,
            in_sample: run(&p.folded, &final_params, &p.case.truth)?,
            defaults: run(&p.folded, &base, &p.case.truth)?,
            baselines: baseline_ranks(&p.folded, &profiles, &p.case),
        })
    })
    .into_iter()
    .collect::<Result<_>>()?;
    let mut nested = Vec::new();
    let mut open_out = Vec::new();
    let mut fold_reports = Vec::new();
    let mut in_sample = Vec::new();
    let mut defaults = Vec::new();
    let mut case_lines = Vec::new();
    let mut base_ranks: Vec<Vec<Option<Rank>>> = vec![Vec::new(); baselines::NAMES.len()];
    for (k, fr) in results.into_iter().enumerate() {
        let p = &prepared[k];
        let mut baseline_rank = BTreeMap::new();
        for (b, name) in baselines::NAMES.iter().enumerate() {
            baseline_rank.insert(name.to_string(), fr.baselines[b].map(|r| r4(r.expected())));
            base_ranks[b].push(fr.baselines[b]);
        }
        case_lines.push(CampaignCase {
            attrib: fr.nested.clone(),
            observations: p.case.case.observations.len(),
            folded_out: p.folded_out,
            baseline_rank,
        });
        fold_reports.push(fr.report);
        nested.push(fr.nested);
        open_out.push(fr.open);
        in_sample.push(fr.in_sample);
        defaults.push(fr.defaults);
    }
    let campaign_report = CampaignReport {
        n: n_c,
        attrib: summarise(&nested),
        attrib_final_in_sample: summarise(&in_sample),
        attrib_defaults: summarise(&defaults),
        baselines: baselines::NAMES
            .iter()
            .enumerate()
            .map(|(b, name)| (name.to_string(), baseline_metrics(&base_ranks[b])))
            .collect(),
        cases: case_lines,
    };

    // 3. Synthetic (in-sample), final constants, full pack.
    let index = Index::new(pack.clone(), Some(final_params.clone()))?;
    let synth = cases::synthetic(&index, &cfg.synthetic);
    let profiles = baselines::Profiles::new(pack);
    let scored: Vec<(Outcome, Vec<Option<Rank>>)> =
        par_map(&synth, |ec| -> Result<(Outcome, Vec<Option<Rank>>)> {
            let sponsor = sponsor_of(&index, &ec.truth);
            Ok((
                outcome(ec, &ec.truth, sponsor, &score(&ec.case, &index, &FAST)?),
                baseline_ranks(pack, &profiles, ec),
            ))
        })
        .into_iter()
        .collect::<Result<_>>()?;
    let mut s_out = Vec::new();
    let mut s_ranks: Vec<Vec<Option<Rank>>> = vec![Vec::new(); baselines::NAMES.len()];
    for (o, br) in scored {
        s_out.push(o);
        for (b, r) in br.into_iter().enumerate() {
            s_ranks[b].push(r);
        }
    }
    let groups = synth
        .iter()
        .map(|c| &c.truth[0])
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let synthetic = SyntheticReport {
        in_sample: true,
        n: synth.len(),
        groups,
        draws_per_group: cfg.synthetic.draws,
        share: cfg.synthetic.share,
        noise: cfg.synthetic.noise,
        attrib: summarise(&s_out),
        baselines: baselines::NAMES
            .iter()
            .enumerate()
            .map(|(b, name)| (name.to_string(), baseline_metrics(&s_ranks[b])))
            .collect(),
        reliability_diagram: diagram(&s_out),
    };

    // 4. Open world (nested constants).
    let n_o = open_out.len().max(1) as f64;
    let open_world = OpenWorldReport {
        n: open_out.len(),
        unlisted_leads: r4(open_out.iter().filter(|o| o.leader == "unlisted").count() as f64 / n_o),
        mean_p_unlisted: r4(open_out.iter().map(|o| o.p_unlisted).sum::<f64>() / n_o),
        mean_p_wrong_listed: r4(open_out.iter().map(|o| 1.0 - o.p_unlisted).sum::<f64>() / n_o),
        mean_p_same_sponsor: r4(open_out
            .iter()
            .map(|o| o.p_same_sponsor.unwrap_or(0.0))
            .sum::<f64>()
            / n_o),
        log_loss: r4(metrics::log_loss(
            &open_out.iter().map(|o| o.p_unlisted).collect::<Vec<_>>(),
        )),
        cases: open_out.iter().map(round_outcome).collect(),
    };

    let mut campaign_report = campaign_report;
    for c in campaign_report.cases.iter_mut() {
        c.attrib = round_outcome(&c.attrib);
    }
    Ok(Evaluation {
        pack: PackInfo {
            version: pack.version.clone(),
            sha256: data_sha256(pack),
            profiles: pack.profiles.len(),
            profiles_with_capability: pack
                .profiles
                .iter()
                .filter(|p| !p.techniques.is_empty() || !p.software.is_empty())
                .count(),
        },
        reliability_diagram: diagram(&nested),
        campaigns: campaign_report,
        synthetic,
        open_world,
        fit: FitReport {
            grid: cfg.grid.clone(),
            open_weight: cfg.open_weight,
            folds: fold_reports,
            final_params,
            final_train_loss: r4(final_loss),
        },
    })
}

fn round_outcome(o: &Outcome) -> Outcome {
    Outcome {
        expected_rank: r4(o.expected_rank),
        p_truth: r4(o.p_truth),
        p_leader: r4(o.p_leader),
        brier: r4(o.brier),
        p_unlisted: r4(o.p_unlisted),
        p_sponsor: o.p_sponsor.map(r4),
        p_same_sponsor: o.p_same_sponsor.map(r4),
        ..o.clone()
    }
}
