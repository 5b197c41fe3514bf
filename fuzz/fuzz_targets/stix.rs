//! A STIX bundle: import it as a pack, index it and score a probe case against it.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(imported) = attrib::packer::stix::import_bytes(data) else {
        return;
    };
    let pack = imported.pack;
    let again = attrib::Pack::from_json(&pack.to_json()).expect("an imported pack reloads");
    assert_eq!(again, pack, "the pack round trip changes nothing");
    let index = attrib::index::Index::new(pack, None).expect("an imported pack indexes");
    common::check_score(&common::probe_case(index.pack()), &index);
});
