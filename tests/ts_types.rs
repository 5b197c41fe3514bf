//! The hand-written TypeScript in `src/wasm.rs` (its `typescript_custom_section`) against the core
//! types, so that a field renamed, added or dropped on either side fails here rather than in a
//! reader's browser.
//!
//! Representative core values are serialised with `serde_json` and walked against the interface
//! the bindings declare for them: every JSON field must be declared, every declared field must be
//! present (`?` fields may be absent), and leaves must have the declared type. The structs that
//! exist only in the bindings (hits, `Country`, ...) are compared by their field names. Finally,
//! every interface must be checked one way or the other, and every field of an interface checked
//! by value must have been seen at least once.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use attrib::case::Case;
use attrib::index::Index;
use attrib::{present, ScoreOptions};

/// One field of a TypeScript interface.
struct Field {
    name: String,
    optional: bool,
    ty: String,
}

/// The interfaces and type aliases of the bindings' TypeScript.
struct Ts {
    interfaces: BTreeMap<String, Vec<Field>>,
    aliases: BTreeMap<String, String>,
}

/// The bindings' source.
fn wasm_source() -> String {
    std::fs::read_to_string(common::root().join("src/wasm.rs")).unwrap()
}

/// The text of the `typescript_custom_section` in `src/wasm.rs`.
fn ts_text(source: &str) -> &str {
    let start = source
        .find("const TS_TYPES: &'static str = r#\"")
        .expect("src/wasm.rs declares TS_TYPES");
    let rest = &source[start..];
    let open = rest.find("r#\"").unwrap() + 3;
    let close = rest.find("\"#;").expect("TS_TYPES ends");
    &rest[open..close]
}

/// Text without its `/** ... */` and `// ...` comments.
fn strip_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("/*") {
        out.push_str(&rest[..at]);
        let end = rest[at..].find("*/").expect("a comment ends") + at + 2;
        rest = &rest[end..];
    }
    out.push_str(rest);
    out.lines()
        .map(|l| l.split("//").next().unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The fields of an object type's body, `a: T; b?: U; ...` (nested `{ ... }` kept whole).
fn parse_fields(body: &str) -> Vec<Field> {
    let mut fields = Vec::new();
    let (mut depth, mut item) = (0usize, String::new());
    let mut flush = |item: &mut String| {
        let text = item.trim();
        if !text.is_empty() {
            let (name, ty) = text.split_once(':').expect("a field has a type");
            let (name, optional) = match name.trim().strip_suffix('?') {
                Some(n) => (n, true),
                None => (name.trim(), false),
            };
            fields.push(Field {
                name: name.to_string(),
                optional,
                ty: ty.trim().to_string(),
            });
        }
        item.clear();
    };
    for c in body.chars() {
        match c {
            '{' | '[' | '(' => depth += 1,
            '}' | ']' | ')' => depth -= 1,
            ';' | '\n' if depth == 0 => {
                flush(&mut item);
                continue;
            }
            _ => {}
        }
        item.push(c);
    }
    flush(&mut item);
    fields
}

fn parse_ts(text: &str) -> Ts {
    let text = strip_comments(text);
    let mut ts = Ts {
        interfaces: BTreeMap::new(),
        aliases: BTreeMap::new(),
    };
    let mut rest = text.as_str();
    while let Some(at) = rest.find("export ") {
        rest = &rest[at + "export ".len()..];
        if let Some(decl) = rest.strip_prefix("interface ") {
            let (name, after) = decl.split_once('{').unwrap();
            let end = matching_brace(after);
            ts.interfaces
                .insert(name.trim().to_string(), parse_fields(&after[..end]));
            rest = &after[end + 1..];
        } else if let Some(decl) = rest.strip_prefix("type ") {
            let (name, after) = decl.split_once('=').unwrap();
            let end = after.find(';').unwrap();
            let ty = after[..end]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let ty = ty.trim_start_matches('|').trim().to_string();
            ts.aliases.insert(name.trim().to_string(), ty);
            rest = &after[end + 1..];
        } else {
            panic!("unexpected TypeScript declaration: {}", &rest[..40]);
        }
    }
    ts
}

/// The position of the `}` that closes the brace just before `text`.
fn matching_brace(text: &str) -> usize {
    let mut depth = 1;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced braces in the TypeScript");
}

/// `A | B | C` split at its top level.
fn union_parts(ty: &str) -> Vec<&str> {
    let (mut parts, mut depth, mut from) = (Vec::new(), 0usize, 0);
    for (i, c) in ty.char_indices() {
        match c {
            '{' | '[' | '(' => depth += 1,
            '}' | ']' | ')' => depth -= 1,
            '|' if depth == 0 => {
                parts.push(ty[from..i].trim());
                from = i + 1;
            }
            _ => {}
        }
    }
    parts.push(ty[from..].trim());
    parts
}

/// Walks JSON values against the TypeScript, collecting mismatches and the fields it saw.
struct Checker<'a> {
    ts: &'a Ts,
    errors: Vec<String>,
    seen: BTreeSet<(String, String)>,
}

impl Checker<'_> {
    /// Does `v` have TypeScript type `ty`? Records what is wrong inside an object it matches.
    fn value(&mut self, ty: &str, v: &Value, path: &str) -> bool {
        let parts = union_parts(ty);
        if parts.len() > 1 {
            if v.is_null() && parts.contains(&"null") {
                return true;
            }
            let parts: Vec<&str> = parts.into_iter().filter(|p| *p != "null").collect();
            if let [only] = parts[..] {
                return self.value(only, v, path);
            }
            // The first part that fits without errors inside it.
            for part in &parts {
                let before = self.errors.len();
                if self.value(part, v, path) && self.errors.len() == before {
                    return true;
                }
                self.errors.truncate(before);
            }
            return false;
        }
        let ty = ty.trim();
        match ty {
            "string" => v.is_string(),
            "number" => v.is_number(),
            "boolean" => v.is_boolean(),
            "null" => v.is_null(),
            // The bindings turn the core's 64-bit seed into a string of digits on the way out
            // (`to_js_with_seed`); serde_json writes the number itself.
            "Seed" => v.is_string() || v.is_u64(),
            _ if ty.starts_with('"') => v.as_str() == Some(ty.trim_matches('"')),
            _ if ty.parse::<f64>().is_ok() => v.as_f64() == ty.parse::<f64>().ok(),
            _ if ty.ends_with("[]") => match v.as_array() {
                Some(items) => {
                    let item = ty[..ty.len() - 2].trim_matches(|c| c == '(' || c == ')');
                    // Each wrong item is recorded here, so the array as a whole passes.
                    for x in items {
                        if !self.value(item, x, &format!("{path}[]")) {
                            self.errors.push(format!("{path}[]: {x} is not a {item}"));
                        }
                    }
                    true
                }
                None => false,
            },
            _ if ty.starts_with('[') => {
                let items: Vec<&str> = ty[1..ty.len() - 1].split(',').map(str::trim).collect();
                match v.as_array() {
                    Some(xs) if xs.len() == items.len() => items
                        .iter()
                        .zip(xs)
                        .enumerate()
                        .all(|(i, (t, x))| self.value(t, x, &format!("{path}[{i}]"))),
                    _ => false,
                }
            }
            _ if ty.starts_with('{') => {
                let fields = parse_fields(&ty[1..ty.len() - 1]);
                self.fields(ty, &fields, v, path)
            }
            _ => {
                if let Some(alias) = self.ts.aliases.get(ty) {
                    let alias = alias.clone();
                    return self.value(&alias, v, path);
                }
                let ts = self.ts;
                let Some(fields) = ts.interfaces.get(ty) else {
                    self.errors
                        .push(format!("{path}: unknown TypeScript type {ty}"));
                    return false;
                };
                self.fields(ty, fields, v, path)
            }
        }
    }

    /// Check object `v` against `fields` of interface (or inline type) `name`.
    fn fields(&mut self, name: &str, fields: &[Field], v: &Value, path: &str) -> bool {
        let Some(object) = v.as_object() else {
            return false;
        };
        for key in object.keys() {
            if !fields.iter().any(|f| &f.name == key) {
                self.errors.push(format!(
                    "{path}.{key}: serialised, but {name} does not declare it"
                ));
            }
        }
        for f in fields {
            let at = format!("{path}.{}", f.name);
            match object.get(&f.name) {
                None if f.optional => {}
                None => self.errors.push(format!(
                    "{at}: {name} declares it, but it is not serialised"
                )),
                Some(x) => {
                    self.seen.insert((name.to_string(), f.name.clone()));
                    if !self.value(&f.ty, x, &at) {
                        self.errors.push(format!("{at}: {x} is not a {}", f.ty));
                    }
                }
            }
        }
        true
    }
}

/// The field names of the `#[derive(Serialize)]` structs that exist only in the bindings.
fn binding_structs(source: &str) -> BTreeMap<String, BTreeSet<String>> {
    let code = &source[source.find("\"#;").unwrap()..];
    let mut out = BTreeMap::new();
    let mut rest = code;
    while let Some(at) = rest.find("#[derive(Serialize)]\nstruct ") {
        let decl = &rest[at + "#[derive(Serialize)]\nstruct ".len()..];
        let (head, body) = decl.split_once('{').unwrap();
        let name = head.split('<').next().unwrap().trim().to_string();
        let body = &body[..body.find("\n}").unwrap()];
        let fields = body
            .lines()
            .filter_map(|l| l.trim().split_once(':'))
            .map(|(n, _)| n.trim().trim_start_matches("pub ").to_string())
            .collect();
        out.insert(name, fields);
        rest = decl;
    }
    out
}

/// A case that uses every field of the case format.
fn full_case() -> Case {
    let text = json!({
        "attrib": 1,
        "title": "Every field",
        "summary": "A case that sets each optional field once.",
        "date": "2017-05-23",
        "observations": [
            {"kind": "technique", "value": "T1566.001", "note": "graded",
             "source": {"name": "a report", "url": "https://example.org/r",
                        "reliability": "B", "credibility": 2}},
            {"kind": "event", "value": "sanctions-announcement", "date": "2017-05-01"},
            {"kind": "victim-country", "value": "KR"}
        ],
        "hypotheses": ["G0032", "G0082", "G0138"],
        "settings": {"deception": 0.1, "unlisted_prior": 0.05, "seed": 7, "samples": 200},
        "analysis": {"focus": ["G0032"], "excluded": [2], "planted": [1],
                     "pack": {"version": "v", "sha256": "0".repeat(64)}}
    });
    Case::from_json(text.to_string().as_bytes()).unwrap()
}

#[test]
fn the_bindings_typescript_matches_the_core_types() {
    let source = wasm_source();
    let ts = parse_ts(ts_text(&source));
    let Some(pack) = common::real_pack() else {
        return;
    };
    let index = Index::new(pack, None).unwrap();
    let flagship = Case::from_json(
        &std::fs::read(common::root().join("data/cases/kr-exchanges-2017.json")).unwrap(),
    )
    .unwrap();
    let opts = ScoreOptions {
        top: 3,
        ..common::fast()
    };
    let result = attrib::score(&flagship, &index, &opts).unwrap();
    let display = present::present(&result, present::SHOWN, present::ACH_COLUMNS);
    let case = full_case();
    let warnings = attrib::model::warnings(&case, &index).unwrap();
    let options = ScoreOptions {
        samples: Some(100),
        seed: Some(1),
        excluded: Some(vec![0]),
        planted: Some(vec![1]),
        ..ScoreOptions::default()
    };

    // Each interface a core value crosses the boundary as, with a representative value.
    let values: Vec<(&str, Value)> = vec![
        ("Case", serde_json::to_value(&flagship).unwrap()),
        ("Case", serde_json::to_value(&case).unwrap()),
        ("ScoreOptions", serde_json::to_value(&options).unwrap()),
        ("ScoreResult", serde_json::to_value(&result).unwrap()),
        (
            "Presented",
            json!({"result": serde_json::to_value(&result).unwrap(), "display": display}),
        ),
        (
            "Validated",
            json!({"case": case, "warnings": warnings, "held": 1}),
        ),
        (
            "PackSummary",
            serde_json::to_value(present::pack_summary(index.pack(), vec!["skipped".into()]))
                .unwrap(),
        ),
    ];
    let mut checker = Checker {
        ts: &ts,
        errors: Vec::new(),
        seen: BTreeSet::new(),
    };
    for (name, value) in &values {
        if !checker.value(name, value, name) {
            checker.errors.push(format!("{name}: not an object"));
        }
    }
    assert!(
        checker.errors.is_empty(),
        "the TypeScript in src/wasm.rs disagrees with the core:\n{}",
        // One line a field, whatever the number of items it is wrong in.
        Vec::from_iter(BTreeSet::<&String>::from_iter(&checker.errors))
            .iter()
            .map(|e| e.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );

    // The structs of the bindings themselves, by field name.
    let structs = binding_structs(&source);
    assert!(structs.contains_key("ProfileHit"), "found {structs:?}");
    for (name, fields) in &structs {
        let declared: BTreeSet<String> = ts
            .interfaces
            .get(name)
            .unwrap_or_else(|| {
                panic!("src/wasm.rs serialises {name}, which the TypeScript does not declare")
            })
            .iter()
            .map(|f| f.name.clone())
            .collect();
        assert_eq!(
            &declared, fields,
            "{name}: the TypeScript and the struct differ"
        );
    }

    // Nothing declared goes unchecked.
    for (name, fields) in &ts.interfaces {
        if structs.contains_key(name) && !checker.seen.iter().any(|(i, _)| i == name) {
            continue;
        }
        for f in fields {
            assert!(
                checker.seen.contains(&(name.clone(), f.name.clone())),
                "{name}.{} is declared but no checked value has it: extend this test's values",
                f.name
            );
        }
    }
}

#[test]
fn the_checker_catches_drift() {
    let ts = parse_ts(
        "export type K = \"a\" | \"b\";\nexport interface T {\n  /** doc */\n  k: K;\n  n?: number | null;\n  p: { x: string; y: [number, number] };\n}\n",
    );
    let check = |v: Value| {
        let mut c = Checker {
            ts: &ts,
            errors: Vec::new(),
            seen: BTreeSet::new(),
        };
        let ok = c.value("T", &v, "T");
        (ok, c.errors)
    };
    let good = json!({"k": "a", "p": {"x": "s", "y": [1, 2]}});
    assert_eq!(check(good), (true, vec![]));
    let (_, errors) = check(json!({"k": "c", "p": {"x": "s", "y": [1, 2]}, "extra": 1}));
    assert_eq!(
        errors,
        [
            "T.extra: serialised, but T does not declare it",
            "T.k: \"c\" is not a K"
        ]
    );
    let (_, errors) = check(json!({"k": "b", "n": "1"}));
    assert_eq!(
        errors,
        [
            "T.n: \"1\" is not a number | null",
            "T.p: T declares it, but it is not serialised"
        ]
    );
}
