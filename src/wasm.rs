//! WebAssembly bindings: the page's JS API over the scoring core.
//!
//! This is the only module that touches `wasm-bindgen`, `js-sys`, `serde-wasm-bindgen` and
//! `getrandom`. It converts at the boundary and calls the core; it holds no model logic. Inputs and
//! outputs are plain JS objects in the shapes of `CASE-FORMAT.md`, and every failure is a JS
//! `Error` whose message is the core's message, unchanged.
//!
//! A case coming from JS goes through the same strict validation as a file: JS object ->
//! `serde_json::Value` -> [`Case::from_value`]. A case *file* is handed over as its raw bytes and
//! read by [`Case::from_json`], exactly as the command line reads it, so both faces accept and
//! refuse the same files with the same messages (invalid UTF-8, a byte order mark ...).
//!
//! Seeds are 64-bit, and a JS number is exact only up to 2^53: every seed leaving this module is
//! a string of digits, and a seed coming in may be such a string, a `BigInt` or a safe integer.
//!
//! The STIX import and the STIX and Navigator exports are behind the `extras` feature (on by
//! default): the page's first module is built without them, and its worker loads the whole
//! module only when a reader imports or exports (see `www/js/worker.js`).
//!
//! The module and its dependencies exist on `wasm32` only (see `Cargo.toml`); `make lint` checks
//! it with `cargo clippy --lib --target wasm32-unknown-unknown`.

use std::cell::RefCell;

use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::case::{Case, SECTORS};
use crate::error::{Error, Result};
use crate::index::Index;
use crate::model::{ScoreOptions, Session};
use crate::pack::Pack;
use crate::present;
use crate::search::Catalogue;

thread_local! {
    /// The loaded profile pack, ready for scoring.
    static INDEX: RefCell<Option<Index>> = const { RefCell::new(None) };
    /// Scoring work kept between scores ([`Session`]): the page re-scores the same case after
    /// every toggle, and the observations' ratios and point logs carry over. Emptied when another
    /// pack is loaded.
    static SESSION: RefCell<Session> = RefCell::new(Session::new());
    /// The case the worker holds, parsed once, with its number (see [`hold_case`]).
    static HELD: RefCell<Option<(u32, Case)>> = const { RefCell::new(None) };
}

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Observation kinds of case format version 1. */
export type Kind =
  | "technique" | "software" | "victim-country" | "victim-sector" | "activity-time"
  | "motivation" | "infrastructure" | "language" | "event";
/** NATO Admiralty source reliability, A (completely reliable) to F (cannot be judged). */
export type Reliability = "A" | "B" | "C" | "D" | "E" | "F";
/** NATO Admiralty information credibility, 1 (confirmed) to 6 (cannot be judged). */
export type Credibility = 1 | 2 | 3 | 4 | 5 | 6;

/** Who reported an observation and how far to trust it. */
export interface Source {
  name?: string;
  /** http or https only. */
  url?: string;
  reliability?: Reliability;
  credibility?: Credibility;
}

/** One thing observed about the incident. */
export interface Observation {
  kind: Kind;
  value: string;
  source?: Source;
  note?: string;
  /** YYYY-MM-DD; events only. */
  date?: string;
}

/**
 * A Monte Carlo seed: a whole number from 0 to 2^64 - 1. Seeds come out of the engine as strings
 * of digits; going in, a string, a BigInt or a number up to 2^53 - 1 is accepted.
 */
export type Seed = string;

/** Case-level settings. */
export interface CaseSettings {
  deception?: number;
  unlisted_prior?: number;
  seed?: Seed;
  samples?: number;
}

/** Which profile pack a reading was made with. */
export interface PackStamp {
  version: string;
  /** 64 lowercase hexadecimal digits. */
  sha256: string;
}

/** The reader's analysis, saved with a case (Attrib extension). */
export interface Analysis {
  /** Suspects highlighted in the ranking; never restricts the race. */
  focus?: string[];
  /** Observation indices left out. */
  excluded?: number[];
  /** Observation indices suspected to be planted. */
  planted?: number[];
  /** The profile pack the reading was made with; opened against another pack, a warning says so. */
  pack?: PackStamp;
}

/** A case file (format version 1). */
export interface Case {
  attrib: 1;
  title?: string;
  summary?: string;
  /** When the incident happened or began, YYYY-MM-DD. */
  date?: string;
  observations: Observation[];
  /** Restricts the race to these profiles; absent, every profile competes. */
  hypotheses?: string[];
  settings?: CaseSettings;
  analysis?: Analysis;
}

/** Per-call options that are not part of the case file. */
export interface ScoreOptions {
  /** Monte Carlo samples (overrides the case); 0 turns the Monte Carlo off. */
  samples?: number | null;
  /** Monte Carlo seed (overrides the case). */
  seed?: Seed | null;
  /** Observation indices to leave out (absent or null: the case's analysis.excluded). */
  excluded?: number[] | null;
  /** Observation indices suspected to be planted (absent or null: the case's analysis.planted). */
  planted?: number[] | null;
  /** Compute pivotal observations and flip weights (default true). */
  sensitivity?: boolean;
  /** How many hypotheses to list (0 = all; default 25). */
  top?: number;
  /** The Monte Carlo's points: a shifted lattice (default) or pseudo-random draws. */
  sequence?: "lattice" | "random";
}

/** One observation's share of a hypothesis' score, in nats. */
export interface Contribution {
  observation: number;
  log_lr: number;
  facet: "capability" | "infrastructure" | "victim" | "operations";
}

/** A ranked hypothesis. */
export interface Hypothesis {
  /** Place among every competing hypothesis (1 = most probable). */
  rank: number;
  id: string;
  name: string;
  probability: number;
  /** 90 % credible interval. */
  interval: [number, number];
  log_prior: number;
  /** log_prior + sum of contributions, exactly. */
  score: number;
  contributions: Contribution[];
  sponsor: string | null;
  umbrella: string;
}

/** A named unknown's part of the unlisted actor's probability. */
export interface NamedShare {
  id: string;
  name: string;
  probability: number;
  sponsor: string | null;
}

/** The unlisted-actor hypothesis (named unknowns included in its probability). */
export interface Unlisted {
  probability: number;
  interval: [number, number];
  log_prior: number;
  named: NamedShare[];
}

/** Hypotheses scored but not listed. */
export interface Others {
  count: number;
  probability: number;
}

/** A roll-up entry (umbrella or sponsor). */
export interface Level {
  id: string;
  name: string;
  probability: number;
  interval: [number, number];
}

/** Roll-ups of the posterior. */
export interface Levels {
  umbrella: Level[];
  sponsor: Level[];
}

/** An observation whose removal changes the leader. */
export interface Pivotal {
  observation: number;
  if_removed_leader: string;
  if_removed_probability: number;
}

/** How far one observation's weight must move before the leader changes. */
export interface Flip {
  observation: number;
  weight: number | null;
  new_leader: string | null;
}

/** Settings a result was computed with. */
export interface UsedSettings {
  deception: number;
  unlisted_prior: number;
  seed: Seed;
  samples: number;
  observations: number;
  hypotheses: number;
}

/** Who competed. */
export interface Race {
  restricted: boolean;
  competing: number;
  named_unknowns: number;
  focus: string[];
}

/** The same race with no evidence. */
export interface PriorOnly {
  leader: string;
  name: string;
  probability: number;
  levels: Levels;
  statement: string;
}

/** How far the evidence moved the leader at one level. */
export interface Movement {
  level: "cluster" | "state";
  id: string;
  name: string;
  prior: number;
  posterior: number;
  log_bayes_factor: number;
  statement: string;
}

/** The full result of scoring a case. */
export interface ScoreResult {
  hypotheses: Hypothesis[];
  unlisted: Unlisted;
  others: Others | null;
  levels: Levels;
  leader: string;
  leader_stability: number;
  pivotal: Pivotal[];
  flips: Flip[];
  statement: string;
  sponsor_statement: string;
  confidence: "high" | "moderate" | "low";
  confidence_reason: string;
  warnings: string[];
  settings: UsedSettings;
  profile_pack: { version: string; sha256: string };
  race: Race;
  prior_only: PriorOnly;
  evidence_weight: Movement[];
}

/** A validated case, normalised, with the warnings scoring it would give. */
export interface Validated {
  case: Case;
  warnings: string[];
  /** The number `scoreHeld` scores this case by, until another case is held. */
  held: number;
}

/** One upstream source of the profile pack. */
export interface PackSourceInfo {
  name: string;
  version: string;
  license: string;
}

/** What loadPack or importStix loaded. */
export interface PackSummary {
  version: string;
  sha256: string;
  profiles: number;
  techniques: number;
  software: number;
  campaigns: number;
  sources: PackSourceInfo[];
  /** What a STIX import left out, one line each (always empty for loadPack). */
  warnings: string[];
}

/** A profile found by searchProfiles. */
export interface ProfileHit {
  id: string;
  name: string;
  aliases: string[];
  sponsor: string | null;
  umbrella: string;
}

/** A technique found by searchTechniques. */
export interface TechniqueHit {
  id: string;
  name: string;
  tactics: string[];
}

/** A software entry found by searchSoftware. */
export interface SoftwareHit {
  id: string;
  name: string;
  kind: string;
  aliases: string[];
}

/** A list of the pack a reader can search. */
export type Catalogue = "profile" | "technique" | "software";

/** A probability as the page shows it (see `attrib::present`). */
export interface Figure {
  probability: number;
  interval: [number, number];
  /** The figure a reader sees, e.g. "51 %" or "44.9 %". */
  percent: string;
  /** The interval a reader sees, e.g. "25–74 %". */
  range: string;
  /** The ICD 203 term, e.g. "roughly even chance". */
  term: string;
  /** The term's range, e.g. "45-55 %". */
  band: string;
}

/** One hypothesis or state in a ranking. */
export interface Row {
  id: string;
  name: string;
  figure: Figure;
  lead: boolean;
  focus: boolean;
}

/** What a ranking does not list one by one. */
export interface Rest {
  count: number;
  percent: string;
}

/** A named unknown inside the unlisted actor's share. */
export interface Named {
  id: string;
  name: string;
  percent: string;
}

/** One cell of the matrix of competing hypotheses. */
export interface Cell {
  log_lr: number;
  shade: "strong-for" | "for" | "neutral" | "against" | "strong-against";
}

/** One observation against the compared hypotheses. */
export interface AchRow {
  observation: number;
  cells: Cell[];
  diagnosticity: number;
  telling: boolean;
}

/** The matrix of competing hypotheses. */
export interface Ach {
  columns: string[];
  rows: AchRow[];
}

/** The reading before any evidence. */
export interface Prior {
  cluster: Row;
  state: Row | null;
}

/** An ICD 203 term and its range. */
export interface Band {
  term: string;
  band: string;
}

/** What the page shows of a result besides its sentences. */
export interface Display {
  cluster: Row;
  state: Row | null;
  /** e.g. "Among the 8 suspects considered"; null when every profile competes. */
  qualifier: string | null;
  top: Row[];
  ranking: Row[];
  rest: Rest | null;
  named: Named[];
  states: Row[];
  prior: Prior;
  hypotheses: string[];
  stability: string;
  pivotal: string[];
  ach: Ach;
  bands: Band[];
}

/** A result with what the page shows of it. */
export interface Presented {
  result: ScoreResult;
  display: Display;
}

/** An ISO 3166-1 alpha-2 country. */
export interface Country {
  code: string;
  name: string;
}
"#;

/// A JS `Error` carrying the core's message, unchanged.
fn js_error(e: Error) -> js_sys::Error {
    js_sys::Error::new(e.message())
}

/// Serialise to a plain JS value (maps as objects, 64-bit integers as numbers).
fn to_js<T: Serialize + ?Sized>(value: &T) -> std::result::Result<JsValue, js_sys::Error> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| js_sys::Error::new(&format!("result: {e}")))
}

/// A JS value as JSON, for the core's strict parsers.
fn to_json(value: JsValue, what: &str) -> std::result::Result<Value, js_sys::Error> {
    serde_wasm_bindgen::from_value(value).map_err(|e| js_sys::Error::new(&format!("{what}: {e}")))
}

/// Run `f` with the loaded index, or fail with a clear message.
fn with_index<T>(f: impl FnOnce(&Index) -> Result<T>) -> Result<T> {
    INDEX.with(|cell| match cell.borrow().as_ref() {
        Some(index) => f(index),
        None => Err(Error::input(
            "no profile pack is loaded: call loadPack first",
        )),
    })
}

/// Score `case` against the loaded pack in the module's session (the same bytes as
/// [`crate::score`]).
fn score_in_session(case: &Case, opts: &ScoreOptions) -> Result<crate::ScoreResult> {
    with_index(|index| SESSION.with(|s| s.borrow_mut().score(case, index, opts)))
}

/// Make `pack` the one the page scores against, and describe it. `pack` comes checked (from
/// `Pack::from_binary*` or the STIX import, which both run `Pack::check`), so it is not checked
/// again.
fn install(pack: Pack, warnings: Vec<String>) -> std::result::Result<JsValue, js_sys::Error> {
    let index = Index::build(pack, None);
    let out = to_js(&present::pack_summary(index.pack(), warnings))?;
    INDEX.with(|cell| *cell.borrow_mut() = Some(index));
    SESSION.with(|s| *s.borrow_mut() = Session::new());
    Ok(out)
}

/// Load a profile pack in its binary form (the bytes of `pack.bin`, see [`Pack::from_binary`])
/// and keep it for every later call. The page reads only that form: reading JSON packs would
/// put serde's generic pack reader (17 KB of gzipped wasm) in every page view. A JSON pack gets
/// an error saying how to convert it (`attrib pack --profiles PACK.json --out PACK.bin`).
///
/// On error the previously loaded pack, if any, stays in force.
///
/// `digest`, if given, is the SHA-256 of the payload (the bytes after the 44-byte header) as
/// the browser's WebCrypto computed it: the seal is compared with it instead of being hashed
/// again in wasm; in baseline-tier wasm, the browser's first, that saves a third of the load (see
/// [`Pack::from_binary_with_digest`]).
#[wasm_bindgen(js_name = loadPack, unchecked_return_type = "PackSummary")]
pub fn load_pack(
    bytes: &[u8],
    digest: Option<Box<[u8]>>,
) -> std::result::Result<JsValue, js_sys::Error> {
    let pack = crate::binpack::decode(bytes, digest.as_deref()).map_err(js_error)?;
    install(pack, Vec::new())
}

/// Options from JS: `undefined` or `null` means the defaults.
fn parse_options(options: JsValue) -> std::result::Result<ScoreOptions, js_sys::Error> {
    if options.is_undefined() || options.is_null() {
        return Ok(ScoreOptions::default());
    }
    let mut v = to_json(options, "options")?;
    if let Some(seed) = v.get_mut("seed") {
        crate::case::seed_from_js(seed, "options.seed").map_err(js_error)?;
    }
    serde_json::from_value(v).map_err(|e| js_sys::Error::new(&format!("options: {e}")))
}

/// A case from JS, through the same strict validation as a file.
fn parse_case(case: JsValue) -> std::result::Result<Case, js_sys::Error> {
    let mut v = to_json(case, "case")?;
    if let Some(seed) = v.get_mut("settings").and_then(|s| s.get_mut("seed")) {
        crate::case::seed_from_js(seed, "$.settings.seed").map_err(js_error)?;
    }
    Case::from_value(&v).map_err(js_error)
}

/// Serialise `value` for JS with its 64-bit seed taken out (`take` returns it and leaves 0 or
/// none behind), then put the seed back at `path` as a string of digits, exact whatever its size.
fn to_js_with_seed<T: Serialize>(
    mut value: T,
    take: impl FnOnce(&mut T) -> Option<u64>,
    path: &[&str],
) -> std::result::Result<JsValue, js_sys::Error> {
    let seed = take(&mut value);
    let out = to_js(&value)?;
    if let Some(seed) = seed {
        let (last, parents) = path.split_last().expect("a path");
        let mut at = out.clone();
        for key in parents {
            at = js_sys::Reflect::get(&at, &JsValue::from_str(key))?;
        }
        js_sys::Reflect::set(
            &at,
            &JsValue::from_str(last),
            &JsValue::from_str(&seed.to_string()),
        )?;
    }
    Ok(out)
}

/// Score a case against the loaded pack.
#[wasm_bindgen(unchecked_return_type = "ScoreResult")]
pub fn score(
    #[wasm_bindgen(unchecked_param_type = "Case")] case: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ScoreOptions | undefined")] options: JsValue,
) -> std::result::Result<JsValue, js_sys::Error> {
    let case = parse_case(case)?;
    let opts = parse_options(options)?;
    let result = score_in_session(&case, &opts).map_err(js_error)?;
    to_js_with_seed(
        result,
        |r| Some(std::mem::take(&mut r.settings.seed)),
        &["settings", "seed"],
    )
}

/// Score the raw bytes of a case file and return the result as the text `attrib score --json`
/// prints, byte for byte (for comparing the two faces, or saving a result).
#[wasm_bindgen(js_name = scoreJson)]
pub fn score_json(
    bytes: &[u8],
    #[wasm_bindgen(unchecked_param_type = "ScoreOptions | undefined")] options: JsValue,
) -> std::result::Result<String, js_sys::Error> {
    let case = Case::from_json(bytes).map_err(js_error)?;
    let opts = parse_options(options)?;
    let result = score_in_session(&case, &opts).map_err(js_error)?;
    // As src/main.rs prints it.
    let mut text = serde_json::to_string_pretty(&result)
        .map_err(|e| js_sys::Error::new(&format!("result: {e}")))?;
    text.push('\n');
    Ok(text)
}

/// The case file for a case object: the text "export" saves, exact to the last digit of the seed
/// (a case file written by the page reads back the same in the command line).
#[wasm_bindgen(js_name = exportCase)]
pub fn export_case(
    #[wasm_bindgen(unchecked_param_type = "Case")] case: JsValue,
) -> std::result::Result<String, js_sys::Error> {
    let mut text = parse_case(case)?.to_json();
    text.push('\n');
    Ok(text)
}

#[derive(Serialize)]
struct Validated {
    case: Case,
    warnings: Vec<String>,
    held: u32,
}

/// Keep `case` as the held case under a new number, and return the number.
fn hold(case: Case) -> u32 {
    HELD.with(|cell| {
        let mut held = cell.borrow_mut();
        let id = held.as_ref().map_or(1, |(id, _)| id.wrapping_add(1).max(1));
        *held = Some((id, case));
        id
    })
}

/// The warnings scoring `case` would give (and its errors, such as an unknown hypothesis), or
/// none when no pack is loaded yet.
fn check_against_pack(case: &Case) -> Result<Vec<String>> {
    let loaded = INDEX.with(|cell| cell.borrow().is_some());
    if !loaded {
        return Ok(Vec::new());
    }
    // In the session the scores use, so that a score of the case just validated reuses the
    // evidence's prepared work.
    with_index(|index| SESSION.with(|s| s.borrow_mut().warnings(case, index)))
}

fn validated(case: Case) -> std::result::Result<JsValue, js_sys::Error> {
    let warnings = check_against_pack(&case).map_err(js_error)?;
    let held = hold(case.clone());
    let v = Validated {
        case,
        warnings,
        held,
    };
    to_js_with_seed(
        v,
        |v| v.case.settings.as_mut().and_then(|s| s.seed.take()),
        &["case", "settings", "seed"],
    )
}

/// Validate a case object: the normalised case and its warnings, or an `Error`.
#[wasm_bindgen(unchecked_return_type = "Validated")]
pub fn validate(
    #[wasm_bindgen(unchecked_param_type = "Case")] case: JsValue,
) -> std::result::Result<JsValue, js_sys::Error> {
    validated(parse_case(case)?)
}

/// Parse and validate a case file from its raw bytes, as the command line does (size, encoding,
/// nesting and shape limits, with the same messages).
#[wasm_bindgen(js_name = parseCase, unchecked_return_type = "Validated")]
pub fn parse_case_bytes(bytes: &[u8]) -> std::result::Result<JsValue, js_sys::Error> {
    validated(Case::from_json(bytes).map_err(js_error)?)
}

/// Import a STIX 2.1 bundle, from the raw bytes of its file, as the profile pack to score
/// against (see [`crate::packer::stix::import_bytes`]). What the import skipped is in `warnings`.
///
/// On error the loaded pack stays in force.
#[cfg(feature = "extras")]
#[wasm_bindgen(js_name = importStix, unchecked_return_type = "PackSummary")]
pub fn import_stix(bytes: &[u8]) -> std::result::Result<JsValue, js_sys::Error> {
    let imported = crate::packer::stix::import_bytes(bytes).map_err(js_error)?;
    install(imported.pack, imported.warnings)
}

/// A fresh Monte Carlo seed from the platform's generator: any 64-bit value, as a string.
#[wasm_bindgen(js_name = freshSeed, unchecked_return_type = "Seed")]
pub fn fresh_seed() -> std::result::Result<String, js_sys::Error> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes)
        .map_err(|e| js_sys::Error::new(&format!("no random source: {e}")))?;
    Ok(u64::from_le_bytes(bytes).to_string())
}

#[derive(Serialize)]
struct Country {
    code: &'static str,
    name: &'static str,
}

/// ISO 3166-1 alpha-2 countries, by code, for the country picker.
#[wasm_bindgen(unchecked_return_type = "Country[]")]
pub fn countries() -> std::result::Result<JsValue, js_sys::Error> {
    let list: Vec<Country> = crate::countries::COUNTRIES
        .iter()
        .map(|&(code, name)| Country { code, name })
        .collect();
    to_js(&list)
}

/// STIX 2.1 industry sectors, for the sector picker.
#[wasm_bindgen(unchecked_return_type = "string[]")]
pub fn sectors() -> std::result::Result<JsValue, js_sys::Error> {
    to_js(&SECTORS[..])
}

/// Motivations a case may name, for the motivation picker.
#[wasm_bindgen(unchecked_return_type = "string[]")]
pub fn motivations() -> std::result::Result<JsValue, js_sys::Error> {
    to_js(&crate::case::MOTIVATIONS[..])
}

#[derive(Serialize)]
struct ProfileHit<'a> {
    id: &'a str,
    name: &'a str,
    aliases: &'a [crate::Name],
    sponsor: Option<&'a str>,
    umbrella: &'a str,
}

#[derive(Serialize)]
struct TechniqueHit<'a> {
    id: &'a str,
    name: &'a str,
    tactics: &'a [crate::Name],
}

#[derive(Serialize)]
struct SoftwareHit<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'a str,
    aliases: &'a [crate::Name],
}

/// The catalogue entry at `pos` as a JS hit of its kind.
fn hit(index: &Index, what: Catalogue, pos: usize) -> std::result::Result<JsValue, js_sys::Error> {
    let pack = index.pack();
    match what {
        Catalogue::Profile => {
            let (p, prep) = (&pack.profiles[pos], &index.prepared()[pos]);
            to_js(&ProfileHit {
                id: &p.id,
                name: &p.name,
                aliases: &p.aliases,
                sponsor: prep.sponsor.as_deref(),
                umbrella: &prep.umbrella,
            })
        }
        Catalogue::Technique => {
            let t = &pack.techniques[pos];
            to_js(&TechniqueHit {
                id: &t.id,
                name: &t.name,
                tactics: &t.tactics,
            })
        }
        Catalogue::Software => {
            let s = &pack.software[pos];
            to_js(&SoftwareHit {
                id: &s.id,
                name: &s.name,
                kind: &s.kind,
                aliases: &s.aliases,
            })
        }
    }
}

/// [`Index::search`] as a JS array of hits.
fn search_js(
    what: Catalogue,
    query: &str,
    limit: Option<u32>,
) -> std::result::Result<JsValue, js_sys::Error> {
    with_index(|index| {
        Ok(index
            .search(what, query, crate::search::limit(limit))
            .into_iter()
            .map(|pos| hit(index, what, pos))
            .collect::<std::result::Result<js_sys::Array, _>>())
    })
    .map_err(js_error)?
    .map(JsValue::from)
}

/// Profiles matching a name, alias or ID, best first (default 20 hits, at most 200).
#[wasm_bindgen(js_name = searchProfiles, unchecked_return_type = "ProfileHit[]")]
pub fn search_profiles(
    query: &str,
    limit: Option<u32>,
) -> std::result::Result<JsValue, js_sys::Error> {
    search_js(Catalogue::Profile, query, limit)
}

/// ATT&CK techniques matching a name or ID, best first.
#[wasm_bindgen(js_name = searchTechniques, unchecked_return_type = "TechniqueHit[]")]
pub fn search_techniques(
    query: &str,
    limit: Option<u32>,
) -> std::result::Result<JsValue, js_sys::Error> {
    search_js(Catalogue::Technique, query, limit)
}

/// Software matching a name, alias or ID, best first.
#[wasm_bindgen(js_name = searchSoftware, unchecked_return_type = "SoftwareHit[]")]
pub fn search_software(
    query: &str,
    limit: Option<u32>,
) -> std::result::Result<JsValue, js_sys::Error> {
    search_js(Catalogue::Software, query, limit)
}

/// The entry whose ID, name or alias is exactly `text` ([`Index::lookup`]), or `null`.
#[wasm_bindgen(unchecked_return_type = "ProfileHit | TechniqueHit | SoftwareHit | null")]
pub fn lookup(
    #[wasm_bindgen(unchecked_param_type = "Catalogue")] what: &str,
    text: &str,
) -> std::result::Result<JsValue, js_sys::Error> {
    let what = Catalogue::parse(what).map_err(js_error)?;
    with_index(|index| Ok(index.lookup(what, text).map(|pos| hit(index, what, pos))))
        .map_err(js_error)?
        .unwrap_or(Ok(JsValue::NULL))
}

#[derive(Serialize)]
struct Presented {
    result: crate::ScoreResult,
    display: crate::present::Display,
}

/// Score a case, with what the page shows of the result ([`crate::present::present`]): every
/// figure and its band, the rankings and the matrix of competing hypotheses.
#[wasm_bindgen(js_name = scoreAndPresent, unchecked_return_type = "Presented")]
pub fn score_and_present(
    #[wasm_bindgen(unchecked_param_type = "Case")] case: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ScoreOptions | undefined")] options: JsValue,
) -> std::result::Result<JsValue, js_sys::Error> {
    let case = parse_case(case)?;
    let opts = parse_options(options)?;
    presented(score_in_session(&case, &opts).map_err(js_error)?, None)
}

/// A result with its display, for JS; with `explain` (`Some(None)`: the leader), the result
/// [`present::brief`] for the report page.
fn presented(
    mut result: crate::ScoreResult,
    explain: Option<Option<&str>>,
) -> std::result::Result<JsValue, js_sys::Error> {
    let display = crate::present::present(&result, present::SHOWN, present::ACH_COLUMNS);
    if let Some(explain) = explain {
        present::brief(&mut result, explain);
    }
    to_js_with_seed(
        Presented { result, display },
        |p| Some(std::mem::take(&mut p.result.settings.seed)),
        &["result", "settings", "seed"],
    )
}

/// Read a case object (as [`validate`] does) and keep it as the held case: the number returned
/// scores it with [`score_held`] without sending it again. Only the latest case read by
/// `holdCase`, `validate` or `parseCase` is held.
#[wasm_bindgen(js_name = holdCase)]
pub fn hold_case(
    #[wasm_bindgen(unchecked_param_type = "Case")] case: JsValue,
) -> std::result::Result<u32, js_sys::Error> {
    Ok(hold(parse_case(case)?))
}

/// [`score_and_present`] for the held case, if `held` is still its number; `null` if another
/// case has been held since (send the case again with [`hold_case`]).
#[wasm_bindgen(js_name = scoreHeld, unchecked_return_type = "Presented | null")]
pub fn score_held(
    held: u32,
    #[wasm_bindgen(unchecked_param_type = "ScoreOptions | undefined")] options: JsValue,
) -> std::result::Result<JsValue, js_sys::Error> {
    held_presented(held, options, None)
}

/// [`score_held`] as the report page re-scores: the result is [`present::brief`], with the
/// contributions of the first listed hypothesis and of `explain` (the one the page explains,
/// if it is listed) only, and no roll-up tables (the display has their rows).
#[wasm_bindgen(js_name = scoreHeldBrief, unchecked_return_type = "Presented | null")]
pub fn score_held_brief(
    held: u32,
    #[wasm_bindgen(unchecked_param_type = "ScoreOptions | undefined")] options: JsValue,
    explain: Option<String>,
) -> std::result::Result<JsValue, js_sys::Error> {
    held_presented(held, options, Some(explain.as_deref()))
}

/// The held case numbered `held` scored and presented; `null` if another case is held now.
fn held_presented(
    held: u32,
    options: JsValue,
    explain: Option<Option<&str>>,
) -> std::result::Result<JsValue, js_sys::Error> {
    let opts = parse_options(options)?;
    let scored = HELD.with(|cell| match cell.borrow().as_ref() {
        Some((id, case)) if *id == held => score_in_session(case, &opts).map(Some),
        _ => Ok(None),
    });
    match scored.map_err(js_error)? {
        Some(result) => presented(result, explain),
        None => Ok(JsValue::NULL),
    }
}

/// A STIX 2.1 bundle of the scored case ([`crate::export::export_case`]), stamped `created` (an
/// RFC 3339 timestamp): the text `attrib export CASE --stix --created CREATED` prints.
#[cfg(feature = "extras")]
#[wasm_bindgen(js_name = exportStix)]
pub fn export_stix(
    #[wasm_bindgen(unchecked_param_type = "Case")] case: JsValue,
    created: &str,
) -> std::result::Result<String, js_sys::Error> {
    let case = parse_case(case)?;
    with_index(|index| {
        crate::export::export_case(
            &case,
            index,
            &ScoreOptions::default(),
            crate::export::Export::Stix { created },
        )
    })
    .map_err(js_error)
}

/// An ATT&CK Navigator layer of the scored case: each technique's contribution to `hypothesis`
/// (null: the leader), or with `comparison` the case's techniques against that hypothesis'
/// profile. The text `attrib export CASE --navigator [--hypothesis ID] [--comparison]` prints.
#[cfg(feature = "extras")]
#[wasm_bindgen(js_name = exportNavigator)]
pub fn export_navigator(
    #[wasm_bindgen(unchecked_param_type = "Case")] case: JsValue,
    hypothesis: Option<String>,
    comparison: bool,
) -> std::result::Result<String, js_sys::Error> {
    let case = parse_case(case)?;
    let hypothesis = hypothesis.as_deref();
    let what = if comparison {
        crate::export::Export::Comparison { hypothesis }
    } else {
        crate::export::Export::Navigator { hypothesis }
    };
    with_index(|index| crate::export::export_case(&case, index, &ScoreOptions::default(), what))
        .map_err(js_error)
}

/// The module's allocator: talc in place of Rust's default for wasm32 (dlmalloc). When it was
/// chosen, loading the pack allocated about 50,000 strings (now one per distinct string, see
/// [`crate::Name`], plus the index's vectors), and in the page's module talc was both smaller
/// (3.2 KB less gzipped) and quicker at that (a warm pack load 4 to 11 % quicker in headless
/// Chromium, alternated with dlmalloc in one page, seven runs). Where a block lands in memory
/// changes no result.
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
