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
