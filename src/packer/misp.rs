//! The MISP threat-actor galaxy: sponsors, victims, sectors, motivations and aliases, matched onto
//! ATT&CK groups or kept as profiles of their own.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use super::country_names::Countries;
use super::{read_galaxy, Galaxy};
use crate::error::{Error, Result};
use crate::name::{names, Name};
use crate::pack::{Pack, Profile};

/// One threat-actor cluster, with its facts already normalised.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MispActor {
    /// Cluster UUID.
    pub uuid: String,
    /// Cluster name (`value`).
    pub name: String,
    /// `synonyms`, as published.
    pub synonyms: Vec<String>,
    /// ATT&CK group IDs named in `synonyms` or `refs` (`G0067`, `attack.mitre.org/groups/G0067`),
    /// in order of appearance.
    pub attack_ids: Vec<String>,
    /// Suspected sponsor, ISO alpha-2.
    pub sponsor: Option<String>,
    /// Victim countries, ISO alpha-2 (entries that are not countries are dropped).
    pub countries: Vec<String>,
    /// Victim sectors, STIX 2.1 `industry-sector-ov`.
    pub sectors: Vec<String>,
    /// Motivations (`financial`, `espionage`, `destructive`, `hacktivism`, `influence`).
    pub motivations: Vec<String>,
    /// `refs`.
    pub refs: Vec<String>,
}

#[derive(Deserialize)]
struct Cluster {
    uuid: String,
    value: String,
    #[serde(default)]
    meta: BTreeMap<String, serde_json::Value>,
}

/// A string or a list of strings, as MISP meta values come.
fn strings(v: Option<&serde_json::Value>) -> Vec<String> {
    match v {
        Some(serde_json::Value::String(s)) => vec![s.clone()],
        Some(serde_json::Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str())
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

/// Parse `clusters/threat-actor.json`, returning the galaxy version and the clusters.
///
/// ```
/// let countries = attrib::packer::Countries::from_misp(r#"{"values": [
///   {"value": "north korea", "description": "North Korea", "meta": {"ISO": "KP"}},
///   {"value": "south korea", "description": "South Korea", "meta": {"ISO": "KR"}}]}"#).unwrap();
/// let json = r#"{"version": 336, "values": [{"uuid": "u1", "value": "APT37", "meta": {
///   "country": "KP", "synonyms": ["ScarCruft", "G0067"], "cfr-suspected-victims": ["South Korea", "NATO"],
///   "cfr-target-category": ["Government", "Private sector"], "cfr-type-of-incident": "Espionage"}}]}"#;
/// let (version, actors) = attrib::packer::read_misp_actors(json, &countries).unwrap();
/// assert_eq!(version, 336);
/// let a = &actors[0];
/// assert_eq!((a.sponsor.as_deref(), &a.countries[..], &a.attack_ids[..]), (Some("KP"), &["KR".to_string()][..], &["G0067".to_string()][..]));
/// assert_eq!(a.sectors, ["government"]);
/// assert_eq!(a.motivations, ["espionage"]);
/// ```
pub fn read_misp_actors(text: &str, countries: &Countries) -> Result<(u64, Vec<MispActor>)> {
    let g: Galaxy<Cluster> = read_galaxy(text, "misp threat-actor.json")?;
    let mut out = Vec::with_capacity(g.values.len());
    let mut seen = BTreeSet::new();
    for (i, c) in g.values.into_iter().enumerate() {
        if c.uuid.is_empty() || !seen.insert(c.uuid.clone()) {
            return Err(Error::input(format!(
                "misp threat-actor.json: values[{i}] ({}): missing or duplicate uuid",
                c.value
            )));
        }
        let synonyms = strings(c.meta.get("synonyms"));
        let refs = strings(c.meta.get("refs"));
        let mut attack_ids = Vec::new();
        for s in synonyms.iter().chain(&refs) {
            if let Some(id) = attack_group_id(s) {
                if !attack_ids.contains(&id) {
                    attack_ids.push(id);
                }
            }
        }
        // The sponsor: CFR's explicit suspected state sponsor first, else MISP's country of origin
        // (decided below, once the motivations are known).
        let cfr_sponsor = strings(c.meta.get("cfr-suspected-state-sponsor"))
            .iter()
            .find_map(|s| countries.code(s).map(str::to_string));
        let origin = strings(c.meta.get("country"))
            .iter()
            .find_map(|s| countries.code(s).map(str::to_string));
        let mut victims: Vec<String> = strings(c.meta.get("cfr-suspected-victims"))
            .iter()
            .chain(&strings(c.meta.get("suspected-victims")))
            .filter_map(|s| countries.code(s).map(str::to_string))
            .collect();
        crate::util::sort(&mut victims);
        victims.dedup();
        let mut sectors: Vec<String> = strings(c.meta.get("cfr-target-category"))
            .iter()
            .chain(&strings(c.meta.get("targeted-sector")))
            .flat_map(|s| sector(s).iter().map(|x| x.to_string()))
            .collect();
        crate::util::sort(&mut sectors);
        sectors.dedup();
        let mut motivations: Vec<String> = strings(c.meta.get("cfr-type-of-incident"))
            .iter()
            .chain(&strings(c.meta.get("motive")))
            .flat_map(|s| motivation(s))
            .map(str::to_string)
            .collect();
        crate::util::sort(&mut motivations);
        motivations.dedup();
        // MISP's `country` is where an actor operates from. For a purely financially motivated
        // group with no suspected state sponsor (FIN7, say) that is not a sponsor: keep it out of
        // the "which state?" roll-up.
        let criminal = motivations == ["financial"];
        let sponsor = cfr_sponsor.or(if criminal { None } else { origin });
        out.push(MispActor {
            uuid: c.uuid,
            name: c.value.trim().to_string(),
            synonyms,
            attack_ids,
            sponsor,
            countries: victims,
            sectors,
            motivations,
            refs,
        });
    }
    Ok((g.version, out))
}

/// The ATT&CK group ID in a synonym (`G0067`) or a reference URL (`.../groups/G0067/`).
fn attack_group_id(s: &str) -> Option<String> {
    let s = s.trim();
    let is_id =
        |t: &str| t.len() == 5 && t.starts_with('G') && t[1..].bytes().all(|b| b.is_ascii_digit());
    if is_id(s) {
        return Some(s.to_string());
    }
    let rest = s.split("attack.mitre.org/groups/").nth(1)?;
    let id = rest.split(['/', '?', '#']).next()?;
    is_id(id).then(|| id.to_string())
}

/// Map a MISP / CFR target category or targeted sector to STIX 2.1 `industry-sector-ov` values.
/// Vague categories ("Private sector", "Individuals", "Other") and groups of people that are not
/// sectors (journalists, dissidents, activists) map to nothing.
///
/// ```
/// assert_eq!(attrib::packer::sector("Telecomms"), ["telecommunications"]);
/// assert_eq!(attrib::packer::sector("Private sector"), [] as [&str; 0]);
/// ```
pub fn sector(s: &str) -> &'static [&'static str] {
    let k = s.trim().to_lowercase();
    match k.as_str() {
        "government"
        | "government, administration"
        | "government administration"
        | "government agencies and services"
        | "government institutions"
        | "diplomacy"
        | "justice"
        | "intergovernmental"
        | "intelligence"
        | "security service" => &["government"],
        "military" | "defense" | "defence" | "defense industrial base" | "defense contractor" => {
            &["defense"]
        }
        "education" | "universities" | "academia - university" => &["education"],
        "energy" | "energy company" | "petroleum" | "oil" | "gas" => &["energy"],
        "electric" => &["utilities"],
        "healthcare" | "health" | "medical" | "biomedical" | "covid-19 research organizations" => {
            &["healthcare"]
        }
        "pharmaceuticals" | "pharmacy" => &["pharmaceuticals"],
        "finance" | "financial" | "financial services" | "bank" | "payment" | "investment"
        | "cryptocurrency" => &["financial-services"],
        "high-tech"
        | "high tech"
        | "information technology"
        | "technology"
        | "semiconductor industry"
        | "electronic" => &["technology"],
        "electronics manufacturers" => &["technology", "manufacturing"],
        "telecommunications" | "telecoms" | "telecomms" => &["telecommunications"],
        "media" | "news - media" => &["communications"],
        "media and entertainment" => &["communications", "entertainment"],
        "entertainment" | "gaming" => &["entertainment"],
        "gambling companies" | "gambling websites" | "hospitality" | "travel" => {
            &["hospitality-leisure"]
        }
        "transportation"
        | "transportation systems"
        | "rail"
        | "logistics"
        | "aviation"
        | "maritime" => &["transportation"],
        "retail" => &["retail"],
        "manufacturing" | "critical manufacturing" | "industrial" => &["manufacturing"],
        "automotive" => &["automotive"],
        "aerospace" | "space" => &["aerospace"],
        "construction" | "civil engineering" | "engineering" => &["construction"],
        "chemical" => &["chemical"],
        "mining" => &["mining"],
        "food and agriculture" => &["agriculture"],
        "infrastructure" => &["infrastructure"],
        "ngos"
        | "non-profit organisation"
        | "civil society"
        | "religious organization"
        | "religious organizations"
        | "think tanks"
        | "pro-democracy and human rights political organizations" => &["non-profit"],
        _ => &[],
    }
}

/// Map a CFR type of incident or a MISP `motive` to motivations.
///
/// ```
/// assert_eq!(attrib::packer::motivation("Sabotage"), ["destructive"]);
/// assert_eq!(attrib::packer::motivation("mainly financially motivated, additional espionage objective."), ["espionage", "financial"]);
/// ```
pub fn motivation(s: &str) -> Vec<&'static str> {
    let k = s.to_lowercase();
    let mut out = Vec::new();
    if k.contains("espionage") {
        out.push("espionage");
    }
    if ["financ", "crime", "theft", "extortion", "business email"]
        .iter()
        .any(|w| k.contains(w))
    {
        out.push("financial");
    }
    // Denial of service is disruption: the closest of our values is `destructive`.
    if ["sabotage", "destruct", "denial of service", "wiper"]
        .iter()
        .any(|w| k.contains(w))
    {
        out.push("destructive");
    }
    if ["hacktivis", "defacement"].iter().any(|w| k.contains(w)) {
        out.push("hacktivism");
    }
    if ["information operation", "influence"]
        .iter()
        .any(|w| k.contains(w))
    {
        out.push("influence");
    }
    crate::util::sort(&mut out);
    out
}

/// A name reduced for matching: lowercase letters and digits only, so `APT 38`, `apt-38` and
/// `APT38` agree.
pub(crate) fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Matching keys of a name: itself, and without a trailing `group`/`team` (MISP's "Sandworm" is
/// ATT&CK's "Sandworm Team").
fn keys(s: &str) -> Vec<String> {
    let n = norm(s);
    let mut out = vec![n.clone()];
    for suffix in ["group", "team"] {
        if let Some(stem) = n.strip_suffix(suffix) {
            if stem.len() >= 3 {
                out.push(stem.to_string());
            }
        }
    }
    out
}

/// How a MISP cluster was matched to an ATT&CK group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchedBy {
    /// By an ATT&CK ID in its synonyms or refs.
    AttackId,
    /// By its own name being an ATT&CK group name or alias.
    Name,
    /// By its synonyms naming exactly one ATT&CK group.
    Synonym,
}

/// The result of merging MISP into a pack, for reporting.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MispMerge {
    /// Cluster UUID -> (group ID, how).
    pub matched: BTreeMap<String, (String, MatchedBy)>,
    /// Clusters that became `misp:<uuid>` profiles.
    pub own_profiles: usize,
    /// (group, other group) pairs where a MISP cluster of the first named the second as a synonym
    /// while ATT&CK keeps them apart: kept distinct, never merged.
    pub conflicts: Vec<(String, String)>,
}

/// Merge MISP clusters into a pack that holds the ATT&CK groups (see the module docs of
/// [`crate::build`] for the rules). Names that MISP gives as synonyms but ATT&CK assigns to
/// another group are not added as aliases: the groups stay distinct.
///
/// ```
/// let mut pack = attrib::Pack::fixture();
/// let actor = attrib::packer::MispActor { uuid: "u".into(), name: "Lazarus Group".into(),
///     synonyms: vec!["APT38".into(), "Hidden Cobra".into()], countries: vec!["KR".into()], ..Default::default() };
/// let merge = attrib::packer::merge_misp(&mut pack, &[actor]);
/// let lazarus = pack.profile("G0032").unwrap();
/// assert!(lazarus.countries.contains(&"KR".into()));
/// assert!(!lazarus.aliases.contains(&"APT38".into()));
/// assert_eq!(merge.conflicts, [("G0032".to_string(), "G0082".to_string())]);
/// ```
pub fn merge_misp(pack: &mut Pack, actors: &[MispActor]) -> MispMerge {
    // Names and aliases of the groups already in the pack.
    let mut by_name: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for p in &pack.profiles {
        for n in std::iter::once(&p.name).chain(&p.aliases) {
            for k in keys(n) {
                by_name.entry(k).or_default().insert(p.id.to_string());
            }
        }
    }
    let index = pack.positions();
    let lookup = |s: &str| -> BTreeSet<String> {
        keys(s)
            .iter()
            .filter_map(|k| by_name.get(k))
            .flatten()
            .cloned()
            .collect()
    };

    let mut merge = MispMerge::default();
    let mut own = Vec::new();
    for a in actors {
        let ids: Vec<String> = a
            .attack_ids
            .iter()
            .map(|id| {
                pack.replaced
                    .get(id.as_str())
                    .map_or_else(|| id.clone(), Name::to_string)
            })
            .filter(|id| index.contains_key(id.as_str()))
            .fold(Vec::new(), |mut v, id| {
                if !v.contains(&id) {
                    v.push(id);
                }
                v
            });
        let by_own_name = lookup(&a.name);
        let found = match ids.len() {
            1 => Some((ids[0].clone(), MatchedBy::AttackId)),
            n if n > 1 => {
                // Several IDs (MISP's Lazarus lists G0032 and G0082): the one whose name is the
                // cluster's, else the first listed.
                let named: Vec<&String> = ids.iter().filter(|i| by_own_name.contains(*i)).collect();
                Some((
                    (*named.first().unwrap_or(&&ids[0])).clone(),
                    MatchedBy::AttackId,
                ))
            }
            _ if by_own_name.len() == 1 => Some((
                by_own_name.iter().next().cloned().unwrap_or_default(),
                MatchedBy::Name,
            )),
            _ if by_own_name.is_empty() => {
                let by_syn: BTreeSet<String> = a.synonyms.iter().flat_map(|s| lookup(s)).collect();
                (by_syn.len() == 1).then(|| {
                    (
                        by_syn.into_iter().next().unwrap_or_default(),
                        MatchedBy::Synonym,
                    )
                })
            }
            _ => None,
        };
        let target = match &found {
            Some((id, how)) => {
                merge.matched.insert(a.uuid.clone(), (id.clone(), *how));
                id.clone()
            }
            None => {
                own.push(a);
                continue;
            }
        };
        // Synonyms that belong to other ATT&CK groups are claims of sameness that ATT&CK does not
        // make: record them, keep the groups apart.
        let mut aliases = Vec::new();
        for s in std::iter::once(&a.name).chain(&a.synonyms) {
            let s = s.trim();
            if attack_group_id(s).is_some() || s.to_lowercase().starts_with("subgroup") {
                continue;
            }
            let others: Vec<String> = lookup(s).into_iter().filter(|g| *g != target).collect();
            if others.is_empty() {
                aliases.push(s.to_string());
            } else {
                for o in others {
                    merge.conflicts.push((target.clone(), o));
                }
            }
        }
        // `lookup` answers with the pack's own IDs, so the target is always there.
        let Some(&at) = index.get(target.as_str()) else {
            own.push(a);
            continue;
        };
        absorb(&mut pack.profiles[at], a, aliases);
    }
    crate::util::sort(&mut merge.conflicts);
    merge.conflicts.dedup();

    for a in own {
        let aliases: Vec<String> = a
            .synonyms
            .iter()
            .map(|s| s.trim().to_string())
            .filter(|s| attack_group_id(s).is_none() && lookup(s).is_empty())
            .collect();
        let mut p = Profile {
            id: format!("misp:{}", a.uuid).into(),
            name: a.name.as_str().into(),
            ..Profile::default()
        };
        absorb(&mut p, a, aliases);
        pack.profiles.push(p);
        merge.own_profiles += 1;
    }
    crate::util::sort_by(&mut pack.profiles, &|a, b| a.id.cmp(&b.id));
    merge
}

/// Add a cluster's facts to a profile (sets are unions; the sponsor is kept if already known).
fn absorb(p: &mut Profile, a: &MispActor, aliases: Vec<String>) {
    let mut all: Vec<Name> = p.aliases.drain(..).chain(names(aliases)).collect();
    all.retain(|x| !x.eq_ignore_ascii_case(&p.name));
    let mut seen = BTreeSet::new();
    crate::util::sort(&mut all);
    all.retain(|x| seen.insert(x.to_lowercase()));
    p.aliases = all;
    if p.sponsor.is_none() {
        p.sponsor = a.sponsor.as_ref().map(Name::from);
    }
    union(&mut p.countries, &a.countries);
    union(&mut p.sectors, &a.sectors);
    union(&mut p.motivations, &a.motivations);
    union(&mut p.refs, &a.refs);
    union(&mut p.origin, &["misp"]);
}

/// Sorted, deduplicated union.
pub(crate) fn union<S: AsRef<str>>(into: &mut Vec<Name>, more: &[S]) {
    into.extend(more.iter().map(|s| Name::from(s.as_ref())));
    crate::util::sort(into);
    into.dedup();
}
