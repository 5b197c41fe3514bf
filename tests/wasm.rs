//! The WebAssembly bindings, tested where they run: under Node and in headless Chromium
//! (`WASM_BINDGEN_USE_BROWSER=1`, see the Makefile's `test-wasm`).
#![cfg(target_arch = "wasm32")]

use attrib::index::Index;
use attrib::wasm;
use attrib::{Case, Pack, ScoreOptions};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const PACK: &[u8] = include_bytes!("../src/fixture_pack.json");
const FLAGSHIP_FILE: &str = include_str!("../data/cases/kr-exchanges-2017.json");

/// The flagship case competing as a restricted race among its focus suspects that the fixture
/// pack knows.
fn flagship() -> String {
    let pack = Pack::from_json(PACK).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(FLAGSHIP_FILE).unwrap();
    // The flagship names its suspects as a focus (every profile competes); a restricted race
    // would list them in `hypotheses`.
    if let Some(hyps) = v["hypotheses"].as_array().cloned() {
        v["hypotheses"] = hyps
            .into_iter()
            .filter(|h| pack.profile(h.as_str().unwrap()).is_some())
            .collect();
    }
    serde_json::to_string(&v).unwrap()
}

fn js(json: &str) -> JsValue {
    js_sys::JSON::parse(json).expect("test JSON parses")
}

fn stringify(v: &JsValue) -> String {
    js_sys::JSON::stringify(v)
        .expect("stringify")
        .as_string()
        .expect("a string")
}

/// The fixture pack in the binary form, the one the page's `loadPack` reads.
fn pack_bin() -> Vec<u8> {
    Pack::from_json(PACK).unwrap().to_binary()
}

fn loaded() {
    wasm::load_pack(&pack_bin(), None).expect("the fixture pack loads");
}

/// The message of a JS `Error`, checking that it is one.
fn error_message(e: js_sys::Error) -> String {
    let v: JsValue = e.into();
    assert!(v.is_instance_of::<js_sys::Error>(), "not a JS Error: {v:?}");
    v.unchecked_into::<js_sys::Error>()
        .message()
        .as_string()
        .expect("a message")
}

#[wasm_bindgen_test]
fn load_pack_summarises_the_pack() {
    let s = wasm::load_pack(&pack_bin(), None).unwrap();
    let s: serde_json::Value = serde_json::from_str(&stringify(&s)).unwrap();
    assert_eq!(s["version"], "fixture-1");
    assert_eq!(s["profiles"], Pack::fixture().profiles.len());
}

#[wasm_bindgen_test]
fn a_bad_pack_is_a_js_error_with_the_core_message_and_keeps_the_old_pack() {
    loaded();
    let e = wasm::load_pack(br#"{"format": 9, "version": "x"}"#, None).unwrap_err();
    assert_eq!(
        error_message(e),
        "profile pack: not the binary form (it does not start with ATTRIBPK); convert a JSON pack with `attrib pack --profiles PACK.json --out PACK.bin`"
    );
    let mut sealed_wrong = Pack::fixture().to_binary();
    let last = sealed_wrong.len() - 1;
    sealed_wrong[last] ^= 1;
    let e = wasm::load_pack(&sealed_wrong, None).unwrap_err();
    assert!(
        error_message(e).starts_with("profile pack: "),
        "a damaged binary pack is refused in the core's words"
    );
    // The fixture pack is still in force.
    assert!(wasm::score(js(&flagship()), JsValue::UNDEFINED).is_ok());
}

/// The page hashes the payload with WebCrypto and hands the digest over: the seal is compared
/// with it, and a digest that is not the payload's is refused in the core's words.
#[wasm_bindgen_test]
fn load_pack_compares_the_seal_with_a_given_digest() {
    let bytes = pack_bin();
    let payload = bytes.len() - attrib::binpack::HEADER_LEN;
    let digest = attrib::binpack::seal_of(&bytes[attrib::binpack::HEADER_LEN..]);
    assert!(wasm::load_pack(&bytes, Some(digest.to_vec().into())).is_ok());
    let mut wrong = digest;
    wrong[0] ^= 1;
    let e = wasm::load_pack(&bytes, Some(wrong.to_vec().into())).unwrap_err();
    assert_eq!(
        error_message(e),
        format!("profile pack: bad seal at byte 12: the sha256 of the {payload} bytes after the header differs, the file is damaged")
    );
    let e = wasm::load_pack(&bytes, Some(vec![0; 20].into())).unwrap_err();
    assert_eq!(
        error_message(e),
        "profile pack: the payload's digest given has 20 bytes, expected the 32 of a sha256"
    );
}

#[wasm_bindgen_test]
fn score_matches_the_core_called_directly() {
    loaded();
    let opts = r#"{"samples": 300, "excluded": [10, 11], "planted": [2]}"#;
    let via_js = stringify(&wasm::score(js(&flagship()), js(opts)).unwrap());
    let index = Index::new(Pack::from_json(PACK).unwrap(), None).unwrap();
    let case = Case::from_json(flagship().as_bytes()).unwrap();
    let opts: ScoreOptions = serde_json::from_str(opts).unwrap();
    let direct = attrib::score(&case, &index, &opts).unwrap();
    // Compare as JS sees both; the only difference is the seed, which JS receives as a string.
    let direct =
        serde::Serialize::serialize(&direct, &serde_wasm_bindgen::Serializer::json_compatible())
            .unwrap();
    let settings = js_sys::Reflect::get(&direct, &"settings".into()).unwrap();
    js_sys::Reflect::set(&settings, &"seed".into(), &"20171".into()).unwrap();
    assert_eq!(via_js, stringify(&direct));
}

#[wasm_bindgen_test]
fn seeds_beyond_two_to_the_53_cross_the_boundary_exactly() {
    loaded();
    // A case file with such a seed, as the page reads it: the validated case carries it as a
    // string, and scoring that case object uses it to the last digit.
    let file = flagship().replace("20171", "9007199254740993");
    let v = wasm::parse_case_bytes(file.as_bytes()).unwrap();
    let case = js_sys::Reflect::get(&v, &"case".into()).unwrap();
    let seen: serde_json::Value = serde_json::from_str(&stringify(&case)).unwrap();
    assert_eq!(seen["settings"]["seed"], "9007199254740993");
    let r: serde_json::Value = serde_json::from_str(&stringify(
        &wasm::score(case.clone(), JsValue::UNDEFINED).unwrap(),
    ))
    .unwrap();
    assert_eq!(r["settings"]["seed"], "9007199254740993");
    // The same result as the core reading the file.
    let index = Index::new(Pack::from_json(PACK).unwrap(), None).unwrap();
    let direct = attrib::score(
        &Case::from_json(file.as_bytes()).unwrap(),
        &index,
        &ScoreOptions::default(),
    )
    .unwrap();
    assert_eq!(r["leader_stability"], direct.leader_stability);
    assert_eq!(
        r["hypotheses"][0]["interval"][0],
        direct.hypotheses[0].interval[0]
    );
    // Exported, the case file keeps every digit.
    let text = wasm::export_case(case).unwrap();
    assert!(text.contains(r#""seed": 9007199254740993"#), "{text}");
    assert_eq!(
        Case::from_json(text.as_bytes()).unwrap(),
        Case::from_json(file.as_bytes()).unwrap()
    );
    // Options take a string, a BigInt, or a safe number; an unsafe number is refused.
    let big = js_sys::BigInt::from(u64::MAX);
    let opts = js_sys::Object::new();
    js_sys::Reflect::set(&opts, &"seed".into(), &big).unwrap();
    let r: serde_json::Value = serde_json::from_str(&stringify(
        &wasm::score(js(&flagship()), opts.into()).unwrap(),
    ))
    .unwrap();
    assert_eq!(r["settings"]["seed"], "18446744073709551615");
    let e = wasm::score(js(&flagship()), js(r#"{"seed": 9007199254740993}"#)).unwrap_err();
    assert_eq!(
        error_message(e),
        "options.seed: 9007199254740992 is too large to be exact as a javascript number: pass the seed as a string of digits"
    );
}

#[wasm_bindgen_test]
fn a_case_file_is_read_from_its_bytes_with_the_command_lines_messages() {
    loaded();
    for bytes in [
        &b"\xef\xbb\xbf{\"attrib\": 1, \"observations\": []}"[..],
        &b"{\"attrib\":1,\"title\":\"\xc3(\",\"observations\":[]}"[..],
        &br#"{"attrib": 1, "title": "\udc00", "observations": []}"#[..],
        &br#"{"attrib": 1, "observations": [], "hypotheses": []}"#[..],
    ] {
        let native = Case::from_json(bytes).unwrap_err().to_string();
        let e = wasm::parse_case_bytes(bytes).unwrap_err();
        assert_eq!(error_message(e), native);
    }
}

#[wasm_bindgen_test]
fn same_input_and_seed_give_identical_json() {
    loaded();
    let a = stringify(&wasm::score(js(&flagship()), js(r#"{"seed": 7}"#)).unwrap());
    let b = stringify(&wasm::score(js(&flagship()), js(r#"{"seed": 7}"#)).unwrap());
    assert_eq!(a, b);
    let c = stringify(&wasm::score(js(&flagship()), js(r#"{"seed": 8}"#)).unwrap());
    assert_ne!(a, c, "another seed draws another Monte Carlo");
}

#[wasm_bindgen_test]
fn contributions_add_up_to_the_score() {
    loaded();
    let r = wasm::score(js(&flagship()), JsValue::UNDEFINED).unwrap();
    let r: serde_json::Value = serde_json::from_str(&stringify(&r)).unwrap();
    for h in r["hypotheses"].as_array().unwrap() {
        let sum: f64 = h["contributions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["log_lr"].as_f64().unwrap())
            .sum();
        let score = h["score"].as_f64().unwrap();
        assert!((h["log_prior"].as_f64().unwrap() + sum - score).abs() < 1e-9);
    }
}

#[wasm_bindgen_test]
fn case_errors_are_js_errors_with_the_exact_core_message() {
    loaded();
    let cases = [
        (r#"{"attrib": 2, "observations": []}"#, "$.attrib: expected 1 (the case format version), found 2"),
        (r#"{"attrib": 1}"#, "$: missing required field observations"),
        (
            r#"{"attrib": 1, "observations": [{"kind": "victim-country", "value": "ZZ"}]}"#,
            "$.observations[0].value: expected an ISO 3166-1 alpha-2 country code such as KR, found \"ZZ\"",
        ),
        (
            r#"{"attrib": 1, "observations": [], "colour": "red"}"#,
            "$.colour: unknown field, expected one of attrib, title, summary, date, observations, hypotheses, settings, analysis",
        ),
        (
            r#"{"attrib": 1, "observations": [], "hypotheses": ["G9999"]}"#,
            "$.hypotheses[0]: G9999 is not a profile in the pack",
        ),
    ];
    for (case, msg) in cases {
        let e = wasm::score(js(case), JsValue::UNDEFINED).unwrap_err();
        assert_eq!(error_message(e), msg, "for {case}");
    }
    let e = wasm::score(js(&flagship()), js(r#"{"excluded": [99]}"#)).unwrap_err();
    assert_eq!(
        error_message(e),
        "options.excluded[0]: observation 99 does not exist (the case has 12)"
    );
    let e = wasm::parse_case_bytes(b"[1, 2").unwrap_err();
    assert!(error_message(e).starts_with("case file is not valid json"));
}

#[wasm_bindgen_test]
fn validate_returns_the_normalised_case_and_warnings() {
    loaded();
    let v = wasm::validate(js(&flagship())).unwrap();
    let v: serde_json::Value = serde_json::from_str(&stringify(&v)).unwrap();
    assert_eq!(v["case"]["observations"][5]["value"], "financial-services");
    let expected = Case::from_json(flagship().as_bytes()).unwrap();
    // The seed arrives as a string of digits; as a number, the case is the one read natively.
    assert_eq!(v["case"]["settings"]["seed"], "20171");
    let mut as_file = v["case"].clone();
    as_file["settings"]["seed"] = 20171.into();
    assert_eq!(Case::from_value(&as_file).unwrap(), expected);
    assert_eq!(
        v["warnings"][0],
        "observation 2: software \"PEACHPIT\" is not in the profile pack; no profile explains it"
    );
    // parseCase gives the same from a file's bytes, held under the next number.
    let t = wasm::parse_case_bytes(flagship().as_bytes()).unwrap();
    let mut t: serde_json::Value = serde_json::from_str(&stringify(&t)).unwrap();
    let mut u: serde_json::Value =
        serde_json::from_str(&stringify(&wasm::validate(js(&flagship())).unwrap())).unwrap();
    assert_eq!(u["held"].as_u64().unwrap(), t["held"].as_u64().unwrap() + 1);
    t["held"] = 0.into();
    u["held"] = 0.into();
    assert_eq!(t, u);
}

#[wasm_bindgen_test]
fn a_held_case_scores_as_the_case_sent() {
    loaded();
    let options = js(r#"{"samples": 300, "seed": "7"}"#);
    let sent = wasm::score_and_present(js(&flagship()), options.clone()).unwrap();
    let held = wasm::hold_case(js(&flagship())).unwrap();
    for _ in 0..2 {
        let again = wasm::score_held(held, options.clone()).unwrap();
        assert_eq!(stringify(&again), stringify(&sent));
    }
    // Another case read since: the number no longer names the held case.
    let v = wasm::validate(js(&flagship())).unwrap();
    assert!(wasm::score_held(held, options.clone()).unwrap().is_null());
    let now: serde_json::Value = serde_json::from_str(&stringify(&v)).unwrap();
    let now = now["held"].as_u64().unwrap() as u32;
    assert_eq!(
        stringify(&wasm::score_held(now, options).unwrap()),
        stringify(&sent)
    );
}

#[wasm_bindgen_test]
fn stix_import_errors_keep_the_pack_and_a_bundle_becomes_the_pack() {
    loaded();
    let bad = r#"{"type": "bundle", "objects": [{"type": "relationship",
      "id": "relationship--x", "relationship_type": "uses", "target_ref": "tool--y"}]}"#;
    let e = wasm::import_stix(bad.as_bytes()).unwrap_err();
    assert_eq!(
        error_message(e),
        "stix: objects[0] (relationship--x): missing source_ref"
    );
    assert!(
        wasm::score(js(&flagship()), JsValue::UNDEFINED).is_ok(),
        "the old pack stays"
    );
    let bundle = r#"{"type": "bundle", "id": "bundle--1", "objects": [
      {"type": "intrusion-set", "id": "intrusion-set--a", "name": "Demo Group",
       "external_references": [{"source_name": "mitre-attack", "external_id": "G9999"}]}]}"#;
    let s = wasm::import_stix(bundle.as_bytes()).unwrap();
    let s: serde_json::Value = serde_json::from_str(&stringify(&s)).unwrap();
    assert_eq!(s["profiles"], 1);
    assert_eq!(s["warnings"], serde_json::json!([]));
    assert!(stringify(&wasm::search_profiles("demo", None).unwrap()).contains("G9999"));
    loaded();
}

#[wasm_bindgen_test]
fn search_ranks_by_id_name_and_alias() {
    loaded();
    let first = |v: JsValue| -> serde_json::Value {
        serde_json::from_str::<serde_json::Value>(&stringify(&v)).unwrap()[0].clone()
    };
    assert_eq!(
        first(wasm::search_profiles("lazarus", None).unwrap())["id"],
        "G0032"
    );
    assert_eq!(
        first(wasm::search_profiles("BeagleBoyz", None).unwrap())["id"],
        "G0082"
    );
    assert_eq!(
        first(wasm::search_profiles("g0094", Some(1)).unwrap())["name"],
        "Kimsuky"
    );
    assert_eq!(
        first(wasm::search_software("anunak", None).unwrap())["id"],
        "S0030"
    );
    assert_eq!(
        first(wasm::search_techniques("T1566.001", None).unwrap())["name"],
        "Phishing: Spearphishing Attachment"
    );
    assert_eq!(stringify(&wasm::search_profiles("", None).unwrap()), "[]");
}

#[wasm_bindgen_test]
fn lookup_is_exact() {
    loaded();
    let found = |what: &str, text: &str| stringify(&wasm::lookup(what, text).unwrap());
    // An alias the fuzzy search would only rank gets its entry's name.
    assert!(found("software", "Anunak").contains(r#""id":"S0030""#));
    assert!(found("technique", "spearphishing attachment").contains(r#""id":"T1566.001""#));
    assert!(found("profile", "g0032").contains(r#""name":"Lazarus Group""#));
    assert_eq!(found("technique", "Spearphishing"), "null");
    assert_eq!(
        error_message(wasm::lookup("group", "x").unwrap_err()),
        "expected profile, technique or software, found \"group\""
    );
}

/// The report page's re-score: the same display, and the result brief: each hypothesis' figures,
/// the contributions of the leader and of the explained hypothesis only, no roll-up tables.
#[wasm_bindgen_test]
fn a_brief_held_score_keeps_the_display_and_the_explained_contributions() {
    loaded();
    let options = js(r#"{"samples": 200, "seed": "3"}"#);
    let held = wasm::hold_case(js(&flagship())).unwrap();
    let whole: serde_json::Value = serde_json::from_str(&stringify(
        &wasm::score_held(held, options.clone()).unwrap(),
    ))
    .unwrap();
    let hyps = whole["result"]["hypotheses"].as_array().unwrap();
    assert!(hyps.len() >= 3, "{}", hyps.len());
    let explain = hyps[2]["id"].as_str().unwrap().to_string();
    for (which, kept) in [(None, vec![0]), (Some(explain), vec![0, 2])] {
        let brief = wasm::score_held_brief(held, options.clone(), which).unwrap();
        let brief: serde_json::Value = serde_json::from_str(&stringify(&brief)).unwrap();
        assert_eq!(brief["display"], whole["display"]);
        let (b, w) = (&brief["result"], &whole["result"]);
        for (k, (bh, wh)) in b["hypotheses"]
            .as_array()
            .unwrap()
            .iter()
            .zip(hyps)
            .enumerate()
        {
            assert_eq!(bh["probability"], wh["probability"]);
            assert_eq!(bh["score"], wh["score"]);
            let want = if kept.contains(&k) {
                wh["contributions"].clone()
            } else {
                serde_json::json!([])
            };
            assert_eq!(bh["contributions"], want, "hypothesis {k}");
        }
        assert_eq!(
            b["levels"],
            serde_json::json!({"umbrella": [], "sponsor": []})
        );
        assert_eq!(b["prior_only"]["levels"]["sponsor"], serde_json::json!([]));
        assert_eq!(b["unlisted"]["named"], serde_json::json!([]));
        assert_eq!(b["statement"], w["statement"]);
        assert_eq!(b["settings"], w["settings"]);
    }
}

#[wasm_bindgen_test]
fn score_and_present_is_the_score_with_its_display() {
    loaded();
    let both = wasm::score_and_present(js(&flagship()), JsValue::UNDEFINED).unwrap();
    let result = js_sys::Reflect::get(&both, &"result".into()).unwrap();
    let plain = wasm::score(js(&flagship()), JsValue::UNDEFINED).unwrap();
    assert_eq!(stringify(&result), stringify(&plain));
    let v: serde_json::Value = serde_json::from_str(&stringify(&both)).unwrap();
    let (r, d) = (&v["result"], &v["display"]);
    assert_eq!(
        d["hypotheses"].as_array().unwrap().len(),
        r["hypotheses"].as_array().unwrap().len()
    );
    let band = d["cluster"]["figure"]["band"].as_str().unwrap();
    assert!(r["statement"].as_str().unwrap().contains(band), "{band}");
    assert_eq!(d["bands"].as_array().unwrap().len(), 7);
}

#[wasm_bindgen_test]
fn pickers_and_fresh_seeds() {
    let countries: serde_json::Value =
        serde_json::from_str(&stringify(&wasm::countries().unwrap())).unwrap();
    assert!(countries
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["code"] == "KP" && c["name"] == "North Korea"));
    let sectors: serde_json::Value =
        serde_json::from_str(&stringify(&wasm::sectors().unwrap())).unwrap();
    assert_eq!(
        sectors.as_array().unwrap().len(),
        attrib::case::SECTORS.len()
    );
    let a = wasm::fresh_seed().unwrap();
    let b = wasm::fresh_seed().unwrap();
    assert!(a.parse::<u64>().is_ok(), "{a}");
    assert_ne!(a, b);
}

/// Values for the Monte Carlo's vectorised `log` and `exp` (`src/model/vmath.rs`): every edge
/// and branch boundary of `libm`'s two functions with a few neighbours on each side, then
/// `n` values spread over the exponents and signs by a fixed generator. An odd count, so the
/// lane left over is checked too.
fn vmath_values(edges: &[f64], n: usize, spread: impl Fn(u64) -> f64) -> Vec<f64> {
    let mut xs = Vec::new();
    for &e in edges {
        for x in [e, -e] {
            for step in -3i64..=3 {
                xs.push(f64::from_bits(x.to_bits().wrapping_add_signed(step)));
            }
        }
    }
    let mut s = 0x9e37_79b9_7f4a_7c15u64;
    for _ in 0..n {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        xs.push(spread(s));
    }
    if xs.len() % 2 == 0 {
        xs.push(0.5);
    }
    xs
}

/// The same bits, or both not a number.
fn same_bits(what: &str, xs: &[f64], got: &[f64], want: impl Fn(f64) -> f64) {
    assert_eq!(got.len(), xs.len());
    for (&x, &g) in xs.iter().zip(got) {
        let w = want(x);
        assert!(
            g.to_bits() == w.to_bits() || (g.is_nan() && w.is_nan()),
            "{what}({x:e} = {:#018x}): {g:e} against libm's {w:e}",
            x.to_bits()
        );
    }
}

#[wasm_bindgen_test]
fn the_page_module_takes_logarithms_two_at_a_time_to_libms_bits() {
    use attrib::model::vmath_check as check;
    // `make test-wasm` builds with the `simd` feature, as `make wasm` builds the page's module.
    assert_eq!(check::LANES, 2, "built without the simd feature");
    let edges = [
        0.0,
        f64::MIN_POSITIVE,
        f64::MIN_POSITIVE / 3.0,
        5e-324,
        1.0,
        std::f64::consts::SQRT_2,
        std::f64::consts::FRAC_1_SQRT_2,
        2.0,
        1e-150,
        1e150,
        f64::MAX,
        f64::INFINITY,
        f64::NAN,
    ];
    // Any positive double, from subnormal to the largest; a few negative ones.
    let xs = vmath_values(&edges, 300_001, |s| {
        let x = f64::from_bits(s >> 1);
        if s % 64 == 0 {
            -x
        } else {
            x
        }
    });
    same_bits("log", &xs, &check::log(&xs), libm::log);
}

#[wasm_bindgen_test]
fn the_page_module_takes_exponentials_two_at_a_time_to_libms_bits() {
    use attrib::model::vmath_check as check;
    assert_eq!(check::LANES, 2, "built without the simd feature");
    let ln2 = std::f64::consts::LN_2;
    let edges = [
        0.0,
        0.5 * ln2,
        1.5 * ln2,
        f64::from_bits(0x3fd6_2e42_0000_0000),
        f64::from_bits(0x3ff0_a2b2_0000_0000),
        f64::from_bits(0x3e30_0000_0000_0000),
        2f64.powi(-28),
        2f64.powi(-54),
        1.0,
        708.396_418_532_264_1,
        709.782_712_893_384,
        745.133_219_101_941_1,
        f64::from_bits(0x4086_232b_0000_0000),
        f64::MAX,
        f64::INFINITY,
        f64::NAN,
    ];
    // Uniform over the range where exp is finite and not zero, and any exponent besides.
    let xs = vmath_values(&edges, 300_001, |s| {
        if s % 4 == 0 {
            f64::from_bits(s)
        } else {
            ((s >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 1_500.0
        }
    });
    same_bits("exp", &xs, &check::exp(&xs), libm::exp);
}

#[wasm_bindgen_test]
fn the_page_module_takes_soft_caps_two_at_a_time_to_the_cores_bits() {
    use attrib::model::{soft_cap, vmath_check as check};
    assert_eq!(check::LANES, 2, "built without the simd feature");
    // The boundaries of the two-lane path (|x| = 1e-8 and about 0.1733, where expm1 would need
    // a reduction) and of libm's tanh branches, as multiples of the cap.
    let edges = [
        0.0,
        1e-8,
        f64::from_bits(0x3fd6_2e42_0000_0000) / 2.0,
        f64::from_bits(0x3fd6_2e42_ffff_ffff) / 2.0,
        f64::from_bits(0x3fd0_58ae_0000_0000),
        f64::from_bits(0x3fe1_93ea_0000_0000),
        20.0,
        f64::MIN_POSITIVE,
        f64::MAX,
        f64::INFINITY,
        f64::NAN,
    ];
    for cap in [12.0, 1.0, 0.3, f64::MAX] {
        let xs: Vec<f64> = vmath_values(&edges, 100_001, |s| {
            // Mostly where the Monte Carlo's values are (|x| < 0.2 of the cap), some far out.
            let u = (s >> 11) as f64 / (1u64 << 53) as f64 - 0.5;
            if s % 8 == 0 {
                u * 60.0
            } else {
                u * 0.5 * 2f64.powi(-((s % 40) as i32))
            }
        })
        .into_iter()
        .map(|x| x * cap.min(1e300))
        .collect();
        same_bits(
            &format!("soft_cap(., {cap})"),
            &xs,
            &check::soft_cap(&xs, cap),
            |x| soft_cap(x, cap),
        );
    }
}

#[wasm_bindgen_test]
fn the_page_module_scales_running_products_as_one_value_at_a_time() {
    use attrib::model::vmath_check as check;
    assert_eq!(check::LANES, 2, "built without the simd feature");
    // Products near both ends of the kept range, so some pairs leave it in one lane only.
    let prod: Vec<f64> = (0..41).map(|i| 10f64.powi(i * 7 - 150)).collect();
    let logs: Vec<f64> = (0..41).map(|i| i as f64 * 0.25).collect();
    let base: Vec<f64> = (0..41).map(|i| 0.05 + (i % 9) as f64 * 3.0).collect();
    for (a, c) in [(0.9, 0.1), (1e-3, 0.0), (40.0, 2.0), (1.0, 1e-300)] {
        let [p, l] = check::products(&prod, &logs, &base, a, c);
        for i in 0..prod.len() {
            let v = prod[i] * (a * base[i] + c);
            let (wp, wl) = if (1e-150..=1e150).contains(&v) {
                (v, logs[i])
            } else {
                (1.0, logs[i] + libm::log(v))
            };
            assert_eq!(
                (p[i].to_bits(), l[i].to_bits()),
                (wp.to_bits(), wl.to_bits()),
                "item {i}, a {a}, c {c}"
            );
        }
    }
}
