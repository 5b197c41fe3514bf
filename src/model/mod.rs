//! The scoring model (`docs/MODEL.md`): likelihood ratios per observation, Admiralty shrinkage,
//! deception by forgeability, facet tempering and caps, the unlisted actor and the named
//! unknowns, roll-ups, Monte Carlo, sensitivity and the statements.
//!
//! Seams: [`likelihood`](self) gives each observation's base ratio for every profile; the
//! posterior module applies quality, deception, tempering and priors and decomposes every score;
//! the Monte Carlo, roll-up and sensitivity modules read the posterior; `statement` turns
//! figures into words; `score` ties them together.

pub mod budget;
mod likelihood;
mod montecarlo;
mod params;
mod posterior;
mod result;
mod rng;
mod rollup;
mod score;
mod sensitivity;
mod session;
mod statement;
mod vmath;

pub use likelihood::dirichlet_ratio;
pub use params::Params;
pub use posterior::{log_prior_shares, soft_cap};
pub use result::*;
pub use rng::Rng;
pub use score::warnings;
pub use score::{
    forgeability, pack_mismatch, quality, raw_evidence, score, Facet, RawEvidence, ScoreOptions,
    Sequence, PLANTED_DECEPTION,
};
pub use session::Session;
pub(crate) use statement::push_figure;
pub use statement::{
    confidence, estimative, log_bayes_factor, movement_statement, percent, prior_statement,
    sponsor_statement, statement, umbrella_statement, Frame, StateLeader, ESTIMATIVE_BANDS,
};
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub use vmath::check as vmath_check;
