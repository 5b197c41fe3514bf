//! The posterior: priors, quality and deception applied to the base ratios, facet tempering and
//! caps, and the exact decomposition of every score into per-observation contributions.

use super::result::UNLISTED_ID;
use super::score::{Facet, PLANTED_DECEPTION};
use crate::index::Index;

/// Everything about one included observation that the posterior needs.
pub(crate) struct Item {
    /// Index in the case.
    pub index: usize,
    pub facet: Facet,
    /// Base likelihood ratio per competing hypothesis.
    pub base: Vec<f64>,
    /// Planted-path template ratio, `max(1, max over the pack)`.
    pub template: f64,
    pub quality: f64,
    pub forge: f64,
    pub planted: bool,
    /// Scale that caps the effective number of timestamps.
    pub scale: f64,
    /// `ln LR''` per competing hypothesis at the point estimate (the item's own quality and the
    /// case's deception level), before tempering and scale.
    pub ln_point: Vec<f64>,
}

/// Parameters that the Monte Carlo perturbs.
#[derive(Clone)]
pub(crate) struct Draw {
    pub quality: Vec<f64>,
    pub deception: f64,
    pub tau: [f64; 4],
    pub unlisted_prior: f64,
}

/// Which share of the prior a competing hypothesis draws from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PriorClass {
    /// Shares `1 - unlisted_prior` with the other listed hypotheses.
    Listed,
    /// A named unknown (no capability data, whole-pack race): shares the named part of the
    /// unlisted actor's prior.
    Named,
}

/// How the prior is laid out over the competing hypotheses.
#[derive(Clone)]
pub(crate) struct Priors {
    /// Class of each competing hypothesis.
    pub class: Vec<PriorClass>,
    /// Log share of each hypothesis within its class.
    pub log_share: Vec<f64>,
    /// Share of the unlisted prior held by the named unknowns (0 when none compete).
    pub named: f64,
}

impl Priors {
    /// Whether the profile at pack position `p` is a named unknown in a race: one of the whole
    /// pack's profiles without capability data, weighed inside the unlisted actor's share
    /// (`unlisted.named`) rather than ranked on its own.
    pub fn is_named_unknown(index: &Index, p: usize, whole_pack: bool) -> bool {
        whole_pack
            && !index.prepared()[p].has_capability()
            && index.params().named_unknown_share > 0.0
    }

    /// Priors for `competing` (pack positions). In a race of the whole pack, profiles without
    /// capability data are named unknowns; in a restricted race every suspect is listed.
    pub fn new(index: &Index, competing: &[usize], whole_pack: bool) -> Priors {
        let prm = index.params();
        let class: Vec<PriorClass> = competing
            .iter()
            .map(|&p| {
                if Priors::is_named_unknown(index, p, whole_pack) {
                    PriorClass::Named
                } else {
                    PriorClass::Listed
                }
            })
            .collect();
        let mut log_share = vec![0.0; competing.len()];
        for c in [PriorClass::Listed, PriorClass::Named] {
            let members: Vec<usize> = (0..competing.len()).filter(|&h| class[h] == c).collect();
            let docs: Vec<usize> = members
                .iter()
                .map(|&h| index.prepared()[competing[h]].documentation)
                .collect();
            let alpha = if c == PriorClass::Listed {
                prm.prior_exponent
            } else {
                0.0
            };
            for (&h, s) in members.iter().zip(log_prior_shares(&docs, alpha)) {
                log_share[h] = s;
            }
        }
        let any_named = class.contains(&PriorClass::Named);
        Priors {
            class,
            log_share,
            named: if any_named {
                prm.named_unknown_share
            } else {
                0.0
            },
        }
    }

    /// Log prior of hypothesis `h` when the unlisted actor (named unknowns included) has prior
    /// `unlisted_prior`. The one place a prior is computed: the point evaluation, the Monte
    /// Carlo and the reported `log_prior` all call it.
    pub fn log_prior(&self, h: usize, unlisted_prior: f64) -> f64 {
        match self.class[h] {
            PriorClass::Listed => libm::log(1.0 - unlisted_prior) + self.log_share[h],
            PriorClass::Named => libm::log(unlisted_prior * self.named) + self.log_share[h],
        }
    }

    /// The class parts of every log prior at `unlisted_prior`, `[listed, named]`: what
    /// [`Priors::log_prior`] adds a hypothesis' share to, computed once for many hypotheses.
    pub fn class_logs(&self, unlisted_prior: f64) -> [f64; 2] {
        [
            libm::log(1.0 - unlisted_prior),
            libm::log(unlisted_prior * self.named),
        ]
    }

    /// [`Priors::log_prior`] from [`Priors::class_logs`]: the same value, bit for bit.
    pub fn log_prior_at(&self, h: usize, class_logs: [f64; 2]) -> f64 {
        class_logs[self.class[h] as usize] + self.log_share[h]
    }

    /// Log prior of the unlisted actor itself (what the named unknowns leave it).
    pub fn unlisted(&self, unlisted_prior: f64) -> f64 {
        libm::log(unlisted_prior * (1.0 - self.named))
    }

    /// The log shift of class `c`'s priors when the unlisted prior moves from `from` to `to`.
    pub fn shift(c: PriorClass, from: f64, to: f64) -> f64 {
        match c {
            PriorClass::Listed => libm::log((1.0 - to) / (1.0 - from)),
            PriorClass::Named => libm::log(to / from),
        }
    }
}

/// The log share of each member in a class's prior mass,
/// `ln((1 + n_h)^alpha / sum_g (1 + n_g)^alpha)`, for documentation counts `docs` (summed in the
/// given order). `alpha` 0 is the uniform share.
///
/// ```
/// use attrib::model::log_prior_shares;
/// let u = log_prior_shares(&[0, 9], 0.0);
/// assert!((u[0].exp() - 0.5).abs() < 1e-12);
/// let s = log_prior_shares(&[0, 9], 1.0);
/// assert!((s[0].exp() - 1.0 / 11.0).abs() < 1e-12 && (s[1].exp() - 10.0 / 11.0).abs() < 1e-12);
/// assert!(log_prior_shares(&[], 1.0).is_empty());
/// ```
pub fn log_prior_shares(docs: &[usize], alpha: f64) -> Vec<f64> {
    if docs.is_empty() {
        return Vec::new();
    }
    if alpha == 0.0 {
        return vec![-libm::log(docs.len() as f64); docs.len()];
    }
    let x: Vec<f64> = docs
        .iter()
        .map(|&n| alpha * libm::log(1.0 + n as f64))
        .collect();
    let m = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let lse = m + libm::log(x.iter().map(|v| libm::exp(v - m)).sum::<f64>());
    x.iter().map(|v| v - lse).collect()
}

/// A case prepared against an index: the fixed part of every evaluation.
pub(crate) struct Work<'a> {
    pub index: &'a Index,
    /// Pack positions of the competing hypotheses.
    pub competing: Vec<usize>,
    pub items: Vec<Item>,
    /// Rank of each competing hypothesis' ID, for cheap tie-breaks.
    pub id_rank: Vec<u32>,
    pub cap: f64,
    pub priors: Priors,
}

/// A table of `f64` by hypothesis and item, in one allocation: `rows[h]` is hypothesis `h`'s row
/// (a whole-pack score has about 860 rows, which one vector each made 860 allocations).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Rows {
    data: Vec<f64>,
    width: usize,
}

impl Rows {
    /// Room for `n` rows of `width`, to be filled with [`Rows::push`] row after row.
    pub fn with_capacity(n: usize, width: usize) -> Rows {
        Rows {
            data: Vec::with_capacity(n * width),
            width,
        }
    }

    /// The next value, row after row.
    pub fn push(&mut self, value: f64) {
        self.data.push(value);
    }

    /// Rows of `width` values, `value(h, i)` in row `h` and column `i`, filled row by row.
    pub fn from_fn(n: usize, width: usize, mut value: impl FnMut(usize, usize) -> f64) -> Rows {
        let mut data = Vec::with_capacity(n * width);
        for h in 0..n {
            data.extend((0..width).map(|i| value(h, i)));
        }
        Rows { data, width }
    }
}

impl std::ops::Index<usize> for Rows {
    type Output = [f64];
    fn index(&self, h: usize) -> &[f64] {
        &self.data[h * self.width..(h + 1) * self.width]
    }
}

impl std::ops::IndexMut<usize> for Rows {
    fn index_mut(&mut self, h: usize) -> &mut [f64] {
        &mut self.data[h * self.width..(h + 1) * self.width]
    }
}

/// Point evaluation: per-hypothesis scores and, optionally, contributions.
pub(crate) struct Eval {
    pub scores: Vec<f64>,
    pub unlisted: f64,
    /// `[hypothesis][item]` contribution, when asked for (no rows otherwise).
    pub contributions: Rows,
}

/// The deception weight `d_o` of an item.
fn deception_of(it: &Item, deception: f64) -> f64 {
    let d = deception * it.forge;
    if it.planted {
        d.max(PLANTED_DECEPTION)
    } else {
        d
    }
}

/// `LR''` of one item for base ratio `base`: quality shrinkage towards 1, then the planted
/// path, normalised so that a ratio of exactly 1 stays exactly 1 (missing data is not
/// evidence, to the bit). The Monte Carlo uses the same formula in affine form ([`affine`]); a
/// test checks that they agree.
pub(crate) fn lr2(it: &Item, base: f64, quality: f64, deception: f64) -> f64 {
    let d = deception_of(it, deception);
    let lr1 = quality * base + (1.0 - quality);
    let m = it.template;
    ((1.0 - d) * lr1 + d * m) / ((1.0 - d) + d * m)
}

/// For fixed quality and deception, `LR''` is affine in the base ratio: `a * base + c`.
pub(crate) fn affine(it: &Item, quality: f64, deception: f64) -> (f64, f64) {
    let d = deception_of(it, deception);
    let den = (1.0 - d) + d * it.template;
    let a = (1.0 - d) / den;
    (a * quality, a * (1.0 - quality) + d * it.template / den)
}

impl Work<'_> {
    /// Tempered log ratios `[hypothesis][item]` under `draw` (before facet caps): the exact path
    /// the Monte Carlo's fast path is tested against.
    #[cfg(test)]
    pub fn tempered(&self, draw: &Draw) -> Rows {
        Rows::from_fn(self.competing.len(), self.items.len(), |h, i| {
            let it = &self.items[i];
            let lr = lr2(it, it.base[h], draw.quality[i], draw.deception);
            draw.tau[it.facet as usize] * libm::log(lr) * it.scale
        })
    }

    /// [`Work::tempered`] at the point estimate, from the items' precomputed log ratios: the
    /// same products in the same order, so the same bits.
    pub fn tempered_point(&self, tau: &[f64; 4]) -> Rows {
        Rows::from_fn(self.competing.len(), self.items.len(), |h, i| {
            let it = &self.items[i];
            tau[it.facet as usize] * it.ln_point[h] * it.scale
        })
    }

    /// Scores from tempered log ratios, applying the facet caps.
    pub fn eval(&self, logs: &Rows, unlisted_prior: f64, want_contrib: bool) -> Eval {
        let n_h = self.competing.len();
        let mut scores: Vec<f64> = (0..n_h)
            .map(|h| self.priors.log_prior(h, unlisted_prior))
            .collect();
        let mut contributions =
            Rows::with_capacity(if want_contrib { n_h } else { 0 }, self.items.len());
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
            for (it, &v) in self.items.iter().zip(row) {
                let c = v * scale[it.facet as usize];
                *score += c;
                if want_contrib {
                    contributions.push(c);
                }
            }
        }
        Eval {
            scores,
            unlisted: self.priors.unlisted(unlisted_prior),
            contributions,
        }
    }

    /// Profile ID of competing hypothesis `h`.
    pub fn id_of(&self, h: usize) -> &str {
        &self.index.pack().profiles[self.competing[h]].id
    }

    /// The ID a leader is written with: its profile's, or `unlisted` (`None`).
    pub fn leader_id(&self, leader: Option<usize>) -> String {
        leader.map_or(UNLISTED_ID.to_string(), |h| self.id_of(h).to_string())
    }

    /// The name a leader is written with in sentences: its profile's, or the unlisted actor's
    /// (`None`).
    pub fn leader_name(&self, leader: Option<usize>) -> String {
        leader.map_or(super::statement::UNLISTED.to_string(), |h| {
            self.index.pack().profiles[self.competing[h]]
                .name
                .to_string()
        })
    }

    /// Whether hypothesis `h` is reported on its own (a named unknown is reported inside the
    /// unlisted actor's share).
    pub fn is_listed(&self, h: usize) -> bool {
        self.priors.class[h] == PriorClass::Listed
    }

    /// The unlisted actor's total score: its own (`pure`) and every named unknown's, summed in
    /// probability. Named unknowns are the part of the unlisted actor the pack can name.
    pub fn unlisted_total(&self, scores: &[f64], pure: f64) -> f64 {
        if self.priors.named == 0.0 {
            return pure;
        }
        let mut named: Vec<f64> = Vec::with_capacity(scores.len());
        named.extend(
            scores
                .iter()
                .enumerate()
                .filter(|&(h, _)| !self.is_listed(h))
                .map(|(_, &s)| s),
        );
        logsumexp(&named, pure)
    }

    /// The leader among `(hypothesis, score)` pairs of listed hypotheses and the unlisted
    /// actor's total score (`None` = unlisted), ties broken by profile ID. The one tie-break
    /// rule.
    pub fn leader_among(
        &self,
        scored: impl Iterator<Item = (usize, f64)>,
        unlisted: f64,
    ) -> Option<usize> {
        let mut best: Option<usize> = None;
        let mut best_s = unlisted;
        for (h, s) in scored.filter(|&(h, _)| self.is_listed(h)) {
            let better = match best {
                _ if s > best_s => true,
                Some(b) if s == best_s => self.id_rank[h] < self.id_rank[b],
                _ => false,
            };
            if better {
                best = Some(h);
                best_s = s;
            }
        }
        best
    }

    /// Index of the leader over all competing hypotheses, with the unlisted actor's own score
    /// `pure` (named unknowns are added to it).
    pub fn leader(&self, scores: &[f64], pure: f64) -> Option<usize> {
        let unlisted = self.unlisted_total(scores, pure);
        self.leader_among(scores.iter().copied().enumerate(), unlisted)
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

/// Log-sum-exp of `xs` plus `extra`.
pub(crate) fn logsumexp(xs: &[f64], extra: f64) -> f64 {
    let m = xs.iter().copied().fold(extra, f64::max);
    if m == f64::NEG_INFINITY {
        return m;
    }
    let s: f64 = if xs.len() < 8 {
        xs.iter().map(|x| libm::exp(x - m)).sum::<f64>()
    } else {
        // The same exponentials as one slice (`vmath`: two at a time in the page's module),
        // summed in the same order.
        let shifted: Vec<f64> = xs.iter().map(|x| x - m).collect();
        let mut e = vec![0.0; xs.len()];
        super::vmath::exp_into(&shifted, &mut e);
        e.iter().sum::<f64>()
    } + libm::exp(extra - m);
    m + libm::log(s)
}
