//! ATT&CK Navigator layers (layer format 4.5, enterprise-attack, ATT&CK 18): the case's
//! techniques scored by their contribution to one hypothesis, and a comparison of the case's
//! techniques with a hypothesis' profile.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::case::{Case, Kind};
use crate::error::{Error, Result};
use crate::index::Index;
use crate::model::{percent, ScoreResult};
use crate::Name;

const NAVIGATOR: &str = "5.1.0";

/// The skeleton every layer shares.
fn layer(
    name: String,
    description: String,
    techniques: Vec<Value>,
    gradient: Value,
    legend: Value,
    metadata: Vec<Value>,
) -> Value {
    json!({
        "name": name,
        "versions": {"attack": "18", "navigator": NAVIGATOR, "layer": "4.5"},
        "domain": "enterprise-attack",
        "description": description,
        "filters": {"platforms": ["Windows", "Linux", "macOS", "Network Devices", "PRE", "Containers", "IaaS", "SaaS", "Office Suite", "Identity Provider", "ESXi"]},
        "sorting": 3,
        "layout": {
            "layout": "side",
            "aggregateFunction": "average",
            "showID": true,
            "showName": true,
            "showAggregateScores": false,
            "countUnscored": false,
            "expandedSubtechniques": "annotated"
        },
        "hideDisabled": false,
        "techniques": techniques,
        "gradient": gradient,
        "legendItems": legend,
        "metadata": metadata,
        "links": [],
        "showTacticRowBackground": false,
        "tacticRowBackground": "#dddddd",
        "selectTechniquesAcrossTactics": true,
        "selectSubtechniquesWithParent": false,
        "selectVisibleTechniques": false
    })
}

/// The hypothesis a layer is about: `wanted`, or the leading listed hypothesis.
fn pick<'a>(result: &'a ScoreResult, wanted: Option<&str>) -> Result<&'a crate::model::Hypothesis> {
    match wanted {
        Some(id) => result.hypotheses.iter().find(|h| h.id == id).ok_or_else(|| {
            Error::input(format!(
                "export: hypothesis {id} is not among the scored hypotheses (it must compete in this case)"
            ))
        }),
        None => result.hypotheses.first().ok_or_else(|| {
            Error::input("export: the case has no competing hypothesis to draw a layer for")
        }),
    }
}

/// The case's technique IDs (after revocations), each with the observation indices behind it.
fn case_techniques(case: &Case, index: &Index) -> BTreeMap<String, Vec<usize>> {
    let mut out: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, o) in case.observations.iter().enumerate() {
        if o.kind == Kind::Technique {
            let id = index
                .pack()
                .replaced
                .get(o.value.as_str())
                .map_or_else(|| o.value.clone(), Name::to_string);
            out.entry(id).or_default().push(i);
        }
    }
    out
}

fn metadata(result: &ScoreResult, case: &Case) -> Vec<Value> {
    vec![
        json!({"name": "case", "value": case.title.clone().unwrap_or_else(|| "untitled case".into())}),
        json!({"name": "verdict", "value": result.statement}),
        json!({"name": "profile pack", "value": format!("{} (sha256 {})", result.profile_pack.version, result.profile_pack.sha256)}),
        json!({"name": "exported by", "value": "Attrib"}),
    ]
}

/// A layer of the case's techniques, each scored by its contribution (nats) to hypothesis
/// `hypothesis` (default: the leading listed hypothesis). `result` must list that hypothesis
/// (score with `top: 0` to list them all).
///
/// ```
/// use attrib::{case::{Case, Kind, Observation}, index::Index, Pack, ScoreOptions};
/// let index = Index::new(Pack::fixture(), None).unwrap();
/// let case = Case::new(vec![Observation::new(Kind::Technique, "T1566.001"), Observation::new(Kind::Software, "S0366")]);
/// let r = attrib::score(&case, &index, &ScoreOptions { samples: Some(0), top: 0, ..Default::default() }).unwrap();
/// let l = attrib::export::navigator_layer(&case, &index, &r, Some("G0032")).unwrap();
/// assert_eq!(l["versions"]["layer"], "4.5");
/// assert_eq!(l["techniques"][0]["techniqueID"], "T1566.001");
/// assert!(l["name"].as_str().unwrap().contains("Lazarus Group"));
/// ```
pub fn navigator_layer(
    case: &Case,
    index: &Index,
    result: &ScoreResult,
    hypothesis: Option<&str>,
) -> Result<Value> {
    let h = pick(result, hypothesis)?;
    let contribution: BTreeMap<usize, f64> = h
        .contributions
        .iter()
        .map(|c| (c.observation, c.log_lr))
        .collect();
    let mut techniques = Vec::new();
    let mut max = 1i64;
    for (id, obs) in case_techniques(case, index) {
        let scored: Vec<f64> = obs
            .iter()
            .filter_map(|i| contribution.get(i).copied())
            .collect();
        let enabled = !scored.is_empty();
        let nats = scored.iter().sum::<f64>();
        // Hundredths of a nat: Navigator's tools want whole-number gradients.
        let score = libm::round(nats * 100.0) as i64;
        max = max.max(score.abs());
        let comment = if enabled {
            format!(
                "Observation {} in the case; contributes {nats:+.2} nats to {} (score: hundredths of a nat).",
                obs.iter().map(|i| (i + 1).to_string()).collect::<Vec<_>>().join(", "),
                h.name
            )
        } else {
            "In the case but left out of the scoring.".to_string()
        };
        let mut t = json!({"techniqueID": id, "comment": comment, "enabled": enabled, "showSubtechniques": true});
        if enabled {
            t["score"] = json!(score);
        }
        techniques.push(t);
    }
    Ok(layer(
        format!("{} — evidence for {}", case.title.as_deref().unwrap_or("Attribution case"), h.name),
        format!(
            "The case's ATT&CK techniques, scored by how much each one counts for {} ({}, {} in Attrib's ranking): positive scores support it, negative ones count against it (the natural-log likelihood ratio after source quality, deception and tempering, in hundredths of a nat). {}",
            h.name,
            h.id,
            percent(h.probability),
            result.statement
        ),
        techniques,
        json!({"colors": ["#d6604d", "#f7f7f7", "#4393c3"], "minValue": -max, "maxValue": max}),
        json!([
            {"label": format!("counts for {}", h.name), "color": "#4393c3"},
            {"label": "neutral", "color": "#f7f7f7"},
            {"label": format!("counts against {}", h.name), "color": "#d6604d"}
        ]),
        metadata(result, case),
    ))
}

/// A comparison layer: the case's techniques against hypothesis `hypothesis`'s profile (default:
/// the leading listed hypothesis). Score 1: in the case only; 2: in the profile only; 3: both.
///
/// ```
/// use attrib::{case::{Case, Kind, Observation}, index::Index, Pack, ScoreOptions};
/// let index = Index::new(Pack::fixture(), None).unwrap();
/// let case = Case::new(vec![Observation::new(Kind::Technique, "T1566.001")]);
/// let r = attrib::score(&case, &index, &ScoreOptions { samples: Some(0), top: 0, ..Default::default() }).unwrap();
/// let l = attrib::export::navigator_comparison(&case, &index, &r, Some("G0032")).unwrap();
/// let t = l["techniques"].as_array().unwrap().iter().find(|t| t["techniqueID"] == "T1566.001").unwrap();
/// assert_eq!(t["score"], 3);
/// ```
pub fn navigator_comparison(
    case: &Case,
    index: &Index,
    result: &ScoreResult,
    hypothesis: Option<&str>,
) -> Result<Value> {
    let h = pick(result, hypothesis)?;
    let pack = index.pack();
    let profile = pack
        .profile(&h.id)
        .ok_or_else(|| Error::input(format!("export: {} is not a profile in the pack", h.id)))?;
    let canon = |t: &Name| pack.replaced.get(t.as_str()).unwrap_or(t).to_string();
    let mut scores: BTreeMap<String, u8> = BTreeMap::new();
    for t in profile.techniques.iter().map(canon) {
        scores.insert(t, 2);
    }
    for t in case_techniques(case, index).into_keys() {
        let e = scores.entry(t).or_insert(0);
        *e |= 1;
    }
    let label = |s: u8| match s {
        1 => "in the case only",
        2 => "in the profile only",
        _ => "in the case and the profile",
    };
    let techniques: Vec<Value> = scores
        .iter()
        .map(|(id, &s)| {
            json!({"techniqueID": id, "score": s, "comment": label(s), "enabled": true, "showSubtechniques": true})
        })
        .collect();
    let both = scores.values().filter(|&&s| s == 3).count();
    let case_only = scores.values().filter(|&&s| s == 1).count();
    Ok(layer(
        format!("{} — case against {}", case.title.as_deref().unwrap_or("Attribution case"), h.name),
        format!(
            "The case's ATT&CK techniques against those {} ({}) is documented to use in the profile pack: {both} in both, {case_only} in the case only, {} in the profile only.",
            h.name,
            h.id,
            scores.len() - both - case_only
        ),
        techniques,
        json!({"colors": ["#fdae61", "#abd9e9", "#1a9850"], "minValue": 1, "maxValue": 3}),
        json!([
            {"label": label(1), "color": "#fdae61"},
            {"label": label(2), "color": "#abd9e9"},
            {"label": label(3), "color": "#1a9850"}
        ]),
        metadata(result, case),
    ))
}
