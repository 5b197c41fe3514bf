//! Our curated overlay (`data/overlay/*.json`): sourced facts that ATT&CK and MISP do not carry.
//!
//! An overlay file is pretty-printed JSON with one fact per object, so that a review diff shows one
//! claim and its source at a time:
//!
//! ```json
//! {
//!   "overlay": 1,
//!   "title": "DPRK clusters",
//!   "facts": [
//!     {"id": "G0082", "fact": "parent", "value": "G0032",
//!      "source": "https://attack.mitre.org/groups/G0082/", "note": "optional"}
//!   ]
//! }
//! ```
//!
//! Every fact has a `source` URL of public reporting. The fact kinds are:
//!
//! | `fact` | `id` is | `value` |
//! |---|---|---|
//! | `profile` | new profile ID (`X-...`) | `{"name", "aliases"?, "sponsor"?}` |
//! | `software` | new software ID (`X-S-...`) | `{"name", "kind", "aliases"?, "techniques"?}` |
//! | `parent`, `imitates` | profile | profile ID |
//! | `sponsor`, `victim-country` | profile | ISO 3166-1 alpha-2 |
//! | `alias`, `trigger`, `language` | profile | string |
//! | `motivation` | profile | `financial`, `espionage`, `destructive`, `hacktivism`, `influence` |
//! | `sector` | profile | STIX 2.1 `industry-sector-ov` value |
//! | `technique`, `uses-software` | profile | ATT&CK technique / software ID in the pack |
//! | `infrastructure` | profile | `ip:`, `cidr:`, `asn:`, `domain:`, `email:`, `cert-sha256:` ... |
//! | `working` | profile | a [`WorkingPattern`] without `source` |
//!
//! `profile` and `software` facts are applied first (from every file), then the others in file
//! order, so a fact may refer to a profile defined in another file.

use serde::Deserialize;

use super::misp::union;
use crate::error::{Error, Result};
use crate::name::{names, Name};
use crate::pack::{Pack, Profile, Software, WorkingPattern};

/// One overlay file: its name (for messages and hashing) and its text.
#[derive(Debug, Clone, Copy)]
pub struct OverlayFile<'a> {
    /// File name, e.g. `dprk.json`.
    pub name: &'a str,
    /// File contents.
    pub text: &'a str,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    overlay: u32,
    #[serde(default)]
    #[allow(dead_code)]
    title: String,
    facts: Vec<Fact>,
}

/// One sourced fact.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Fact {
    id: String,
    fact: String,
    value: serde_json::Value,
    source: String,
    #[serde(default)]
    #[allow(dead_code)]
    note: String,
    /// Further sources for the same fact.
    #[serde(default)]
    also: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewProfile {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    sponsor: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewSoftware {
    name: String,
    kind: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    techniques: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Working {
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    until: Option<String>,
    utc_offset_minutes: i32,
    days: Vec<u8>,
    start_hour: f64,
    end_hour: f64,
}

// One list each, shared with the case format.
use crate::case::{MOTIVATIONS, SECTORS};

const INFRA_PREFIXES: [&str; 6] = ["ip:", "cidr:", "asn:", "domain:", "email:", "cert-sha256:"];

/// Count the facts in an overlay file (checking its shape only).
///
/// ```
/// let text = r#"{"overlay": 1, "facts": [{"id": "G0032", "fact": "trigger",
///   "value": "sanctions", "source": "https://example.org/report"}]}"#;
/// let files = [attrib::packer::OverlayFile { name: "x.json", text }];
/// assert_eq!(attrib::packer::overlay_fact_count(&files).unwrap(), 1);
/// ```
pub fn overlay_fact_count(files: &[OverlayFile]) -> Result<usize> {
    Ok(parse(files)?.iter().map(|(_, f)| f.facts.len()).sum())
}

fn parse<'a>(files: &[OverlayFile<'a>]) -> Result<Vec<(&'a str, File)>> {
    files
        .iter()
        .map(|f| {
            let parsed: File = serde_json::from_str(f.text).map_err(|e| {
                Error::input(format!(
                    "overlay {}: {}",
                    f.name,
                    crate::pack::lower_serde(&e.to_string())
                ))
            })?;
            if parsed.overlay != 1 {
                return Err(Error::input(format!(
                    "overlay {}: $.overlay: expected 1, found {}",
                    f.name, parsed.overlay
                )));
            }
            Ok((f.name, parsed))
        })
        .collect()
}

/// Apply overlay files to a pack.
///
/// ```
/// let mut pack = attrib::Pack::fixture();
/// let text = r#"{"overlay": 1, "facts": [
///   {"id": "X-FF", "fact": "profile", "value": {"name": "False flag"}, "source": "https://example.org/a"},
///   {"id": "X-FF", "fact": "imitates", "value": "G0032", "source": "https://example.org/a"}]}"#;
/// attrib::packer::apply_overlay(&mut pack, &[attrib::packer::OverlayFile { name: "h.json", text }]).unwrap();
/// assert_eq!(pack.profile("X-FF").unwrap().imitates.as_deref(), Some("G0032"));
/// ```
pub fn apply_overlay(pack: &mut Pack, files: &[OverlayFile]) -> Result<()> {
    let parsed = parse(files)?;
    for pass in [true, false] {
        for (name, file) in &parsed {
            for (i, f) in file.facts.iter().enumerate() {
                let creates = f.fact == "profile" || f.fact == "software";
                if creates == pass {
                    apply(pack, f).map_err(|e| {
                        e.context(format!("overlay {name}: facts[{i}] ({} {})", f.id, f.fact))
                    })?;
                }
            }
        }
    }
    crate::util::sort_by(&mut pack.profiles, &|a, b| a.id.cmp(&b.id));
    crate::util::sort_by(&mut pack.software, &|a, b| a.id.cmp(&b.id));
    Ok(())
}

fn from_value<T: for<'de> Deserialize<'de>>(v: &serde_json::Value) -> Result<T> {
    T::deserialize(v).map_err(|e| {
        Error::input(format!(
            "value: {}",
            crate::pack::lower_serde(&e.to_string())
        ))
    })
}

fn string(v: &serde_json::Value) -> Result<String> {
    v.as_str()
        .map(str::to_string)
        .ok_or_else(|| Error::input("value: expected a string"))
}

fn iso(v: &serde_json::Value) -> Result<String> {
    let s = string(v)?;
    if s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(s)
    } else {
        Err(Error::input(format!(
            "value: expected an ISO 3166-1 alpha-2 code, found {s:?}"
        )))
    }
}

fn apply(pack: &mut Pack, f: &Fact) -> Result<()> {
    if !(f.source.starts_with("https://") || f.source.starts_with("http://")) {
        return Err(Error::input(format!(
            "source: expected an http(s) URL, found {:?}",
            f.source
        )));
    }
    match f.fact.as_str() {
        "profile" => {
            let v: NewProfile = from_value(&f.value)?;
            if pack.profile(&f.id).is_some() {
                return Err(Error::input("the profile already exists"));
            }
            if let Some(s) = &v.sponsor {
                iso(&serde_json::Value::String(s.clone()))?;
            }
            pack.profiles.push(Profile {
                id: f.id.as_str().into(),
                name: v.name.into(),
                aliases: names(v.aliases),
                sponsor: v.sponsor.map(Name::from),
                origin: vec!["overlay".into()],
                ..Profile::default()
            });
        }
        "software" => {
            let v: NewSoftware = from_value(&f.value)?;
            if pack.software.iter().any(|s| s.id == f.id) {
                return Err(Error::input("the software already exists"));
            }
            if v.kind != "malware" && v.kind != "tool" {
                return Err(Error::input(format!(
                    "value.kind: expected malware or tool, found {:?}",
                    v.kind
                )));
            }
            for t in &v.techniques {
                if !pack.techniques.iter().any(|x| &x.id == t) {
                    return Err(Error::input(format!(
                        "value.techniques: {t} is not a current technique"
                    )));
                }
            }
            pack.software.push(Software {
                id: f.id.as_str().into(),
                name: v.name.into(),
                kind: v.kind.into(),
                aliases: names(v.aliases),
                techniques: names(v.techniques),
            });
        }
        _ => {
            let value = &f.value;
            let fact = f.fact.as_str();
            let has_profile = |id: &str| pack.profiles.iter().any(|p| p.id == id);
            // Check references before borrowing the profile mutably.
            let check_profile_ref = |v: &str| -> Result<()> {
                if has_profile(v) {
                    Ok(())
                } else {
                    Err(Error::input(format!(
                        "value: {v} is not a profile in the pack"
                    )))
                }
            };
            let mut reference = None;
            match fact {
                "parent" | "imitates" => {
                    let v = string(value)?;
                    check_profile_ref(&v)?;
                    if v == f.id {
                        return Err(Error::input("value: a profile cannot refer to itself"));
                    }
                    reference = Some(v);
                }
                "uses-software" => {
                    let v = string(value)?;
                    if !pack.software.iter().any(|s| s.id == v) {
                        return Err(Error::input(format!(
                            "value: {v} is not software in the pack"
                        )));
                    }
                    reference = Some(v);
                }
                "technique" => {
                    let v = string(value)?;
                    if !pack.techniques.iter().any(|t| t.id == v) {
                        return Err(Error::input(format!(
                            "value: {v} is not a current technique"
                        )));
                    }
                    reference = Some(v);
                }
                _ => {}
            }
            let Some(p) = pack.profiles.iter_mut().find(|p| p.id == f.id) else {
                return Err(Error::input(format!(
                    "{} is not a profile in the pack",
                    f.id
                )));
            };
            match fact {
                "parent" => p.parent = reference.map(Name::from),
                "imitates" => p.imitates = reference.map(Name::from),
                "uses-software" => union(&mut p.software, &[reference.unwrap_or_default()]),
                "technique" => union(&mut p.techniques, &[reference.unwrap_or_default()]),
                "sponsor" => p.sponsor = Some(iso(value)?.into()),
                "victim-country" => union(&mut p.countries, &[iso(value)?]),
                "alias" => union(&mut p.aliases, &[string(value)?]),
                "trigger" => union(&mut p.triggers, &[string(value)?]),
                "language" => union(&mut p.languages, &[string(value)?]),
                "motivation" => {
                    let v = string(value)?;
                    if !MOTIVATIONS.contains(&v.as_str()) {
                        return Err(Error::input(format!(
                            "value: expected one of {}, found {v:?}",
                            MOTIVATIONS.join(", ")
                        )));
                    }
                    union(&mut p.motivations, &[v]);
                }
                "sector" => {
                    let v = string(value)?;
                    if !SECTORS.contains(&v.as_str()) {
                        return Err(Error::input(format!(
                            "value: {v:?} is not a stix 2.1 industry-sector-ov value"
                        )));
                    }
                    union(&mut p.sectors, &[v]);
                }
                "infrastructure" => {
                    let v = string(value)?;
                    if !INFRA_PREFIXES
                        .iter()
                        .any(|x| v.starts_with(x) && v.len() > x.len())
                    {
                        return Err(Error::input(format!(
                            "value: expected one of the prefixes {}, found {v:?}",
                            INFRA_PREFIXES.join(" ")
                        )));
                    }
                    union(&mut p.infrastructure, &[v]);
                }
                "working" => {
                    let w: Working = from_value(value)?;
                    for d in [&w.from, &w.until].into_iter().flatten() {
                        if !is_date(d) {
                            return Err(Error::input(format!(
                                "value: expected a YYYY-MM-DD date, found {d:?}"
                            )));
                        }
                    }
                    p.working.push(WorkingPattern {
                        from: w.from.map(Name::from),
                        until: w.until.map(Name::from),
                        utc_offset_minutes: w.utc_offset_minutes,
                        days: w.days,
                        start_hour: w.start_hour,
                        end_hour: w.end_hour,
                        source: f.source.as_str().into(),
                    });
                    crate::util::sort_by(&mut p.working, &|a, b| {
                        a.from.cmp(&b.from).then(a.until.cmp(&b.until))
                    });
                }
                other => return Err(Error::input(format!("unknown fact kind {other:?}"))),
            }
            union(&mut p.origin, &["overlay"]);
            let mut refs = vec![f.source.clone()];
            refs.extend(f.also.iter().cloned());
            union(&mut p.refs, &refs);
        }
    }
    Ok(())
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}
