//! Exports for the tools analysts use: a STIX 2.1 bundle of a scored case ([`stix_bundle`]) and
//! ATT&CK Navigator layers ([`navigator_layer`], [`navigator_comparison`]).
//!
//! Pure functions of the case, the index, the result and a timestamp the caller supplies, so the
//! same inputs give the same bytes (the command line and the page both call them).

mod navigator;
mod stix;

pub use navigator::{navigator_comparison, navigator_layer};
pub use stix::stix_bundle;

use crate::error::{Error, Result};

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
