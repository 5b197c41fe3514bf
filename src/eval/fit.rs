//! Fitting the free constants by nested cross-validation grouped by actor.
//!
//! The Dirichlet concentrations (`mu_technique`, `mu_software`) change the likelihood ratios, so
//! each of their settings needs every case scored again (*outer* settings). The evidence
//! strength (`tau_capability`), the facet cap and the prior exponent act after the ratios: one
//! scoring per outer setting gives each hypothesis' raw facet totals ([`RawEvidence`]), from
//! which the posterior under any *inner* setting follows exactly ([`Surrogate`]). Final figures
//! are always recomputed with [`crate::score`].
//!
//! The unlisted actor's prior and the named unknowns' share are declared base rates, not fitted.

use std::collections::BTreeMap;

use serde::Serialize;

use super::metrics::P_FLOOR;
use crate::model::{soft_cap, Params, RawEvidence};

/// The raw evidence of one scored case, compressed: rows with identical values are stored once
/// with their multiplicity.
#[derive(Debug, Clone, PartialEq)]
pub struct Surrogate {
    /// Facet totals and documentation terms `ln(1 + n_h)` of the true hypotheses (empty when the
    /// truth is the unlisted actor).
    pub truth: Vec<([f64; 4], f64)>,
    /// The other listed hypotheses: totals, documentation term, multiplicity.
    pub rest: Vec<([f64; 4], f64, f64)>,
    /// The named unknowns: totals and multiplicity.
    pub named: Vec<([f64; 4], f64)>,
}

/// One inner setting: the constants that act after the ratios.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Inner {
    /// Evidence strength of capability.
    pub tau_capability: f64,
    /// Facet cap (nats).
    pub facet_cap: f64,
    /// Exponent of the documentation-weighted prior.
    pub prior_exponent: f64,
}

impl Surrogate {
    /// Build from the raw evidence of a case; `truth` are the true profile IDs (empty or absent
    /// from the rows: the unlisted actor).
    pub fn new(rows: &[RawEvidence], truth: &[String]) -> Surrogate {
        let mut t = Vec::new();
        let mut rest: BTreeMap<([u64; 4], u64), f64> = BTreeMap::new();
        let mut named: BTreeMap<[u64; 4], f64> = BTreeMap::new();
        for r in rows {
            let d = libm::log(1.0 + r.documentation as f64);
            if !r.listed {
                *named.entry(r.facets.map(f64::to_bits)).or_default() += 1.0;
            } else if truth.contains(&r.id) {
                t.push((r.facets, d));
            } else {
                *rest
                    .entry((r.facets.map(f64::to_bits), d.to_bits()))
                    .or_default() += 1.0;
            }
        }
        Surrogate {
            truth: t,
            rest: rest
                .into_iter()
                .map(|((k, d), m)| (k.map(f64::from_bits), f64::from_bits(d), m))
                .collect(),
            named: named
                .into_iter()
                .map(|(k, m)| (k.map(f64::from_bits), m))
                .collect(),
        }
    }

    /// Log-loss of the truth under `base` (tempering of the other facets, the unlisted prior and
    /// the named share) with the inner setting `i`, floored like [`super::metrics::log_loss`].
    pub fn loss(&self, base: &Params, i: Inner) -> f64 {
        let grid = Grid {
            tau_capability: vec![i.tau_capability],
            facet_cap: vec![i.facet_cap],
            prior_exponent: vec![i.prior_exponent],
            ..Grid::default()
        };
        self.losses(base, &grid)[0]
    }

    /// [`Surrogate::loss`] at every inner setting of `grid`, in [`Grid::inner`] order. The
    /// capped evidence of each row is computed once per tempering and cap, and reused for every
    /// prior exponent.
    pub fn losses(&self, base: &Params, grid: &Grid) -> Vec<f64> {
        let pi = base.unlisted_prior;
        let n_named: f64 = self.named.iter().map(|(_, m)| m).sum();
        let rho = if n_named > 0.0 {
            base.named_unknown_share
        } else {
            0.0
        };
        let pure = libm::log(pi * (1.0 - rho));
        let named_prior = libm::log(pi * rho / n_named.max(1.0));
        let log_listed = libm::log(1.0 - pi);
        let mut out = Vec::with_capacity(grid.inner().len());
        // The listed prior's normaliser per prior exponent, as `log_prior_shares` computes it.
        let mut buf: Vec<(f64, f64)> = Vec::with_capacity(self.rest.len() + self.truth.len());
        let norms: Vec<f64> = grid
            .prior_exponent
            .iter()
            .map(|&a| {
                buf.clear();
                buf.extend(self.truth.iter().map(|(_, d)| (a * d, 1.0)));
                buf.extend(self.rest.iter().map(|(_, d, m)| (a * d, *m)));
                lse(&buf)
            })
            .collect();
        let mut ev_t = vec![0.0; self.truth.len()];
        let mut ev_r = vec![0.0; self.rest.len()];
        let mut ev_n = vec![0.0; self.named.len()];
        for &tau_c in &grid.tau_capability {
            let tau = [
                tau_c,
                base.tau_infrastructure,
                base.tau_victim,
                base.tau_operations,
            ];
            for &cap in &grid.facet_cap {
                let ev = |s: &[f64; 4]| -> f64 {
                    let mut v = 0.0;
                    for f in 0..4 {
                        if s[f] != 0.0 {
                            v += soft_cap(tau[f] * s[f], cap);
                        }
                    }
                    v
                };
                for (e, (s, _)) in ev_t.iter_mut().zip(&self.truth) {
                    *e = ev(s);
                }
                for (e, (s, _, _)) in ev_r.iter_mut().zip(&self.rest) {
                    *e = ev(s);
                }
                for (e, (s, _)) in ev_n.iter_mut().zip(&self.named) {
                    *e = ev(s);
                }
                // The unlisted actor's part does not depend on the prior exponent.
                let mut unlisted = vec![(pure, 1.0)];
                if n_named > 0.0 {
                    unlisted.extend(
                        ev_n.iter()
                            .zip(&self.named)
                            .map(|(e, (_, m))| (named_prior + e, *m)),
                    );
                }
                let log_unlisted = lse(&unlisted);
                for (&a, &norm) in grid.prior_exponent.iter().zip(&norms) {
                    let listed = log_listed - norm;
                    buf.clear();
                    buf.extend(
                        self.truth
                            .iter()
                            .zip(&ev_t)
                            .map(|((_, d), e)| (listed + a * d + e, 1.0)),
                    );
                    let truth = lse(&buf);
                    buf.clear();
                    buf.extend(
                        self.rest
                            .iter()
                            .zip(&ev_r)
                            .map(|((_, d, m), e)| (listed + a * d + e, *m)),
                    );
                    let rest = lse(&buf);
                    let z = lse(&[(truth, 1.0), (rest, 1.0), (log_unlisted, 1.0)]);
                    let log_p = if self.truth.is_empty() {
                        log_unlisted - z
                    } else {
                        truth - z
                    };
                    out.push(-libm::log(libm::exp(log_p).max(P_FLOOR)));
                }
            }
        }
        out
    }
}

/// `ln sum m * exp(x)` over `(x, m)` pairs; minus infinity for none. Terms more than 60 nats
/// below the largest add less than `e^-60` of it (far below a double's precision relative to the
/// sum) and are skipped.
fn lse(xs: &[(f64, f64)]) -> f64 {
    let m = xs.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
    if m == f64::NEG_INFINITY {
        return m;
    }
    let mut s = 0.0;
    for &(x, k) in xs {
        if x - m > -60.0 {
            s += k * libm::exp(x - m);
        }
    }
    m + libm::log(s)
}

/// The search grid, fixed before any test figure is read (see `docs/MODEL-VARIANTS.md`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grid {
    /// `mu_technique` values (re-scored).
    pub mu_technique: Vec<f64>,
    /// `mu_software` values (re-scored).
    pub mu_software: Vec<f64>,
    /// `tau_capability` values.
    pub tau_capability: Vec<f64>,
    /// `facet_cap` values (nats).
    pub facet_cap: Vec<f64>,
    /// `prior_exponent` values.
    pub prior_exponent: Vec<f64>,
}

impl Default for Grid {
    fn default() -> Self {
        Grid {
            mu_technique: vec![8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0, 1024.0, 2048.0],
            mu_software: vec![0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0],
            tau_capability: vec![0.3, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0],
            facet_cap: vec![4.0, 6.0, 8.0, 12.0, 16.0, 32.0],
            prior_exponent: vec![0.0, 0.25, 0.5, 0.75, 1.0, 1.5],
        }
    }
}

/// One outer setting: the constants that need re-scoring.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Outer {
    /// Dirichlet concentration of techniques.
    pub mu_technique: f64,
    /// Dirichlet concentration of software.
    pub mu_software: f64,
}

impl Grid {
    /// Outer settings, in a fixed order.
    pub fn outer(&self) -> Vec<Outer> {
        let mut v = Vec::new();
        for &mu_technique in &self.mu_technique {
            for &mu_software in &self.mu_software {
                v.push(Outer {
                    mu_technique,
                    mu_software,
                });
            }
        }
        v
    }

    /// Inner settings, in a fixed order.
    pub fn inner(&self) -> Vec<Inner> {
        let mut v = Vec::new();
        for &tau_capability in &self.tau_capability {
            for &facet_cap in &self.facet_cap {
                for &prior_exponent in &self.prior_exponent {
                    v.push(Inner {
                        tau_capability,
                        facet_cap,
                        prior_exponent,
                    });
                }
            }
        }
        v
    }
}

/// `base` with an outer setting: the constants the raw evidence is computed with.
pub(crate) fn raw_params(base: &Params, o: Outer) -> Params {
    Params {
        mu_technique: o.mu_technique,
        mu_software: o.mu_software,
        ..base.clone()
    }
}

/// `base` with both settings applied: the constants a fold uses.
pub(crate) fn params_of(base: &Params, o: Outer, i: Inner) -> Params {
    Params {
        tau_capability: i.tau_capability,
        facet_cap: i.facet_cap,
        prior_exponent: i.prior_exponent,
        ..raw_params(base, o)
    }
}

/// Index of the setting with the smallest mean training loss over `cases` (the first on ties).
/// `loss[s][c]` is setting `s`'s loss on case `c`.
///
/// ```
/// let loss = vec![vec![1.0, 3.0], vec![2.0, 1.0]];
/// assert_eq!(attrib::eval::fit::argmin(&loss, &[0]), (0, 1.0));
/// assert_eq!(attrib::eval::fit::argmin(&loss, &[0, 1]), (1, 1.5));
/// ```
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

/// The training cases for a case whose truth is `held_out` (profile IDs): every case whose truth
/// shares no group with it. Cross-validation is grouped by actor: no report of a held-out group
/// is ever in the set its constants are fitted on.
///
/// ```
/// let truths = vec![vec!["G1".to_string()], vec!["G2".to_string()], vec!["G1".to_string(), "G3".to_string()]];
/// assert_eq!(attrib::eval::fit::training_cases(&truths, &["G1".to_string()]), vec![1]);
/// assert_eq!(attrib::eval::fit::training_cases(&truths, &["G3".to_string()]), vec![0, 1]);
/// assert_eq!(attrib::eval::fit::training_cases(&truths, &[]), vec![0, 1, 2]);
/// ```
pub fn training_cases(truths: &[Vec<String>], held_out: &[String]) -> Vec<usize> {
    (0..truths.len())
        .filter(|&c| !truths[c].iter().any(|g| held_out.contains(g)))
        .collect()
}
