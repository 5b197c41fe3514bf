//! Country names to ISO 3166-1 alpha-2 codes, from the MISP `country` galaxy (geonames.org data).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{read_galaxy, Galaxy};
use crate::error::{Error, Result};

/// A country name resolver built from the MISP `clusters/country.json` galaxy.
///
/// It knows each country's ISO alpha-2 and alpha-3 codes and its geonames name, plus the spellings
/// that the threat-actor galaxy uses for a handful of them ("Korea (Democratic People's Republic
/// of)", "Republic of Korea", "Russian Federation" ...). Anything else (organisations, regions such
/// as "Middle East") resolves to nothing.
///
/// ```
/// let json = r#"{"version": 3, "values": [
///   {"value": "north korea", "description": "North Korea", "meta": {"ISO": "KP", "ISO3": "PRK"}},
///   {"value": "south korea", "description": "South Korea", "meta": {"ISO": "KR", "ISO3": "KOR"}}]}"#;
/// let c = attrib::packer::Countries::from_misp(json).unwrap();
/// assert_eq!(c.code("Korea (Democratic People's Republic of)"), Some("KP"));
/// assert_eq!(c.code("Republic of Korea"), Some("KR"));
/// assert_eq!(c.code("NATO"), None);
/// assert_eq!(c.name("KP"), Some("North Korea"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct Countries {
    by_key: BTreeMap<String, String>,
    names: BTreeMap<String, String>,
    /// Version of the MISP country galaxy.
    pub version: u64,
}

#[derive(Deserialize)]
struct Cluster {
    value: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    meta: BTreeMap<String, serde_json::Value>,
}

/// Spellings used in the threat-actor galaxy (mostly CFR's) that geonames names differently.
/// Each maps to an ISO alpha-2 code; checked against the galaxy so a typo here cannot invent a
/// country.
const EXTRA_NAMES: &[(&str, &str)] = &[
    ("korea (democratic people's republic of)", "KP"),
    ("democratic people's republic of korea", "KP"),
    ("dprk", "KP"),
    ("korea (republic of)", "KR"),
    ("republic of korea", "KR"),
    ("russian federation", "RU"),
    ("iran (islamic republic of)", "IR"),
    ("islamic republic of iran", "IR"),
    ("people's republic of china", "CN"),
    ("prc", "CN"),
    ("united states", "US"),
    ("usa", "US"),
    ("u.s.", "US"),
    ("uk", "GB"),
    ("great britain", "GB"),
    ("the philippines", "PH"),
    ("czech republic", "CZ"),
    ("palestine", "PS"),
    ("state of palestine", "PS"),
    ("gaza", "PS"),
    ("viet nam", "VN"),
    ("syrian arab republic", "SY"),
    ("lao people's democratic republic", "LA"),
    ("republic of moldova", "MD"),
    ("moldova (republic of)", "MD"),
    ("taiwan (province of china)", "TW"),
    ("brunei darussalam", "BN"),
    ("cote d'ivoire", "CI"),
    ("côte d'ivoire", "CI"),
    ("turkiye", "TR"),
    ("türkiye", "TR"),
    ("macau", "MO"),
    ("lebonon", "LB"), // misspelt in the threat-actor galaxy
    ("the netherlands", "NL"),
    ("holland", "NL"),
];

fn key(s: &str) -> String {
    s.trim()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl Countries {
    /// Parse the MISP `country.json` galaxy.
    ///
    /// ```
    /// assert!(attrib::packer::Countries::from_misp("{").is_err());
    /// ```
    pub fn from_misp(text: &str) -> Result<Countries> {
        let g: Galaxy<Cluster> = read_galaxy(text, "misp country.json")?;
        let mut c = Countries {
            version: g.version,
            ..Countries::default()
        };
        for (i, v) in g.values.iter().enumerate() {
            let iso = v.meta.get("ISO").and_then(|x| x.as_str()).unwrap_or("");
            if iso.len() != 2 || !iso.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(Error::input(format!(
                    "misp country.json: values[{i}] ({}): meta.ISO must be a two-letter code, found {iso:?}",
                    v.value
                )));
            }
            let name = if v.description.is_empty() {
                v.value.clone()
            } else {
                v.description.clone()
            };
            c.names.insert(iso.to_string(), name.clone());
            c.by_key.insert(key(&v.value), iso.to_string());
            c.by_key.insert(key(&name), iso.to_string());
            c.by_key.insert(iso.to_lowercase(), iso.to_string());
            if let Some(iso3) = v.meta.get("ISO3").and_then(|x| x.as_str()) {
                c.by_key.insert(iso3.to_lowercase(), iso.to_string());
            }
        }
        for (name, iso) in EXTRA_NAMES {
            if c.names.contains_key(*iso) {
                c.by_key.insert((*name).to_string(), (*iso).to_string());
            }
        }
        Ok(c)
    }

    /// The ISO alpha-2 code for a country name or code, if it is a country.
    ///
    /// ```
    /// let c = attrib::packer::Countries::default();
    /// assert_eq!(c.code("Atlantis"), None);
    /// ```
    pub fn code(&self, name: &str) -> Option<&str> {
        self.by_key.get(&key(name)).map(String::as_str)
    }

    /// Every `(code, name)` pair, sorted by code: the shape of [`crate::countries::COUNTRIES`],
    /// which a test compares with the galaxy.
    ///
    /// ```
    /// assert!(attrib::packer::Countries::default().table().is_empty());
    /// ```
    pub fn table(&self) -> Vec<(&str, &str)> {
        self.names
            .iter()
            .map(|(code, name)| (code.as_str(), name.as_str()))
            .collect()
    }

    /// The display name of an ISO alpha-2 code.
    ///
    /// ```
    /// assert_eq!(attrib::packer::Countries::default().name("KP"), None);
    /// ```
    pub fn name(&self, iso: &str) -> Option<&str> {
        self.names.get(iso).map(String::as_str)
    }
}

/// The working language (BCP 47 primary tag) we assume for a state sponsor, where the overlay does
/// not say otherwise.
///
/// This is a *derived* fact, not a reported one: it is the principal official language of the
/// sponsoring state (KP/KR Korean, RU Russian, CN Chinese, IR Persian, ...), on the reasoning that
/// a state's operators work in its language (lure documents, code pages, resource languages). It
/// is only written for sponsors listed here; other states get no language.
///
/// ```
/// assert_eq!(attrib::packer::sponsor_language("KP"), Some("ko"));
/// assert_eq!(attrib::packer::sponsor_language("ZZ"), None);
/// ```
pub fn sponsor_language(iso: &str) -> Option<&'static str> {
    Some(match iso {
        "KP" | "KR" => "ko",
        "RU" => "ru",
        "CN" | "TW" | "HK" => "zh",
        "IR" => "fa",
        "VN" => "vi",
        "TR" => "tr",
        "IL" => "he",
        "PK" => "ur",
        "IN" => "hi",
        "UA" => "uk",
        "US" | "GB" | "AU" | "CA" | "NZ" | "NG" => "en",
        "FR" => "fr",
        "ES" => "es",
        "IT" => "it",
        "DE" => "de",
        "JP" => "ja",
        "SA" | "AE" | "PS" | "LB" | "SY" | "EG" | "IQ" | "QA" | "KW" | "JO" | "TN" | "MA"
        | "DZ" | "LY" | "YE" | "OM" | "BH" => "ar",
        "KZ" => "kk",
        "ID" => "id",
        "MY" => "ms",
        "RO" => "ro",
        "BR" => "pt",
        _ => return None,
    })
}
