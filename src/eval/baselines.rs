//! The simple baselines public tools use, on techniques plus software: the share of observed
//! features a group uses, Jaccard similarity, TF-IDF cosine similarity, and a multinomial naive
//! Bayes with each software expanded to the techniques it implements. They rank the profiles
//! that list any technique or software.

use std::collections::{BTreeMap, BTreeSet};

use super::cases::canonical;
use crate::pack::Pack;

/// The baselines, in report order.
pub const NAMES: [&str; 4] = ["overlap_share", "jaccard", "tfidf", "naive_bayes"];

/// Each profile's technique and software set, in pack order (false flags and profiles without
/// capability data left out).
pub struct Profiles {
    /// `(profile ID, feature set)`.
    pub sets: Vec<(String, BTreeSet<String>)>,
    /// The same sets with every software's techniques added (for naive Bayes).
    expanded: Vec<BTreeSet<String>>,
    software: BTreeMap<String, Vec<String>>,
    vocabulary: usize,
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
                let s: BTreeSet<String> = p
                    .techniques
                    .iter()
                    .chain(&p.software)
                    .map(|f| canonical(pack, f))
                    .collect();
                (p.id.to_string(), s)
            })
            .filter(|(_, s)| !s.is_empty())
            .collect();
        let software: BTreeMap<String, Vec<String>> = pack
            .software
            .iter()
            .map(|s| {
                let t = s.techniques.iter().map(|t| canonical(pack, t)).collect();
                (s.id.to_string(), t)
            })
            .collect();
        let expand = |set: &BTreeSet<String>| -> BTreeSet<String> {
            let mut out = set.clone();
            for f in set {
                if let Some(t) = software.get(f) {
                    out.extend(t.iter().cloned());
                }
            }
            out
        };
        let expanded: Vec<BTreeSet<String>> = sets.iter().map(|(_, s)| expand(s)).collect();
        let vocabulary = expanded.iter().flatten().collect::<BTreeSet<_>>().len();
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
        Profiles {
            sets,
            expanded,
            software,
            vocabulary,
            idf,
            norms,
        }
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
        let mut observed_x = observed.clone();
        for f in observed {
            if let Some(t) = self.software.get(f) {
                observed_x.extend(t.iter().cloned());
            }
        }
        let v = self.vocabulary as f64 + observed_x.len() as f64;
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
                    "naive_bayes" => {
                        // Laplace-smoothed multinomial over the expanded features.
                        let e = &self.expanded[i];
                        let den = libm::log(e.len() as f64 + v);
                        observed_x
                            .iter()
                            .map(|f| libm::log(1.0 + e.contains(f) as u8 as f64) - den)
                            .sum()
                    }
                    _ => unreachable!("unknown baseline {name}"),
                }
            })
            .collect()
    }
}
