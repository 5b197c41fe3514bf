//! Malformed STIX bundles are refused with one-line messages that name the object and field.

use attrib::packer::stix::import_bundle;

fn err(text: &str) -> String {
    import_bundle(text).unwrap_err().to_string()
}

fn bundle(objects: &str) -> String {
    format!(r#"{{"type": "bundle", "id": "bundle--1", "objects": [{objects}]}}"#)
}

const GROUP: &str = r#"{"type": "intrusion-set", "id": "intrusion-set--g", "name": "G",
  "external_references": [{"source_name": "mitre-attack", "external_id": "G9000"}]}"#;

#[test]
fn not_json_or_not_a_bundle() {
    assert!(err("{").starts_with("stix: not valid json: "));
    assert_eq!(err("[]"), "stix: $: expected a json object");
    assert_eq!(
        err(r#"{"type": "report"}"#),
        r#"stix: $.type: expected "bundle", found "report""#
    );
    assert_eq!(
        err(r#"{"objects": []}"#),
        r#"stix: $.type: missing, expected "bundle""#
    );
    assert_eq!(
        err(r#"{"type": "bundle", "objects": 3}"#),
        "stix: $.objects: expected a list of objects"
    );
}

#[test]
fn objects_without_type_or_id() {
    assert_eq!(err(&bundle("7")), "stix: objects[0]: expected an object");
    assert_eq!(
        err(&bundle(r#"{"id": "x--1"}"#)),
        "stix: objects[0]: missing type"
    );
    assert_eq!(
        err(&bundle(r#"{"type": "malware"}"#)),
        "stix: objects[0] (malware): missing id"
    );
    assert_eq!(
        err(&bundle(
            r#"{"type": "malware", "id": "tool--1", "name": "x"}"#
        )),
        r#"stix: objects[0] (tool--1): id must start with "malware--""#
    );
}

#[test]
fn relationship_fields() {
    let rel = r#"{"type": "relationship", "id": "relationship--r", "relationship_type": "uses", "target_ref": "tool--t"}"#;
    assert_eq!(
        err(&bundle(&format!("{GROUP}, {rel}"))),
        "stix: objects[1] (relationship--r): missing source_ref"
    );
    let rel = r#"{"type": "relationship", "id": "relationship--r", "source_ref": "intrusion-set--g", "target_ref": "tool--t"}"#;
    assert_eq!(
        err(&bundle(rel)),
        "stix: objects[0] (relationship--r): missing relationship_type"
    );
    let rel = r#"{"type": "relationship", "id": "relationship--r", "relationship_type": "uses", "source_ref": 5, "target_ref": "tool--t"}"#;
    assert_eq!(
        err(&bundle(rel)),
        "stix: objects[0] (relationship--r): source_ref must be a string"
    );
}

#[test]
fn sdo_fields() {
    assert_eq!(
        err(&bundle(
            r#"{"type": "intrusion-set", "id": "intrusion-set--a"}"#
        )),
        "stix: objects[0] (intrusion-set--a): missing name"
    );
    assert_eq!(
        err(&bundle(
            r#"{"type": "malware", "id": "malware--a", "name": "m", "x_mitre_aliases": "m"}"#
        )),
        "stix: objects[0] (malware--a): x_mitre_aliases must be a list of strings"
    );
    assert_eq!(
        err(&bundle(
            r#"{"type": "tool", "id": "tool--a", "name": "t", "revoked": "no"}"#
        )),
        "stix: objects[0] (tool--a): revoked must be true or false"
    );
    assert_eq!(
        err(&bundle(
            r#"{"type": "attack-pattern", "id": "attack-pattern--a", "name": "p",
            "external_references": [{"source_name": "mitre-attack"}]}"#
        )),
        "stix: objects[0] (attack-pattern--a): external_references[0]: missing external_id"
    );
    assert_eq!(
        err(&bundle(
            r#"{"type": "location", "id": "location--a", "country": "Korea"}"#
        )),
        r#"stix: objects[0] (location--a): country must be an iso 3166-1 alpha-2 code, found "Korea""#
    );
    assert_eq!(
        err(&bundle(&format!("{GROUP}, {GROUP}"))),
        "stix: objects[1] (intrusion-set--g): duplicate of objects[0] with the same modified time"
    );
}

#[test]
fn stix_only_relationships_give_victims_sponsor_and_parent() {
    let text = bundle(&format!(
        r#"{GROUP},
        {{"type": "threat-actor", "id": "threat-actor--t", "name": "Umbrella"}},
        {{"type": "location", "id": "location--kp", "country": "KP"}},
        {{"type": "location", "id": "location--kr", "country": "kr"}},
        {{"type": "identity", "id": "identity--banks", "name": "banks", "sectors": ["financial-services"]}},
        {{"type": "relationship", "id": "relationship--1", "relationship_type": "targets", "source_ref": "intrusion-set--g", "target_ref": "location--kr"}},
        {{"type": "relationship", "id": "relationship--2", "relationship_type": "targets", "source_ref": "intrusion-set--g", "target_ref": "identity--banks"}},
        {{"type": "relationship", "id": "relationship--3", "relationship_type": "located-at", "source_ref": "threat-actor--t", "target_ref": "location--kp"}},
        {{"type": "relationship", "id": "relationship--4", "relationship_type": "attributed-to", "source_ref": "intrusion-set--g", "target_ref": "threat-actor--t"}}"#
    ));
    let pack = import_bundle(&text).unwrap();
    let g = pack.profile("G9000").unwrap();
    assert_eq!(g.countries, ["KR"]);
    assert_eq!(g.sectors, ["financial-services"]);
    assert_eq!(g.parent.as_deref(), Some("threat-actor--t"));
    assert_eq!(
        pack.profile("threat-actor--t").unwrap().sponsor.as_deref(),
        Some("KP")
    );
    assert_eq!(pack.effective_sponsor("G9000").as_deref(), Some("KP"));
}
