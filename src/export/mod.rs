//! Exports for the tools analysts use: a STIX 2.1 bundle of a scored case ([`stix_bundle`]) and
//! ATT&CK Navigator layers ([`navigator_layer`], [`navigator_comparison`]).
//!
//! Pure functions of the case, the index, the result and a timestamp the caller supplies, so the
//! same inputs give the same bytes (the command line and the page both call them).

mod navigator;
mod stix;

pub use navigator::{navigator_comparison, navigator_layer};
pub use stix::stix_bundle;

use crate::case::Case;
use crate::error::{Error, Result};
use crate::index::Index;
use crate::model::ScoreOptions;

/// One of the exports, with what it needs besides the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export<'a> {
    /// A STIX 2.1 bundle whose objects are stamped `created` (RFC 3339).
    Stix {
        /// When the bundle is made; the same timestamp gives the same bytes.
        created: &'a str,
    },
    /// A Navigator layer of each technique's contribution to `hypothesis` (default: the leader).
    Navigator {
        /// A hypothesis that competes in the case.
        hypothesis: Option<&'a str>,
    },
    /// A Navigator layer of the case's techniques against `hypothesis`'s profile (default: the
    /// leader's).
    Comparison {
        /// A hypothesis that competes in the case.
        hypothesis: Option<&'a str>,
    },
}

/// Score `case` as an export needs it and write the export as the command line prints it:
/// pretty JSON with a final newline. `opts` may override the case's seed and samples; how many
/// hypotheses are listed is the export's business (the STIX bundle names the top five, a layer
/// may be drawn for any competing hypothesis). The command line and the page both call this, so
/// the same case, pack and timestamp give the same bytes in both.
///
/// ```
/// use attrib::{case::{Case, Kind, Observation}, export::{export_case, Export}, index::Index, Pack, ScoreOptions};
/// let index = Index::new(Pack::fixture(), None).unwrap();
/// let case = Case::new(vec![Observation::new(Kind::Technique, "T1566.001")]);
/// let opts = ScoreOptions { samples: Some(0), ..Default::default() };
/// let layer = export_case(&case, &index, &opts, Export::Navigator { hypothesis: Some("G0032") }).unwrap();
/// assert!(layer.ends_with("}\n") && layer.contains("\"techniqueID\": \"T1566.001\""));
/// let e = export_case(&case, &index, &opts, Export::Stix { created: "now" }).unwrap_err();
/// assert!(e.to_string().starts_with("export: expected an RFC 3339 timestamp"));
/// ```
pub fn export_case(
    case: &Case,
    index: &Index,
    opts: &ScoreOptions,
    what: Export<'_>,
) -> Result<String> {
    if let Export::Stix { created } = what {
        // Refuse a bad timestamp before the work of scoring.
        stix_timestamp(created)?;
    }
    let opts = ScoreOptions {
        top: match what {
            Export::Stix { .. } => 25,
            Export::Navigator { .. } | Export::Comparison { .. } => 0,
        },
        ..opts.clone()
    };
    let r = crate::score(case, index, &opts)?;
    let value = match what {
        Export::Stix { created } => stix_bundle(case, index, &r, created)?,
        Export::Navigator { hypothesis } => navigator_layer(case, index, &r, hypothesis)?,
        Export::Comparison { hypothesis } => navigator_comparison(case, index, &r, hypothesis)?,
    };
    let mut text =
        serde_json::to_string_pretty(&value).map_err(|e| Error::input(format!("export: {e}")))?;
    text.push('\n');
    Ok(text)
}

/// A timestamp as STIX writes it (`2017-05-23T01:12:00.000Z`), from an RFC 3339 one.
///
/// ```
/// assert_eq!(attrib::export::stix_timestamp("2017-05-23T01:12:00Z").unwrap(), "2017-05-23T01:12:00.000Z");
/// assert!(attrib::export::stix_timestamp("yesterday").is_err());
/// ```
pub fn stix_timestamp(rfc3339: &str) -> Result<String> {
    let t = crate::util::parse_rfc3339(rfc3339).ok_or_else(|| {
        Error::input(format!(
            "export: expected an RFC 3339 timestamp such as 2017-05-23T01:12:00Z, found {rfc3339:?}"
        ))
    })?;
    Ok(format!("{}.000Z", &crate::util::format_rfc3339(t)[..19]))
}
