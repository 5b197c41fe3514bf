//! Scoring a case: the per-call options, the Diamond-model facets, source quality and
//! forgeability, and [`score`], which ties likelihoods, posterior, Monte Carlo, roll-ups,
//! sensitivity and statements together.

use serde::{Deserialize, Serialize};

use super::montecarlo::monte_carlo;
use super::posterior::{logsumexp, lr2, Draw, Item, Priors, Work};
use super::result::*;
use super::rollup::{self, Point};
use super::sensitivity::sensitivity;
use super::session::Session;
use super::statement::{self, Frame, StateLeader};
use crate::case::{Case, Kind, Observation};
use crate::error::{Error, Result};
use crate::index::Index;

/// Per-call options that are not part of the case file (the page's toggles).
///
/// ```
/// let o = attrib::ScoreOptions::default();
/// assert!(o.sensitivity && o.excluded.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScoreOptions {
    /// Monte Carlo samples (overrides the case's settings); 0 turns the Monte Carlo off.
    pub samples: Option<u32>,
    /// Monte Carlo seed (overrides the case's settings).
    pub seed: Option<u64>,
    /// Observation indices to leave out; `None` takes the case's `analysis.excluded`.
    pub excluded: Option<Vec<usize>>,
    /// Observation indices the reader suspects were planted; `None` takes the case's
    /// `analysis.planted`.
    pub planted: Option<Vec<usize>>,
    /// Compute pivotal observations and flip weights.
    pub sensitivity: bool,
    /// How many hypotheses to list (0 = all); the rest are summed in `others`. Focus suspects
    /// are always listed.
    pub top: usize,
    /// How the Monte Carlo draws its points: a randomly shifted lattice (the default, as
    /// precise with 1,000 points as pseudo-random draws are with 2,000) or plain pseudo-random
    /// draws (for comparison).
    pub sequence: Sequence,
}

/// The Monte Carlo's point sequence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sequence {
    /// A rank-1 lattice (Roberts' R-sequence) with a random shift drawn from the seed.
    #[default]
    Lattice,
    /// Independent pseudo-random draws.
    Random,
}

impl Default for ScoreOptions {
    fn default() -> Self {
        ScoreOptions {
            samples: None,
            seed: None,
            excluded: None,
            planted: None,
            sensitivity: true,
            top: 25,
            sequence: Sequence::Lattice,
        }
    }
}

/// The four Diamond-model facets, written in lower case (`capability`, …) in a result.
///
/// Serialized as serde serializes a unit variant, so that serde-wasm-bindgen makes each name's
/// JS string once per page rather than once per contribution (a whole-pack result has hundreds).
///
/// ```
/// use attrib::model::Facet;
/// assert_eq!(serde_json::to_string(&Facet::Victim).unwrap(), r#""victim""#);
/// assert_eq!(serde_json::from_str::<Facet>(r#""operations""#).unwrap(), Facet::Operations);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
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

/// Hypotheses the Monte Carlo re-weighs individually (the rest keep their point scores).
const MC_ACTIVE: usize = 25;

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
/// assert!(!r.race.restricted);
/// ```
pub fn score(case: &Case, index: &Index, opts: &ScoreOptions) -> Result<ScoreResult> {
    Session::new().score(case, index, opts)
}

impl Session {
    /// Score `case` against `index`, keeping what the next score of the same case can reuse.
    /// The result is the same as [`score`]'s, bit for bit.
    pub fn score(
        &mut self,
        case: &Case,
        index: &Index,
        opts: &ScoreOptions,
    ) -> Result<ScoreResult> {
        score_in(self, case, index, opts)
    }
}

/// Sort hypotheses by probability, most probable first, then by ID rank: the same order as a
/// stable sort under `probs[b].total_cmp(&probs[a]).then(id_rank[a].cmp(&id_rank[b]))`, with
/// the keys worked out once per hypothesis rather than in every comparison (a whole pack has
/// hundreds of hypotheses).
fn by_probability(v: &mut [usize], probs: &[f64], id_rank: &[u32]) {
    crate::util::sort_by_keys(v, &probability_keys(v, probs, id_rank));
}

/// The keys [`by_probability`] orders `v` on, one per hypothesis.
fn probability_keys(v: &[usize], probs: &[f64], id_rank: &[u32]) -> Vec<(i64, u32)> {
    v.iter()
        .map(|&h| (!crate::util::order_key(probs[h]), id_rank[h]))
        .collect()
}

/// What a score settles before any figure: the race, the prepared evidence, the warnings, and the
/// options as the cost model adjusted them. Validation stops here ([`warnings`]).
struct Prepared {
    competing: Vec<usize>,
    priors: super::posterior::Priors,
    frame: Frame,
    items: Vec<super::posterior::Item>,
    facets_used: usize,
    warnings: Vec<String>,
    focus: Vec<usize>,
    samples: u32,
    opts: ScoreOptions,
    deception: f64,
    unlisted_prior: f64,
    seed: u64,
}

fn prepare(
    session: &mut Session,
    case: &Case,
    index: &Index,
    opts: &ScoreOptions,
) -> Result<Prepared> {
    let prm = index.params();
    let settings = case.settings.clone().unwrap_or_default();
    let analysis = case.analysis.clone().unwrap_or_default();
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
    let excluded = opts.excluded.as_ref().unwrap_or(&analysis.excluded);
    let planted = opts.planted.as_ref().unwrap_or(&analysis.planted);
    let n_obs = case.observations.len();
    for (name, list) in [("excluded", excluded), ("planted", planted)] {
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
    let (competing, frame) = competing(case, index)?;
    let mut warnings = Vec::new();
    let mut focus = Vec::new();
    for (k, id) in analysis.focus.iter().enumerate() {
        match competing.iter().position(|&p| index.pack().profiles[p].id == *id) {
            // Its share is inside the unlisted actor's: ranked on its own, it would be counted
            // twice and break the ranking's order.
            Some(h) if Priors::is_named_unknown(index, competing[h], frame == Frame::WholePack) => {
                warnings.push(format!(
                    "analysis.focus[{k}]: {id} has no technique or software in the pack, so it is weighed inside the unlisted actor's share (unlisted.named); it is not highlighted"
                ))
            }
            Some(h) => focus.push(h),
            None if index.position(id).is_some() => warnings.push(format!(
                "analysis.focus[{k}]: {id} is not among the suspects considered; it is not highlighted"
            )),
            None => warnings.push(format!(
                "analysis.focus[{k}]: {id} is not a profile in the pack; it is not highlighted"
            )),
        }
    }
    if let Some(w) = pack_mismatch(case, index.pack()) {
        warnings.push(w);
    }
    let (items, facets_used) = prepare_items(
        session,
        case,
        index,
        &competing,
        deception,
        excluded,
        planted,
        &mut warnings,
    )?;
    // The cost model (budget.rs): too many pairs is an error; otherwise fewer samples, fewer
    // hypotheses listed or no sensitivity analysis where the case is too large, each said.
    let asked = super::budget::Asked {
        samples,
        top: opts.top,
        sensitivity: opts.sensitivity,
        reweighed: MC_ACTIVE,
        focus: focus.len(),
    };
    let plan = super::budget::plan(items.len(), competing.len(), asked)?;
    warnings.extend(plan.warnings.iter().cloned());
    focus.truncate(plan.focus);
    // Report warnings in case order, whatever order the items were prepared in.
    crate::util::sort_by_key(&mut warnings, |w| {
        w.strip_prefix("observation ")
            .and_then(|r| r.split(':').next())
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(usize::MAX)
    });
    let priors = session.priors(index, &competing, frame == Frame::WholePack);
    Ok(Prepared {
        competing,
        priors,
        frame,
        items,
        facets_used,
        warnings,
        focus,
        samples: plan.samples,
        opts: ScoreOptions {
            top: plan.top,
            sensitivity: plan.sensitivity,
            ..opts.clone()
        },
        deception,
        unlisted_prior,
        seed,
    })
}

fn score_in(
    session: &mut Session,
    case: &Case,
    index: &Index,
    opts: &ScoreOptions,
) -> Result<ScoreResult> {
    let prm = index.params();
    let Prepared {
        competing,
        priors,
        frame,
        items,
        facets_used,
        warnings,
        focus,
        samples,
        opts,
        deception,
        unlisted_prior,
        seed,
    } = prepare(session, case, index, opts)?;
    let opts = &opts;
    let work = assemble_work(index, competing, priors, items, prm.facet_cap);
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
    let logs = work.tempered_point(&point.tau);
    let ev = work.eval(&logs, point.unlisted_prior, true);
    let log_z = logsumexp(&ev.scores, ev.unlisted);
    let probs: Vec<f64> = ev.scores.iter().map(|s| libm::exp(s - log_z)).collect();
    // The unlisted actor: its own part, and with the named unknowns.
    let p_pure = libm::exp(ev.unlisted - log_z);
    let unlisted_total = work.unlisted_total(&ev.scores, ev.unlisted);
    let p_unlisted = libm::exp(unlisted_total - log_z);
    // As `work.leader` finds it, with the unlisted actor's total worked out once.
    let leader = work.leader_among(ev.scores.iter().copied().enumerate(), unlisted_total);

    // Listed hypotheses by probability descending, then ID.
    let mut order: Vec<usize> = Vec::with_capacity(work.competing.len());
    order.extend((0..work.competing.len()).filter(|&h| work.is_listed(h)));
    by_probability(&mut order, &probs, &work.id_rank);
    let listed = if opts.top == 0 {
        order.len()
    } else {
        opts.top.min(order.len())
    };
    // Listed: the top, then any focus suspect beyond it, all in ranking order.
    let mut rank_of = vec![0usize; work.competing.len()];
    for (k, &h) in order.iter().enumerate() {
        rank_of[h] = k + 1;
    }
    let mut shown: Vec<usize> = order[..listed].to_vec();
    for &h in &focus {
        if !shown.contains(&h) {
            shown.push(h);
        }
    }
    crate::util::sort_by(&mut shown, &|&a, &b| rank_of[a].cmp(&rank_of[b]));

    // Monte Carlo over the top hypotheses and every shown one.
    let mut active: Vec<usize> = order.iter().copied().take(MC_ACTIVE.max(listed)).collect();
    for &h in &shown {
        if !active.contains(&h) {
            active.push(h);
        }
    }
    let point_levels = Point::new(&work, &probs, p_pure);
    // Roll-up slots only matter to the Monte Carlo.
    let (slots_h, unlisted_slots, n_slots) = if samples > 0 {
        point_levels.slots(&work)
    } else {
        (Vec::new(), Vec::new(), 0)
    };
    let mc = monte_carlo(
        &work,
        &point,
        &ev,
        &active,
        leader,
        samples,
        seed,
        &slots_h,
        &unlisted_slots,
        n_slots,
        opts.sequence,
    );
    let interval_of = |h: usize| -> [f64; 2] {
        mc.as_ref()
            .and_then(|mc| active.iter().position(|&a| a == h).map(|k| mc.intervals[k]))
            .unwrap_or([probs[h], probs[h]])
    };

    let pack = index.pack();
    let hypotheses: Vec<Hypothesis> = shown
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
                    facet: it.facet,
                })
                .collect();
            crate::util::sort_by_key(&mut contributions, |c| c.observation);
            Hypothesis {
                rank: rank_of[h],
                id: profile.id.to_string(),
                name: profile.name.to_string(),
                probability: probs[h],
                interval: interval_of(h),
                log_prior: work.priors.log_prior(h, unlisted_prior),
                score: ev.scores[h],
                contributions,
                sponsor: prep.sponsor.clone(),
                umbrella: prep.umbrella.to_string(),
            }
        })
        .collect();
    let others = (shown.len() < order.len()).then(|| Others {
        count: order.len() - shown.len(),
        probability: order
            .iter()
            .filter(|h| !shown.contains(h))
            .map(|&h| probs[h])
            .sum(),
    });
    // The five likeliest named unknowns (the ranking's order, the rest not sorted).
    let mut named: Vec<usize> = Vec::with_capacity(work.competing.len() - order.len());
    named.extend((0..work.competing.len()).filter(|&h| !work.is_listed(h)));
    let keys = probability_keys(&named, &probs, &work.id_rank);
    crate::util::first_by_keys(&mut named, &keys, 5);
    let unlisted = Unlisted {
        probability: p_unlisted,
        interval: mc
            .as_ref()
            .map_or([p_unlisted, p_unlisted], |mc| mc.unlisted),
        log_prior: work.priors.unlisted(unlisted_prior),
        named: named
            .iter()
            .map(|&h| NamedShare {
                id: work.id_of(h).to_string(),
                name: pack.profiles[work.competing[h]].name.to_string(),
                probability: probs[h],
                sponsor: index.prepared()[work.competing[h]].sponsor.clone(),
            })
            .collect(),
    };
    let levels = point_levels.finish(&work, mc.as_ref());
    let stability = mc.as_ref().map_or(1.0, |mc| mc.stability);

    // Sensitivity.
    let (pivotal, flips) = if opts.sensitivity {
        sensitivity(&work, &logs, point.unlisted_prior, leader)
    } else {
        (Vec::new(), Vec::new())
    };

    // The prior-only reading: the same race with no evidence. It depends on the race, the
    // unlisted actor's prior and the frame only, so the session keeps it across re-scores.
    let prior = session.prior_reading(&work.competing, unlisted_prior, frame, || {
        prior_reading(&work, unlisted_prior, frame)
    });
    let prior_only = prior.only.clone();

    // Statements.
    let leader_id = work.leader_id(leader);
    let leader_name = work.leader_name(leader);
    let p_leader = leader.map_or(p_unlisted, |h| probs[h]);
    let leader_interval = leader.map_or(unlisted.interval, interval_of);
    let mut headline = statement::statement(&leader_name, p_leader, leader.is_none());
    // "Which cluster?" is often unanswerable when "which group?" is not: say so.
    if let (Some(h), Some(top)) = (leader, levels.umbrella.first()) {
        let own = &index.prepared()[work.competing[h]].umbrella;
        if statement::estimative(p_leader).1 != statement::estimative(top.probability).1
            && top.probability >= 0.55
            && &top.id == own
        {
            headline.push(' ');
            headline.push_str(&statement::umbrella_statement(&top.name, top.probability));
        }
    }
    let top_sponsor = levels.sponsor.first();
    let sponsor_line = top_sponsor.map(|l| {
        let who = match l.id.as_str() {
            UNLISTED_ID => StateLeader::Unlisted,
            NO_STATE_ID => StateLeader::NoState,
            _ => StateLeader::State(&l.name),
        };
        statement::sponsor_statement(who, l.probability)
    });
    let no_evidence = work.items.is_empty();
    let frame_text = |s: &str| {
        let s = frame.qualify(s);
        if no_evidence {
            let mut c = s.chars();
            let first = c
                .next()
                .map_or(String::new(), |f| f.to_lowercase().collect());
            format!(
                "There is no evidence to weigh, so this is the prior alone: {first}{}",
                c.as_str()
            )
        } else {
            s
        }
    };
    let mut evidence_weight = movements(
        &work,
        leader,
        p_leader,
        &prior.probs,
        prior.p_unlisted,
        &leader_name,
        top_sponsor,
    );
    // Figures of a restricted race answer "which of these?": their sentences say so too.
    for m in &mut evidence_weight {
        m.statement = frame.qualify(&m.statement);
    }
    let (confidence, confidence_reason) = if no_evidence {
        (
            "low",
            "there is no evidence to score; the ranking is the prior".to_string(),
        )
    } else {
        statement::confidence(
            stability,
            leader_interval[1] - leader_interval[0],
            facets_used,
            !pivotal.is_empty(),
        )
    };
    let race = Race {
        restricted: frame != Frame::WholePack,
        competing: work.competing.len(),
        named_unknowns: work
            .priors
            .class
            .iter()
            .filter(|c| **c == super::posterior::PriorClass::Named)
            .count(),
        focus: focus.iter().map(|&h| work.id_of(h).to_string()).collect(),
    };
    Ok(ScoreResult {
        hypotheses,
        unlisted,
        others,
        levels,
        leader: leader_id,
        leader_stability: stability,
        pivotal,
        flips,
        statement: frame_text(&headline),
        sponsor_statement: sponsor_line.map_or(String::new(), |s| frame_text(&s)),
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
            version: pack.version.to_string(),
            sha256: pack.sha256.to_string(),
        },
        race,
        prior_only,
        evidence_weight,
    })
}

/// One competing hypothesis' raw evidence: what the constants that act after the likelihood
/// ratios (tempering, caps, prior) work on. The evaluation fits those constants from it exactly,
/// without scoring each setting again.
#[derive(Debug, Clone, PartialEq)]
pub struct RawEvidence {
    /// Profile ID.
    pub id: String,
    /// `false` for a named unknown (reported inside the unlisted actor's share).
    pub listed: bool,
    /// Documentation count (see [`crate::index::Prepared`]).
    pub documentation: usize,
    /// Per facet ([`Facet`] order), the sum of `ln LR''` at the point estimate, before tempering
    /// and caps.
    pub facets: [f64; 4],
}

/// The raw evidence of every competing hypothesis (see [`RawEvidence`]), with the case's own
/// analysis and settings.
///
/// ```
/// use attrib::{case::{Case, Kind, Observation}, index::Index, model::raw_evidence, Pack};
/// let index = Index::new(Pack::fixture(), None).unwrap();
/// let case = Case::new(vec![Observation::new(Kind::Software, "S0366")]);
/// let rows = raw_evidence(&case, &index).unwrap();
/// let laz = rows.iter().find(|r| r.id == "G0032").unwrap();
/// assert!(laz.facets[0] > 0.0 && laz.facets[1] == 0.0);
/// ```
pub fn raw_evidence(case: &Case, index: &Index) -> Result<Vec<RawEvidence>> {
    let prm = index.params();
    let settings = case.settings.clone().unwrap_or_default();
    let analysis = case.analysis.clone().unwrap_or_default();
    let deception = settings.deception.unwrap_or(prm.deception);
    let (competing, frame) = competing(case, index)?;
    let (items, _) = prepare_items(
        &mut Session::new(),
        case,
        index,
        &competing,
        deception,
        &analysis.excluded,
        &analysis.planted,
        &mut Vec::new(),
    )?;
    let priors = Priors::new(index, &competing, frame == Frame::WholePack);
    Ok(competing
        .iter()
        .enumerate()
        .map(|(h, &pos)| {
            let mut facets = [0.0; 4];
            for it in &items {
                let lr = super::posterior::lr2(it, it.base[h], it.quality, deception);
                facets[it.facet as usize] += libm::log(lr) * it.scale;
            }
            RawEvidence {
                id: index.pack().profiles[pos].id.to_string(),
                listed: priors.class[h] == super::posterior::PriorClass::Listed,
                documentation: index.prepared()[pos].documentation,
                facets,
            }
        })
        .collect())
}

/// The reading with no evidence: each competing hypothesis' prior probability, the unlisted
/// actor's (with the named unknowns), and the result's `prior_only`.
pub(crate) struct PriorReading {
    /// Per competing hypothesis.
    pub probs: Vec<f64>,
    /// The unlisted actor's, named unknowns included.
    pub p_unlisted: f64,
    /// As the result reports it.
    pub only: PriorOnly,
}

/// The reading of `work`'s race before any evidence.
fn prior_reading(work: &Work, unlisted_prior: f64, frame: Frame) -> PriorReading {
    let prior_scores: Vec<f64> = (0..work.competing.len())
        .map(|h| work.priors.log_prior(h, unlisted_prior))
        .collect();
    let prior_unlisted = work.priors.unlisted(unlisted_prior);
    let probs: Vec<f64> = prior_scores.iter().map(|s| libm::exp(*s)).collect();
    let p_unlisted = libm::exp(work.unlisted_total(&prior_scores, prior_unlisted));
    let leader = work.leader(&prior_scores, prior_unlisted);
    let name = work.leader_name(leader);
    let probability = leader.map_or(p_unlisted, |h| probs[h]);
    let only = PriorOnly {
        leader: work.leader_id(leader),
        statement: frame.qualify(&statement::prior_statement(
            &name,
            probability,
            leader.is_none(),
            frame,
        )),
        name,
        probability,
        levels: rollup::point_levels(work, &probs, libm::exp(prior_unlisted)),
    };
    PriorReading {
        probs,
        p_unlisted,
        only,
    }
}

/// How far the evidence moved the cluster-level leader and the state-level leader.
fn movements(
    work: &Work,
    leader: Option<usize>,
    p_leader: f64,
    prior_probs: &[f64],
    p_prior_unlisted: f64,
    leader_name: &str,
    top_sponsor: Option<&Level>,
) -> Vec<Movement> {
    let mut out = Vec::new();
    let prior = leader.map_or(p_prior_unlisted, |h| prior_probs[h]);
    let claim = format!("{leader_name} conducted this activity");
    out.push(Movement {
        level: "cluster".into(),
        id: work.leader_id(leader),
        name: leader_name.to_string(),
        prior,
        posterior: p_leader,
        log_bayes_factor: statement::log_bayes_factor(prior, p_leader),
        statement: statement::movement_statement(&claim, prior, p_leader),
    });
    if let Some(l) = top_sponsor {
        // The unlisted actor's own prior, plus every hypothesis that rolls up to the same state.
        let own = if l.id == UNLISTED_ID {
            p_prior_unlisted
                - (0..work.competing.len())
                    .filter(|&h| !work.is_listed(h))
                    .map(|h| prior_probs[h])
                    .sum::<f64>()
        } else {
            0.0
        };
        let key = rollup::state_key(work, &l.id);
        let prior = own
            + (0..work.competing.len())
                .filter(|&h| Some(rollup::sponsor_key(work, h)) == key)
                .map(|h| prior_probs[h])
                .sum::<f64>();
        let claim = match l.id.as_str() {
            UNLISTED_ID => "an actor outside the profile pack is behind this activity".to_string(),
            NO_STATE_ID => "no known state sponsor is behind this activity".to_string(),
            _ => format!("{} sponsored this activity", l.name),
        };
        out.push(Movement {
            level: "state".into(),
            id: l.id.to_string(),
            name: l.name.to_string(),
            prior,
            posterior: l.probability,
            log_bayes_factor: statement::log_bayes_factor(prior, l.probability),
            statement: statement::movement_statement(&claim, prior, l.probability),
        });
    }
    out
}

/// Positions (in the pack) of the competing profiles, and how the race is framed.
/// The warning for a case saved with another profile pack than `pack` (`analysis.pack`), if any.
/// The stamp never changes a figure: the case is scored against `pack` all the same.
///
/// ```
/// use attrib::{case::{Case, PackStamp, Analysis}, Pack};
/// let pack = Pack::fixture();
/// let mut case = Case::new(vec![]);
/// assert_eq!(attrib::model::pack_mismatch(&case, &pack), None);
/// case.analysis = Some(Analysis { pack: Some(PackStamp { version: "old".into(), sha256: "0".repeat(64) }), ..Default::default() });
/// let w = attrib::model::pack_mismatch(&case, &pack).unwrap();
/// assert!(w.starts_with("analysis.pack: this reading was made with profile pack old (sha256 000000000000…)"), "{w}");
/// ```
pub fn pack_mismatch(case: &Case, pack: &crate::pack::Pack) -> Option<String> {
    let stamp = case.analysis.as_ref()?.pack.as_ref()?;
    if stamp.sha256 == pack.sha256 {
        return None;
    }
    let short = |s: &str| {
        if s.is_empty() {
            "none".to_string()
        } else {
            format!("{}…", &s[..s.len().min(12)])
        }
    };
    Some(format!(
        "analysis.pack: this reading was made with profile pack {} (sha256 {}); it is scored against profile pack {} (sha256 {}), so its figures can differ from the ones first shown",
        stamp.version,
        short(&stamp.sha256),
        pack.version,
        short(&pack.sha256)
    ))
}

fn competing(case: &Case, index: &Index) -> Result<(Vec<usize>, Frame)> {
    match &case.hypotheses {
        Some(list) if list.is_empty() => Err(Error::input(
            "$.hypotheses: expected at least one profile id; leave the field out to let every profile compete",
        )),
        Some(list) => {
            let positions = list
                .iter()
                .enumerate()
                .map(|(i, id)| {
                    index.position(id).ok_or_else(|| {
                        Error::input(format!(
                            "$.hypotheses[{i}]: {id} is not a profile in the pack"
                        ))
                    })
                })
                .collect::<Result<Vec<usize>>>()?;
            Ok((positions, Frame::Restricted(list.len())))
        }
        None => Ok((
            index
                .prepared()
                .iter()
                .filter(|p| p.has_data())
                .map(|p| p.pos)
                .collect(),
            Frame::WholePack,
        )),
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

#[allow(clippy::too_many_arguments)]
fn prepare_items(
    session: &mut Session,
    case: &Case,
    index: &Index,
    competing: &[usize],
    deception: f64,
    excluded: &[usize],
    planted: &[usize],
    warnings: &mut Vec<String>,
) -> Result<(Vec<Item>, usize)> {
    let pack = index.pack();
    let prm = index.params();
    session.sync(index, competing);
    let mut order: Vec<usize> = (0..case.observations.len())
        .filter(|i| !excluded.contains(i))
        .collect();
    crate::util::sort_by(&mut order, &|&a, &b| {
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
        let mut value = o.value.clone();
        if matches!(o.kind, Kind::Technique | Kind::Software) {
            if let Some(new) = pack.replaced.get(value.as_str()) {
                warnings.push(format!(
                    "observation {i}: {value} is revoked; scored as {new}"
                ));
                value = new.to_string();
            }
            if pack.deprecated.iter().any(|d| *d == value) {
                warnings.push(format!(
                    "observation {i}: {value} is deprecated in ATT&CK and is not scored"
                ));
                continue;
            }
        }
        let entry = session
            .entry(index, o.kind, &value)
            .map_err(|e| Error::input(format!("observation {i}: {}", e.message())))?;
        if let Some(note) = &entry.note {
            warnings.push(format!("observation {i}: {note}"));
        }
        facets[facet as usize] = true;
        let (rel, cred) = o.grades();
        let mut item = Item {
            index: i,
            facet,
            base: competing
                .iter()
                .map(|&p| entry.ratios.per_profile[p])
                .collect(),
            template: entry.ratios.template,
            quality: quality(rel, cred),
            forge: forgeability(o.kind, &value),
            planted: planted.contains(&i),
            scale: if o.kind == Kind::ActivityTime {
                time_scale
            } else {
                1.0
            },
            ln_point: Vec::new(),
        };
        item.ln_point = entry.point_logs(item.quality, deception, item.planted, || {
            item.base
                .iter()
                .map(|&b| libm::log(lr2(&item, b, item.quality, deception)))
                .collect()
        });
        items.push(item);
    }
    Ok((items, facets.iter().filter(|f| **f).count()))
}

/// The per-hypothesis tables a score works from: each hypothesis' base log-ratios, its rank in
/// ID order (ties) and its prior.
fn assemble_work<'a>(
    index: &'a Index,
    competing: Vec<usize>,
    priors: Priors,
    items: Vec<Item>,
    cap: f64,
) -> Work<'a> {
    let id_rank = competing.iter().map(|&p| index.id_rank(p)).collect();
    Work {
        index,
        competing,
        items,
        id_rank,
        cap,
        priors,
    }
}

/// About half of `kinds`, chosen by `rng`, as observations with one grade (tests of the model's
/// parts).
#[cfg(test)]
pub(crate) fn some_of(
    kinds: &[(Kind, &str)],
    rng: &mut crate::model::Rng,
    (reliability, credibility): (char, u8),
) -> Vec<Observation> {
    kinds
        .iter()
        .filter(|_| rng.next_u64() % 2 == 0)
        .map(|&(k, v)| Observation::new(k, v).graded("t", reliability, credibility))
        .collect()
}

/// A case's work and point estimate, as `score` prepares them (tests of the model's parts).
#[cfg(test)]
pub(crate) fn work_for_tests<'a>(case: &Case, index: &'a Index) -> (Work<'a>, Draw) {
    work_with_planted(case, index, &[])
}

/// [`work_for_tests`] with the observations at `planted` marked as suspected planted.
#[cfg(test)]
pub(crate) fn work_with_planted<'a>(
    case: &Case,
    index: &'a Index,
    planted: &[usize],
) -> (Work<'a>, Draw) {
    let (competing, frame) = competing(case, index).unwrap();
    let prm = index.params();
    let mut warnings = Vec::new();
    let (items, _) = prepare_items(
        &mut Session::new(),
        case,
        index,
        &competing,
        prm.deception,
        &[],
        planted,
        &mut warnings,
    )
    .unwrap();
    let point = Draw {
        quality: items.iter().map(|it| it.quality).collect(),
        deception: prm.deception,
        tau: [
            prm.tau_capability,
            prm.tau_infrastructure,
            prm.tau_victim,
            prm.tau_operations,
        ],
        unlisted_prior: prm.unlisted_prior,
    };
    let priors = Priors::new(index, &competing, frame == Frame::WholePack);
    let work = assemble_work(index, competing, priors, items, prm.facet_cap);
    (work, point)
}

/// The warnings scoring `case` against `index` would give, and its errors (an unknown
/// hypothesis, say), without the work a score's figures need: what `attrib validate --profiles`
/// and the page's validation show.
///
/// ```
/// let index = attrib::index::Index::new(attrib::Pack::fixture(), None).unwrap();
/// let case = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cases/kr-exchanges-fixture.json"));
/// let case = attrib::Case::from_json(case).unwrap();
/// assert_eq!(
///     attrib::model::warnings(&case, &index).unwrap(),
///     ["observation 2: software \"PEACHPIT\" is not in the profile pack; no profile explains it"]
/// );
/// ```
pub fn warnings(case: &Case, index: &Index) -> Result<Vec<String>> {
    Session::new().warnings(case, index)
}

impl Session {
    /// [`warnings`], keeping the evidence's prepared work for the next score of the same case
    /// (validating a case then costs its first score nothing twice).
    pub fn warnings(&mut self, case: &Case, index: &Index) -> Result<Vec<String>> {
        // Validation asks for no figures: the cost model has nothing to cut but pairs.
        let opts = ScoreOptions {
            samples: Some(0),
            sensitivity: false,
            top: 1,
            ..Default::default()
        };
        prepare(self, case, index, &opts).map(|p| p.warnings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::montecarlo::Subset;
    use crate::pack::Pack;

    /// A random case against the fixture pack, prepared as a score prepares it, with its point
    /// estimate; every third one has its first observation marked as planted.
    fn random_work<'a>(
        index: &'a Index,
        rng: &mut crate::model::Rng,
        trial: usize,
    ) -> (Work<'a>, Draw) {
        let kinds = [
            (Kind::Technique, "T1566.001"),
            (Kind::Software, "S0366"),
            (Kind::Software, "unknown thing"),
            (Kind::VictimCountry, "KR"),
            (Kind::VictimSector, "financial-services"),
            (Kind::Motivation, "financial"),
            (Kind::Language, "ko"),
            (Kind::ActivityTime, "2017-05-23T01:12:00Z"),
            (Kind::Infrastructure, "ip:175.45.178.1"),
        ];
        let case = Case::new(some_of(&kinds, rng, ('B', (trial % 6 + 1) as u8)));
        let planted = if trial % 3 == 0 { vec![0] } else { vec![] };
        work_with_planted(&case, index, &planted)
    }

    /// A facet's name in a result (serde's) is its `as_str`, for all four.
    #[test]
    fn facet_names_agree() {
        for f in [
            Facet::Capability,
            Facet::Infrastructure,
            Facet::Victim,
            Facet::Operations,
        ] {
            assert_eq!(
                serde_json::to_value(f).unwrap(),
                serde_json::Value::from(f.as_str())
            );
        }
    }

    /// The keyed sort of hypotheses gives the comparison sort's order, ties, signed zeros,
    /// infinities and NaN included.
    #[test]
    fn by_probability_is_the_comparison_sort() {
        let mut rng = crate::model::Rng::new(5, 0);
        let pool = [
            0.0,
            -0.0,
            0.25,
            0.5,
            1e-300,
            f64::INFINITY,
            f64::NAN,
            -1.0,
            0.125,
        ];
        for trial in 0..200 {
            let n = 1 + trial % 40;
            let probs: Vec<f64> = (0..n)
                .map(|_| pool[(rng.next_u64() % pool.len() as u64) as usize])
                .collect();
            let id_rank: Vec<u32> = (0..n).map(|_| (rng.next_u64() % 8) as u32).collect();
            let mut v: Vec<usize> = (0..n).filter(|_| rng.next_u64() % 4 != 0).collect();
            let mut expected = v.clone();
            crate::util::sort_by(&mut expected, &|&a, &b| {
                probs[b]
                    .total_cmp(&probs[a])
                    .then_with(|| id_rank[a].cmp(&id_rank[b]))
            });
            by_probability(&mut v, &probs, &id_rank);
            assert_eq!(v, expected, "trial {trial}");
        }
    }

    /// Validation stops before the figures, yet says what a score says: its warnings are a
    /// score's with the same cut-down options, and a score in the session it warmed is the same,
    /// bit for bit, as a score in a fresh one.
    #[test]
    fn warnings_are_a_scores_and_leave_its_result_unchanged() {
        let index = Index::new(Pack::fixture(), None).unwrap();
        let mut rng = crate::model::Rng::new(11, 0);
        let kinds = [
            (Kind::Technique, "T1566.001"),
            (Kind::Software, "S0366"),
            (Kind::Software, "unknown thing"),
            (Kind::VictimCountry, "KR"),
            (Kind::Motivation, "financial"),
            (Kind::ActivityTime, "2017-05-23T01:12:00Z"),
        ];
        let cut = ScoreOptions {
            samples: Some(0),
            sensitivity: false,
            top: 1,
            ..Default::default()
        };
        let opts = ScoreOptions {
            samples: Some(50),
            ..Default::default()
        };
        for trial in 0..12 {
            let case = Case::new(some_of(&kinds, &mut rng, ('C', (trial % 6 + 1) as u8)));
            let expected = score(&case, &index, &cut).unwrap().warnings;
            let mut session = Session::new();
            assert_eq!(session.warnings(&case, &index).unwrap(), expected);
            assert_eq!(warnings(&case, &index).unwrap(), expected);
            assert_eq!(
                session.score(&case, &index, &opts).unwrap(),
                score(&case, &index, &opts).unwrap()
            );
        }
    }

    /// The Monte Carlo's fast path agrees with the exact path at the point estimate, hypothesis
    /// by hypothesis, including the tie-break.
    #[test]
    fn fast_path_agrees_with_exact_path() {
        let index = Index::new(Pack::fixture(), None).unwrap();
        let mut rng = crate::model::Rng::new(7, 0);
        for trial in 0..40 {
            let (work, point) = random_work(&index, &mut rng, trial);
            let n = work.competing.len();
            let draw = Draw {
                deception: 0.1,
                tau: [0.7, 0.8, 0.9, 1.0],
                unlisted_prior: 0.2,
                ..point
            };
            let exact = work.eval(&work.tempered(&draw), draw.unlisted_prior, false);
            let active: Vec<usize> = (0..n).collect();
            let mut fast = vec![0.0; n];
            Subset::new(&work, &active).eval(&work, &draw, &mut fast);
            for (h, (f, e)) in fast.iter().zip(&exact.scores).enumerate() {
                assert!(
                    (f - e).abs() < 1e-9,
                    "trial {trial}, hypothesis {h}: {f} vs {e}"
                );
            }
            let unl = work.priors.unlisted(draw.unlisted_prior);
            assert_eq!(
                work.leader(&exact.scores, unl),
                work.leader_among(active.iter().copied().zip(fast.iter().copied()), unl)
            );
        }
    }

    /// The straightforward Monte Carlo, written as the model reads: for every draw, the exact
    /// path's score for each active hypothesis, the point score shifted by its prior class for
    /// the rest, probabilities by a plain normalisation over everyone, roll-up slots by plain
    /// sums, intervals by sorting. The optimised one must give the same figures to rounding and
    /// the same leader in every draw.
    #[test]
    fn monte_carlo_equals_the_reference_implementation() {
        use crate::model::montecarlo::Draws;
        let index = Index::new(Pack::fixture(), None).unwrap();
        let mut rng = crate::model::Rng::new(11, 0);
        for trial in 0..30 {
            let (work, point) = random_work(&index, &mut rng, trial);
            let n_h = work.competing.len();
            let point = Draw {
                deception: [0.0, 0.1, 0.3][trial % 3],
                tau: [0.7, 0.8, 0.9, 1.0],
                unlisted_prior: 0.15,
                ..point
            };
            let ev = work.eval(&work.tempered(&point), point.unlisted_prior, false);
            let leader = work.leader(&ev.scores, ev.unlisted);
            // Some hypotheses active, some not; three roll-up slots, the unlisted actor in one.
            let active: Vec<usize> = (0..n_h)
                .filter(|&h| work.is_listed(h) && (h + trial) % 4 != 0)
                .collect();
            let slots_h: Vec<Vec<usize>> = (0..n_h).map(|h| vec![h % 3]).collect();
            let unlisted_slots = vec![0];
            let sequence = [Sequence::Lattice, Sequence::Random][trial % 2];
            // 300 draws take the percentiles' tails cut (columns of 256 or more), 200 the
            // whole-column selection.
            let (samples, seed) = ([200u32, 300, 300][trial % 3], trial as u64);
            let mc = monte_carlo(
                &work,
                &point,
                &ev,
                &active,
                leader,
                samples,
                seed,
                &slots_h,
                &unlisted_slots,
                3,
                sequence,
            )
            .unwrap();

            let mut draws = Draws::new(&point, seed, sequence);
            let mut draw = point.clone();
            let (mut per_h, mut per_u, mut per_slot) =
                (vec![vec![]; active.len()], vec![], vec![vec![]; 3]);
            let mut stay = 0;
            for s in 0..samples {
                draws.fill(s, &mut draw);
                let exact = work.eval(&work.tempered(&draw), draw.unlisted_prior, false);
                let scores: Vec<f64> = (0..n_h)
                    .map(|h| {
                        if active.contains(&h) {
                            exact.scores[h]
                        } else {
                            let c = work.priors.class[h];
                            ev.scores[h]
                                + Priors::shift(c, point.unlisted_prior, draw.unlisted_prior)
                        }
                    })
                    .collect();
                let unl = work.priors.unlisted(draw.unlisted_prior);
                let log_z = logsumexp(&scores, unl);
                let p: Vec<f64> = scores.iter().map(|s| libm::exp(s - log_z)).collect();
                for (k, &h) in active.iter().enumerate() {
                    per_h[k].push(p[h]);
                }
                let total = work.unlisted_total(&scores, unl);
                per_u.push(libm::exp(total - log_z));
                let mut slot = [0.0; 3];
                slot[0] += libm::exp(unl - log_z);
                for h in 0..n_h {
                    slot[h % 3] += p[h];
                }
                for (c, v) in slot.iter().enumerate() {
                    per_slot[c].push(*v);
                }
                let best = work.leader_among(active.iter().map(|&h| (h, scores[h])), total);
                stay += u32::from(best == leader);
            }
            let sorted = |xs: &Vec<f64>| {
                let mut v = xs.clone();
                v.sort_by(f64::total_cmp);
                let last = (v.len() - 1) as f64;
                [
                    v[(last * 0.05).round() as usize],
                    v[(last * 0.95).round() as usize],
                ]
            };
            let close = |a: [f64; 2], b: [f64; 2], what: &str| {
                assert!(
                    (a[0] - b[0]).abs() < 1e-9 && (a[1] - b[1]).abs() < 1e-9,
                    "trial {trial}, {what}: {a:?} vs {b:?}"
                );
            };
            for (k, xs) in per_h.iter().enumerate() {
                close(
                    mc.intervals[k],
                    sorted(xs),
                    &format!("hypothesis {}", active[k]),
                );
            }
            close(mc.unlisted, sorted(&per_u), "unlisted");
            for (c, xs) in per_slot.iter().enumerate() {
                close(mc.slots[c], sorted(xs), &format!("slot {c}"));
            }
            assert_eq!(
                mc.stability,
                stay as f64 / samples as f64,
                "trial {trial}: stability"
            );
        }
    }
}
