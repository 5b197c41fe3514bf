//! The `attrib` command line: a thin face over the library.
//!
//! Exit codes: 0 success, 1 bad input (case, pack, file), 2 usage. Every error is one line on
//! stderr.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[path = "cli_eval.rs"]
mod cli_eval;

use attrib::export::Export;
use attrib::{index::Index, Case, Error, ErrorKind, Pack, Result, ScoreOptions};

#[path = "cli_pack.rs"]
mod cli_pack;

const USAGE: &str = "usage:
  attrib score CASE.json [--profiles PACK] [--json] [--seed N] [--samples N] [--top N]
  attrib validate CASE.json [--profiles PACK]
  attrib export CASE.json --stix [--created RFC3339] [--profiles PACK]
  attrib export CASE.json --navigator [--hypothesis ID] [--comparison] [--profiles PACK]
  attrib pack [--out FILE] [--stix FILE[.gz]] [--stats [--json]]   (see `attrib pack --help`)
  attrib eval [--profiles PACK] [--citations BUNDLE[.gz]] [--incidents DIR] [--quick N]
              [--json] [--markdown FILE] [--json-out FILE] [--params-out FILE]
  attrib --version | --help

The profile pack defaults to $ATTRIB_PACK, then build/pack.json (built by `make pack`).";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(out) => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`attrib score ... | head`) is not an error worth a panic.
            let _ = stdout.write_all(out.as_bytes());
            let _ = stdout.flush();
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("attrib: {e}");
            if e.kind() == ErrorKind::Usage {
                eprintln!("run `attrib --help` for usage");
            }
            ExitCode::from(match e.kind() {
                ErrorKind::Usage => 2,
                ErrorKind::Input | ErrorKind::Io => 1,
            })
        }
    }
}

/// Parsed command-line flags shared by the commands.
#[derive(Default)]
struct Flags {
    positional: Vec<String>,
    profiles: Option<String>,
    json: bool,
    seed: Option<u64>,
    samples: Option<u32>,
    top: Option<usize>,
    stix: bool,
    navigator: bool,
    comparison: bool,
    hypothesis: Option<String>,
    created: Option<String>,
}

fn parse_flags(args: &[String], allowed: &[&str]) -> Result<Flags> {
    let mut f = Flags::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| -> Result<String> {
            it.next()
                .cloned()
                .ok_or_else(|| Error::usage(format!("{name} needs a value")))
        };
        let flag = a.as_str();
        if flag.starts_with("--") && !allowed.contains(&flag) {
            return Err(Error::usage(format!("unknown option {flag}")));
        }
        match flag {
            "--profiles" => f.profiles = Some(value(flag)?),
            "--json" => f.json = true,
            "--stix" => f.stix = true,
            "--navigator" => f.navigator = true,
            "--comparison" => f.comparison = true,
            "--hypothesis" => f.hypothesis = Some(value(flag)?),
            "--created" => f.created = Some(value(flag)?),
            "--seed" => {
                let v = value(flag)?;
                f.seed = Some(v.parse().map_err(|_| {
                    Error::usage(format!(
                        "--seed: expected a whole number from 0 to {}, found {v:?}",
                        u64::MAX
                    ))
                })?)
            }
            "--samples" => {
                let v = value(flag)?;
                f.samples = Some(v.parse().ok().filter(|n| *n <= 100_000).ok_or_else(|| {
                    Error::usage(format!(
                        "--samples: expected a whole number from 0 to 100000, found {v:?}"
                    ))
                })?)
            }
            "--top" => {
                let v = value(flag)?;
                f.top = Some(v.parse().map_err(|_| {
                    Error::usage(format!(
                        "--top: expected a whole number (0 for all), found {v:?}"
                    ))
                })?)
            }
            _ if flag.starts_with('-') && flag.len() > 1 => {
                return Err(Error::usage(format!("unknown option {flag}")))
            }
            _ => f.positional.push(a.clone()),
        }
    }
    Ok(f)
}

fn run(args: &[String]) -> Result<String> {
    let Some(cmd) = args.first() else {
        return Err(Error::usage("no command given"));
    };
    let rest = &args[1..];
    match cmd.as_str() {
        "--help" | "-h" | "help" => Ok(format!("{USAGE}\n")),
        "--version" | "-V" => Ok(format!("attrib {}\n", env!("CARGO_PKG_VERSION"))),
        "score" => cmd_score(rest),
        "validate" => cmd_validate(rest),
        "export" => cmd_export(rest),
        "pack" => cli_pack::run(rest),
        "eval" => cli_eval::run(rest),
        other => Err(Error::usage(format!("unknown command {other:?}"))),
    }
}

fn one_case_path(f: &Flags, cmd: &str) -> Result<String> {
    match f.positional.as_slice() {
        [p] => Ok(p.clone()),
        [] => Err(Error::usage(format!("{cmd}: missing the case file"))),
        _ => Err(Error::usage(format!(
            "{cmd}: expected one case file, found {}",
            f.positional.len()
        ))),
    }
}

fn read(path: &str) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        return Err(Error::io(path, "is a directory, expected a file"));
    }
    std::fs::read(path).map_err(|e| Error::io(path, e))
}

/// A text file, gunzipped when it starts with the gzip magic bytes.
fn read_text_maybe_gz(path: &str) -> Result<String> {
    let bytes = read(path)?;
    #[cfg(not(target_arch = "wasm32"))]
    let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
        attrib::build::gunzip(&bytes, path, attrib::stix::MAX_BUNDLE_BYTES)?
    } else {
        bytes
    };
    String::from_utf8(bytes).map_err(|_| Error::input(format!("{path}: not utf-8 text")))
}

fn load_case(path: &str) -> Result<Case> {
    Case::from_json(&read(path)?).map_err(|e| e.context(path))
}

/// The pack: `--profiles`, then `$ATTRIB_PACK`, then `build/pack.json` here or beside the binary.
fn load_pack(flag: Option<&str>) -> Result<Pack> {
    let path: PathBuf = match flag
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("ATTRIB_PACK").map(PathBuf::from))
    {
        Some(p) => p,
        None => {
            let mut candidates = vec![PathBuf::from("build/pack.json")];
            if let Ok(exe) = std::env::current_exe() {
                // target/{debug,release}/attrib -> repo root
                if let Some(root) = exe.parent().and_then(Path::parent).and_then(Path::parent) {
                    candidates.push(root.join("build/pack.json"));
                }
            }
            candidates
                .into_iter()
                .find(|p| p.is_file())
                .ok_or_else(|| {
                    Error::input("no profile pack found: run `make pack` or pass --profiles FILE")
                })?
        }
    };
    let shown = path.display().to_string();
    Pack::from_json(&read(&shown)?).map_err(|e| e.context(&shown))
}

fn cmd_validate(args: &[String]) -> Result<String> {
    let f = parse_flags(args, &["--profiles"])?;
    let path = one_case_path(&f, "validate")?;
    let case = load_case(&path)?;
    let mut out = format!(
        "{path}: valid case, {} observations\n",
        case.observations.len()
    );
    if f.profiles.is_some() {
        let index = Index::new(load_pack(f.profiles.as_deref())?, None)?;
        let opts = ScoreOptions {
            samples: Some(0),
            sensitivity: false,
            ..Default::default()
        };
        let r = attrib::score(&case, &index, &opts).map_err(|e| e.context(&path))?;
        for w in r.warnings {
            out.push_str(&format!("warning: {w}\n"));
        }
    }
    Ok(out)
}

fn cmd_score(args: &[String]) -> Result<String> {
    let f = parse_flags(
        args,
        &["--profiles", "--json", "--seed", "--samples", "--top"],
    )?;
    let path = one_case_path(&f, "score")?;
    let case = load_case(&path)?;
    let index = Index::new(load_pack(f.profiles.as_deref())?, None)?;
    let opts = ScoreOptions {
        seed: f.seed,
        samples: f.samples,
        top: f.top.unwrap_or(25),
        ..Default::default()
    };
    let r = attrib::score(&case, &index, &opts).map_err(|e| e.context(&path))?;
    if f.json {
        let mut s = serde_json::to_string_pretty(&r).map_err(|e| Error::input(e.to_string()))?;
        s.push('\n');
        return Ok(s);
    }
    Ok(table(&case, &r))
}

/// `attrib export CASE --stix | --navigator [--hypothesis ID] [--comparison]`: a STIX 2.1 bundle
/// or an ATT&CK Navigator layer of the scored case, on stdout.
fn cmd_export(args: &[String]) -> Result<String> {
    let f = parse_flags(
        args,
        &[
            "--profiles",
            "--stix",
            "--navigator",
            "--comparison",
            "--hypothesis",
            "--created",
            "--seed",
            "--samples",
        ],
    )?;
    let path = one_case_path(&f, "export")?;
    if f.stix == f.navigator {
        return Err(Error::usage("export: choose one of --stix and --navigator"));
    }
    if f.stix && (f.hypothesis.is_some() || f.comparison) {
        return Err(Error::usage(
            "export: --hypothesis and --comparison go with --navigator",
        ));
    }
    let case = load_case(&path)?;
    let index = Index::new(load_pack(f.profiles.as_deref())?, None)?;
    let opts = ScoreOptions {
        seed: f.seed,
        samples: f.samples,
        ..Default::default()
    };
    let hypothesis = f.hypothesis.as_deref();
    // The export time, or --created / SOURCE_DATE_EPOCH for reproducible bytes.
    let created = f.created.unwrap_or_else(now_rfc3339);
    if f.stix {
        attrib::export::stix_timestamp(&created)?;
    }
    let what = if f.stix {
        Export::Stix { created: &created }
    } else if f.comparison {
        Export::Comparison { hypothesis }
    } else {
        Export::Navigator { hypothesis }
    };
    attrib::export::export_case(&case, &index, &opts, what).map_err(|e| e.context(&path))
}

/// The current time as RFC 3339 (seconds), from the system clock, or `SOURCE_DATE_EPOCH` when set
/// (for reproducible exports).
fn now_rfc3339() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    attrib::eval::cases::rfc3339(secs)
}

fn pct(p: f64) -> String {
    format!("{:.1} %", p * 100.0)
}

fn table(case: &Case, r: &attrib::ScoreResult) -> String {
    let mut o = String::new();
    if let Some(t) = &case.title {
        o.push_str(&format!("{t}\n\n"));
    }
    o.push_str(&format!(
        "{}\n{}\nConfidence: {} ({}).\n\n",
        r.statement, r.sponsor_statement, r.confidence, r.confidence_reason
    ));
    o.push_str(&format!("{}\n", r.prior_only.statement));
    for m in &r.evidence_weight {
        o.push_str(&format!("{}\n", m.statement));
    }
    o.push('\n');
    o.push_str(&format!(
        "{:>3}  {:<44} {:>9}  {:>17}\n",
        "#", "hypothesis", "posterior", "90 % interval"
    ));
    let row = |o: &mut String, n: String, name: String, p: f64, iv: [f64; 2]| {
        let name: String = name.chars().take(44).collect();
        o.push_str(&format!(
            "{n:>3}  {name:<44} {:>9}  {:>17}\n",
            pct(p),
            format!("{:.1}-{:.1} %", iv[0] * 100.0, iv[1] * 100.0)
        ));
    };
    for h in &r.hypotheses {
        let mark = if r.race.focus.contains(&h.id) {
            "*"
        } else {
            ""
        };
        row(
            &mut o,
            format!("{mark}{}", h.rank),
            format!("{} ({})", h.name, h.id),
            h.probability,
            h.interval,
        );
    }
    row(
        &mut o,
        "-".into(),
        "unlisted actor".into(),
        r.unlisted.probability,
        r.unlisted.interval,
    );
    for n in r.unlisted.named.iter().filter(|n| n.probability >= 0.001) {
        o.push_str(&format!(
            "     of which {} (known only by {}) {}\n",
            n.name,
            if n.sponsor.is_some() {
                "sponsor and victims"
            } else {
                "its victims"
            },
            pct(n.probability)
        ));
    }
    if let Some(x) = &r.others {
        o.push_str(&format!(
            "     ... {} more hypotheses share {}\n",
            x.count,
            pct(x.probability)
        ));
    }
    if !r.race.focus.is_empty() {
        o.push_str("     * a suspect the case asks to highlight\n");
    }
    if r.race.restricted {
        o.push_str(&format!(
            "     Only the {} suspects the case lists compete: these figures answer \"which of these?\", not \"who?\".\n",
            r.race.competing
        ));
    }
    o.push_str("\nBy umbrella (clusters rolled up to their parent group):\n");
    for l in r.levels.umbrella.iter().take(6) {
        o.push_str(&format!(
            "     {:<44} {:>9}\n",
            format!("{} ({})", l.name, l.id)
                .chars()
                .take(44)
                .collect::<String>(),
            pct(l.probability)
        ));
    }
    o.push_str("\nBy suspected state sponsor:\n");
    for l in r.levels.sponsor.iter().take(6) {
        o.push_str(&format!(
            "     {:<44} {:>9}\n",
            format!("{} ({})", l.name, l.id),
            pct(l.probability)
        ));
    }
    o.push_str(&format!(
        "\nLeader stability over {} Monte Carlo samples: {}\n",
        r.settings.samples,
        pct(r.leader_stability)
    ));
    let describe = |i: usize| {
        case.observations
            .get(i)
            .map(|ob| format!("{} {}", ob.kind.as_str(), ob.value))
            .unwrap_or_default()
    };
    if r.pivotal.is_empty() {
        o.push_str("No single observation changes the leader when removed.\n");
    }
    for p in &r.pivotal {
        o.push_str(&format!(
            "Pivotal: without observation {} ({}), {} leads ({}).\n",
            p.observation,
            describe(p.observation),
            p.if_removed_leader,
            pct(p.if_removed_probability)
        ));
    }
    for w in &r.warnings {
        o.push_str(&format!("warning: {w}\n"));
    }
    o.push_str(&format!(
        "\nProfile pack {} (sha256 {})\n",
        r.profile_pack.version,
        &r.profile_pack.sha256[..r.profile_pack.sha256.len().min(16)]
    ));
    o
}
