//! The evaluation's cases: ATT&CK campaigns with their evidence folded out of the attributed
//! group, seeded synthetic incidents, and the pack surgery both need.

use std::collections::{BTreeMap, BTreeSet};

use crate::case::{normalise_sector, Case, Kind, Observation};
use crate::index::{Family, Index};
use crate::model::Rng;
use crate::name::Name;
use crate::pack::{Campaign, Pack};

/// Admiralty grading given to every evaluation observation: ATT&CK cites vendor reporting, which
/// we treat as "usually reliable, probably true" (B2).
pub(crate) const GRADE: (char, u8) = ('B', 2);

/// Source name written on evaluation observations.
const SOURCE: &str = "ATT&CK (evaluation)";

/// One evaluation case with its ground truth.
#[derive(Debug, Clone)]
pub struct EvalCase {
    /// Stable ID: the campaign ID, or `synthetic:<group>:<draw>`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Profile IDs that are the truth (several when a campaign is attributed to several groups).
    pub truth: Vec<String>,
    /// The case to score (no `hypotheses`: every profile competes).
    pub case: Case,
}

impl EvalCase {
    /// Technique and software values observed (for the baselines), canonical and deduplicated.
    pub fn capability(&self, pack: &Pack) -> BTreeSet<String> {
        self.case
            .observations
            .iter()
            .filter(|o| matches!(o.kind, Kind::Technique | Kind::Software))
            .map(|o| canonical(pack, &o.value))
            .collect()
    }
}

/// A technique or software ID after revocations.
pub(crate) fn canonical(pack: &Pack, id: &str) -> String {
    pack.replaced.get(id).map_or(id, Name::as_str).to_string()
}

pub(crate) fn graded(kind: Kind, value: &str) -> Observation {
    Observation::new(kind, value).graded(SOURCE, GRADE.0, GRADE.1)
}

/// The pack with campaign `c`'s own contribution folded out of each group it is attributed to:
/// the features listed in `campaign_features[c]` are removed from the group's techniques and
/// software, and the campaign itself is dropped from `pack.campaigns`.
///
/// ```
/// let mut pack = attrib::Pack::fixture();
/// let first = pack.profiles[1].techniques[0].clone();
/// pack.profiles[1].campaign_features.insert("C9".into(), vec![first]);
/// let c = attrib::Campaign { id: "C9".into(), attributed_to: vec![pack.profiles[1].id.clone()], ..Default::default() };
/// let out = attrib::eval::cases::fold_out(&pack, &c);
/// assert_eq!(out.profiles[1].techniques.len() + 1, pack.profiles[1].techniques.len());
/// ```
pub fn fold_out(pack: &Pack, c: &Campaign) -> Pack {
    let mut out = pack.clone();
    out.campaigns.retain(|x| x.id != c.id);
    for p in out
        .profiles
        .iter_mut()
        .filter(|p| c.attributed_to.contains(&p.id))
    {
        if let Some(own) = p.campaign_features.remove(&c.id) {
            let own: BTreeSet<&str> = own.iter().map(Name::as_str).collect();
            p.techniques.retain(|t| !own.contains(t.as_str()));
            p.software.retain(|s| !own.contains(s.as_str()));
        }
    }
    out
}

/// The pack without the profiles `ids` (the open-world test): their children are re-attached to
/// their parent, and false-flag profiles that imitate them are removed too (they have nothing
/// left to imitate).
///
/// ```
/// let pack = attrib::Pack::fixture();
/// let out = attrib::eval::cases::without(&pack, &["G0032".to_string()]);
/// assert!(out.profile("G0032").is_none());
/// assert!(out.check().is_ok());
/// ```
pub fn without(pack: &Pack, ids: &[String]) -> Pack {
    let mut out = pack.clone();
    let mut gone: BTreeSet<String> = ids.iter().cloned().collect();
    // Imitators of removed profiles go too (transitively, though chains are not expected).
    loop {
        let more: Vec<String> = out
            .profiles
            .iter()
            .filter(|p| {
                !gone.contains(p.id.as_str())
                    && p.imitates
                        .as_ref()
                        .is_some_and(|t| gone.contains(t.as_str()))
            })
            .map(|p| p.id.to_string())
            .collect();
        if more.is_empty() {
            break;
        }
        gone.extend(more);
    }
    let parent_of: BTreeMap<Name, Option<Name>> = out
        .profiles
        .iter()
        .map(|p| (p.id.clone(), p.parent.clone()))
        .collect();
    for p in out.profiles.iter_mut() {
        // Walk up past removed ancestors.
        while let Some(par) = p.parent.clone().filter(|par| gone.contains(par.as_str())) {
            p.parent = parent_of.get(par.as_str()).cloned().flatten();
        }
    }
    out.profiles.retain(|p| !gone.contains(p.id.as_str()));
    out
}

/// The case of one campaign: its techniques and software, each graded [`GRADE`].
pub(crate) fn campaign_case(c: &Campaign) -> EvalCase {
    let mut obs: Vec<Observation> = c
        .techniques
        .iter()
        .map(|t| graded(Kind::Technique, t))
        .collect();
    obs.extend(c.software.iter().map(|s| graded(Kind::Software, s)));
    let mut case = Case::new(obs);
    case.title = Some(format!("{} ({})", c.name, c.id));
    EvalCase {
        id: c.id.to_string(),
        name: c.name.to_string(),
        truth: c.attributed_to.iter().map(Name::to_string).collect(),
        case,
    }
}

/// How synthetic incidents are drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntheticSpec {
    /// Draws per group.
    pub draws: usize,
    /// Smallest number of techniques plus software a group needs to be drawn from.
    pub min_features: usize,
    /// Share of the group's techniques and software that one incident shows.
    pub share: f64,
    /// Noise techniques per true feature (drawn by background rate).
    pub noise: f64,
    /// Activity timestamps per incident when the group has a working pattern.
    pub timestamps: usize,
    /// Seed.
    pub seed: u64,
}

impl Default for SyntheticSpec {
    fn default() -> Self {
        SyntheticSpec {
            draws: 5,
            min_features: 10,
            share: 0.3,
            noise: 0.25,
            timestamps: 3,
            seed: 20_251,
        }
    }
}

/// Seeded synthetic incidents: for each group with at least `min_features` techniques and
/// software, `draws` partial observations of its own profile (so they are *in-sample*).
///
/// Each draw shows a random `share` of the group's techniques and software, plus
/// `ceil(noise * shown)` noise techniques drawn without replacement with probability proportional
/// to their background rate (commodity techniques come up most), plus one victim country, one
/// sector and one motivation from the profile where it lists any, plus `timestamps` activity
/// times inside its working hours where it has a working pattern.
pub fn synthetic(index: &Index, spec: &SyntheticSpec) -> Vec<EvalCase> {
    let pack = index.pack();
    let all_tech: Vec<(String, f64)> = pack
        .techniques
        .iter()
        .map(|t| (t.id.to_string(), index.background(Family::Technique, &t.id)))
        .collect();
    let mut out = Vec::new();
    for (pos, p) in pack.profiles.iter().enumerate() {
        if p.imitates.is_some() {
            continue;
        }
        let mut feats: Vec<(Kind, String)> = Vec::new();
        let techs: BTreeSet<String> = p.techniques.iter().map(|t| canonical(pack, t)).collect();
        let soft: BTreeSet<String> = p.software.iter().map(|s| canonical(pack, s)).collect();
        feats.extend(techs.iter().map(|t| (Kind::Technique, t.clone())));
        feats.extend(soft.iter().map(|s| (Kind::Software, s.clone())));
        if feats.len() < spec.min_features {
            continue;
        }
        for d in 0..spec.draws {
            let mut rng = Rng::new(spec.seed, ((pos as u64) << 16) | d as u64);
            let n_show = ((spec.share * feats.len() as f64).round() as usize).max(1);
            let shown = sample_without(&mut rng, &vec![1.0; feats.len()], n_show);
            let mut obs: Vec<Observation> = shown
                .iter()
                .map(|&i| graded(feats[i].0, &feats[i].1))
                .collect();
            // Noise: techniques the group does not list, by background rate.
            let n_noise = (spec.noise * n_show as f64).ceil() as usize;
            let pool: Vec<&(String, f64)> = all_tech
                .iter()
                .filter(|(t, _)| !techs.contains(t))
                .collect();
            let w: Vec<f64> = pool.iter().map(|(_, b)| *b).collect();
            for i in sample_without(&mut rng, &w, n_noise) {
                obs.push(graded(Kind::Technique, &pool[i].0));
            }
            let mut pick = |list: &[Name]| -> Option<String> {
                (!list.is_empty())
                    .then(|| list[(rng.next_u64() % list.len() as u64) as usize].to_string())
            };
            if let Some(c) = pick(&p.countries) {
                obs.push(graded(Kind::VictimCountry, &c.to_ascii_uppercase()));
            }
            if let Some(s) = pick(&p.sectors) {
                let s = normalise_sector(&s).map(str::to_string).unwrap_or(s);
                obs.push(graded(Kind::VictimSector, &s));
            }
            if let Some(m) = pick(&p.motivations) {
                obs.push(graded(Kind::Motivation, &m.to_lowercase()));
            }
            if !p.working.is_empty() {
                let w = &p.working[(rng.next_u64() % p.working.len() as u64) as usize];
                for _ in 0..spec.timestamps {
                    if let Some(t) = working_time(&mut rng, w) {
                        obs.push(graded(Kind::ActivityTime, &t));
                    }
                }
            }
            let mut case = Case::new(obs);
            case.title = Some(format!("synthetic incident {} of {}", d + 1, p.name));
            out.push(EvalCase {
                id: format!("synthetic:{}:{}", p.id, d + 1),
                name: format!("{} #{}", p.name, d + 1),
                truth: vec![p.id.to_string()],
                case,
            });
        }
    }
    out
}

/// `k` distinct indices drawn without replacement with probability proportional to `w`
/// (sequentially, deterministic for a given generator state).
pub(crate) fn sample_without(rng: &mut Rng, w: &[f64], k: usize) -> Vec<usize> {
    let mut w: Vec<f64> = w.iter().map(|x| x.max(0.0)).collect();
    let mut out = Vec::new();
    for _ in 0..k.min(w.len()) {
        let total: f64 = w.iter().sum();
        if total <= 0.0 {
            break;
        }
        let mut u = rng.uniform() * total;
        let mut chosen = w.len() - 1;
        for (i, &x) in w.iter().enumerate() {
            if x <= 0.0 {
                continue;
            }
            if u < x {
                chosen = i;
                break;
            }
            u -= x;
        }
        // Guard against rounding at the end of the scan.
        while w[chosen] <= 0.0 {
            chosen -= 1;
        }
        out.push(chosen);
        w[chosen] = 0.0;
    }
    out.sort_unstable();
    out
}

/// A random UTC timestamp inside the working hours of `w`, on a working day within its date range.
fn working_time(rng: &mut Rng, w: &crate::pack::WorkingPattern) -> Option<String> {
    let from = w
        .from
        .as_deref()
        .and_then(crate::util::parse_date)
        .unwrap_or(crate::util::days_from_civil(2019, 1, 1));
    let until = w
        .until
        .as_deref()
        .and_then(crate::util::parse_date)
        .unwrap_or(from + 3 * 365);
    if until <= from || w.days.is_empty() {
        return None;
    }
    let hours = if w.end_hour >= w.start_hour {
        w.end_hour - w.start_hour
    } else {
        24.0 - w.start_hour + w.end_hour
    };
    for _ in 0..64 {
        let day = from + (rng.next_u64() % (until - from) as u64) as i64;
        // 1970-01-01 was a Thursday (ISO 4).
        let weekday = ((day + 3).rem_euclid(7) + 1) as u8;
        if !w.days.contains(&weekday) {
            continue;
        }
        let local_hour = (w.start_hour + rng.uniform() * hours) % 24.0;
        let local = day * 86_400 + (local_hour * 3600.0) as i64;
        let t = local - w.utc_offset_minutes as i64 * 60;
        // Keep the UTC date inside the pattern's range, where the model looks the pattern up.
        if t.div_euclid(86_400) < from || t.div_euclid(86_400) >= until {
            continue;
        }
        return Some(rfc3339(t));
    }
    None
}

/// Seconds since the epoch to `YYYY-MM-DDTHH:MM:SSZ`.
///
/// ```
/// assert_eq!(attrib::eval::cases::rfc3339(1_495_501_920), "2017-05-23T01:12:00Z");
/// ```
pub fn rfc3339(t: i64) -> String {
    crate::util::format_rfc3339(t)
}
