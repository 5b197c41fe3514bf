//! The Monte Carlo's logarithms, exponentials, soft caps and running products over slices,
//! giving for every value the very bits that `libm` (and [`soft_cap`]) give it one value at a
//! time.
//!
//! Natively (and in a wasm module built without the `simd` feature) each is a plain loop over
//! `libm`. In a wasm module built with `simd`, two values go through each step at once
//! (`simd128`): the steps are `libm`'s own (FreeBSD's `e_log.c` and `e_exp.c`), in the same
//! order, with the same constants, and IEEE arithmetic rounds a lane of `f64x2` exactly as it
//! rounds an `f64` (Rust never fuses a multiply and an add on its own); where `libm` branches on
//! the size of a value, both sides are computed and each lane takes the one `libm` would have
//! taken. Values on the rare paths (out of range, zero, negative, subnormal, not finite) are
//! handed to `libm` itself. Wasm tests compare each function with its one-value-at-a-time form
//! on edge cases and on hundreds of thousands of values spread over the exponents.
//!
//! The soft cap (`tanh`) is taken two at a time only on the one path of `libm::tanh` that nearly
//! all the Monte Carlo's values take; the others go to [`soft_cap`]. Written with every branch of
//! `tanh` and `expm1` computed and selected, as `log` and `exp` are, it was no faster in V8 than
//! `libm` one value at a time.

use super::soft_cap;

/// `out[i] = libm::log(xs[i])`.
pub(crate) fn log_into(xs: &[f64], out: &mut [f64]) {
    #[cfg(all(target_arch = "wasm32", feature = "simd"))]
    return simd::log_into(xs, out);
    #[allow(unreachable_code)]
    for (o, &x) in out.iter_mut().zip(xs) {
        *o = libm::log(x);
    }
}

/// `out[i] = libm::exp(xs[i])`.
pub(crate) fn exp_into(xs: &[f64], out: &mut [f64]) {
    #[cfg(all(target_arch = "wasm32", feature = "simd"))]
    return simd::exp_into(xs, out);
    #[allow(unreachable_code)]
    for (o, &x) in out.iter_mut().zip(xs) {
        *o = libm::exp(x);
    }
}

/// `out[i] = soft_cap(xs[i], cap)` ([`soft_cap`], `cap * libm::tanh(x / cap)`).
pub(crate) fn soft_cap_into(xs: &[f64], cap: f64, out: &mut [f64]) {
    #[cfg(all(target_arch = "wasm32", feature = "simd"))]
    return simd::soft_cap_into(xs, cap, out);
    #[allow(unreachable_code)]
    for (o, &x) in out.iter_mut().zip(xs) {
        *o = soft_cap(x, cap);
    }
}

/// One item's step of the Monte Carlo's running products: `prod[j] *= a * base[j] + c`, and a
/// product that leaves `[1e-150, 1e150]` has its logarithm added to `logs[j]` and starts again
/// at 1 (so a facet's product never overflows, and is logged once).
pub(crate) fn scale_products(prod: &mut [f64], logs: &mut [f64], base: &[f64], a: f64, c: f64) {
    #[cfg(all(target_arch = "wasm32", feature = "simd"))]
    return simd::scale_products(prod, logs, base, a, c);
    #[allow(unreachable_code)]
    for ((p, l), &b) in prod.iter_mut().zip(logs.iter_mut()).zip(base) {
        scale_one(p, l, b, a, c);
    }
}

/// [`scale_products`] for one hypothesis.
#[inline(always)]
fn scale_one(p: &mut f64, l: &mut f64, b: f64, a: f64, c: f64) {
    let v = *p * (a * b + c);
    // Written out: at opt-level "z" `contains` stayed a call.
    #[allow(clippy::manual_range_contains)]
    if v >= 1e-150 && v <= 1e150 {
        *p = v;
    } else {
        *l += libm::log(v);
        *p = 1.0;
    }
}

/// What the wasm tests compare with `libm`, through the slice functions as the module runs them
/// (hidden from the documentation; not an interface).
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod check {
    /// How many values go through each step at once: 2 in a module built with `simd`, else 1.
    pub const LANES: usize = if cfg!(feature = "simd") { 2 } else { 1 };

    /// `libm::log` of each value, as the Monte Carlo takes it.
    pub fn log(xs: &[f64]) -> Vec<f64> {
        let mut out = vec![0.0; xs.len()];
        super::log_into(xs, &mut out);
        out
    }

    /// `libm::exp` of each value, as the Monte Carlo takes it.
    pub fn exp(xs: &[f64]) -> Vec<f64> {
        let mut out = vec![0.0; xs.len()];
        super::exp_into(xs, &mut out);
        out
    }

    /// The soft cap of each value, as the Monte Carlo takes it.
    pub fn soft_cap(xs: &[f64], cap: f64) -> Vec<f64> {
        let mut out = vec![0.0; xs.len()];
        super::soft_cap_into(xs, cap, &mut out);
        out
    }

    /// One step of the running products ([`super::scale_products`]), on copies.
    pub fn products(prod: &[f64], logs: &[f64], base: &[f64], a: f64, c: f64) -> [Vec<f64>; 2] {
        let (mut p, mut l) = (prod.to_vec(), logs.to_vec());
        super::scale_products(&mut p, &mut l, base, a, c);
        [p, l]
    }
}

// The constants are `libm`'s literals, digit for digit.
#[cfg(all(target_arch = "wasm32", feature = "simd"))]
#[allow(clippy::excessive_precision, clippy::approx_constant)]
mod simd {
    use super::soft_cap;
    use core::arch::wasm32::*;

    /// Two values at a time through `each`, the odd one out through `one`.
    #[inline(always)]
    fn pairs(xs: &[f64], out: &mut [f64], each: impl Fn(v128) -> v128, one: impl Fn(f64) -> f64) {
        let n = xs.len().min(out.len());
        let (xs, out) = (&xs[..n], &mut out[..n]);
        let (mut x2, mut o2) = (xs.chunks_exact(2), out.chunks_exact_mut(2));
        for (x, o) in (&mut x2).zip(&mut o2) {
            let r = each(f64x2(x[0], x[1]));
            o[0] = f64x2_extract_lane::<0>(r);
            o[1] = f64x2_extract_lane::<1>(r);
        }
        if let (Some(&x), Some(o)) = (x2.remainder().first(), o2.into_remainder().first_mut()) {
            *o = one(x);
        }
    }

    /// Lanes where `mask` is set are recomputed by `libm`'s `f`.
    #[inline(always)]
    fn patch(r: v128, x: v128, mask: v128, f: impl Fn(f64) -> f64) -> v128 {
        if !v128_any_true(mask) {
            return r;
        }
        let mut r = r;
        if i64x2_extract_lane::<0>(mask) != 0 {
            r = f64x2_replace_lane::<0>(r, f(f64x2_extract_lane::<0>(x)));
        }
        if i64x2_extract_lane::<1>(mask) != 0 {
            r = f64x2_replace_lane::<1>(r, f(f64x2_extract_lane::<1>(x)));
        }
        r
    }

    /// The high 32-bit words of the two doubles, in 32-bit lanes 0 and 1 (integer work is done on
    /// 32-bit lanes: wasm has no unsigned 64-bit lane comparison, and LLVM turns signed ones on
    /// values it knows are positive into unsigned ones, which it then does lane by lane).
    #[inline(always)]
    fn high(x: v128) -> v128 {
        i32x4_shuffle::<1, 3, 1, 3>(x, x)
    }

    /// A mask over 32-bit lanes 0 and 1, widened to the two 64-bit lanes.
    #[inline(always)]
    fn wide(m: v128) -> v128 {
        i64x2_extend_low_i32x4(m)
    }

    /// 32-bit integer lanes 0 and 1 as doubles.
    #[inline(always)]
    fn to_f64(k: v128) -> v128 {
        f64x2_convert_low_i32x4(k)
    }

    /// Doubles truncated toward zero (saturating, as `as i32`), into 32-bit lanes 0 and 1.
    #[inline(always)]
    fn trunc(x: v128) -> v128 {
        i32x4_trunc_sat_f64x2_zero(x)
    }

    /// `2^k` for 32-bit integer lanes `k` (lanes 0 and 1) in the normal exponent range.
    #[inline(always)]
    fn two_to(k: v128) -> v128 {
        i64x2_shl(i64x2_extend_low_i32x4(i32x4_add(k, i32x4_splat(0x3ff))), 52)
    }

    #[inline(always)]
    fn int(v: i32) -> v128 {
        i32x4_splat(v)
    }

    #[inline(always)]
    fn splat(x: f64) -> v128 {
        f64x2_splat(x)
    }

    #[target_feature(enable = "simd128")]
    pub(super) fn scale_products(prod: &mut [f64], logs: &mut [f64], base: &[f64], a: f64, c: f64) {
        let n = prod.len().min(logs.len()).min(base.len());
        let (prod, logs, base) = (&mut prod[..n], &mut logs[..n], &base[..n]);
        let (va, vc) = (f64x2_splat(a), f64x2_splat(c));
        let (lo, hi) = (f64x2_splat(1e-150), f64x2_splat(1e150));
        let mut p2 = prod.chunks_exact_mut(2);
        let mut l2 = logs.chunks_exact_mut(2);
        let mut b2 = base.chunks_exact(2);
        for ((p, l), b) in (&mut p2).zip(&mut l2).zip(&mut b2) {
            let v = f64x2_mul(
                f64x2(p[0], p[1]),
                f64x2_add(f64x2_mul(va, f64x2(b[0], b[1])), vc),
            );
            if i64x2_all_true(v128_and(f64x2_ge(v, lo), f64x2_le(v, hi))) {
                p[0] = f64x2_extract_lane::<0>(v);
                p[1] = f64x2_extract_lane::<1>(v);
            } else {
                super::scale_one(&mut p[0], &mut l[0], b[0], a, c);
                super::scale_one(&mut p[1], &mut l[1], b[1], a, c);
            }
        }
        let rest = p2
            .into_remainder()
            .iter_mut()
            .zip(l2.into_remainder())
            .zip(b2.remainder());
        for ((p, l), &b) in rest {
            super::scale_one(p, l, b, a, c);
        }
    }

    /// The soft cap on the one path of `libm::tanh` that the Monte Carlo's values take almost
    /// always (about 99 % of them on the repository's cases): `|x| <= 0.1733`, where `tanh(x)` is
    /// `-e / (e + 2)` with `e = expm1(-2|x|)`, and `expm1` needs no argument reduction
    /// (`s_expm1.c` with `k = 0`). Below `1e-8` the cap is the identity, as in [`soft_cap`];
    /// every other value goes to [`soft_cap`] itself.
    #[target_feature(enable = "simd128")]
    pub(super) fn soft_cap_into(xs: &[f64], cap: f64, out: &mut [f64]) {
        const Q1: f64 = -3.33333333333331316428e-02;
        const Q2: f64 = 1.58730158725481460165e-03;
        const Q3: f64 = -7.93650757867487942473e-05;
        const Q4: f64 = 4.00821782732936239552e-06;
        const Q5: f64 = -2.01099218183624371326e-07;
        let c = splat(cap);
        pairs(
            xs,
            out,
            |t| {
                let x = f64x2_div(t, c);
                let identity = f64x2_lt(f64x2_abs(x), splat(1e-8));
                // expm1(a), a = -2|x|, where |a| <= 0.5 ln 2 (no reduction: k = 0).
                let ax = f64x2_abs(x);
                let a = f64x2_mul(splat(-2.0), ax);
                let near = wide(i32x4_le(high(f64x2_abs(a)), int(0x3fd6_2e42)));
                let hfx = f64x2_mul(splat(0.5), a);
                let hxs = f64x2_mul(a, hfx);
                let r1 = f64x2_add(
                    splat(1.0),
                    f64x2_mul(
                        hxs,
                        f64x2_add(
                            splat(Q1),
                            f64x2_mul(
                                hxs,
                                f64x2_add(
                                    splat(Q2),
                                    f64x2_mul(
                                        hxs,
                                        f64x2_add(
                                            splat(Q3),
                                            f64x2_mul(
                                                hxs,
                                                f64x2_add(splat(Q4), f64x2_mul(hxs, splat(Q5))),
                                            ),
                                        ),
                                    ),
                                ),
                            ),
                        ),
                    ),
                );
                let tt = f64x2_sub(splat(3.0), f64x2_mul(r1, hfx));
                let e = f64x2_mul(
                    hxs,
                    f64x2_div(f64x2_sub(r1, tt), f64x2_sub(splat(6.0), f64x2_mul(a, tt))),
                );
                let e = f64x2_sub(a, f64x2_sub(f64x2_mul(a, e), hxs));
                // tanh(|x|) = -e / (e + 2), then the sign of x.
                let th = f64x2_div(f64x2_neg(e), f64x2_add(e, splat(2.0)));
                let th = v128_bitselect(f64x2_neg(th), th, wide(i32x4_lt(high(x), int(0))));
                let y = v128_bitselect(t, f64x2_mul(c, th), identity);
                patch(y, t, v128_not(v128_or(identity, near)), |t| {
                    soft_cap(t, cap)
                })
            },
            |t| soft_cap(t, cap),
        );
    }

    #[target_feature(enable = "simd128")]
    pub(super) fn log_into(xs: &[f64], out: &mut [f64]) {
        pairs(xs, out, log2x, libm::log);
    }

    #[target_feature(enable = "simd128")]
    pub(super) fn exp_into(xs: &[f64], out: &mut [f64]) {
        pairs(xs, out, exp2x, libm::exp);
    }

    const LN2_HI: f64 = 6.93147180369123816490e-01;
    const LN2_LO: f64 = 1.90821492927058770002e-10;
    const INVLN2: f64 = 1.44269504088896338700e+00;

    /// `e_log.c`: `x = 2^k (1 + f)` with `1 + f` in `[sqrt(2)/2, sqrt(2)]`, then a polynomial in
    /// `s = f / (2 + f)`.
    #[inline(always)]
    fn log2x(x: v128) -> v128 {
        const LG1: f64 = 6.666666666666735130e-01;
        const LG2: f64 = 3.999999999940941908e-01;
        const LG3: f64 = 2.857142874366239149e-01;
        const LG4: f64 = 2.222219843214978396e-01;
        const LG5: f64 = 1.818357216161805012e-01;
        const LG6: f64 = 1.531383769920937332e-01;
        const LG7: f64 = 1.479819860511658591e-01;
        let hx = high(x);
        // Zero, subnormal, negative (the sign makes the high word large), infinite or NaN.
        let rare = wide(v128_or(
            u32x4_lt(hx, int(0x0010_0000)),
            u32x4_ge(hx, int(0x7ff0_0000)),
        ));
        let hx = i32x4_add(hx, int(0x3ff0_0000 - 0x3fe6_a09e));
        let k = i32x4_sub(u32x4_shr(hx, 20), int(0x3ff));
        let hx = i32x4_add(v128_and(hx, int(0x000f_ffff)), int(0x3fe6_a09e));
        // The new high words with the old low ones.
        let m = i32x4_shuffle::<0, 4, 2, 5>(x, hx);
        let f = f64x2_sub(m, splat(1.0));
        let hfsq = f64x2_mul(f64x2_mul(splat(0.5), f), f);
        let s = f64x2_div(f, f64x2_add(splat(2.0), f));
        let z = f64x2_mul(s, s);
        let w = f64x2_mul(z, z);
        let t1 = f64x2_mul(
            w,
            f64x2_add(
                splat(LG2),
                f64x2_mul(w, f64x2_add(splat(LG4), f64x2_mul(w, splat(LG6)))),
            ),
        );
        let t2 = f64x2_mul(
            z,
            f64x2_add(
                splat(LG1),
                f64x2_mul(
                    w,
                    f64x2_add(
                        splat(LG3),
                        f64x2_mul(w, f64x2_add(splat(LG5), f64x2_mul(w, splat(LG7)))),
                    ),
                ),
            ),
        );
        let r = f64x2_add(t2, t1);
        let dk = to_f64(k);
        let mut y = f64x2_mul(s, f64x2_add(hfsq, r));
        y = f64x2_add(y, f64x2_mul(dk, splat(LN2_LO)));
        y = f64x2_sub(y, hfsq);
        y = f64x2_add(y, f);
        y = f64x2_add(y, f64x2_mul(dk, splat(LN2_HI)));
        patch(y, x, rare, libm::log)
    }

    /// `e_exp.c`: `x = k ln2 + r`, `exp(r)` by a rational approximation, scaled by `2^k`.
    #[inline(always)]
    fn exp2x(x: v128) -> v128 {
        const P1: f64 = 1.66666666666666019037e-01;
        const P2: f64 = -2.77777777770155933842e-03;
        const P3: f64 = 6.61375632143793436117e-05;
        const P4: f64 = -1.65339022054652515390e-06;
        const P5: f64 = 4.13813679705723846039e-08;
        let word = high(x);
        let negative = i32x4_lt(word, int(0));
        let hx = v128_and(word, int(0x7fff_ffff));
        // |x| >= 708.39 (overflow, underflow, infinite, NaN).
        let rare = wide(i32x4_ge(hx, int(0x4086_232b)));
        let half = v128_bitselect(splat(-0.5), splat(0.5), wide(negative));
        let k_far = trunc(f64x2_add(f64x2_mul(splat(INVLN2), x), half));
        let k_near = v128_bitselect(int(-1), int(1), negative);
        let k = v128_bitselect(
            k_far,
            v128_and(k_near, i32x4_gt(hx, int(0x3fd6_2e42))),
            i32x4_ge(hx, int(0x3ff0_a2b2)),
        );
        // With k = 0 these leave x as it is, as libm's branch for |x| <= 0.5 ln2 does.
        let dk = to_f64(k);
        let hi = f64x2_sub(x, f64x2_mul(dk, splat(LN2_HI)));
        let lo = f64x2_mul(dk, splat(LN2_LO));
        let r = f64x2_sub(hi, lo);
        let xx = f64x2_mul(r, r);
        let poly = f64x2_add(
            splat(P1),
            f64x2_mul(
                xx,
                f64x2_add(
                    splat(P2),
                    f64x2_mul(
                        xx,
                        f64x2_add(
                            splat(P3),
                            f64x2_mul(xx, f64x2_add(splat(P4), f64x2_mul(xx, splat(P5)))),
                        ),
                    ),
                ),
            ),
        );
        let c = f64x2_sub(r, f64x2_mul(xx, poly));
        let q = f64x2_div(f64x2_mul(r, c), f64x2_sub(splat(2.0), c));
        let y = f64x2_add(splat(1.0), f64x2_add(f64x2_sub(q, lo), hi));
        let y = f64x2_mul(y, two_to(k));
        // |x| <= 2^-28: 1 + x.
        let tiny = wide(i32x4_le(hx, int(0x3e30_0000)));
        let y = v128_bitselect(f64x2_add(splat(1.0), x), y, tiny);
        patch(y, x, rare, libm::exp)
    }
}
