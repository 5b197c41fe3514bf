//! A profile pack: load it as the page and the command line do, index it and score a probe case.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(pack) = attrib::Pack::from_json(data) else {
        return;
    };
    let index = attrib::index::Index::new(pack, None).expect("a loaded pack indexes");
    common::check_score(&common::probe_case(index.pack()), &index);
});
