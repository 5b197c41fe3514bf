//! `attrib eval`: run the evaluation harness (see `docs/EVALUATION.md`).
//!
//! Included by the main binary with `#[path = "cli_eval.rs"] mod cli_eval;`; uses only the public
//! `attrib` API.

use attrib::eval::{self, EvalConfig};
use attrib::{Error, Pack, Result};

const USAGE: &str = "usage: attrib eval [--profiles PACK] [--citations BUNDLE[.gz]] [--incidents DIR] [--quick N] [--json] [--markdown FILE] [--json-out FILE] [--params-out FILE]";

fn read(path: &str) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| Error::io(path, e))
}

fn write(path: &str, text: &str) -> Result<()> {
    if let Some(dir) = std::path::Path::new(path)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(&dir.display().to_string(), e))?;
    }
    std::fs::write(path, text).map_err(|e| Error::io(path, e))
}

/// Run `attrib eval ARGS`; returns what goes to stdout.
pub fn run(args: &[String]) -> Result<String> {
    let mut profiles: Option<String> = None;
    let mut json = false;
    let mut markdown: Option<String> = None;
    let mut json_out: Option<String> = None;
    let mut params_out: Option<String> = None;
    let mut citations: Option<String> = None;
    let mut incidents: Option<String> = None;
    let mut quick: usize = 0;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| -> Result<String> {
            it.next()
                .cloned()
                .ok_or_else(|| Error::usage(format!("{name} needs a value")))
        };
        match a.as_str() {
            "--profiles" => profiles = Some(value(a)?),
            "--json" => json = true,
            "--markdown" => markdown = Some(value(a)?),
            "--json-out" => json_out = Some(value(a)?),
            "--params-out" => params_out = Some(value(a)?),
            "--citations" => citations = Some(value(a)?),
            "--incidents" => incidents = Some(value(a)?),
            "--quick" => {
                let v = value(a)?;
                quick = v.parse().map_err(|_| {
                    Error::usage(format!(
                        "eval: --quick expects a number of reports, found {v:?}"
                    ))
                })?;
            }
            "--help" | "-h" => return Ok(format!("{USAGE}\n")),
            other => {
                return Err(Error::usage(format!(
                    "eval: unexpected argument {other:?}\n{USAGE}"
                )))
            }
        }
    }
    let path = profiles
        .or_else(|| std::env::var("ATTRIB_PACK").ok())
        .unwrap_or_else(|| "build/pack.json".to_string());
    let pack = Pack::from_json(&read(&path)?).map_err(|e| e.context(&path))?;
    let citations = match &citations {
        Some(f) => {
            let text = crate::read_text_maybe_gz(f)?;
            Some(eval::reports::read_citations(&text).map_err(|e| e.context(f))?)
        }
        None => None,
    };
    let incidents = match &incidents {
        Some(dir) => {
            let manifest = format!("{dir}/attributions.json");
            let text = String::from_utf8(read(&manifest)?)
                .map_err(|_| Error::input(format!("{manifest}: not valid utf-8")))?;
            eval::incidents::parse(&text, |file| read(&format!("{dir}/{file}")))?
        }
        None => Vec::new(),
    };
    if citations.is_none() && pack.campaigns.is_empty() && incidents.is_empty() {
        return Err(Error::input(format!(
            "{path}: nothing to evaluate on (no --citations bundle, no campaigns in the pack, no --incidents)"
        )));
    }
    let cfg = EvalConfig {
        max_reports: quick,
        ..EvalConfig::default()
    };
    let inputs = eval::Inputs {
        pack: &pack,
        citations: citations.as_ref(),
        incidents: &incidents,
    };
    let e = eval::evaluate(inputs, &cfg)?;
    let js = e.to_json();
    if let Some(f) = &markdown {
        write(f, &eval::markdown(&e))?;
        // The diagram the Markdown links to, beside it.
        let svg = std::path::Path::new(f).with_file_name("reliability.svg");
        write(&svg.display().to_string(), &eval::reliability_svg(&e))?;
    }
    if let Some(f) = &json_out {
        write(f, &js)?;
    }
    if let Some(f) = &params_out {
        let mut p = serde_json::to_string_pretty(&e.fit.final_params)
            .map_err(|x| Error::input(x.to_string()))?;
        p.push('\n');
        write(f, &p)?;
    }
    if json {
        return Ok(js);
    }
    Ok(eval::summary(&e))
}
