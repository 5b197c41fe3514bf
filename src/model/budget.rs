//! The cost model of a score: what a case may cost, and what is cut when it would cost more.
//!
//! A score's work grows with the number of included observations times the number of competing
//! hypotheses (the *pairs*), and three of its parts grow further:
//!
//! | part | cost | limit | when it bites |
//! |---|---|---|---|
//! | every step | pairs | [`MAX_PAIRS`] | an error: list fewer hypotheses or leave observations out |
//! | Monte Carlo | samples × observations × hypotheses re-weighed | [`MC_STEP_BUDGET`] | fewer samples, with a warning |
//! | contributions listed | hypotheses listed × observations | [`MAX_CONTRIBUTIONS`] | fewer hypotheses listed (the rest are summed in `others`), then fewer focus suspects highlighted, with a warning |
//! | sensitivity | up to 27 evaluations of every pair | [`SENSITIVITY_PAIRS`] | pivotal observations and flip weights left out, with a warning |
//!
//! The limits are chosen so that the largest input the case limits allow (10,000 observations,
//! the whole pack competing) scores natively in under two seconds and 256 MB; `make bench-limits`
//! measures it, and the README has the figures. The plan depends only on the sizes, so it is the
//! same natively and in WebAssembly.

use crate::error::{Error, Result};

/// Most observation-hypothesis pairs one score may weigh: 10,000 observations against the 489
/// profiles of the real pack that have any data, with room to spare.
pub const MAX_PAIRS: u64 = 5_000_000;

/// Most Monte Carlo steps (samples × observations × hypotheses re-weighed per sample). A step
/// costs up to about 9 ns natively (an activity time takes a logarithm), so this keeps the Monte
/// Carlo under 0.7 s.
pub const MC_STEP_BUDGET: u64 = 75_000_000;

/// Most per-observation contributions a result lists (hypotheses listed × observations).
pub const MAX_CONTRIBUTIONS: u64 = 500_000;

/// Most pairs the sensitivity analysis runs on: each observation's flip search may evaluate every
/// hypothesis 27 times, about 65 ns each, so this keeps it under 0.6 s.
pub const SENSITIVITY_PAIRS: u64 = 300_000;

/// What the caller asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Asked {
    /// Monte Carlo samples.
    pub samples: u32,
    /// Hypotheses to list with their contributions (0 = all).
    pub top: usize,
    /// Whether to compute pivotal observations and flip weights.
    pub sensitivity: bool,
    /// How many hypotheses the Monte Carlo re-weighs at least (it re-weighs the listed ones, and
    /// never fewer than this).
    pub reweighed: usize,
    /// Focus suspects: listed and re-weighed on top of the others.
    pub focus: usize,
}

/// What a score will do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Monte Carlo samples to draw.
    pub samples: u32,
    /// Hypotheses to list (never 0: "all" is resolved to a number).
    pub top: usize,
    /// How many of the focus suspects, in the case's order, to highlight.
    pub focus: usize,
    /// Whether to run the sensitivity analysis.
    pub sensitivity: bool,
    /// One line for each cut, for the result's warnings.
    pub warnings: Vec<String>,
}

/// The plan for `observations` included observations against `hypotheses` competing ones.
///
/// Cut counts are rounded down to two significant figures (the reader sees 300 rather than 306).
///
/// ```
/// use attrib::model::budget::{plan, Asked};
/// let asked = Asked { samples: 2_000, top: 25, sensitivity: true, reweighed: 25, focus: 0 };
/// // The flagship: 12 observations, 8 hypotheses. Nothing is cut.
/// let p = plan(12, 8, asked).unwrap();
/// assert_eq!((p.samples, p.top, p.sensitivity), (2_000, 8, true));
/// assert!(p.warnings.is_empty());
/// // 10,000 observations against the whole pack: fewer samples, no sensitivity analysis.
/// let p = plan(10_000, 489, asked).unwrap();
/// assert_eq!((p.samples, p.top, p.sensitivity), (300, 25, false));
/// assert_eq!(p.warnings[0], "monte carlo: 300 samples drawn instead of the 2000 asked for, \
///     the most the time budget allows for 10000 observations and 25 hypotheses re-weighed per sample");
/// // Too many pairs to weigh at all.
/// assert_eq!(plan(10_000, 864, asked).unwrap_err().to_string(),
///     "10000 observations against 864 hypotheses make 8640000 pairs to weigh, the limit is \
///      5000000: list fewer hypotheses or leave observations out");
/// ```
pub fn plan(observations: usize, hypotheses: usize, asked: Asked) -> Result<Plan> {
    let (obs, hyp) = (observations as u64, hypotheses as u64);
    let pairs = obs * hyp;
    if pairs > MAX_PAIRS {
        return Err(Error::input(format!(
            "{observations} observations against {hypotheses} hypotheses make {pairs} pairs to \
             weigh, the limit is {MAX_PAIRS}: list fewer hypotheses or leave observations out"
        )));
    }
    let mut warnings = Vec::new();

    // Listed: the top hypotheses and the focus suspects, each with a contribution per observation.
    let fits = (MAX_CONTRIBUTIONS / obs.max(1)) as usize;
    let focus = asked.focus.min(hypotheses);
    let focus = if focus > fits {
        let kept = two_significant_figures(fits as u64) as usize;
        warnings.push(format!(
            "focus: the first {kept} of the {focus} focus suspects are highlighted, the most the \
             size limit allows for {observations} observations"
        ));
        kept
    } else {
        focus
    };
    let wanted = if asked.top == 0 {
        hypotheses
    } else {
        asked.top.min(hypotheses)
    };
    let room = fits - focus;
    let top = if wanted > room.max(1) {
        let top = (two_significant_figures(room as u64) as usize).max(1);
        warnings.push(format!(
            "listing: the {top} likeliest hypotheses are listed with their contributions instead \
             of {wanted}, the most the size limit allows for {observations} observations; the \
             rest are summed in others"
        ));
        top
    } else {
        wanted.max(1)
    };

    let reweighed = hypotheses.min(asked.reweighed.max(top) + focus) as u64;
    let per_sample = obs.max(1) * reweighed.max(1);
    let fits = MC_STEP_BUDGET / per_sample;
    let samples = if u64::from(asked.samples) > fits {
        let samples = two_significant_figures(fits) as u32;
        warnings.push(format!(
            "monte carlo: {samples} samples drawn instead of the {} asked for, the most the time \
             budget allows for {observations} observations and {reweighed} hypotheses re-weighed \
             per sample",
            asked.samples
        ));
        samples
    } else {
        asked.samples
    };

    let sensitivity = asked.sensitivity && pairs <= SENSITIVITY_PAIRS;
    if asked.sensitivity && !sensitivity {
        warnings.push(format!(
            "sensitivity: pivotal observations and flip weights are not computed for \
             {observations} observations against {hypotheses} hypotheses ({pairs} pairs, the \
             limit is {SENSITIVITY_PAIRS}): leave observations out or list fewer hypotheses"
        ));
    }
    Ok(Plan {
        samples,
        top,
        focus,
        sensitivity,
        warnings,
    })
}

/// `n` rounded down to two significant figures (1,637 -> 1,600; 57 -> 57).
fn two_significant_figures(n: u64) -> u64 {
    let mut unit = 1;
    while n / unit >= 100 {
        unit *= 10;
    }
    n / unit * unit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding() {
        assert_eq!(two_significant_figures(0), 0);
        assert_eq!(two_significant_figures(57), 57);
        assert_eq!(two_significant_figures(1_637), 1_600);
        assert_eq!(two_significant_figures(99_999), 99_000);
    }

    #[test]
    fn every_plan_keeps_within_every_budget_and_never_asks_more() {
        for obs in [0usize, 1, 12, 500, 613, 614, 2_000, 10_000] {
            for hyp in [0usize, 1, 8, 25, 489, 500, 864, 2_000] {
                for samples in [0u32, 1, 200, 2_000, 100_000] {
                    for (top, focus) in [
                        (0usize, 0usize),
                        (1, 0),
                        (25, 0),
                        (864, 0),
                        (25, 3),
                        (0, 864),
                    ] {
                        for sensitivity in [false, true] {
                            let asked = Asked {
                                samples,
                                top,
                                sensitivity,
                                reweighed: 25,
                                focus,
                            };
                            let Ok(p) = plan(obs, hyp, asked) else {
                                assert!(obs as u64 * hyp as u64 > MAX_PAIRS);
                                continue;
                            };
                            let (o, h) = (obs.max(1) as u64, hyp.max(1) as u64);
                            let reweighed = h.min(25.max(p.top as u64) + p.focus as u64);
                            assert!(p.samples <= samples);
                            assert!(p.samples as u64 * o * reweighed <= MC_STEP_BUDGET);
                            assert!(p.top >= 1 && p.focus <= focus);
                            // The one extra row "at least one listed" may add is one hypothesis.
                            assert!(
                                (p.top + p.focus) as u64 * o <= MAX_CONTRIBUTIONS + o,
                                "{obs} {hyp} {asked:?} {p:?}"
                            );
                            assert!(top == 0 || p.top <= top);
                            assert!(!p.sensitivity || obs as u64 * hyp as u64 <= SENSITIVITY_PAIRS);
                            assert!(!p.sensitivity || sensitivity);
                            // Every cut is said.
                            let cuts = usize::from(p.samples < samples)
                                + usize::from(p.sensitivity != sensitivity)
                                + usize::from(p.focus < focus.min(hyp))
                                + usize::from(p.top < if top == 0 { hyp } else { top.min(hyp) });
                            assert_eq!(p.warnings.len(), cuts, "{obs} {hyp} {asked:?} {p:?}");
                        }
                    }
                }
            }
        }
    }
}
