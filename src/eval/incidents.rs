//! Documented real incidents (`data/incidents/`): the only evaluation cases that carry victim,
//! motive, timing and language evidence, each with the attribution its public sources give.

use std::collections::BTreeSet;

use serde::Deserialize;

use crate::case::Case;
use crate::error::{Error, Result};

/// One incident with its published attribution.
#[derive(Debug, Clone, PartialEq)]
pub struct Incident {
    /// Case file name inside the incidents folder.
    pub file: String,
    /// ATT&CK group IDs the public attribution names (empty: an actor outside ATT&CK).
    pub groups: Vec<String>,
    /// The state the sources name as sponsor (ISO alpha-2), if any.
    pub sponsor: Option<String>,
    /// The case.
    pub case: Case,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    incidents: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    file: String,
    groups: Vec<String>,
    sponsor: Option<String>,
    #[allow(dead_code)]
    attribution: String,
    #[allow(dead_code)]
    sources: Vec<String>,
}

/// Read the incidents manifest (`attributions.json`), loading each case file with `read`.
///
/// ```
/// let manifest = r#"{"incidents": [{"file": "a.json", "groups": ["G0032"], "sponsor": "KP",
///   "attribution": "FBI", "sources": ["https://example.com"]}]}"#;
/// let read = |_: &str| Ok(br#"{"attrib": 1, "observations": [{"kind": "victim-country", "value": "US"}]}"#.to_vec());
/// let incidents = attrib::eval::incidents::parse(manifest, read).unwrap();
/// assert_eq!(incidents[0].groups, ["G0032"]);
/// ```
pub fn parse(manifest: &str, read: impl Fn(&str) -> Result<Vec<u8>>) -> Result<Vec<Incident>> {
    let m: Manifest = serde_json::from_str(manifest).map_err(|e| {
        Error::input(format!(
            "incidents: attributions.json: {}",
            crate::pack::lower_serde(&e.to_string())
        ))
    })?;
    let mut seen = BTreeSet::new();
    let mut out = Vec::with_capacity(m.incidents.len());
    for (i, e) in m.incidents.into_iter().enumerate() {
        if !seen.insert(e.file.clone()) {
            return Err(Error::input(format!(
                "incidents: attributions.json: incidents[{i}]: {} is listed twice",
                e.file
            )));
        }
        let case = Case::from_json(&read(&e.file)?)
            .map_err(|x| Error::input(format!("incidents: {}: {x}", e.file)))?;
        if case.hypotheses.is_some() {
            return Err(Error::input(format!(
                "incidents: {}: an evaluation incident must let every profile compete (no hypotheses)",
                e.file
            )));
        }
        out.push(Incident {
            file: e.file,
            groups: e.groups,
            sponsor: e.sponsor.map(|s| s.to_ascii_uppercase()),
            case,
        });
    }
    out.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(out)
}

/// Every source URL an incident's observations cite.
pub(crate) fn source_urls(case: &Case) -> BTreeSet<String> {
    case.observations
        .iter()
        .filter_map(|o| o.source.as_ref()?.url.clone())
        .collect()
}
