//! Ranking and probability metrics, tie-aware and written out so that small hand-computed
//! examples can check them (`tests/eval_metrics.rs`).
//!
//! Ranks: when the truth ties with other candidates, its rank is taken as uniformly distributed
//! over the tied positions (random tie-breaking, in expectation), so a baseline that gives forty
//! groups the same score gets no credit for the truth's place in an arbitrary order.

use serde::Serialize;

/// Where the truth stands in a ranking: how many candidates score strictly higher, and how many
/// other candidates score exactly the same. `None` when the truth is not among the candidates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rank {
    /// Candidates strictly above the truth.
    pub above: usize,
    /// Other candidates tied with the truth.
    pub tied: usize,
}

impl Rank {
    /// The rank of `truth` among `truth` and `others` (higher score is better).
    ///
    /// ```
    /// use attrib::eval::metrics::Rank;
    /// assert_eq!(Rank::of(0.5, &[0.9, 0.5, 0.1]), Rank { above: 1, tied: 1 });
    /// ```
    pub fn of(truth: f64, others: &[f64]) -> Rank {
        Rank {
            above: others.iter().filter(|&&s| s > truth).count(),
            tied: others.iter().filter(|&&s| s == truth).count(),
        }
    }

    /// Probability that the truth lands in the top `k` under random tie-breaking.
    ///
    /// ```
    /// use attrib::eval::metrics::Rank;
    /// // Tied with one other at places 2-3: in the top 2 half the time.
    /// assert_eq!(Rank { above: 1, tied: 1 }.top(2), 0.5);
    /// ```
    pub fn top(&self, k: usize) -> f64 {
        let first = self.above + 1;
        let last = self.above + self.tied + 1;
        if k < first {
            0.0
        } else if k >= last {
            1.0
        } else {
            (k + 1 - first) as f64 / (self.tied + 1) as f64
        }
    }

    /// Expected reciprocal rank under random tie-breaking.
    ///
    /// ```
    /// use attrib::eval::metrics::Rank;
    /// assert_eq!(Rank { above: 0, tied: 1 }.reciprocal(), 0.75);
    /// ```
    pub fn reciprocal(&self) -> f64 {
        let first = self.above + 1;
        let last = self.above + self.tied + 1;
        (first..=last).map(|r| 1.0 / r as f64).sum::<f64>() / (self.tied + 1) as f64
    }

    /// Expected rank (1 = first).
    pub fn expected(&self) -> f64 {
        self.above as f64 + 1.0 + self.tied as f64 / 2.0
    }
}

/// Ranking metrics over cases. A case whose truth is absent from the ranking (`None`) counts as
/// a miss at every `k` with reciprocal rank 0.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RankMetrics {
    /// Cases.
    pub n: usize,
    /// Top-1 accuracy.
    pub top1: f64,
    /// Top-3 accuracy.
    pub top3: f64,
    /// Top-10 accuracy.
    pub top10: f64,
    /// Mean reciprocal rank.
    pub mrr: f64,
    /// Cases whose truth was not among the candidates at all.
    pub absent: usize,
}

/// Top-k and MRR over `ranks`.
///
/// ```
/// use attrib::eval::metrics::{rank_metrics, Rank};
/// let m = rank_metrics(&[Some(Rank { above: 0, tied: 0 }), Some(Rank { above: 1, tied: 0 }), None]);
/// assert_eq!(m.top1, 1.0 / 3.0);
/// assert_eq!(m.mrr, 0.5);
/// ```
pub fn rank_metrics(ranks: &[Option<Rank>]) -> RankMetrics {
    let n = ranks.len();
    if n == 0 {
        return RankMetrics::default();
    }
    let mean = |f: &dyn Fn(&Rank) -> f64| {
        ranks.iter().map(|r| r.as_ref().map_or(0.0, f)).sum::<f64>() / n as f64
    };
    RankMetrics {
        n,
        top1: mean(&|r| r.top(1)),
        top3: mean(&|r| r.top(3)),
        top10: mean(&|r| r.top(10)),
        mrr: mean(&|r| r.reciprocal()),
        absent: ranks.iter().filter(|r| r.is_none()).count(),
    }
}

/// Floor on the probability given to the truth before taking its logarithm, so that one case the
/// model rules out completely costs `-ln(1e-9)` = 20.7 nats instead of infinity.
pub const P_FLOOR: f64 = 1e-9;

/// Log-loss (nats) of the probabilities given to the truth.
///
/// ```
/// let l = attrib::eval::metrics::log_loss(&[0.5, 1.0]);
/// assert!((l - 0.5 * std::f64::consts::LN_2).abs() < 1e-15);
/// ```
pub fn log_loss(p_truth: &[f64]) -> f64 {
    if p_truth.is_empty() {
        return 0.0;
    }
    p_truth
        .iter()
        .map(|&p| -libm::log(p.max(P_FLOOR)))
        .sum::<f64>()
        / p_truth.len() as f64
}

/// Multi-class Brier score of one case: `sum over hypotheses (p - y)^2`, where `y` is 1 for the
/// truth (the truth's probabilities summed if several hypotheses are true) and 0 otherwise.
/// From 0 (certain and right) to 2 (certain and wrong).
///
/// ```
/// // Truth has 0.6, two wrong hypotheses 0.3 and 0.1: 0.16 + 0.09 + 0.01.
/// let b = attrib::eval::metrics::brier_one(0.6, &[0.3, 0.1]);
/// assert!((b - 0.26).abs() < 1e-12);
/// ```
pub fn brier_one(p_truth: f64, p_wrong: &[f64]) -> f64 {
    (1.0 - p_truth) * (1.0 - p_truth) + p_wrong.iter().map(|p| p * p).sum::<f64>()
}

/// One prediction for calibration: the probability of the leading hypothesis and whether the
/// leader is the truth.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prediction {
    /// The leader's probability.
    pub confidence: f64,
    /// Whether the leader is the truth.
    pub correct: bool,
}

/// One bin of a reliability diagram.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bin {
    /// Bin number, 0-based; bin `b` holds confidences in `[b/10, (b+1)/10)` (the last bin
    /// includes 1).
    pub bin: usize,
    /// Lower edge.
    pub lo: f64,
    /// Upper edge.
    pub hi: f64,
    /// Mean predicted probability of the leader in the bin (0 when empty).
    pub mean_predicted: f64,
    /// Share of the bin's cases whose leader is the truth (0 when empty).
    pub observed: f64,
    /// Cases in the bin.
    pub n: usize,
}

/// Number of bins of the reliability diagram and the ECE.
pub const BINS: usize = 10;

/// Reliability diagram of top-label confidences, `BINS` equal-width bins.
///
/// ```
/// use attrib::eval::metrics::{reliability, Prediction};
/// let bins = reliability(&[Prediction { confidence: 0.95, correct: true }]);
/// assert_eq!(bins[9].n, 1);
/// assert_eq!(bins[9].observed, 1.0);
/// ```
pub fn reliability(preds: &[Prediction]) -> Vec<Bin> {
    let mut sum_p = [0.0; BINS];
    let mut hits = [0usize; BINS];
    let mut n = [0usize; BINS];
    for p in preds {
        let b = ((p.confidence * BINS as f64).floor() as usize).min(BINS - 1);
        sum_p[b] += p.confidence;
        hits[b] += p.correct as usize;
        n[b] += 1;
    }
    (0..BINS)
        .map(|b| Bin {
            bin: b,
            lo: b as f64 / BINS as f64,
            hi: (b + 1) as f64 / BINS as f64,
            mean_predicted: if n[b] > 0 {
                sum_p[b] / n[b] as f64
            } else {
                0.0
            },
            observed: if n[b] > 0 {
                hits[b] as f64 / n[b] as f64
            } else {
                0.0
            },
            n: n[b],
        })
        .collect()
}

/// Expected calibration error of weighted predictions (each `(prediction, weight)`): as [`ece`],
/// with every count replaced by a sum of weights. Used for a population mixed from several
/// samples in declared proportions.
///
/// ```
/// use attrib::eval::metrics::{ece, ece_weighted, Prediction};
/// let p = [Prediction { confidence: 0.8, correct: true }, Prediction { confidence: 0.8, correct: false }];
/// assert_eq!(ece_weighted(&[(p[0], 1.0), (p[1], 1.0)]), ece(&p));
/// // Weighting the right one 3:1 makes 0.8 exactly calibrated (observed 0.75, predicted 0.8).
/// assert!((ece_weighted(&[(p[0], 3.0), (p[1], 1.0)]) - 0.05).abs() < 1e-12);
/// ```
pub fn ece_weighted(preds: &[(Prediction, f64)]) -> f64 {
    let mut sum_p = [0.0; BINS];
    let mut hits = [0.0; BINS];
    let mut n = [0.0; BINS];
    for (p, w) in preds {
        let b = ((p.confidence * BINS as f64).floor() as usize).min(BINS - 1);
        sum_p[b] += w * p.confidence;
        hits[b] += w * p.correct as u8 as f64;
        n[b] += w;
    }
    let total: f64 = n.iter().sum();
    if total <= 0.0 {
        return 0.0;
    }
    (0..BINS)
        .filter(|&b| n[b] > 0.0)
        .map(|b| n[b] / total * (hits[b] / n[b] - sum_p[b] / n[b]).abs())
        .sum()
}

/// Expected calibration error: `sum over bins (n_b / N) |observed_b - mean_predicted_b|`.
///
/// ```
/// use attrib::eval::metrics::{ece, Prediction};
/// // Two cases at 0.8, one right and one wrong: |0.5 - 0.8| = 0.3.
/// let e = ece(&[Prediction { confidence: 0.8, correct: true }, Prediction { confidence: 0.8, correct: false }]);
/// assert!((e - 0.3).abs() < 1e-12);
/// ```
pub fn ece(preds: &[Prediction]) -> f64 {
    if preds.is_empty() {
        return 0.0;
    }
    let total = preds.len() as f64;
    reliability(preds)
        .iter()
        .map(|b| b.n as f64 / total * (b.observed - b.mean_predicted).abs())
        .sum()
}

/// A cluster bootstrap: `b` resamples of the clusters (with replacement, seeded), and the 5th and
/// 95th percentiles of `stat` over them. Cases of one cluster (one actor) travel together, since
/// they are not independent.
///
/// ```
/// use attrib::eval::metrics::bootstrap;
/// let clusters = vec![vec![1.0, 1.0], vec![0.0], vec![1.0]];
/// let mean = |xs: &[&f64]| xs.iter().copied().sum::<f64>() / xs.len() as f64;
/// let [lo, hi] = bootstrap(&clusters, 200, 7, mean);
/// assert!(lo <= 0.75 && 0.75 <= hi && lo >= 0.0 && hi <= 1.0);
/// ```
pub fn bootstrap<T>(
    clusters: &[Vec<T>],
    b: usize,
    seed: u64,
    stat: impl Fn(&[&T]) -> f64,
) -> [f64; 2] {
    if clusters.is_empty() || b == 0 {
        return [0.0, 0.0];
    }
    let mut vals: Vec<f64> = (0..b)
        .map(|k| {
            let mut rng = crate::model::Rng::new(seed, k as u64);
            let mut pick: Vec<&T> = Vec::new();
            for _ in 0..clusters.len() {
                let c = (rng.next_u64() % clusters.len() as u64) as usize;
                pick.extend(clusters[c].iter());
            }
            stat(&pick)
        })
        .collect();
    vals.sort_by(f64::total_cmp);
    let at = |q: f64| vals[((vals.len() - 1) as f64 * q).round() as usize];
    [at(0.05), at(0.95)]
}
