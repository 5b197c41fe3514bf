//! The scoring model of `MODEL.md`: likelihood ratios per observation, Admiralty shrinkage,
//! deception by forgeability, facet tempering and caps, the unlisted actor, roll-ups, Monte Carlo
//! and sensitivity.

pub mod budget;
mod params;
mod result;
mod rng;
mod score;
mod statement;

pub use params::Params;
pub use result::*;
pub use rng::Rng;
pub use score::{
    forgeability, log_prior_shares, quality, score, soft_cap, Facet, ScoreOptions,
    PLANTED_DECEPTION,
};
pub use statement::{confidence, estimative, sponsor_statement, statement, umbrella_statement};
