//! A profile pack, in either form: load it as the page and the command line do, index it and
//! score a probe case.
//!
//! The bytes are read as they are (`Pack::from_bytes` tells JSON from the binary form by the
//! first byte, and a damaged binary pack fails its seal), and, when they look like a binary pack,
//! once more with the seal made to match, so that the mutations reach the binary decoder behind
//! it; that sealed form is also decoded with its digest given, as the page's worker does. The seed
//! corpus holds the fixture pack in both forms.
#![no_main]

use attrib::binpack::{seal_of, BINARY_MAGIC, HEADER_LEN};
use libfuzzer_sys::fuzz_target;

mod common;

fn load_and_score(bytes: &[u8]) {
    let Ok(pack) = attrib::Pack::from_bytes(bytes) else {
        return;
    };
    let index = attrib::index::Index::new(pack, None).expect("a loaded pack indexes");
    common::check_score(&common::probe_case(index.pack()), &index);
}

fuzz_target!(|data: &[u8]| {
    load_and_score(data);
    if data.len() >= HEADER_LEN && data.starts_with(&BINARY_MAGIC) {
        let mut sealed = data.to_vec();
        let seal = seal_of(&data[HEADER_LEN..]);
        sealed[12..HEADER_LEN].copy_from_slice(&seal);
        load_and_score(&sealed);
        // The page's way, with the digest made outside: the same pack or the same error.
        // (Compared by their bytes: a pack's f64 params may be NaN, which `==` never equals.)
        let read =
            |p: attrib::Result<attrib::Pack>| p.map(|p| p.to_binary()).map_err(|e| e.to_string());
        let given = read(attrib::Pack::from_binary_with_digest(&sealed, &seal));
        let hashed = read(attrib::Pack::from_binary(&sealed));
        assert_eq!(given, hashed, "a digest given decodes as the seal hashed");
    }
});
