//! The case file (format version 1): parse, validate, normalise and write back.
//!
//! The contract is `CASE-FORMAT.md`. Parsing is strict: an unknown field, a value of the wrong
//! shape or a broken limit is an [`Error`] naming the JSON path (`$.observations[3].kind`) and what
//! was expected. Nothing is half-loaded: either a whole [`Case`] comes back, or an error.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::util;

/// The one case format version this build reads and writes.
pub const CASE_FORMAT: u64 = 1;
/// Largest accepted case file, in bytes (5 MB).
pub const MAX_CASE_BYTES: usize = 5 * 1024 * 1024;
/// Most observations in one case.
pub const MAX_OBSERVATIONS: usize = 10_000;
/// Longest accepted string, in characters.
pub const MAX_STRING_CHARS: usize = 2_000;
/// Deepest accepted JSON nesting (a valid case needs 4).
pub const MAX_DEPTH: usize = 32;
/// Most Monte Carlo samples a case may ask for.
pub const MAX_SAMPLES: u64 = 100_000;
/// Most profile IDs in `hypotheses` (a real pack has under a thousand profiles).
pub const MAX_HYPOTHESES: usize = 2_000;

/// What an observation is about.
///
/// ```
/// use attrib::case::Kind;
/// assert_eq!(Kind::parse("victim-sector"), Some(Kind::VictimSector));
/// assert_eq!(Kind::VictimSector.as_str(), "victim-sector");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// ATT&CK technique or sub-technique ID.
    Technique,
    /// ATT&CK software ID, or a name or alias.
    Software,
    /// ISO 3166-1 alpha-2 code of a victim country.
    VictimCountry,
    /// STIX 2.1 `industry-sector-ov` value of a victim sector.
    VictimSector,
    /// RFC 3339 timestamp of operator activity.
    ActivityTime,
    /// `financial`, `espionage`, `destructive`, `hacktivism` or `influence`.
    Motivation,
    /// A prefixed network indicator (`ip:`, `cidr:`, `asn:`, `domain:`, `email:`, `cert-sha256:`).
    Infrastructure,
    /// BCP 47 language tag of operator artefacts.
    Language,
    /// A named trigger event with a date.
    Event,
}

impl Kind {
    /// Every kind, in the order of the case format.
    pub const ALL: [Kind; 9] = [
        Kind::Technique,
        Kind::Software,
        Kind::VictimCountry,
        Kind::VictimSector,
        Kind::ActivityTime,
        Kind::Motivation,
        Kind::Infrastructure,
        Kind::Language,
        Kind::Event,
    ];

    /// The kind's name in case files.
    ///
    /// ```
    /// assert_eq!(attrib::case::Kind::ActivityTime.as_str(), "activity-time");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Technique => "technique",
            Kind::Software => "software",
            Kind::VictimCountry => "victim-country",
            Kind::VictimSector => "victim-sector",
            Kind::ActivityTime => "activity-time",
            Kind::Motivation => "motivation",
            Kind::Infrastructure => "infrastructure",
            Kind::Language => "language",
            Kind::Event => "event",
        }
    }

    /// The kind with this name, if any.
    ///
    /// ```
    /// assert_eq!(attrib::case::Kind::parse("malware"), None);
    /// ```
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Who reported an observation and how far to trust it (NATO Admiralty code).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// Who reported it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Link to the report (http or https only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Source reliability, `A` (completely reliable) to `F` (cannot be judged).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reliability: Option<char>,
    /// Information credibility, 1 (confirmed) to 6 (cannot be judged).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credibility: Option<u8>,
}

/// One thing observed about the incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Observation {
    /// What the observation is about.
    pub kind: Kind,
    /// The observed value, normalised (upper-case technique IDs, canonical sectors ...).
    pub value: String,
    /// The source and its grades; missing means F/6.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Date of an event (`YYYY-MM-DD`); only events take one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

impl Observation {
    /// A bare observation with no source (graded F/6).
    ///
    /// ```
    /// use attrib::case::{Kind, Observation};
    /// let o = Observation::new(Kind::VictimCountry, "KR");
    /// assert_eq!(o.grades(), ('F', 6));
    /// ```
    pub fn new(kind: Kind, value: impl Into<String>) -> Self {
        Observation {
            kind,
            value: value.into(),
            source: None,
            note: None,
            date: None,
        }
    }

    /// The same observation with a graded source.
    ///
    /// ```
    /// use attrib::case::{Kind, Observation};
    /// let o = Observation::new(Kind::Technique, "T1566.001").graded("FireEye", 'B', 2);
    /// assert_eq!(o.grades(), ('B', 2));
    /// ```
    pub fn graded(mut self, name: &str, reliability: char, credibility: u8) -> Self {
        self.source = Some(Source {
            name: Some(name.to_string()),
            url: None,
            reliability: Some(reliability),
            credibility: Some(credibility),
        });
        self
    }

    /// Admiralty grades, defaulting to F/6 ("cannot be judged").
    ///
    /// ```
    /// let o = attrib::case::Observation::new(attrib::case::Kind::Motivation, "financial");
    /// assert_eq!(o.grades(), ('F', 6));
    /// ```
    pub fn grades(&self) -> (char, u8) {
        let s = self.source.as_ref();
        (
            s.and_then(|s| s.reliability).unwrap_or('F'),
            s.and_then(|s| s.credibility).unwrap_or(6),
        )
    }
}

/// Case-level settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// Deception level, 0 to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deception: Option<f64>,
    /// Prior of the unlisted-actor hypothesis, strictly between 0 and 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unlisted_prior: Option<f64>,
    /// Monte Carlo seed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// Monte Carlo sample count (Attrib extension; default 2,000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub samples: Option<u32>,
}

/// The reader's own analysis of a case, saved with it so that a file or link restores exactly
/// what was on screen (Attrib extension, optional). Scoring applies it unless per-call options
/// override it.
///
/// ```
/// let case = attrib::Case::from_json(br#"{"attrib": 1,
///     "observations": [{"kind": "language", "value": "ko"}, {"kind": "motivation", "value": "financial"}],
///     "analysis": {"focus": ["G0032"], "excluded": [1], "planted": [0]}}"#).unwrap();
/// let a = case.analysis.unwrap();
/// assert_eq!((a.focus, a.excluded, a.planted), (vec!["G0032".to_string()], vec![1], vec![0]));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Analysis {
    /// Suspects to highlight in the ranking (profile IDs). Unlike `hypotheses`, a focus never
    /// restricts the race.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub focus: Vec<String>,
    /// Observations (indices) the reader has left out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excluded: Vec<usize>,
    /// Observations (indices) the reader suspects were planted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub planted: Vec<usize>,
    /// The profile pack the reading was made with. A face that opens the case against another
    /// pack says so ([`crate::score`] adds a warning); the stamp never changes a figure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack: Option<PackStamp>,
}

/// Which profile pack a reading was made with: its version and SHA-256, as every result's
/// `profile_pack` gives them.
///
/// ```
/// let case = attrib::Case::from_json(br#"{"attrib": 1, "observations": [],
///     "analysis": {"pack": {"version": "attack-18.1", "sha256": "ab"}}}"#).unwrap_err();
/// assert_eq!(case.to_string(),
///     "$.analysis.pack.sha256: expected the pack's sha-256 as 64 lowercase hexadecimal digits, found \"ab\"");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackStamp {
    /// The pack's version, e.g. `attack-18.1+misp-336+overlay-1`.
    pub version: String,
    /// The pack's SHA-256, 64 lowercase hexadecimal digits.
    pub sha256: String,
}

impl PackStamp {
    /// Whether `sha256` has the form of a pack's SHA-256 (64 lowercase hexadecimal digits).
    ///
    /// ```
    /// assert!(attrib::case::PackStamp::is_sha256(&"0".repeat(64)));
    /// assert!(!attrib::case::PackStamp::is_sha256("ABC"));
    /// ```
    pub fn is_sha256(sha256: &str) -> bool {
        sha256.len() == 64
            && sha256
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    }
}

/// A case file.
///
/// ```
/// let case = attrib::Case::from_json(br#"{"attrib": 1, "observations": [
///     {"kind": "victim-sector", "value": "banking"}]}"#).unwrap();
/// assert_eq!(case.observations[0].value, "financial-services");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Case {
    /// Format version, always 1.
    pub attrib: u64,
    /// Title of the incident.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Free-text summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// When the incident happened or began (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// What was observed.
    pub observations: Vec<Observation>,
    /// Profile IDs allowed to compete (plus the unlisted actor); all when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hypotheses: Option<Vec<String>>,
    /// Settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<Settings>,
    /// The reader's analysis (focus suspects, excluded and planted observations).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analysis: Option<Analysis>,
}

impl Case {
    /// A case with these observations and nothing else.
    ///
    /// ```
    /// use attrib::case::{Case, Kind, Observation};
    /// let c = Case::new(vec![Observation::new(Kind::VictimCountry, "KR")]);
    /// assert_eq!(c.attrib, 1);
    /// ```
    pub fn new(observations: Vec<Observation>) -> Self {
        Case {
            attrib: CASE_FORMAT,
            observations,
            ..Case::default()
        }
    }

    /// Parse and validate a case file from raw bytes (checks size, UTF-8, nesting, then shape).
    ///
    /// ```
    /// let err = attrib::Case::from_json(br#"{"attrib": 1}"#).unwrap_err();
    /// assert_eq!(err.to_string(), "$: missing required field observations");
    /// ```
    pub fn from_json(bytes: &[u8]) -> Result<Case> {
        if bytes.len() > MAX_CASE_BYTES {
            return Err(Error::input(format!(
                "case file is {} bytes, the limit is {MAX_CASE_BYTES} (5 MB)",
                bytes.len()
            )));
        }
        Case::from_str_checked(text_of(bytes, "case file")?)
    }

    /// Parse and validate a case from a string (the size limit counts its UTF-8 bytes).
    ///
    /// ```
    /// let e = attrib::Case::from_str_checked("[1, 2").unwrap_err();
    /// assert!(e.to_string().starts_with("case file is not valid json"));
    /// ```
    pub fn from_str_checked(text: &str) -> Result<Case> {
        if text.len() > MAX_CASE_BYTES {
            return Err(Error::input(format!(
                "case file is {} bytes, the limit is {MAX_CASE_BYTES} (5 MB)",
                text.len()
            )));
        }
        if text.starts_with('\u{feff}') {
            return Err(Error::input(format!("case file {BOM_PROBLEM}")));
        }
        check_depth(text)?;
        let value: Value = serde_json::from_str::<Strict>(text)
            .map(|s| s.0)
            .map_err(|e| {
                Error::input(format!(
                    "case file is not valid json: {}",
                    json_problem(text, &e)
                ))
            })?;
        Case::from_value(&value)
    }

    /// Validate an already parsed JSON value.
    ///
    /// ```
    /// let v = serde_json::json!({"attrib": 2, "observations": []});
    /// let e = attrib::Case::from_value(&v).unwrap_err();
    /// assert_eq!(e.to_string(), "$.attrib: expected 1 (the case format version), found 2");
    /// ```
    pub fn from_value(value: &Value) -> Result<Case> {
        let root = object(value, "$")?;
        allow_fields(
            root,
            "$",
            &[
                "attrib",
                "title",
                "summary",
                "date",
                "observations",
                "hypotheses",
                "settings",
                "analysis",
            ],
        )?;
        let version = root.get("attrib").ok_or_else(|| missing("$", "attrib"))?;
        if version.as_u64() != Some(CASE_FORMAT) {
            return Err(Error::input(format!(
                "$.attrib: expected 1 (the case format version), found {}",
                describe(version)
            )));
        }
        let title = opt_string(root, "$", "title")?;
        let summary = opt_string(root, "$", "summary")?;
        let date = opt_string(root, "$", "date")?;
        if let Some(d) = &date {
            if util::parse_date(d).is_none() {
                return Err(Error::input(format!(
                    "$.date: expected a date such as 2017-05-01, found {}",
                    describe(&Value::String(d.clone()))
                )));
            }
        }
        let obs = root
            .get("observations")
            .ok_or_else(|| missing("$", "observations"))?;
        let obs = obs.as_array().ok_or_else(|| {
            Error::input(format!(
                "$.observations: expected a list, found {}",
                describe(obs)
            ))
        })?;
        if obs.len() > MAX_OBSERVATIONS {
            return Err(Error::input(format!(
                "$.observations: {} observations, the limit is {MAX_OBSERVATIONS}",
                obs.len()
            )));
        }
        let observations = obs
            .iter()
            .enumerate()
            .map(|(i, o)| parse_observation(o, &format!("$.observations[{i}]")))
            .collect::<Result<Vec<_>>>()?;
        let hypotheses = match root.get("hypotheses") {
            None | Some(Value::Null) => None,
            Some(h) => Some(parse_hypotheses(h)?),
        };
        let settings = match root.get("settings") {
            None | Some(Value::Null) => None,
            Some(s) => Some(parse_settings(s)?),
        };
        let analysis = match root.get("analysis") {
            None | Some(Value::Null) => None,
            Some(a) => Some(parse_analysis(a, observations.len())?),
        };
        Ok(Case {
            attrib: CASE_FORMAT,
            title,
            summary,
            date,
            observations,
            hypotheses,
            settings,
            analysis,
        })
    }

    /// Serialise as pretty JSON; [`Case::from_json`] reads it back to an equal case.
    ///
    /// ```
    /// let c = attrib::Case::from_json(br#"{"attrib":1,"observations":[{"kind":"language","value":"ko"}]}"#).unwrap();
    /// assert_eq!(attrib::Case::from_json(c.to_json().as_bytes()).unwrap(), c);
    /// ```
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a case always serialises")
    }
}

/// What is wrong with a leading U+FEFF, after the subject ("case file", "stix: the bundle").
pub(crate) const BOM_PROBLEM: &str =
    "starts with a byte order mark (U+FEFF): expected json text without one";

/// The text of a file's bytes: UTF-8 without a byte order mark, or an error that says which of
/// the two is wrong and where, with `what` ("case file") as its subject.
pub(crate) fn text_of<'a>(bytes: &'a [u8], what: &str) -> Result<&'a str> {
    if bytes.starts_with(&[0xef, 0xbb, 0xbf]) {
        return Err(Error::input(format!("{what} {BOM_PROBLEM}")));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        Error::input(format!(
            "{what} is not valid utf-8 (bad byte at offset {})",
            e.valid_up_to()
        ))
    })
}

/// serde_json's message for a JSON syntax error, except for lone UTF-16 surrogate escapes, which
/// it reports as "unexpected end of hex escape" or as the wrong kind of surrogate.
pub(crate) fn json_problem(text: &str, e: &serde_json::Error) -> String {
    if e.is_syntax() || e.is_eof() {
        if let Some(lone) = lone_surrogate(text) {
            return lone;
        }
    }
    crate::pack::lower_serde(&e.to_string())
}

/// The first `\u` escape of a UTF-16 surrogate that is not half of a high-low pair, described
/// with its line and column (as serde_json counts them).
fn lone_surrogate(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let hex4 = |at: usize| -> Option<u32> {
        let h = b.get(at..at + 4)?;
        u32::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok()
    };
    let escape = |at: usize| -> Option<u32> {
        (b.get(at) == Some(&b'\\') && b.get(at + 1) == Some(&b'u'))
            .then(|| hex4(at + 2))
            .flatten()
    };
    let place = |at: usize| {
        let line = b[..at].iter().filter(|&&c| c == b'\n').count() + 1;
        let col = at
            - b[..at]
                .iter()
                .rposition(|&c| c == b'\n')
                .map_or(0, |p| p + 1)
            + 1;
        format!("line {line} column {col}")
    };
    let (mut i, mut in_str) = (0usize, false);
    while i < b.len() {
        match b[i] {
            b'"' => in_str = !in_str,
            b'\\' if in_str => {
                match escape(i) {
                    Some(hi @ 0xd800..=0xdbff) => match escape(i + 6) {
                        Some(0xdc00..=0xdfff) => i += 6,
                        _ => {
                            return Some(format!(
                                "lone high surrogate \\u{hi:04x} at {}: expected a low surrogate escape (\\udc00-\\udfff) right after it",
                                place(i)
                            ))
                        }
                    },
                    Some(lo @ 0xdc00..=0xdfff) => {
                        return Some(format!(
                            "lone low surrogate \\u{lo:04x} at {}: expected a high surrogate escape (\\ud800-\\udbff) right before it",
                            place(i)
                        ))
                    }
                    _ => {}
                }
                i += 2;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// A JSON value parsed with one extra rule: an object may not repeat a key. serde_json would
/// silently keep the last one, so `{"kind": "technique", "kind": "software"}` would half-lie.
struct Strict(Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor)
    }
}

struct StrictVisitor;

impl<'de> serde::de::Visitor<'de> for StrictVisitor {
    type Value = Strict;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a json value")
    }
    fn visit_bool<E>(self, v: bool) -> std::result::Result<Strict, E> {
        Ok(Strict(Value::Bool(v)))
    }
    fn visit_i64<E>(self, v: i64) -> std::result::Result<Strict, E> {
        Ok(Strict(Value::from(v)))
    }
    fn visit_u64<E>(self, v: u64) -> std::result::Result<Strict, E> {
        Ok(Strict(Value::from(v)))
    }
    fn visit_f64<E>(self, v: f64) -> std::result::Result<Strict, E> {
        Ok(Strict(Value::from(v)))
    }
    fn visit_str<E>(self, v: &str) -> std::result::Result<Strict, E> {
        Ok(Strict(Value::String(v.to_string())))
    }
    fn visit_string<E>(self, v: String) -> std::result::Result<Strict, E> {
        Ok(Strict(Value::String(v)))
    }
    fn visit_unit<E>(self) -> std::result::Result<Strict, E> {
        Ok(Strict(Value::Null))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<Strict, A::Error> {
        let mut out = Vec::new();
        while let Some(Strict(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(Strict(Value::Array(out)))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Strict, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                let shown: String = key.chars().take(40).collect();
                return Err(serde::de::Error::custom(format!(
                    "duplicate field {shown:?}"
                )));
            }
            let Strict(v) = map.next_value()?;
            out.insert(key, v);
        }
        Ok(Strict(Value::Object(out)))
    }
}

/// Reject absurd nesting before serde sees it (serde_json would stop at 128 with a vaguer message).
fn check_depth(text: &str) -> Result<()> {
    let (mut depth, mut in_str, mut escaped) = (0usize, false, false);
    for (i, b) in text.bytes().enumerate() {
        if in_str {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_str = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(Error::input(format!(
                        "case file nests deeper than {MAX_DEPTH} levels (at byte {i})"
                    )));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// A short description of a JSON value for "found ..." in messages.
fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => {
            let short: String = s.chars().take(40).collect();
            let short = if short.len() < s.len() {
                format!("{short}...")
            } else {
                short
            };
            serde_json::to_string(&short).unwrap_or_default()
        }
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

fn missing(path: &str, field: &str) -> Error {
    Error::input(format!("{path}: missing required field {field}"))
}

fn object<'a>(v: &'a Value, path: &str) -> Result<&'a Map<String, Value>> {
    v.as_object()
        .ok_or_else(|| Error::input(format!("{path}: expected an object, found {}", describe(v))))
}

fn allow_fields(map: &Map<String, Value>, path: &str, allowed: &[&str]) -> Result<()> {
    // serde_json's map is sorted, so the first unknown field reported is stable.
    for key in map.keys() {
        if !allowed.contains(&key.as_str()) {
            let shown: String = key.chars().take(40).collect();
            return Err(Error::input(format!(
                "{path}.{shown}: unknown field, expected one of {}",
                allowed.join(", ")
            )));
        }
    }
    Ok(())
}

fn string_at(v: &Value, path: &str) -> Result<String> {
    let s = v
        .as_str()
        .ok_or_else(|| Error::input(format!("{path}: expected a string, found {}", describe(v))))?;
    let n = s.chars().count();
    if n > MAX_STRING_CHARS {
        return Err(Error::input(format!(
            "{path}: {n} characters, the limit is {MAX_STRING_CHARS}"
        )));
    }
    Ok(s.to_string())
}

fn opt_string(map: &Map<String, Value>, path: &str, field: &str) -> Result<Option<String>> {
    match map.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => string_at(v, &format!("{path}.{field}")).map(Some),
    }
}

fn parse_observation(v: &Value, path: &str) -> Result<Observation> {
    let map = object(v, path)?;
    allow_fields(map, path, &["kind", "value", "source", "note", "date"])?;
    let kind_v = map.get("kind").ok_or_else(|| missing(path, "kind"))?;
    let kind_s = string_at(kind_v, &format!("{path}.kind"))?;
    let kind = Kind::parse(&kind_s).ok_or_else(|| {
        Error::input(format!(
            "{path}.kind: expected one of {}, found {}",
            Kind::ALL.map(Kind::as_str).join(", "),
            describe(kind_v)
        ))
    })?;
    let value_v = map.get("value").ok_or_else(|| missing(path, "value"))?;
    let raw = string_at(value_v, &format!("{path}.value"))?;
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(Error::input(format!(
            "{path}.value: expected a non-empty string"
        )));
    }
    let value = normalise_value(kind, raw).map_err(|expected| {
        Error::input(format!(
            "{path}.value: expected {expected}, found {}",
            describe(value_v)
        ))
    })?;
    let source = match map.get("source") {
        None | Some(Value::Null) => None,
        Some(s) => Some(parse_source(s, &format!("{path}.source"))?),
    };
    let note = opt_string(map, path, "note")?;
    let date = opt_string(map, path, "date")?;
    match (&date, kind) {
        (None, Kind::Event) => {
            return Err(Error::input(format!(
                "{path}: an event needs a date (YYYY-MM-DD)"
            )))
        }
        (Some(d), Kind::Event) => {
            if util::parse_date(d).is_none() {
                return Err(Error::input(format!(
                    "{path}.date: expected a date such as 2017-04-26, found {}",
                    describe(&Value::String(d.clone()))
                )));
            }
        }
        (Some(_), _) => {
            return Err(Error::input(format!(
                "{path}.date: only event observations take a date"
            )))
        }
        (None, _) => {}
    }
    Ok(Observation {
        kind,
        value,
        source,
        note,
        date,
    })
}

fn parse_source(v: &Value, path: &str) -> Result<Source> {
    let map = object(v, path)?;
    allow_fields(map, path, &["name", "url", "reliability", "credibility"])?;
    let name = opt_string(map, path, "name")?;
    let url = opt_string(map, path, "url")?;
    if let Some(u) = &url {
        let lower = u.to_ascii_lowercase();
        if !(lower.starts_with("https://") || lower.starts_with("http://")) || u.len() < 10 {
            return Err(Error::input(format!(
                "{path}.url: expected an http or https url, found {}",
                describe(&Value::String(u.clone()))
            )));
        }
    }
    let reliability = match map.get("reliability") {
        None | Some(Value::Null) => None,
        Some(r) => {
            let s = r.as_str().unwrap_or("");
            let mut c = s.chars();
            match (c.next(), c.next()) {
                (Some(ch @ ('A'..='F' | 'a'..='f')), None) => Some(ch.to_ascii_uppercase()),
                _ => {
                    return Err(Error::input(format!(
                        "{path}.reliability: expected a grade from A to F, found {}",
                        describe(r)
                    )))
                }
            }
        }
    };
    let credibility = match map.get("credibility") {
        None | Some(Value::Null) => None,
        Some(c) => match c.as_u64() {
            Some(n @ 1..=6) => Some(n as u8),
            _ => {
                return Err(Error::input(format!(
                    "{path}.credibility: expected a grade from 1 to 6, found {}",
                    describe(c)
                )))
            }
        },
    };
    Ok(Source {
        name,
        url,
        reliability,
        credibility,
    })
}

fn parse_hypotheses(v: &Value) -> Result<Vec<String>> {
    // An empty list would be an empty race: every profile competes when the field is left out.
    if v.as_array().is_some_and(|l| l.is_empty()) {
        return Err(Error::input(
            "$.hypotheses: expected at least one profile id (leave the field out to let every profile compete)",
        ));
    }
    parse_ids(v, "$.hypotheses")
}

/// A list of distinct profile IDs at `at`.
fn parse_ids(v: &Value, at: &str) -> Result<Vec<String>> {
    let list = v.as_array().ok_or_else(|| {
        Error::input(format!(
            "{at}: expected a list of profile ids, found {}",
            describe(v)
        ))
    })?;
    if list.len() > MAX_HYPOTHESES {
        return Err(Error::input(format!(
            "{at}: {} profile ids, the limit is {MAX_HYPOTHESES}",
            list.len()
        )));
    }
    // The IDs up to the first that is not one; then the first repeat among them, by sorting
    // positions (stable, so a repeat comes after the ID it repeats). Errors come in list order,
    // as one pass checking each ID in turn would give them.
    let mut out: Vec<String> = Vec::with_capacity(list.len());
    let mut bad = None;
    for (i, h) in list.iter().enumerate() {
        let path = format!("{at}[{i}]");
        let s = match string_at(h, &path) {
            Ok(s) => s.trim().to_string(),
            Err(e) => {
                bad = Some(e);
                break;
            }
        };
        if s.is_empty() {
            bad = Some(Error::input(format!(
                "{path}: expected a profile id, found \"\""
            )));
            break;
        }
        out.push(s);
    }
    let mut order: Vec<usize> = (0..out.len()).collect();
    crate::util::sort_by(&mut order, &|&a, &b| out[a].cmp(&out[b]));
    let repeat = order
        .windows(2)
        .filter(|w| out[w[0]] == out[w[1]])
        .map(|w| w[1])
        .min();
    if let Some(i) = repeat {
        return Err(Error::input(format!(
            "{at}[{i}]: {} is listed twice",
            out[i]
        )));
    }
    if let Some(e) = bad {
        return Err(e);
    }
    Ok(out)
}

fn parse_analysis(v: &Value, n_obs: usize) -> Result<Analysis> {
    let path = "$.analysis";
    let map = object(v, path)?;
    allow_fields(map, path, &["focus", "excluded", "planted", "pack"])?;
    let focus = match map.get("focus") {
        None | Some(Value::Null) => Vec::new(),
        Some(f) => parse_ids(f, &format!("{path}.focus"))?,
    };
    let indices = |field: &str| -> Result<Vec<usize>> {
        let at = format!("{path}.{field}");
        let Some(v) = map.get(field).filter(|v| !v.is_null()) else {
            return Ok(Vec::new());
        };
        let list = v.as_array().ok_or_else(|| {
            Error::input(format!(
                "{at}: expected a list of observation indices, found {}",
                describe(v)
            ))
        })?;
        let mut seen = vec![false; n_obs];
        list.iter()
            .enumerate()
            .map(|(k, x)| {
                let i = x
                    .as_u64()
                    .filter(|&i| (i as usize) < n_obs)
                    .ok_or_else(|| {
                        Error::input(format!(
                            "{at}[{k}]: expected the index of an observation (0 to {}), found {}",
                            n_obs.saturating_sub(1),
                            describe(x)
                        ))
                    })? as usize;
                if std::mem::replace(&mut seen[i], true) {
                    return Err(Error::input(format!("{at}[{k}]: {i} is listed twice")));
                }
                Ok(i)
            })
            .collect()
    };
    let pack = match map.get("pack") {
        None | Some(Value::Null) => None,
        Some(p) => Some(parse_pack_stamp(p, &format!("{path}.pack"))?),
    };
    Ok(Analysis {
        focus,
        excluded: indices("excluded")?,
        planted: indices("planted")?,
        pack,
    })
}

/// `analysis.pack`: `{"version": ..., "sha256": ...}`, both required.
fn parse_pack_stamp(v: &Value, path: &str) -> Result<PackStamp> {
    let map = object(v, path)?;
    allow_fields(map, path, &["version", "sha256"])?;
    let version = opt_string(map, path, "version")?.ok_or_else(|| missing(path, "version"))?;
    if version.trim().is_empty() {
        return Err(Error::input(format!(
            "{path}.version: expected the pack's version, found \"\""
        )));
    }
    let sha256 = opt_string(map, path, "sha256")?.ok_or_else(|| missing(path, "sha256"))?;
    if !PackStamp::is_sha256(&sha256) {
        return Err(Error::input(format!(
            "{path}.sha256: expected the pack's sha-256 as 64 lowercase hexadecimal digits, found {}",
            describe(&Value::String(sha256))
        )));
    }
    Ok(PackStamp { version, sha256 })
}

fn parse_settings(v: &Value) -> Result<Settings> {
    let path = "$.settings";
    let map = object(v, path)?;
    allow_fields(
        map,
        path,
        &["deception", "unlisted_prior", "seed", "samples"],
    )?;
    let num = |field: &str| -> Option<(&Value, Option<f64>)> {
        map.get(field)
            .filter(|v| !v.is_null())
            .map(|v| (v, v.as_f64()))
    };
    let deception = match num("deception") {
        None => None,
        Some((_, Some(d))) if (0.0..=1.0).contains(&d) => Some(d),
        Some((v, _)) => {
            return Err(Error::input(format!(
                "{path}.deception: expected a number from 0 to 1, found {}",
                describe(v)
            )))
        }
    };
    let unlisted_prior = match num("unlisted_prior") {
        None => None,
        Some((_, Some(p))) if p > 0.0 && p < 1.0 => Some(p),
        Some((v, _)) => {
            return Err(Error::input(format!(
                "{path}.unlisted_prior: expected a number greater than 0 and less than 1, found {}",
                describe(v)
            )))
        }
    };
    let seed = match map.get("seed").filter(|v| !v.is_null()) {
        None => None,
        Some(v) => Some(v.as_u64().ok_or_else(|| {
            Error::input(format!(
                "{path}.seed: expected a whole number from 0 to {}, found {}",
                u64::MAX,
                describe(v)
            ))
        })?),
    };
    let samples = match map.get("samples").filter(|v| !v.is_null()) {
        None => None,
        Some(v) => match v.as_u64() {
            Some(n) if n <= MAX_SAMPLES => Some(n as u32),
            _ => {
                return Err(Error::input(format!(
                    "{path}.samples: expected a whole number from 0 to {MAX_SAMPLES}, found {}",
                    describe(v)
                )))
            }
        },
    };
    Ok(Settings {
        deception,
        unlisted_prior,
        seed,
        samples,
    })
}

/// Motivations a case may name.
pub const MOTIVATIONS: [&str; 5] = [
    "financial",
    "espionage",
    "destructive",
    "hacktivism",
    "influence",
];

/// STIX 2.1 `industry-sector-ov` values (OASIS STIX 2.1, section 10.16: the sub-sectors of
/// government and infrastructure are plain `emergency-services`, `dams`, `nuclear`, `water`).
pub const SECTORS: [&str; 34] = [
    "agriculture",
    "aerospace",
    "automotive",
    "chemical",
    "commercial",
    "communications",
    "construction",
    "defense",
    "education",
    "energy",
    "entertainment",
    "financial-services",
    "government",
    "emergency-services",
    "government-local",
    "government-national",
    "government-public-services",
    "government-regional",
    "healthcare",
    "hospitality-leisure",
    "infrastructure",
    "dams",
    "nuclear",
    "water",
    "insurance",
    "manufacturing",
    "mining",
    "non-profit",
    "pharmaceuticals",
    "retail",
    "technology",
    "telecommunications",
    "transportation",
    "utilities",
];

/// Common words for sectors, mapped to their STIX 2.1 value.
const SECTOR_SYNONYMS: &[(&str, &str)] = &[
    ("academia", "education"),
    ("aviation", "aerospace"),
    ("bank", "financial-services"),
    ("banking", "financial-services"),
    ("banks", "financial-services"),
    ("crypto", "financial-services"),
    ("cryptocurrency", "financial-services"),
    ("cryptocurrency-exchange", "financial-services"),
    ("defence", "defense"),
    ("finance", "financial-services"),
    ("financial", "financial-services"),
    ("fintech", "financial-services"),
    ("gaming", "entertainment"),
    ("health", "healthcare"),
    ("government-emergency-services", "emergency-services"),
    ("hospitality", "hospitality-leisure"),
    ("infrastructure-dams", "dams"),
    ("infrastructure-nuclear", "nuclear"),
    ("infrastructure-water", "water"),
    ("it", "technology"),
    ("media", "communications"),
    ("military", "defense"),
    ("ngo", "non-profit"),
    ("oil-and-gas", "energy"),
    ("pharma", "pharmaceuticals"),
    ("telecom", "telecommunications"),
    ("telecoms", "telecommunications"),
    ("think-tank", "non-profit"),
    ("think-tanks", "non-profit"),
    ("university", "education"),
];

/// The STIX 2.1 sector for a sector name or common synonym.
///
/// ```
/// assert_eq!(attrib::case::normalise_sector("Banking"), Some("financial-services"));
/// assert_eq!(attrib::case::normalise_sector("cryptocurrency"), Some("financial-services"));
/// assert_eq!(attrib::case::normalise_sector("sports"), None);
/// ```
pub fn normalise_sector(s: &str) -> Option<&'static str> {
    let key: String = s
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '_' { '-' } else { c })
        .collect();
    if let Some(v) = SECTORS.iter().find(|v| **v == key) {
        return Some(v);
    }
    SECTOR_SYNONYMS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| *v)
}

/// The sector a STIX 2.1 sub-sector belongs to (`government-national`, `emergency-services`:
/// `government`; `dams`, `nuclear`, `water`: `infrastructure`), or `None` for a sector of the
/// first level. Profiles record victims' sectors at the first level, so a sub-sector is weighed
/// as its sector: matched exactly, it would have counted against every actor known to target
/// governments.
///
/// ```
/// assert_eq!(attrib::case::parent_sector("government-national"), Some("government"));
/// assert_eq!(attrib::case::parent_sector("water"), Some("infrastructure"));
/// assert_eq!(attrib::case::parent_sector("government"), None);
/// ```
pub fn parent_sector(sector: &str) -> Option<&'static str> {
    match sector {
        "emergency-services"
        | "government-local"
        | "government-national"
        | "government-public-services"
        | "government-regional" => Some("government"),
        "dams" | "nuclear" | "water" => Some("infrastructure"),
        _ => None,
    }
}

/// How a sector is weighed: normalised ([`normalise_sector`]), then a sub-sector taken to its
/// sector ([`parent_sector`]); a value neither knows, as given. Profiles' sectors and cases' are
/// keyed alike by it.
///
/// ```
/// assert_eq!(attrib::case::sector_key("Government-National"), "government");
/// assert_eq!(attrib::case::sector_key("banking"), "financial-services");
/// assert_eq!(attrib::case::sector_key("sports"), "sports");
/// ```
pub fn sector_key(sector: &str) -> &str {
    let canon = normalise_sector(sector).unwrap_or(sector);
    parent_sector(canon).unwrap_or(canon)
}

/// Whether `id` is an ATT&CK ID of the kind `prefix` names, as ATT&CK writes it (`G0032`,
/// `S0366`); the pack's own IDs (`X-S-PEACHPIT`, `misp:…`) are not.
pub(crate) fn is_attack_id(id: &str, prefix: u8) -> bool {
    let b = id.as_bytes();
    b.len() == 5 && b[0] == prefix && b[1..].iter().all(u8::is_ascii_digit)
}

/// Check and normalise a value for its kind; `Err` holds what was expected.
fn normalise_value(kind: Kind, raw: &str) -> std::result::Result<String, String> {
    match kind {
        Kind::Technique => {
            let up = raw.to_ascii_uppercase();
            if is_technique_id(&up) {
                Ok(up)
            } else {
                Err("an ATT&CK technique id such as T1566 or T1566.001".into())
            }
        }
        // An ATT&CK software ID in lower case is written as ATT&CK writes it, so that a revoked
        // or deprecated one is recognised as such (`s0209` is S0209, revoked for S0012).
        Kind::Software => {
            let up = raw.to_ascii_uppercase();
            Ok(if is_attack_id(&up, b'S') { up } else { raw.to_string() })
        }
        Kind::VictimCountry => {
            let up = raw.to_ascii_uppercase();
            if up.len() == 2 && crate::countries::name(&up).is_some() {
                Ok(up)
            } else {
                Err("an ISO 3166-1 alpha-2 country code such as KR".into())
            }
        }
        Kind::VictimSector => normalise_sector(raw).map(str::to_string).ok_or_else(|| {
            "a STIX 2.1 industry sector such as financial-services (or a synonym such as banking)".into()
        }),
        Kind::ActivityTime => {
            if util::parse_rfc3339(raw).is_some() {
                Ok(raw.to_string())
            } else {
                Err("an RFC 3339 timestamp such as 2017-05-23T01:12:00Z".into())
            }
        }
        Kind::Motivation => {
            let low = raw.to_lowercase();
            if MOTIVATIONS.contains(&low.as_str()) {
                Ok(low)
            } else {
                Err(format!("one of {}", MOTIVATIONS.join(", ")))
            }
        }
        Kind::Infrastructure => normalise_infrastructure(raw),
        Kind::Language => normalise_language(raw)
            .ok_or_else(|| "a BCP 47 language tag such as ko or zh-Hans".into()),
        Kind::Event => {
            let low = raw.to_lowercase();
            if low.chars().all(|c| c.is_alphanumeric() || " -_.'".contains(c)) {
                Ok(low)
            } else {
                Err("an event name made of letters, digits, spaces and dashes, such as sanctions".into())
            }
        }
    }
}

/// `T` + four digits, optionally `.` + three digits.
pub(crate) fn is_technique_id(s: &str) -> bool {
    let b = s.as_bytes();
    let base = b.len() >= 5 && b[0] == b'T' && b[1..5].iter().all(u8::is_ascii_digit);
    base && (b.len() == 5
        || (b.len() == 9 && b[5] == b'.' && b[6..9].iter().all(u8::is_ascii_digit)))
}

fn normalise_language(raw: &str) -> Option<String> {
    let mut parts = raw.split(['-', '_']);
    let primary = parts.next()?;
    if !(2..=3).contains(&primary.len()) || !primary.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut out = primary.to_ascii_lowercase();
    for p in parts {
        if p.is_empty() || p.len() > 8 || !p.chars().all(|c| c.is_ascii_alphanumeric()) {
            return None;
        }
        out.push('-');
        // Conventional casing: scripts Title-case, regions upper-case.
        if p.len() == 4 && p.chars().all(|c| c.is_ascii_alphabetic()) {
            out.push_str(&p[..1].to_ascii_uppercase());
            out.push_str(&p[1..].to_ascii_lowercase());
        } else if p.len() == 2 {
            out.push_str(&p.to_ascii_uppercase());
        } else {
            out.push_str(&p.to_ascii_lowercase());
        }
    }
    Some(out)
}

const INFRA_EXPECTED: &str =
    "an indicator with a prefix ip:, cidr:, asn:, domain:, email: or cert-sha256:";

fn normalise_infrastructure(raw: &str) -> std::result::Result<String, String> {
    let (prefix, rest) = raw
        .split_once(':')
        .ok_or_else(|| INFRA_EXPECTED.to_string())?;
    let prefix = prefix.trim().to_ascii_lowercase();
    let rest = rest.trim();
    let ok = match prefix.as_str() {
        "ip" => rest.parse::<std::net::IpAddr>().is_ok(),
        "cidr" => parse_cidr(rest).is_some(),
        "asn" => {
            let n = rest.trim_start_matches(['A', 'S', 'a', 's']);
            !n.is_empty() && n.len() <= 10 && n.bytes().all(|b| b.is_ascii_digit())
        }
        "domain" => is_domain(rest),
        "email" => rest
            .rsplit_once('@')
            .is_some_and(|(local, dom)| !local.is_empty() && is_domain(dom)),
        "cert-sha256" => rest.len() == 64 && rest.bytes().all(|b| b.is_ascii_hexdigit()),
        _ => return Err(INFRA_EXPECTED.to_string()),
    };
    if !ok {
        return Err(match prefix.as_str() {
            "ip" => "an IPv4 or IPv6 address after ip:".into(),
            "cidr" => "a network such as 175.45.176.0/22 after cidr:".into(),
            "asn" => "an autonomous system number such as 131279 after asn:".into(),
            "domain" => "a domain name after domain:".into(),
            "email" => "an email address after email:".into(),
            _ => "64 hexadecimal digits after cert-sha256:".into(),
        });
    }
    let rest = match prefix.as_str() {
        "asn" => rest.trim_start_matches(['A', 'S', 'a', 's']).to_string(),
        "domain" | "email" | "cert-sha256" => rest.to_ascii_lowercase(),
        _ => rest.to_string(),
    };
    Ok(format!("{prefix}:{rest}"))
}

fn is_domain(s: &str) -> bool {
    let s = s.trim_end_matches('.');
    s.len() <= 253
        && s.contains('.')
        && s.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
}

/// Parse `addr/len` into an address and prefix length.
pub(crate) fn parse_cidr(s: &str) -> Option<(std::net::IpAddr, u8)> {
    let (a, l) = s.split_once('/')?;
    let addr: std::net::IpAddr = a.parse().ok()?;
    let len: u8 = l.parse().ok()?;
    let max = if addr.is_ipv4() { 32 } else { 128 };
    (len <= max).then_some((addr, len))
}

/// The largest integer a JS number holds exactly, 2^53 - 1.
pub const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// A seed as JavaScript handed it over (the bindings' only number rule, kept here with the
/// case's other seed rules), made into the JSON number the core reads: a string of digits
/// becomes that number; a JS number beyond 2^53 - 1 is refused, because it has already lost
/// digits. Anything else is left for the core to refuse with its usual message.
pub fn seed_from_js(seed: &mut Value, path: &str) -> Result<()> {
    match seed {
        Value::String(s) => {
            let t = s.trim();
            if !t.is_empty() && t.len() <= 20 && t.bytes().all(|b| b.is_ascii_digit()) {
                if let Ok(n) = t.parse::<u64>() {
                    *seed = Value::from(n);
                }
            }
            Ok(())
        }
        Value::Number(n) if n.is_f64() => match n.as_f64() {
            Some(x) if x.fract() == 0.0 && x > MAX_SAFE_INTEGER => Err(Error::input(format!(
                "{path}: {x:.0} is too large to be exact as a javascript number: pass the seed as a string of digits"
            ))),
            _ => Ok(()),
        },
        _ => Ok(()),
    }
}

#[cfg(test)]
mod seed_from_js_tests {
    use super::*;

    #[test]
    fn a_list_of_ids_fails_at_its_first_fault() {
        use serde_json::json;
        let first =
            |ids: serde_json::Value| parse_ids(&ids, "$.hypotheses").map_err(|e| e.to_string());
        assert_eq!(
            first(json!(["G0032", " G0082 "])),
            Ok(vec!["G0032".into(), "G0082".into()])
        );
        // A repeat before a fault of another kind is what is reported, and the other way round.
        assert_eq!(
            first(json!(["a", "b", " a", ""])),
            Err("$.hypotheses[2]: a is listed twice".into())
        );
        assert_eq!(
            first(json!(["a", "", "a"])),
            Err("$.hypotheses[1]: expected a profile id, found \"\"".into())
        );
        assert_eq!(
            first(json!(["a", 7, "a"])),
            Err("$.hypotheses[1]: expected a string, found 7".into())
        );
        // The first repeat in list order, whichever ID it repeats.
        assert_eq!(
            first(json!(["b", "a", "c", "a", "b"])),
            Err("$.hypotheses[3]: a is listed twice".into())
        );
        assert_eq!(
            first(json!(["b", "a", "b", "a", "a"])),
            Err("$.hypotheses[2]: b is listed twice".into())
        );
    }

    #[test]
    fn seeds_in_from_js() {
        let mut v = Value::String("18446744073709551615".into());
        seed_from_js(&mut v, "x").unwrap();
        assert_eq!(v.as_u64(), Some(u64::MAX));
        let mut v = serde_json::json!(9_007_199_254_740_991.0);
        assert!(seed_from_js(&mut v, "x").is_ok());
        let mut v = serde_json::json!(9_007_199_254_740_992.0);
        assert_eq!(
            seed_from_js(&mut v, "$.settings.seed").unwrap_err().to_string(),
            "$.settings.seed: 9007199254740992 is too large to be exact as a javascript number: pass the seed as a string of digits"
        );
        // Not a seed at all: left for the core's message.
        for bad in [
            serde_json::json!("-1"),
            serde_json::json!("1e3"),
            serde_json::json!("18446744073709551616"),
        ] {
            let mut v = bad.clone();
            seed_from_js(&mut v, "x").unwrap();
            assert_eq!(v, bad);
        }
    }
}
