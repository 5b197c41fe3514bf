//! Likelihood ratios per observation kind, for every profile in the pack, before quality,
//! deception and tempering.
//!
//! Set-valued kinds (techniques, software, victims, motive, language, triggers) use a
//! Dirichlet-multinomial posterior predictive: a profile that lists `W` features of the family,
//! `m` of them matching the observation (partly, for related techniques), predicts it with
//! `theta = (m + mu q) / (W + mu)`, where `q` is the background rate of the feature across the
//! pack (the unlisted actor's likelihood). The ratio is `theta / q`. A thinly documented profile
//! therefore pays little for a feature it does not list and gains much from one it does; a thick
//! one the reverse (the size principle); a profile that lists nothing is the `W -> 0` limit,
//! ratio 1 (missing data is not evidence). Timestamps are scored against working patterns, and
//! infrastructure by exact or in-network matches, in the same form.

use crate::case::Kind;
use crate::error::{Error, Result};
use crate::index::{Family, Index, Prepared};
use crate::model::forgeability;
use crate::util;

/// One observation's base ratios.
pub(crate) struct Ratios {
    /// Per pack position.
    pub per_profile: Vec<f64>,
    /// Planted-path template ratio: `max(1, max over the pack)`.
    pub template: f64,
}

/// Ratios of one observation (kind and value already revocation-mapped), with a note the reader
/// should see (a feature no profile explains), not yet prefixed with the observation's index.
pub(crate) fn ratios(index: &Index, kind: Kind, value: &str) -> Result<(Ratios, Option<String>)> {
    let mut note = None;
    let own: Vec<f64> = match Family::of(kind) {
        Some(f) => {
            let key = index.key(f, value);
            match f {
                Family::Software
                    if key.starts_with("name:") && index.document_frequency(f, &key) == 0 =>
                {
                    note = Some(format!(
                        "software \"{value}\" is not in the profile pack; no profile explains it"
                    ));
                }
                Family::Software => {
                    if let Some(ids) = index.software_shared(value) {
                        let all: Vec<&str> = ids.iter().map(|n| n.as_str()).collect();
                        note = Some(format!(
                            "software \"{value}\" names more than one program in the pack ({}); scored as {key}, give an ID to choose",
                            all.join(", ")
                        ));
                    }
                }
                Family::Technique
                    if !index.pack().techniques.is_empty() && !index.knows_technique(value) =>
                {
                    note = Some(format!(
                        "{value} is not an ATT&CK technique in this pack; no profile explains it"
                    ));
                }
                Family::Technique => {}
                // Victims, motives, languages and events: say when nothing in the pack lists
                // the value (it counts against every profile with data of its kind), and how a
                // sub-sector is weighed.
                _ if index.document_frequency(f, &key) == 0 => {
                    let hint = if f == Family::Language && key.len() == 3 {
                        " (languages are matched by their two-letter ISO 639-1 code, such as ko for Korean)"
                    } else {
                        ""
                    };
                    note = Some(format!(
                        "no profile in the pack lists {} \"{value}\"; no profile explains it{hint}",
                        kind.as_str()
                    ));
                }
                Family::Sector
                    if crate::case::normalise_sector(value)
                        .and_then(crate::case::parent_sector)
                        .is_some() =>
                {
                    note = Some(format!(
                        "victim-sector {value} is weighed as {key}, the sector it belongs to"
                    ));
                }
                _ => {}
            }
            set_ratios(index, f, &key)
        }
        None if kind == Kind::ActivityTime => {
            // Validated when a case is parsed, but a case can also be built in code.
            let t = util::parse_rfc3339(value).ok_or_else(|| {
                Error::input(format!(
                    "expected an RFC 3339 timestamp such as 2017-05-23T01:12:00Z, found {value:?}"
                ))
            })?;
            index
                .prepared()
                .iter()
                .map(|p| time_ratio(index, p, t))
                .collect()
        }
        None => {
            let (matching, r) = infra_ratios(index, &value.to_ascii_lowercase());
            if matching == 0 {
                note = Some(format!("{value} matches no profile's known infrastructure"));
            }
            r
        }
    };
    // A false flag plants the imitated actor's cheap indicators; everything hard to fake looks
    // like the background.
    let phi = forgeability(kind, value);
    let mut template = 1.0f64;
    let per_profile = index
        .prepared()
        .iter()
        .zip(&own)
        .map(|(p, &r)| match p.imitates {
            Some(target) => phi * own[target] + (1.0 - phi),
            None => {
                template = template.max(r);
                r
            }
        })
        .collect();
    Ok((
        Ratios {
            per_profile,
            template,
        },
        note,
    ))
}

/// The Dirichlet-multinomial ratio `(m + mu q) / ((W + mu) q)` of a profile with total weight
/// `w_total` and match weight `m`; exactly 1 when the profile lists nothing in the family.
///
/// ```
/// use attrib::model::dirichlet_ratio;
/// assert_eq!(dirichlet_ratio(0.0, 0.0, 10.0, 0.01), 1.0);
/// // Listed: a thin profile gains more than a thick one.
/// assert!(dirichlet_ratio(1.0, 10.0, 10.0, 0.01) > dirichlet_ratio(1.0, 100.0, 10.0, 0.01));
/// // Not listed: the thick profile pays more.
/// assert!(dirichlet_ratio(0.0, 100.0, 10.0, 0.01) < dirichlet_ratio(0.0, 10.0, 10.0, 0.01));
/// ```
pub fn dirichlet_ratio(m: f64, w_total: f64, mu: f64, q: f64) -> f64 {
    if w_total <= 0.0 {
        return 1.0;
    }
    (m + mu * q) / ((w_total + mu) * q)
}

/// Ratios of one feature of a set-valued family for every profile.
fn set_ratios(index: &Index, f: Family, key: &str) -> Vec<f64> {
    let prm = index.params();
    let mu = prm.mu(f);
    let q = index.background(f, key);
    let mut out: Vec<f64> = index
        .prepared()
        .iter()
        .map(|p| dirichlet_ratio(0.0, p.total(f, prm.implied_weight), mu, q))
        .collect();
    for (pos, m) in index.matches(f, key) {
        let p = &index.prepared()[pos as usize];
        out[pos as usize] = dirichlet_ratio(m, p.total(f, prm.implied_weight), mu, q);
    }
    out
}

/// Timing: on-hours mass against a flat week, using the offset in force on that date.
fn time_ratio(index: &Index, prep: &Prepared, t: i64) -> f64 {
    let day_utc = t.div_euclid(86_400);
    let Some(p) = index.patterns_of(prep, day_utc) else {
        return 1.0;
    };
    let local = t + p.offset_secs;
    let day = local.div_euclid(86_400);
    let secs = local.rem_euclid(86_400) as f64 / 3600.0;
    // 1970-01-01 was a Thursday (ISO 4).
    let weekday = ((day + 3).rem_euclid(7) + 1) as usize;
    let in_hours = if p.end >= p.start {
        secs >= p.start && secs < p.end
    } else {
        secs >= p.start || secs < p.end
    };
    let on = p.days[weekday] && in_hours;
    let mass = index.params().on_hours_mass;
    let share = p.on_share.clamp(1e-3, 1.0 - 1e-3);
    if on {
        mass / share
    } else {
        (1.0 - mass) / (1.0 - share)
    }
}

/// Infrastructure: how many profiles list something matching `value` (exactly, or an address
/// inside a listed network), and the Dirichlet ratio of every profile, with the background
/// spread over `Params::infrastructure_space` possible indicators.
fn infra_ratios(index: &Index, value: &str) -> (usize, Vec<f64>) {
    let prm = index.params();
    let mut listings = 0usize;
    let mut matching = 0usize;
    let hits: Vec<bool> = index
        .prepared()
        .iter()
        .map(|p| {
            if p.infrastructure.is_empty() || p.imitates.is_some() {
                return false;
            }
            listings += p.infrastructure.len();
            let hit = index.infra_match(p, value);
            matching += hit as usize;
            hit
        })
        .collect();
    let a = prm.background_pseudo;
    let q = (matching as f64 + a) / (listings as f64 + a * prm.infrastructure_space);
    let ratios = index
        .prepared()
        .iter()
        .zip(hits)
        .map(|(p, hit)| {
            let m = if hit { 1.0 } else { 0.0 };
            dirichlet_ratio(m, p.infrastructure.len() as f64, prm.mu_infrastructure, q)
        })
        .collect();
    (matching, ratios)
}
