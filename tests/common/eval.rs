//! Helpers for the evaluation tests: a seeded synthetic pack with ATT&CK-like citations, and a
//! small grid so that a whole evaluation runs in about a second.

use std::collections::BTreeSet;

use attrib::eval::fit::Grid;
use attrib::eval::reports::Citations;
use attrib::eval::EvalConfig;
use attrib::model::Rng;
use attrib::{Campaign, Pack, Profile, Software, Technique};

/// A seeded synthetic pack and its citations: `groups` groups over 60 techniques and 15
/// software. Each group is documented by four reports; each of its `uses` relationships cites
/// one or two of them. Each group also has one campaign. A few profiles have victim data only.
pub fn synthetic(groups: usize, seed: u64) -> (Pack, Citations) {
    let mut rng = Rng::new(seed, 0);
    let techniques: Vec<Technique> = (0..60)
        .map(|i| Technique {
            id: format!("T{}", 1000 + i).into(),
            name: format!("t{i}").into(),
            tactics: vec![],
        })
        .collect();
    let software: Vec<Software> = (0..15)
        .map(|i| Software {
            id: format!("S{i:04}").into(),
            name: format!("soft{i}").into(),
            kind: "malware".into(),
            aliases: vec![],
            techniques: vec![format!("T{}", 1000 + (i * 3) % 60).into()],
        })
        .collect();
    let mut citations = Citations::default();
    let mut profiles = Vec::new();
    let mut campaigns = Vec::new();
    for g in 0..groups {
        let id = format!("G{:04}", g + 1);
        let reports: Vec<String> = (0..4).map(|r| format!("Vendor {g}-{r}")).collect();
        let mut feats: BTreeSet<String> = BTreeSet::new();
        for _ in 0..16 {
            feats.insert(format!("T{}", 1000 + rng.next_u64() % 60));
        }
        for _ in 0..3 {
            feats.insert(format!("S{:04}", rng.next_u64() % 15));
        }
        let support = citations.support.entry(id.clone()).or_default();
        for f in &feats {
            let mut cites = BTreeSet::new();
            cites.insert(reports[(rng.next_u64() % 4) as usize].clone());
            if rng.next_u64() % 3 == 0 {
                cites.insert(reports[(rng.next_u64() % 4) as usize].clone());
            }
            for c in &cites {
                let d = citations
                    .documents
                    .entry((c.clone(), id.clone()))
                    .or_default();
                if f.starts_with('T') {
                    d.0.insert(f.clone());
                } else {
                    d.1.insert(f.clone());
                }
            }
            support.insert(f.clone(), vec![cites]);
        }
        for r in &reports {
            citations
                .urls
                .insert(r.clone(), format!("https://example.com/{g}/{r}"));
        }
        let (techs, soft): (Vec<String>, Vec<String>) =
            feats.iter().cloned().partition(|f| f.starts_with('T'));
        campaigns.push(Campaign {
            id: format!("C{:04}", g + 1).into(),
            name: format!("campaign of group {g}").into(),
            attributed_to: vec![id.clone().into()],
            techniques: techs.iter().step_by(2).map(attrib::Name::from).collect(),
            software: soft.iter().take(1).map(attrib::Name::from).collect(),
        });
        profiles.push(Profile {
            id: id.clone().into(),
            name: format!("Group {g}").into(),
            sponsor: Some(["KP", "RU", "CN", "IR"][g % 4].into()),
            countries: vec![["KR", "UA", "US", "IL"][g % 4].into()],
            motivations: vec!["espionage".into()],
            techniques: attrib::name::names(techs),
            software: attrib::name::names(soft),
            ..Profile::default()
        });
    }
    for v in 0..3 {
        profiles.push(Profile {
            id: format!("misp:{v}").into(),
            name: format!("victims only {v}").into(),
            countries: vec!["DE".into()],
            sponsor: Some("CN".into()),
            ..Profile::default()
        });
    }
    let mut pack = Pack {
        format: attrib::pack::PACK_FORMAT,
        version: format!("synthetic-{seed}").into(),
        techniques,
        software,
        profiles,
        campaigns,
        countries: Default::default(),
        ..Pack::default()
    };
    pack.seal();
    (pack, citations)
}

/// A small grid, few draws and few bootstrap resamples.
pub fn small_config() -> EvalConfig {
    EvalConfig {
        grid: Grid {
            mu_technique: vec![8.0, 64.0],
            mu_software: vec![2.0],
            tau_capability: vec![0.5, 1.0],
            facet_cap: vec![8.0, 32.0],
            prior_exponent: vec![0.0, 1.0],
        },
        synthetic: attrib::eval::cases::SyntheticSpec {
            draws: 2,
            ..Default::default()
        },
        bootstrap: 50,
        ..EvalConfig::default()
    }
}
