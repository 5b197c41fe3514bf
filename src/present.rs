//! What a face shows of a result: every probability as the figure a reader sees and its ICD 203
//! band, the rows of the rankings, and the matrix of competing hypotheses with each item's
//! diagnosticity.
//!
//! The page cannot run the model (scoring happens in a worker), and it must never restate a
//! number rule: a figure, its band and the item's power to tell hypotheses apart all come from
//! here, computed from a [`ScoreResult`] by the same [`percent`] and [`estimative`] that write
//! the statements, so a figure beside a sentence can never contradict it.

use serde::Serialize;

use crate::model::{
    estimative, percent, Frame, ScoreResult, ESTIMATIVE_BANDS, UNLISTED_ID, UNLISTED_NAME,
};
use crate::pack::Pack;

/// How many listed hypotheses the ranking shows by default, besides focus suspects.
pub const SHOWN: usize = 10;
/// How many hypotheses the matrix of competing hypotheses compares by default.
pub const ACH_COLUMNS: usize = 4;
/// How many states the ranking by suspected sponsor shows.
const STATES: usize = 6;
/// A contribution at least this large (in nats, either way) is shaded as strong.
const STRONG: f64 = 1.0;
/// A contribution smaller than this (either way) is shaded as neutral.
const FAINT: f64 = 0.2;
/// An item whose weight differs by at least this much (nats) across the compared hypotheses
/// helps tell them apart.
const TELLING: f64 = 1.0;

/// A probability as shown: the figure, its 90 % interval, and its ICD 203 band.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// The probability itself, for drawing.
    pub probability: f64,
    /// The 90 % credible interval, for drawing.
    pub interval: [f64; 2],
    /// The figure a reader sees, for example `51 %` or `44.9 %` ([`percent`]).
    pub percent: String,
    /// The interval as a reader sees it, for example `25–74 %`.
    pub range: String,
    /// The ICD 203 term, for example `roughly even chance` ([`estimative`]).
    #[serde(serialize_with = "crate::util::word")]
    pub term: &'static str,
    /// The term's range, for example `45-55 %`.
    #[serde(serialize_with = "crate::util::word")]
    pub band: &'static str,
}

impl Figure {
    fn new(probability: f64, interval: [f64; 2]) -> Figure {
        let (term, band) = estimative(probability);
        Figure {
            probability,
            interval,
            percent: percent(probability),
            range: interval_text(interval),
            term,
            band,
        }
    }

    fn point(probability: f64) -> Figure {
        Figure::new(probability, [probability, probability])
    }
}

/// `25–74 %`: both ends at the precision [`percent`] shows them.
///
/// ```
/// assert_eq!(attrib::present::interval_text([0.25, 0.736]), "25–74 %");
/// assert_eq!(attrib::present::interval_text([0.00001, 0.021]), "<0.1–2.1 %");
/// ```
pub fn interval_text([low, high]: [f64; 2]) -> String {
    let mut s = String::with_capacity(16);
    crate::model::push_figure(&mut s, low, true);
    s.push('–');
    crate::model::push_figure(&mut s, high, true);
    s.push_str(" %");
    s
}

/// One hypothesis (or state) in a ranking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// Profile ID, ISO country code, `none` (no known sponsor) or `unlisted`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Its probability as shown.
    pub figure: Figure,
    /// Whether it leads its ranking.
    pub lead: bool,
    /// Whether the case asks to highlight it (`analysis.focus`).
    pub focus: bool,
}

/// What a ranking does not list one by one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rest {
    /// How many hypotheses.
    pub count: usize,
    /// Their total probability, as shown.
    pub percent: String,
}

/// A named unknown inside the unlisted actor's share.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Named {
    /// Profile ID.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Its probability, as shown.
    pub percent: String,
}

/// One cell of the matrix: an item's weight for one hypothesis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// The contribution in nats.
    pub log_lr: f64,
    /// `strong-for`, `for`, `neutral`, `against` or `strong-against`.
    #[serde(serialize_with = "crate::util::word")]
    pub shade: &'static str,
}

/// One row of the matrix: an item against the compared hypotheses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AchRow {
    /// Observation index in the case.
    pub observation: usize,
    /// One cell per compared hypothesis, in column order.
    pub cells: Vec<Cell>,
    /// The spread of the item's weight across the compared hypotheses (largest minus
    /// smallest, nats): an item that weighs the same for all of them cannot tell them apart.
    pub diagnosticity: f64,
    /// Whether the spread is large enough to help tell them apart.
    pub telling: bool,
}

/// The matrix of competing hypotheses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ach {
    /// The compared hypotheses' IDs, most probable first.
    pub columns: Vec<String>,
    /// One row per scored observation, in case order.
    pub rows: Vec<AchRow>,
}

/// The reading before any evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prior {
    /// The most probable hypothesis with no evidence.
    pub cluster: Row,
    /// The most probable state with no evidence.
    pub state: Option<Row>,
}

/// An ICD 203 estimative term and its range, for a legend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Band {
    /// The term.
    #[serde(serialize_with = "crate::util::word")]
    pub term: &'static str,
    /// Its range.
    #[serde(serialize_with = "crate::util::word")]
    pub band: &'static str,
}

/// Everything a face shows of a result besides the result's own sentences.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Display {
    /// The leading hypothesis (the unlisted actor included).
    pub cluster: Row,
    /// The leading suspected state sponsor (`none` or `unlisted` possible).
    pub state: Option<Row>,
    /// How the race was run, for captions, for example `Among the 8 suspects considered`;
    /// absent when every profile competes.
    pub qualifier: Option<String>,
    /// The three likeliest answers, the unlisted actor included.
    pub top: Vec<Row>,
    /// The ranking by group: the first listed hypotheses, every focus suspect and the unlisted
    /// actor, by probability.
    pub ranking: Vec<Row>,
    /// Hypotheses scored but not in `ranking`.
    pub rest: Option<Rest>,
    /// The largest named unknowns inside the unlisted actor's share.
    pub named: Vec<Named>,
    /// The ranking by suspected state sponsor.
    pub states: Vec<Row>,
    /// The reading before any evidence.
    pub prior: Prior,
    /// Each listed hypothesis' probability as shown, in the result's order.
    pub hypotheses: Vec<String>,
    /// The share of simulated re-weighings in which the leader stays first, as shown.
    pub stability: String,
    /// Per pivotal observation (in the result's order), the new leader's probability as shown.
    pub pivotal: Vec<String>,
    /// The matrix of competing hypotheses.
    pub ach: Ach,
    /// The ICD 203 terms, least likely first.
    pub bands: Vec<Band>,
}

/// The shade of a contribution.
fn shade(x: f64) -> &'static str {
    if x >= STRONG {
        "strong-for"
    } else if x >= FAINT {
        "for"
    } else if x <= -STRONG {
        "strong-against"
    } else if x <= -FAINT {
        "against"
    } else {
        "neutral"
    }
}

/// The matrix of the first `columns` listed hypotheses against every scored observation.
fn ach(r: &ScoreResult, columns: usize) -> Ach {
    let cols = &r.hypotheses[..columns.min(r.hypotheses.len())];
    let mut observations: Vec<usize> = cols
        .iter()
        .flat_map(|h| h.contributions.iter().map(|c| c.observation))
        .collect();
    crate::util::sort(&mut observations);
    observations.dedup();
    let rows = observations
        .into_iter()
        .map(|i| {
            let weights: Vec<f64> = cols
                .iter()
                .map(|h| {
                    h.contributions
                        .iter()
                        .find(|c| c.observation == i)
                        .map_or(0.0, |c| c.log_lr)
                })
                .collect();
            let high = weights.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let low = weights.iter().copied().fold(f64::INFINITY, f64::min);
            let diagnosticity = if weights.is_empty() { 0.0 } else { high - low };
            AchRow {
                observation: i,
                cells: weights
                    .iter()
                    .map(|&w| Cell {
                        log_lr: w,
                        shade: shade(w),
                    })
                    .collect(),
                diagnosticity,
                telling: diagnosticity >= TELLING,
            }
        })
        .collect();
    Ach {
        columns: cols.iter().map(|h| h.id.clone()).collect(),
        rows,
    }
}

/// What a face shows of `r`: its ranking lists the first `shown` hypotheses (and every focus
/// suspect), and its matrix compares the first `columns`.
///
/// ```
/// use attrib::{case::Case, index::Index, Pack, ScoreOptions};
/// let index = Index::new(Pack::fixture(), None).unwrap();
/// let case = Case::from_json(br#"{"attrib": 1, "observations": [
///     {"kind": "software", "value": "ROKRAT"}, {"kind": "victim-country", "value": "KR"}]}"#).unwrap();
/// let r = attrib::score(&case, &index, &ScoreOptions::default()).unwrap();
/// let d = attrib::present::present(&r, 10, 4);
/// // The headline's band and the leader's figure come from the same rounding.
/// assert!(r.statement.contains(d.cluster.figure.band));
/// assert_eq!(d.ach.rows.len(), 2);
/// ```
pub fn present(r: &ScoreResult, shown: usize, columns: usize) -> Display {
    let focus = |id: &str| r.race.focus.iter().any(|f| f == id);
    let unlisted = Row {
        id: UNLISTED_ID.into(),
        name: UNLISTED_NAME.into(),
        figure: Figure::new(r.unlisted.probability, r.unlisted.interval),
        lead: r.leader == UNLISTED_ID,
        focus: false,
    };
    let row = |h: &crate::model::Hypothesis| Row {
        id: h.id.clone(),
        name: h.name.clone(),
        figure: Figure::new(h.probability, h.interval),
        lead: h.id == r.leader,
        focus: focus(&h.id),
    };
    // The listed hypotheses come sorted by probability, with focus suspects beyond the top
    // appended: order them all, the unlisted actor among them.
    let mut by_p: Vec<Row> = r.hypotheses.iter().map(row).collect();
    by_p.push(unlisted.clone());
    crate::util::sort_by(&mut by_p, &|a, b| {
        b.figure.probability.total_cmp(&a.figure.probability)
    });
    let cluster = by_p
        .iter()
        .find(|x| x.lead)
        .cloned()
        .unwrap_or_else(|| unlisted.clone());
    let top: Vec<Row> = by_p.iter().take(3).cloned().collect();

    let in_ranking = |k: usize, id: &str| k < shown || focus(id);
    let mut ranking: Vec<Row> = r
        .hypotheses
        .iter()
        .enumerate()
        .filter(|(k, h)| in_ranking(*k, &h.id))
        .map(|(_, h)| row(h))
        .collect();
    ranking.push(unlisted);
    crate::util::sort_by(&mut ranking, &|a, b| {
        b.figure.probability.total_cmp(&a.figure.probability)
    });
    let (mut count, mut p) = r
        .others
        .as_ref()
        .map_or((0, 0.0), |o| (o.count, o.probability));
    for (k, h) in r.hypotheses.iter().enumerate() {
        if !in_ranking(k, &h.id) {
            count += 1;
            p += h.probability;
        }
    }
    let rest = (count > 0).then(|| Rest {
        count,
        percent: percent(p),
    });

    let level_row = |l: &crate::model::Level, lead: bool| Row {
        id: l.id.to_string(),
        name: l.name.to_string(),
        figure: Figure::new(l.probability, l.interval),
        lead,
        focus: false,
    };
    let states: Vec<Row> = r
        .levels
        .sponsor
        .iter()
        .take(STATES)
        .enumerate()
        .map(|(k, l)| level_row(l, k == 0))
        .collect();
    let prior_state = r.prior_only.levels.sponsor.first().map(|l| Row {
        figure: Figure::point(l.probability),
        ..level_row(l, true)
    });
    let prior = Prior {
        cluster: Row {
            id: r.prior_only.leader.clone(),
            name: r.prior_only.name.clone(),
            figure: Figure::point(r.prior_only.probability),
            lead: true,
            focus: focus(&r.prior_only.leader),
        },
        state: prior_state,
    };
    let qualifier = r.race.restricted.then(|| {
        Frame::Restricted(r.race.competing)
            .qualify("")
            .trim_end_matches([',', ' '])
            .to_string()
    });

    Display {
        cluster,
        state: states.first().cloned(),
        qualifier,
        top,
        ranking,
        rest,
        named: r
            .unlisted
            .named
            .iter()
            .map(|n| Named {
                id: n.id.clone(),
                name: n.name.clone(),
                percent: percent(n.probability),
            })
            .collect(),
        states,
        prior,
        hypotheses: r
            .hypotheses
            .iter()
            .map(|h| percent(h.probability))
            .collect(),
        stability: percent(r.leader_stability),
        pivotal: r
            .pivotal
            .iter()
            .map(|p| percent(p.if_removed_probability))
            .collect(),
        ach: ach(r, columns),
        bands: ESTIMATIVE_BANDS
            .iter()
            .map(|&(term, band)| Band { term, band })
            .collect(),
    }
}

/// Thin `r` to what the report page draws beside its [`Display`], which must be made first,
/// from the whole result. Every hypothesis keeps its figures, but only the first listed and
/// `explain` keep their contributions (the page explains one hypothesis at a time, and the
/// display's matrix already holds the compared ones'), and the roll-up tables (`levels`,
/// `prior_only.levels`, `unlisted.named`), whose rows the display carries, are emptied. A
/// whole-pack result loses about four fifths of its values, which the page would otherwise
/// receive, one property at a time, with every re-score.
///
/// ```
/// use attrib::{case::Case, index::Index, Pack, ScoreOptions};
/// let index = Index::new(Pack::fixture(), None).unwrap();
/// let case = Case::from_json(br#"{"attrib": 1, "observations": [
///     {"kind": "software", "value": "ROKRAT"}, {"kind": "victim-country", "value": "KR"}]}"#).unwrap();
/// let mut r = attrib::score(&case, &index, &ScoreOptions::default()).unwrap();
/// let d = attrib::present::present(&r, 10, 4);
/// let second = r.hypotheses[1].id.clone();
/// attrib::present::brief(&mut r, Some(&second));
/// assert_eq!(r.hypotheses[1].contributions.len(), 2);
/// assert!(r.hypotheses[2..].iter().all(|h| h.contributions.is_empty()));
/// assert!(r.levels.umbrella.is_empty() && !d.states.is_empty());
/// ```
pub fn brief(r: &mut ScoreResult, explain: Option<&str>) {
    for h in r.hypotheses.iter_mut().skip(1) {
        if explain != Some(h.id.as_str()) {
            h.contributions = Vec::new();
        }
    }
    for levels in [&mut r.levels, &mut r.prior_only.levels] {
        levels.umbrella = Vec::new();
        levels.sponsor = Vec::new();
    }
    r.unlisted.named = Vec::new();
}

/// Summary of a pack for the page's footer.
#[derive(Serialize)]
pub struct PackSummary<'a> {
    /// `version`.
    pub version: &'a str,
    /// `sha256`.
    pub sha256: &'a str,
    /// `profiles`.
    pub profiles: usize,
    /// `techniques`.
    pub techniques: usize,
    /// `software`.
    pub software: usize,
    /// `campaigns`.
    pub campaigns: usize,
    /// `sources`.
    pub sources: Vec<PackSourceInfo<'a>>,
    /// `warnings`.
    pub warnings: Vec<String>,
}

/// A pack's source as the page lists it.
#[derive(Serialize)]
pub struct PackSourceInfo<'a> {
    /// `name`.
    pub name: &'a str,
    /// `version`.
    pub version: &'a str,
    /// `license`.
    pub license: &'a str,
}

/// What the page shows of a loaded pack, with what its import skipped.
pub fn pack_summary(pack: &Pack, warnings: Vec<String>) -> PackSummary<'_> {
    PackSummary {
        version: &pack.version,
        sha256: &pack.sha256,
        profiles: pack.profiles.len(),
        techniques: pack.techniques.len(),
        software: pack.software.len(),
        campaigns: pack.campaigns.len(),
        sources: pack
            .sources
            .iter()
            .map(|s| PackSourceInfo {
                name: &s.name,
                version: &s.version,
                license: &s.license,
            })
            .collect(),
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{case::Case, index::Index, Pack, ScoreOptions};

    fn scored(case: &str) -> ScoreResult {
        let index = Index::new(Pack::fixture(), None).unwrap();
        let case = Case::from_json(case.as_bytes()).unwrap();
        crate::score(&case, &index, &ScoreOptions::default()).unwrap()
    }

    const CASE: &str = r#"{"attrib": 1, "observations": [
        {"kind": "software", "value": "ROKRAT"}, {"kind": "victim-country", "value": "KR"},
        {"kind": "technique", "value": "T1566.001"}]}"#;

    /// The figures as they were first written, with `format!`.
    fn percent_formatted(p: f64) -> String {
        let t = libm::round(p.clamp(0.0, 1.0) * 1000.0) as i64;
        if t == 0 && p > 0.0 {
            return "less than 0.1 %".into();
        }
        if t == 1000 && p < 1.0 {
            return "more than 99.9 %".into();
        }
        let whole = (t + 5) / 10;
        if t < 100 || [5, 20, 45, 55, 80, 95].contains(&whole) {
            format!("{}.{} %", t / 10, t % 10)
        } else {
            format!("{whole} %")
        }
    }

    #[test]
    fn figures_written_digit_by_digit_are_the_formatted_ones() {
        let edges = [
            0.0, -0.0, 1.0, 0.00049, 0.0005, 0.9995, 0.99951, 1e-300, -1.0, 2.0,
        ];
        let sweep = (0..=200_000).map(|k| k as f64 / 200_000.0);
        for p in sweep.chain(edges).chain([f64::NAN, f64::INFINITY]) {
            let want = percent_formatted(p);
            assert_eq!(percent(p), want, "{p}");
            let bare = match want.as_str() {
                "less than 0.1 %" => "<0.1".to_string(),
                "more than 99.9 %" => ">99.9".to_string(),
                s => s.trim_end_matches(" %").to_string(),
            };
            assert_eq!(interval_text([p, 0.5]), format!("{bare}–50 %"), "{p}");
        }
    }

    #[test]
    fn every_figure_sits_in_its_band() {
        for p in (0..=1000).map(|t| t as f64 / 1000.0 - 0.0004) {
            let f = Figure::point(p.max(0.0));
            let shown: f64 = f
                .percent
                .trim_end_matches(" %")
                .trim_start_matches("less than ")
                .trim_start_matches("more than ")
                .parse()
                .unwrap();
            let (lo, hi) = f.band.trim_end_matches(" %").split_once('-').unwrap();
            let (lo, hi): (f64, f64) = (lo.parse().unwrap(), hi.parse().unwrap());
            // The outer bands hold everything beyond them.
            let lo = if lo == 1.0 { 0.0 } else { lo };
            let hi = if hi == 99.0 { 100.0 } else { hi };
            assert!(
                lo <= shown && shown <= hi,
                "{p}: {} in {}",
                f.percent,
                f.band
            );
        }
    }

    #[test]
    fn ranking_holds_everyone_once_with_the_rest_summed() {
        let r = scored(CASE);
        let d = present(&r, 2, 4);
        assert_eq!(d.ranking.len(), 3, "two listed and the unlisted actor");
        assert!(d.ranking.iter().any(|x| x.id == "unlisted"));
        let rest = d.rest.unwrap();
        let others = r.others.as_ref().map_or(0, |o| o.count);
        assert_eq!(rest.count, r.hypotheses.len() - 2 + others);
        assert_eq!(d.top.len(), 3);
        assert!(d.top[0].figure.probability >= d.top[2].figure.probability);
        assert_eq!(d.hypotheses.len(), r.hypotheses.len());
        assert!(d.qualifier.is_none());
    }

    #[test]
    fn restricted_races_say_so() {
        let r = scored(
            r#"{"attrib": 1, "hypotheses": ["G0032", "G0082"], "observations": [
            {"kind": "victim-country", "value": "KR"}]}"#,
        );
        let d = present(&r, SHOWN, ACH_COLUMNS);
        assert_eq!(
            d.qualifier.as_deref(),
            Some("Among the 2 suspects considered")
        );
        assert!(d.rest.is_none());
        // Every sentence of the result says so too.
        let mut sentences = vec![&r.statement, &r.sponsor_statement, &r.prior_only.statement];
        sentences.extend(r.evidence_weight.iter().map(|m| &m.statement));
        assert_eq!(sentences.len(), 5);
        for s in sentences {
            assert!(s.starts_with("Among the 2 suspects considered, "), "{s}");
        }
    }

    #[test]
    fn diagnosticity_is_the_spread_across_columns() {
        let r = scored(CASE);
        let d = present(&r, SHOWN, 3);
        assert_eq!(d.ach.columns.len(), 3);
        for row in &d.ach.rows {
            let w: Vec<f64> = row.cells.iter().map(|c| c.log_lr).collect();
            let spread = w.iter().copied().fold(f64::MIN, f64::max)
                - w.iter().copied().fold(f64::MAX, f64::min);
            assert_eq!(row.diagnosticity, spread);
            assert_eq!(row.telling, spread >= TELLING);
            for c in &row.cells {
                assert_eq!(c.shade, shade(c.log_lr));
            }
        }
        assert_eq!(shade(1.2), "strong-for");
        assert_eq!(shade(-0.5), "against");
        assert_eq!(shade(0.1), "neutral");
    }

    #[test]
    fn the_legend_is_the_band_table() {
        let d = present(&scored(CASE), SHOWN, ACH_COLUMNS);
        assert_eq!(d.bands.len(), 7);
        assert_eq!(d.bands[0].term, "almost no chance");
        assert_eq!(d.bands[6].band, "95-99 %");
    }
}
