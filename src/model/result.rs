//! The scoring result: the contract of `CASE-FORMAT.md`, plus documented additions.

use serde::{Deserialize, Serialize};

/// The ID results give the unlisted actor (an actor outside the profile pack): in `leader`, the
/// roll-ups and the display's rows. No profile may have it ([`crate::Pack::check`]).
///
/// ```
/// let mut pack = attrib::Pack::fixture();
/// pack.profiles[0].id = attrib::model::UNLISTED_ID.into();
/// let e = pack.check().unwrap_err().to_string();
/// assert_eq!(e, "profile pack: profiles[0]: the id unlisted is reserved for the unlisted actor");
/// ```
pub const UNLISTED_ID: &str = "unlisted";

/// The ID the state-level roll-up gives listed actors with no known state sponsor. Sponsors are
/// ISO 3166-1 alpha-2 codes and no profile may have it ([`crate::Pack::check`]), so it names
/// nothing else in a result.
///
/// ```
/// assert_eq!(attrib::model::NO_STATE_ID, "none");
/// ```
pub const NO_STATE_ID: &str = "none";

/// The name results give the unlisted actor. No profile or country may have it
/// ([`crate::Pack::check`]), so a reader never sees it name anything else.
///
/// ```
/// assert_eq!(attrib::model::UNLISTED_NAME, "Unlisted actor");
/// ```
pub const UNLISTED_NAME: &str = "Unlisted actor";

/// The name of [`NO_STATE_ID`]'s roll-up entry, reserved like [`UNLISTED_NAME`].
///
/// ```
/// assert_eq!(attrib::model::NO_STATE_NAME, "No known state sponsor");
/// ```
pub const NO_STATE_NAME: &str = "No known state sponsor";

/// One observation's share of a hypothesis' score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contribution {
    /// Index of the observation in the case.
    pub observation: usize,
    /// Its contribution in nats (after quality, deception, tempering and caps).
    pub log_lr: f64,
    /// Diamond-model facet: `capability`, `infrastructure`, `victim` or `operations`.
    pub facet: super::Facet,
}

/// A ranked hypothesis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hypothesis {
    /// Place in the ranking of every competing hypothesis (1 = most probable; the unlisted actor
    /// is not counted).
    pub rank: usize,
    /// Profile ID.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Posterior probability.
    pub probability: f64,
    /// 90 % credible interval from the Monte Carlo (5th and 95th percentiles).
    pub interval: [f64; 2],
    /// Log prior (nats).
    pub log_prior: f64,
    /// Unnormalised log posterior: `log_prior + sum(contributions)`, exactly.
    pub score: f64,
    /// Per-observation contributions, in case order (excluded observations are left out).
    pub contributions: Vec<Contribution>,
    /// Suspected state sponsor (ISO alpha-2), own or inherited.
    pub sponsor: Option<String>,
    /// Umbrella (top ancestor) profile ID.
    pub umbrella: String,
}

/// The unlisted-actor hypothesis: an actor whose capability the pack does not document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unlisted {
    /// Posterior probability, named unknowns included.
    pub probability: f64,
    /// 90 % credible interval.
    pub interval: [f64; 2],
    /// Log prior (nats) of the part nobody has named; its likelihood is the background, so this
    /// is also its score.
    pub log_prior: f64,
    /// The largest named unknowns inside `probability` (at most five): profiles known by name,
    /// sponsor or victims but not by capability, in a race of the whole pack.
    pub named: Vec<NamedShare>,
}

/// A named unknown's part of the unlisted actor's probability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NamedShare {
    /// Profile ID.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Posterior probability.
    pub probability: f64,
    /// Suspected state sponsor, if known.
    pub sponsor: Option<String>,
}

/// Hypotheses that were scored but not listed (see `top`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Others {
    /// How many.
    pub count: usize,
    /// Their total probability.
    pub probability: f64,
}

/// A roll-up entry (umbrella or sponsor).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Level {
    /// Umbrella profile ID, ISO country code, `none` (no known sponsor) or `unlisted`.
    pub id: crate::Name,
    /// Display name.
    pub name: crate::Name,
    /// Summed posterior.
    pub probability: f64,
    /// 90 % credible interval.
    pub interval: [f64; 2],
}

/// Roll-ups of the posterior.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Levels {
    /// By umbrella (cluster -> top ancestor).
    pub umbrella: Vec<Level>,
    /// By suspected state sponsor.
    pub sponsor: Vec<Level>,
}

/// An observation whose removal changes the leader.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pivotal {
    /// Observation index.
    pub observation: usize,
    /// Who leads without it (`unlisted` for the unlisted actor).
    pub if_removed_leader: String,
    /// The new leader's probability.
    pub if_removed_probability: f64,
}

/// How far one observation's weight must move before the leader changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flip {
    /// Observation index.
    pub observation: usize,
    /// Weight (1 = as scored, 0 = removed) at which the leader changes, if any in 0..=10.
    pub weight: Option<f64>,
    /// The leader at that weight.
    pub new_leader: Option<String>,
}

/// Stamp of the profile pack a result was computed with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackStamp {
    /// Pack version.
    pub version: String,
    /// Pack SHA-256.
    pub sha256: String,
}

/// Settings a result was computed with, after defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Used {
    /// Deception level.
    pub deception: f64,
    /// Unlisted-actor prior.
    pub unlisted_prior: f64,
    /// Monte Carlo seed.
    pub seed: u64,
    /// Monte Carlo samples.
    pub samples: u32,
    /// Observations scored (not excluded).
    pub observations: usize,
    /// Hypotheses competing (plus the unlisted actor).
    pub hypotheses: usize,
}

/// Who competed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Race {
    /// Whether the case restricts the race to its own list of suspects (`hypotheses`). Every
    /// statement of a restricted race says so.
    pub restricted: bool,
    /// Hypotheses competing, besides the unlisted actor.
    pub competing: usize,
    /// Of those, named unknowns: profiles known by name, sponsor or victims but not by
    /// capability, which share the unlisted actor's prior in a race of the whole pack.
    pub named_unknowns: usize,
    /// Suspects the case asks to highlight (`analysis.focus`), in case order; IDs the pack does
    /// not know are left out with a warning.
    pub focus: Vec<String>,
}

/// The same race scored with no evidence: what the suspect list and the priors alone imply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PriorOnly {
    /// The hypothesis with the largest prior (`unlisted` for the unlisted actor).
    pub leader: String,
    /// Its display name.
    pub name: String,
    /// Its prior probability.
    pub probability: f64,
    /// Roll-ups of the prior.
    pub levels: Levels,
    /// The prior reading in words.
    pub statement: String,
}

/// How far the evidence moved the verdict at one level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Movement {
    /// `cluster` or `state`.
    pub level: String,
    /// The posterior leader at that level (profile ID, ISO code, `none` or `unlisted`).
    pub id: String,
    /// Its display name.
    pub name: String,
    /// Its prior probability (no evidence).
    pub prior: f64,
    /// Its posterior probability.
    pub posterior: f64,
    /// `ln(posterior odds / prior odds)` against all the others at that level.
    pub log_bayes_factor: f64,
    /// The same in plain words.
    pub statement: String,
}

/// The full result of scoring a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreResult {
    /// Hypotheses by probability, then ID.
    pub hypotheses: Vec<Hypothesis>,
    /// The unlisted actor.
    pub unlisted: Unlisted,
    /// Hypotheses scored but beyond `top`, if any.
    pub others: Option<Others>,
    /// Roll-ups.
    pub levels: Levels,
    /// The leading hypothesis' ID (`unlisted` for the unlisted actor).
    pub leader: String,
    /// Share of Monte Carlo samples in which the leader stays the leader.
    pub leader_stability: f64,
    /// Observations whose removal changes the leader.
    pub pivotal: Vec<Pivotal>,
    /// Per observation, the weight at which the leader flips.
    pub flips: Vec<Flip>,
    /// ICD 203 statement about the leader.
    pub statement: String,
    /// ICD 203 statement at sponsor level.
    pub sponsor_statement: String,
    /// `high`, `moderate` or `low`.
    pub confidence: String,
    /// Why that confidence.
    pub confidence_reason: String,
    /// Things the reader should know (revoked IDs, unknown software ...).
    pub warnings: Vec<String>,
    /// Settings in force.
    pub settings: Used,
    /// Profile pack stamp.
    pub profile_pack: PackStamp,
    /// Who competed.
    pub race: Race,
    /// The reading with no evidence.
    pub prior_only: PriorOnly,
    /// How far the evidence moved the leader, at cluster and at state level.
    pub evidence_weight: Vec<Movement>,
}
