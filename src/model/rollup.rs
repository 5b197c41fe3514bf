//! Roll-ups of the posterior by umbrella (cluster -> top ancestor) and by suspected state
//! sponsor.

use super::montecarlo::MonteCarlo;
use super::posterior::Work;
use super::result::{Level, Levels, NO_STATE_ID, NO_STATE_NAME, UNLISTED_ID, UNLISTED_NAME};
use crate::Name;

/// Roll-up entries listed per level (the unlisted actor is always listed).
const LEVEL_TOP: usize = 25;

/// A Monte Carlo slot: position of a tracked roll-up entry.
pub(crate) type Slot = usize;

/// What a roll-up entry stands for. Keys compare as their IDs do (profiles by their place in
/// ID order, states alphabetically), so ties sort as the IDs would.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Key {
    /// An umbrella: the ID rank of its profile.
    Actor(u32),
    /// A suspected sponsor: its place in [`crate::index::Index`]'s states.
    State(u16),
    /// Listed actors with no known state sponsor.
    NoState,
    /// The unlisted actor.
    Unlisted,
}

/// Umbrella and sponsor keys of competing hypothesis `h`. A named unknown is part of the
/// unlisted actor, but its suspected sponsor, when it has one, is known.
fn keys_of(work: &Work, h: usize) -> [Key; 2] {
    let prep = &work.index.prepared()[work.competing[h]];
    if !work.is_listed(h) {
        return [Key::Unlisted, prep.state.map_or(Key::Unlisted, Key::State)];
    }
    [
        Key::Actor(work.index.id_rank(prep.umbrella_pos)),
        prep.state.map_or(Key::NoState, Key::State),
    ]
}

/// The state-level roll-up key of competing hypothesis `h`.
pub(crate) fn sponsor_key(work: &Work, h: usize) -> Key {
    keys_of(work, h)[1]
}

/// The state-level key written as `id` (ISO code, `none` or `unlisted`).
pub(crate) fn state_key(work: &Work, id: &str) -> Option<Key> {
    match id {
        UNLISTED_ID => Some(Key::Unlisted),
        NO_STATE_ID => Some(Key::NoState),
        cc => work
            .index
            .states()
            .binary_search_by(|s| s.as_str().cmp(cc))
            .ok()
            .map(|i| Key::State(i as u16)),
    }
}

/// The ID a key is written with in results, and its display name.
fn describe(work: &Work, key: Key) -> (Name, Name) {
    let index = work.index;
    let pack = index.pack();
    match key {
        Key::Unlisted => (UNLISTED_ID.into(), UNLISTED_NAME.into()),
        Key::NoState => (NO_STATE_ID.into(), NO_STATE_NAME.into()),
        Key::Actor(rank) => {
            // The umbrella of some competing hypothesis has this rank: the pack's own strings.
            let pos = index.at_rank(rank).unwrap_or(0);
            let p = &pack.profiles[pos];
            (p.id.clone(), p.name.clone())
        }
        Key::State(i) => (
            index.states()[i as usize].clone(),
            index.state_names()[i as usize].clone(),
        ),
    }
}

/// Point roll-ups (`[umbrella, sponsor]`), each sorted by probability then ID and cut at
/// [`LEVEL_TOP`], the unlisted actor always kept.
/// Every key a roll-up can meet, numbered in [`Key`]'s order: the actors by ID rank, the
/// states, no state, the unlisted actor. Tables indexed by these numbers replace maps keyed by
/// [`Key`], with the same iteration order.
struct Keys {
    actors: usize,
    states: usize,
}

impl Keys {
    fn of(work: &Work) -> Keys {
        Keys {
            actors: work.index.pack().profiles.len(),
            states: work.index.states().len(),
        }
    }

    fn len(&self) -> usize {
        self.actors + self.states + 2
    }

    fn slot(&self, key: Key) -> usize {
        match key {
            Key::Actor(rank) => rank as usize,
            Key::State(i) => self.actors + i as usize,
            Key::NoState => self.actors + self.states,
            Key::Unlisted => self.actors + self.states + 1,
        }
    }

    fn key(&self, slot: usize) -> Key {
        if slot < self.actors {
            Key::Actor(slot as u32)
        } else if slot < self.actors + self.states {
            Key::State((slot - self.actors) as u16)
        } else if slot == self.actors + self.states {
            Key::NoState
        } else {
            Key::Unlisted
        }
    }
}

pub(crate) struct Point {
    /// Per level: `(key, probability)`.
    pub levels: [Vec<(Key, f64)>; 2],
}

impl Point {
    /// Roll up `probs` (per competing hypothesis) and the unlisted actor's own `p_unlisted`
    /// (without the named unknowns, which `probs` holds).
    pub fn new(work: &Work, probs: &[f64], p_unlisted: f64) -> Point {
        // One dense table per level, indexed in key order (see `Keys`); each key's sum is
        // added up in hypothesis order, as a map's would be.
        let keys = Keys::of(work);
        let mut sums: [Vec<Option<f64>>; 2] = std::array::from_fn(|_| vec![None; keys.len()]);
        for table in &mut sums {
            table[keys.slot(Key::Unlisted)] = Some(p_unlisted);
        }
        for (h, &p) in probs.iter().enumerate() {
            for (table, key) in sums.iter_mut().zip(keys_of(work, h)) {
                let sum = table[keys.slot(key)].get_or_insert(0.0);
                *sum += p;
            }
        }
        let unlisted = keys.slot(Key::Unlisted);
        let levels = sums.map(|table| {
            // Each entry's key orders as the ranking does: probability descending, then key
            // (slots are numbered in key order).
            let mut slots: Vec<usize> = Vec::with_capacity(table.len());
            let mut order: Vec<(i64, u32)> = Vec::with_capacity(table.len());
            for (slot, sum) in table.iter().enumerate() {
                if let Some(p) = sum {
                    slots.push(slot);
                    order.push((!crate::util::order_key(*p), slot as u32));
                }
            }
            // The long tail is cut (and never sorted); the unlisted actor is always listed.
            crate::util::first_by_keys(&mut slots, &order, LEVEL_TOP);
            if !slots.contains(&unlisted) {
                slots.push(unlisted);
            }
            slots
                .into_iter()
                .map(|slot| (keys.key(slot), table[slot].unwrap_or(0.0)))
                .collect()
        });
        Point { levels }
    }

    /// Every listed entry as a Monte Carlo slot: `(slots per hypothesis, slots of the
    /// unlisted actor, number of slots)`.
    pub fn slots(&self, work: &Work) -> (Vec<Vec<Slot>>, Vec<Slot>, usize) {
        let keys = Keys::of(work);
        let mut of: [Vec<Option<Slot>>; 2] = std::array::from_fn(|_| vec![None; keys.len()]);
        let mut n = 0;
        for (l, level) in self.levels.iter().enumerate() {
            for &(k, _) in level {
                of[l][keys.slot(k)] = Some(n);
                n += 1;
            }
        }
        let per_h = (0..work.competing.len())
            .map(|h| {
                keys_of(work, h)
                    .into_iter()
                    .enumerate()
                    .filter_map(|(l, k)| of[l][keys.slot(k)])
                    .collect()
            })
            .collect();
        let unlisted = (0..2)
            .filter_map(|l| of[l][keys.slot(Key::Unlisted)])
            .collect();
        (per_h, unlisted, n)
    }

    /// The reported levels, with Monte Carlo intervals where there are any.
    pub fn finish(self, work: &Work, mc: Option<&MonteCarlo>) -> Levels {
        let mut slot = 0;
        let [umb, spo] = self.levels.map(|level| {
            level
                .into_iter()
                .map(|(key, p)| {
                    let interval = mc.map_or([p, p], |mc| mc.slots[slot]);
                    slot += 1;
                    let (id, name) = describe(work, key);
                    Level {
                        id,
                        name,
                        probability: p,
                        interval,
                    }
                })
                .collect::<Vec<Level>>()
        });
        Levels {
            umbrella: umb,
            sponsor: spo,
        }
    }
}

/// Convenience for tests and the prior-only reading: levels without intervals.
pub(crate) fn point_levels(work: &Work, probs: &[f64], p_unlisted: f64) -> Levels {
    Point::new(work, probs, p_unlisted).finish(work, None)
}
