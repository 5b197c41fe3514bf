//! A small seeded generator (SplitMix64).
//!
//! Integer arithmetic only, so a seed gives the same stream natively and in WebAssembly. The
//! Monte Carlo turns its bits into normal draws through a table of quantiles (`score.rs`).

/// SplitMix64: tiny, fast, and good enough for Monte Carlo over a handful of parameters.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator for `seed` and a `stream` number (independent streams for one seed).
    ///
    /// ```
    /// let mut a = attrib::model::Rng::new(7, 0);
    /// let mut b = attrib::model::Rng::new(7, 0);
    /// assert_eq!(a.next_u64(), b.next_u64());
    /// ```
    pub fn new(seed: u64, stream: u64) -> Self {
        let mut r = Rng {
            state: seed ^ stream.wrapping_mul(0xD6E8_FEB8_6659_FD93),
        };
        r.next_u64();
        r
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in the open interval (0, 1).
    pub fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
}
