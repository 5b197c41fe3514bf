//! The evaluation harness behind `attrib eval`: are the probabilities right?
//!
//! One deterministic run (fixed seeds, ordered maps, no clocks) that
//!
//! * builds the held-out report cases from ATT&CK's per-relationship citations ([`reports`]),
//!   each with what the pack knows only from that report folded out of its group;
//! * fits the free constants by cross-validation grouped by actor ([`fit`]): every case is
//!   scored with constants fitted on cases of *other* groups only (nested);
//! * scores the same cases with the true group removed (open world), and with the baselines
//!   public tools use ([`baselines`]);
//! * scores ATT&CK's attributed campaigns, documented real incidents ([`incidents`]) and seeded
//!   synthetic incidents (in-sample) as further tables;
//!
//! and reports ranking metrics, log-loss, Brier, expected calibration error with bootstrap
//! intervals and a reliability diagram ([`metrics`]) as JSON and Markdown
//! (`docs/EVALUATION.md`).

pub(crate) mod baselines;
pub mod cases;
pub mod fit;
pub mod incidents;
pub mod metrics;
mod report;
pub mod reports;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::case::{Case, Kind};
use crate::error::Result;
use crate::index::Index;
use crate::model::{raw_evidence, score, Params, ScoreOptions, ScoreResult, UNLISTED_ID};
use crate::pack::Pack;
use crate::Name;
use cases::{EvalCase, SyntheticSpec};
use fit::{Grid, Inner, Outer, Surrogate};
use incidents::Incident;
use metrics::{Prediction, Rank, RankMetrics};
use reports::{Citations, ReportCase};

pub use report::{markdown, reliability_svg, summary};

/// What to run.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalConfig {
    /// Synthetic incidents.
    pub synthetic: SyntheticSpec,
    /// Search grid of the fit.
    pub grid: Grid,
    /// Weight of the open-world cases in the fitting loss: the share of incidents assumed to
    /// come from actors outside the pack (declared, like the unlisted prior).
    pub open_weight: f64,
    /// Bootstrap resamples for the intervals.
    pub bootstrap: usize,
    /// At most this many report cases (0: all), for quick runs and tests.
    pub max_reports: usize,
}

impl Default for EvalConfig {
    fn default() -> Self {
        EvalConfig {
            synthetic: SyntheticSpec::default(),
            grid: Grid::default(),
            open_weight: Params::default().unlisted_prior,
            bootstrap: 1000,
            max_reports: 0,
        }
    }
}

/// What the evaluation reads.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    /// The profile pack.
    pub pack: &'a Pack,
    /// ATT&CK's relationship citations (from the STIX bundle), for the report protocol.
    pub citations: Option<&'a Citations>,
    /// Documented real incidents.
    pub incidents: &'a [Incident],
}

/// Options used for every scoring in the harness: no Monte Carlo, no sensitivity, all hypotheses.
pub(crate) const FAST: ScoreOptions = ScoreOptions {
    samples: Some(0),
    seed: None,
    excluded: None,
    planted: None,
    sensitivity: false,
    top: 0,
    sequence: crate::model::Sequence::Lattice,
};

/// `f` over `items` on up to `available_parallelism` threads (at most 4), results in item
/// order, so the output does not depend on the thread count; sequential where threads are not
/// available.
pub(crate) fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4);
    if threads <= 1 || items.len() < 2 {
        return items.iter().map(&f).collect();
    }
    // Interleaved chunks of one item, so uneven costs spread over the threads.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let f = &f;
    let next = &next;
    let mut parts: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(move || {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if i >= items.len() {
                            break;
                        }
                        out.push((i, f(&items[i])));
                    }
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("an evaluation worker panicked"))
            .collect()
    });
    parts.sort_by_key(|(i, _)| *i);
    parts.into_iter().map(|(_, r)| r).collect()
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
    /// The leading state (sponsor roll-up).
    pub state_leader: String,
}

/// Attrib's outcome on a result, with truth `truth` (profile IDs; `unlisted` forces the
/// unlisted actor as the truth) and the truth's sponsor.
pub(crate) fn outcome(
    id: &str,
    name: &str,
    truth: &[String],
    sponsor: Option<String>,
    r: &ScoreResult,
) -> Outcome {
    let mut t: Vec<String> = truth
        .iter()
        .filter(|id| r.hypotheses.iter().any(|h| &h.id == *id))
        .cloned()
        .collect();
    let absent = t.is_empty() && !truth.iter().all(|x| x == UNLISTED_ID);
    let unlisted_truth = t.is_empty();
    if unlisted_truth {
        t = vec![UNLISTED_ID.to_string()];
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
    let p_leader = if r.leader == UNLISTED_ID {
        r.unlisted.probability
    } else {
        r.hypotheses
            .iter()
            .find(|h| h.id == r.leader)
            .map_or(0.0, |h| h.probability)
    };
    let levels = &r.levels.sponsor;
    let (sponsor_rank, p_sponsor) = match &sponsor {
        Some(s) => {
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
    let rank = Rank::of(best, &others);
    Outcome {
        id: id.to_string(),
        name: name.to_string(),
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
        state_leader: levels.first().map_or(String::new(), |l| l.id.to_string()),
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
    /// Top-10 accuracy.
    pub top10: f64,
    /// Mean reciprocal rank.
    pub mrr: f64,
    /// Sponsor-level top-1 (cases whose truth has a known sponsor).
    pub sponsor_top1: f64,
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
    /// Share of cases the unlisted actor leads.
    pub unlisted_leads: f64,
}

/// Summarise outcomes.
pub(crate) fn summarise(out: &[Outcome]) -> AttribMetrics {
    if out.is_empty() {
        return AttribMetrics::default();
    }
    let n = out.len() as f64;
    let ranks: Vec<Option<Rank>> = out.iter().map(|o| Some(o.rank)).collect();
    let rm: RankMetrics = metrics::rank_metrics(&ranks);
    let sp: Vec<Option<Rank>> = out
        .iter()
        .filter(|o| o.sponsor_rank.is_some())
        .map(|o| o.sponsor_rank)
        .collect();
    let sm = metrics::rank_metrics(&sp);
    AttribMetrics {
        n: out.len(),
        top1: r4(rm.top1),
        top3: r4(rm.top3),
        top10: r4(rm.top10),
        mrr: r4(rm.mrr),
        sponsor_top1: r4(sm.top1),
        sponsor_n: sp.len(),
        log_loss: r4(metrics::log_loss(
            &out.iter().map(|o| o.p_truth).collect::<Vec<_>>(),
        )),
        brier: r4(out.iter().map(|o| o.brier).sum::<f64>() / n),
        ece: r4(metrics::ece(&predictions(out))),
        mean_p_truth: r4(out.iter().map(|o| o.p_truth).sum::<f64>() / n),
        mean_p_leader: r4(out.iter().map(|o| o.p_leader).sum::<f64>() / n),
        unlisted_leads: r4(out.iter().filter(|o| o.leader == UNLISTED_ID).count() as f64 / n),
    }
}

/// Top-label predictions for calibration.
pub(crate) fn predictions(out: &[Outcome]) -> Vec<Prediction> {
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
    /// Top-10.
    pub top10: f64,
    /// MRR.
    pub mrr: f64,
}

fn baseline_metrics(ranks: &[Option<Rank>]) -> BaselineMetrics {
    let m = metrics::rank_metrics(ranks);
    BaselineMetrics {
        top1: r4(m.top1),
        top3: r4(m.top3),
        top10: r4(m.top10),
        mrr: r4(m.mrr),
    }
}

fn baselines_of(ranks: &[Vec<Option<Rank>>]) -> BTreeMap<String, BaselineMetrics> {
    baselines::NAMES
        .iter()
        .enumerate()
        .map(|(b, name)| {
            let col: Vec<Option<Rank>> = ranks.iter().map(|r| r[b]).collect();
            (name.to_string(), baseline_metrics(&col))
        })
        .collect()
}

/// Ranks of the truth under each baseline for one case (against `pack`'s profiles).
fn baseline_ranks(pack: &Pack, case: &Case, truth: &[String]) -> Vec<Option<Rank>> {
    let profiles = baselines::Profiles::new(pack);
    let observed: BTreeSet<String> = case
        .observations
        .iter()
        .filter(|o| matches!(o.kind, Kind::Technique | Kind::Software))
        .map(|o| cases::canonical(pack, &o.value))
        .collect();
    baselines::NAMES
        .iter()
        .map(|name| {
            let s = profiles.scores(name, &observed);
            let t: Vec<usize> = profiles
                .sets
                .iter()
                .enumerate()
                .filter(|(_, (id, _))| truth.contains(id))
                .map(|(i, _)| i)
                .collect();
            if t.is_empty() {
                return None;
            }
            let best = t.iter().map(|&i| s[i]).fold(f64::NEG_INFINITY, f64::max);
            let others: Vec<f64> = s
                .iter()
                .enumerate()
                .filter(|(i, _)| !t.contains(i))
                .map(|(_, &x)| x)
                .collect();
            Some(Rank::of(best, &others))
        })
        .collect()
}

/// Sponsor of the first truth ID the index resolves one for.
fn sponsor_of(index: &Index, ids: &[String]) -> Option<String> {
    ids.iter().find_map(|id| {
        index
            .position(id)
            .and_then(|p| index.prepared()[p].sponsor.clone())
    })
}

/// The held-out report protocol's results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportsReport {
    /// Cases.
    pub n: usize,
    /// Groups the cases come from.
    pub groups: usize,
    /// Attrib, nested (constants fitted on other groups' reports only).
    pub attrib: AttribMetrics,
    /// 90 % cluster-bootstrap interval (by group) of the nested top-1.
    pub top1_interval: [f64; 2],
    /// 90 % cluster-bootstrap interval of the nested ECE.
    pub ece_interval: [f64; 2],
    /// ECE of the leader over the declared population: these cases weighted `1 - w` and the
    /// same cases with their group removed weighted `w` (the open-world weight, equal to the
    /// unlisted prior). The model's probabilities assume that mix, so this is the calibration a
    /// reader relies on.
    pub ece_declared_mix: f64,
    /// Attrib with the default constants (nothing fitted).
    pub attrib_defaults: AttribMetrics,
    /// Attrib with the final constants (in-sample, optimistic).
    pub attrib_final_in_sample: AttribMetrics,
    /// Baselines, ranking the profiles with capability data, same folding.
    pub baselines: BTreeMap<String, BaselineMetrics>,
    /// The same cases with the true group removed from the pack.
    pub open_world: OpenWorld,
    /// Reliability diagram (nested), leader's probability.
    pub reliability_diagram: Vec<ReliabilityRow>,
    /// Per case (nested).
    pub cases: Vec<ReportLine>,
}

/// One report's line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportLine {
    /// The report's citation key.
    pub citation: String,
    /// Its URL, if known.
    pub url: Option<String>,
    /// The group.
    pub group: String,
    /// Techniques and software the report documents.
    pub observations: usize,
    /// Features folded out of the group.
    pub folded_out: usize,
    /// Attrib's expected rank of the truth.
    pub rank: f64,
    /// Probability of the truth.
    pub p_truth: f64,
    /// The leader.
    pub leader: String,
    /// The leader's probability.
    pub p_leader: f64,
    /// TF-IDF's expected rank of the truth.
    pub tfidf_rank: Option<f64>,
}

/// Open-world results.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct OpenWorld {
    /// Cases.
    pub n: usize,
    /// Share of cases in which the unlisted actor leads.
    pub unlisted_leads: f64,
    /// Mean probability of the unlisted actor.
    pub mean_p_unlisted: f64,
    /// Log-loss of the unlisted actor's probability.
    pub log_loss: f64,
    /// Share of cases whose leading state is the true group's sponsor (cases with a sponsor).
    pub sponsor_top1: f64,
}

fn open_world(out: &[Outcome]) -> OpenWorld {
    if out.is_empty() {
        return OpenWorld::default();
    }
    let n = out.len() as f64;
    let with_sponsor: Vec<&Outcome> = out.iter().filter(|o| o.sponsor.is_some()).collect();
    OpenWorld {
        n: out.len(),
        unlisted_leads: r4(out.iter().filter(|o| o.leader == UNLISTED_ID).count() as f64 / n),
        mean_p_unlisted: r4(out.iter().map(|o| o.p_unlisted).sum::<f64>() / n),
        log_loss: r4(metrics::log_loss(
            &out.iter().map(|o| o.p_unlisted).collect::<Vec<_>>(),
        )),
        sponsor_top1: r4(with_sponsor
            .iter()
            .filter(|o| o.sponsor.as_deref() == Some(o.state_leader.as_str()))
            .count() as f64
            / with_sponsor.len().max(1) as f64),
    }
}

/// Campaign results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CampaignReport {
    /// Campaigns.
    pub n: usize,
    /// Attrib, constants fitted on reports of other groups (nested at group level).
    pub attrib: AttribMetrics,
    /// Baselines.
    pub baselines: BTreeMap<String, BaselineMetrics>,
    /// The same campaigns with the true group removed.
    pub open_world: OpenWorld,
    /// Per campaign.
    pub cases: Vec<Outcome>,
}

/// Documented real incidents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncidentReport {
    /// Incidents.
    pub n: usize,
    /// Incidents whose truth is an ATT&CK group.
    pub with_group: usize,
    /// Of those, the right cluster in the top 3.
    pub cluster_top3: f64,
    /// Of those, the right cluster first.
    pub cluster_top1: f64,
    /// Incidents whose sources name a sponsor.
    pub with_sponsor: usize,
    /// Of those, the right state first at state level.
    pub state_top1: f64,
    /// Incidents by actors outside ATT&CK.
    pub unlisted_truth: usize,
    /// Of those, the unlisted actor first.
    pub unlisted_top1: f64,
    /// Attrib's metrics over every incident.
    pub attrib: AttribMetrics,
    /// Per incident.
    pub cases: Vec<Outcome>,
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

/// The fit: procedure and constants.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FitReport {
    /// What was searched.
    pub grid: Grid,
    /// Open-world weight in the loss.
    pub open_weight: f64,
    /// Constants fitted on every report (written to `data/params.json`).
    pub final_params: Params,
    /// Mean training loss of the final fit.
    pub final_train_loss: f64,
    /// How often each value was chosen across the folds, per constant.
    pub fold_choices: BTreeMap<String, BTreeMap<String, usize>>,
    /// Constants whose final value sits at an edge of its grid.
    pub at_edge: Vec<String>,
}

/// SHA-256 of the pack's data without the fitted constants it carries: those are this run's
/// output, so including them would make `make eval` chase its own tail.
fn data_sha256(pack: &Pack) -> String {
    let mut data = pack.clone();
    data.params = None;
    data.sources.retain(|s| s.name != "fitted model constants");
    data.seal();
    data.sha256.to_string()
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
    /// Held-out reports (the headline).
    pub reports: ReportsReport,
    /// Campaign leave-out.
    pub campaigns: CampaignReport,
    /// Documented incidents.
    pub incidents: IncidentReport,
    /// Synthetic incidents.
    pub synthetic: SyntheticReport,
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

/// A case prepared for the run: the case, its truth and the packs it is scored against.
struct Prepared {
    case: EvalCase,
    closed: Pack,
    open: Pack,
}

impl Prepared {
    fn indexes(&self, prm: &Params) -> Result<(Index, Index)> {
        Ok((
            Index::new(self.closed.clone(), Some(prm.clone()))?,
            Index::new(self.open.clone(), Some(prm.clone()))?,
        ))
    }
}

fn report_case(rc: &ReportCase) -> EvalCase {
    let mut obs: Vec<crate::case::Observation> = rc
        .techniques
        .iter()
        .map(|t| cases::graded(Kind::Technique, t))
        .collect();
    obs.extend(rc.software.iter().map(|s| cases::graded(Kind::Software, s)));
    let mut case = Case::new(obs);
    case.title = Some(format!("{} ({})", rc.citation, rc.group));
    EvalCase {
        id: format!("report:{}:{}", rc.group, rc.citation),
        name: rc.citation.clone(),
        truth: vec![rc.group.clone()],
        case,
    }
}

/// The loss of every setting on one case, closed and open world mixed by `open_weight`.
fn case_losses(p: &Prepared, base: &Params, grid: &Grid, open_weight: f64) -> Result<Vec<f64>> {
    let (mut closed, mut open) = p.indexes(base)?;
    let outers = grid.outer();
    let mut out = Vec::with_capacity(outers.len() * grid.inner().len());
    for &o in &outers {
        let raw = fit::raw_params(base, o);
        closed.set_params(raw.clone());
        open.set_params(raw);
        let sc = Surrogate::new(&raw_evidence(&p.case.case, &closed)?, &p.case.truth);
        let so = Surrogate::new(&raw_evidence(&p.case.case, &open)?, &[]);
        let (lc, lo) = (sc.losses(base, grid), so.losses(base, grid));
        out.extend(
            lc.iter()
                .zip(&lo)
                .map(|(c, o)| (1.0 - open_weight) * c + open_weight * o),
        );
    }
    Ok(out)
}

/// Everything scored about one case under its fold's constants.
struct Scored {
    nested: Outcome,
    open: Outcome,
    defaults: Outcome,
    in_sample: Outcome,
    baselines: Vec<Option<Rank>>,
}

fn score_case(p: &Prepared, fold: &Params, fin: &Params, defaults: &Params) -> Result<Scored> {
    let (mut closed, mut open) = p.indexes(fold)?;
    let sponsor = sponsor_of(&closed, &p.case.truth);
    let c = &p.case;
    let run = |index: &Index, truth: &[String]| -> Result<Outcome> {
        Ok(outcome(
            &c.id,
            &c.name,
            truth,
            sponsor.clone(),
            &score(&c.case, index, &FAST)?,
        ))
    };
    let nested = run(&closed, &c.truth)?;
    let open_out = run(&open, &[UNLISTED_ID.to_string()])?;
    closed.set_params(defaults.clone());
    let defaults = run(&closed, &c.truth)?;
    closed.set_params(fin.clone());
    let in_sample = run(&closed, &c.truth)?;
    open.set_params(fin.clone());
    Ok(Scored {
        nested,
        open: open_out,
        defaults,
        in_sample,
        baselines: baseline_ranks(&p.closed, &c.case, &c.truth),
    })
}

/// ECE over the closed-world outcomes weighted `1 - w` and the open-world ones weighted `w`.
fn mixed_ece(scored: &[Scored], w: f64) -> f64 {
    let pred = |o: &Outcome| Prediction {
        confidence: o.p_leader,
        correct: o.correct,
    };
    let mix: Vec<(Prediction, f64)> = scored
        .iter()
        .flat_map(|s| [(pred(&s.nested), 1.0 - w), (pred(&s.open), w)])
        .collect();
    metrics::ece_weighted(&mix)
}

/// Run the whole evaluation.
pub fn evaluate(inputs: Inputs, cfg: &EvalConfig) -> Result<Evaluation> {
    let pack = inputs.pack;
    let rcs = chosen_reports(inputs.citations, pack, cfg.max_reports);
    let prepared: Vec<Prepared> = rcs.iter().map(|rc| prepare_report(pack, rc)).collect();
    let mut fit = Fit::new(&prepared, cfg)?;
    let reports = reports_report(&prepared, &rcs, &mut fit, cfg)?;
    let campaigns = campaigns_report(pack, &mut fit)?;
    let incidents = incidents_scored(&inputs, &mut fit)?;
    let synthetic = synthetic_report(pack, &fit.final_params, &cfg.synthetic)?;
    Ok(Evaluation {
        pack: pack_info(pack),
        reports,
        campaigns,
        incidents,
        synthetic,
        fit: fit.report(cfg),
    })
}

/// The report cases of the bundle's citations, at most `max` of them (0: all) spread evenly over
/// the ordered list, for quick runs.
fn chosen_reports(citations: Option<&Citations>, pack: &Pack, max: usize) -> Vec<ReportCase> {
    let rcs: Vec<ReportCase> = citations
        .map(|c| reports::report_cases(c, pack))
        .unwrap_or_default();
    if max == 0 || rcs.len() <= max {
        return rcs;
    }
    let step = rcs.len() as f64 / max as f64;
    (0..max)
        .map(|k| rcs[(k as f64 * step) as usize].clone())
        .collect()
}

/// A report case with the report folded out of its group (closed world) and the group removed
/// (open world).
fn prepare_report(pack: &Pack, rc: &ReportCase) -> Prepared {
    let closed = reports::fold_out(pack, rc);
    let open = cases::without(&closed, std::slice::from_ref(&rc.group));
    Prepared {
        case: report_case(rc),
        closed,
        open,
    }
}

/// The fit over the report cases: every setting's loss on every case, the final constants, and
/// the constants each fold chooses.
struct Fit {
    /// The defaults, not `pack.params`: the fit must not depend on a previous fit.
    base: Params,
    outers: Vec<Outer>,
    inners: Vec<Inner>,
    /// `loss[setting][case]`.
    loss: Vec<Vec<f64>>,
    truths: Vec<Vec<String>>,
    final_setting: usize,
    final_loss: f64,
    final_params: Params,
    /// The setting fitted without the reports of a truth's groups, by truth.
    folds: BTreeMap<Vec<String>, usize>,
}

impl Fit {
    fn new(prepared: &[Prepared], cfg: &EvalConfig) -> Result<Fit> {
        let base = Params::default();
        let (outers, inners) = (cfg.grid.outer(), cfg.grid.inner());
        let per_case: Vec<Vec<f64>> = par_map(prepared, |p| {
            case_losses(p, &base, &cfg.grid, cfg.open_weight)
        })
        .into_iter()
        .collect::<Result<_>>()?;
        let loss: Vec<Vec<f64>> = (0..outers.len() * inners.len())
            .map(|s| per_case.iter().map(|row| row[s]).collect())
            .collect();
        drop(per_case);
        let truths: Vec<Vec<String>> = prepared.iter().map(|p| p.case.truth.clone()).collect();
        let all: Vec<usize> = (0..prepared.len()).collect();
        let (final_setting, final_loss) = if prepared.is_empty() {
            (0, 0.0)
        } else {
            fit::argmin(&loss, &all)
        };
        let mut fit = Fit {
            final_params: base.clone(),
            base,
            outers,
            inners,
            loss,
            truths,
            final_setting,
            final_loss,
            folds: BTreeMap::new(),
        };
        if !prepared.is_empty() {
            fit.final_params = fit.params_at(final_setting);
        }
        Ok(fit)
    }

    /// The outer and inner settings of setting `s`.
    fn setting(&self, s: usize) -> (Outer, Inner) {
        let n = self.inners.len();
        (self.outers[s / n], self.inners[s % n])
    }

    fn params_at(&self, s: usize) -> Params {
        let (o, i) = self.setting(s);
        fit::params_of(&self.base, o, i)
    }

    /// The setting for a case whose truth is `truth`: fitted without any report of those groups.
    fn fold_setting(&mut self, truth: &[String]) -> usize {
        if self.truths.is_empty() {
            return self.final_setting;
        }
        let (loss, truths) = (&self.loss, &self.truths);
        *self
            .folds
            .entry(truth.to_vec())
            .or_insert_with(|| fit::argmin(loss, &fit::training_cases(truths, truth)).0)
    }

    /// Each case scored under its fold's constants, the final ones and the defaults.
    fn score_all(&mut self, prepared: &[Prepared]) -> Result<Vec<Scored>> {
        let settings: Vec<usize> = prepared
            .iter()
            .map(|p| self.fold_setting(&p.case.truth))
            .collect();
        let idx: Vec<usize> = (0..prepared.len()).collect();
        par_map(&idx, |&k| {
            score_case(
                &prepared[k],
                &self.params_at(settings[k]),
                &self.final_params,
                &self.base,
            )
        })
        .into_iter()
        .collect()
    }

    /// What the fit chose: the final constants, how often each fold chose each value, and
    /// which constants sit at the edge of their grid.
    fn report(mut self, cfg: &EvalConfig) -> FitReport {
        let truth_groups: BTreeSet<String> = self.truths.iter().flatten().cloned().collect();
        let mut fold_choices: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        for g in &truth_groups {
            let fold = self.fold_setting(std::slice::from_ref(g));
            let (o, i) = self.setting(fold);
            for (name, v) in [
                ("mu_technique", o.mu_technique),
                ("mu_software", o.mu_software),
                ("tau_capability", i.tau_capability),
                ("facet_cap", i.facet_cap),
                ("prior_exponent", i.prior_exponent),
            ] {
                *fold_choices
                    .entry(name.to_string())
                    .or_default()
                    .entry(v.to_string())
                    .or_default() += 1;
            }
        }
        let g = &cfg.grid;
        let fp = &self.final_params;
        let at_edge = [
            ("mu_technique", &g.mu_technique, fp.mu_technique),
            ("mu_software", &g.mu_software, fp.mu_software),
            ("tau_capability", &g.tau_capability, fp.tau_capability),
            ("facet_cap", &g.facet_cap, fp.facet_cap),
            ("prior_exponent", &g.prior_exponent, fp.prior_exponent),
        ]
        .iter()
        .filter(|(_, grid, v)| {
            grid.len() > 1 && (grid.first() == Some(v) || grid.last() == Some(v))
        })
        .map(|(n, _, _)| n.to_string())
        .collect();
        FitReport {
            grid: cfg.grid.clone(),
            open_weight: cfg.open_weight,
            final_params: self.final_params,
            final_train_loss: r4(self.final_loss),
            fold_choices,
            at_edge,
        }
    }
}

/// The held-out reports: each scored with constants fitted on other groups' reports, with
/// bootstrap intervals over groups.
fn reports_report(
    prepared: &[Prepared],
    rcs: &[ReportCase],
    fit: &mut Fit,
    cfg: &EvalConfig,
) -> Result<ReportsReport> {
    let scored = fit.score_all(prepared)?;
    let nested: Vec<Outcome> = scored.iter().map(|s| s.nested.clone()).collect();
    let by_group = |out: &[Outcome]| -> Vec<Vec<Outcome>> {
        let mut m: BTreeMap<&String, Vec<Outcome>> = BTreeMap::new();
        for (o, p) in out.iter().zip(prepared) {
            m.entry(&p.case.truth[0]).or_default().push(o.clone());
        }
        m.into_values().collect()
    };
    let clusters = by_group(&nested);
    let top1_interval = metrics::bootstrap(&clusters, cfg.bootstrap, 20_261, |xs| {
        xs.iter().map(|o| o.rank.top(1)).sum::<f64>() / xs.len().max(1) as f64
    })
    .map(r4);
    let ece_interval = metrics::bootstrap(&clusters, cfg.bootstrap, 20_262, |xs| {
        let preds: Vec<Prediction> = xs
            .iter()
            .map(|o| Prediction {
                confidence: o.p_leader,
                correct: o.correct,
            })
            .collect();
        metrics::ece(&preds)
    })
    .map(r4);
    let report_lines: Vec<ReportLine> = prepared
        .iter()
        .zip(rcs)
        .zip(&scored)
        .map(|((p, rc), s)| ReportLine {
            citation: rc.citation.clone(),
            url: rc.url.clone(),
            group: rc.group.clone(),
            observations: p.case.case.observations.len(),
            folded_out: rc.only_here.len(),
            rank: r4(s.nested.expected_rank),
            p_truth: r4(s.nested.p_truth),
            leader: s.nested.leader.clone(),
            p_leader: r4(s.nested.p_leader),
            tfidf_rank: s.baselines[2].map(|r| r4(r.expected())),
        })
        .collect();
    let each = |f: fn(&Scored) -> Outcome| scored.iter().map(f).collect::<Vec<_>>();
    Ok(ReportsReport {
        n: prepared.len(),
        groups: clusters.len(),
        attrib: summarise(&nested),
        top1_interval,
        ece_interval,
        ece_declared_mix: r4(mixed_ece(&scored, cfg.open_weight)),
        attrib_defaults: summarise(&each(|s| s.defaults.clone())),
        attrib_final_in_sample: summarise(&each(|s| s.in_sample.clone())),
        baselines: baselines_of(
            &scored
                .iter()
                .map(|s| s.baselines.clone())
                .collect::<Vec<_>>(),
        ),
        open_world: open_world(&each(|s| s.open.clone())),
        reliability_diagram: diagram(&nested),
        cases: report_lines,
    })
}

/// The ATT&CK campaigns, each with its own evidence folded out of its group, nested at group
/// level.
fn campaigns_report(pack: &Pack, fit: &mut Fit) -> Result<CampaignReport> {
    let mut campaigns = pack.campaigns.clone();
    campaigns.sort_by(|a, b| a.id.cmp(&b.id));
    let prepared: Vec<Prepared> = campaigns
        .iter()
        .map(|c| {
            let closed = cases::fold_out(pack, c);
            let truth: Vec<String> = c.attributed_to.iter().map(Name::to_string).collect();
            let open = cases::without(&closed, &truth);
            Prepared {
                case: cases::campaign_case(c),
                closed,
                open,
            }
        })
        .collect();
    let scored = fit.score_all(&prepared)?;
    let nested: Vec<Outcome> = scored.iter().map(|s| s.nested.clone()).collect();
    Ok(CampaignReport {
        n: prepared.len(),
        attrib: summarise(&nested),
        baselines: baselines_of(
            &scored
                .iter()
                .map(|s| s.baselines.clone())
                .collect::<Vec<_>>(),
        ),
        open_world: open_world(&scored.iter().map(|s| s.open.clone()).collect::<Vec<_>>()),
        cases: nested.iter().map(round_outcome).collect(),
    })
}

/// The documented incidents: constants fitted without the incident's groups; whatever ATT&CK
/// knows only from the incident's own sources is folded out of those groups first.
fn incidents_scored(inputs: &Inputs, fit: &mut Fit) -> Result<IncidentReport> {
    let settings: Vec<usize> = inputs
        .incidents
        .iter()
        .map(|i| fit.fold_setting(&i.groups))
        .collect();
    let fit = &*fit;
    let out: Vec<Outcome> = par_map(
        &inputs.incidents.iter().zip(&settings).collect::<Vec<_>>(),
        |&(inc, &s)| -> Result<Outcome> {
            let folded = fold_incident(inputs.pack, inputs.citations, inc);
            let index = Index::new(folded, Some(fit.params_at(s)))?;
            let truth = if inc.groups.is_empty() {
                vec![UNLISTED_ID.to_string()]
            } else {
                inc.groups.clone()
            };
            let r = score(&inc.case, &index, &FAST)?;
            Ok(outcome(
                &inc.file,
                inc.case.title.as_deref().unwrap_or(&inc.file),
                &truth,
                inc.sponsor.clone(),
                &r,
            ))
        },
    )
    .into_iter()
    .collect::<Result<_>>()?;
    Ok(incident_report(inputs.incidents, &out))
}

/// Synthetic incidents drawn from the profiles themselves (in-sample), scored with the final
/// constants against the full pack.
fn synthetic_report(pack: &Pack, params: &Params, spec: &SyntheticSpec) -> Result<SyntheticReport> {
    let index = Index::new(pack.clone(), Some(params.clone()))?;
    let synth = cases::synthetic(&index, spec);
    let scored: Vec<(Outcome, Vec<Option<Rank>>)> = par_map(&synth, |ec| -> Result<_> {
        let sponsor = sponsor_of(&index, &ec.truth);
        let r = score(&ec.case, &index, &FAST)?;
        Ok((
            outcome(&ec.id, &ec.name, &ec.truth, sponsor, &r),
            baseline_ranks(pack, &ec.case, &ec.truth),
        ))
    })
    .into_iter()
    .collect::<Result<_>>()?;
    let out: Vec<Outcome> = scored.iter().map(|(o, _)| o.clone()).collect();
    let groups = synth
        .iter()
        .map(|c| &c.truth[0])
        .collect::<BTreeSet<_>>()
        .len();
    Ok(SyntheticReport {
        in_sample: true,
        n: synth.len(),
        groups,
        draws_per_group: spec.draws,
        share: spec.share,
        noise: spec.noise,
        attrib: summarise(&out),
        baselines: baselines_of(&scored.iter().map(|(_, b)| b.clone()).collect::<Vec<_>>()),
        reliability_diagram: diagram(&out),
    })
}

/// The pack's name, data seal and size.
fn pack_info(pack: &Pack) -> PackInfo {
    PackInfo {
        version: pack.version.to_string(),
        sha256: data_sha256(pack),
        profiles: pack.profiles.len(),
        profiles_with_capability: pack
            .profiles
            .iter()
            .filter(|p| !p.techniques.is_empty() || !p.software.is_empty())
            .count(),
    }
}

/// The pack with what ATT&CK knows about the incident's groups only from the incident's own
/// sources folded out (matched by URL), so a famous incident does not vouch for itself.
fn fold_incident(pack: &Pack, citations: Option<&Citations>, inc: &Incident) -> Pack {
    let Some(c) = citations else {
        return pack.clone();
    };
    let urls = incidents::source_urls(&inc.case);
    let norm = |u: &str| {
        u.trim_end_matches('/')
            .to_ascii_lowercase()
            .replace("http://", "https://")
    };
    let urls: BTreeSet<String> = urls.iter().map(|u| norm(u)).collect();
    let own: BTreeSet<&String> = c
        .urls
        .iter()
        .filter(|(_, u)| urls.contains(&norm(u)))
        .map(|(k, _)| k)
        .collect();
    if own.is_empty() {
        return pack.clone();
    }
    let mut out = pack.clone();
    for p in out
        .profiles
        .iter_mut()
        .filter(|p| inc.groups.iter().any(|g| *g == p.id))
    {
        let Some(feats) = c.support.get(p.id.as_str()) else {
            continue;
        };
        let gone: BTreeSet<&str> = feats
            .iter()
            .filter(|(_, rels)| {
                rels.iter()
                    .all(|r| !r.is_empty() && r.iter().all(|x| own.contains(x)))
            })
            .map(|(f, _)| f.as_str())
            .collect();
        p.techniques.retain(|t| !gone.contains(t.as_str()));
        p.software.retain(|s| !gone.contains(s.as_str()));
    }
    out
}

fn incident_report(incidents: &[Incident], out: &[Outcome]) -> IncidentReport {
    let grouped: Vec<&Outcome> = incidents
        .iter()
        .zip(out)
        .filter(|(i, _)| !i.groups.is_empty())
        .map(|(_, o)| o)
        .collect();
    let unlisted: Vec<&Outcome> = incidents
        .iter()
        .zip(out)
        .filter(|(i, _)| i.groups.is_empty())
        .map(|(_, o)| o)
        .collect();
    let sponsored: Vec<&Outcome> = out.iter().filter(|o| o.sponsor.is_some()).collect();
    let share = |xs: &[&Outcome], f: &dyn Fn(&Outcome) -> f64| {
        r4(xs.iter().map(|o| f(o)).sum::<f64>() / xs.len().max(1) as f64)
    };
    IncidentReport {
        n: out.len(),
        with_group: grouped.len(),
        cluster_top3: share(&grouped, &|o| o.rank.top(3)),
        cluster_top1: share(&grouped, &|o| o.rank.top(1)),
        with_sponsor: sponsored.len(),
        state_top1: share(&sponsored, &|o| o.sponsor_rank.map_or(0.0, |r| r.top(1))),
        unlisted_truth: unlisted.len(),
        unlisted_top1: share(&unlisted, &|o| o.rank.top(1)),
        attrib: summarise(out),
        cases: out.iter().map(round_outcome).collect(),
    }
}

fn round_outcome(o: &Outcome) -> Outcome {
    Outcome {
        expected_rank: r4(o.expected_rank),
        p_truth: r4(o.p_truth),
        p_leader: r4(o.p_leader),
        brier: r4(o.brier),
        p_unlisted: r4(o.p_unlisted),
        p_sponsor: o.p_sponsor.map(r4),
        ..o.clone()
    }
}
