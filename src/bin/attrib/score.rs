//! `attrib score` and `attrib validate`: a case against the pack, as a table, JSON or a check.

use std::ffi::OsString;

use attrib::{index::Index, Case, Error, Result, ScoreOptions};

use crate::args::{CaseFlags, Parsed};
use crate::files::{load_case, load_pack};

const SCORE_USAGE: &str =
    "usage: attrib score CASE.json [--profiles PACK] [--json] [--seed N] [--samples N] [--top N]";
const VALIDATE_USAGE: &str = "usage: attrib validate CASE.json [--profiles PACK]";

/// The usage text of a case command.
pub fn usage(lines: &str) -> String {
    format!("{lines}\n\n{}\n", crate::PACK_DEFAULT)
}

/// The index of the pack the flags name (see [`load_pack`]).
pub fn index(f: &CaseFlags) -> Result<Index> {
    Index::new(load_pack(f.profiles.as_deref())?.0, None)
}

/// `attrib validate CASE [--profiles PACK]`: the case's shape, and with a pack its warnings.
pub fn validate(words: Vec<OsString>) -> Result<String> {
    let f = match CaseFlags::parse(words, &["--profiles"])? {
        Parsed::Run(f) => f,
        Parsed::Help => return Ok(usage(VALIDATE_USAGE)),
    };
    let path = f.one_case("validate")?;
    let case = load_case(path)?;
    let mut out = format!(
        "{path}: valid case, {} observations\n",
        case.observations.len()
    );
    if f.profiles.is_some() {
        let warnings = attrib::model::warnings(&case, &index(&f)?).map_err(|e| e.context(path))?;
        for w in warnings {
            out.push_str(&format!("warning: {w}\n"));
        }
    }
    Ok(out)
}

/// `attrib score CASE`: the table, or with `--json` the result contract.
pub fn score(words: Vec<OsString>) -> Result<String> {
    let allowed = ["--profiles", "--json", "--seed", "--samples", "--top"];
    let f = match CaseFlags::parse(words, &allowed)? {
        Parsed::Run(f) => f,
        Parsed::Help => return Ok(usage(SCORE_USAGE)),
    };
    let path = f.one_case("score")?;
    let case = load_case(path)?;
    let index = index(&f)?;
    let opts = ScoreOptions {
        seed: f.seed,
        samples: f.samples,
        top: f.top.unwrap_or(25),
        ..Default::default()
    };
    let r = attrib::score(&case, &index, &opts).map_err(|e| e.context(path))?;
    if f.json {
        let mut s = serde_json::to_string_pretty(&r).map_err(|e| Error::input(e.to_string()))?;
        s.push('\n');
        return Ok(s);
    }
    Ok(table(&case, &r))
}

fn pct(p: f64) -> String {
    format!("{:.1} %", p * 100.0)
}

fn table(case: &Case, r: &attrib::ScoreResult) -> String {
    let mut o = String::new();
    if let Some(t) = &case.title {
        o.push_str(&format!("{t}\n\n"));
    }
    o.push_str(&format!(
        "{}\n{}\nConfidence: {} ({}).\n\n",
        r.statement, r.sponsor_statement, r.confidence, r.confidence_reason
    ));
    o.push_str(&format!("{}\n", r.prior_only.statement));
    for m in &r.evidence_weight {
        o.push_str(&format!("{}\n", m.statement));
    }
    o.push('\n');
    // Each hypothesis whole, its ID included (a reader restricts a race or explains a
    // hypothesis by ID): the column is as wide as the longest.
    let label = |name: &str, id: &str| format!("{name} ({id})");
    let labels: Vec<String> = r.hypotheses.iter().map(|h| label(&h.name, &h.id)).collect();
    let rollups = |levels: &[attrib::model::Level]| -> Vec<(String, f64)> {
        levels
            .iter()
            .take(6)
            .map(|l| (label(&l.name, &l.id), l.probability))
            .collect()
    };
    let (umbrellas, sponsors) = (rollups(&r.levels.umbrella), rollups(&r.levels.sponsor));
    let width = labels
        .iter()
        .chain(umbrellas.iter().chain(&sponsors).map(|(l, _)| l))
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
        .max(44);
    o.push_str(&format!(
        "{:>3}  {:<width$} {:>9}  {:>17}\n",
        "#", "hypothesis", "posterior", "90 % interval"
    ));
    let row = |o: &mut String, n: String, name: &str, p: f64, iv: [f64; 2]| {
        o.push_str(&format!(
            "{n:>3}  {name:<width$} {:>9}  {:>17}\n",
            pct(p),
            format!("{:.1}-{:.1} %", iv[0] * 100.0, iv[1] * 100.0)
        ));
    };
    for (h, label) in r.hypotheses.iter().zip(&labels) {
        let mark = if r.race.focus.contains(&h.id) {
            "*"
        } else {
            ""
        };
        row(
            &mut o,
            format!("{mark}{}", h.rank),
            label,
            h.probability,
            h.interval,
        );
    }
    row(
        &mut o,
        "-".into(),
        "unlisted actor",
        r.unlisted.probability,
        r.unlisted.interval,
    );
    for n in r.unlisted.named.iter().filter(|n| n.probability >= 0.001) {
        o.push_str(&format!(
            "     of which {} (known only by {}) {}\n",
            n.name,
            if n.sponsor.is_some() {
                "sponsor and victims"
            } else {
                "its victims"
            },
            pct(n.probability)
        ));
    }
    if let Some(x) = &r.others {
        o.push_str(&format!(
            "     ... {} more hypotheses share {}\n",
            x.count,
            pct(x.probability)
        ));
    }
    if !r.race.focus.is_empty() {
        o.push_str("     * a suspect the case asks to highlight\n");
    }
    if r.race.restricted {
        o.push_str(&format!(
            "     Only the {} suspects the case lists compete: these figures answer \"which of these?\", not \"who?\".\n",
            r.race.competing
        ));
    }
    for (title, rows) in [
        (
            "By umbrella (clusters rolled up to their parent group):",
            &umbrellas,
        ),
        ("By suspected state sponsor:", &sponsors),
    ] {
        o.push_str(&format!("\n{title}\n"));
        for (l, p) in rows {
            o.push_str(&format!("     {l:<width$} {:>9}\n", pct(*p)));
        }
    }
    o.push_str(&format!(
        "\nLeader stability over {} Monte Carlo samples: {}\n",
        r.settings.samples,
        pct(r.leader_stability)
    ));
    let describe = |i: usize| {
        case.observations
            .get(i)
            .map(|ob| format!("{} {}", ob.kind.as_str(), ob.value))
            .unwrap_or_default()
    };
    if r.pivotal.is_empty() {
        o.push_str("No single observation changes the leader when removed.\n");
    }
    for p in &r.pivotal {
        o.push_str(&format!(
            "Pivotal: without observation {} ({}), {} leads ({}).\n",
            p.observation,
            describe(p.observation),
            p.if_removed_leader,
            pct(p.if_removed_probability)
        ));
    }
    for w in &r.warnings {
        o.push_str(&format!("warning: {w}\n"));
    }
    o.push_str(&format!(
        "\nProfile pack {} (sha256 {})\n",
        r.profile_pack.version,
        &r.profile_pack.sha256[..r.profile_pack.sha256.len().min(16)]
    ));
    o
}
