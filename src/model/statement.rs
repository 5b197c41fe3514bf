//! ICD 203 estimative language, the separate confidence judgement, and the sentences that say
//! how far the evidence moved the verdict.
//!
//! Every probability a sentence shows goes through [`percent`], and every band through
//! [`estimative`], which reads the probability at the precision [`percent`] shows it: a figure
//! and its band can never disagree. Numbers are formatted with integer arithmetic, which keeps
//! float formatting out of the WebAssembly build.

/// The ICD 203 term and range for a probability, read at the precision [`percent`] shows
/// (tenths of a percent), so the band always contains the figure shown beside it.
///
/// ```
/// use attrib::model::estimative;
/// assert_eq!(estimative(0.62), ("likely", "55-80 %"));
/// assert_eq!(estimative(0.5), ("roughly even chance", "45-55 %"));
/// assert_eq!(estimative(0.999), ("almost certain", "95-99 %"));
/// // 44.96 % is shown as 45.0 %, which is in the 45-55 band.
/// assert_eq!(estimative(0.4496), ("roughly even chance", "45-55 %"));
/// ```
pub fn estimative(p: f64) -> (&'static str, &'static str) {
    let tenths = tenths_of_percent(p);
    ESTIMATIVE_BANDS
        .iter()
        .zip(BAND_ENDS)
        .find(|&(_, end)| tenths < end)
        .map_or(ESTIMATIVE_BANDS[ESTIMATIVE_BANDS.len() - 1], |(b, _)| *b)
}

/// The ICD 203 estimative terms and their ranges, from the least to the most likely: the one
/// table behind [`estimative`], and the legend a face shows beside its statements.
///
/// ```
/// use attrib::model::ESTIMATIVE_BANDS;
/// assert_eq!(ESTIMATIVE_BANDS[3], ("roughly even chance", "45-55 %"));
/// ```
pub const ESTIMATIVE_BANDS: [(&str, &str); 7] = [
    ("almost no chance", "1-5 %"),
    ("very unlikely", "5-20 %"),
    ("unlikely", "20-45 %"),
    ("roughly even chance", "45-55 %"),
    ("likely", "55-80 %"),
    ("very likely", "80-95 %"),
    ("almost certain", "95-99 %"),
];

/// Where each band of [`ESTIMATIVE_BANDS`] ends, in tenths of a percent (exclusive): 55.0 % is
/// still an even chance, 55.1 % is likely.
const BAND_ENDS: [i64; 7] = [50, 200, 450, 551, 800, 950, i64::MAX];

fn tenths_of_percent(p: f64) -> i64 {
    libm::round(p.clamp(0.0, 1.0) * 1000.0) as i64
}

/// A probability as a reader sees it: whole percent, with one decimal below 10 % and wherever
/// the whole percent would sit on an ICD 203 band boundary (5, 20, 45, 55, 80, 95), so the figure
/// never looks as if it contradicted its band.
///
/// ```
/// use attrib::model::percent;
/// assert_eq!(percent(0.6234), "62 %");
/// assert_eq!(percent(0.4540), "45.4 %");
/// assert_eq!(percent(0.4496), "45.0 %");
/// assert_eq!(percent(0.0123), "1.2 %");
/// assert_eq!(percent(0.00002), "less than 0.1 %");
/// assert_eq!(percent(0.99996), "more than 99.9 %");
/// ```
pub fn percent(p: f64) -> String {
    let mut s = String::with_capacity(16);
    push_figure(&mut s, p, false);
    s.push_str(" %");
    s
}

/// How [`percent`] shows a probability: beyond what one decimal can say, or a figure in tenths
/// of a percent, with its decimal or as a whole percent.
enum Shown {
    Below,
    Above,
    Tenths(i64),
    Whole(i64),
}

fn shown(p: f64) -> Shown {
    let t = tenths_of_percent(p);
    if t == 0 && p > 0.0 {
        return Shown::Below;
    }
    if t == 1000 && p < 1.0 {
        return Shown::Above;
    }
    let whole = (t + 5) / 10;
    if t < 100 || [5, 20, 45, 55, 80, 95].contains(&whole) {
        Shown::Tenths(t)
    } else {
        Shown::Whole(whole)
    }
}

/// Append [`percent`]'s figure for `p` without the ` %` (`51`, `0.8`); the limits read `less
/// than 0.1` and `more than 99.9`, or `<0.1` and `>99.9` when `short`. Written digit by digit:
/// the page's display writes some hundred figures per re-score, and formatting machinery is
/// slow in WebAssembly.
pub(crate) fn push_figure(out: &mut String, p: f64, short: bool) {
    match shown(p) {
        Shown::Below => out.push_str(if short { "<0.1" } else { "less than 0.1" }),
        Shown::Above => out.push_str(if short { ">99.9" } else { "more than 99.9" }),
        Shown::Tenths(t) => {
            push_digits(out, t / 10);
            out.push('.');
            push_digits(out, t % 10);
        }
        Shown::Whole(w) => push_digits(out, w),
    }
}

/// Append the decimal digits of `n` (never negative here: figures are clamped to 0-100 %).
fn push_digits(out: &mut String, n: i64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut n = n.unsigned_abs();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(buf[i..].iter().map(|&b| char::from(b)));
}

/// How the race was run, for the wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame {
    /// Every profile in the pack competes.
    WholePack,
    /// The case restricts the race to this many suspects.
    Restricted(usize),
}

impl Frame {
    /// Qualify a sentence: a restricted race says so at the start.
    ///
    /// ```
    /// use attrib::model::Frame;
    /// assert_eq!(Frame::Restricted(8).qualify("It is likely."), "Among the 8 suspects considered, it is likely.");
    /// assert_eq!(Frame::Restricted(1).qualify("It is likely."), "With a single suspect considered, it is likely.");
    /// assert_eq!(Frame::WholePack.qualify("It is likely."), "It is likely.");
    /// ```
    pub fn qualify(self, sentence: &str) -> String {
        let prefix = match self {
            Frame::WholePack => return sentence.to_string(),
            Frame::Restricted(1) => "With a single suspect considered, ".to_string(),
            Frame::Restricted(n) => format!("Among the {n} suspects considered, "),
        };
        let mut c = sentence.chars();
        match c.next() {
            Some(f) => prefix + &f.to_lowercase().collect::<String>() + c.as_str(),
            None => prefix,
        }
    }
}

/// Who the unlisted actor is, in sentences.
pub(crate) const UNLISTED: &str = "an actor outside the profile pack";

/// The headline sentence about the leading hypothesis.
///
/// ```
/// let s = attrib::model::statement("Lazarus Group", 0.62, false);
/// assert_eq!(s, "It is likely (55-80 %) that Lazarus Group conducted this activity.");
/// let s = attrib::model::statement("", 0.3, true);
/// assert_eq!(s, "No single hypothesis is favoured: even the most probable, an actor outside the profile pack, is unlikely (20-45 %) to have conducted this activity.");
/// ```
pub fn statement(leader_name: &str, p: f64, leader_is_unlisted: bool) -> String {
    let (term, range) = estimative(p);
    let who = if leader_is_unlisted {
        UNLISTED
    } else {
        leader_name
    };
    if p < 0.45 && estimative(p).1 != "45-55 %" {
        format!(
            "No single hypothesis is favoured: even the most probable, {who}, is {term} ({range}) to have conducted this activity."
        )
    } else {
        format!("It is {term} ({range}) that {who} conducted this activity.")
    }
}

/// The sentence added when no cluster is favoured but their umbrella group is.
///
/// ```
/// let s = attrib::model::umbrella_statement("Lazarus Group", 0.82);
/// assert_eq!(s, "Taken together, the clusters under Lazarus Group are very likely (80-95 %) to be behind it.");
/// ```
pub fn umbrella_statement(umbrella: &str, p: f64) -> String {
    let (term, range) = estimative(p);
    format!("Taken together, the clusters under {umbrella} are {term} ({range}) to be behind it.")
}

/// Who leads at state level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateLeader<'a> {
    /// A suspected sponsor, by name.
    State(&'a str),
    /// Listed actors with no known state sponsor.
    NoState,
    /// The unlisted actor, whatever its sponsor.
    Unlisted,
}

/// The sentence about the leading suspected state sponsor.
///
/// ```
/// use attrib::model::{sponsor_statement, StateLeader};
/// assert_eq!(sponsor_statement(StateLeader::State("North Korea"), 0.9),
///     "At state level, it is very likely (80-95 %) that North Korea sponsored this activity.");
/// assert_eq!(sponsor_statement(StateLeader::Unlisted, 0.3),
///     "At state level, it is unlikely (20-45 %) that an actor outside the profile pack, whatever its sponsor, is behind this activity.");
/// ```
pub fn sponsor_statement(leader: StateLeader, p: f64) -> String {
    let (term, range) = estimative(p);
    match leader {
        StateLeader::State(c) => {
            format!("At state level, it is {term} ({range}) that {c} sponsored this activity.")
        }
        StateLeader::NoState => format!(
            "At state level, it is {term} ({range}) that no known state sponsor is behind this activity."
        ),
        StateLeader::Unlisted => format!(
            "At state level, it is {term} ({range}) that {UNLISTED}, whatever its sponsor, is behind this activity."
        ),
    }
}

/// What the priors alone say, before any evidence.
///
/// ```
/// use attrib::model::{prior_statement, Frame};
/// let s = prior_statement("Lazarus Group", 0.021, false, Frame::Restricted(8));
/// assert_eq!(s, "Before any evidence, the most probable hypothesis is Lazarus Group, at 2.1 %: that is what the list of suspects and the priors alone imply.");
/// let s = prior_statement("", 0.15, true, Frame::WholePack);
/// assert_eq!(s, "Before any evidence, the most probable hypothesis is an actor outside the profile pack, at 15 %: that is what the priors alone imply.");
/// ```
pub fn prior_statement(
    leader_name: &str,
    p: f64,
    leader_is_unlisted: bool,
    frame: Frame,
) -> String {
    let who = if leader_is_unlisted {
        UNLISTED
    } else {
        leader_name
    };
    let from = match frame {
        Frame::WholePack => "the priors alone imply",
        Frame::Restricted(_) => "the list of suspects and the priors alone imply",
    };
    format!(
        "Before any evidence, the most probable hypothesis is {who}, at {}: that is what {from}.",
        percent(p)
    )
}

/// Kass and Raftery's reading of a Bayes factor's size (natural log `x`).
fn strength(x: f64) -> &'static str {
    let a = x.abs();
    if a < libm::log(3.0) {
        "barely worth mentioning"
    } else if a < libm::log(20.0) {
        "positive"
    } else if a < libm::log(150.0) {
        "strong"
    } else {
        "very strong"
    }
}

/// A factor as a reader reads it: two significant figures, written out past a million.
fn factor(x: f64) -> String {
    let f = libm::exp(x.abs());
    if f >= 1e6 {
        return "more than a million".into();
    }
    let n = libm::round(f) as i64;
    if f < 10.0 {
        // One decimal: 2.5, 3.0 ...
        let t = libm::round(f * 10.0) as i64;
        return format!("{}.{}", t / 10, t % 10);
    }
    let mut scale = 1i64;
    while n / scale >= 100 {
        scale *= 10;
    }
    let v = (n + scale / 2) / scale * scale;
    crate::util::thousands(v.unsigned_abs())
}

/// How far the evidence moved one hypothesis: the log Bayes factor of `who` against all the
/// others, from prior probability `prior` to posterior `posterior`, in plain words. `claim`
/// completes "the odds that ..." (for example "Lazarus Group conducted this activity").
///
/// ```
/// use attrib::model::movement_statement;
/// let s = movement_statement("North Korea sponsored this activity", 0.05, 0.9);
/// assert_eq!(s, "The evidence multiplies the odds that North Korea sponsored this activity by about 170 (very strong evidence): 5.0 % before it, 90 % after.");
/// let s = movement_statement("APT28 conducted this activity", 0.3, 0.28);
/// assert_eq!(s, "The evidence barely moves the odds that APT28 conducted this activity (a factor of 0.9): 30 % before it, 28 % after.");
/// ```
pub fn movement_statement(claim: &str, prior: f64, posterior: f64) -> String {
    let x = log_bayes_factor(prior, posterior);
    let (before, after) = (percent(prior), percent(posterior));
    if x.abs() < libm::log(3.0) {
        let t = libm::round(libm::exp(x) * 10.0) as i64;
        return format!(
            "The evidence barely moves the odds that {claim} (a factor of {}.{}): {before} before it, {after} after.",
            t / 10,
            t % 10
        );
    }
    let verb = if x > 0.0 { "multiplies" } else { "divides" };
    let against = if x > 0.0 { "" } else { " against it" };
    format!(
        "The evidence {verb} the odds that {claim} by about {} ({} evidence{against}): {before} before it, {after} after.",
        factor(x),
        strength(x)
    )
}

/// `ln(posterior odds / prior odds)`, with probabilities kept off 0 and 1.
///
/// ```
/// let x = attrib::model::log_bayes_factor(0.5, 0.75);
/// assert!((x - 3f64.ln()).abs() < 1e-12);
/// ```
pub fn log_bayes_factor(prior: f64, posterior: f64) -> f64 {
    let odds = |p: f64| {
        let p = p.clamp(1e-15, 1.0 - 1e-15);
        libm::log(p / (1.0 - p))
    };
    odds(posterior) - odds(prior)
}

/// Confidence (high / moderate / low) from the robustness of the conclusion, and why.
///
/// ```
/// let (c, _) = attrib::model::confidence(0.95, 0.2, 3, false);
/// assert_eq!(c, "high");
/// let (c, _) = attrib::model::confidence(0.6, 0.5, 3, false);
/// assert_eq!(c, "low");
/// ```
pub fn confidence(
    stability: f64,
    interval_width: f64,
    facets: usize,
    pivotal: bool,
) -> (&'static str, String) {
    let why = format!(
        "the leading hypothesis stays first in {} % of the simulated re-weighings, its 90 % interval is {} points wide, the evidence covers {} of the 4 kinds (capability, infrastructure, victims, operations){}",
        libm::round(stability * 100.0) as i64,
        libm::round(interval_width * 100.0) as i64,
        facets,
        if pivotal { ", and removing a single observation changes the leader" } else { "" }
    );
    let level = if stability >= 0.9 && interval_width <= 0.3 && facets >= 3 && !pivotal {
        "high"
    } else if stability >= 0.7 && facets >= 2 {
        "moderate"
    } else {
        "low"
    };
    (level, why)
}
