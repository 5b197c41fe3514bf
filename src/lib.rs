//! Attrib: test cyber-attack attribution claims.
//!
//! A pure scoring core weighs an incident's observations against threat-actor profiles and ranks
//! the competing hypotheses with calibrated, explained probabilities. See `ARCHITECTURE.md`.
#![deny(missing_docs)]

pub mod binpack;
pub mod case;
pub mod countries;
pub mod error;
pub mod eval;
pub mod export;
pub mod index;
pub mod model;
pub mod name;
pub mod pack;
pub mod packer;
pub mod prerender;
pub mod present;
pub mod search;
mod sponsors;
pub(crate) mod util;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use case::Case;
pub use error::{Error, ErrorKind, Result};
pub use model::{score, Params, ScoreOptions, ScoreResult};
pub use name::Name;
pub use pack::{Campaign, Pack, PackSource, Profile, Software, Technique, WorkingPattern};
