//! Held-out reports: the evaluation's main protocol.
//!
//! ATT&CK cites a public report on every `uses` relationship (in the relationship's STIX
//! `external_references`). Every (report, group) pair whose report documents at least
//! [`MIN_FEATURES`] techniques or software for the group is a case: its techniques and software,
//! scored after the group's profile has lost exactly what the pack knows *only* from that
//! report (features whose every supporting relationship, the group's own or one of its
//! attributed campaigns', cites that report and nothing else).

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::pack::Pack;

/// Fewest techniques plus software a report must document for a group to make a case.
pub const MIN_FEATURES: usize = 5;

/// A set of citation keys (ATT&CK `source_name`s).
pub type CitationSet = BTreeSet<String>;

/// The citations of ATT&CK's `uses` relationships, by group.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Citations {
    /// Per group ID (`G0032`), per feature ID (`T1566.001`, `S0366`): the citation set of every
    /// relationship that gives the group that feature (its own, and its attributed campaigns').
    pub support: BTreeMap<String, BTreeMap<String, Vec<CitationSet>>>,
    /// Per (citation, group): the techniques and software the group's own relationships cite
    /// that report for.
    pub documents: BTreeMap<(String, String), (BTreeSet<String>, BTreeSet<String>)>,
    /// Citation key to URL, where the reference gives one.
    pub urls: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct Bundle {
    objects: Vec<Object>,
}

#[derive(Deserialize)]
struct Object {
    #[serde(rename = "type")]
    ty: String,
    id: String,
    #[serde(default)]
    revoked: bool,
    #[serde(default)]
    x_mitre_deprecated: bool,
    #[serde(default)]
    external_references: Vec<Reference>,
    #[serde(default)]
    relationship_type: Option<String>,
    #[serde(default)]
    source_ref: Option<String>,
    #[serde(default)]
    target_ref: Option<String>,
}

#[derive(Deserialize)]
struct Reference {
    #[serde(default)]
    source_name: String,
    #[serde(default)]
    external_id: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

impl Object {
    fn live(&self) -> bool {
        !self.revoked && !self.x_mitre_deprecated
    }

    fn attack_id(&self) -> Option<&str> {
        self.external_references
            .iter()
            .find(|r| r.source_name == "mitre-attack")
            .and_then(|r| r.external_id.as_deref())
    }
}

/// Read the citations of a STIX 2.1 ATT&CK bundle (MITRE's `enterprise-attack.json`, or the
/// fixture subset of it).
///
/// ```
/// let bundle = r#"{"type": "bundle", "id": "bundle--1", "objects": [
///   {"type": "intrusion-set", "id": "intrusion-set--g", "external_references": [{"source_name": "mitre-attack", "external_id": "G1"}]},
///   {"type": "malware", "id": "malware--m", "external_references": [{"source_name": "mitre-attack", "external_id": "S1"}]},
///   {"type": "relationship", "id": "relationship--r", "relationship_type": "uses",
///    "source_ref": "intrusion-set--g", "target_ref": "malware--m",
///    "external_references": [{"source_name": "Vendor 2020", "url": "https://example.com/r"}]}]}"#;
/// let c = attrib::eval::reports::read_citations(bundle).unwrap();
/// assert_eq!(c.support["G1"]["S1"][0].iter().next().unwrap(), "Vendor 2020");
/// assert_eq!(c.urls["Vendor 2020"], "https://example.com/r");
/// ```
pub fn read_citations(bundle: &str) -> Result<Citations> {
    let b: Bundle = serde_json::from_str(bundle).map_err(|e| {
        Error::input(format!(
            "citations: not an ATT&CK bundle: {}",
            crate::pack::lower_serde(&e.to_string())
        ))
    })?;
    let by_id: BTreeMap<&str, &Object> = b.objects.iter().map(|o| (o.id.as_str(), o)).collect();
    let live = |id: &Option<String>, types: &[&str]| -> Option<&Object> {
        let o = by_id.get(id.as_deref()?)?;
        (o.live() && types.contains(&o.ty.as_str())).then_some(*o)
    };
    // Campaign -> attributed groups.
    let mut attributed: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for r in b.objects.iter().filter(|o| {
        o.ty == "relationship"
            && o.live()
            && o.relationship_type.as_deref() == Some("attributed-to")
    }) {
        if let (Some(c), Some(g)) = (
            live(&r.source_ref, &["campaign"]),
            live(&r.target_ref, &["intrusion-set"]),
        ) {
            if let Some(gid) = g.attack_id() {
                attributed.entry(c.id.as_str()).or_default().push(gid);
            }
        }
    }
    let mut out = Citations::default();
    for r in b.objects.iter().filter(|o| {
        o.ty == "relationship" && o.live() && o.relationship_type.as_deref() == Some("uses")
    }) {
        let Some(target) = live(&r.target_ref, &["attack-pattern", "malware", "tool"]) else {
            continue;
        };
        let Some(feature) = target.attack_id() else {
            continue;
        };
        let Some(source) = live(&r.source_ref, &["intrusion-set", "campaign"]) else {
            continue;
        };
        let cites: CitationSet = r
            .external_references
            .iter()
            .filter(|x| !x.source_name.is_empty())
            .map(|x| x.source_name.clone())
            .collect();
        for x in &r.external_references {
            if let Some(u) = &x.url {
                out.urls
                    .entry(x.source_name.clone())
                    .or_insert_with(|| u.clone());
            }
        }
        let groups: Vec<&str> = if source.ty == "intrusion-set" {
            source.attack_id().into_iter().collect()
        } else {
            attributed
                .get(source.id.as_str())
                .cloned()
                .unwrap_or_default()
        };
        for g in groups {
            out.support
                .entry(g.to_string())
                .or_default()
                .entry(feature.to_string())
                .or_default()
                .push(cites.clone());
            if source.ty == "intrusion-set" {
                for c in &cites {
                    let e = out.documents.entry((c.clone(), g.to_string())).or_default();
                    if target.ty == "attack-pattern" {
                        e.0.insert(feature.to_string());
                    } else {
                        e.1.insert(feature.to_string());
                    }
                }
            }
        }
    }
    Ok(out)
}

/// One held-out report.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportCase {
    /// The group the report documents.
    pub group: String,
    /// The citation key (`source_name`).
    pub citation: String,
    /// The report's URL, when ATT&CK gives one.
    pub url: Option<String>,
    /// Techniques the report documents for the group.
    pub techniques: Vec<String>,
    /// Software the report documents for the group.
    pub software: Vec<String>,
    /// Features the group's profile knows only from this report: what the fold-out removes.
    pub only_here: Vec<String>,
}

/// Every report case for groups in `pack`, ordered by group then citation.
pub fn report_cases(c: &Citations, pack: &Pack) -> Vec<ReportCase> {
    let groups: BTreeSet<&str> = pack.profiles.iter().map(|p| p.id.as_str()).collect();
    let mut out: Vec<ReportCase> = c
        .documents
        .iter()
        .filter(|((_, g), (t, s))| groups.contains(g.as_str()) && t.len() + s.len() >= MIN_FEATURES)
        .map(|((cite, g), (t, s))| ReportCase {
            group: g.clone(),
            citation: cite.clone(),
            url: c.urls.get(cite).cloned(),
            techniques: t.iter().cloned().collect(),
            software: s.iter().cloned().collect(),
            only_here: only_from(c, g, cite),
        })
        .collect();
    out.sort_by(|a, b| (&a.group, &a.citation).cmp(&(&b.group, &b.citation)));
    out
}

/// The features group `g` has only because of report `cite`.
///
/// ```
/// use std::collections::{BTreeMap, BTreeSet};
/// use attrib::eval::reports::{only_from, Citations};
/// let set = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<BTreeSet<_>>();
/// let mut c = Citations::default();
/// let g = c.support.entry("G1".into()).or_default();
/// g.insert("T1".into(), vec![set(&["R"])]);                  // only R: folded out
/// g.insert("T2".into(), vec![set(&["R", "Q"])]);             // also Q: kept
/// g.insert("T3".into(), vec![set(&["R"]), set(&["Q"])]);     // another relationship: kept
/// assert_eq!(only_from(&c, "G1", "R"), vec!["T1".to_string()]);
/// ```
pub fn only_from(c: &Citations, g: &str, cite: &str) -> Vec<String> {
    c.support
        .get(g)
        .map(|feats| {
            feats
                .iter()
                .filter(|(_, rels)| rels.iter().all(|r| r.len() == 1 && r.contains(cite)))
                .map(|(f, _)| f.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// The pack with report `r` folded out of its group's profile.
pub fn fold_out(pack: &Pack, r: &ReportCase) -> Pack {
    let mut out = pack.clone();
    let gone: BTreeSet<&str> = r.only_here.iter().map(String::as_str).collect();
    for p in out.profiles.iter_mut().filter(|p| p.id == r.group) {
        p.techniques.retain(|t| !gone.contains(t.as_str()));
        p.software.retain(|s| !gone.contains(s.as_str()));
    }
    out
}
