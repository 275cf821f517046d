//! The hasher of the map of running jobs: job ids are sequential `u64`s, so one multiply by an
//! odd constant (Fibonacci hashing, as `rustc-hash`'s `FxHasher` does) spreads them over every
//! bit that `DashMap` (its shard, from the high bits) and `hashbrown` (the bucket from the low
//! bits, the SIMD tag from the top seven) look at. SipHash, the default, guards against keys
//! chosen by an attacker; ids are chosen by us.

use std::hash::{BuildHasherDefault, Hasher};

use dashmap::DashMap;

use crate::job::JobId;

/// 2^64 divided by the golden ratio, made odd: consecutive multiples differ in their high bits.
const SPREAD: u64 = 0x9E37_79B9_7F4A_7C15;

/// Hashes a `u64` with one multiply.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct IdHasher(u64);

impl Hasher for IdHasher {
    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(SPREAD);
    }

    /// Not used by `JobId` (which hashes one `u64`), but a `Hasher` must take any bytes.
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u64(u64::from(byte));
        }
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A map keyed by job id, hashed with [`IdHasher`].
pub(super) type IdMap<V> = DashMap<JobId, V, BuildHasherDefault<IdHasher>>;

#[cfg(test)]
mod tests {
    use std::hash::BuildHasher;

    use super::*;

    fn hash(id: JobId) -> u64 {
        BuildHasherDefault::<IdHasher>::default().hash_one(id)
    }

    #[test]
    fn sequential_ids_spread_over_shards_and_tags() {
        let ids: Vec<JobId> = (0..256).map(|_| JobId::next()).collect();
        let hashes: Vec<u64> = ids.iter().map(|&id| hash(id)).collect();
        // The top seven bits (hashbrown's tag) take many values, not one.
        let mut tags: Vec<u64> = hashes.iter().map(|h| h >> 57).collect();
        tags.sort_unstable();
        tags.dedup();
        assert!(tags.len() > 64, "{} tags", tags.len());
        // Bits 54..57 (DashMap's shard among eight) take all eight values.
        let mut shards: Vec<u64> = hashes.iter().map(|h| (h << 7) >> 61).collect();
        shards.sort_unstable();
        shards.dedup();
        assert_eq!(shards.len(), 8);
    }

    #[test]
    fn the_map_finds_what_it_holds() {
        let map: IdMap<usize> = IdMap::default();
        let ids: Vec<JobId> = (0..1000).map(|_| JobId::next()).collect();
        for (i, &id) in ids.iter().enumerate() {
            map.insert(id, i);
        }
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(map.remove(id).map(|(_, v)| v), Some(i));
        }
        assert!(map.is_empty());
    }
}
