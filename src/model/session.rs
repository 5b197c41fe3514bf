//! A scoring session: what scoring a case computes that can be kept for the next score of the
//! same case. The page re-scores on every toggle, grade and slider step; with a session, an
//! observation's likelihood ratios against every profile are computed once, and its log ratios
//! once per grade and deception level, instead of on every re-score.
//!
//! [`crate::score`] is a session used once; results are the same bytes either way.

use std::sync::Arc;

use super::likelihood::{self, Ratios};
use super::params::Params;
use super::posterior::Priors;
use super::score::PriorReading;
use super::statement::Frame;
use crate::case::Kind;
use crate::error::Result;
use crate::index::{FixedMap, Index};

/// Most observations a session remembers; past that it starts afresh (a case has at most
/// 10,000 observations, most far fewer).
const MAX_ENTRIES: usize = 4096;

/// One observation's cached work.
pub(crate) struct Entry {
    /// Base ratios against every profile in the pack.
    pub ratios: Ratios,
    /// What the reader should know about it (not prefixed with its index).
    pub note: Option<String>,
    /// `ln LR''` per competing hypothesis at the last quality, deception and planted flag it
    /// was computed for.
    point: Option<(u64, u64, bool, Vec<f64>)>,
}

impl Entry {
    /// `ln LR''` per competing hypothesis for `base` (the gathered base ratios), computed by
    /// `f` unless the same quality, deception and planted flag were asked for last time.
    pub fn point_logs(
        &mut self,
        quality: f64,
        deception: f64,
        planted: bool,
        f: impl FnOnce() -> Vec<f64>,
    ) -> Vec<f64> {
        let key = (quality.to_bits(), deception.to_bits(), planted);
        match &self.point {
            Some((q, d, p, logs)) if (*q, *d, *p) == key => logs.clone(),
            _ => {
                let logs = f();
                self.point = Some((key.0, key.1, key.2, logs.clone()));
                logs
            }
        }
    }
}

/// Scoring work kept between scores of a case (see the module documentation).
///
/// ```
/// use attrib::{case::{Case, Kind, Observation}, index::Index, model::Session, Pack, ScoreOptions};
/// let index = Index::new(Pack::fixture(), None).unwrap();
/// let case = Case::new(vec![Observation::new(Kind::Software, "S0366"), Observation::new(Kind::VictimCountry, "KR")]);
/// let opts = ScoreOptions { samples: Some(100), ..Default::default() };
/// let mut session = Session::new();
/// let first = session.score(&case, &index, &opts).unwrap();
/// let again = session.score(&case, &index, &opts).unwrap();
/// assert_eq!(first, again);
/// assert_eq!(first, attrib::score(&case, &index, &opts).unwrap());
/// ```
#[derive(Default)]
pub struct Session {
    /// The pack and constants the cache was built with.
    stamp: Option<(crate::Name, Params)>,
    /// The competing hypotheses the point logs are for.
    competing: Vec<usize>,
    /// What is kept of the race over them: dropped whole when the race changes.
    race: Option<KeptRace>,
    /// Each observation's cached work; only looked up (and cleared), never iterated in an order
    /// that matters, so a hash map with the index's fixed hash.
    entries: FixedMap<(Kind, String), Entry>,
}

/// The prior over a race, and its reading with no evidence.
struct KeptRace {
    /// Whether it is a race of the whole pack.
    whole_pack: bool,
    priors: Priors,
    /// The reading with no evidence, with the unlisted actor's prior (its bits) and the frame
    /// it was made with.
    reading: Option<(u64, Frame, Arc<PriorReading>)>,
}

impl Session {
    /// An empty session.
    pub fn new() -> Session {
        Session::default()
    }

    /// Forget everything that no longer holds for `index` and the `competing` hypotheses.
    pub(crate) fn sync(&mut self, index: &Index, competing: &[usize]) {
        let stamp = (index.pack().sha256.clone(), index.params().clone());
        if self.stamp.as_ref() != Some(&stamp) || self.entries.len() > MAX_ENTRIES {
            self.entries.clear();
            self.race = None;
            self.stamp = Some(stamp);
        }
        if self.competing != competing {
            for e in self.entries.values_mut() {
                e.point = None;
            }
            self.race = None;
            self.competing = competing.to_vec();
        }
    }

    /// The race over `competing` as kept, when it is the race [`Session::sync`] was last given,
    /// laid out for a whole-pack race or not as `whole_pack` says.
    fn kept_race(&mut self, competing: &[usize], whole_pack: bool) -> Option<&mut KeptRace> {
        if self.competing != competing {
            return None;
        }
        self.race.as_mut().filter(|r| r.whole_pack == whole_pack)
    }

    /// The prior's layout over `competing` ([`Priors::new`]), kept while the pack, the
    /// constants and the competing hypotheses stay (a whole-pack race takes about 860
    /// logarithms to lay it out). Kept only for the race [`Session::sync`] was last given;
    /// any other is laid out afresh and not kept.
    pub(crate) fn priors(
        &mut self,
        index: &Index,
        competing: &[usize],
        whole_pack: bool,
    ) -> Priors {
        if let Some(kept) = self.kept_race(competing, whole_pack) {
            return kept.priors.clone();
        }
        let priors = Priors::new(index, competing, whole_pack);
        if self.competing == competing {
            self.race = Some(KeptRace {
                whole_pack,
                priors: priors.clone(),
                reading: None,
            });
        }
        priors
    }

    /// The reading with no evidence of the race over `competing` (made by `make`), kept with
    /// that race's priors while the unlisted actor's prior and the frame stay: a re-score that
    /// only moves the evidence does not roll the prior up again. A race whose priors are not
    /// kept is read afresh and not kept.
    pub(crate) fn prior_reading(
        &mut self,
        competing: &[usize],
        unlisted_prior: f64,
        frame: Frame,
        make: impl FnOnce() -> PriorReading,
    ) -> Arc<PriorReading> {
        let Some(kept) = self.kept_race(competing, frame == Frame::WholePack) else {
            return Arc::new(make());
        };
        let key = (unlisted_prior.to_bits(), frame);
        match &kept.reading {
            Some((bits, f, r)) if (*bits, *f) == key => r.clone(),
            _ => {
                let r = Arc::new(make());
                kept.reading = Some((key.0, key.1, r.clone()));
                r
            }
        }
    }

    /// The cached work of an observation, computed on first use.
    pub(crate) fn entry(&mut self, index: &Index, kind: Kind, value: &str) -> Result<&mut Entry> {
        use std::collections::hash_map::Entry as Slot;
        match self.entries.entry((kind, value.to_string())) {
            Slot::Occupied(o) => Ok(o.into_mut()),
            Slot::Vacant(v) => {
                let (ratios, note) = likelihood::ratios(index, kind, value)?;
                Ok(v.insert(Entry {
                    ratios,
                    note,
                    point: None,
                }))
            }
        }
    }
}
