//! ARCHITECTURE.md's invariants, checked: the core is pure and the bindings are the only JS face.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn only_the_faces_touch_js_or_the_file_system() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut checked = 0;
    for f in files {
        // The faces: the bindings and the command line.
        if f == src.join("wasm.rs") || f.starts_with(src.join("bin")) {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        for forbidden in [
            "wasm_bindgen",
            "js_sys",
            "serde_wasm_bindgen",
            "getrandom",
            "std::fs",
            "std::env",
            "std::process",
            "std::net::Tcp",
        ] {
            assert!(
                !text.contains(forbidden),
                "{} uses {forbidden}: the core must stay pure",
                f.display()
            );
        }
        checked += 1;
    }
    assert!(checked >= 10);
}

/// Every Rust file below `dir` (relative to the crate), with its text.
fn sources(dir: &str) -> Vec<(std::path::PathBuf, String)> {
    let mut files = Vec::new();
    rust_files(&root().join(dir), &mut files);
    files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(&f).unwrap();
            (f, text)
        })
        .collect()
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn architecture() -> String {
    std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap()
}

#[test]
fn the_model_never_imports_the_packer() {
    for (f, text) in sources("src/model") {
        assert!(
            !text.contains("packer::") && !text.contains("crate::eval"),
            "{} uses the packer or the evaluation: the model depends on neither",
            f.display()
        );
    }
}

#[test]
fn no_source_is_included_by_path() {
    for dir in ["src", "tests", "benches"] {
        for (f, text) in sources(dir) {
            assert!(
                !text.contains(concat!("#[", "path")),
                "{} includes a file by path: make it a module or run the binary",
                f.display()
            );
        }
    }
}

#[test]
fn every_file_in_the_code_map_exists() {
    let doc = architecture();
    let mut named = 0;
    for part in doc.split('`').skip(1).step_by(2) {
        if let Some(path) = part.strip_prefix("src/") {
            let path = root().join("src").join(path.trim_end_matches('/'));
            assert!(
                path.exists(),
                "ARCHITECTURE.md names {part}, which does not exist"
            );
            named += 1;
        }
    }
    assert!(named >= 15);
}

#[test]
fn every_source_file_is_in_the_code_map() {
    let doc = architecture();
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    for f in files {
        let rel = f
            .strip_prefix(&src)
            .unwrap()
            .to_str()
            .unwrap()
            .replace('\\', "/");
        let name = f.file_name().unwrap().to_str().unwrap();
        if name == "mod.rs" || rel == "lib.rs" {
            continue;
        }
        // A file is mapped by its path, or by its name under its folder's entry.
        let folder = rel.rsplit_once('/').map(|(d, _)| format!("`src/{d}/`"));
        let mapped = doc.contains(&format!("`src/{rel}`"))
            || folder.is_some_and(|d| doc.contains(&d) && doc.contains(&format!("`{name}`")));
        assert!(
            mapped,
            "src/{rel} is missing from ARCHITECTURE.md's code map"
        );
    }
}

#[test]
fn the_command_line_does_not_restate_the_case_limits() {
    for (f, text) in sources("src/bin") {
        assert!(
            !text.contains("100_000") && !text.contains("100000"),
            "{} restates case::MAX_SAMPLES",
            f.display()
        );
    }
}
