//! Shared helpers for the evaluation tests (a synthetic pack, a small grid).
#![allow(dead_code)]

use attrib::eval::fit::Grid;
use attrib::eval::EvalConfig;
use attrib::model::Rng;
use attrib::{Campaign, Pack, Profile, Software, Technique};

/// A seeded synthetic pack: `groups` groups over 60 techniques and 15 software, each with two
/// campaigns whose own features are recorded in `campaign_features`, plus a few profiles with
/// victim data only.
pub fn synthetic_pack(groups: usize, seed: u64) -> Pack {
    let mut rng = Rng::new(seed, 0);
    let techniques: Vec<Technique> = (0..60)
        .map(|i| Technique {
            id: format!("T{}", 1000 + i),
            name: format!("t{i}"),
            tactics: vec![],
        })
        .collect();
    let software: Vec<Software> = (0..15)
        .map(|i| Software {
            id: format!("S{:04}", i),
            name: format!("soft{i}"),
            kind: "malware".into(),
            aliases: vec![],
            techniques: vec![format!("T{}", 1000 + (i * 3) % 60)],
        })
        .collect();
    let mut profiles = Vec::new();
    let mut campaigns = Vec::new();
    for g in 0..groups {
        let id = format!("G{:04}", g + 1);
        let pick = |rng: &mut Rng, n: usize, k: usize, prefix: &str, base: usize| -> Vec<String> {
            let mut v: Vec<String> = (0..k)
                .map(|_| format!("{prefix}{}", base + (rng.next_u64() % n as u64) as usize))
                .collect();
            v.sort();
            v.dedup();
            v
        };
        let mut techs = pick(&mut rng, 60, 14, "T", 1000);
        let soft: Vec<String> = pick(&mut rng, 15, 3, "S", 0)
            .iter()
            .map(|s| format!("S{:04}", &s[1..].parse::<usize>().unwrap()))
            .collect();
        let mut p = Profile {
            id: id.clone(),
            name: format!("Group {g}"),
            sponsor: Some(["KP", "RU", "CN", "IR"][g % 4].into()),
            countries: vec![["KR", "UA", "US", "IL"][g % 4].into()],
            motivations: vec!["espionage".into()],
            software: soft.clone(),
            ..Profile::default()
        };
        for c in 0..2 {
            let cid = format!("C{:04}", g * 2 + c + 1);
            // The campaign shows some of the group's techniques plus two of its own.
            let mut shown: Vec<String> = techs.iter().step_by(2 + c).cloned().collect();
            let own: Vec<String> = pick(&mut rng, 60, 2, "T", 1000)
                .into_iter()
                .filter(|t| !techs.contains(t))
                .collect();
            shown.extend(own.iter().cloned());
            shown.sort();
            shown.dedup();
            p.campaign_features.insert(cid.clone(), own.clone());
            campaigns.push(Campaign {
                id: cid,
                name: format!("campaign {c} of group {g}"),
                attributed_to: vec![id.clone()],
                techniques: shown,
                software: soft.iter().take(1).cloned().collect(),
            });
            techs.extend(own);
        }
        techs.sort();
        techs.dedup();
        p.techniques = techs;
        profiles.push(p);
    }
    for v in 0..3 {
        profiles.push(Profile {
            id: format!("misp:{v}"),
            name: format!("victims only {v}"),
            countries: vec!["DE".into()],
            ..Profile::default()
        });
    }
    let mut pack = Pack {
        format: attrib::pack::PACK_FORMAT,
        version: format!("synthetic-{seed}"),
        techniques,
        software,
        profiles,
        campaigns,
        ..Pack::default()
    };
    pack.seal();
    pack
}

/// A small grid and few draws, so a whole evaluation runs in about a second.
pub fn small_config() -> EvalConfig {
    let synthetic = attrib::eval::cases::SyntheticSpec {
        draws: 2,
        ..Default::default()
    };
    EvalConfig {
        grid: Grid {
            leak: vec![0.05, 0.2],
            k_technique: vec![8.0, 32.0],
            k_software: vec![3.0],
            tau_capability: vec![0.3, 0.7],
            unlisted_prior: vec![0.05, 0.15],
            facet_cap: vec![8.0, 40.0],
            prior_exponent: vec![0.0, 1.0],
        },
        synthetic,
        ..EvalConfig::default()
    }
}
