//! `attrib pack` end to end, on the real data wheels when they are present.

#[path = "../src/cli_pack.rs"]
mod cli_pack;

mod pack_common;
use pack_common as common;

#[test]
fn builds_and_reports_stats() {
    let Some(dirs) = common::wheels() else { return };
    let out = std::env::temp_dir().join(format!("attrib-pack-cli-{}.json", std::process::id()));
    let args: Vec<String> = [
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
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let text = cli_pack::run(&args).unwrap();
    eprintln!("{text}");
    let s: serde_json::Value = serde_json::from_str(&text).unwrap();
    let _ = std::fs::remove_file(&out);
    assert!(s["profiles"].as_u64().unwrap() > 800);
}
