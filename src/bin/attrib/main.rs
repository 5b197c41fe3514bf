//! The `attrib` command line: a thin face over the library.
//!
//! Exit codes: 0 success, 1 bad input (case, pack, file), 2 usage. Every error is one line on
//! stderr. Each subcommand lives in its own module and takes its words after the subcommand's
//! name; `args` is the one argument parser and `files` the one place that touches the disk.

mod args;
mod eval;
mod export;
mod files;
mod pack;
mod render;
mod score;

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use attrib::{Error, ErrorKind, Result};

const USAGE: &str = "usage:
  attrib score CASE.json [--profiles PACK] [--json] [--seed N] [--samples N] [--top N]
  attrib validate CASE.json [--profiles PACK]
  attrib export CASE.json --stix [--created RFC3339] [--profiles PACK]
  attrib export CASE.json --navigator [--hypothesis ID] [--comparison] [--profiles PACK]
  attrib render CASE.json [--profiles PACK] [--into PAGE.html [--check]]
  attrib pack [--out FILE] [--stix FILE[.gz]] [--stats [--json]]   (see `attrib pack --help`)
  attrib eval [--profiles PACK] [--citations BUNDLE[.gz]] [--incidents DIR] [--quick N]
              [--json] [--markdown FILE] [--json-out FILE] [--params-out FILE]
  attrib --version | --help

The profile pack defaults to $ATTRIB_PACK, then build/pack.json (built by `make pack`).";

/// The sentence every case command's usage ends with.
const PACK_DEFAULT: &str =
    "The profile pack defaults to $ATTRIB_PACK, then build/pack.json (built by `make pack`).";

fn main() -> ExitCode {
    match run(std::env::args_os().skip(1).collect()) {
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

fn run(mut words: Vec<OsString>) -> Result<String> {
    if words.is_empty() {
        return Err(Error::usage("no command given"));
    }
    let rest = words.split_off(1);
    let cmd = words.remove(0);
    let Some(cmd) = cmd.to_str() else {
        return Err(Error::usage(format!("unknown command {cmd:?}")));
    };
    match cmd {
        "--help" | "-h" | "help" => Ok(format!("{USAGE}\n")),
        "--version" | "-V" => Ok(format!("attrib {}\n", env!("CARGO_PKG_VERSION"))),
        "score" => score::score(rest),
        "validate" => score::validate(rest),
        "export" => export::run(rest),
        "render" => render::run(rest),
        "pack" => pack::run(rest),
        "eval" => eval::run(rest),
        other => Err(Error::usage(format!("unknown command {other:?}"))),
    }
}
