//! The binary form of the profile pack: the same [`Pack`], smaller and quicker to read than its
//! JSON (which stays the form for people and for diffs).
//!
//! # Layout
//!
//! ```text
//! header   magic     8 bytes  "ATTRIBPK"                      (BINARY_MAGIC)
//!          format    4 bytes  u32 little-endian, 1            (BINARY_FORMAT)
//!          seal     32 bytes  SHA-256 of the payload (every byte after the header)
//! payload  strings            varint n; then for each string two varints, the length of the
//!                             prefix it shares with the string before and the length of the
//!                             rest; then every rest's UTF-8 bytes one after another. Every
//!                             distinct string of the pack is there once, sorted by its bytes
//!          the pack           its fields in declaration order (see below)
//! ```
//!
//! In the pack, a string is the varint index of its entry in the table, an optional string is
//! `0` for none or the index plus one, a list of strings a varint count and each index as the
//! zigzag varint of its difference from the index before (the first from 0: sorted lists are
//! small numbers), any other list a varint count and its items, a map a varint
//! count and its entries with their keys in strictly increasing order (as a `name::Table` holds
//! them), `days` a varint count and one byte per day, `utc_offset_minutes` a zigzag varint, the
//! hours and every `f64` of the params eight bytes little-endian, `format` and `samples` varints,
//! and the optional params one byte, `0` or `1`, before them. Varints are LEB128 (7 bits a byte,
//! low bits first, at most 10 bytes). Nothing follows the pack.
//!
//! Each distinct string of the table is decoded once, into a [`Name`]; every reference to it in
//! the pack is a clone that shares it, so reading allocates nothing per field.
//!
//! Decoding checks everything as it reads and never trusts a length: a count is refused when the
//! bytes left could not hold that many items, and the pack's text (every reference counted at its
//! string's length, as the JSON form would spell it out) may be at most [`MAX_EXPANSION`] times
//! the file's length, so a hostile file cannot make the reader, or the pack's JSON form,
//! much larger than the file itself. Every error names the byte offset and what was being
//! read. The decoded pack then gets the same [`Pack::check`] as a JSON pack.
//!
//! The pack's `sha256` field (the seal of its canonical JSON, which results carry) is carried as
//! it is: a binary pack decodes to exactly the pack it was made from.

use std::collections::HashMap;

use crate::error::{Error, Result};
use crate::model::Params;
use crate::name::{Name, Table};
use crate::pack::{Campaign, Pack, PackSource, Profile, Software, Technique, WorkingPattern};

/// The first eight bytes of a binary pack.
///
/// ```
/// let bytes = attrib::Pack::fixture().to_binary();
/// assert!(bytes.starts_with(&attrib::binpack::BINARY_MAGIC));
/// ```
pub const BINARY_MAGIC: [u8; 8] = *b"ATTRIBPK";

/// The binary layout's number, after the magic. Bump it when the layout changes.
///
/// ```
/// let bytes = attrib::Pack::fixture().to_binary();
/// assert_eq!(bytes[8..12], attrib::binpack::BINARY_FORMAT.to_le_bytes());
/// ```
pub const BINARY_FORMAT: u32 = 1;

/// Bytes before the payload: magic, format and seal.
///
/// ```
/// assert_eq!(attrib::binpack::HEADER_LEN, 8 + 4 + 32);
/// ```
pub const HEADER_LEN: usize = 44;

/// At most this many times the file's length may the decoded strings total.
///
/// The real pack expands about three times; a string referred to over and over could otherwise
/// make a small file decode to gigabytes.
///
/// ```
/// assert!(attrib::binpack::MAX_EXPANSION >= 8);
/// ```
pub const MAX_EXPANSION: usize = 32;

/// Whether `bytes` claim to be a binary pack: they start with the magic's first byte, which no
/// JSON text does.
///
/// ```
/// assert!(attrib::binpack::is_binary(&attrib::Pack::fixture().to_binary()));
/// assert!(!attrib::binpack::is_binary(&attrib::Pack::fixture().to_json()));
/// ```
pub fn is_binary(bytes: &[u8]) -> bool {
    bytes.first() == Some(&BINARY_MAGIC[0])
}

/// The SHA-256 of `payload`, as the header's seal holds it.
///
/// ```
/// let bytes = attrib::Pack::fixture().to_binary();
/// let h = attrib::binpack::HEADER_LEN;
/// assert_eq!(attrib::binpack::seal_of(&bytes[h..]), bytes[12..h]);
/// ```
pub fn seal_of(payload: &[u8]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    Sha256::digest(payload).into()
}

// ---------------------------------------------------------------------------------------------
// Encoding

/// The string table: each distinct string once, sorted (so that neighbours share prefixes).
///
/// It is made in two passes over the pack: the first only collects the strings, the second
/// writes their indices.
#[derive(Default)]
struct Strings<'a> {
    collecting: bool,
    index: HashMap<&'a str, u32>,
}

impl<'a> Strings<'a> {
    fn id(&mut self, s: &'a str) -> u64 {
        if self.collecting {
            self.index.insert(s, 0);
            return 0;
        }
        self.index[s] as u64
    }

    /// End the collecting pass: number the strings in sorted order and return them.
    fn sorted(&mut self) -> Vec<&'a str> {
        let mut list: Vec<&'a str> = self.index.keys().copied().collect();
        list.sort_unstable();
        for (i, s) in list.iter().enumerate() {
            self.index.insert(s, i as u32);
        }
        self.collecting = false;
        list
    }
}

/// Writes the pack's structure, strings as indices into the table.
struct Writer<'a> {
    out: Vec<u8>,
    strings: Strings<'a>,
}

fn zigzag(d: i64) -> u64 {
    ((d << 1) ^ (d >> 63)) as u64
}

fn unzigzag(z: u64) -> i64 {
    ((z >> 1) as i64) ^ -((z & 1) as i64)
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

impl<'a> Writer<'a> {
    fn varint(&mut self, v: u64) {
        put_varint(&mut self.out, v);
    }
    fn len(&mut self, n: usize) {
        self.varint(n as u64);
    }
    fn str(&mut self, s: &'a str) {
        let i = self.strings.id(s);
        self.varint(i);
    }
    fn opt(&mut self, s: &'a Option<Name>) {
        match s {
            None => self.varint(0),
            Some(s) => {
                let i = self.strings.id(s);
                self.varint(i + 1);
            }
        }
    }
    /// A list of strings: each index as the zigzag difference from the one before (from 0), so
    /// that a sorted list is small numbers.
    fn strs(&mut self, v: &'a [Name]) {
        self.len(v.len());
        let mut prev = 0i64;
        for s in v {
            let i = self.strings.id(s) as i64;
            self.varint(zigzag(i - prev));
            prev = i;
        }
    }
    fn f64(&mut self, x: f64) {
        self.out.extend_from_slice(&x.to_le_bytes());
    }
    fn map<V>(&mut self, m: &'a Table<V>, mut value: impl FnMut(&mut Self, &'a V)) {
        self.len(m.len());
        for (k, v) in m {
            self.str(k);
            value(self, v);
        }
    }

    fn pack(&mut self, pack: &'a Pack) {
        // Destructured without `..`: a new field is a compile error here until it is written.
        let Pack {
            format,
            version,
            sha256,
            sources,
            techniques,
            software,
            replaced,
            deprecated,
            profiles,
            campaigns,
            countries,
            params,
        } = pack;
        self.varint(*format as u64);
        self.str(version);
        self.str(sha256);
        self.len(sources.len());
        for PackSource {
            name,
            version,
            license,
            sha256,
        } in sources
        {
            self.str(name);
            self.str(version);
            self.str(license);
            self.str(sha256);
        }
        self.len(techniques.len());
        for Technique { id, name, tactics } in techniques {
            self.str(id);
            self.str(name);
            self.strs(tactics);
        }
        self.len(software.len());
        for Software {
            id,
            name,
            kind,
            aliases,
            techniques,
        } in software
        {
            self.str(id);
            self.str(name);
            self.str(kind);
            self.strs(aliases);
            self.strs(techniques);
        }
        self.map(replaced, |w, v| w.str(v));
        self.strs(deprecated);
        self.len(profiles.len());
        for p in profiles {
            self.profile(p);
        }
        self.len(campaigns.len());
        for Campaign {
            id,
            name,
            attributed_to,
            techniques,
            software,
        } in campaigns
        {
            self.str(id);
            self.str(name);
            self.strs(attributed_to);
            self.strs(techniques);
            self.strs(software);
        }
        self.map(countries, |w, v| w.str(v));
        match params {
            None => self.out.push(0),
            Some(p) => {
                self.out.push(1);
                self.params(p);
            }
        }
    }

    fn profile(&mut self, p: &'a Profile) {
        let Profile {
            id,
            name,
            aliases,
            parent,
            sponsor,
            techniques,
            software,
            countries,
            sectors,
            motivations,
            infrastructure,
            languages,
            triggers,
            working,
            imitates,
            campaign_features,
            origin,
            refs,
        } = p;
        self.str(id);
        self.str(name);
        self.strs(aliases);
        self.opt(parent);
        self.opt(sponsor);
        self.strs(techniques);
        self.strs(software);
        self.strs(countries);
        self.strs(sectors);
        self.strs(motivations);
        self.strs(infrastructure);
        self.strs(languages);
        self.strs(triggers);
        self.len(working.len());
        for WorkingPattern {
            from,
            until,
            utc_offset_minutes,
            days,
            start_hour,
            end_hour,
            source,
        } in working
        {
            self.opt(from);
            self.opt(until);
            let z = *utc_offset_minutes;
            self.varint(((z << 1) ^ (z >> 31)) as u32 as u64);
            self.len(days.len());
            self.out.extend_from_slice(days);
            self.f64(*start_hour);
            self.f64(*end_hour);
            self.str(source);
        }
        self.opt(imitates);
        self.map(campaign_features, |w, v| w.strs(v));
        self.strs(origin);
        self.strs(refs);
    }

    fn params(&mut self, p: &Params) {
        let Params {
            mu_technique,
            mu_software,
            mu_country,
            mu_sector,
            mu_motivation,
            mu_language,
            mu_trigger,
            mu_infrastructure,
            infrastructure_space,
            background_pseudo,
            implied_weight,
            parent_weight,
            sibling_weight,
            tau_capability,
            tau_infrastructure,
            tau_victim,
            tau_operations,
            facet_cap,
            time_cap,
            on_hours_mass,
            unlisted_prior,
            named_unknown_share,
            prior_exponent,
            deception,
            samples,
        } = p;
        for x in [
            mu_technique,
            mu_software,
            mu_country,
            mu_sector,
            mu_motivation,
            mu_language,
            mu_trigger,
            mu_infrastructure,
            infrastructure_space,
            background_pseudo,
            implied_weight,
            parent_weight,
            sibling_weight,
            tau_capability,
            tau_infrastructure,
            tau_victim,
            tau_operations,
            facet_cap,
            time_cap,
            on_hours_mass,
            unlisted_prior,
            named_unknown_share,
            prior_exponent,
            deception,
        ] {
            self.f64(*x);
        }
        self.varint(*samples as u64);
    }
}

/// The binary form of `pack` (see the module's documentation). The same pack always gives the
/// same bytes.
pub(crate) fn encode(pack: &Pack) -> Vec<u8> {
    let mut w = Writer {
        out: Vec::new(),
        strings: Strings {
            collecting: true,
            index: HashMap::new(),
        },
    };
    w.pack(pack);
    let strings = w.strings.sorted();
    w.out = Vec::with_capacity(128 * 1024);
    w.pack(pack);
    let body = w.out;
    // Front-coded: each string as the length of the prefix it shares with the one before and the
    // rest; all the pairs of lengths first, then all the rests.
    let mut payload = Vec::with_capacity(256 * 1024 + body.len());
    put_varint(&mut payload, strings.len() as u64);
    let mut rests = Vec::with_capacity(256 * 1024);
    let mut prev: &[u8] = b"";
    for s in &strings {
        let b = s.as_bytes();
        let shared = b.iter().zip(prev).take_while(|(x, y)| x == y).count();
        put_varint(&mut payload, shared as u64);
        put_varint(&mut payload, (b.len() - shared) as u64);
        rests.extend_from_slice(&b[shared..]);
        prev = b;
    }
    payload.extend_from_slice(&rests);
    payload.extend_from_slice(&body);
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(&BINARY_MAGIC);
    out.extend_from_slice(&BINARY_FORMAT.to_le_bytes());
    out.extend_from_slice(&seal_of(&payload));
    out.extend_from_slice(&payload);
    out
}

// ---------------------------------------------------------------------------------------------
// Decoding

/// One step of the place being read, kept cheaply and put in words only for an error.
#[derive(Clone, Copy)]
enum Step {
    Field(&'static str),
    Item(usize),
}

/// The steps to the place being read: a fixed stack, since it moves for every item read (a
/// growable vector's push and pop were a tenth of the decoding). The pack nests five deep; steps
/// past [`Path::DEPTH`] would be counted but not named.
struct Path {
    steps: [Step; Path::DEPTH],
    depth: usize,
}

impl Path {
    const DEPTH: usize = 12;

    fn starting(step: Step) -> Path {
        let mut p = Path {
            steps: [Step::Item(0); Path::DEPTH],
            depth: 0,
        };
        p.push(step);
        p
    }

    #[inline(always)]
    fn push(&mut self, step: Step) {
        if let Some(slot) = self.steps.get_mut(self.depth) {
            *slot = step;
        }
        self.depth += 1;
    }

    #[inline(always)]
    fn pop(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn clear(&mut self) {
        self.depth = 0;
    }

    fn steps(&self) -> &[Step] {
        &self.steps[..self.depth.min(Path::DEPTH)]
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    strings: Vec<Name>,
    /// Bytes the decoded strings may still take (see [`MAX_EXPANSION`]).
    budget: usize,
    path: Path,
}

impl<'a> Reader<'a> {
    /// What is being read, e.g. `profiles[12].techniques[3]`.
    fn place(&self) -> String {
        let mut s = String::new();
        for step in self.path.steps() {
            match step {
                Step::Field(f) => {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push_str(f);
                }
                Step::Item(i) => s.push_str(&format!("[{i}]")),
            }
        }
        if s.is_empty() {
            s.push_str("the pack");
        }
        s
    }

    fn error_at(&self, at: usize, what: impl std::fmt::Display) -> Error {
        Error::input(format!(
            "profile pack: {what} at byte {at} while reading {}",
            self.place()
        ))
    }

    fn truncated(&self) -> Error {
        Error::input(format!(
            "profile pack: truncated at byte {} while reading {}",
            self.bytes.len(),
            self.place()
        ))
    }

    fn left(&self) -> usize {
        self.bytes.len() - self.pos
    }

    fn byte(&mut self) -> Result<u8> {
        let b = *self.bytes.get(self.pos).ok_or_else(|| self.truncated())?;
        self.pos += 1;
        Ok(b)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if n > self.left() {
            return Err(self.truncated());
        }
        let s = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    /// A varint; most are one byte, read here without a call.
    #[inline(always)]
    fn varint(&mut self) -> Result<u64> {
        match self.bytes.get(self.pos) {
            Some(&b) if b < 0x80 => {
                self.pos += 1;
                Ok(b as u64)
            }
            _ => self.long_varint(),
        }
    }

    fn long_varint(&mut self) -> Result<u64> {
        let at = self.pos;
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            let bits = (b & 0x7f) as u64;
            if shift == 63 && bits > 1 {
                return Err(self.error_at(at, "varint too large"));
            }
            v |= bits << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(self.error_at(at, "varint longer than 10 bytes"))
    }

    /// A count of items that each take at least `min` bytes: refused when the bytes left cannot
    /// hold them, so no length makes the reader allocate more than the file holds.
    fn count(&mut self, min: usize) -> Result<usize> {
        let at = self.pos;
        let n = self.varint()?;
        let most = self.left() / min.max(1);
        if n > most as u64 {
            return Err(self.error_at(
                at,
                format!(
                    "count {n} larger than the {} left could hold",
                    n_bytes(self.left())
                ),
            ));
        }
        Ok(n as usize)
    }

    #[inline(always)]
    fn index(&mut self) -> Result<(usize, u64)> {
        let at = self.pos;
        Ok((at, self.varint()?))
    }

    fn string_at(&mut self, at: usize, i: i64) -> Result<Name> {
        let Some(s) = usize::try_from(i).ok().and_then(|i| self.strings.get(i)) else {
            return Err(self.error_at(
                at,
                format!(
                    "string index {i} out of range (the table holds {})",
                    self.strings.len()
                ),
            ));
        };
        if s.len() > self.budget {
            return Err(self.error_at(
                at,
                format!("strings expanding past {MAX_EXPANSION} times the file's length"),
            ));
        }
        let s = s.clone();
        self.budget -= s.len();
        Ok(s)
    }

    fn str(&mut self) -> Result<Name> {
        let (at, i) = self.index()?;
        self.string_at(at, i.try_into().unwrap_or(i64::MAX))
    }

    fn opt(&mut self) -> Result<Option<Name>> {
        let (at, i) = self.index()?;
        if i == 0 {
            return Ok(None);
        }
        self.string_at(at, (i - 1).try_into().unwrap_or(i64::MAX))
            .map(Some)
    }

    /// Read `f` with `step` added to the place.
    #[inline(always)]
    fn within<T>(&mut self, step: Step, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        self.path.push(step);
        let v = f(self)?;
        self.path.pop();
        Ok(v)
    }

    #[inline(always)]
    fn field<T>(
        &mut self,
        name: &'static str,
        f: impl FnOnce(&mut Self) -> Result<T>,
    ) -> Result<T> {
        self.within(Step::Field(name), f)
    }

    /// A list of items that each take at least `min` bytes.
    fn list<T>(
        &mut self,
        min: usize,
        mut item: impl FnMut(&mut Self) -> Result<T>,
    ) -> Result<Vec<T>> {
        let n = self.count(min)?;
        let mut v = Vec::with_capacity(n);
        for i in 0..n {
            v.push(self.within(Step::Item(i), &mut item)?);
        }
        Ok(v)
    }

    fn strs(&mut self, name: &'static str) -> Result<Vec<Name>> {
        self.field(name, Self::str_list)
    }

    /// A list of strings, each index the zigzag difference from the one before.
    fn str_list(&mut self) -> Result<Vec<Name>> {
        let mut prev = 0i64;
        self.list(1, |r| {
            let (at, d) = r.index()?;
            let i = prev.saturating_add(unzigzag(d));
            prev = i;
            r.string_at(at, i)
        })
    }

    fn map<V>(
        &mut self,
        name: &'static str,
        min: usize,
        mut value: impl FnMut(&mut Self) -> Result<V>,
    ) -> Result<Table<V>> {
        self.field(name, |r| {
            let n = r.count(min)?;
            let mut m = Table::new();
            for i in 0..n {
                r.path.push(Step::Item(i));
                let at = r.pos;
                let k = r.str()?;
                if let Some(last) = m.last_key() {
                    if *last >= k {
                        let shown: String = k.chars().take(40).collect();
                        return Err(r.error_at(
                            at,
                            format!("key {shown:?} out of order (keys must increase)"),
                        ));
                    }
                }
                let v = value(r)?;
                m.push_last(k, v);
                r.path.pop();
            }
            Ok(m)
        })
    }

    fn f64(&mut self) -> Result<f64> {
        let b = self.take(8)?;
        Ok(f64::from_le_bytes(b.try_into().expect("eight bytes")))
    }

    fn pack(&mut self) -> Result<Pack> {
        let format = self.field("format", |r| {
            let at = r.pos;
            let v = r.varint()?;
            u32::try_from(v).map_err(|_| r.error_at(at, format!("format {v} too large")))
        })?;
        let version = self.field("version", Self::str)?;
        let sha256 = self.field("sha256", Self::str)?;
        let sources = self.field("sources", |r| {
            r.list(4, |r| {
                Ok(PackSource {
                    name: r.field("name", Self::str)?,
                    version: r.field("version", Self::str)?,
                    license: r.field("license", Self::str)?,
                    sha256: r.field("sha256", Self::str)?,
                })
            })
        })?;
        let techniques = self.field("techniques", |r| {
            r.list(3, |r| {
                Ok(Technique {
                    id: r.field("id", Self::str)?,
                    name: r.field("name", Self::str)?,
                    tactics: r.strs("tactics")?,
                })
            })
        })?;
        let software = self.field("software", |r| {
            r.list(5, |r| {
                Ok(Software {
                    id: r.field("id", Self::str)?,
                    name: r.field("name", Self::str)?,
                    kind: r.field("kind", Self::str)?,
                    aliases: r.strs("aliases")?,
                    techniques: r.strs("techniques")?,
                })
            })
        })?;
        let replaced = self.map("replaced", 2, Self::str)?;
        let deprecated = self.strs("deprecated")?;
        let profiles = self.field("profiles", |r| r.list(18, Self::profile))?;
        let campaigns = self.field("campaigns", |r| {
            r.list(5, |r| {
                Ok(Campaign {
                    id: r.field("id", Self::str)?,
                    name: r.field("name", Self::str)?,
                    attributed_to: r.strs("attributed_to")?,
                    techniques: r.strs("techniques")?,
                    software: r.strs("software")?,
                })
            })
        })?;
        let countries = self.map("countries", 2, Self::str)?;
        let params = self.field("params", |r| {
            let at = r.pos;
            match r.byte()? {
                0 => Ok(None),
                1 => r.params().map(Some),
                b => Err(r.error_at(at, format!("expected 0 or 1, found {b}"))),
            }
        })?;
        Ok(Pack {
            format,
            version,
            sha256,
            sources,
            techniques,
            software,
            replaced,
            deprecated,
            profiles,
            campaigns,
            countries,
            params,
        })
    }

    fn profile(&mut self) -> Result<Profile> {
        Ok(Profile {
            id: self.field("id", Self::str)?,
            name: self.field("name", Self::str)?,
            aliases: self.strs("aliases")?,
            parent: self.field("parent", Self::opt)?,
            sponsor: self.field("sponsor", Self::opt)?,
            techniques: self.strs("techniques")?,
            software: self.strs("software")?,
            countries: self.strs("countries")?,
            sectors: self.strs("sectors")?,
            motivations: self.strs("motivations")?,
            infrastructure: self.strs("infrastructure")?,
            languages: self.strs("languages")?,
            triggers: self.strs("triggers")?,
            working: self.field("working", |r| r.list(21, Self::working))?,
            imitates: self.field("imitates", Self::opt)?,
            campaign_features: self.map("campaign_features", 2, Self::str_list)?,
            origin: self.strs("origin")?,
            refs: self.strs("refs")?,
        })
    }

    fn working(&mut self) -> Result<WorkingPattern> {
        Ok(WorkingPattern {
            from: self.field("from", Self::opt)?,
            until: self.field("until", Self::opt)?,
            utc_offset_minutes: self.field("utc_offset_minutes", |r| {
                let at = r.pos;
                let z = r.varint()?;
                let z = u32::try_from(z).map_err(|_| r.error_at(at, "offset too large"))?;
                Ok(((z >> 1) as i32) ^ -((z & 1) as i32))
            })?,
            days: self.field("days", |r| {
                let n = r.count(1)?;
                Ok(r.take(n)?.to_vec())
            })?,
            start_hour: self.field("start_hour", Self::f64)?,
            end_hour: self.field("end_hour", Self::f64)?,
            source: self.field("source", Self::str)?,
        })
    }

    fn params(&mut self) -> Result<Params> {
        let mut f = |name: &'static str| self.field(name, Self::f64);
        let p = Params {
            mu_technique: f("mu_technique")?,
            mu_software: f("mu_software")?,
            mu_country: f("mu_country")?,
            mu_sector: f("mu_sector")?,
            mu_motivation: f("mu_motivation")?,
            mu_language: f("mu_language")?,
            mu_trigger: f("mu_trigger")?,
            mu_infrastructure: f("mu_infrastructure")?,
            infrastructure_space: f("infrastructure_space")?,
            background_pseudo: f("background_pseudo")?,
            implied_weight: f("implied_weight")?,
            parent_weight: f("parent_weight")?,
            sibling_weight: f("sibling_weight")?,
            tau_capability: f("tau_capability")?,
            tau_infrastructure: f("tau_infrastructure")?,
            tau_victim: f("tau_victim")?,
            tau_operations: f("tau_operations")?,
            facet_cap: f("facet_cap")?,
            time_cap: f("time_cap")?,
            on_hours_mass: f("on_hours_mass")?,
            unlisted_prior: f("unlisted_prior")?,
            named_unknown_share: f("named_unknown_share")?,
            prior_exponent: f("prior_exponent")?,
            deception: f("deception")?,
            samples: 0,
        };
        let samples = self.field("samples", |r| {
            let at = r.pos;
            let v = r.varint()?;
            u32::try_from(v).map_err(|_| r.error_at(at, format!("samples {v} too large")))
        })?;
        Ok(Params { samples, ..p })
    }
}

/// `n bytes`, or `1 byte`.
fn n_bytes(n: usize) -> String {
    if n == 1 {
        "1 byte".into()
    } else {
        format!("{n} bytes")
    }
}

/// A digest handed to [`decode`] that cannot be a SHA-256.
fn digest_length(n: usize) -> Error {
    Error::input(format!(
        "profile pack: the payload's digest given has {n} bytes, expected the 32 of a sha256"
    ))
}

/// Read a binary pack (see the module's documentation) and check it as a JSON pack is checked.
/// The seal is compared with `digest`, the payload's SHA-256 as the caller computed it, or, when
/// there is none, with the payload hashed here.
pub(crate) fn decode(bytes: &[u8], digest: Option<&[u8]>) -> Result<Pack> {
    let header = |what: &str, at: usize| {
        Error::input(format!(
            "profile pack: truncated at byte {} while reading the header's {what} (byte {at} on)",
            bytes.len()
        ))
    };
    if !is_binary(bytes) {
        return Err(Error::input(
            "profile pack: not the binary form (it does not start with ATTRIBPK); convert a JSON pack with `attrib pack --profiles PACK.json --out PACK.bin`",
        ));
    }
    if bytes.len() < BINARY_MAGIC.len() {
        return Err(header("magic", 0));
    }
    if bytes[..8] != BINARY_MAGIC {
        return Err(Error::input(
            "profile pack: bad magic at byte 0: expected ATTRIBPK (a binary pack) or a JSON pack",
        ));
    }
    if bytes.len() < 12 {
        return Err(header("format", 8));
    }
    let format = u32::from_le_bytes(bytes[8..12].try_into().expect("four bytes"));
    if format != BINARY_FORMAT {
        return Err(Error::input(format!(
            "profile pack: binary format {format} at byte 8 is not supported, expected {BINARY_FORMAT}"
        )));
    }
    if bytes.len() < HEADER_LEN {
        return Err(header("seal", 12));
    }
    let payload = &bytes[HEADER_LEN..];
    let matches = match digest {
        None => bytes[12..HEADER_LEN] == seal_of(payload),
        Some(d) if d.len() == 32 => bytes[12..HEADER_LEN] == *d,
        Some(d) => return Err(digest_length(d.len())),
    };
    if !matches {
        return Err(Error::input(format!(
            "profile pack: bad seal at byte 12: the sha256 of the {} bytes after the header differs, the file is damaged",
            payload.len()
        )));
    }
    let mut r = Reader {
        bytes,
        pos: HEADER_LEN,
        strings: Vec::new(),
        budget: bytes.len().saturating_mul(MAX_EXPANSION),
        path: Path::starting(Step::Field("strings")),
    };
    // The table: the count, every pair of lengths (shared prefix, rest), then the rests.
    let n = r.count(2)?;
    let mut lens = Vec::with_capacity(n);
    for i in 0..n {
        r.path.push(Step::Item(i));
        let at = r.pos;
        let shared = r.varint()?;
        let rest = r.varint()?;
        lens.push((at, shared, rest));
        r.path.pop();
    }
    r.strings.reserve_exact(n);
    let mut prev: Vec<u8> = Vec::new();
    for (i, (at, shared, rest)) in lens.into_iter().enumerate() {
        r.path.push(Step::Item(i));
        if shared > prev.len() as u64 {
            return Err(r.error_at(
                at,
                format!(
                    "shared prefix {shared} longer than the {} of the string before",
                    n_bytes(prev.len())
                ),
            ));
        }
        if rest > r.left() as u64 {
            return Err(r.error_at(
                at,
                format!("length {rest} larger than the {} left", n_bytes(r.left())),
            ));
        }
        let len = shared as usize + rest as usize;
        if len > r.budget {
            return Err(r.error_at(
                at,
                format!("strings expanding past {MAX_EXPANSION} times the file's length"),
            ));
        }
        r.budget -= len;
        prev.truncate(shared as usize);
        let start = r.pos;
        prev.extend_from_slice(r.take(rest as usize)?);
        let s = std::str::from_utf8(&prev).map_err(|_| r.error_at(start, "invalid utf-8"))?;
        r.strings.push(Name::from(s));
        r.path.pop();
    }
    r.path.clear();
    let pack = r.pack()?;
    if r.pos != bytes.len() {
        let n = bytes.len() - r.pos;
        return Err(Error::input(format!(
            "profile pack: {n} trailing byte{} at byte {} after the pack",
            if n == 1 { "" } else { "s" },
            r.pos
        )));
    }
    pack.check()?;
    Ok(pack)
}
