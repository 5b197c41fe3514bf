//! The profile pack made ready for scoring: interned features, each profile's feature weights,
//! inverted lists from a feature to the profiles that list it, and the document frequencies from
//! which the background rates (the unlisted actor's likelihood) are computed.
//!
//! An [`Index`] holds no model constant except through [`Index::params`], which scoring reads
//! and [`Index::with_params`] swaps in constant time: the structure depends on the pack alone.
//! Every map that is iterated is a sorted vector (a [`Table`] among them), so iteration, and with it
//! every floating-point sum, has one fixed order. The interning tables, the software names and
//! the index build's own look-ups are only looked up, never iterated: they are hash maps with a
//! fixed hash (the same on every platform), for speed.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::case::Kind;
use crate::error::Result;
use crate::model::Params;
use crate::name::{Name, Table};
use crate::pack::{Pack, Profile};
use crate::util;

/// A set-valued feature family that profiles list and cases observe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// ATT&CK techniques, with parent/sibling partial matches and software implication.
    Technique,
    /// Software IDs (or lower-cased names for software the pack does not know).
    Software,
    /// Victim countries.
    Country,
    /// Victim sectors.
    Sector,
    /// Motivations.
    Motivation,
    /// Languages (primary subtag).
    Language,
    /// Trigger events.
    Trigger,
}

impl Family {
    /// All families.
    pub const ALL: [Family; 7] = [
        Family::Technique,
        Family::Software,
        Family::Country,
        Family::Sector,
        Family::Motivation,
        Family::Language,
        Family::Trigger,
    ];

    /// The family that scores observations of `kind`, if it is set-valued.
    ///
    /// ```
    /// use attrib::{case::Kind, index::Family};
    /// assert_eq!(Family::of(Kind::VictimSector), Some(Family::Sector));
    /// assert_eq!(Family::of(Kind::ActivityTime), None);
    /// ```
    pub fn of(kind: Kind) -> Option<Family> {
        Some(match kind {
            Kind::Technique => Family::Technique,
            Kind::Software => Family::Software,
            Kind::VictimCountry => Family::Country,
            Kind::VictimSector => Family::Sector,
            Kind::Motivation => Family::Motivation,
            Kind::Language => Family::Language,
            Kind::Event => Family::Trigger,
            Kind::ActivityTime | Kind::Infrastructure => return None,
        })
    }

    /// Position in per-family arrays.
    pub(crate) fn slot(self) -> usize {
        self as usize
    }

    /// Whether the family describes what an actor can do (techniques, software), as opposed to
    /// whom it targets or how it operates.
    pub fn is_capability(self) -> bool {
        matches!(self, Family::Technique | Family::Software)
    }
}

/// A small, fixed (unkeyed) hash for the interning tables, which hold the pack's own names and
/// are never iterated: the FxHash mix of rustc, a word at a time.
#[derive(Default, Clone, Copy)]
pub(crate) struct FixedHasher(u64);

impl Hasher for FixedHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes(c.try_into().expect("8 bytes"));
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A map that is only looked up, never iterated in an order that matters, with the fixed hash
/// [`FixedHasher`]: the interning tables here, the pack's check and the session's cache.
pub(crate) type FixedMap<K, V> = HashMap<K, V, BuildHasherDefault<FixedHasher>>;

/// A lookup-only map keyed by names.
pub(crate) type NameMap<V> = FixedMap<String, V>;

/// A lookup-only map keyed by borrowed names.
pub(crate) type StrMap<'p, V> = FixedMap<&'p str, V>;

/// The pack's revoked IDs and their replacements, for look-ups only.
type Replaced<'p> = StrMap<'p, &'p Name>;

/// Interned feature names of one family.
#[derive(Debug, Clone, Default)]
struct Vocab {
    names: Vec<Name>,
    ids: FixedMap<Name, u32>,
}

impl Vocab {
    /// The number of `name`, numbering it if it is new: a pack's [`Name`] is shared, any other
    /// text copied once.
    fn intern(&mut self, name: Key<'_>) -> u32 {
        if let Some(&id) = self.ids.get(name.as_str()) {
            return id;
        }
        let id = self.names.len() as u32;
        let name = name.into_name();
        self.names.push(name.clone());
        self.ids.insert(name, id);
        id
    }

    fn get(&self, name: &str) -> Option<u32> {
        self.ids.get(name).copied()
    }
}

/// A feature's text as the index build finds it: a pack's own [`Name`], or text made from one
/// (lower-cased, canonicalised), which is copied only if it is new to the vocabulary.
enum Key<'p> {
    Shared(&'p Name),
    Text(&'p str),
    Made(String),
}

impl Key<'_> {
    fn as_str(&self) -> &str {
        match self {
            Key::Shared(n) => n,
            Key::Text(s) => s,
            Key::Made(s) => s,
        }
    }

    fn into_name(self) -> Name {
        match self {
            Key::Shared(n) => n.clone(),
            Key::Text(s) => Name::from(s),
            Key::Made(s) => Name::from(s),
        }
    }
}

/// Whether lower-casing `s` could change it (a capital, or any non-ASCII character).
fn may_lower(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii())
}

/// `name` lower-cased: `name` itself (shared) when it has no capital, as the packer writes
/// most features.
fn lower(name: &Name) -> Key<'_> {
    if may_lower(name) {
        Key::Made(name.to_lowercase())
    } else {
        Key::Shared(name)
    }
}

/// `name` with its ASCII letters upper-cased, shared when it has none in lower case.
fn upper_ascii(name: &Name) -> Key<'_> {
    if name.bytes().any(|b| b.is_ascii_lowercase()) {
        Key::Made(name.to_ascii_uppercase())
    } else {
        Key::Shared(name)
    }
}

/// How a profile lists a feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Listing {
    /// Implied only: a technique that software the actor uses implements.
    Implied,
    /// Listed by the profile itself.
    Direct,
}

/// A working pattern with its date range as day numbers.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    pub from_day: i64,
    pub until_day: i64,
    pub offset_secs: i64,
    pub days: [bool; 8],
    pub start: f64,
    pub end: f64,
    /// Share of the week that is working time.
    pub on_share: f64,
}

/// One profile, prepared for scoring.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// Position in the pack's profile list.
    pub pos: usize,
    /// Interned features per family, sorted by feature number, with how each is listed.
    pub(crate) features: [Vec<(u32, Listing)>; 7],
    /// Per family: features listed directly, and features implied only.
    pub(crate) counts: [(u32, u32); 7],
    pub(crate) infrastructure: Vec<String>,
    pub(crate) patterns: Vec<Pattern>,
    /// Resolved sponsor (own or inherited), if any.
    pub sponsor: Option<String>,
    /// The same as a position in [`Index::states`].
    pub(crate) state: Option<u16>,
    /// Position of the umbrella in the pack.
    pub(crate) umbrella_pos: usize,
    /// Top ancestor's ID (itself when it has no parent).
    pub umbrella: Name,
    /// For a false-flag hypothesis, the position of the imitated profile.
    pub imitates: Option<usize>,
    /// How well documented the profile is: the number of distinct techniques and software it
    /// lists directly (implied techniques do not count). A false flag takes the figure of the
    /// actor it imitates, so the prior does not prejudge deception. Drives the
    /// documentation-weighted prior (`Params::prior_exponent`).
    pub documentation: usize,
}

impl Prepared {
    /// Whether the profile says anything about what the actor can do (techniques or software),
    /// or imitates an actor that does. A profile without capability data (a MISP cluster known
    /// only by its victims) is a *named unknown*: see [`crate::model`].
    pub fn has_capability(&self) -> bool {
        self.imitates.is_some()
            || self.counts[Family::Technique.slot()] != (0, 0)
            || self.counts[Family::Software.slot()] != (0, 0)
    }

    /// Whether the profile has any data a case can be scored against.
    pub fn has_data(&self) -> bool {
        self.imitates.is_some()
            || self.counts.iter().any(|&c| c != (0, 0))
            || !self.patterns.is_empty()
            || !self.infrastructure.is_empty()
    }

    /// Total weight `W_h` of the profile's listings in family `f`, with implied listings at
    /// `implied_weight`.
    pub(crate) fn total(&self, f: Family, implied_weight: f64) -> f64 {
        let (d, i) = self.counts[f.slot()];
        d as f64 + implied_weight * i as f64
    }
}

/// A pack ready for scoring.
///
/// ```
/// let index = attrib::index::Index::new(attrib::Pack::fixture(), None).unwrap();
/// assert!(index.position("G0032").is_some());
/// ```
#[derive(Debug, Clone)]
pub struct Index {
    pack: Pack,
    params: Params,
    prepared: Vec<Prepared>,
    by_id: Table<usize>,
    vocab: [Vocab; 7],
    /// Per family and feature: the profiles listing it, `(position, listing)`, by position.
    postings: [Vec<Vec<(u32, Listing)>>; 7],
    /// Per family and feature: how many profiles (false flags aside) list it directly.
    df: [Vec<u32>; 7],
    /// Per family: the sum of `df`.
    df_total: [u64; 7],
    /// Techniques: parent of a sub-technique, and sub-techniques of a base technique.
    parent: Vec<Option<u32>>,
    children: Vec<Vec<u32>>,
    /// Techniques the pack describes (current ATT&CK IDs).
    known_techniques: Vec<bool>,
    software_names: NameMap<Name>,
    /// Software names more than one program has (see `software_names`), numbered, and the IDs
    /// each could mean.
    software_shared: Vocab,
    software_shared_ids: Vec<Vec<Name>>,
    /// Every suspected sponsor the profiles resolve to, sorted (shared by the roll-ups' entries).
    states: Vec<Name>,
    /// Each of `states`' display name: the pack's own, else the ISO table's, else its code.
    state_names: Vec<Name>,
    /// Each profile's place in the order of profile IDs, for tie-breaks without string compares.
    id_rank: Vec<u32>,
    /// Profile positions by ID rank (the inverse of `id_rank`).
    by_rank: Vec<u32>,
}

impl Index {
    /// Prepare `pack` for scoring, with `params` or the pack's fitted constants or the defaults.
    ///
    /// ```
    /// let index = attrib::index::Index::new(attrib::Pack::fixture(), None).unwrap();
    /// assert_eq!(index.pack().version, "fixture-1");
    /// ```
    pub fn new(pack: Pack, params: Option<Params>) -> Result<Index> {
        pack.check()?;
        Ok(Index::build(pack, params))
    }

    /// [`Index::new`] for a pack already checked: one that [`Pack::from_binary`] or
    /// [`Pack::from_json`] returned (both run [`Pack::check`]) and nothing changed since. Checking
    /// again would cost the page's start-up a few million instructions for nothing.
    pub(crate) fn build(pack: Pack, params: Option<Params>) -> Index {
        let params = params.or_else(|| pack.params.clone()).unwrap_or_default();
        let by_id = pack.positions();
        let (software_names, software_shared, software_shared_ids) = software_names(&pack);
        let mut vocab: [Vocab; 7] = Default::default();
        // Techniques first, in pack order, so the pack's own techniques have the low numbers.
        for t in &pack.techniques {
            vocab[Family::Technique.slot()].intern(Key::Shared(&t.id));
        }
        for s in &pack.software {
            vocab[Family::Software.slot()].intern(Key::Shared(&s.id));
        }
        let n_known = vocab[Family::Technique.slot()].names.len();
        let software_tech: StrMap<&Vec<Name>> = pack
            .software
            .iter()
            .map(|s| (s.id.as_str(), &s.techniques))
            .collect();
        let mut implied = FixedMap::default();
        let replaced: Replaced = pack.replaced.iter().map(|(k, v)| (k.as_str(), v)).collect();
        let mut prepared: Vec<Prepared> = pack
            .profiles
            .iter()
            .enumerate()
            .map(|(pos, p)| {
                prepare(
                    pos,
                    p,
                    &pack,
                    &by_id,
                    &software_names,
                    &software_tech,
                    &mut vocab,
                    &mut implied,
                    &replaced,
                )
            })
            .collect();
        for (prep, sponsor) in prepared.iter_mut().zip(pack.effective_sponsors()) {
            prep.sponsor = sponsor.map(|s| s.to_ascii_uppercase());
        }
        let own: Vec<usize> = prepared.iter().map(|p| p.documentation).collect();
        for prep in &mut prepared {
            if let Some(target) = prep.imitates {
                prep.documentation = own[target];
            }
        }
        let mut postings: [Vec<Vec<(u32, Listing)>>; 7] = Default::default();
        let mut df: [Vec<u32>; 7] = Default::default();
        let mut df_total = [0u64; 7];
        for f in Family::ALL {
            let n = vocab[f.slot()].names.len();
            postings[f.slot()] = vec![Vec::new(); n];
            df[f.slot()] = vec![0; n];
        }
        for prep in &prepared {
            for f in Family::ALL {
                for &(id, listing) in &prep.features[f.slot()] {
                    postings[f.slot()][id as usize].push((prep.pos as u32, listing));
                    if listing == Listing::Direct && prep.imitates.is_none() {
                        df[f.slot()][id as usize] += 1;
                        df_total[f.slot()] += 1;
                    }
                }
            }
        }
        // The technique tree, by ID shape: `T1566.001` is a sub-technique of `T1566`.
        let tech = &vocab[Family::Technique.slot()];
        let mut parent = vec![None; tech.names.len()];
        let mut children = vec![Vec::new(); tech.names.len()];
        for (id, name) in tech.names.iter().enumerate() {
            if let Some(base) = technique_base(name) {
                if let Some(p) = tech.get(base) {
                    parent[id] = Some(p);
                    children[p as usize].push(id as u32);
                }
            }
        }
        let mut known_techniques = vec![false; tech.names.len()];
        known_techniques[..n_known].fill(true);
        let mut sponsors: Vec<&str> = prepared
            .iter()
            .filter_map(|p| p.sponsor.as_deref())
            .collect();
        util::sort(&mut sponsors);
        sponsors.dedup();
        let states: Vec<Name> = sponsors.into_iter().map(Name::from).collect();
        let state_names = states
            .iter()
            .map(|cc| match pack.countries.get(cc.as_str()) {
                Some(name) => name.clone(),
                None => crate::countries::name(cc).map_or_else(|| cc.clone(), Name::from),
            })
            .collect();
        for prep in &mut prepared {
            prep.state = prep
                .sponsor
                .as_deref()
                .and_then(|s| states.binary_search_by(|x| x.as_str().cmp(s)).ok())
                .map(|i| i as u16);
        }
        let mut id_rank = vec![0u32; pack.profiles.len()];
        let mut by_rank = Vec::with_capacity(pack.profiles.len());
        for (rank, &pos) in by_id.values().enumerate() {
            id_rank[pos] = rank as u32;
            by_rank.push(pos as u32);
        }
        Index {
            pack,
            params,
            prepared,
            by_id,
            vocab,
            postings,
            df,
            df_total,
            parent,
            children,
            known_techniques,
            software_names,
            software_shared,
            software_shared_ids,
            states,
            state_names,
            id_rank,
            by_rank,
        }
    }

    /// The same index scoring with other constants: the structure does not depend on them, so
    /// this costs nothing (the evaluation fits constants this way).
    ///
    /// ```
    /// let index = attrib::index::Index::new(attrib::Pack::fixture(), None).unwrap();
    /// let p = attrib::Params { samples: 7, ..Default::default() };
    /// assert_eq!(index.with_params(p).params().samples, 7);
    /// ```
    pub fn with_params(mut self, params: Params) -> Index {
        self.set_params(params);
        self
    }

    /// Swap the constants in place (see [`Index::with_params`]).
    pub fn set_params(&mut self, params: Params) {
        self.params = params;
    }

    /// The pack behind this index.
    ///
    /// ```
    /// let index = attrib::index::Index::new(attrib::Pack::fixture(), None).unwrap();
    /// assert!(!index.pack().profiles.is_empty());
    /// ```
    pub fn pack(&self) -> &Pack {
        &self.pack
    }

    /// The model constants in force.
    ///
    /// ```
    /// let index = attrib::index::Index::new(attrib::Pack::fixture(), None).unwrap();
    /// assert_eq!(index.params().samples, 1000);
    /// ```
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// Every suspected sponsor (ISO alpha-2) the profiles resolve to, sorted.
    pub(crate) fn states(&self) -> &[Name] {
        &self.states
    }

    /// The display name of each of [`Index::states`], in the same order.
    pub(crate) fn state_names(&self) -> &[Name] {
        &self.state_names
    }

    /// A profile's place in the sorted order of profile IDs.
    pub(crate) fn id_rank(&self, pos: usize) -> u32 {
        self.id_rank[pos]
    }

    /// The profile (its position in the pack) at `rank` in the sorted order of profile IDs:
    /// the inverse of [`Index::id_rank`].
    pub(crate) fn at_rank(&self, rank: u32) -> Option<usize> {
        self.by_rank.get(rank as usize).map(|&p| p as usize)
    }

    /// Prepared profiles, in pack order.
    pub fn prepared(&self) -> &[Prepared] {
        &self.prepared
    }

    /// Position of a profile by ID.
    ///
    /// ```
    /// let index = attrib::index::Index::new(attrib::Pack::fixture(), None).unwrap();
    /// assert_eq!(index.position("nope"), None);
    /// ```
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Canonical software key for a case value: the pack's ID for an ID, name or alias, otherwise
    /// `name:` plus the lower-cased value.
    ///
    /// ```
    /// let index = attrib::index::Index::new(attrib::Pack::fixture(), None).unwrap();
    /// assert_eq!(index.software_key("mimikatz"), "S0002");
    /// assert_eq!(index.software_key("PEACHPIT"), "name:peachpit");
    /// ```
    pub fn software_key(&self, value: &str) -> String {
        resolve_software(&self.software_names, &self.pack, value)
    }

    /// The IDs of every program a software value names when it names more than one (a name or
    /// alias two programs share; none of them has it as its ID), the one it is scored as first.
    ///
    /// ```
    /// let mut pack = attrib::Pack::fixture();
    /// pack.software[1].aliases.push("Mimi".into());
    /// pack.software[3].aliases.push("mimi".into());
    /// let index = attrib::index::Index::new(pack, None).unwrap();
    /// let ids: Vec<&str> = index.software_shared("MIMI").unwrap().iter().map(|n| n.as_str()).collect();
    /// assert_eq!(ids, ["S0154", "S0365"]);
    /// assert_eq!(index.software_key("MIMI"), "S0154");
    /// assert!(index.software_shared("mimikatz").is_none());
    /// ```
    pub fn software_shared(&self, value: &str) -> Option<&[Name]> {
        let v = self.pack.replaced.get(value).map_or(value, Name::as_str);
        self.software_shared
            .get(&v.to_lowercase())
            .map(|at| &self.software_shared_ids[at as usize][..])
    }

    /// Whether the pack describes this technique ID (a current ATT&CK technique).
    ///
    /// ```
    /// let index = attrib::index::Index::new(attrib::Pack::fixture(), None).unwrap();
    /// assert!(index.knows_technique("T1566.001") && !index.knows_technique("T9999"));
    /// ```
    pub fn knows_technique(&self, id: &str) -> bool {
        self.vocab[Family::Technique.slot()]
            .get(id)
            .is_some_and(|i| self.known_techniques[i as usize])
    }

    /// The canonical key of a case value in family `f`, as the profiles' values are keyed:
    /// software resolved by name or alias, languages reduced to their primary subtag, sectors
    /// normalised and sub-sectors taken to their sector ([`crate::case::parent_sector`]),
    /// countries in capitals, motivations and events in lower case.
    pub(crate) fn key(&self, f: Family, value: &str) -> String {
        match f {
            Family::Software => self.software_key(value),
            Family::Language => primary_language(value),
            // As the index build keys the profiles' own (`prepare`), so that a case made in
            // code matches as one read from a file, whose values are normalised already.
            Family::Sector => crate::case::sector_key(value).to_string(),
            Family::Country => value.to_ascii_uppercase(),
            Family::Motivation | Family::Trigger => value.to_lowercase(),
            _ => value.to_string(),
        }
    }

    /// Interned number of a feature, if any profile or the pack knows it.
    pub(crate) fn feature(&self, f: Family, key: &str) -> Option<u32> {
        self.vocab[f.slot()].get(key)
    }

    /// Background rate `q(feature)`: the share of all direct listings in the family that are of
    /// this feature, smoothed by `Params::background_pseudo` per feature (plus one slot for
    /// every feature the pack has never seen). It is the unlisted actor's likelihood and the
    /// Dirichlet prior's mean; it sums to one over the family.
    ///
    /// ```
    /// use attrib::index::{Family, Index};
    /// let index = Index::new(attrib::Pack::fixture(), None).unwrap();
    /// // Mimikatz is listed by several fixture profiles, ROKRAT by one.
    /// assert!(index.background(Family::Software, "S0002") > index.background(Family::Software, "S0240"));
    /// ```
    pub fn background(&self, f: Family, key: &str) -> f64 {
        let df = self
            .feature(f, key)
            .map_or(0, |i| self.df[f.slot()][i as usize]);
        self.background_of(f, df)
    }

    pub(crate) fn background_of(&self, f: Family, df: u32) -> f64 {
        let a = self.params.background_pseudo;
        let v = self.vocab[f.slot()].names.len() as f64 + 1.0;
        (df as f64 + a) / (self.df_total[f.slot()] as f64 + a * v)
    }

    /// Number of profiles listing the feature directly (document frequency).
    ///
    /// ```
    /// use attrib::index::{Family, Index};
    /// let index = Index::new(attrib::Pack::fixture(), None).unwrap();
    /// assert_eq!(index.document_frequency(Family::Software, "S0002"), 4);
    /// ```
    pub fn document_frequency(&self, f: Family, key: &str) -> u32 {
        self.feature(f, key)
            .map_or(0, |i| self.df[f.slot()][i as usize])
    }

    /// Every profile that matches feature `key` of family `f` fully or partly, with its match
    /// weight `m_h` in (0, 1], in position order. Techniques match partly through a parent
    /// (`Params::parent_weight`), a sibling sub-technique (`sibling_weight`), or software that
    /// implements them (`implied_weight`).
    pub(crate) fn matches(&self, f: Family, key: &str) -> Vec<(u32, f64)> {
        let prm = &self.params;
        let weight = |l: Listing| match l {
            Listing::Direct => 1.0,
            Listing::Implied => prm.implied_weight,
        };
        // Every (position, weight) found, then, by position, the largest weight (0 at least).
        let mut found: Vec<(u32, f64)> = Vec::new();
        let mut add = |list: &[(u32, Listing)], scale: f64| {
            found.extend(list.iter().map(|&(pos, l)| (pos, scale * weight(l))));
        };
        let posts = &self.postings[f.slot()];
        let id = self.feature(f, key);
        if let Some(i) = id {
            add(&posts[i as usize], 1.0);
        }
        if f == Family::Technique {
            // The parent of an observed sub-technique, and its siblings.
            let parent = match id {
                Some(i) => self.parent[i as usize],
                None => technique_base(key).and_then(|b| self.feature(f, b)),
            };
            if let Some(p) = parent {
                add(&posts[p as usize], prm.parent_weight);
                for &s in &self.children[p as usize] {
                    if Some(s) != id {
                        add(&posts[s as usize], prm.sibling_weight);
                    }
                }
            }
            // The sub-techniques of an observed base technique.
            if let Some(i) = id {
                for &c in &self.children[i as usize] {
                    add(&posts[c as usize], prm.parent_weight);
                }
            }
        }
        util::sort_by_key(&mut found, |&(pos, _)| pos);
        let mut out: Vec<(u32, f64)> = Vec::with_capacity(found.len());
        for (pos, w) in found {
            match out.last_mut() {
                Some(e) if e.0 == pos => {
                    if w > e.1 {
                        e.1 = w;
                    }
                }
                _ => out.push((pos, if w > 0.0 { w } else { 0.0 })),
            }
        }
        out
    }

    /// Whether a profile lists infrastructure matching `value`: exactly, or an address inside a
    /// listed network (either way round).
    pub(crate) fn infra_match(&self, prep: &Prepared, value: &str) -> bool {
        prep.infrastructure
            .iter()
            .any(|listed| infra_matches(listed, value))
    }

    /// The working pattern in force on `day` (days since the epoch, UTC), if any.
    pub(crate) fn patterns_of<'p>(&self, prep: &'p Prepared, day: i64) -> Option<&'p Pattern> {
        prep.patterns
            .iter()
            .find(|p| p.from_day <= day && day < p.until_day)
    }
}

/// Software names, lower-cased, to the ID of the software they name, ranked as
/// [`Index::lookup`] ranks them, so that the page names an item as it is scored: an ID names its
/// own software, else an exact name, else an alias; within a rank the first in pack order wins.
/// Alongside, every name that more than one program has at the rank it resolves at (numbered),
/// with the IDs it could mean in pack order (the first is the one it resolves to).
fn software_names(pack: &Pack) -> (NameMap<Name>, Vocab, Vec<Vec<Name>>) {
    let mut names = NameMap::default();
    let mut shared = Vocab::default();
    let mut shared_ids: Vec<Vec<Name>> = Vec::new();
    for s in &pack.software {
        names
            .entry(s.id.to_lowercase())
            .or_insert_with(|| s.id.clone());
    }
    for aliases in [false, true] {
        // The keys this rank resolves, and by which software first.
        let mut claimed: NameMap<Name> = NameMap::default();
        for s in &pack.software {
            let keys = if aliases {
                &s.aliases[..]
            } else {
                std::slice::from_ref(&s.name)
            };
            for k in keys {
                let key = k.to_lowercase();
                if let Some(first) = claimed.get(&key) {
                    if *first != s.id {
                        let at = shared.intern(Key::Made(key)) as usize;
                        if at == shared_ids.len() {
                            shared_ids.push(vec![first.clone()]);
                        }
                        // Software IDs are unique and one program's keys come together, so a
                        // program already listed for this key is the last one.
                        if shared_ids[at].last() != Some(&s.id) {
                            shared_ids[at].push(s.id.clone());
                        }
                    }
                } else if let std::collections::hash_map::Entry::Vacant(e) = names.entry(key) {
                    claimed.insert(e.key().clone(), s.id.clone());
                    e.insert(s.id.clone());
                }
            }
        }
    }
    (names, shared, shared_ids)
}

/// What a software value names, after any revocation: software of the pack (its ID, found by
/// ID, name or alias), or, for software the pack does not know, the key `name:` and the value
/// lower-cased.
enum SoftwareKey<'n> {
    Known(&'n Name),
    Unknown(String),
}

fn software_key_of<'n>(names: &'n NameMap<Name>, pack: &Pack, value: &str) -> SoftwareKey<'n> {
    let v = pack.replaced.get(value).map_or(value, Name::as_str);
    let lowered;
    let v = if may_lower(v) {
        lowered = v.to_lowercase();
        lowered.as_str()
    } else {
        v
    };
    match names.get(v) {
        Some(id) => SoftwareKey::Known(id),
        None => SoftwareKey::Unknown(format!("name:{v}")),
    }
}

fn resolve_software(names: &NameMap<Name>, pack: &Pack, value: &str) -> String {
    match software_key_of(names, pack, value) {
        SoftwareKey::Known(id) => id.to_string(),
        SoftwareKey::Unknown(key) => key,
    }
}

/// `T1566.001` -> `T1566`; `None` for anything that is not a sub-technique ID.
fn technique_base(id: &str) -> Option<&str> {
    let b = id.as_bytes();
    (b.len() > 6 && b[5] == b'.' && b[0] == b'T' && b[1..5].iter().all(u8::is_ascii_digit))
        .then(|| &id[..5])
}

#[allow(clippy::too_many_arguments)]
fn prepare<'p>(
    pos: usize,
    p: &'p Profile,
    pack: &'p Pack,
    by_id: &Table<usize>,
    software_names: &'p NameMap<Name>,
    software_tech: &StrMap<'p, &'p Vec<Name>>,
    vocab: &mut [Vocab; 7],
    implied: &mut FixedMap<Name, Vec<u32>>,
    replaced: &Replaced<'p>,
) -> Prepared {
    // Per family, each listing as `2 × feature + (1 if direct)`: sorted, the listings of one
    // feature are neighbours with the direct one last.
    let mut sets: [Vec<u32>; 7] = Default::default();
    let mut add = |f: Family, id: u32, l: Listing| {
        sets[f.slot()].push(id * 2 + (l == Listing::Direct) as u32);
    };
    let canon_tech = |t: &'p Name| Key::Shared(replaced.get(t.as_str()).copied().unwrap_or(t));
    for t in &p.techniques {
        let id = vocab[Family::Technique.slot()].intern(canon_tech(t));
        add(Family::Technique, id, Listing::Direct);
    }
    for s in &p.software {
        let id = match software_key_of(software_names, pack, s) {
            SoftwareKey::Known(id) => id,
            SoftwareKey::Unknown(key) => {
                let sid = vocab[Family::Software.slot()].intern(Key::Made(key));
                add(Family::Software, sid, Listing::Direct);
                continue;
            }
        };
        // A software's implied techniques are interned the first time a profile uses it, in
        // the order they would be one by one (so every feature keeps its number), and reused.
        if let Some(techs) = software_tech.get(id.as_str()) {
            if !implied.contains_key(id.as_str()) {
                let ids = techs
                    .iter()
                    .map(|t| vocab[Family::Technique.slot()].intern(canon_tech(t)))
                    .collect();
                implied.insert(id.clone(), ids);
            }
            for &t in &implied[id.as_str()] {
                add(Family::Technique, t, Listing::Implied);
            }
        }
        let sid = vocab[Family::Software.slot()].intern(Key::Shared(id));
        add(Family::Software, sid, Listing::Direct);
    }
    let mut list = |vocab: &mut [Vocab; 7], f: Family, key: Key<'_>| {
        let id = vocab[f.slot()].intern(key);
        add(f, id, Listing::Direct);
    };
    for c in &p.countries {
        list(vocab, Family::Country, upper_ascii(c));
    }
    for s in &p.sectors {
        // Keyed as a case's is (`Index::key`): a sub-sector as its sector.
        let key = match crate::case::sector_key(s) {
            k if k == s.as_str() => Key::Shared(s),
            k => Key::Text(k),
        };
        list(vocab, Family::Sector, key);
    }
    for m in &p.motivations {
        list(vocab, Family::Motivation, lower(m));
    }
    for l in &p.languages {
        let primary = primary_language(l);
        let key = if primary == l.as_str() {
            Key::Shared(l)
        } else {
            Key::Made(primary)
        };
        list(vocab, Family::Language, key);
    }
    for t in &p.triggers {
        list(vocab, Family::Trigger, lower(t));
    }
    let mut counts = [(0u32, 0u32); 7];
    let features: [Vec<(u32, Listing)>; 7] = std::array::from_fn(|f| {
        let keys = &mut sets[f];
        // Equal keys are the same listing, so an unstable sort gives one order.
        keys.sort_unstable();
        // One entry per feature, listed directly if any listing of it is direct.
        let mut v: Vec<(u32, Listing)> = Vec::with_capacity(keys.len());
        for &k in keys.iter() {
            let l = if k & 1 == 1 {
                Listing::Direct
            } else {
                Listing::Implied
            };
            match v.last_mut() {
                Some(last) if last.0 == k / 2 => last.1 = l,
                _ => v.push((k / 2, l)),
            }
        }
        let direct = v.iter().filter(|(_, l)| *l == Listing::Direct).count() as u32;
        counts[f] = (direct, v.len() as u32 - direct);
        v
    });
    let patterns = p.working.iter().map(pattern).collect();
    let umbrella = umbrella(p, pack, by_id);
    let documentation =
        (counts[Family::Technique.slot()].0 + counts[Family::Software.slot()].0) as usize;
    Prepared {
        pos,
        documentation,
        features,
        counts,
        infrastructure: p
            .infrastructure
            .iter()
            .map(|s| s.to_ascii_lowercase())
            .collect(),
        patterns,
        // Filled in by `Index::new` from `Pack::effective_sponsors`.
        sponsor: None,
        state: None,
        umbrella_pos: by_id.get(umbrella.as_str()).copied().unwrap_or(pos),
        umbrella,
        imitates: p
            .imitates
            .as_ref()
            .and_then(|id| by_id.get(id.as_str()).copied()),
    }
}

fn pattern(w: &crate::pack::WorkingPattern) -> Pattern {
    let mut days = [false; 8];
    for &d in &w.days {
        days[d as usize] = true;
    }
    let hours = if w.end_hour >= w.start_hour {
        w.end_hour - w.start_hour
    } else {
        24.0 - w.start_hour + w.end_hour
    };
    let ndays = days.iter().filter(|d| **d).count() as f64;
    Pattern {
        from_day: w
            .from
            .as_deref()
            .and_then(util::parse_date)
            .unwrap_or(i64::MIN),
        until_day: w
            .until
            .as_deref()
            .and_then(util::parse_date)
            .unwrap_or(i64::MAX),
        offset_secs: w.utc_offset_minutes as i64 * 60,
        days,
        start: w.start_hour,
        end: w.end_hour,
        on_share: (ndays / 7.0) * (hours / 24.0),
    }
}

/// The umbrella of a profile: walk up the parent chain (checked acyclic by `Pack::check`) to the
/// highest ancestor that is an actor with evidence of its own, so that a pure container such as
/// "DPRK state-sponsored activity" does not swallow Lazarus.
fn umbrella(p: &Profile, pack: &Pack, by_id: &Table<usize>) -> Name {
    let mut umbrella = p.id.clone();
    let mut cur = p.parent.as_deref();
    while let Some(id) = cur {
        let Some(&i) = by_id.get(id) else { break };
        let parent = &pack.profiles[i];
        if !is_container(parent) {
            umbrella = parent.id.clone();
        }
        cur = parent.parent.as_deref();
    }
    umbrella
}

/// A profile that only groups others: no features, patterns, infrastructure or imitation.
pub(crate) fn is_container(p: &Profile) -> bool {
    p.techniques.is_empty()
        && p.software.is_empty()
        && p.countries.is_empty()
        && p.sectors.is_empty()
        && p.motivations.is_empty()
        && p.infrastructure.is_empty()
        && p.triggers.is_empty()
        && p.working.is_empty()
        && p.imitates.is_none()
}

/// `ko-KR` -> `ko`.
pub(crate) fn primary_language(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Does a listed indicator match an observed one? Exact, or address-in-network either way.
pub(crate) fn infra_matches(listed: &str, observed: &str) -> bool {
    if listed == observed {
        return true;
    }
    let net = |s: &str| s.strip_prefix("cidr:").and_then(crate::case::parse_cidr);
    let ip = |s: &str| {
        s.strip_prefix("ip:")
            .and_then(|a| a.parse::<std::net::IpAddr>().ok())
    };
    match (net(listed), ip(observed), net(observed), ip(listed)) {
        (Some(n), Some(a), _, _) => in_network(n, a),
        (_, _, Some(n), Some(a)) => in_network(n, a),
        (Some(n1), _, Some(n2), _) => in_network(n1, n2.0) || in_network(n2, n1.0),
        _ => false,
    }
}

fn in_network((net, len): (std::net::IpAddr, u8), addr: std::net::IpAddr) -> bool {
    use std::net::IpAddr::{V4, V6};
    match (net, addr) {
        (V4(n), V4(a)) => {
            let mask = if len == 0 {
                0
            } else {
                u32::MAX << (32 - len as u32)
            };
            u32::from(n) & mask == u32::from(a) & mask
        }
        (V6(n), V6(a)) => {
            let mask = if len == 0 {
                0
            } else {
                u128::MAX << (128 - len as u32)
            };
            u128::from(n) & mask == u128::from(a) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn networks() {
        assert!(infra_matches("cidr:175.45.176.0/22", "ip:175.45.178.1"));
        assert!(!infra_matches("cidr:175.45.176.0/22", "ip:175.45.180.1"));
        assert!(infra_matches("ip:10.0.0.1", "cidr:10.0.0.0/8"));
        assert!(infra_matches("domain:a.example", "domain:a.example"));
    }

    #[test]
    fn a_state_is_named_by_the_pack_then_the_iso_table_then_its_code() {
        let mut pack = Pack::fixture();
        pack.countries
            .insert("KP".into(), "North Korea (the pack's name)".into());
        pack.countries.remove("RU");
        let last = pack.profiles.len() - 1;
        pack.profiles[last].sponsor = Some("XQ".into());
        let index = Index::new(pack, None).unwrap();
        let named: Vec<(&str, &str)> = index
            .states()
            .iter()
            .zip(index.state_names())
            .map(|(c, n)| (c.as_str(), n.as_str()))
            .collect();
        assert!(
            named.contains(&("KP", "North Korea (the pack's name)")),
            "{named:?}"
        );
        let ru = crate::countries::name("RU").unwrap();
        assert!(named.contains(&("RU", ru)), "{named:?}");
        assert!(named.contains(&("XQ", "XQ")), "{named:?}");
    }

    #[test]
    fn technique_bases() {
        assert_eq!(technique_base("T1566.001"), Some("T1566"));
        assert_eq!(technique_base("T1566"), None);
        // Malformed IDs (a STIX import can carry anything) are not sub-techniques.
        assert_eq!(technique_base("T15660"), None);
        assert_eq!(technique_base("attack-pattern--x"), None);
        assert_eq!(technique_base("T15é6.001"), None);
    }

    fn weight(index: &Index, pos: usize, key: &str) -> f64 {
        index
            .matches(Family::Technique, key)
            .into_iter()
            .find(|&(p, _)| p as usize == pos)
            .map_or(0.0, |(_, w)| w)
    }

    #[test]
    fn partial_technique_matches() {
        let index = Index::new(Pack::fixture(), None).unwrap();
        let laz = index.position("G0032").unwrap();
        assert_eq!(weight(&index, laz, "T1566.001"), 1.0);
        assert_eq!(weight(&index, laz, "T1566.002"), 0.25);
        assert_eq!(weight(&index, laz, "T1566"), 0.5);
        // Implied through WannaCry (S0366 -> T1486).
        assert_eq!(weight(&index, laz, "T1486"), 0.5);
    }

    #[test]
    fn background_sums_to_one() {
        let index = Index::new(Pack::fixture(), None).unwrap();
        for f in Family::ALL {
            let v = &index.vocab[f.slot()];
            let total: f64 = v.names.iter().map(|n| index.background(f, n)).sum::<f64>()
                + index.background(f, "never seen");
            assert!((total - 1.0).abs() < 1e-12, "{f:?}: {total}");
        }
    }
}
