//! The model's free constants, with defaults, fitted by the evaluation harness.

use serde::{Deserialize, Serialize};

/// Free constants of the scoring model.
///
/// Defaults are reasonable priors; `attrib eval` fits the ones marked *fitted* by cross-validation
/// and records them in the pack (see `docs/EVALUATION.md`).
///
/// ```
/// let p = attrib::Params::default();
/// assert!(p.leak > 0.0 && p.leak < 1.0);
/// // A params file from before the documentation-weighted prior keeps the uniform prior.
/// let old: attrib::Params = serde_json::from_str(r#"{"leak": 0.7}"#).unwrap();
/// assert_eq!(old.prior_exponent, 0.0);
/// assert_eq!(old.unlisted_prior, p.unlisted_prior);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// Leak (Jelinek-Mercer smoothing) towards the background for set-valued features: the
    /// probability that an actor shows a feature its profile does not list. *Fitted.*
    pub leak: f64,
    /// Expected number of distinct techniques one incident report shows.
    pub k_technique: f64,
    /// Expected number of distinct software families one incident report shows.
    pub k_software: f64,
    /// Expected number of victim countries per incident.
    pub k_country: f64,
    /// Expected number of victim sectors per incident.
    pub k_sector: f64,
    /// Expected number of infrastructure indicators per incident.
    pub k_infrastructure: f64,
    /// Weight of a technique implied only through the actor's software.
    pub implied_weight: f64,
    /// Weight of a parent/sub-technique match (observed `T1566.001`, profile lists `T1566`).
    pub parent_weight: f64,
    /// Weight of a sibling sub-technique match (`T1566.001` against `T1566.002`).
    pub sibling_weight: f64,
    /// Pseudo-count of the background (one imaginary actor that shows everything a little).
    pub background_pseudo: f64,
    /// Facet tempering of capability evidence (techniques, software). *Fitted.*
    pub tau_capability: f64,
    /// Facet tempering of infrastructure evidence. *Fitted.*
    pub tau_infrastructure: f64,
    /// Facet tempering of victim evidence (countries, sectors). *Fitted.*
    pub tau_victim: f64,
    /// Facet tempering of adversary/operations evidence (timing, motive, language, events). *Fitted.*
    pub tau_operations: f64,
    /// Cap, in nats, on the size of any one facet's total for one hypothesis (applied smoothly,
    /// `cap * tanh(total / cap)`, see [`crate::model::soft_cap`]). *Fitted.*
    pub facet_cap: f64,
    /// Cap on the effective number of independent activity timestamps.
    pub time_cap: f64,
    /// Share of an actor's activity that falls in its working hours.
    pub on_hours_mass: f64,
    /// Default prior of the unlisted-actor hypothesis. *Fitted.*
    pub unlisted_prior: f64,
    /// Exponent `alpha` of the documentation-weighted prior: the listed profiles share
    /// `1 - unlisted_prior` in proportion to `(1 + n_h) ^ alpha`, where `n_h` is the number of
    /// distinct techniques and software the profile lists (see [`crate::index::Prepared`]). 0 is
    /// the uniform prior; 1 makes a profile's prior proportional to how much is documented about
    /// it. A params file without this field means 0, so files written before it existed score
    /// exactly as they did. *Fitted.*
    #[serde(default)]
    pub prior_exponent: f64,
    /// Default deception level.
    pub deception: f64,
    /// Default number of Monte Carlo samples.
    pub samples: u32,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            leak: 0.1,
            k_technique: 12.0,
            k_software: 3.0,
            k_country: 2.0,
            k_sector: 2.0,
            k_infrastructure: 3.0,
            implied_weight: 0.5,
            parent_weight: 0.5,
            sibling_weight: 0.25,
            background_pseudo: 0.05,
            tau_capability: 0.7,
            tau_infrastructure: 0.8,
            tau_victim: 0.8,
            tau_operations: 0.8,
            facet_cap: 8.0,
            time_cap: 4.0,
            on_hours_mass: 0.85,
            unlisted_prior: 0.15,
            prior_exponent: 1.0,
            deception: 0.05,
            samples: 2000,
        }
    }
}
