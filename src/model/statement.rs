//! ICD 203 estimative language and the separate confidence judgement.

/// The ICD 203 term and range for a probability.
///
/// ```
/// assert_eq!(attrib::model::estimative(0.62), ("likely", "55-80 %"));
/// assert_eq!(attrib::model::estimative(0.5), ("roughly even chance", "45-55 %"));
/// assert_eq!(attrib::model::estimative(0.999), ("almost certain", "95-99 %"));
/// ```
pub fn estimative(p: f64) -> (&'static str, &'static str) {
    match p {
        p if p < 0.05 => ("almost no chance", "1-5 %"),
        p if p < 0.20 => ("very unlikely", "5-20 %"),
        p if p < 0.45 => ("unlikely", "20-45 %"),
        p if p <= 0.55 => ("roughly even chance", "45-55 %"),
        p if p < 0.80 => ("likely", "55-80 %"),
        p if p < 0.95 => ("very likely", "80-95 %"),
        _ => ("almost certain", "95-99 %"),
    }
}

/// The headline sentence about the leading hypothesis.
///
/// ```
/// let s = attrib::model::statement("Lazarus Group", 0.62, false);
/// assert_eq!(s, "It is likely (55-80 %) that Lazarus Group conducted this activity.");
/// ```
pub fn statement(leader_name: &str, p: f64, leader_is_unlisted: bool) -> String {
    let (term, range) = estimative(p);
    let who = if leader_is_unlisted {
        "an actor outside the profile pack"
    } else {
        leader_name
    };
    if p < 0.45 {
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

/// The sentence about the leading suspected state sponsor.
///
/// ```
/// let s = attrib::model::sponsor_statement(Some("North Korea"), 0.9);
/// assert_eq!(s, "At state level, it is very likely (80-95 %) that North Korea sponsored this activity.");
/// ```
pub fn sponsor_statement(country: Option<&str>, p: f64) -> String {
    let (term, range) = estimative(p);
    match country {
        Some(c) => format!("At state level, it is {term} ({range}) that {c} sponsored this activity."),
        None => format!(
            "At state level, it is {term} ({range}) that no known state sponsor is behind this activity."
        ),
    }
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
        "the leader stays the leader in {} % of Monte Carlo samples, its 90 % interval is {} points wide, the evidence spans {} of 4 facets{}",
        // Integer rounding keeps float formatting (and its code) out of the WebAssembly build.
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
