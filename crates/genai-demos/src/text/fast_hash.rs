//! Quick lookup tables for words, pieces and contexts: a fast hash, and a word index.
//!
//! The standard `HashMap` hashes with SipHash, built to stand up to an attacker who picks keys
//! that collide. These tables only ever hold the reader's own training text, and they are hit
//! once for every word the models read, so a plain multiply-and-rotate hash (the one the Rust
//! compiler uses for its own tables) is worth several times its speed here.
//!
//! Nothing the library returns depends on a table's order: every list that comes out of one is
//! sorted first, so the hash changes speed only, never a result.

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};

/// A `HashMap` with [`FastHasher`].
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// An empty [`FastMap`] with room for `capacity` entries.
pub(crate) fn map_with_capacity<K, V>(capacity: usize) -> FastMap<K, V> {
    HashMap::with_capacity_and_hasher(capacity, BuildHasherDefault::default())
}

/// The hash state: each 8 bytes of key are mixed in with a rotate, an xor and a multiply.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FastHasher {
    hash: u64,
}

/// An odd constant with well spread bits (from the `rustc-hash` crate).
const MULTIPLIER: u64 = 0xf135_7aea_2e62_a9c5;

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(MULTIPLIER);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(<[u8; 8]>::try_from(chunk).map_or(0, u64::from_le_bytes));
        }
        // The last 1 to 7 bytes in one step, without a loop over them: 4 to 7 bytes as two
        // overlapping 4-byte reads; 1 to 3 bytes as the first, middle and last byte.
        let rest = chunks.remainder();
        let n = rest.len();
        let four = |at: usize| {
            let read = rest
                .get(at..at + 4)
                .and_then(|b| <[u8; 4]>::try_from(b).ok());
            read.map_or(0, u32::from_le_bytes)
        };
        let byte = |at: usize| rest.get(at).copied().map_or(0, u64::from);
        if n >= 4 {
            self.add(u64::from(four(0)) | u64::from(four(n - 4)) << 32);
        } else if n > 0 {
            self.add(byte(0) | byte(n / 2) << 8 | byte(n - 1) << 16);
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        // The multiply leaves its best-mixed bits at the top; the table picks buckets with the
        // low bits, so rotate the top bits down.
        self.hash.rotate_left(26)
    }
}

/// The hash of a word, cut to 32 bits: enough to pick a slot in any table this library builds.
fn hash_of(word: &str) -> u32 {
    BuildHasherDefault::<FastHasher>::default().hash_one(word) as u32
}

/// A hash table from words to their places in a list of words, which it does not copy.
///
/// A `HashMap<String, usize>` would hold a second copy of every word; this table keeps only
/// the places, and checks a candidate by looking at the list, which the caller passes in. The
/// list must be the one the places were taken from. It holds up to `u32::MAX - 1` places,
/// far more words than fit in memory.
#[derive(Debug, Clone, Default)]
pub(crate) struct WordIndex {
    /// A power of two many slots (or none), at most half of them used, so a search soon meets
    /// an empty one. A slot holds a word's hash and 1 + its place, or `(0, 0)` when empty. The
    /// hash saves looking at the word when it differs, and hashing the words again to grow.
    slots: Vec<(u32, u32)>,
    /// How many places the table holds.
    len: usize,
}

/// Where a search for a word ended.
enum Found {
    /// The word is at this place in the list.
    At(usize),
    /// The word is not in the table; this empty slot is where it would go.
    Empty(usize),
}

impl WordIndex {
    /// An index of every word of `words` (each word once).
    pub(crate) fn of<S: AsRef<str>>(words: &[S]) -> WordIndex {
        let mut index = WordIndex::default();
        index.grow_for(words.len());
        for (place, word) in words.iter().enumerate() {
            let hash = hash_of(word.as_ref());
            if let Found::Empty(slot) = index.search(words, word.as_ref(), hash) {
                index.fill(slot, hash, place);
            }
        }
        index
    }

    /// The place of `word` in `words`, if it is there.
    pub(crate) fn get<S: AsRef<str>>(&self, words: &[S], word: &str) -> Option<usize> {
        match self.search(words, word, hash_of(word)) {
            Found::At(place) => Some(place),
            Found::Empty(_) => None,
        }
    }

    /// The place of `word` in `words`; a word not there yet is first pushed onto `words`.
    pub(crate) fn get_or_push(&mut self, words: &mut Vec<String>, word: &str) -> usize {
        if self.slots.len() < 2 * (self.len + 1) {
            self.grow_for(self.len + 1);
        }
        let hash = hash_of(word);
        match self.search(words, word, hash) {
            Found::At(place) => place,
            Found::Empty(slot) => {
                let place = words.len();
                words.push(word.to_string());
                self.fill(slot, hash, place);
                place
            }
        }
    }

    fn search<S: AsRef<str>>(&self, words: &[S], word: &str, hash: u32) -> Found {
        let mask = self.slots.len().wrapping_sub(1);
        let mut slot = hash as usize & mask;
        // The table is never full, so the walk meets an empty slot (`get` returns `None` only
        // for a table with no slots at all).
        while let Some(&(held_hash, held)) = self.slots.get(slot) {
            if held == 0 {
                return Found::Empty(slot);
            }
            let place = held as usize - 1;
            if held_hash == hash && words.get(place).is_some_and(|w| w.as_ref() == word) {
                return Found::At(place);
            }
            slot = (slot + 1) & mask;
        }
        Found::Empty(0)
    }

    fn fill(&mut self, slot: usize, hash: u32, place: usize) {
        let (Some(held), Ok(place)) = (self.slots.get_mut(slot), u32::try_from(place + 1)) else {
            return;
        };
        *held = (hash, place);
        self.len += 1;
    }

    /// Makes room for `len` places: at least twice as many slots, and the old places moved in
    /// by their kept hashes.
    fn grow_for(&mut self, len: usize) {
        let size = (2 * len).next_power_of_two().max(16);
        if size <= self.slots.len() {
            return;
        }
        let old = std::mem::replace(&mut self.slots, vec![(0, 0); size]);
        let mask = size - 1;
        for (hash, held) in old.into_iter().filter(|&(_, held)| held != 0) {
            let mut slot = hash as usize & mask;
            while self.slots.get(slot).is_some_and(|&(_, taken)| taken != 0) {
                slot = (slot + 1) & mask;
            }
            if let Some(empty) = self.slots.get_mut(slot) {
                *empty = (hash, held);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, Hash};

    fn hash<T: Hash + ?Sized>(value: &T) -> u64 {
        BuildHasherDefault::<FastHasher>::default().hash_one(value)
    }

    #[test]
    fn equal_keys_hash_equal_and_near_keys_differ() {
        assert_eq!(hash("bread"), hash(&"bread".to_string()));
        assert_ne!(hash("bread"), hash("bread "));
        assert_ne!(hash("ab"), hash("ba"));
        // A key longer than 8 bytes uses every byte.
        assert_ne!(hash("sourdough loaf"), hash("sourdough loag"));
        assert_ne!(hash(&[1u32, 2][..]), hash(&[2u32, 1][..]));
    }

    #[test]
    fn a_word_index_finds_places_and_grows() {
        let mut words = Vec::new();
        let mut index = WordIndex::default();
        assert_eq!(index.get(&words, "bread"), None);
        let many: Vec<String> = (0..1000).map(|i| format!("w{i}")).collect();
        for (i, word) in many.iter().enumerate() {
            assert_eq!(index.get_or_push(&mut words, word), i);
        }
        assert_eq!(index.get_or_push(&mut words, "w17"), 17);
        assert_eq!(words.len(), 1000);
        let rebuilt = WordIndex::of(&words);
        for (i, word) in many.iter().enumerate() {
            assert_eq!(index.get(&words, word), Some(i));
            assert_eq!(rebuilt.get(&words, word), Some(i));
        }
        assert_eq!(rebuilt.get(&words, "w1000"), None);
        assert_eq!(WordIndex::of::<String>(&[]).get::<String>(&[], "x"), None);
    }

    #[test]
    fn a_map_finds_what_it_holds() {
        let mut map: FastMap<String, usize> = map_with_capacity(4);
        for (i, word) in ["win", "cash", "prize", "call"].iter().enumerate() {
            map.insert(word.to_string(), i);
        }
        assert_eq!(map.get("prize"), Some(&2));
        assert_eq!(map.get("lottery"), None);
    }
}
