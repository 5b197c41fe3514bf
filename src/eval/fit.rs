//! Fitting the free constants by cross-validation over campaigns.
//!
//! Constants that change the per-observation likelihood ratios (`leak`, `k_technique`,
//! `k_software`) need every case re-scored; the rest (`tau_capability`, `unlisted_prior`,
//! `facet_cap`, `prior_exponent`) act after the ratios, so one scoring per outer setting with
//! tempering 1 and no cap gives each hypothesis' raw facet totals, from which (with each
//! hypothesis' documentation count) the posterior under any inner setting follows exactly
//! ([`Surrogate`]). Final figures are always recomputed with [`crate::score`].

use std::collections::BTreeMap;

use serde::Serialize;

use super::metrics::P_FLOOR;
use crate::index::Index;
use crate::model::{Params, ScoreResult};

/// Facet order of [`crate::model::Facet`].
const FACETS: [&str; 4] = ["capability", "infrastructure", "victim", "operations"];

/// Per-hypothesis raw facet totals of one scored case (tempering 1, no cap) with each
/// hypothesis' documentation term `ln(1 + n_h)`, compressed: rows with identical values are
/// stored once with their multiplicity.
#[derive(Debug, Clone, PartialEq)]
pub struct Surrogate {
    /// Number of competing hypotheses (the prior's denominator).
    pub n: usize,
    /// Totals and documentation terms of the true hypotheses (empty when the truth is the
    /// unlisted actor).
    pub truth: Vec<([f64; 4], f64)>,
    /// Totals and documentation terms of the other hypotheses, with multiplicities.
    pub rest: Vec<([f64; 4], f64, f64)>,
}

/// A [`Surrogate`] evaluated at fixed tempering, cap and prior exponent: what remains depends on
/// the unlisted prior only, in closed form ([`Surrogate::loss_at`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Partial {
    /// Log-sum over the true hypotheses of prior share times capped likelihood ratio
    /// (`None`: the truth is the unlisted actor).
    truth: Option<f64>,
    /// The same over every listed hypothesis.
    all: f64,
}

impl Surrogate {
    /// Build from a result computed with every `tau_*` = 1 and no facet cap, listing every
    /// hypothesis (`top: 0`), against `index` (for the documentation counts). `truth` are the
    /// true IDs present in the ranking (empty: unlisted).
    pub fn new(r: &ScoreResult, truth: &[String], index: &Index) -> Surrogate {
        let mut t = Vec::new();
        let mut rest: BTreeMap<([u64; 4], u64), f64> = BTreeMap::new();
        for h in &r.hypotheses {
            let mut s = [0.0f64; 4];
            for c in &h.contributions {
                let f = FACETS.iter().position(|x| *x == c.facet).unwrap_or(0);
                s[f] += c.log_lr;
            }
            let n_doc = index
                .position(&h.id)
                .map_or(0, |p| index.prepared()[p].documentation);
            let d = libm::log(1.0 + n_doc as f64);
            if truth.contains(&h.id) {
                t.push((s, d));
            } else {
                *rest.entry((s.map(f64::to_bits), d.to_bits())).or_default() += 1.0;
            }
        }
        Surrogate {
            n: r.settings.hypotheses,
            truth: t,
            rest: rest
                .into_iter()
                .map(|((k, d), m)| (k.map(f64::from_bits), f64::from_bits(d), m))
                .collect(),
        }
    }

    /// The part of the posterior that does not depend on the unlisted prior, under `tau` (per
    /// facet), `facet_cap` and `prior_exponent`.
    pub fn partial(&self, tau: [f64; 4], cap: f64, prior_exponent: f64) -> Partial {
        let capped = |s: &[f64; 4]| -> f64 {
            let mut v = 0.0;
            for f in 0..4 {
                v += crate::model::soft_cap(tau[f] * s[f], cap);
            }
            v
        };
        // Log prior share of a row (the model's `log_prior_shares`).
        let log_norm = if prior_exponent == 0.0 {
            libm::log(self.n.max(1) as f64)
        } else {
            let xs: Vec<(f64, f64)> = self
                .truth
                .iter()
                .map(|(_, d)| (prior_exponent * d, 1.0))
                .chain(self.rest.iter().map(|(_, d, m)| (prior_exponent * d, *m)))
                .collect();
            lse(&xs)
        };
        let row = |s: &[f64; 4], d: f64| capped(s) + prior_exponent * d - log_norm;
        let truth: Vec<(f64, f64)> = self.truth.iter().map(|(s, d)| (row(s, *d), 1.0)).collect();
        let all: Vec<(f64, f64)> = truth
            .iter()
            .copied()
            .chain(self.rest.iter().map(|(s, d, m)| (row(s, *d), *m)))
            .collect();
        Partial {
            truth: (!self.truth.is_empty()).then(|| lse(&truth)),
            all: lse(&all),
        }
    }

    /// Log-loss of the truth with unlisted prior `unlisted_prior`, floored like
    /// [`super::metrics::log_loss`].
    pub fn loss_at(part: Partial, unlisted_prior: f64) -> f64 {
        let ll = libm::log(1.0 - unlisted_prior);
        let lu = libm::log(unlisted_prior);
        let z = lse(&[(ll + part.all, 1.0), (lu, 1.0)]);
        let log_p = match part.truth {
            Some(t) => ll + t - z,
            None => lu - z,
        };
        -libm::log(libm::exp(log_p).max(P_FLOOR))
    }

    /// Log-loss of the truth under `tau` (per facet), `unlisted_prior`, `facet_cap` and
    /// `prior_exponent`.
    pub fn loss(&self, tau: [f64; 4], unlisted_prior: f64, cap: f64, prior_exponent: f64) -> f64 {
        Surrogate::loss_at(self.partial(tau, cap, prior_exponent), unlisted_prior)
    }
}

/// `ln sum m * exp(x)` over `(x, m)` pairs; minus infinity for none.
fn lse(xs: &[(f64, f64)]) -> f64 {
    let m = xs.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
    if m == f64::NEG_INFINITY {
        return m;
    }
    m + libm::log(xs.iter().map(|(x, k)| k * libm::exp(x - m)).sum::<f64>())
}

/// The search grid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grid {
    /// `leak` values (re-scored).
    pub leak: Vec<f64>,
    /// `k_technique` values (re-scored).
    pub k_technique: Vec<f64>,
    /// `k_software` values (re-scored).
    pub k_software: Vec<f64>,
    /// `tau_capability` values.
    pub tau_capability: Vec<f64>,
    /// `unlisted_prior` values.
    pub unlisted_prior: Vec<f64>,
    /// `facet_cap` values (nats).
    pub facet_cap: Vec<f64>,
    /// `prior_exponent` values.
    pub prior_exponent: Vec<f64>,
}

impl Default for Grid {
    fn default() -> Self {
        Grid {
            leak: vec![0.2, 0.35, 0.5, 0.7],
            k_technique: vec![64.0, 128.0, 256.0],
            k_software: vec![3.0, 8.0],
            tau_capability: vec![0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.85, 1.0],
            unlisted_prior: vec![0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5],
            facet_cap: vec![4.0, 6.0, 8.0, 12.0, 16.0, 24.0, 40.0],
            prior_exponent: vec![0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0],
        }
    }
}

/// One outer setting: the constants that need re-scoring.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outer {
    /// Leak.
    pub leak: f64,
    /// Expected techniques per incident.
    pub k_technique: f64,
    /// Expected software per incident.
    pub k_software: f64,
}

/// One inner setting: the constants that act after the ratios.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Inner {
    /// Capability tempering.
    pub tau_capability: f64,
    /// Unlisted prior.
    pub unlisted_prior: f64,
    /// Facet cap.
    pub facet_cap: f64,
    /// Exponent of the documentation-weighted prior.
    pub prior_exponent: f64,
}

impl Grid {
    /// Outer settings, in a fixed order.
    pub fn outer(&self) -> Vec<Outer> {
        let mut v = Vec::new();
        for &leak in &self.leak {
            for &k_technique in &self.k_technique {
                for &k_software in &self.k_software {
                    v.push(Outer {
                        leak,
                        k_technique,
                        k_software,
                    });
                }
            }
        }
        v
    }

    /// Inner settings, in a fixed order (the unlisted prior varies fastest, so that
    /// [`Surrogate::partial`] is computed once per run of it).
    pub fn inner(&self) -> Vec<Inner> {
        let mut v = Vec::new();
        for &tau_capability in &self.tau_capability {
            for &facet_cap in &self.facet_cap {
                for &prior_exponent in &self.prior_exponent {
                    for &unlisted_prior in &self.unlisted_prior {
                        v.push(Inner {
                            tau_capability,
                            unlisted_prior,
                            facet_cap,
                            prior_exponent,
                        });
                    }
                }
            }
        }
        v
    }
}

/// `base` with an outer setting, tempering 1 and no cap: the scoring that feeds [`Surrogate`].
pub fn raw_params(base: &Params, o: Outer) -> Params {
    Params {
        leak: o.leak,
        k_technique: o.k_technique,
        k_software: o.k_software,
        tau_capability: 1.0,
        tau_infrastructure: 1.0,
        tau_victim: 1.0,
        tau_operations: 1.0,
        facet_cap: f64::MAX,
        ..base.clone()
    }
}

/// `base` with both settings applied: the constants a fold uses.
pub fn params_of(base: &Params, o: Outer, i: Inner) -> Params {
    Params {
        leak: o.leak,
        k_technique: o.k_technique,
        k_software: o.k_software,
        tau_capability: i.tau_capability,
        unlisted_prior: i.unlisted_prior,
        facet_cap: i.facet_cap,
        prior_exponent: i.prior_exponent,
        ..base.clone()
    }
}

/// The tempering vector the surrogate applies: the fitted capability value, the others from `base`.
pub fn taus(base: &Params, i: Inner) -> [f64; 4] {
    [
        i.tau_capability,
        base.tau_infrastructure,
        base.tau_victim,
        base.tau_operations,
    ]
}

/// A cross-validation fold over campaign IDs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fold {
    /// Campaigns held out and evaluated.
    pub test: Vec<String>,
    /// Campaigns the constants are fitted on.
    pub train: Vec<String>,
}

/// Leave-one-campaign-out folds over `ids` (in the given order).
///
/// ```
/// let f = attrib::eval::fit::leave_one_out(&["C1".into(), "C2".into(), "C3".into()]);
/// assert_eq!(f.len(), 3);
/// assert_eq!(f[1].test, vec!["C2".to_string()]);
/// assert_eq!(f[1].train, vec!["C1".to_string(), "C3".to_string()]);
/// ```
pub fn leave_one_out(ids: &[String]) -> Vec<Fold> {
    ids.iter()
        .map(|t| Fold {
            test: vec![t.clone()],
            train: ids.iter().filter(|x| *x != t).cloned().collect(),
        })
        .collect()
}

/// Index of the setting with the smallest mean training loss over `cases` (the first on ties).
/// `loss[s][c]` is setting `s`'s loss on case `c`.
pub fn argmin(loss: &[Vec<f64>], cases: &[usize]) -> (usize, f64) {
    let mut best = (0usize, f64::INFINITY);
    for (s, row) in loss.iter().enumerate() {
        let v = cases.iter().map(|&c| row[c]).sum::<f64>() / cases.len().max(1) as f64;
        if v < best.1 {
            best = (s, v);
        }
    }
    best
}
