//! The profile pack made ready for scoring: resolved names, effective feature weights and the
//! background rates that the unlisted-actor hypothesis uses.
//!
//! Building an [`Index`] is the only expensive step; scoring a case against it is cheap. Every map
//! is a `BTreeMap` so that iteration, and with it every floating-point sum, has one fixed order.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;

use crate::case::Kind;
use crate::error::Result;
use crate::model::Params;
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

    fn slot(self) -> usize {
        self as usize
    }
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
    /// Feature weights per family (direct 1.0, implied lower).
    pub(crate) weights: [BTreeMap<String, f64>; 7],
    /// Recall per family: `min(1, k / total weight)`; 0 when the profile lists nothing.
    pub(crate) recall: [f64; 7],
    pub(crate) infrastructure: Vec<String>,
    pub(crate) patterns: Vec<Pattern>,
    /// Resolved sponsor (own or inherited), if any.
    pub sponsor: Option<String>,
    /// Top ancestor's ID (itself when it has no parent).
    pub umbrella: String,
    /// For a false-flag hypothesis, the position of the imitated profile.
    pub imitates: Option<usize>,
    /// How well documented the profile is: the number of distinct techniques and software it
    /// lists directly (implied techniques do not count). A false flag takes the figure of the
    /// actor it imitates, so the prior does not prejudge deception. Drives the
    /// documentation-weighted prior (`Params::prior_exponent`).
    pub documentation: usize,
}

/// Per-feature statistics over every profile in the pack.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct FeatureStat {
    /// Sum over profiles of `recall * weight`.
    pub sum: f64,
    /// Max over profiles of `recall * weight`.
    pub max: f64,
    /// Number of profiles that list the feature directly.
    pub df: u32,
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
    by_id: BTreeMap<String, usize>,
    stats: [BTreeMap<String, FeatureStat>; 7],
    /// Number of profiles with any data for each family.
    informed: [usize; 7],
    software_names: BTreeMap<String, String>,
    technique_ids: BTreeSet<String>,
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
        let params = params.or_else(|| pack.params.clone()).unwrap_or_default();
        let by_id = pack.positions();
        let mut software_names = BTreeMap::new();
        for s in &pack.software {
            for name in std::iter::once(&s.name).chain(&s.aliases) {
                software_names
                    .entry(name.to_lowercase())
                    .or_insert_with(|| s.id.clone());
            }
            software_names.insert(s.id.to_lowercase(), s.id.clone());
        }
        let software_tech: BTreeMap<&str, &Vec<String>> = pack
            .software
            .iter()
            .map(|s| (s.id.as_str(), &s.techniques))
            .collect();
        let technique_ids: BTreeSet<String> =
            pack.techniques.iter().map(|t| t.id.clone()).collect();

        let mut index = Index {
            prepared: Vec::with_capacity(pack.profiles.len()),
            by_id,
            stats: Default::default(),
            informed: [0; 7],
            software_names,
            technique_ids,
            params,
            pack: Pack::default(),
        };
        for (pos, p) in pack.profiles.iter().enumerate() {
            let prepared = index.prepare(pos, p, &pack, &software_tech);
            index.prepared.push(prepared);
        }
        let own: Vec<usize> = index.prepared.iter().map(|p| p.documentation).collect();
        for prep in &mut index.prepared {
            if let Some(target) = prep.imitates {
                prep.documentation = own[target];
            }
        }
        index.pack = pack;
        index.build_stats();
        Ok(index)
    }

    fn resolve_software(&self, value: &str, pack: &Pack) -> String {
        let v = pack
            .replaced
            .get(value)
            .map(String::as_str)
            .unwrap_or(value);
        self.software_names
            .get(&v.to_lowercase())
            .cloned()
            .unwrap_or_else(|| format!("name:{}", v.to_lowercase()))
    }

    fn prepare(
        &self,
        pos: usize,
        p: &Profile,
        pack: &Pack,
        software_tech: &BTreeMap<&str, &Vec<String>>,
    ) -> Prepared {
        let prm = &self.params;
        let mut weights: [BTreeMap<String, f64>; 7] = Default::default();
        let direct = |set: &mut BTreeMap<String, f64>, v: String| {
            set.insert(v, 1.0);
        };
        let canon_tech = |t: &String| pack.replaced.get(t).cloned().unwrap_or_else(|| t.clone());
        for t in &p.techniques {
            direct(&mut weights[Family::Technique.slot()], canon_tech(t));
        }
        for s in &p.software {
            let id = self.resolve_software(s, pack);
            if let Some(techs) = software_tech.get(id.as_str()) {
                for t in techs.iter() {
                    let e = weights[Family::Technique.slot()]
                        .entry(canon_tech(t))
                        .or_insert(0.0);
                    *e = e.max(prm.implied_weight);
                }
            }
            direct(&mut weights[Family::Software.slot()], id);
        }
        for c in &p.countries {
            direct(&mut weights[Family::Country.slot()], c.to_ascii_uppercase());
        }
        for s in &p.sectors {
            let s = crate::case::normalise_sector(s)
                .map(str::to_string)
                .unwrap_or_else(|| s.clone());
            direct(&mut weights[Family::Sector.slot()], s);
        }
        for m in &p.motivations {
            direct(&mut weights[Family::Motivation.slot()], m.to_lowercase());
        }
        for l in &p.languages {
            direct(&mut weights[Family::Language.slot()], primary_language(l));
        }
        for t in &p.triggers {
            direct(&mut weights[Family::Trigger.slot()], t.to_lowercase());
        }
        let mut recall = [0.0; 7];
        for f in Family::ALL {
            let total: f64 = weights[f.slot()].values().sum();
            let k = match f {
                Family::Technique => prm.k_technique,
                Family::Software => prm.k_software,
                Family::Country => prm.k_country,
                Family::Sector => prm.k_sector,
                Family::Motivation | Family::Language | Family::Trigger => 1.0,
            };
            recall[f.slot()] = if total > 0.0 {
                (k / total).min(1.0)
            } else {
                0.0
            };
        }
        let patterns = p
            .working
            .iter()
            .map(|w| {
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
            })
            .collect();
        // Sponsor and umbrella: walk up the parent chain (checked acyclic by Pack::check). The
        // umbrella is the highest ancestor that is an actor with evidence of its own, so that a
        // pure container such as "DPRK state-sponsored activity" does not swallow Lazarus.
        let mut sponsor = p.sponsor.clone();
        let mut umbrella = p.id.clone();
        let mut cur = p.parent.as_deref();
        while let Some(id) = cur {
            let Some(&i) = self.by_id.get(id) else { break };
            let parent = &pack.profiles[i];
            if sponsor.is_none() {
                sponsor = parent.sponsor.clone();
            }
            if !is_container(parent) {
                umbrella = parent.id.clone();
            }
            cur = parent.parent.as_deref();
        }
        let documentation = weights[Family::Technique.slot()]
            .values()
            .filter(|&&w| w >= 1.0)
            .count()
            + weights[Family::Software.slot()].len();
        Prepared {
            pos,
            documentation,
            weights,
            recall,
            infrastructure: p
                .infrastructure
                .iter()
                .map(|s| s.to_ascii_lowercase())
                .collect(),
            patterns,
            sponsor: sponsor.map(|s| s.to_ascii_uppercase()),
            umbrella,
            imitates: p
                .imitates
                .as_ref()
                .and_then(|id| self.by_id.get(id).copied()),
        }
    }

    fn build_stats(&mut self) {
        let (stats, informed) = self.compute_stats();
        self.stats = stats;
        self.informed = informed;
    }

    #[allow(clippy::type_complexity)]
    fn compute_stats(&self) -> ([BTreeMap<String, FeatureStat>; 7], [usize; 7]) {
        let mut stats: [BTreeMap<String, FeatureStat>; 7] = Default::default();
        let mut informed = [0usize; 7];
        for prep in &self.prepared {
            if prep.imitates.is_some() {
                continue; // a false flag has no behaviour of its own
            }
            for f in Family::ALL {
                let w = &prep.weights[f.slot()];
                if w.is_empty() {
                    continue;
                }
                informed[f.slot()] += 1;
                let r = prep.recall[f.slot()];
                // Every feature this profile matches fully or partly, with its match weight.
                let matches: Vec<(&str, f64)> = if f == Family::Technique {
                    self.technique_matches(w)
                } else {
                    w.iter().map(|(k, &v)| (k.as_str(), v)).collect()
                };
                let st_map = &mut stats[f.slot()];
                for (feat, m) in matches {
                    let m = r * m;
                    let direct = w.get(feat).is_some_and(|&x| x >= 1.0);
                    let st = match st_map.get_mut(feat) {
                        Some(st) => st,
                        None => st_map.entry(feat.to_string()).or_default(),
                    };
                    st.sum += m;
                    st.max = st.max.max(m);
                    if direct {
                        st.df += 1;
                    }
                }
            }
        }
        (stats, informed)
    }

    /// Every technique a profile's weights match fully or partly, with the weight
    /// [`Index::match_weight_in`] gives it, computed per base technique in one pass: the parent,
    /// every sub-technique the pack knows, and the profile's own entries.
    fn technique_matches<'a>(&'a self, w: &'a BTreeMap<String, f64>) -> Vec<(&'a str, f64)> {
        let prm = &self.params;
        let mut out = Vec::new();
        // The map is sorted, so a base technique and its sub-techniques are contiguous.
        let mut i = w.iter().peekable();
        while let Some((first, _)) = i.peek() {
            // Only a well-formed ID opens a group, and the inner loop always consumes it: a key
            // such as `T15660` or a STIX ID is kept as it is, so every pass makes progress.
            if !crate::case::is_technique_id(first) {
                let (k, &v) = i.next().expect("peeked");
                out.push((k.as_str(), v));
                continue;
            }
            let base: &'a str = &first[..5];
            let mut parent = 0.0f64;
            let mut subs: Vec<(&'a str, f64)> = Vec::new();
            while let Some((k, &v)) = i.peek().map(|(k, v)| (*k, *v)) {
                if !k.starts_with(base) {
                    break;
                }
                if !crate::case::is_technique_id(k) {
                    // Foreign, such as `T1566 x` sorted inside the group: kept as it is.
                    out.push((k.as_str(), v));
                } else if k.len() == 5 {
                    parent = v;
                } else {
                    subs.push((k.as_str(), v));
                }
                i.next();
            }
            // Largest and second-largest sub-technique weight, for "best sibling but me".
            let (mut max1, mut max1_id, mut max2) = (0.0f64, "", 0.0f64);
            for &(k, v) in &subs {
                if v > max1 {
                    max2 = max1;
                    max1 = v;
                    max1_id = k;
                } else if v > max2 {
                    max2 = v;
                }
            }
            let base_id = self
                .technique_ids
                .get(base)
                .map(String::as_str)
                .unwrap_or(base);
            out.push((base_id, parent.max(prm.parent_weight * max1)));
            let buf = sub_prefix(base);
            let prefix = std::str::from_utf8(&buf).unwrap_or("");
            let known = self
                .technique_ids
                .range::<str, _>((Bound::Included(prefix), Bound::Unbounded))
                .take_while(|id| id.starts_with(prefix))
                .map(String::as_str);
            let listed = subs.iter().map(|&(k, _)| k);
            let all: BTreeSet<&'a str> = known.chain(listed).collect();
            for id in all {
                let direct = subs.iter().find(|(k, _)| *k == id).map_or(0.0, |&(_, v)| v);
                if direct >= 1.0 {
                    out.push((id, direct));
                    continue;
                }
                let others = if id == max1_id { max2 } else { max1 };
                let m = direct
                    .max(prm.parent_weight * parent)
                    .max(prm.sibling_weight * others);
                out.push((id, m));
            }
        }
        out
    }

    /// Weight with which a profile's family map matches `feat` (partial matches for techniques).
    pub(crate) fn match_weight_in(&self, f: Family, w: &BTreeMap<String, f64>, feat: &str) -> f64 {
        let direct = w.get(feat).copied().unwrap_or(0.0);
        if f != Family::Technique || direct >= 1.0 || !crate::case::is_technique_id(feat) {
            return direct;
        }
        let prm = &self.params;
        let base = &feat[..5];
        let buf = sub_prefix(base);
        let prefix = std::str::from_utf8(&buf).unwrap_or("");
        let subs = w
            .range::<str, _>((Bound::Included(prefix), Bound::Unbounded))
            .take_while(|(k, _)| k.starts_with(prefix));
        let mut best = direct;
        if feat.len() > 5 {
            // Observed a sub-technique: the profile's parent, or a sibling.
            if let Some(&pw) = w.get(base) {
                best = best.max(prm.parent_weight * pw);
            }
            for (k, &sw) in subs {
                if k != feat {
                    best = best.max(prm.sibling_weight * sw);
                }
            }
        } else {
            // Observed a parent: any of the profile's sub-techniques.
            for (_, &cw) in subs {
                best = best.max(prm.parent_weight * cw);
            }
        }
        best
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
    /// assert_eq!(index.params().samples, 2000);
    /// ```
    pub fn params(&self) -> &Params {
        &self.params
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
        self.resolve_software(value, &self.pack)
    }

    /// Whether the pack knows this technique ID.
    pub fn knows_technique(&self, id: &str) -> bool {
        self.technique_ids.contains(id)
    }

    /// Background probability `P(feature | unlisted actor)` of a feature: how often a random actor
    /// in the pack shows it, smoothed so that unseen features keep a small positive rate.
    ///
    /// ```
    /// use attrib::index::{Family, Index};
    /// let index = Index::new(attrib::Pack::fixture(), None).unwrap();
    /// // Mimikatz is listed by several fixture profiles, ROKRAT by one.
    /// assert!(index.background(Family::Software, "S0002") > index.background(Family::Software, "S0240"));
    /// ```
    pub fn background(&self, f: Family, feat: &str) -> f64 {
        let st = self.stats[f.slot()].get(feat).copied().unwrap_or_default();
        (st.sum + self.params.background_pseudo) / (self.informed[f.slot()] as f64 + 1.0)
    }

    /// Number of profiles listing the feature directly (document frequency).
    ///
    /// ```
    /// use attrib::index::{Family, Index};
    /// let index = Index::new(attrib::Pack::fixture(), None).unwrap();
    /// assert_eq!(index.document_frequency(Family::Software, "S0002"), 4);
    /// ```
    pub fn document_frequency(&self, f: Family, feat: &str) -> u32 {
        self.stats[f.slot()].get(feat).map(|s| s.df).unwrap_or(0)
    }

    /// Largest `recall * weight` any profile has for the feature (the planted path's template).
    pub(crate) fn feature_max(&self, f: Family, feat: &str) -> f64 {
        self.stats[f.slot()].get(feat).map(|s| s.max).unwrap_or(0.0)
    }

    /// `P(feature | profile) / P(feature | unlisted)` before quality and deception.
    ///
    /// A profile with no data for the family is uninformative (ratio 1): missing data is not
    /// evidence against it.
    pub(crate) fn set_lr(&self, prep: &Prepared, f: Family, feat: &str, bg: f64) -> f64 {
        let w = &prep.weights[f.slot()];
        if w.is_empty() {
            return 1.0;
        }
        let lam = self.params.leak;
        let m = prep.recall[f.slot()] * self.match_weight_in(f, w, feat);
        ((1.0 - lam) * m + lam * bg) / bg
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

/// `T1566` -> the bytes of `T1566.`, the prefix shared by its sub-techniques.
fn sub_prefix(base: &str) -> [u8; 6] {
    let mut buf = [b'.'; 6];
    let b = base.as_bytes();
    buf[..b.len().min(5)].copy_from_slice(&b[..b.len().min(5)]);
    buf
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
    fn one_pass_matches_agree_with_match_weight_in() {
        let index = Index::new(Pack::fixture(), None).unwrap();
        for prep in index.prepared() {
            let w = &prep.weights[Family::Technique.slot()];
            let fast = index.technique_matches(w);
            assert!(fast.len() >= w.len());
            for (feat, m) in fast {
                assert_eq!(
                    m,
                    index.match_weight_in(Family::Technique, w, feat),
                    "{feat}"
                );
            }
        }
    }

    #[test]
    fn technique_matches_ends_on_keys_that_are_not_technique_ids() {
        // 18ded05 looped forever on a key whose sixth byte is not '.' (issue 13, D1). Pack::check
        // keeps such keys out of a pack; the loop must end on them anyway.
        let index = Index::new(Pack::fixture(), None).unwrap();
        let w: BTreeMap<String, f64> = [
            "T1",
            "T1566",
            "T1566 x",
            "T1566.001",
            "T15660",
            "T1566.0x",
            "attack-pattern--b",
            "T9999",
            "t1566",
        ]
        .iter()
        .map(|k| (k.to_string(), 1.0))
        .collect();
        let fast = index.technique_matches(&w);
        for k in w.keys() {
            assert!(fast.iter().any(|(f, _)| f == k), "{k} is matched");
        }
        for (feat, m) in fast {
            assert_eq!(
                m,
                index.match_weight_in(Family::Technique, &w, feat),
                "{feat}"
            );
        }
    }

    #[test]
    fn partial_technique_matches() {
        let index = Index::new(Pack::fixture(), None).unwrap();
        let laz = &index.prepared()[index.position("G0032").unwrap()];
        let w = &laz.weights[Family::Technique.slot()];
        assert_eq!(
            index.match_weight_in(Family::Technique, w, "T1566.001"),
            1.0
        );
        assert_eq!(
            index.match_weight_in(Family::Technique, w, "T1566.002"),
            0.25
        );
        assert_eq!(index.match_weight_in(Family::Technique, w, "T1566"), 0.5);
        // Implied through WannaCry (S0366 -> T1486).
        assert_eq!(index.match_weight_in(Family::Technique, w, "T1486"), 0.5);
    }
}
