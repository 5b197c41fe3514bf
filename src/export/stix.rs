//! A scored case as a STIX 2.1 bundle.
//!
//! * a `report` holding the case: ATT&CK `attack-pattern`, `malware` and `tool` objects with their
//!   external IDs, a `location` per victim country, an `identity` per victim sector, and an
//!   `indicator` per infrastructure observation;
//! * an `intrusion-set` for each listed hypothesis worth naming (the top five and the focus
//!   suspects), with its ATT&CK ID;
//! * a `note` carrying the assessment: the ICD 203 statements, probabilities, confidence, the
//!   prior-only reading and the profile pack stamp, and one for the observations STIX has no
//!   object for (timing, motive, language, trigger events).
//!
//! Object IDs are derived from the content (a SHA-256, shaped as a version-4 UUID), so the same
//! case exports to the same bytes; Attrib's own STIX importer reads the bundle back.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::case::{is_attack_id, Case, Kind};
use crate::error::Result;
use crate::index::Index;
use crate::model::{percent, ScoreResult};
use crate::Name;

/// A deterministic STIX ID for `(type, key)`.
fn stix_id(ty: &str, key: &str) -> String {
    let h = crate::util::sha256_hex(format!("attrib:{ty}:{key}").as_bytes());
    let mut b: Vec<char> = h[..32].chars().collect();
    b[12] = '4'; // shaped as version 4: the hash is as unpredictable as a random draw
    b[16] = ['8', '9', 'a', 'b'][(b[16].to_digit(16).unwrap_or(0) & 3) as usize]; // RFC 4122 variant
    let s: String = b.into_iter().collect();
    format!(
        "{ty}--{}-{}-{}-{}-{}",
        &s[..8],
        &s[8..12],
        &s[12..16],
        &s[16..20],
        &s[20..32]
    )
}

fn attack_url(kind: &str, id: &str) -> String {
    format!("https://attack.mitre.org/{kind}/{}/", id.replace('.', "/"))
}

/// Common properties of an SDO.
fn sdo(ty: &str, id: &str, created: &str, identity: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("type".into(), json!(ty));
    m.insert("spec_version".into(), json!("2.1"));
    m.insert("id".into(), json!(id));
    m.insert("created_by_ref".into(), json!(identity));
    m.insert("created".into(), json!(created));
    m.insert("modified".into(), json!(created));
    m
}

/// The STIX pattern of an infrastructure indicator.
fn pattern(value: &str) -> Option<String> {
    let (prefix, rest) = value.split_once(':')?;
    let esc = rest.replace('\\', "\\\\").replace('\'', "\\'");
    Some(match prefix {
        "ip" | "cidr" if rest.contains(':') => format!("[ipv6-addr:value = '{esc}']"),
        "ip" | "cidr" => format!("[ipv4-addr:value = '{esc}']"),
        "domain" => format!("[domain-name:value = '{esc}']"),
        "email" => format!("[email-addr:value = '{esc}']"),
        "asn" => format!("[autonomous-system:number = {}]", rest.parse::<u64>().ok()?),
        "cert-sha256" => format!("[x509-certificate:hashes.'SHA-256' = '{esc}']"),
        _ => return None,
    })
}

/// The bundle for `case`, scored as `result` against `index`, stamped `created` (an RFC 3339
/// timestamp the caller chooses: the same timestamp gives the same bytes).
///
/// ```
/// use attrib::{case::{Case, Kind, Observation}, index::Index, Pack, ScoreOptions};
/// let index = Index::new(Pack::fixture(), None).unwrap();
/// let mut case = Case::new(vec![Observation::new(Kind::Software, "S0366"), Observation::new(Kind::VictimCountry, "KR")]);
/// case.title = Some("Test".into());
/// let r = attrib::score(&case, &index, &ScoreOptions { samples: Some(0), ..Default::default() }).unwrap();
/// let b = attrib::export::stix_bundle(&case, &index, &r, "2024-01-02T03:04:05Z").unwrap();
/// assert_eq!(b["type"], "bundle");
/// let types: Vec<&str> = b["objects"].as_array().unwrap().iter().map(|o| o["type"].as_str().unwrap()).collect();
/// assert!(types.contains(&"report") && types.contains(&"malware") && types.contains(&"location"));
/// // It reads back.
/// attrib::packer::stix::import_bundle(&serde_json::to_string(&b).unwrap()).unwrap();
/// ```
pub fn stix_bundle(
    case: &Case,
    index: &Index,
    result: &ScoreResult,
    created: &str,
) -> Result<Value> {
    let ts = super::stix_timestamp(created)?;
    let pack = index.pack();
    let case_key = crate::util::sha256_hex(case.to_json().as_bytes());
    let title = case
        .title
        .clone()
        .unwrap_or_else(|| "Untitled attribution case".to_string());
    let identity = stix_id("identity", "attrib");
    let mut objects: Vec<Value> = Vec::new();
    let mut ident = sdo("identity", &identity, &ts, &identity);
    ident.remove("created_by_ref");
    ident.insert("name".into(), json!("Attrib"));
    ident.insert("identity_class".into(), json!("system"));
    ident.insert(
        "description".into(),
        json!("Attrib, a tool that tests cyber-attack attribution claims; this bundle was exported from its scoring of one case."),
    );
    objects.push(Value::Object(ident));

    let techniques: BTreeMap<&str, &crate::pack::Technique> =
        pack.techniques.iter().map(|t| (t.id.as_str(), t)).collect();
    let software: BTreeMap<&str, &crate::pack::Software> =
        pack.software.iter().map(|s| (s.id.as_str(), s)).collect();
    // One object per distinct feature, in first-seen order.
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut refs: Vec<String> = Vec::new();
    let mut other: Vec<String> = Vec::new();
    let mut add = |objects: &mut Vec<Value>, key: String, build: &dyn Fn(&str) -> Value| {
        if let Some(id) = seen.get(&key) {
            return id.clone();
        }
        let ty = key.split(':').next().unwrap_or("x").to_string();
        let id = stix_id(&ty, &key);
        objects.push(build(&id));
        seen.insert(key, id.clone());
        id
    };
    for (i, o) in case.observations.iter().enumerate() {
        let value = match o.kind {
            Kind::Technique | Kind::Software => pack
                .replaced
                .get(o.value.as_str())
                .map_or_else(|| o.value.clone(), Name::to_string),
            _ => o.value.clone(),
        };
        let id = match o.kind {
            Kind::Technique => {
                let name = techniques
                    .get(value.as_str())
                    .map_or(value.clone(), |t| t.name.to_string());
                Some(add(
                    &mut objects,
                    format!("attack-pattern:{value}"),
                    &|id| {
                        let mut m = sdo("attack-pattern", id, &ts, &identity);
                        m.insert("name".into(), json!(name));
                        m.insert(
                            "external_references".into(),
                            json!([{"source_name": "mitre-attack", "external_id": value,
                                "url": attack_url("techniques", &value)}]),
                        );
                        Value::Object(m)
                    },
                ))
            }
            Kind::Software => {
                let key = index.software_key(&value);
                let known = software.get(key.as_str());
                let ty = match known {
                    Some(s) if s.kind == "tool" => "tool",
                    _ => "malware",
                };
                let name = known.map_or(value.clone(), |s| s.name.to_string());
                Some(add(&mut objects, format!("{ty}:{key}"), &|id| {
                    let mut m = sdo(ty, id, &ts, &identity);
                    m.insert("name".into(), json!(name));
                    if ty == "malware" {
                        m.insert("is_family".into(), json!(true));
                    }
                    if let Some(s) = known.filter(|s| is_attack_id(&s.id, b'S')) {
                        m.insert(
                            "external_references".into(),
                            json!([{"source_name": "mitre-attack", "external_id": s.id,
                                    "url": attack_url("software", &s.id)}]),
                        );
                    }
                    Value::Object(m)
                }))
            }
            Kind::VictimCountry => {
                let name = crate::countries::name(&value).unwrap_or(&value).to_string();
                Some(add(&mut objects, format!("location:{value}"), &|id| {
                    let mut m = sdo("location", id, &ts, &identity);
                    m.insert("name".into(), json!(name));
                    m.insert("country".into(), json!(value));
                    Value::Object(m)
                }))
            }
            Kind::VictimSector => Some(add(&mut objects, format!("identity:{value}"), &|id| {
                let mut m = sdo("identity", id, &ts, &identity);
                m.insert("name".into(), json!(format!("Victims in {value}")));
                m.insert("identity_class".into(), json!("class"));
                m.insert("sectors".into(), json!([value]));
                Value::Object(m)
            })),
            Kind::Infrastructure => pattern(&value).map(|p| {
                add(&mut objects, format!("indicator:{value}"), &|id| {
                    let mut m = sdo("indicator", id, &ts, &identity);
                    m.insert("name".into(), json!(value));
                    m.insert(
                        "description".into(),
                        json!(format!("Infrastructure observed in the case \"{title}\"")),
                    );
                    m.insert("indicator_types".into(), json!(["attribution"]));
                    m.insert("pattern".into(), json!(p));
                    m.insert("pattern_type".into(), json!("stix"));
                    m.insert("valid_from".into(), json!(ts));
                    Value::Object(m)
                })
            }),
            _ => None,
        };
        match id {
            Some(id) if !refs.contains(&id) => refs.push(id),
            Some(_) => {}
            None => other.push(format!(
                "observation {i}: {} {}{}",
                o.kind.as_str(),
                o.value,
                o.date.as_ref().map_or(String::new(), |d| format!(" ({d})"))
            )),
        }
    }

    // The hypotheses worth naming.
    let mut named: Vec<&crate::model::Hypothesis> = result.hypotheses.iter().take(5).collect();
    for h in &result.hypotheses {
        if result.race.focus.contains(&h.id) && !named.iter().any(|n| n.id == h.id) {
            named.push(h);
        }
    }
    let mut hyp_refs = Vec::new();
    for h in &named {
        let id = stix_id("intrusion-set", &h.id);
        let mut m = sdo("intrusion-set", &id, &ts, &identity);
        m.insert("name".into(), json!(h.name));
        m.insert(
            "description".into(),
            json!(format!(
                "Hypothesis ranked {} by Attrib for \"{title}\": {} (90 % interval {} to {}).",
                h.rank,
                percent(h.probability),
                percent(h.interval[0]),
                percent(h.interval[1])
            )),
        );
        if let Some(p) = pack.profile(&h.id) {
            if !p.aliases.is_empty() {
                m.insert("aliases".into(), json!(p.aliases));
            }
        }
        // Only ATT&CK's own IDs are given ATT&CK as their source; the pack's own (`misp:…`,
        // `X-…`) are not ATT&CK's.
        if is_attack_id(&h.id, b'G') {
            m.insert(
                "external_references".into(),
                json!([{"source_name": "mitre-attack", "external_id": h.id,
                        "url": attack_url("groups", &h.id)}]),
            );
        }
        objects.push(Value::Object(m));
        hyp_refs.push(id);
    }

    let report_id = stix_id("report", &case_key);
    let mut report = sdo("report", &report_id, &ts, &identity);
    report.insert("name".into(), json!(title));
    if let Some(s) = &case.summary {
        report.insert("description".into(), json!(s));
    }
    report.insert("report_types".into(), json!(["threat-report"]));
    report.insert("published".into(), json!(ts));
    let mut object_refs = refs.clone();
    object_refs.extend(hyp_refs.iter().cloned());
    if object_refs.is_empty() {
        object_refs.push(identity.clone());
    }
    report.insert("object_refs".into(), json!(object_refs));
    objects.push(Value::Object(report));

    // The assessment.
    let mut lines = vec![
        result.statement.clone(),
        result.sponsor_statement.clone(),
        format!(
            "Confidence: {} ({}).",
            result.confidence, result.confidence_reason
        ),
        result.prior_only.statement.clone(),
    ];
    lines.extend(result.evidence_weight.iter().map(|m| m.statement.clone()));
    lines.push(String::new());
    for h in &result.hypotheses {
        lines.push(format!(
            "{}. {} ({}): {}, 90 % interval {} to {}",
            h.rank,
            h.name,
            h.id,
            percent(h.probability),
            percent(h.interval[0]),
            percent(h.interval[1])
        ));
    }
    lines.push(format!(
        "Unlisted actor: {}, 90 % interval {} to {}",
        percent(result.unlisted.probability),
        percent(result.unlisted.interval[0]),
        percent(result.unlisted.interval[1])
    ));
    lines.push(format!(
        "Scored by Attrib against profile pack {} (sha256 {}), {} competing hypotheses{}, seed {}, {} Monte Carlo samples.",
        result.profile_pack.version,
        result.profile_pack.sha256,
        result.race.competing,
        if result.race.restricted { ", restricted to the case's suspects" } else { "" },
        result.settings.seed,
        result.settings.samples
    ));
    let mut note = sdo(
        "note",
        &stix_id("note", &format!("assessment:{case_key}")),
        &ts,
        &identity,
    );
    note.insert("abstract".into(), json!(result.statement));
    note.insert("content".into(), json!(lines.join("\n")));
    let mut note_refs = vec![report_id.clone()];
    note_refs.extend(hyp_refs);
    note.insert("object_refs".into(), json!(note_refs));
    objects.push(Value::Object(note));
    if !other.is_empty() {
        let mut n = sdo(
            "note",
            &stix_id("note", &format!("other:{case_key}")),
            &ts,
            &identity,
        );
        n.insert(
            "abstract".into(),
            json!("Observations without a STIX object (timing, motive, language, trigger events)"),
        );
        n.insert("content".into(), json!(other.join("\n")));
        n.insert("object_refs".into(), json!([report_id]));
        objects.push(Value::Object(n));
    }
    Ok(json!({
        "type": "bundle",
        "id": stix_id("bundle", &format!("{case_key}:{ts}")),
        "objects": objects,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_uuid_shaped_and_stable() {
        let a = stix_id("report", "x");
        assert_eq!(a, stix_id("report", "x"));
        assert_ne!(a, stix_id("report", "y"));
        let u = a.strip_prefix("report--").unwrap();
        let parts: Vec<&str> = u.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(parts[2].starts_with('4'));
        assert!("89ab".contains(&parts[3][..1]));
    }

    #[test]
    fn patterns() {
        assert_eq!(
            pattern("ip:175.45.178.1").unwrap(),
            "[ipv4-addr:value = '175.45.178.1']"
        );
        assert_eq!(
            pattern("cidr:2001:db8::/32").unwrap(),
            "[ipv6-addr:value = '2001:db8::/32']"
        );
        assert_eq!(
            pattern("asn:131279").unwrap(),
            "[autonomous-system:number = 131279]"
        );
        assert_eq!(
            pattern("domain:it's.example").unwrap(),
            "[domain-name:value = 'it\\'s.example']"
        );
    }
}
