//! A case file: parse it, write it back (export) and read that again, and score it against the
//! fixture pack.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(case) = attrib::Case::from_json(data) else {
        return;
    };
    let text = case.to_json();
    let again = attrib::Case::from_json(text.as_bytes()).expect("an exported case reads back");
    assert_eq!(again, case, "the export round trip changes nothing");
    common::check_score(&case, common::fixture());
});
