//! Manager ids: 36 random alphanumeric characters in six chunks of six.
//!
//! The characters are drawn uniformly from `[A-Za-z0-9]`. The randomness comes from std's `RandomState` (keys
//! seeded by the OS once per thread, a new key for every instance) mixed with a process-wide
//! counter and the clock, stretched by xorshift64*: ids are unique in practice, but they are not
//! secrets and must not be used as such.

use std::hash::{BuildHasher, Hasher};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::sync::{AtomicU64, Ordering};

const ALPHABET: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/// How many chunks an id has.
const CHUNKS: usize = 6;
/// How many characters each chunk has.
const CHUNK_LEN: usize = 6;

/// A new id: six chunks of six random alphanumeric characters joined by `delimiter`.
pub(crate) fn generate(delimiter: &str) -> String {
    let mut rng = XorShift::seeded();
    let mut uid = String::with_capacity(CHUNKS * CHUNK_LEN + (CHUNKS - 1) * delimiter.len());
    for chunk in 0..CHUNKS {
        if chunk > 0 {
            uid.push_str(delimiter);
        }
        for _ in 0..CHUNK_LEN {
            uid.push(rng.alphanumeric());
        }
    }
    uid
}

/// xorshift64* (Vigna 2016): small, fast, and good enough for ids.
struct XorShift(u64);

impl XorShift {
    fn seeded() -> Self {
        static CALLS: AtomicU64 = AtomicU64::new(0);
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(CALLS.fetch_add(1, Ordering::Relaxed));
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.as_nanos());
        hasher.write_u128(nanos);
        // xorshift never leaves (nor reaches) the all-zero state.
        XorShift(hasher.finish() | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A uniformly drawn character of [`ALPHABET`]: the top six bits, rejected when they are 62
    /// or 63 so that no character is more likely than another.
    fn alphanumeric(&mut self) -> char {
        loop {
            let index = (self.next() >> 58) as usize;
            if let Some(&byte) = ALPHABET.get(index) {
                return char::from(byte);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_six_chunks_of_six_alphanumerics() {
        let uid = generate("-");
        assert_eq!(uid.len(), 41);
        let chunks: Vec<&str> = uid.split('-').collect();
        assert_eq!(chunks.len(), 6);
        for chunk in chunks {
            assert_eq!(chunk.len(), 6);
            assert!(chunk.bytes().all(|b| b.is_ascii_alphanumeric()), "{uid}");
        }
    }

    #[test]
    fn other_delimiters_are_used_as_given() {
        assert_eq!(generate("").len(), 36);
        let uid = generate("::");
        assert_eq!(uid.split("::").count(), 6);
        assert_eq!(uid.len(), 36 + 5 * 2);
    }

    #[test]
    fn every_character_turns_up() {
        let mut rng = XorShift::seeded();
        let mut seen = [false; 62];
        for _ in 0..62 * 200 {
            let c = rng.alphanumeric();
            let index = ALPHABET.iter().position(|&b| char::from(b) == c).unwrap();
            seen[index] = true;
        }
        assert!(seen.iter().all(|&s| s));
    }

    #[test]
    fn ids_differ() {
        let ids: std::collections::HashSet<String> = (0..10_000).map(|_| generate("-")).collect();
        assert_eq!(ids.len(), 10_000);
    }
}
