//! The scoring model of `MODEL.md`.

mod params;

pub use params::Params;
