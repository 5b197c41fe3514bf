//! The seeded Monte Carlo over the uncertain parameters (grades, deception, facet tempering and
//! the unlisted prior): credible intervals for every reported probability and the share of draws
//! in which the leader stays the leader.

use super::posterior::{affine, Draw, Eval, PriorClass, Priors, Work};
use super::rng::Rng;
use super::rollup::Slot;
use super::score::Sequence;
use super::vmath;
use crate::util::order_key as key;

/// Monte Carlo spread of grades, deception and the unlisted prior (logit scale).
const SIGMA_LOGIT: f64 = 0.5;
/// Monte Carlo spread of facet tempering (log scale).
const SIGMA_TAU: f64 = 0.25;

/// What the Monte Carlo found.
pub(crate) struct MonteCarlo {
    /// Interval per active hypothesis, in `active` order.
    pub intervals: Vec<[f64; 2]>,
    /// Interval of the unlisted actor.
    pub unlisted: [f64; 2],
    /// Interval per tracked roll-up slot, in `tracked` order.
    pub slots: Vec<[f64; 2]>,
    /// Share of draws in which the point leader stays the leader.
    pub stability: f64,
}

/// 5th and 95th percentiles (nearest rank), by selection rather than a full sort.
///
/// Selection runs on integer keys that order exactly as [`f64::total_cmp`] does (the sign bit
/// flips the rest), so the values are the same as selecting the floats, at integer-compare cost.
fn percentile_interval(xs: &[f64]) -> [f64; 2] {
    column_interval(xs, 0, 1, &mut Tails::default())
}

/// The value whose [`key`] is `k`.
fn unkey(k: i64) -> f64 {
    f64::from_bits((k ^ (((k >> 63) as u64) >> 1) as i64) as u64)
}

/// The 5th and 95th percentiles of column `c` of `rows` (one row of `width` values per draw).
///
/// Both percentiles lie in the tails, so a long column is first cut in one pass over it where
/// it lies: values at or below a low cut go to one short list, values at or above a high cut to
/// another, and the middle (about five sevenths) is never copied. The cuts are order statistics
/// of an evenly spaced sample of the column, chosen so that each list almost always holds its
/// percentile (for independent draws, the sample's 10th smallest of 63 falls below the column's
/// 5th percentile about once in 900 columns, and the same on the high side). Every value at or below the low cut is in the low list and every other
/// value is above it, so the `lo`th smallest of the column is the `lo`th smallest of that list
/// whenever the list holds more than `lo` values; the high side is the mirror image. When a list
/// is too short (or the cuts meet), the column is copied whole and both percentiles selected
/// from it. Either way the values are the column's order statistics, so the result does not
/// depend on the path.
fn column_interval(rows: &[f64], c: usize, width: usize, tails: &mut Tails) -> [f64; 2] {
    let n = rows.len().saturating_sub(c).div_ceil(width.max(1));
    if n == 0 {
        return [0.0, 0.0];
    }
    let at = |i: usize| key(rows[c + i * width]);
    let last = (n - 1) as f64;
    let (lo, hi) = (
        (last * 0.05).round() as usize,
        (last * 0.95).round() as usize,
    );
    if let Some([low, high]) = tails.cut(n, at, lo, hi) {
        return [unkey(low), unkey(high)];
    }
    let keys = &mut tails.whole;
    keys.clear();
    keys.extend((0..n).map(at));
    let high = select(keys, hi);
    let low = select(&mut keys[..=hi], lo);
    [unkey(low), unkey(high)]
}

/// Working lists for [`column_interval`], kept from one column to the next.
#[derive(Default)]
struct Tails {
    sample: Vec<i64>,
    low: Vec<i64>,
    high: Vec<i64>,
    whole: Vec<i64>,
}

impl Tails {
    /// Columns shorter than this are selected whole: the cut would not pay for its sample.
    const MIN_LEN: usize = 256;
    /// Sample size, and how many sampled values lie at or beyond each cut.
    const SAMPLE: usize = 63;
    const BEYOND: usize = 10;

    /// The `lo`th and `hi`th smallest of the `n` keys `at(0)`, `at(1)`, ..., read from the
    /// tails, or `None` when a tail list does not hold its percentile.
    fn cut(
        &mut self,
        n: usize,
        at: impl Fn(usize) -> i64,
        lo: usize,
        hi: usize,
    ) -> Option<[i64; 2]> {
        if n < Self::MIN_LEN {
            return None;
        }
        self.sample.clear();
        self.sample
            .extend((0..Self::SAMPLE).map(|i| at(i * (n - 1) / (Self::SAMPLE - 1))));
        let high_cut = select(&mut self.sample, Self::SAMPLE - Self::BEYOND);
        let low_cut = select(&mut self.sample, Self::BEYOND - 1);
        if low_cut >= high_cut {
            return None;
        }
        self.low.clear();
        self.high.clear();
        for k in (0..n).map(at) {
            if k <= low_cut {
                self.low.push(k);
            } else if k >= high_cut {
                self.high.push(k);
            }
        }
        // The high list holds the column's `len` largest keys, from rank `n - len` up.
        let first_high = n - self.high.len();
        if self.low.len() <= lo || hi < first_high {
            return None;
        }
        let low = select(&mut self.low, lo);
        let high = select(&mut self.high, hi - first_high);
        Some([low, high])
    }
}

/// The `k`th smallest of `xs` (which it reorders; `k < xs.len()`): a quickselect with a
/// median-of-three pivot, written out because at opt-level "z" (the crate's when this was
/// measured) the standard library's comparison closures stayed calls. Falls back to sorting if the partitions stop
/// shrinking, so it is never quadratic.
fn select(xs: &mut [i64], k: usize) -> i64 {
    let (mut lo, mut hi) = (0usize, xs.len() - 1);
    let mut budget = 2 * (usize::BITS - xs.len().leading_zeros()) + 8;
    while lo < hi {
        if budget == 0 {
            crate::util::sort(&mut xs[lo..=hi]);
            return xs[k];
        }
        budget -= 1;
        let mid = lo + (hi - lo) / 2;
        let (a, b, c) = (xs[lo], xs[mid], xs[hi]);
        let pivot = a.max(b).min(a.min(b).max(c));
        // Hoare partition: afterwards lo..=j holds values <= pivot and j+1..=hi values >= pivot.
        let (mut i, mut j) = (lo, hi);
        loop {
            while xs[i] < pivot {
                i += 1;
            }
            while xs[j] > pivot {
                j -= 1;
            }
            if i >= j {
                break;
            }
            xs.swap(i, j);
            i += 1;
            j -= 1;
        }
        if k <= j {
            hi = j;
        } else {
            lo = j + 1;
        }
    }
    xs[k]
}

/// Intervals of the columns of `rows` (one row of `width` values per draw).
fn column_intervals(rows: &[f64], width: usize) -> Vec<[f64; 2]> {
    let mut tails = Tails::default();
    (0..width)
        .map(|c| column_interval(rows, c, width, &mut tails))
        .collect()
}

fn logit(p: f64) -> f64 {
    let p = p.clamp(1e-6, 1.0 - 1e-6);
    libm::log(p / (1.0 - p))
}

fn lse2(a: f64, b: f64) -> f64 {
    let m = a.max(b);
    if m == f64::NEG_INFINITY {
        m
    } else {
        m + libm::log(libm::exp(a - m) + libm::exp(b - m))
    }
}

const CLASSES: [PriorClass; 2] = [PriorClass::Listed, PriorClass::Named];

/// Run `samples` draws around `point`. `active` hypotheses (listed ones only) are re-scored in
/// every draw; the rest, named unknowns included, keep their point scores, shifted only by their
/// prior class. `slots_of(h)` gives the roll-up
/// slots (of `n_slots`, see [`Slot`]) that hypothesis `h` counts towards; `unlisted_slots` those
/// of the unlisted actor.
#[allow(clippy::too_many_arguments)]
pub(crate) fn monte_carlo(
    work: &Work,
    point: &Draw,
    ev: &Eval,
    active: &[usize],
    leader: Option<usize>,
    samples: u32,
    seed: u64,
    slots_h: &[Vec<Slot>],
    unlisted_slots: &[Slot],
    n_slots: usize,
    sequence: Sequence,
) -> Option<MonteCarlo> {
    if samples == 0 {
        return None;
    }
    let n = samples as usize;
    let n_h = work.competing.len();
    let priors = &work.priors;

    // The inactive rest: one log-sum per prior class and roll-up slot.
    let mut is_active = vec![false; n_h];
    for &h in active {
        is_active[h] = true;
    }
    let mut rest_slot = [
        vec![f64::NEG_INFINITY; n_slots],
        vec![f64::NEG_INFINITY; n_slots],
    ];
    let mut rest_all = [f64::NEG_INFINITY; 2];
    for h in (0..n_h).filter(|&h| !is_active[h]) {
        let c = priors.class[h] as usize;
        let sc = ev.scores[h];
        rest_all[c] = lse2(rest_all[c], sc);
        for &slot in &slots_h[h] {
            rest_slot[c][slot] = lse2(rest_slot[c][slot], sc);
        }
    }
    // Each slot's share of its class's rest, so a draw costs one exponential per class instead
    // of one per slot: p(slot) = exp(rest_all + shift - log_z) * exp(rest_slot - rest_all).
    let rest_share: [Vec<f64>; 2] = std::array::from_fn(|c| {
        rest_slot[c]
            .iter()
            .map(|&r| {
                if r.is_finite() {
                    libm::exp(r - rest_all[c])
                } else {
                    0.0
                }
            })
            .collect()
    });

    // One row per draw: the active hypotheses' probabilities, and the slots'.
    let mut per_h = vec![0.0; n * active.len()];
    let mut per_u = Vec::with_capacity(n);
    let mut per_slot = vec![0.0; n * n_slots];
    let mut stay = 0u32;
    let mut scores = vec![0.0; active.len()];
    let mut tmp = vec![0.0; active.len()];
    let mut ex = vec![0.0; active.len()];
    let mut draw = point.clone();
    let mut slot_p = vec![0.0; n_slots];
    let mut subset = Subset::new(work, active);
    let mut draws = Draws::new(point, seed, sequence);
    for s in 0..samples {
        draws.fill(s, &mut draw);
        let shift = CLASSES.map(|c| Priors::shift(c, point.unlisted_prior, draw.unlisted_prior));
        subset.eval(work, &draw, &mut scores);
        let row = s as usize;
        let unl = priors.unlisted(draw.unlisted_prior);
        // Normalise over active + shifted rest + unlisted.
        let mut m = unl;
        for c in 0..2 {
            m = m.max(rest_all[c] + shift[c]);
        }
        m = scores.iter().copied().fold(m, f64::max);
        let mut z = libm::exp(unl - m);
        for c in 0..2 {
            if rest_all[c].is_finite() {
                z += libm::exp(rest_all[c] + shift[c] - m);
            }
        }
        // The active hypotheses' exponentials as one slice (see `vmath`), summed in order.
        for (t, &sc) in tmp.iter_mut().zip(&scores) {
            *t = sc - m;
        }
        vmath::exp_into(&tmp, &mut ex);
        for &e in &ex {
            z += e;
        }
        let log_z = m + libm::log(z);
        let class_p = [0, 1].map(|c| {
            if rest_all[c].is_finite() {
                libm::exp(rest_all[c] + shift[c] - log_z)
            } else {
                0.0
            }
        });
        for (slot, p) in slot_p.iter_mut().enumerate() {
            *p = class_p[0] * rest_share[0][slot] + class_p[1] * rest_share[1][slot];
        }
        let h_row = &mut per_h[row * active.len()..(row + 1) * active.len()];
        for (t, &sc) in tmp.iter_mut().zip(&scores) {
            *t = sc - log_z;
        }
        vmath::exp_into(&tmp, h_row);
        for (&p, &h) in h_row.iter().zip(active) {
            for &slot in &slots_h[h] {
                slot_p[slot] += p;
            }
        }
        // The unlisted actor's total: its own score and the (never active) named unknowns.
        let unl_total = if rest_all[1].is_finite() {
            lse2(unl, rest_all[1] + shift[1])
        } else {
            unl
        };
        let best = work.leader_among(
            active.iter().copied().zip(scores.iter().copied()),
            unl_total,
        );
        per_u.push(libm::exp(unl_total - log_z));
        let pu = libm::exp(unl - log_z);
        for &slot in unlisted_slots {
            slot_p[slot] += pu;
        }
        per_slot[row * n_slots..(row + 1) * n_slots].copy_from_slice(&slot_p);
        if best == leader {
            stay += 1;
        }
    }
    Some(MonteCarlo {
        intervals: column_intervals(&per_h, active.len()),
        unlisted: percentile_interval(&per_u),
        slots: column_intervals(&per_slot, n_slots),
        stability: stay as f64 / samples as f64,
    })
}

/// The draws around a point estimate: draw `s` of a seed is the same wherever it is asked for
/// (the Monte Carlo, and the reference implementation its test compares it with).
pub(crate) struct Draws<'p> {
    point: &'p Draw,
    table: &'static NormalTable,
    /// `e^-logit(p)` of each item's quality, of the deception level and of the unlisted prior.
    q_odds: Vec<f64>,
    d_odds: f64,
    u_odds: f64,
    seed: u64,
    lattice: Option<Lattice>,
    idx: Vec<usize>,
}

impl<'p> Draws<'p> {
    /// The draws around `point` for `seed`, from the lattice or the pseudo-random sequence.
    pub fn new(point: &'p Draw, seed: u64, sequence: Sequence) -> Draws<'p> {
        let dims = point.quality.len() + 6;
        Draws {
            point,
            table: normal_table(),
            q_odds: point
                .quality
                .iter()
                .map(|&q| libm::exp(-logit(q)))
                .collect(),
            d_odds: libm::exp(-logit(point.deception)),
            u_odds: libm::exp(-logit(point.unlisted_prior)),
            seed,
            lattice: (sequence == Sequence::Lattice).then(|| Lattice::new(seed, dims)),
            idx: vec![0; dims],
        }
    }

    /// Draw `s` into `draw` (which has the point's shape). Draws use a table of normal
    /// quantiles, so a sample costs table look-ups instead of transcendental calls:
    /// sigmoid(logit(p) + sigma z) = 1 / (1 + e^-logit(p) * e^(-sigma z)).
    pub fn fill(&mut self, s: u32, draw: &mut Draw) {
        match &self.lattice {
            Some(l) => l.point(s as u64, &mut self.idx),
            None => {
                let mut rng = Rng::new(self.seed, s as u64);
                let mut bits = BitSource::default();
                for k in self.idx.iter_mut() {
                    *k = bits.next(&mut rng);
                }
            }
        }
        let (table, point) = (self.table, self.point);
        let mut next = self.idx.iter().copied();
        let mut k = || next.next().unwrap_or(0);
        for (q, &odds) in draw.quality.iter_mut().zip(&self.q_odds) {
            *q = 1.0 / (1.0 + odds * table.exp_neg_logit[k()]);
        }
        let kd = k();
        draw.deception = if point.deception > 0.0 {
            1.0 / (1.0 + self.d_odds * table.exp_neg_logit[kd])
        } else {
            0.0
        };
        for (t, &t0) in draw.tau.iter_mut().zip(&point.tau) {
            *t = t0 * table.exp_tau[k()];
        }
        draw.unlisted_prior = 1.0 / (1.0 + self.u_odds * table.exp_neg_logit[k()]);
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

/// A randomly shifted rank-1 lattice (Roberts' R-sequence): point `s` in dimension `j` is
/// `frac(shift_j + s * alpha_j)` with `alpha_j = phi^-(j+1)`, `phi` the root of
/// `x^(d+1) = x + 1`. Kept as 64-bit fractions, so the arithmetic is exact integer arithmetic
/// (the same everywhere); the seed draws the shifts.
struct Lattice {
    alpha: Vec<u64>,
    shift: Vec<u64>,
}

impl Lattice {
    fn new(seed: u64, dims: usize) -> Lattice {
        let d = dims as f64;
        let mut phi = 2.0f64;
        for _ in 0..64 {
            phi = libm::pow(1.0 + phi, 1.0 / (d + 1.0));
        }
        let mut a = 1.0f64;
        let mut rng = Rng::new(seed, u64::MAX);
        let (alpha, shift) = (0..dims)
            .map(|_| {
                a /= phi;
                let frac = a - libm::floor(a);
                ((frac * 18_446_744_073_709_551_616.0) as u64, rng.next_u64())
            })
            .unzip();
        Lattice { alpha, shift }
    }

    /// Table indices (10 bits each) of point `s`.
    fn point(&self, s: u64, out: &mut [usize]) {
        for ((o, &a), &sh) in out.iter_mut().zip(&self.alpha).zip(&self.shift) {
            *o = (sh.wrapping_add(s.wrapping_mul(a)) >> 54) as usize;
        }
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

/// The Monte Carlo's working set: the `active` hypotheses' base ratios gathered item by item
/// (`base[i * n + k]` is item `i`'s base ratio for `active[k]`), once per score, and the buffers
/// a draw's evaluation fills.
pub(crate) struct Subset<'s> {
    active: &'s [usize],
    base: Vec<f64>,
    coef: Vec<Coef>,
    /// Running products and logarithms per facet, `[facet * n + k]`.
    prod: Vec<f64>,
    logs: Vec<f64>,
    /// A facet's logarithms, then its tempered sums, and their soft caps.
    logp: Vec<f64>,
    capped: Vec<f64>,
}

impl<'s> Subset<'s> {
    /// Gather the base ratios of `active` from `work`.
    pub fn new(work: &Work, active: &'s [usize]) -> Subset<'s> {
        let n = active.len();
        let mut base = Vec::with_capacity(work.items.len() * n);
        for it in &work.items {
            base.extend(active.iter().map(|&h| it.base[h]));
        }
        Subset {
            active,
            base,
            coef: Vec::with_capacity(work.items.len()),
            prod: vec![1.0; 4 * n],
            logs: vec![0.0; 4 * n],
            logp: vec![0.0; n],
            capped: vec![0.0; n],
        }
    }

    /// Scores of the active hypotheses under a draw, into `out` (in `active` order).
    ///
    /// For a fixed draw, `LR''` is affine in the base ratio (`A_i * base + C_i`, [`affine`]), so
    /// the per-item constants are computed once and each (hypothesis, item) pair costs one
    /// multiply-add. Within a facet the ratios are multiplied and logged once (with
    /// renormalisation against overflow), which is what makes many draws cheap. Items are the
    /// outer loop, so a hypothesis' products are formed in item order, as the exact path's sums
    /// are. It agrees with the exact path ([`Work::tempered`] then [`Work::eval`]) to rounding;
    /// a test checks it.
    pub fn eval(&mut self, work: &Work, draw: &Draw, out: &mut [f64]) {
        let n = self.active.len();
        self.coef.clear();
        for (it, &q) in work.items.iter().zip(&draw.quality) {
            let (a, c) = affine(it, q, draw.deception);
            self.coef.push(Coef {
                a,
                c,
                facet: it.facet as usize & 3,
                scale: it.scale,
            });
        }
        self.prod.fill(1.0);
        self.logs.fill(0.0);
        for (k, row) in self.coef.iter().zip(self.base.chunks_exact(n.max(1))) {
            let facet = k.facet * n..(k.facet + 1) * n;
            let logs = &mut self.logs[facet.clone()];
            if k.scale == 1.0 {
                vmath::scale_products(&mut self.prod[facet], logs, row, k.a, k.c);
            } else {
                for (l, &b) in logs.iter_mut().zip(row) {
                    *l += libm::log(k.a * b + k.c) * k.scale;
                }
            }
        }
        let class_logs = work.priors.class_logs(draw.unlisted_prior);
        for (slot, &h) in out.iter_mut().zip(self.active) {
            *slot = work.priors.log_prior_at(h, class_logs);
        }
        // Facet by facet, each step over all the hypotheses as one slice (see `vmath`); a
        // hypothesis' facets are still added in facet order.
        for f in 0..4 {
            let (prod, logs) = (
                &self.prod[f * n..(f + 1) * n],
                &self.logs[f * n..(f + 1) * n],
            );
            // A facet with no evidence contributes nothing.
            let has = |(&p, &l): (&f64, &f64)| p != 1.0 || l != 0.0;
            if !prod.iter().zip(logs).any(has) {
                continue;
            }
            vmath::log_into(prod, &mut self.logp);
            for (t, &l) in self.logp.iter_mut().zip(logs) {
                *t = draw.tau[f] * (l + *t);
            }
            vmath::soft_cap_into(&self.logp, work.cap, &mut self.capped);
            for (((s, &c), p), l) in out.iter_mut().zip(&self.capped).zip(prod).zip(logs) {
                if has((p, l)) {
                    *s += c;
                }
            }
        }
    }
}

/// One item's constants under a draw: `LR'' = a * base + c`, its facet and its scale.
struct Coef {
    a: f64,
    c: f64,
    facet: usize,
    scale: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The straightforward interval: sort a copy, take the nearest ranks.
    fn sorted_interval(xs: &[f64]) -> [f64; 2] {
        let mut v = xs.to_vec();
        v.sort_by(f64::total_cmp);
        let last = (v.len() - 1) as f64;
        let at = |q: f64| v[(last * q).round() as usize];
        [at(0.05), at(0.95)]
    }

    #[test]
    fn integer_key_selection_equals_sorting() {
        let mut rng = Rng::new(7, 0);
        for len in [
            1usize, 2, 3, 19, 20, 21, 100, 255, 256, 257, 999, 1000, 2000, 5001,
        ] {
            for round in 0..20 {
                let xs: Vec<f64> = (0..len)
                    .map(|k| {
                        let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
                        match (round + k) % 7 {
                            0 => 0.0,
                            1 => -0.0,
                            2 => -u,
                            3 => u * 1e-300,
                            4 => 1.0,
                            _ => u,
                        }
                    })
                    .collect();
                let got = percentile_interval(&xs);
                let want = sorted_interval(&xs);
                assert_eq!(
                    got.map(f64::to_bits),
                    want.map(f64::to_bits),
                    "{len} {round}"
                );
            }
        }
    }

    /// The two ways [`column_interval`] takes (the tails cut, and the whole column when a
    /// tail list misses its percentile) both give the sorted column's percentiles.
    #[test]
    fn tails_cut_and_its_fallback_equal_sorting() {
        let mut rng = Rng::new(11, 0);
        let mut uniform = |len: usize| -> Vec<f64> {
            (0..len)
                .map(|_| (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64)
                .collect()
        };
        let n = 2000;
        let cut = |xs: &[f64]| Tails::default().cut(xs.len(), |i| key(xs[i]), 100, 1899);
        // Draws as the Monte Carlo gives them: the cut holds both percentiles.
        let xs = uniform(n);
        assert!(cut(&xs).is_some());
        // The sampled places hold the column's smallest values: the low list is the 63 of them,
        // too short for the 100th smallest, so the whole column is selected.
        let mut low_sampled = uniform(n);
        for i in 0..Tails::SAMPLE {
            low_sampled[i * (n - 1) / (Tails::SAMPLE - 1)] = -1.0 - i as f64;
        }
        // The mirror image on the high side.
        let mut high_sampled = uniform(n);
        for i in 0..Tails::SAMPLE {
            high_sampled[i * (n - 1) / (Tails::SAMPLE - 1)] = 2.0 + i as f64;
        }
        // A low list of exactly 100 keys, one short of holding the 100th smallest (rank 100
        // from 0): the ten sampled keys at or below the cut, and 90 others below it.
        let sampled = |i: usize| i * (n - 1) / (Tails::SAMPLE - 1);
        let mut at_edge = vec![0.0; n];
        let mut below = 0;
        for (i, x) in at_edge.iter_mut().enumerate() {
            *x = if let Some(j) = (0..Tails::SAMPLE).find(|&j| sampled(j) == i) {
                100.0 + j as f64
            } else if below < 90 {
                below += 1;
                below as f64
            } else {
                1000.0 + i as f64
            };
        }
        // Equal cuts: a column mostly of one value.
        let mut flat = vec![0.5; n];
        flat[7] = 0.25;
        flat[1500] = 0.75;
        for (name, xs, cuts) in [
            ("uniform", &xs, true),
            ("low sampled", &low_sampled, false),
            ("high sampled", &high_sampled, false),
            ("low list one short", &at_edge, false),
            ("flat", &flat, false),
        ] {
            assert_eq!(cut(xs).is_some(), cuts, "{name}");
            let got = percentile_interval(xs);
            assert_eq!(
                got.map(f64::to_bits),
                sorted_interval(xs).map(f64::to_bits),
                "{name}"
            );
        }
    }

    #[test]
    fn columns_are_read_across_rows() {
        // Three draws of two columns: column 0 is 1, 2, 3 and column 1 is 30, 20, 10.
        let rows = [1.0, 30.0, 2.0, 20.0, 3.0, 10.0];
        assert_eq!(column_intervals(&rows, 2), vec![[1.0, 3.0], [10.0, 30.0]]);
    }
}
