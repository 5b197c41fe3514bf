//! Scoring: likelihood ratios, quality and deception, facet tempering, the posterior, its exact
//! decomposition, the Monte Carlo and the sensitivity analysis.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::result::*;
use super::rng::Rng;
use super::statement;
use crate::case::{Case, Kind, Observation};
use crate::error::{Error, Result};
use crate::index::{Family, Index, Prepared};
use crate::util;

/// Per-call options that are not part of the case file (the page's toggles).
///
/// ```
/// let o = attrib::ScoreOptions::default();
/// assert!(o.sensitivity && o.excluded.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScoreOptions {
    /// Monte Carlo samples (overrides the case's settings); 0 turns the Monte Carlo off.
    pub samples: Option<u32>,
    /// Monte Carlo seed (overrides the case's settings).
    pub seed: Option<u64>,
    /// Observation indices to leave out.
    pub excluded: Vec<usize>,
    /// Observation indices the reader suspects were planted.
    pub planted: Vec<usize>,
    /// Compute pivotal observations and flip weights.
    pub sensitivity: bool,
    /// How many hypotheses to list (0 = all); the rest are summed in `others`.
    pub top: usize,
}

impl Default for ScoreOptions {
    fn default() -> Self {
        ScoreOptions {
            samples: None,
            seed: None,
            excluded: Vec::new(),
            planted: Vec::new(),
            sensitivity: true,
            top: 25,
        }
    }
}

/// The four Diamond-model facets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Facet {
    /// Techniques and software.
    Capability,
    /// Network indicators.
    Infrastructure,
    /// Victim countries and sectors.
    Victim,
    /// Timing, motive, language, trigger events.
    Operations,
}

impl Facet {
    /// The facet of an observation kind.
    ///
    /// ```
    /// use attrib::{case::Kind, model::Facet};
    /// assert_eq!(Facet::of(Kind::Software), Facet::Capability);
    /// ```
    pub fn of(kind: Kind) -> Facet {
        match kind {
            Kind::Technique | Kind::Software => Facet::Capability,
            Kind::Infrastructure => Facet::Infrastructure,
            Kind::VictimCountry | Kind::VictimSector => Facet::Victim,
            Kind::ActivityTime | Kind::Motivation | Kind::Language | Kind::Event => {
                Facet::Operations
            }
        }
    }

    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Facet::Capability => "capability",
            Facet::Infrastructure => "infrastructure",
            Facet::Victim => "victim",
            Facet::Operations => "operations",
        }
    }
}

/// How much an Admiralty grade pair lets an observation count (`c` in MODEL.md), in (0, 1).
///
/// ```
/// let a1 = attrib::model::quality('A', 1);
/// let f6 = attrib::model::quality('F', 6);
/// assert!(a1 < 1.0 && f6 > 0.0 && f6 < a1);
/// ```
pub fn quality(reliability: char, credibility: u8) -> f64 {
    let r = match reliability {
        'A' => 0.95,
        'B' => 0.85,
        'C' => 0.7,
        'D' => 0.5,
        'E' => 0.25,
        _ => 0.4, // F: cannot be judged; weak but not worthless
    };
    let c = match credibility {
        1 => 0.95,
        2 => 0.85,
        3 => 0.7,
        4 => 0.45,
        5 => 0.2,
        _ => 0.4, // 6: cannot be judged
    };
    r * c
}

/// How cheap an indicator is to plant (Pyramid of Pain), in [0, 1].
///
/// ```
/// use attrib::case::Kind;
/// assert!(attrib::model::forgeability(Kind::Infrastructure, "ip:1.2.3.4")
///     > attrib::model::forgeability(Kind::VictimCountry, "KR"));
/// ```
pub fn forgeability(kind: Kind, value: &str) -> f64 {
    match kind {
        Kind::Infrastructure => match value.split(':').next().unwrap_or("") {
            "ip" => 0.9,
            "domain" | "email" => 0.8,
            "cidr" | "cert-sha256" => 0.7,
            _ => 0.6,
        },
        Kind::Language => 0.7,
        Kind::Software => 0.55,
        Kind::Technique => 0.3,
        Kind::ActivityTime => 0.25,
        Kind::Event => 0.2,
        Kind::Motivation => 0.15,
        Kind::VictimCountry | Kind::VictimSector => 0.1,
    }
}

/// Deception weight used for an observation the reader marks as suspected planted.
pub const PLANTED_DECEPTION: f64 = 0.8;

/// Monte Carlo spread of grades, deception and the unlisted prior (logit scale).
const SIGMA_LOGIT: f64 = 0.5;
/// Monte Carlo spread of facet tempering (log scale).
const SIGMA_TAU: f64 = 0.25;
/// Hypotheses the Monte Carlo re-weighs individually (the rest keep their point scores).
const MC_ACTIVE: usize = 25;
/// Largest weight the flip search tries.
const FLIP_MAX: f64 = 10.0;

/// Everything about one included observation that the posterior needs.
struct Item {
    /// Index in the case.
    index: usize,
    facet: Facet,
    /// Base likelihood ratio per competing hypothesis.
    base: Vec<f64>,
    /// Planted-path template ratio, `max(1, max over the pack)`.
    template: f64,
    quality: f64,
    forge: f64,
    planted: bool,
    /// Scale that caps the effective number of timestamps.
    scale: f64,
}

/// Parameters that the Monte Carlo perturbs.
#[derive(Clone)]
struct Draw {
    quality: Vec<f64>,
    deception: f64,
    tau: [f64; 4],
    unlisted_prior: f64,
}

/// A case prepared against an index: the fixed part of every evaluation.
struct Work<'a> {
    index: &'a Index,
    competing: Vec<usize>,
    items: Vec<Item>,
    /// `items[i].base[h]` transposed to `[h][i]`, for the Monte Carlo's inner loop.
    base_by_h: Vec<Vec<f64>>,
    /// Rank of each competing hypothesis' ID, for cheap tie-breaks.
    id_rank: Vec<u32>,
    cap: f64,
    /// Log share of each competing hypothesis in the listed actors' prior mass
    /// ([`log_prior_shares`]); `None` for the uniform prior.
    log_share: Option<Vec<f64>>,
}

/// Point evaluation: per-hypothesis scores and, optionally, contributions.
struct Eval {
    scores: Vec<f64>,
    unlisted: f64,
    /// `[hypothesis][item]` contribution, when asked for.
    contributions: Vec<Vec<f64>>,
}

impl Work<'_> {
    /// Log prior of competing hypothesis `h` when the unlisted actor has prior `unlisted_prior`.
    /// The one place the listed prior is computed: the point evaluation, the Monte Carlo and the
    /// reported `log_prior` all call it.
    fn log_prior(&self, h: usize, unlisted_prior: f64) -> f64 {
        match &self.log_share {
            None => libm::log((1.0 - unlisted_prior) / self.competing.len().max(1) as f64),
            Some(share) => libm::log(1.0 - unlisted_prior) + share[h],
        }
    }

    /// `LR''` for item `it`, hypothesis `h`: quality shrinkage, then the planted path.
    fn lr2(&self, it: &Item, h: usize, quality: f64, deception: f64) -> f64 {
        let lr1 = quality * it.base[h] + (1.0 - quality);
        let mut d = deception * it.forge;
        if it.planted {
            d = d.max(PLANTED_DECEPTION);
        }
        let m = it.template;
        ((1.0 - d) * lr1 + d * m) / ((1.0 - d) + d * m)
    }

    /// `ln LR''` for item `i`, hypothesis `h`, before tempering.
    fn log_lr(&self, it: &Item, h: usize, quality: f64, deception: f64) -> f64 {
        libm::log(self.lr2(it, h, quality, deception)) * it.scale
    }

    /// Tempered log ratios `[hypothesis][item]` under `draw` (before facet caps).
    fn tempered(&self, draw: &Draw) -> Vec<Vec<f64>> {
        (0..self.competing.len())
            .map(|h| {
                self.items
                    .iter()
                    .enumerate()
                    .map(|(i, it)| {
                        draw.tau[it.facet as usize]
                            * self.log_lr(it, h, draw.quality[i], draw.deception)
                    })
                    .collect()
            })
            .collect()
    }

    /// Scores from tempered log ratios, applying the facet caps.
    fn eval(&self, logs: &[Vec<f64>], unlisted_prior: f64, want_contrib: bool) -> Eval {
        let n_h = self.competing.len();
        let mut scores: Vec<f64> = (0..n_h)
            .map(|h| self.log_prior(h, unlisted_prior))
            .collect();
        let mut contributions = if want_contrib {
            vec![vec![0.0; self.items.len()]; n_h]
        } else {
            Vec::new()
        };
        for (h, score) in scores.iter_mut().enumerate() {
            let row = &logs[h];
            let mut totals = [0.0f64; 4];
            for (it, &v) in self.items.iter().zip(row) {
                totals[it.facet as usize] += v;
            }
            let scale = totals.map(|t| {
                if t != 0.0 {
                    soft_cap(t, self.cap) / t
                } else {
                    1.0
                }
            });
            // Sum in item order so the decomposition adds up to the same bits.
            for (i, (it, &v)) in self.items.iter().zip(row).enumerate() {
                let c = v * scale[it.facet as usize];
                *score += c;
                if want_contrib {
                    contributions[h][i] = c;
                }
            }
        }
        Eval {
            scores,
            unlisted: libm::log(unlisted_prior),
            contributions,
        }
    }
}

/// The facet cap: a smooth saturation `cap * tanh(t / cap)` of a facet's total `t` (nats). It
/// bounds a facet's weight by `cap` like a hard cap but keeps its order (more agreeing evidence
/// never scores lower), so strongly matched hypotheses do not tie at the cap; below about a third
/// of the cap it is nearly the identity.
///
/// ```
/// use attrib::model::soft_cap;
/// assert_eq!(soft_cap(0.0, 8.0), 0.0);
/// assert!(soft_cap(100.0, 8.0) < 8.0 && soft_cap(100.0, 8.0) > soft_cap(50.0, 8.0));
/// assert!((soft_cap(0.5, 8.0) - 0.5).abs() < 0.01);
/// assert_eq!(soft_cap(3.0, f64::MAX), 3.0);
/// ```
pub fn soft_cap(t: f64, cap: f64) -> f64 {
    let x = t / cap;
    if x.abs() < 1e-8 {
        t // tanh(x) = x to double precision; avoids underflow for an effectively absent cap
    } else {
        cap * libm::tanh(x)
    }
}

/// The documentation-weighted prior: the log share of each listed hypothesis in the listed
/// actors' prior mass, `ln((1 + n_h)^alpha / sum_g (1 + n_g)^alpha)`, for documentation counts
/// `docs` (summed in the given order). `None` when `alpha` is 0 (the uniform prior, computed as
/// `ln((1 - pi_u) / n)` so that older constants reproduce their figures to the bit) or there is
/// no hypothesis.
///
/// ```
/// use attrib::model::log_prior_shares;
/// assert_eq!(log_prior_shares(&[0, 9], 0.0), None);
/// let s = log_prior_shares(&[0, 9], 1.0).unwrap();
/// assert!((s[0].exp() - 1.0 / 11.0).abs() < 1e-12 && (s[1].exp() - 10.0 / 11.0).abs() < 1e-12);
/// ```
pub fn log_prior_shares(docs: &[usize], alpha: f64) -> Option<Vec<f64>> {
    if alpha == 0.0 || docs.is_empty() {
        return None;
    }
    let x: Vec<f64> = docs
        .iter()
        .map(|&n| alpha * libm::log(1.0 + n as f64))
        .collect();
    let m = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let lse = m + libm::log(x.iter().map(|v| libm::exp(v - m)).sum::<f64>());
    Some(x.iter().map(|v| v - lse).collect())
}

/// Log-sum-exp of `xs` plus `extra`.
fn logsumexp(xs: &[f64], extra: f64) -> f64 {
    let m = xs.iter().copied().fold(extra, f64::max);
    let s: f64 = xs.iter().map(|x| libm::exp(x - m)).sum::<f64>() + libm::exp(extra - m);
    m + libm::log(s)
}

/// Index of the leader (`None` = unlisted), ties broken by profile ID.
fn leader_of(work: &Work, scores: &[f64], unlisted: f64) -> Option<usize> {
    let mut best: Option<usize> = None;
    let mut best_s = unlisted;
    for (h, &s) in scores.iter().enumerate() {
        let better = match best {
            _ if s > best_s => true,
            Some(b) if s == best_s => work.id_rank[h] < work.id_rank[b],
            _ => false,
        };
        if better {
            best = Some(h);
            best_s = s;
        }
    }
    best
}

fn id_of<'a>(work: &'a Work, h: usize) -> &'a str {
    &work.index.pack().profiles[work.competing[h]].id
}

/// Score `case` against `index`.
///
/// ```
/// use attrib::{case::{Case, Kind, Observation}, index::Index, score, Pack, ScoreOptions};
/// let index = Index::new(Pack::fixture(), None).unwrap();
/// let case = Case::new(vec![
///     Observation::new(Kind::Software, "BADCALL").graded("US-CERT", 'B', 2),
///     Observation::new(Kind::VictimCountry, "KR"),
///     Observation::new(Kind::Motivation, "financial"),
/// ]);
/// let r = score(&case, &index, &ScoreOptions { samples: Some(200), ..Default::default() }).unwrap();
/// let total: f64 = r.hypotheses.iter().map(|h| h.probability).sum::<f64>() + r.unlisted.probability;
/// assert!((total - 1.0).abs() < 1e-9);
/// ```
pub fn score(case: &Case, index: &Index, opts: &ScoreOptions) -> Result<ScoreResult> {
    let prm = index.params();
    let settings = case.settings.clone().unwrap_or_default();
    let deception = settings.deception.unwrap_or(prm.deception);
    let unlisted_prior = settings.unlisted_prior.unwrap_or(prm.unlisted_prior);
    let seed = opts.seed.or(settings.seed).unwrap_or(0);
    let samples = opts.samples.or(settings.samples).unwrap_or(prm.samples);
    if samples as u64 > crate::case::MAX_SAMPLES {
        return Err(Error::input(format!(
            "options.samples: expected a whole number from 0 to {}, found {samples}",
            crate::case::MAX_SAMPLES
        )));
    }
    let n_obs = case.observations.len();
    for (name, list) in [("excluded", &opts.excluded), ("planted", &opts.planted)] {
        // Each list is searched once per observation: keep it no longer than the case.
        if list.len() > n_obs {
            return Err(Error::input(format!(
                "options.{name}: {} entries, more than the case's {n_obs} observations",
                list.len()
            )));
        }
        for (k, &i) in list.iter().enumerate() {
            if i >= n_obs {
                return Err(Error::input(format!(
                    "options.{name}[{k}]: observation {i} does not exist (the case has {n_obs})"
                )));
            }
        }
    }
    let competing = competing(case, index)?;
    let mut warnings = Vec::new();
    let (items, facets_used) = prepare_items(case, index, &competing, opts, &mut warnings)?;
    // The cost model (budget.rs): too many pairs is an error; otherwise fewer samples, fewer
    // hypotheses listed or no sensitivity analysis where the case is too large, each said.
    let asked = super::budget::Asked {
        samples,
        top: opts.top,
        sensitivity: opts.sensitivity,
        reweighed: MC_ACTIVE,
    };
    let plan = super::budget::plan(items.len(), competing.len(), asked)?;
    warnings.extend(plan.warnings.iter().cloned());
    let samples = plan.samples;
    let opts = &ScoreOptions {
        top: plan.top,
        sensitivity: plan.sensitivity,
        ..opts.clone()
    };
    // Report warnings in case order, whatever order the items were prepared in.
    warnings.sort_by_key(|w| {
        w.strip_prefix("observation ")
            .and_then(|r| r.split(':').next())
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(usize::MAX)
    });
    let base_by_h = (0..competing.len())
        .map(|h| items.iter().map(|it| it.base[h]).collect())
        .collect();
    let mut by_id: Vec<usize> = (0..competing.len()).collect();
    let id = |h: usize| &index.pack().profiles[competing[h]].id;
    by_id.sort_by(|&a, &b| id(a).cmp(id(b)));
    let mut id_rank = vec![0u32; competing.len()];
    for (rank, &h) in by_id.iter().enumerate() {
        id_rank[h] = rank as u32;
    }
    let docs: Vec<usize> = competing
        .iter()
        .map(|&p| index.prepared()[p].documentation)
        .collect();
    let log_share = log_prior_shares(&docs, prm.prior_exponent);
    let work = Work {
        index,
        competing,
        items,
        base_by_h,
        id_rank,
        cap: prm.facet_cap,
        log_share,
    };
    let point = Draw {
        quality: work.items.iter().map(|it| it.quality).collect(),
        deception,
        tau: [
            prm.tau_capability,
            prm.tau_infrastructure,
            prm.tau_victim,
            prm.tau_operations,
        ],
        unlisted_prior,
    };
    let logs = work.tempered(&point);
    let ev = work.eval(&logs, point.unlisted_prior, true);
    let log_z = logsumexp(&ev.scores, ev.unlisted);
    let probs: Vec<f64> = ev.scores.iter().map(|s| libm::exp(s - log_z)).collect();
    let p_unlisted = libm::exp(ev.unlisted - log_z);
    let leader = leader_of(&work, &ev.scores, ev.unlisted);

    // Order: probability descending, then ID.
    let mut order: Vec<usize> = (0..work.competing.len()).collect();
    order.sort_by(|&a, &b| {
        probs[b]
            .total_cmp(&probs[a])
            .then_with(|| work.id_rank[a].cmp(&work.id_rank[b]))
    });

    // Monte Carlo.
    let active: Vec<usize> = order
        .iter()
        .copied()
        .take(MC_ACTIVE.max(opts.top))
        .collect();
    let (umb_point, spo_point) = point_levels(&work, &probs, p_unlisted);
    let tracked: Vec<String> = umb_point
        .iter()
        .map(|(k, _)| format!("u:{k}"))
        .chain(spo_point.iter().map(|(k, _)| format!("s:{k}")))
        .collect();
    let mc = monte_carlo(&work, &point, &ev, &active, leader, samples, seed, &tracked);

    let pack = index.pack();
    let interval_of = |h: usize| -> [f64; 2] {
        mc.intervals
            .get(&Some(h))
            .copied()
            .unwrap_or([probs[h], probs[h]])
    };
    let listed = if opts.top == 0 {
        order.len()
    } else {
        opts.top.min(order.len())
    };
    let hypotheses: Vec<Hypothesis> = order[..listed]
        .iter()
        .map(|&h| {
            let prep = &index.prepared()[work.competing[h]];
            let profile = &pack.profiles[work.competing[h]];
            let mut contributions: Vec<Contribution> = work
                .items
                .iter()
                .enumerate()
                .map(|(i, it)| Contribution {
                    observation: it.index,
                    log_lr: ev.contributions[h][i],
                    facet: it.facet.as_str().to_string(),
                })
                .collect();
            contributions.sort_by_key(|c| c.observation);
            Hypothesis {
                id: profile.id.clone(),
                name: profile.name.clone(),
                probability: probs[h],
                interval: interval_of(h),
                log_prior: work.log_prior(h, unlisted_prior),
                score: ev.scores[h],
                contributions,
                sponsor: prep.sponsor.clone(),
                umbrella: prep.umbrella.clone(),
            }
        })
        .collect();
    let others = (listed < order.len()).then(|| Others {
        count: order.len() - listed,
        probability: order[listed..].iter().map(|&h| probs[h]).sum(),
    });
    let unlisted = Unlisted {
        probability: p_unlisted,
        interval: mc
            .intervals
            .get(&None)
            .copied()
            .unwrap_or([p_unlisted, p_unlisted]),
        log_prior: libm::log(unlisted_prior),
    };
    let levels = roll_up(&work, umb_point, spo_point, &mc);

    // Sensitivity.
    let (pivotal, flips) = if opts.sensitivity {
        sensitivity(&work, &logs, point.unlisted_prior, leader)
    } else {
        (Vec::new(), Vec::new())
    };

    let leader_id = leader.map_or("unlisted".to_string(), |h| id_of(&work, h).to_string());
    let leader_name = leader.map_or("an actor outside the profile pack".to_string(), |h| {
        pack.profiles[work.competing[h]].name.clone()
    });
    let p_leader = leader.map_or(p_unlisted, |h| probs[h]);
    let leader_interval = leader.map_or(unlisted.interval, interval_of);
    let mut statement = statement::statement(&leader_name, p_leader, leader.is_none());
    // "Which cluster?" is often unanswerable when "which group?" is not: say so.
    if let (Some(h), Some(top)) = (leader, levels.umbrella.first()) {
        let own = &index.prepared()[work.competing[h]].umbrella;
        if p_leader < 0.55 && top.probability >= 0.55 && &top.id == own {
            statement.push(' ');
            statement.push_str(&statement::umbrella_statement(&top.name, top.probability));
        }
    }
    let top_sponsor = levels.sponsor.first();
    let sponsor_statement = match top_sponsor {
        Some(l) if l.id == "unlisted" => statement::statement("", l.probability, true).replace(
            "conducted this activity",
            "is behind this activity, whatever its sponsor",
        ),
        Some(l) if l.id == "none" => statement::sponsor_statement(None, l.probability),
        Some(l) => statement::sponsor_statement(Some(&l.name), l.probability),
        None => String::new(),
    };
    let (confidence, confidence_reason) = if work.items.is_empty() {
        (
            "low",
            "there is no evidence to score; the ranking is the prior".to_string(),
        )
    } else {
        statement::confidence(
            mc.stability,
            leader_interval[1] - leader_interval[0],
            facets_used,
            !pivotal.is_empty(),
        )
    };
    Ok(ScoreResult {
        hypotheses,
        unlisted,
        others,
        levels,
        leader: leader_id,
        leader_stability: mc.stability,
        pivotal,
        flips,
        statement,
        sponsor_statement,
        confidence: confidence.to_string(),
        confidence_reason,
        warnings,
        settings: Used {
            deception,
            unlisted_prior,
            seed,
            samples,
            observations: work.items.len(),
            hypotheses: work.competing.len(),
        },
        profile_pack: PackStamp {
            version: pack.version.clone(),
            sha256: pack.sha256.clone(),
        },
    })
}

/// Positions (in the pack) of the competing profiles.
fn competing(case: &Case, index: &Index) -> Result<Vec<usize>> {
    match &case.hypotheses {
        Some(list) => list
            .iter()
            .enumerate()
            .map(|(i, id)| {
                index.position(id).ok_or_else(|| {
                    Error::input(format!(
                        "$.hypotheses[{i}]: {id} is not a profile in the pack"
                    ))
                })
            })
            .collect(),
        None => Ok(index
            .prepared()
            .iter()
            .filter(|p| {
                p.imitates.is_some()
                    || p.weights.iter().any(|w| !w.is_empty())
                    || !p.patterns.is_empty()
                    || !p.infrastructure.is_empty()
            })
            .map(|p| p.pos)
            .collect()),
    }
}

/// A canonical sort key, so that the order of observations in the file cannot change any sum.
fn canonical_key(o: &Observation) -> (Kind, &str, char, u8, Option<&str>, Option<&str>) {
    let (r, c) = o.grades();
    (
        o.kind,
        o.value.as_str(),
        r,
        c,
        o.date.as_deref(),
        o.note.as_deref(),
    )
}

fn prepare_items(
    case: &Case,
    index: &Index,
    competing: &[usize],
    opts: &ScoreOptions,
    warnings: &mut Vec<String>,
) -> Result<(Vec<Item>, usize)> {
    let pack = index.pack();
    let prm = index.params();
    let mut order: Vec<usize> = (0..case.observations.len())
        .filter(|i| !opts.excluded.contains(i))
        .collect();
    order.sort_by(|&a, &b| {
        canonical_key(&case.observations[a])
            .cmp(&canonical_key(&case.observations[b]))
            .then(a.cmp(&b))
    });
    let n_times = order
        .iter()
        .filter(|&&i| case.observations[i].kind == Kind::ActivityTime)
        .count() as f64;
    let time_scale = if n_times > prm.time_cap {
        prm.time_cap / n_times
    } else {
        1.0
    };
    let mut items = Vec::with_capacity(order.len());
    let mut facets = [false; 4];
    for i in order {
        let o = &case.observations[i];
        let facet = Facet::of(o.kind);
        // Resolve the value against the pack.
        let mut value = o.value.clone();
        if matches!(o.kind, Kind::Technique | Kind::Software) {
            if let Some(new) = pack.replaced.get(&value) {
                warnings.push(format!(
                    "observation {i}: {value} is revoked; scored as {new}"
                ));
                value = new.clone();
            }
            if pack.deprecated.contains(&value) {
                warnings.push(format!(
                    "observation {i}: {value} is deprecated in ATT&CK and is not scored"
                ));
                continue;
            }
        }
        // Each kind gives a per-profile ratio and the planted path's template ratio; the base
        // ratios of the competing hypotheses then come from one place.
        let (lr, template): (Ratio, f64) = match Family::of(o.kind) {
            None if o.kind == Kind::ActivityTime => {
                // Validated when a case is parsed, but a case can also be built in code.
                let t = util::parse_rfc3339(&value).ok_or_else(|| {
                    Error::input(format!(
                        "observation {i}: expected an RFC 3339 timestamp such as 2017-05-23T01:12:00Z, found {value:?}"
                    ))
                })?;
                let lr: Ratio = Box::new(move |p: &Prepared| time_lr(index, p, t));
                let template = index.prepared().iter().map(&*lr).fold(1.0, f64::max);
                (lr, template)
            }
            None => {
                let (matching, lr) = infra_model(index, value.to_ascii_lowercase());
                if matching == 0 {
                    warnings.push(format!(
                        "observation {i}: {value} matches no profile's known infrastructure"
                    ));
                }
                let template = index.prepared().iter().map(&*lr).fold(1.0, f64::max);
                (lr, template)
            }
            Some(fam) => {
                let feat = match fam {
                    Family::Software => {
                        let key = index.software_key(&value);
                        if key.starts_with("name:") && index.document_frequency(fam, &key) == 0 {
                            warnings.push(format!(
                                "observation {i}: software \"{value}\" is not in the profile pack; no profile explains it"
                            ));
                        }
                        key
                    }
                    Family::Technique => {
                        if !pack.techniques.is_empty() && !index.knows_technique(&value) {
                            warnings.push(format!(
                                "observation {i}: {value} is not an ATT&CK technique in this pack; no profile explains it"
                            ));
                        }
                        value.clone()
                    }
                    Family::Language => crate::index::primary_language(&value),
                    _ => value.clone(),
                };
                let bg = index.background(fam, &feat);
                let lam = prm.leak;
                let template =
                    (((1.0 - lam) * index.feature_max(fam, &feat) + lam * bg) / bg).max(1.0);
                let lr: Ratio = Box::new(move |p: &Prepared| index.set_lr(p, fam, &feat, bg));
                (lr, template)
            }
        };
        let base = competing
            .iter()
            .map(|&h| with_imitation(index, h, o.kind, &value, &*lr))
            .collect();
        facets[facet as usize] = true;
        let (r, c) = o.grades();
        items.push(Item {
            index: i,
            facet,
            base,
            template,
            quality: quality(r, c),
            forge: forgeability(o.kind, &value),
            planted: opts.planted.contains(&i),
            scale: if o.kind == Kind::ActivityTime {
                time_scale
            } else {
                1.0
            },
        });
    }
    Ok((items, facets.iter().filter(|f| **f).count()))
}

/// The base ratio for competing profile `pos`, routing a false flag through its template.
fn with_imitation(
    index: &Index,
    pos: usize,
    kind: Kind,
    value: &str,
    lr: &dyn Fn(&Prepared) -> f64,
) -> f64 {
    let prep = &index.prepared()[pos];
    match prep.imitates {
        Some(target) => {
            // A false flag plants the imitated actor's cheap indicators; everything hard to fake
            // looks like the background.
            let phi = forgeability(kind, value);
            phi * lr(&index.prepared()[target]) + (1.0 - phi)
        }
        None => lr(prep),
    }
}

/// Timing: on-hours mass against a flat week, using the offset in force on that date.
fn time_lr(index: &Index, prep: &Prepared, t: i64) -> f64 {
    let day_utc = t.div_euclid(86_400);
    let Some(p) = index.patterns_of(prep, day_utc) else {
        return 1.0;
    };
    let local = t + p.offset_secs;
    let day = local.div_euclid(86_400);
    let secs = local.rem_euclid(86_400) as f64 / 3600.0;
    // 1970-01-01 was a Thursday (ISO 4).
    let weekday = ((day + 3).rem_euclid(7) + 1) as usize;
    let in_hours = if p.end >= p.start {
        secs >= p.start && secs < p.end
    } else {
        secs >= p.start || secs < p.end
    };
    let on = p.days[weekday] && in_hours;
    let mass = index.params().on_hours_mass;
    let share = p.on_share.clamp(1e-3, 1.0 - 1e-3);
    if on {
        mass / share
    } else {
        (1.0 - mass) / (1.0 - share)
    }
}

/// A per-profile likelihood ratio for one observation.
type Ratio<'a> = Box<dyn Fn(&Prepared) -> f64 + 'a>;

/// Infrastructure: how many profiles list something matching `value`, and the per-profile ratio
/// (exact match, or an address inside a listed network).
fn infra_model(index: &Index, value: String) -> (usize, Ratio<'_>) {
    let prm = index.params();
    let recall =
        |p: &Prepared| (prm.k_infrastructure / p.infrastructure.len().max(1) as f64).min(1.0);
    let mut informed = 0usize;
    let mut matching = 0usize;
    let mut sum = 0.0;
    for p in index.prepared() {
        if p.infrastructure.is_empty() || p.imitates.is_some() {
            continue;
        }
        informed += 1;
        if index.infra_match(p, &value) {
            matching += 1;
            sum += recall(p);
        }
    }
    let bg = (sum + prm.background_pseudo) / (informed as f64 + 1.0);
    let lam = prm.leak;
    let lr = move |p: &Prepared| {
        if p.infrastructure.is_empty() {
            return 1.0;
        }
        let m = if index.infra_match(p, &value) {
            recall(p)
        } else {
            0.0
        };
        ((1.0 - lam) * m + lam * bg) / bg
    };
    (matching, Box::new(lr))
}

struct MonteCarlo {
    /// Interval per competing hypothesis (`None` = unlisted).
    intervals: BTreeMap<Option<usize>, [f64; 2]>,
    /// Intervals per roll-up key (`u:` umbrella, `s:` sponsor).
    level_intervals: BTreeMap<String, [f64; 2]>,
    stability: f64,
}

/// 5th and 95th percentiles (nearest rank), by selection rather than a full sort.
fn percentile_interval(mut xs: Vec<f64>) -> [f64; 2] {
    if xs.is_empty() {
        return [0.0, 0.0];
    }
    let last = (xs.len() - 1) as f64;
    let (lo, hi) = (
        (last * 0.05).round() as usize,
        (last * 0.95).round() as usize,
    );
    let (_, &mut high, _) = xs.select_nth_unstable_by(hi, f64::total_cmp);
    let (_, &mut low, _) = xs[..=hi].select_nth_unstable_by(lo, f64::total_cmp);
    [low, high]
}

/// Roll-up keys (`u:` umbrella, `s:` sponsor) of competing hypothesis `h`.
fn level_keys(work: &Work, h: usize) -> (String, String) {
    let prep = &work.index.prepared()[work.competing[h]];
    (
        format!("u:{}", prep.umbrella),
        format!("s:{}", prep.sponsor.as_deref().unwrap_or("none")),
    )
}

fn logit(p: f64) -> f64 {
    let p = p.clamp(1e-6, 1.0 - 1e-6);
    libm::log(p / (1.0 - p))
}

#[allow(clippy::too_many_arguments)]
fn monte_carlo(
    work: &Work,
    point: &Draw,
    ev: &Eval,
    active: &[usize],
    leader: Option<usize>,
    samples: u32,
    seed: u64,
    tracked: &[String],
) -> MonteCarlo {
    let mut intervals = BTreeMap::new();
    let mut level_intervals = BTreeMap::new();
    if samples == 0 {
        return MonteCarlo {
            intervals,
            level_intervals,
            stability: 1.0,
        };
    }
    let n = samples as usize;
    let n_h = work.competing.len();
    // Roll-up keys as small integers: one slot per umbrella and per sponsor, plus the unlisted.
    // Only the roll-up entries that will be reported are tracked.
    let slot_of: BTreeMap<String, usize> = tracked
        .iter()
        .enumerate()
        .map(|(i, k)| (k.clone(), i))
        .collect();
    let n_slots = slot_of.len();
    let slots_h: Vec<Vec<usize>> = (0..n_h)
        .map(|h| {
            let (u, s) = level_keys(work, h);
            [u, s]
                .iter()
                .filter_map(|k| slot_of.get(k).copied())
                .collect()
        })
        .collect();
    let unlisted_slots: Vec<usize> = ["u:unlisted", "s:unlisted"]
        .iter()
        .filter_map(|k| slot_of.get(*k).copied())
        .collect();

    // The inactive rest keeps its point scores, shifted only by the prior: fold it into one
    // log-sum per roll-up slot so each sample touches only the active hypotheses.
    let mut is_active = vec![false; n_h];
    for &h in active {
        is_active[h] = true;
    }
    let mut rest_slot = vec![f64::NEG_INFINITY; n_slots];
    let mut rest_all = f64::NEG_INFINITY;
    let lse2 = |a: f64, b: f64| {
        let m = a.max(b);
        if m == f64::NEG_INFINITY {
            m
        } else {
            m + libm::log(libm::exp(a - m) + libm::exp(b - m))
        }
    };
    for h in (0..n_h).filter(|&h| !is_active[h]) {
        let sc = ev.scores[h];
        rest_all = lse2(rest_all, sc);
        for &slot in &slots_h[h] {
            rest_slot[slot] = lse2(rest_slot[slot], sc);
        }
    }

    // Draws use a table of normal quantiles, so a sample costs table look-ups instead of
    // transcendental calls: sigmoid(logit(p) + sigma z) = 1 / (1 + e^-logit(p) * e^(-sigma z)).
    let table = normal_table();
    let q_odds: Vec<f64> = point
        .quality
        .iter()
        .map(|&q| libm::exp(-logit(q)))
        .collect();
    let d_odds = libm::exp(-logit(point.deception));
    let u_odds = libm::exp(-logit(point.unlisted_prior));
    let mut per_h: Vec<Vec<f64>> = vec![Vec::with_capacity(n); active.len()];
    let mut per_u = Vec::with_capacity(n);
    let mut per_slot: Vec<Vec<f64>> = vec![Vec::with_capacity(n); n_slots];
    let mut stay = 0u32;
    let mut scores = vec![0.0; active.len()];
    let mut draw = point.clone();
    let mut slot_p = vec![0.0; n_slots];
    let mut affine = Vec::with_capacity(work.items.len());
    for s in 0..samples {
        let mut rng = Rng::new(seed, s as u64);
        let mut bits = BitSource::default();
        for (q, &odds) in draw.quality.iter_mut().zip(&q_odds) {
            *q = 1.0 / (1.0 + odds * table.exp_neg_logit[bits.next(&mut rng)]);
        }
        draw.deception = if point.deception > 0.0 {
            1.0 / (1.0 + d_odds * table.exp_neg_logit[bits.next(&mut rng)])
        } else {
            0.0
        };
        for (t, &t0) in draw.tau.iter_mut().zip(&point.tau) {
            *t = t0 * table.exp_tau[bits.next(&mut rng)];
        }
        draw.unlisted_prior = 1.0 / (1.0 + u_odds * table.exp_neg_logit[bits.next(&mut rng)]);
        let shift = libm::log((1.0 - draw.unlisted_prior) / (1.0 - point.unlisted_prior));
        eval_subset(work, &draw, active, &mut scores, &mut affine);
        let unl = libm::log(draw.unlisted_prior);
        // Normalise over active + shifted rest + unlisted.
        let m = scores
            .iter()
            .copied()
            .fold(unl.max(rest_all + shift), f64::max);
        let mut z = libm::exp(unl - m)
            + if rest_all.is_finite() {
                libm::exp(rest_all + shift - m)
            } else {
                0.0
            };
        for &sc in &scores {
            z += libm::exp(sc - m);
        }
        let log_z = m + libm::log(z);
        for (slot, p) in slot_p.iter_mut().enumerate() {
            *p = if rest_slot[slot].is_finite() {
                libm::exp(rest_slot[slot] + shift - log_z)
            } else {
                0.0
            };
        }
        let mut best: Option<usize> = None;
        let mut best_s = unl;
        for (k, &h) in active.iter().enumerate() {
            let p = libm::exp(scores[k] - log_z);
            per_h[k].push(p);
            for &slot in &slots_h[h] {
                slot_p[slot] += p;
            }
            let sc = scores[k];
            if sc > best_s
                || (sc == best_s && best.is_some_and(|b| work.id_rank[h] < work.id_rank[b]))
            {
                best = Some(h);
                best_s = sc;
            }
        }
        let pu = libm::exp(unl - log_z);
        per_u.push(pu);
        for &slot in &unlisted_slots {
            slot_p[slot] += pu;
        }
        for (slot, &p) in slot_p.iter().enumerate() {
            per_slot[slot].push(p);
        }
        if best == leader {
            stay += 1;
        }
    }
    for (k, &h) in active.iter().enumerate() {
        intervals.insert(Some(h), percentile_interval(std::mem::take(&mut per_h[k])));
    }
    intervals.insert(None, percentile_interval(per_u));
    for (key, slot) in slot_of {
        level_intervals.insert(
            key,
            percentile_interval(std::mem::take(&mut per_slot[slot])),
        );
    }
    MonteCarlo {
        intervals,
        level_intervals,
        stability: stay as f64 / samples as f64,
    }
}

/// Number of equiprobable normal quantiles the Monte Carlo draws from (10 bits).
const NORMAL_LEVELS: usize = 1024;

/// Pre-computed functions of the normal quantiles `z_k = Phi^-1((k + 1/2) / 1024)`.
struct NormalTable {
    /// `exp(-SIGMA_LOGIT * z_k)`.
    exp_neg_logit: Vec<f64>,
    /// `exp(SIGMA_TAU * z_k)`.
    exp_tau: Vec<f64>,
}

/// The quantile table, built once (with `libm`, so identical natively and in WebAssembly).
fn normal_table() -> &'static NormalTable {
    static TABLE: std::sync::OnceLock<NormalTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let z: Vec<f64> = (0..NORMAL_LEVELS)
            .map(|k| inverse_normal_cdf((k as f64 + 0.5) / NORMAL_LEVELS as f64))
            .collect();
        NormalTable {
            exp_neg_logit: z.iter().map(|z| libm::exp(-SIGMA_LOGIT * z)).collect(),
            exp_tau: z.iter().map(|z| libm::exp(SIGMA_TAU * z)).collect(),
        }
    })
}

/// Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9).
fn inverse_normal_cdf(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < 0.02425 {
        tail(libm::sqrt(-2.0 * libm::log(p)))
    } else if p > 1.0 - 0.02425 {
        -tail(libm::sqrt(-2.0 * libm::log(1.0 - p)))
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

/// Hands out 10-bit table indices, six per 64-bit draw.
#[derive(Default)]
struct BitSource {
    word: u64,
    left: u32,
}

impl BitSource {
    fn next(&mut self, rng: &mut Rng) -> usize {
        if self.left == 0 {
            self.word = rng.next_u64();
            self.left = 6;
        }
        let k = (self.word & (NORMAL_LEVELS as u64 - 1)) as usize;
        self.word >>= 10;
        self.left -= 1;
        k
    }
}

/// Scores of the `active` hypotheses under a draw, into `out`.
///
/// For a fixed draw, `LR''` is affine in the base ratio (`A_i * base + C_i`), so the per-item
/// constants are computed once and each (hypothesis, item) pair costs one multiply-add. Within a
/// facet the ratios are multiplied and logged once (with renormalisation against overflow), which
/// is what makes 2,000 samples cheap.
fn eval_subset(
    work: &Work,
    draw: &Draw,
    active: &[usize],
    out: &mut [f64],
    affine: &mut Vec<(f64, f64)>,
) {
    affine.clear();
    for (i, it) in work.items.iter().enumerate() {
        let q = draw.quality[i];
        let mut d = draw.deception * it.forge;
        if it.planted {
            d = d.max(PLANTED_DECEPTION);
        }
        let den = (1.0 - d) + d * it.template;
        let a = (1.0 - d) / den;
        affine.push((a * q, a * (1.0 - q) + d * it.template / den));
    }
    // One logarithm per draw for the listed prior; per hypothesis only its share is added.
    let log_listed = libm::log(1.0 - draw.unlisted_prior);
    let uniform_share = -libm::log(work.competing.len().max(1) as f64);
    for (slot, &h) in out.iter_mut().zip(active) {
        let share = work.log_share.as_ref().map_or(uniform_share, |s| s[h]);
        let log_prior = log_listed + share;
        let base = &work.base_by_h[h];
        let mut prod = [1.0f64; 4];
        let mut logs = [0.0f64; 4];
        for (i, it) in work.items.iter().enumerate() {
            let f = it.facet as usize;
            let (ca, cc) = affine[i];
            let lr = ca * base[i] + cc;
            if it.scale == 1.0 {
                prod[f] *= lr;
                if !(1e-150..=1e150).contains(&prod[f]) {
                    logs[f] += libm::log(prod[f]);
                    prod[f] = 1.0;
                }
            } else {
                logs[f] += libm::log(lr) * it.scale;
            }
        }
        let mut s = log_prior;
        for f in 0..4 {
            // A facet with no evidence contributes nothing: skip its logarithm.
            if prod[f] != 1.0 || logs[f] != 0.0 {
                s += soft_cap(draw.tau[f] * (logs[f] + libm::log(prod[f])), work.cap);
            }
        }
        *slot = s;
    }
}

/// Roll-up entries listed per level (the unlisted actor is always listed).
const LEVEL_TOP: usize = 25;

/// Point roll-ups by umbrella and by sponsor, sorted, the long tail cut at [`LEVEL_TOP`].
#[allow(clippy::type_complexity)]
fn point_levels(
    work: &Work,
    probs: &[f64],
    p_unlisted: f64,
) -> (Vec<(String, f64)>, Vec<(String, f64)>) {
    let mut umb: BTreeMap<String, f64> = BTreeMap::new();
    let mut spo: BTreeMap<String, f64> = BTreeMap::new();
    for (h, &p) in probs.iter().enumerate() {
        let prep = &work.index.prepared()[work.competing[h]];
        *umb.entry(prep.umbrella.clone()).or_default() += p;
        *spo.entry(prep.sponsor.clone().unwrap_or_else(|| "none".into()))
            .or_default() += p;
    }
    let finish = |map: BTreeMap<String, f64>| {
        let mut v: Vec<(String, f64)> = map.into_iter().collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v.truncate(LEVEL_TOP);
        let at = v
            .iter()
            .position(|(_, p)| *p < p_unlisted)
            .unwrap_or(v.len());
        v.insert(at, ("unlisted".into(), p_unlisted));
        v
    };
    (finish(umb), finish(spo))
}

fn roll_up(
    work: &Work,
    umb: Vec<(String, f64)>,
    spo: Vec<(String, f64)>,
    mc: &MonteCarlo,
) -> Levels {
    let pack = work.index.pack();
    let make = |list: Vec<(String, f64)>, prefix: &str, name: &dyn Fn(&str) -> String| {
        list.into_iter()
            .map(|(id, p)| Level {
                interval: mc
                    .level_intervals
                    .get(&format!("{prefix}{id}"))
                    .copied()
                    .unwrap_or([p, p]),
                name: name(&id),
                id,
                probability: p,
            })
            .collect::<Vec<Level>>()
    };
    let umbrella = make(umb, "u:", &|id| match id {
        "unlisted" => "Unlisted actor".to_string(),
        _ => pack
            .profile(id)
            .map(|p| p.name.clone())
            .unwrap_or_else(|| id.to_string()),
    });
    let sponsor = make(spo, "s:", &|id| match id {
        "unlisted" => "Unlisted actor".to_string(),
        "none" => "No known state sponsor".to_string(),
        _ => pack
            .countries
            .get(id)
            .cloned()
            .or_else(|| crate::countries::name(id).map(str::to_string))
            .unwrap_or_else(|| id.to_string()),
    });
    Levels { umbrella, sponsor }
}

/// Pivotal observations (removal changes the leader) and flip weights (bisection on one weight).
fn sensitivity(
    work: &Work,
    logs: &[Vec<f64>],
    unlisted_prior: f64,
    leader: Option<usize>,
) -> (Vec<Pivotal>, Vec<Flip>) {
    let name_of =
        |l: Option<usize>| l.map_or("unlisted".to_string(), |h| id_of(work, h).to_string());
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
        .map(|(h, c)| work.log_prior(h, unlisted_prior) + c.iter().sum::<f64>())
        .collect();
    let unlisted = libm::log(unlisted_prior);
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
        let l = leader_of(work, &out, unlisted);
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
            let p = l0.map_or(unlisted, |h| removed[h]);
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
