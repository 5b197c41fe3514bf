//! The model's free constants, with defaults; the evaluation harness fits some of them.

use serde::{Deserialize, Serialize};

/// Free constants of the scoring model.
///
/// Defaults are declared before any evaluation; `attrib eval` fits the ones marked *fitted* by
/// nested cross-validation grouped by actor and records them in the pack (see
/// `docs/EVALUATION.md`). The others are declared: no held-out data carries their family, so
/// they stay at values argued in `docs/MODEL.md`.
///
/// ```
/// let p = attrib::Params::default();
/// assert!(p.mu_technique > 0.0 && p.unlisted_prior > 0.0 && p.unlisted_prior < 1.0);
/// // Constants of the previous model are refused by name.
/// assert!(serde_json::from_str::<attrib::Params>(r#"{"leak": 0.7}"#).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// Dirichlet concentration `mu` of techniques: how many pseudo-listings of the background
    /// a profile's technique list is mixed with. A profile listing `W` techniques gives an
    /// observed technique it lists a likelihood `(m + mu q) / (W + mu)` against the background
    /// `q`, and one it does not list `mu q / (W + mu)`. Small `mu`: documentation is taken as
    /// complete (strong size principle); large `mu`: weak evidence either way. *Fitted.*
    pub mu_technique: f64,
    /// Dirichlet concentration of software. *Fitted.*
    pub mu_software: f64,
    /// Dirichlet concentration of victim countries. Declared.
    pub mu_country: f64,
    /// Dirichlet concentration of victim sectors. Declared.
    pub mu_sector: f64,
    /// Dirichlet concentration of motivations. Declared.
    pub mu_motivation: f64,
    /// Dirichlet concentration of languages. Declared.
    pub mu_language: f64,
    /// Dirichlet concentration of trigger events. Declared.
    pub mu_trigger: f64,
    /// Dirichlet concentration of infrastructure indicators. Declared.
    pub mu_infrastructure: f64,
    /// Number of distinct indicators an actor could use, for the infrastructure background
    /// (the space of addresses and domains has no list to count). Declared.
    pub infrastructure_space: f64,
    /// Pseudo-count added to every feature's document frequency in the background rate (and
    /// one extra slot for features the pack has never seen). Declared.
    pub background_pseudo: f64,
    /// Weight of a technique implied only through the actor's software.
    pub implied_weight: f64,
    /// Weight of a parent/sub-technique match (observed `T1566.001`, profile lists `T1566`).
    pub parent_weight: f64,
    /// Weight of a sibling sub-technique match (`T1566.001` against `T1566.002`).
    pub sibling_weight: f64,
    /// Evidence strength (facet tempering) of capability evidence (techniques, software).
    /// *Fitted.*
    pub tau_capability: f64,
    /// Facet tempering of infrastructure evidence. Declared.
    pub tau_infrastructure: f64,
    /// Facet tempering of victim evidence (countries, sectors). Declared.
    pub tau_victim: f64,
    /// Facet tempering of adversary/operations evidence (timing, motive, language, events).
    /// Declared.
    pub tau_operations: f64,
    /// Cap, in nats, on the size of any one facet's total for one hypothesis (applied smoothly,
    /// `cap * tanh(total / cap)`, see [`crate::model::soft_cap`]). *Fitted.*
    pub facet_cap: f64,
    /// Cap on the effective number of independent activity timestamps.
    pub time_cap: f64,
    /// Share of an actor's activity that falls in its working hours.
    pub on_hours_mass: f64,
    /// Prior of the unlisted actor: the share of incidents assumed to come from actors whose
    /// capability the pack does not document. A declared base rate shown to the reader, not
    /// fitted.
    pub unlisted_prior: f64,
    /// Share of the unlisted actor's prior held by *named unknowns*: profiles the pack knows by
    /// name, sponsor or victims but not by capability (most MISP clusters). They split it
    /// evenly; the rest stays with an actor nobody has named. Only in a race of the whole pack;
    /// a suspect the reader names competes as a listed actor. Declared.
    pub named_unknown_share: f64,
    /// Exponent `alpha` of the documentation-weighted prior: the listed profiles with capability
    /// data share `1 - unlisted_prior` in proportion to `(1 + n_h) ^ alpha`, where `n_h` is the
    /// number of distinct techniques and software the profile lists (see
    /// [`crate::index::Prepared`]). 0 is the uniform prior. *Fitted.*
    pub prior_exponent: f64,
    /// Default deception level.
    pub deception: f64,
    /// Default number of Monte Carlo samples.
    pub samples: u32,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            mu_technique: 50.0,
            mu_software: 10.0,
            mu_country: 6.0,
            mu_sector: 6.0,
            mu_motivation: 2.0,
            mu_language: 2.0,
            mu_trigger: 2.0,
            mu_infrastructure: 10.0,
            infrastructure_space: 10_000.0,
            background_pseudo: 0.5,
            implied_weight: 0.5,
            parent_weight: 0.5,
            sibling_weight: 0.25,
            tau_capability: 1.0,
            tau_infrastructure: 0.8,
            tau_victim: 0.8,
            tau_operations: 0.8,
            facet_cap: 16.0,
            time_cap: 4.0,
            on_hours_mass: 0.85,
            unlisted_prior: 0.15,
            named_unknown_share: 0.5,
            prior_exponent: 1.0,
            deception: 0.05,
            samples: 2000,
        }
    }
}

impl Params {
    /// The Dirichlet concentration of a feature family.
    ///
    /// ```
    /// use attrib::index::Family;
    /// let p = attrib::Params::default();
    /// assert_eq!(p.mu(Family::Software), p.mu_software);
    /// ```
    pub fn mu(&self, f: crate::index::Family) -> f64 {
        use crate::index::Family::*;
        match f {
            Technique => self.mu_technique,
            Software => self.mu_software,
            Country => self.mu_country,
            Sector => self.mu_sector,
            Motivation => self.mu_motivation,
            Language => self.mu_language,
            Trigger => self.mu_trigger,
        }
    }
}
