//! The simple baselines public tools use, on techniques plus software: the share of observed
//! features a group uses, Jaccard similarity, and TF-IDF cosine similarity.

use std::collections::{BTreeMap, BTreeSet};

use super::cases::canonical;
use crate::pack::Pack;

/// The baselines, in report order.
pub const NAMES: [&str; 3] = ["overlap_share", "jaccard", "tfidf"];

/// Each profile's technique and software set, in pack order (false flags left out).
pub struct Profiles {
    /// `(profile ID, feature set)`.
    pub sets: Vec<(String, BTreeSet<String>)>,
    idf: BTreeMap<String, f64>,
    norms: Vec<f64>,
}

impl Profiles {
    /// Sets and smoothed IDF weights `ln((1 + N) / (1 + df)) + 1` over the pack's profiles.
    pub fn new(pack: &Pack) -> Profiles {
        let sets: Vec<(String, BTreeSet<String>)> = pack
            .profiles
            .iter()
            .filter(|p| p.imitates.is_none())
            .map(|p| {
                let s = p
                    .techniques
                    .iter()
                    .chain(&p.software)
                    .map(|f| canonical(pack, f))
                    .collect();
                (p.id.clone(), s)
            })
            .collect();
        let with_data = sets.iter().filter(|(_, s)| !s.is_empty()).count() as f64;
        let mut df: BTreeMap<String, f64> = BTreeMap::new();
        for (_, s) in &sets {
            for f in s {
                *df.entry(f.clone()).or_default() += 1.0;
            }
        }
        let idf: BTreeMap<String, f64> = df
            .into_iter()
            .map(|(f, d)| (f, libm::log((1.0 + with_data) / (1.0 + d)) + 1.0))
            .collect();
        let norms = sets
            .iter()
            .map(|(_, s)| libm::sqrt(s.iter().map(|f| idf[f] * idf[f]).sum::<f64>()))
            .collect();
        Profiles { sets, idf, norms }
    }

    /// IDF of a feature; a feature no profile lists gets the largest weight.
    fn idf(&self, f: &str) -> f64 {
        let n = self.sets.iter().filter(|(_, s)| !s.is_empty()).count() as f64;
        self.idf
            .get(f)
            .copied()
            .unwrap_or_else(|| libm::log(1.0 + n) + 1.0)
    }

    /// Scores of every profile under baseline `name` for the observed set.
    pub fn scores(&self, name: &str, observed: &BTreeSet<String>) -> Vec<f64> {
        let obs_norm = libm::sqrt(
            observed
                .iter()
                .map(|f| self.idf(f) * self.idf(f))
                .sum::<f64>(),
        );
        self.sets
            .iter()
            .enumerate()
            .map(|(i, (_, s))| {
                let inter: Vec<&String> = observed.iter().filter(|f| s.contains(*f)).collect();
                let k = inter.len() as f64;
                match name {
                    "overlap_share" => {
                        if observed.is_empty() {
                            0.0
                        } else {
                            k / observed.len() as f64
                        }
                    }
                    "jaccard" => {
                        let union = (observed.len() + s.len()) as f64 - k;
                        if union > 0.0 {
                            k / union
                        } else {
                            0.0
                        }
                    }
                    "tfidf" => {
                        let dot: f64 = inter.iter().map(|f| self.idf(f) * self.idf(f)).sum();
                        if dot > 0.0 {
                            dot / (obs_norm * self.norms[i])
                        } else {
                            0.0
                        }
                    }
                    _ => unreachable!("unknown baseline {name}"),
                }
            })
            .collect()
    }
}
