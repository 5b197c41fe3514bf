//! Small helpers shared by the core: hashing and dates.

use sha2::{Digest, Sha256};

/// Serialize one of a fixed set of words (an ICD 203 term, an ACH shade) as serde serializes an
/// enum's unit variant: JSON gets the word as a string, as for any `&str`, and serde-wasm-bindgen
/// makes each word's JS string once per page instead of once per use (a whole-pack display has
/// hundreds).
pub(crate) fn word<S: serde::Serializer>(w: &&'static str, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_unit_variant("word", 0, w)
}

/// An integer that orders as `x` does under [`f64::total_cmp`] (its bits, with the magnitude
/// bits of a negative number flipped).
pub(crate) fn order_key(x: f64) -> i64 {
    let b = x.to_bits() as i64;
    b ^ (((b >> 63) as u64) >> 1) as i64
}

/// `v.sort_by(cmp)`: a stable sort, so exactly the order the standard library's gives. The
/// standard sort is instantiated anew for every element type and comparison (several kilobytes of
/// WebAssembly each, 64 KB in all); this one sorts positions with one shared merge sort over a
/// trait object and then moves the elements into place, so each element type costs a few
/// hundred bytes.
pub(crate) fn sort_by<T>(v: &mut [T], cmp: &dyn Fn(&T, &T) -> std::cmp::Ordering) {
    let order = stable_order(v.len(), &|a, b| cmp(&v[a], &v[b]));
    permute(v, order);
}

/// `v` sorted stably by `keys` (one per element, in `v`'s order), ascending: [`sort_by`] with the
/// keys worked out beforehand, so that a comparison is two integer comparisons.
pub(crate) fn sort_by_keys<T>(v: &mut [T], keys: &[(i64, u32)]) {
    let order = stable_order(v.len(), &|a, b| keys[a].cmp(&keys[b]));
    permute(v, order);
}

/// `v.sort_by_key(key)`, through [`sort_by`].
pub(crate) fn sort_by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(v, &|a, b| key(a).cmp(&key(b)));
}

/// `v.sort()`, through [`sort_by`].
pub(crate) fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, &|a, b| a.cmp(b));
}

/// The positions `0..n` in stably sorted order under `cmp`: insertion sort of runs of 16, then
/// bottom-up merges. Never panics and always ends, whatever `cmp` answers.
fn stable_order(n: usize, cmp: &dyn Fn(usize, usize) -> std::cmp::Ordering) -> Vec<usize> {
    use std::cmp::Ordering::Greater;
    const RUN: usize = 16;
    let mut a: Vec<usize> = (0..n).collect();
    for run in a.chunks_mut(RUN) {
        for i in 1..run.len() {
            let mut j = i;
            while j > 0 && cmp(run[j - 1], run[j]) == Greater {
                run.swap(j - 1, j);
                j -= 1;
            }
        }
    }
    let mut b = vec![0; n];
    let mut width = RUN;
    while width < n {
        for (k, out) in b.chunks_mut(2 * width).enumerate() {
            let lo = k * 2 * width;
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            let (mut i, mut j) = (lo, mid);
            for slot in out.iter_mut() {
                // Take from the right only when it is strictly smaller: stable.
                if j < hi && (i >= mid || cmp(a[i], a[j]) == Greater) {
                    *slot = a[j];
                    j += 1;
                } else {
                    *slot = a[i];
                    i += 1;
                }
            }
        }
        std::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    a
}

/// `v` sorted stably by `keys` (one per element, in `v`'s order) and cut to its `k` first: what
/// [`sort_by_keys`] then `truncate(k)` give, without ordering the rest. Each element is weighed
/// against the last of the `k` kept so far, so choosing 25 of 500 costs about 500 integer
/// comparisons rather than a whole sort.
pub(crate) fn first_by_keys<T: Copy>(v: &mut Vec<T>, keys: &[(i64, u32)], k: usize) {
    let mut kept: Vec<usize> = Vec::with_capacity(k.min(v.len()) + 1);
    if k > 0 {
        for i in 0..v.len().min(keys.len()) {
            // A stable sort puts `i` after every earlier element it does not beat strictly.
            if kept.len() == k && keys[kept[k - 1]] <= keys[i] {
                continue;
            }
            let mut at = kept.len();
            while at > 0 && keys[kept[at - 1]] > keys[i] {
                at -= 1;
            }
            kept.insert(at, i);
            kept.truncate(k);
        }
    }
    *v = kept.into_iter().map(|i| v[i]).collect();
}

/// Reorder `v` so that position `k` holds what was at `order[k]` (a permutation), by following
/// its cycles with swaps.
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    for start in 0..order.len() {
        let mut cur = start;
        loop {
            let next = order[cur];
            order[cur] = cur;
            if next == start || next == cur {
                break;
            }
            v.swap(cur, next);
            cur = next;
        }
    }
}

/// A whole number with commas between thousands, as the page and the statements write counts:
/// `2,000`.
pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Lowercase hex SHA-256 of `bytes`.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

fn digits(s: &[u8]) -> Option<u32> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    s.iter().try_fold(0u32, |acc, &b| {
        acc.checked_mul(10)?.checked_add((b - b'0') as u32)
    })
}

/// Parse `YYYY-MM-DD` into days since the Unix epoch.
pub(crate) fn parse_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (
        digits(&b[0..4])? as i64,
        digits(&b[5..7])?,
        digits(&b[8..10])?,
    );
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

/// Parse an RFC 3339 timestamp (`2017-05-23T01:12:00Z`, `...+09:00`, fractional seconds allowed)
/// into seconds since the Unix epoch, UTC.
pub(crate) fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 20 || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let days = parse_date(&s[..10])?;
    let (h, mi, se) = (
        digits(&b[11..13])?,
        digits(&b[14..16])?,
        digits(&b[17..19])?,
    );
    if h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let mut rest = &b[19..];
    if rest.first() == Some(&b'.') {
        let n = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        rest = &rest[1 + n..];
    }
    let offset = match rest {
        [b'Z' | b'z'] => 0i64,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let oh = digits(&[*h1, *h2])? as i64;
            let om = digits(&[*m1, *m2])? as i64;
            if oh > 23 || om > 59 {
                return None;
            }
            let o = oh * 3600 + om * 60;
            if *sign == b'-' {
                -o
            } else {
                o
            }
        }
        _ => return None,
    };
    Some(days * 86_400 + (h as i64) * 3600 + (mi as i64) * 60 + se.min(59) as i64 - offset)
}

/// Seconds since the epoch to `YYYY-MM-DDTHH:MM:SSZ` (Howard Hinnant's civil-from-days).
pub(crate) fn format_rfc3339(t: i64) -> String {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("2015-08-15"), Some(16662));
        assert!(parse_date("2016-02-29").is_some());
        assert_eq!(parse_date("2017-02-29"), None);
        assert_eq!(parse_rfc3339("2017-05-23T01:12:00Z"), Some(1_495_501_920));
        assert_eq!(
            parse_rfc3339("2017-05-23T10:42:00+09:30"),
            Some(1_495_501_920)
        );
        assert_eq!(
            parse_rfc3339("2017-05-23T01:12:00.250Z"),
            Some(1_495_501_920)
        );
        assert_eq!(parse_rfc3339("2017-05-23 01:12"), None);
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(2000), "2,000");
        assert_eq!(thousands(100_000), "100,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    /// The shared sort orders exactly as the standard library's stable sort, ties included.
    #[test]
    fn sort_by_equals_the_standard_stable_sort() {
        let mut rng = crate::model::Rng::new(3, 0);
        for n in [0usize, 1, 2, 15, 16, 17, 31, 32, 33, 100, 1000, 2049] {
            for modulus in [1u64, 3, 50, 1_000_000] {
                let v: Vec<(u64, usize)> = (0..n).map(|k| (rng.next_u64() % modulus, k)).collect();
                let mut ours = v.clone();
                sort_by(&mut ours, &|a, b| a.0.cmp(&b.0));
                let mut std = v.clone();
                std.sort_by_key(|a| a.0);
                assert_eq!(ours, std, "n {n}, modulus {modulus}");
                let mut keyed = v.clone();
                sort_by_key(&mut keyed, |x| std::cmp::Reverse(x.0));
                let mut want = v.clone();
                want.sort_by_key(|x| std::cmp::Reverse(x.0));
                assert_eq!(keyed, want);
            }
        }
    }

    #[test]
    fn first_by_keys_equals_sorting_then_cutting() {
        let mut rng = crate::model::Rng::new(4, 0);
        for n in [0usize, 1, 2, 5, 24, 25, 26, 100, 489] {
            for k in [0usize, 1, 5, 25, 600] {
                // Few distinct keys, so that ties cross the cut and stability shows.
                let keys: Vec<(i64, u32)> = (0..n)
                    .map(|_| ((rng.next_u64() % 4) as i64 - 2, (rng.next_u64() % 3) as u32))
                    .collect();
                let v: Vec<usize> = (0..n).collect();
                let mut expected = v.clone();
                sort_by_keys(&mut expected, &keys);
                expected.truncate(k);
                let mut got = v.clone();
                first_by_keys(&mut got, &keys, k);
                assert_eq!(got, expected, "n {n}, k {k}");
            }
        }
    }

    #[test]
    fn sort_ends_whatever_the_comparison_says() {
        let mut v: Vec<u32> = (0..100).collect();
        sort_by(&mut v, &|_, _| std::cmp::Ordering::Greater);
        let mut seen = v.clone();
        seen.sort();
        assert_eq!(seen, (0..100).collect::<Vec<_>>(), "a permutation");
        sort(&mut v);
        assert_eq!(v, (0..100).collect::<Vec<_>>());
    }
}
