//! `attrib export`: a STIX 2.1 bundle or an ATT&CK Navigator layer of the scored case, on stdout.

use std::ffi::OsString;

use attrib::export::Export;
use attrib::{Error, Result, ScoreOptions};

use crate::args::{CaseFlags, Parsed};
use crate::files::load_case;

const USAGE: &str = "usage: attrib export CASE.json --stix [--created RFC3339] [--profiles PACK]
       attrib export CASE.json --navigator [--hypothesis ID] [--comparison] [--profiles PACK]
       (both also take [--seed N] [--samples N]; SOURCE_DATE_EPOCH fixes the time)";

/// `attrib export CASE --stix | --navigator [--hypothesis ID] [--comparison]`.
pub fn run(words: Vec<OsString>) -> Result<String> {
    let allowed = [
        "--profiles",
        "--stix",
        "--navigator",
        "--comparison",
        "--hypothesis",
        "--created",
        "--seed",
        "--samples",
    ];
    let f = match CaseFlags::parse(words, &allowed)? {
        Parsed::Run(f) => f,
        Parsed::Help => return Ok(crate::score::usage(USAGE)),
    };
    let path = f.one_case("export")?;
    if f.stix == f.navigator {
        return Err(Error::usage("export: choose one of --stix and --navigator"));
    }
    if f.stix && (f.hypothesis.is_some() || f.comparison) {
        return Err(Error::usage(
            "export: --hypothesis and --comparison go with --navigator",
        ));
    }
    let case = load_case(path)?;
    let index = crate::score::index(&f)?;
    let opts = ScoreOptions {
        seed: f.seed,
        samples: f.samples,
        ..Default::default()
    };
    let hypothesis = f.hypothesis.as_deref();
    // The export time, or --created / SOURCE_DATE_EPOCH for reproducible bytes.
    let created = f.created.clone().unwrap_or_else(now_rfc3339);
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
    attrib::export::export_case(&case, &index, &opts, what).map_err(|e| e.context(path))
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
