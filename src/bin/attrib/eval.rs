//! `attrib eval`: run the evaluation harness (see `docs/EVALUATION.md`).

use std::ffi::OsString;
use std::path::Path;

use attrib::eval::{self, EvalConfig};
use attrib::{Error, Result};

use crate::args::{is_help, Arg, Args};
use crate::files::{load_pack, read, read_text, read_text_maybe_gz, write};

const USAGE: &str = "usage: attrib eval [--profiles PACK] [--citations BUNDLE[.gz]] [--incidents DIR] [--quick N] [--json] [--markdown FILE] [--json-out FILE] [--params-out FILE]";

/// The options of `attrib eval`.
#[derive(Default)]
struct Options {
    profiles: Option<String>,
    json: bool,
    markdown: Option<String>,
    json_out: Option<String>,
    params_out: Option<String>,
    citations: Option<String>,
    incidents: Option<String>,
    quick: usize,
}

/// `None` for `--help`.
fn parse(words: Vec<OsString>) -> Result<Option<Options>> {
    let mut o = Options::default();
    let mut args = Args::new(words);
    while let Some(arg) = args.next()? {
        let flag = match arg {
            Arg::Flag(flag) if is_help(&flag) => return Ok(None),
            Arg::Flag(flag) => flag,
            Arg::Value(other) => return Err(unexpected(&other)),
        };
        match flag.as_str() {
            "--profiles" => o.profiles = Some(args.required(&flag)?),
            "--json" => o.json = true,
            "--markdown" => o.markdown = Some(args.required(&flag)?),
            "--json-out" => o.json_out = Some(args.required(&flag)?),
            "--params-out" => o.params_out = Some(args.required(&flag)?),
            "--citations" => o.citations = Some(args.required(&flag)?),
            "--incidents" => o.incidents = Some(args.required(&flag)?),
            "--quick" => {
                o.quick = args.number(&flag, |v| {
                    format!("eval: --quick expects a number of reports, found {v:?}")
                })?
            }
            other => return Err(unexpected(other)),
        }
    }
    Ok(Some(o))
}

fn unexpected(arg: &str) -> Error {
    Error::usage(format!("eval: unexpected argument {arg:?}\n{USAGE}"))
}

/// Run `attrib eval ARGS`; returns what goes to stdout.
pub fn run(words: Vec<OsString>) -> Result<String> {
    let Some(o) = parse(words)? else {
        return Ok(format!("{USAGE}\n"));
    };
    let (pack, path) = load_pack(o.profiles.as_deref())?;
    let citations = match &o.citations {
        Some(f) => {
            let text = read_text_maybe_gz(f)?;
            Some(eval::reports::read_citations(&text).map_err(|e| e.context(f))?)
        }
        None => None,
    };
    let incidents = match &o.incidents {
        Some(dir) => {
            let text = read_text(Path::new(dir).join("attributions.json"))?;
            eval::incidents::parse(&text, |file| read(Path::new(dir).join(file)))?
        }
        None => Vec::new(),
    };
    if citations.is_none() && pack.campaigns.is_empty() && incidents.is_empty() {
        return Err(Error::input(format!(
            "{path}: nothing to evaluate on (no --citations bundle, no campaigns in the pack, no --incidents)"
        )));
    }
    let cfg = EvalConfig {
        max_reports: o.quick,
        ..EvalConfig::default()
    };
    let inputs = eval::Inputs {
        pack: &pack,
        citations: citations.as_ref(),
        incidents: &incidents,
    };
    let e = eval::evaluate(inputs, &cfg)?;
    let js = e.to_json();
    if let Some(f) = &o.markdown {
        write(f, eval::markdown(&e))?;
        // The diagram the Markdown links to, beside it.
        write(
            Path::new(f).with_file_name("reliability.svg"),
            eval::reliability_svg(&e),
        )?;
    }
    if let Some(f) = &o.json_out {
        write(f, &js)?;
    }
    if let Some(f) = &o.params_out {
        let mut p = serde_json::to_string_pretty(&e.fit.final_params)
            .map_err(|x| Error::input(x.to_string()))?;
        p.push('\n');
        write(f, &p)?;
    }
    if o.json {
        return Ok(js);
    }
    Ok(eval::summary(&e))
}
