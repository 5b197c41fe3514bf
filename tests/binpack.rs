//! The binary profile pack: it decodes to exactly the JSON pack, encodes deterministically, and
//! refuses damaged or hostile bytes with one-line errors that name the byte and the place.

mod common;

use attrib::binpack::{seal_of, BINARY_MAGIC, HEADER_LEN};
use attrib::Pack;

/// A binary pack around `payload`, with a seal that matches it.
fn sealed(payload: &[u8]) -> Vec<u8> {
    let mut b = BINARY_MAGIC.to_vec();
    b.extend_from_slice(&1u32.to_le_bytes());
    b.extend_from_slice(&seal_of(payload));
    b.extend_from_slice(payload);
    b
}

/// `bytes` with the payload changed by `f` and sealed again.
fn reseal(bytes: &[u8], f: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let mut payload = bytes[HEADER_LEN..].to_vec();
    f(&mut payload);
    sealed(&payload)
}

fn err(bytes: &[u8]) -> String {
    Pack::from_bytes(bytes).unwrap_err().to_string()
}

/// The fixture spoiled by `spoil`, read in both forms: the error, the same for both, or `None`
/// if both read it.
fn refusal(spoil: fn(&mut Pack)) -> Option<String> {
    let mut pack = Pack::fixture();
    spoil(&mut pack);
    let from_binary = Pack::from_binary(&pack.to_binary())
        .err()
        .map(|e| e.to_string());
    let from_json = Pack::from_json(&pack.to_json())
        .err()
        .map(|e| e.to_string());
    assert_eq!(from_json, from_binary);
    from_binary
}

#[test]
fn the_fixture_round_trips_exactly_and_deterministically() {
    let pack = Pack::fixture();
    let bin = pack.to_binary();
    assert_eq!(bin, pack.to_binary());
    let back = Pack::from_bytes(&bin).unwrap();
    assert_eq!(back, pack);
    assert_eq!(back.sha256, pack.sha256);
    assert_eq!(back.to_binary(), bin);
    assert_eq!(back.to_json(), pack.to_json());
    // And with params and every optional field set.
    let mut pack = pack;
    pack.params = Some(attrib::Params {
        mu_technique: 0.1 + 0.2,
        samples: 1234,
        deception: -0.0,
        ..Default::default()
    });
    let other = pack.profiles[1].id.clone();
    pack.profiles[0].imitates = Some(other);
    let p = &mut pack.profiles[0];
    p.working.push(attrib::WorkingPattern {
        from: Some("2015-01-01".into()),
        until: None,
        utc_offset_minutes: -570,
        days: vec![1, 2, 7],
        start_hour: 8.5,
        end_hour: 17.25,
        source: "https://example.org/".into(),
    });
    p.campaign_features
        .insert("C0001".into(), vec!["T1566".into(), "S0001".into()]);
    pack.seal();
    let back = Pack::from_binary(&pack.to_binary()).unwrap();
    assert_eq!(back, pack);
    assert_eq!(
        back.params.as_ref().unwrap().deception.to_bits(),
        (-0.0f64).to_bits()
    );
}

#[test]
fn the_real_pack_round_trips_exactly_and_the_built_binary_is_its_encoding() {
    let Some(pack) = common::real_pack() else {
        return;
    };
    let bin = pack.to_binary();
    assert_eq!(bin, pack.to_binary(), "encoding is deterministic");
    let back = Pack::from_bytes(&bin).unwrap();
    assert!(back == pack, "the binary pack decodes to the JSON pack");
    assert_eq!(back.sha256, pack.sha256);
    assert_eq!(back.params, pack.params);
    assert_eq!(back.to_json(), pack.to_json());
    // build/pack.bin, when `make` built it, is this very encoding.
    let path = common::root().join("build/pack.bin");
    if path.is_file() {
        assert!(
            std::fs::read(&path).unwrap() == bin,
            "build/pack.bin is stale: run `make build/pack.bin`"
        );
    } else {
        assert!(
            std::env::var("ATTRIB_REQUIRE_PACK").is_err(),
            "build/pack.bin is missing: run `make build/pack.bin`"
        );
    }
    // Much smaller than the JSON.
    assert!(bin.len() * 2 < pack.to_json().len());
}

#[test]
fn both_forms_score_to_the_same_bytes_through_the_command_line() {
    let Some(pack) = common::real_pack() else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("attrib-binpack-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let json = dir.join("pack.json");
    let bin = dir.join("pack.bin");
    std::fs::write(&json, pack.to_json()).unwrap();
    // The command line converts one form into the other.
    let convert = |out: &std::path::Path, flags: &[&str]| {
        let mut args = vec!["pack", "--profiles", json.to_str().unwrap()];
        args.extend(["--out", out.to_str().unwrap()]);
        args.extend(flags);
        let o = common::attrib(&args);
        assert!(o.status.success(), "{}", common::stderr(&o));
        assert!(common::stderr(&o).is_empty());
        String::from_utf8(o.stdout).unwrap()
    };
    convert(&bin, &[]);
    assert_eq!(std::fs::read(&bin).unwrap(), pack.to_binary());
    let score = |p: &std::path::Path| {
        let o = common::attrib(&[
            "score",
            "data/cases/kr-exchanges-2017.json",
            "--profiles",
            p.to_str().unwrap(),
            "--json",
        ]);
        assert!(o.status.success(), "{}", common::stderr(&o));
        o.stdout
    };
    assert!(score(&json) == score(&bin));
    // The page's pack, without the profiles' source URLs: the same result to the byte, in
    // under two thirds of the bytes.
    let lean = dir.join("lean.bin");
    assert!(convert(&lean, &["--without-refs"]).contains("(binary, without the profiles' refs)"));
    let lean_bytes = std::fs::read(&lean).unwrap();
    assert_eq!(lean_bytes, pack.without_refs().to_binary());
    assert!(pack.profiles.iter().any(|p| !p.refs.is_empty()));
    assert!(lean_bytes.len() * 3 < std::fs::read(&bin).unwrap().len() * 2);
    assert!(score(&json) == score(&lean));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `Pack::without_refs` changes nothing but the profiles' `refs`, and that form round-trips.
#[test]
fn the_pack_without_refs_is_the_pack_less_its_urls() {
    let mut pack = Pack::fixture();
    pack.profiles[0].refs = vec!["https://example.org/report".into()];
    pack.profiles[1].refs = vec![
        "https://example.org/a".into(),
        "https://example.org/b".into(),
    ];
    let lean = pack.without_refs();
    let mut expected = pack.clone();
    for p in &mut expected.profiles {
        p.refs = Vec::new();
    }
    assert!(lean == expected);
    assert_eq!(lean.sha256, pack.sha256, "it still names the whole pack");
    assert!(Pack::from_binary(&lean.to_binary()).unwrap() == lean);
    assert!(lean.to_binary().len() < pack.to_binary().len());
    // Only the binary form is written without them.
    let out = std::env::temp_dir().join(format!("attrib-lean-{}.json", std::process::id()));
    let o = common::attrib(&[
        "pack",
        "--profiles",
        "src/fixture_pack.json",
        "--out",
        out.to_str().unwrap(),
        "--without-refs",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(common::stderr(&o).starts_with(
        "attrib: pack: --without-refs writes the binary form only (the JSON stays the whole pack)\n"
    ));
    assert!(!out.exists());
    let o = common::attrib(&[
        "pack",
        "--profiles",
        "src/fixture_pack.json",
        "--stats",
        "--without-refs",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(common::stderr(&o).starts_with(
        "attrib: pack: --without-refs goes with --out (it writes a pack), not --stats\n"
    ));
}

#[test]
fn the_command_line_chooses_the_form_by_flag_or_name() {
    let dir = std::env::temp_dir().join(format!("attrib-binpack-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fixture = dir.join("fixture.json");
    std::fs::write(&fixture, Pack::fixture().to_json()).unwrap();
    let f = fixture.to_str().unwrap();
    let run = |args: &[&str]| {
        let o = common::attrib(args);
        assert!(o.status.success(), "{}", common::stderr(&o));
    };
    let out = |name: &str| dir.join(name).to_str().unwrap().to_string();
    run(&["pack", "--profiles", f, "--out", &out("a.bin")]);
    run(&["pack", "--profiles", f, "--out", &out("b.dat"), "--binary"]);
    run(&["pack", "--profiles", f, "--out", &out("c.bin"), "--json"]);
    run(&["pack", "--profiles", &out("a.bin"), "--out", &out("d.json")]);
    let read = |name: &str| std::fs::read(dir.join(name)).unwrap();
    assert!(read("a.bin").starts_with(&BINARY_MAGIC));
    assert_eq!(read("a.bin"), read("b.dat"));
    assert!(read("c.bin").starts_with(b"{"));
    assert_eq!(read("d.json"), Pack::fixture().to_json());
    // --stats reads either form.
    let o = common::attrib(&["pack", "--profiles", &out("a.bin"), "--stats", "--json"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    // Wrong combinations are usage errors.
    let o = common::attrib(&["pack", "--profiles", f]);
    assert_eq!(o.status.code(), Some(2));
    assert!(common::stderr(&o).starts_with(
        "attrib: pack: --profiles goes with --stats or --out (to convert the pack)\n"
    ));
    let o = common::attrib(&["pack", "--binary", "--json", "--out", &out("e.bin")]);
    assert_eq!(o.status.code(), Some(2));
    // A damaged binary pack is named with the file.
    let mut bad = read("a.bin");
    let last = bad.len() - 1;
    bad[last] ^= 1;
    std::fs::write(dir.join("bad.bin"), &bad).unwrap();
    let o = common::attrib(&[
        "score",
        "data/cases/kr-exchanges-2017.json",
        "--profiles",
        &out("bad.bin"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        common::stderr(&o),
        format!(
            "attrib: {}: profile pack: bad seal at byte 12: the sha256 of the {} bytes after the header differs, the file is damaged\n",
            out("bad.bin"),
            bad.len() - HEADER_LEN
        )
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn damaged_headers_are_named_exactly() {
    let bin = Pack::fixture().to_binary();
    assert_eq!(
        err(b"ATTRIBXX\x01\x00\x00\x00"),
        "profile pack: bad magic at byte 0: expected ATTRIBPK (a binary pack) or a JSON pack"
    );
    assert_eq!(
        err(b"ATTR"),
        "profile pack: truncated at byte 4 while reading the header's magic (byte 0 on)"
    );
    assert_eq!(
        err(&bin[..30]),
        "profile pack: truncated at byte 30 while reading the header's seal (byte 12 on)"
    );
    let mut v2 = bin.clone();
    v2[8] = 2;
    assert_eq!(
        err(&v2),
        "profile pack: binary format 2 at byte 8 is not supported, expected 1"
    );
    let mut flipped = bin.clone();
    flipped[HEADER_LEN + 100] ^= 0x20;
    assert_eq!(
        err(&flipped),
        format!(
            "profile pack: bad seal at byte 12: the sha256 of the {} bytes after the header differs, the file is damaged",
            bin.len() - HEADER_LEN
        )
    );
}

#[test]
fn damaged_payloads_are_named_with_the_byte_and_the_place() {
    // No strings; format 1; then the version is string 5 of none.
    assert_eq!(
        err(&sealed(&[0, 1, 5])),
        "profile pack: string index 5 out of range (the table holds 0) at byte 46 while reading version"
    );
    // The payload ends where the version should be.
    assert_eq!(
        err(&sealed(&[0, 1])),
        "profile pack: truncated at byte 46 while reading version"
    );
    // One string, "x", then the pack: format 1, version, sha256, no sources, no techniques,
    // one software that lists technique 0 and then index 0 + 3.
    let head = [1, 0, 1, b'x', 1, 0, 0, 0, 0];
    let software = [1, 0, 0, 0, 0, 2, 0, 6];
    let mut p = head.to_vec();
    p.extend_from_slice(&software);
    p.extend_from_slice(&[0; 12]);
    assert_eq!(
        err(&sealed(&p)),
        "profile pack: string index 3 out of range (the table holds 1) at byte 60 while reading software[0].techniques[1]"
    );
    // A count no remaining bytes could hold.
    let mut p = head.to_vec();
    p.extend_from_slice(&[0x80, 0x80, 0x04]);
    assert_eq!(
        err(&sealed(&p)),
        "profile pack: count 65536 larger than the 0 bytes left could hold at byte 53 while reading software"
    );
    // A varint that never ends.
    let mut p = head.to_vec();
    p.extend_from_slice(&[0xff; 12]);
    assert_eq!(
        err(&sealed(&p)),
        "profile pack: varint too large at byte 53 while reading software"
    );
    // A string's text that is not UTF-8.
    assert_eq!(
        err(&sealed(&[1, 0, 1, 0xff])),
        "profile pack: invalid utf-8 at byte 47 while reading strings[0]"
    );
    // Map keys out of order: countries "y" then "x".
    let mut p = vec![2, 0, 1, 0, 1, b'x', b'y', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    p.extend_from_slice(&[2, 1, 0, 0, 0, 0]);
    assert_eq!(
        err(&sealed(&p)),
        "profile pack: key \"x\" out of order (keys must increase) at byte 64 while reading countries[1]"
    );
}

#[test]
fn truncation_and_trailing_bytes_in_the_fixture_are_named() {
    let bin = Pack::fixture().to_binary();
    let n = bin.len();
    // The params' presence byte is the last.
    assert_eq!(
        err(&reseal(&bin, |p| p.pop().map(drop).unwrap())),
        format!(
            "profile pack: truncated at byte {} while reading params",
            n - 1
        )
    );
    // Further in, the place is a list's item (where the fixture's last campaign lists
    // techniques) or a count the bytes left cannot hold.
    let e = err(&reseal(&bin, |p| p.truncate(p.len() - 9)));
    assert!(
        e.starts_with(&format!(
            "profile pack: truncated at byte {} while reading campaigns[",
            n - 9
        )),
        "{e}"
    );
    let e = err(&reseal(&bin, |p| p.truncate(p.len() - 200)));
    assert!(e.contains(" while reading profiles["), "{e}");
    assert_eq!(
        err(&reseal(&bin, |p| p.push(0))),
        format!("profile pack: 1 trailing byte at byte {n} after the pack")
    );
    assert_eq!(
        err(&reseal(&bin, |p| p.extend_from_slice(&[0, 0, 0]))),
        format!("profile pack: 3 trailing bytes at byte {n} after the pack")
    );
}

#[test]
fn a_decoded_pack_shares_each_distinct_string_instead_of_copying_it() {
    // Every mention of a string in the binary pack is one entry of its string table, so the
    // decoded pack holds that text once: a technique a profile lists is the very text of the
    // technique's own ID, not an equal copy (no allocation per field).
    let pack = Pack::from_bytes(&Pack::fixture().to_binary()).unwrap();
    let mut shared = 0;
    for p in &pack.profiles {
        for t in &p.techniques {
            let own = pack.techniques.iter().find(|x| x.id == *t);
            if let Some(own) = own {
                assert!(
                    attrib::Name::same(t, &own.id),
                    "{} in {} is a copy",
                    t,
                    p.id
                );
                shared += 1;
            }
        }
    }
    assert!(shared > 5, "only {shared} listings checked");
    // A JSON pack, by contrast, reads each mention as its own text.
    let json = Pack::from_bytes(&Pack::fixture().to_json()).unwrap();
    let (p, t) = json
        .profiles
        .iter()
        .flat_map(|p| p.techniques.iter().map(move |t| (p, t)))
        .find(|(_, t)| json.techniques.iter().any(|x| x.id == **t))
        .unwrap();
    let own = json.techniques.iter().find(|x| x.id == *t).unwrap();
    assert!(!attrib::Name::same(t, &own.id), "{} in {}", t, p.id);
}

#[test]
fn a_decoded_pack_gets_the_json_packs_check() {
    let mut pack = Pack::fixture();
    pack.profiles[0].parent = Some("nope".into());
    let e = err(&pack.to_binary());
    assert_eq!(
        e,
        format!(
            "profile pack: profiles[0] ({}): parent nope is not a profile in the pack",
            pack.profiles[0].id
        )
    );
}

/// Found in review: packs whose results a reader could misread loaded without a word:
/// - a profile with the ID `unlisted` or `none`, the IDs results give the unlisted actor and the
///   state-level roll-up of actors with no known sponsor (a `leader` of `unlisted` named either,
///   and the page showed the profile as the unlisted actor), or a profile or state named as
///   results name those two;
/// - a sponsor or a country code written `none`, a blank country name (a statement then read
///   "that  sponsored this activity"), two states of one name (two sponsor roll-ups alike);
/// - two profiles of one name, two programs of one ID;
/// - a profile imitating itself (which turned Lazarus Group into a false flag of itself, at a
///   quarter of its share) or another false flag;
/// - an ID no case could name (spaces around it), and software whose ID is the key Attrib gives
///   software it does not know (`name:` and its name), which took over that name.
///
/// Each is refused where the pack is read, in either form, with what is wrong and where.
#[test]
fn packs_whose_results_could_be_misread_are_refused_where_and_why() {
    type Spoil = fn(&mut Pack);
    let cases: [(Spoil, &str); 17] = [
        (
            |p| p.profiles[3].name = "Unlisted actor".into(),
            "profile pack: profiles[3] (G0067): the name \"Unlisted actor\" is the one results give the unlisted actor",
        ),
        (
            |p| {
                p.countries.insert("RU".into(), " No known state sponsor".into());
            },
            "profile pack: countries.RU: the name \" No known state sponsor\" is the one results give actors with no known state sponsor",
        ),
        (
            |p| {
                p.countries.insert("RU".into(), "North Korea".into());
            },
            "profile pack: countries.RU: the name \"North Korea\" is already that of countries.KP",
        ),
        (
            |p| p.profiles[1].id = "G0032 ".into(),
            "profile pack: profiles[1]: the id \"G0032 \" has spaces around it",
        ),
        (
            |p| p.software[2].id = "name:wannacry".into(),
            "profile pack: software[2]: the id name:wannacry starts with name:, which names software the pack does not know",
        ),
        (
            |p| p.profiles[1].id = "unlisted".into(),
            "profile pack: profiles[1]: the id unlisted is reserved for the unlisted actor",
        ),
        (
            |p| p.profiles[1].id = "none".into(),
            "profile pack: profiles[1]: the id none is reserved for actors with no known state sponsor",
        ),
        (
            |p| p.profiles[0].sponsor = Some("none".into()),
            "profile pack: profiles[0] (X-DPRK): sponsor: expected an ISO 3166-1 alpha-2 code such as KP, found \"none\"",
        ),
        (
            |p| p.profiles[1].sponsor = Some("kp".into()),
            "profile pack: profiles[1] (G0032): sponsor: expected an ISO 3166-1 alpha-2 code such as KP, found \"kp\"",
        ),
        (
            |p| p.profiles[1].sponsor = Some("ÉU".into()),
            "profile pack: profiles[1] (G0032): sponsor: expected an ISO 3166-1 alpha-2 code such as KP, found \"ÉU\"",
        ),
        (
            |p| p.profiles[4].name = " Lazarus Group".into(),
            "profile pack: profiles[4] (G0094): the name \" Lazarus Group\" is already that of profiles[1] (G0032)",
        ),
        (
            |p| p.software[3].id = p.software[1].id.clone(),
            "profile pack: software[3]: duplicate software id S0154 (software[1])",
        ),
        (
            |p| {
                p.countries.insert("unlisted".into(), "Nowhere".into());
            },
            "profile pack: countries: expected an ISO 3166-1 alpha-2 code such as KP, found \"unlisted\"",
        ),
        (
            |p| {
                p.countries.insert("KP".into(), " ".into());
            },
            "profile pack: countries.KP has an empty name",
        ),
        (
            |p| p.profiles[1].imitates = Some("G0032".into()),
            "profile pack: profiles[1] (G0032): imitates itself",
        ),
        (
            |p| p.profiles[2].imitates = Some("X-FALSEFLAG-KP".into()),
            "profile pack: profiles[2] (G0082): imitates X-FALSEFLAG-KP, which is itself a false flag (it imitates G0032)",
        ),
        (
            |p| p.profiles[2].imitates = Some("G0032".into()),
            "",
        ),
    ];
    for (spoil, want) in cases {
        // The empty expectation: a second false flag of one actor is allowed.
        assert_eq!(
            refusal(spoil),
            Some(want.to_string()).filter(|w| !w.is_empty())
        );
    }
}

/// Found by the fuzzer: software whose ID was only line feeds loaded, and its STIX export, which
/// writes the ID as an `external_id`, did not read back. A blank ID or name is refused where the
/// pack is read, in either form.
#[test]
fn blank_ids_and_names_of_profiles_and_software_are_refused() {
    type Spoil = fn(&mut Pack);
    let cases: [(Spoil, &str); 4] = [
        (
            |p| p.software[0].id = "\n\n\n".into(),
            "profile pack: software[0] has an empty id",
        ),
        (
            |p| p.profiles[1].id = " ".into(),
            "profile pack: profiles[1] has an empty id",
        ),
        (
            |p| p.software[0].name = "\t".into(),
            "profile pack: software[0] (",
        ),
        (
            |p| p.software[0].id = String::new().into(),
            "profile pack: software[0] has an empty id",
        ),
    ];
    for (spoil, want) in cases {
        let e = refusal(spoil).expect("refused");
        assert!(e.starts_with(want), "{e}");
    }
    let mut pack = Pack::fixture();
    pack.software[0].name = "\t".into();
    assert_eq!(
        err(&pack.to_binary()),
        format!(
            "profile pack: software[0] ({}) has an empty name",
            pack.software[0].id
        )
    );
}

#[test]
fn every_prefix_and_every_byte_flip_of_the_fixture_is_an_error_or_a_pack() {
    let bin = Pack::fixture().to_binary();
    for len in 0..bin.len() {
        assert!(Pack::from_bytes(&bin[..len]).is_err());
        let cut = reseal(&bin[..len.max(HEADER_LEN)], |_| {});
        let _ = Pack::from_bytes(&cut);
    }
    for i in HEADER_LEN..bin.len() {
        for x in [0x01, 0x80, 0xff] {
            let b = reseal(&bin, |p| p[i - HEADER_LEN] ^= x);
            if let Err(e) = Pack::from_bytes(&b) {
                let m = e.to_string();
                assert!(m.starts_with("profile pack: ") && !m.contains('\n'), "{m}");
            }
        }
    }
}

#[test]
fn a_string_used_over_and_over_cannot_expand_without_limit() {
    // One string of 1,000 bytes, then a software whose alias list names it 20,000 times: far
    // more than MAX_EXPANSION times the file's length.
    let mut p = vec![1, 0, 0xe8, 0x07];
    p.extend_from_slice(&[b'a'; 1000]);
    p.extend_from_slice(&[1, 0, 0, 0, 0]);
    p.extend_from_slice(&[1, 0, 0, 0, 0xa0, 0x9c, 0x01]);
    p.extend_from_slice(&[0; 20_000]);
    let e = err(&sealed(&p));
    assert!(
        e.starts_with("profile pack: strings expanding past 32 times the file's length at byte "),
        "{e}"
    );
    assert!(e.ends_with("while reading software[0].aliases[667]"), "{e}");
}

/// The page's `loadPack` reads only the binary form; a JSON pack handed to it is told how to
/// convert it.
#[test]
fn a_json_pack_read_as_binary_is_told_how_to_convert() {
    let e = Pack::from_binary(&Pack::fixture().to_json())
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "profile pack: not the binary form (it does not start with ATTRIBPK); convert a JSON pack with `attrib pack --profiles PACK.json --out PACK.bin`"
    );
}

/// The page hands over the payload's SHA-256 from WebCrypto; the seal is compared with it, and
/// a digest of the wrong length, or of other bytes, is refused in exact words.
#[test]
fn a_given_digest_is_compared_with_the_seal() {
    let pack = Pack::fixture();
    let bin = pack.to_binary();
    let digest = seal_of(&bin[HEADER_LEN..]);
    assert_eq!(Pack::from_binary_with_digest(&bin, &digest).unwrap(), pack);
    let mut other = digest;
    other[31] ^= 1;
    assert_eq!(
        Pack::from_binary_with_digest(&bin, &other).unwrap_err().to_string(),
        format!(
            "profile pack: bad seal at byte 12: the sha256 of the {} bytes after the header differs, the file is damaged",
            bin.len() - HEADER_LEN
        )
    );
    assert_eq!(
        Pack::from_binary_with_digest(&bin, &digest[..31])
            .unwrap_err()
            .to_string(),
        "profile pack: the payload's digest given has 31 bytes, expected the 32 of a sha256"
    );
    // The header is read before the digest is looked at.
    assert_eq!(
        Pack::from_binary_with_digest(b"ATTRIBXX", &digest)
            .unwrap_err()
            .to_string(),
        "profile pack: bad magic at byte 0: expected ATTRIBPK (a binary pack) or a JSON pack"
    );
}
