//! Opaque page tokens for `next=` links.
//!
//! A token is a keyset position (the sort key of the last entry on the page), scrambled by an
//! invertible multiply and checked by a short tag, then written in base 36. Because ids only
//! grow and are never reused, "everything after key K" stays meaningful while contacts are
//! created, changed or opted out between pages: no entry is skipped or repeated by a
//! concurrent write, and a token from yesterday still works. Clients must treat the token as
//! opaque (the real service's look like `g24umerp-fymhqg`); a token that was not issued here
//! fails its check and is answered with 400.

/// Entries on one page of any collection (the V1 maximum).
pub const PAGE_SIZE: usize = 50;

const MUL: u64 = 0x9E37_79B9_7F4A_7C15;
const XOR: u64 = 0x5DEE_CE66_D1CE_5EED;

const fn inverse(a: u64) -> u64 {
    // Newton's iteration for the inverse of an odd number modulo 2^64.
    let mut x = a;
    let mut i = 0;
    while i < 6 {
        x = x.wrapping_mul(2u64.wrapping_sub(a.wrapping_mul(x)));
        i += 1;
    }
    x
}

const MUL_INV: u64 = inverse(MUL);

fn tag(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x632B_E59B_D9B4_E019);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (z ^ (z >> 31)) % 1_679_616 // 36^4
}

pub(crate) fn base36(mut n: u64) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn parse36(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 13 {
        return None;
    }
    s.chars().try_fold(0u64, |acc, c| {
        acc.checked_mul(36)?.checked_add(u64::from(c.to_digit(36)?))
    })
}

/// The token for "after key `key`".
pub fn encode(key: u64) -> String {
    let x = key.wrapping_mul(MUL) ^ XOR;
    format!("{}-{}", base36(x), base36(tag(x)))
}

/// The key a token stands for; `None` if it was not issued by [`encode`].
pub fn decode(token: &str) -> Option<u64> {
    let (body, check) = token.split_once('-')?;
    let x = parse36(body)?;
    if parse36(check)? != tag(x) || check.chars().any(|c| c.is_ascii_uppercase()) {
        return None;
    }
    Some((x ^ XOR).wrapping_mul(MUL_INV))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_forgeries() {
        for k in [0, 1, 2, 49, 50, 10_000, u64::MAX] {
            let t = encode(k);
            assert_eq!(decode(&t), Some(k), "{t}");
        }
        assert_ne!(encode(1), encode(2));
        assert_eq!(decode("50"), None);
        assert_eq!(decode("abc-def"), None);
        let t = encode(7);
        let forged = t.replacen(|c: char| c.is_ascii_digit(), "x", 1);
        assert!(decode(&forged).is_none() || forged == t);
    }
}
