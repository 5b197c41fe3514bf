//! Monte Carlo precision: how close the 90 % intervals and the leader's stability come to a
//! 20,000-draw reference, for plain pseudo-random draws and for the shifted lattice the model
//! uses. Prints figures, asserts nothing. `make bench` (or `cargo bench --bench montecarlo`);
//! needs build/pack.json (`make pack`).

use attrib::model::Sequence;
use attrib::{index::Index, Case, Pack, ScoreOptions, ScoreResult};

fn endpoints(r: &ScoreResult) -> Vec<f64> {
    let mut v = Vec::new();
    for h in r.hypotheses.iter().take(10) {
        v.extend(h.interval);
    }
    v.extend(r.unlisted.interval);
    for l in r.levels.sponsor.iter().take(5) {
        v.extend(l.interval);
    }
    v
}

fn main() {
    let root = env!("CARGO_MANIFEST_DIR");
    let Ok(bytes) = std::fs::read(format!("{root}/build/pack.json")) else {
        println!("montecarlo bench: build/pack.json is missing (run `make pack`)");
        return;
    };
    let index = Index::new(Pack::from_json(&bytes).unwrap(), None).unwrap();
    let mut files = vec![format!("{root}/data/cases/kr-exchanges-2017.json")];
    let mut incidents: Vec<String> = std::fs::read_dir(format!("{root}/data/incidents"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json") && !p.ends_with("attributions.json"))
        .map(|p| p.display().to_string())
        .collect();
    incidents.sort();
    files.extend(incidents.into_iter().step_by(3));
    let run = |case: &Case, samples: u32, seed: u64, sequence: Sequence| {
        let opts = ScoreOptions {
            samples: Some(samples),
            seed: Some(seed),
            sensitivity: false,
            top: 10,
            sequence,
            ..Default::default()
        };
        attrib::score(case, &index, &opts).unwrap()
    };
    let configs = [
        ("random ", 2000, Sequence::Random),
        ("random ", 1000, Sequence::Random),
        ("random ", 500, Sequence::Random),
        ("lattice", 250, Sequence::Lattice),
        ("lattice", 500, Sequence::Lattice),
        ("lattice", 1000, Sequence::Lattice),
        ("lattice", 2000, Sequence::Lattice),
    ];
    let seeds = 4u64;
    let mut err = vec![0.0; configs.len()];
    let mut stab = vec![0.0; configs.len()];
    for f in &files {
        let case = Case::from_json(&std::fs::read(f).unwrap()).unwrap();
        let reference = run(&case, 20_000, 999, Sequence::Random);
        let re = endpoints(&reference);
        for seed in 1..=seeds {
            for (c, &(_, n, q)) in configs.iter().enumerate() {
                let r = run(&case, n, seed, q);
                let e = endpoints(&r);
                err[c] +=
                    e.iter().zip(&re).map(|(a, b)| (a - b).abs()).sum::<f64>() / re.len() as f64;
                stab[c] += (r.leader_stability - reference.leader_stability).abs();
            }
        }
    }
    let runs = (files.len() as u64 * seeds) as f64;
    println!(
        "Monte Carlo precision: {} cases x {seeds} seeds against a 20,000-draw pseudo-random reference",
        files.len()
    );
    println!("  (mean absolute error, percentage points: interval endpoints of the top 10, the unlisted actor and the top 5 states; leader stability)");
    for (c, (name, n, _)) in configs.iter().enumerate() {
        println!(
            "  {name} {n:>5} draws   endpoints {:.3}   stability {:.3}",
            100.0 * err[c] / runs,
            100.0 * stab[c] / runs
        );
    }
}
