//! strsim 0.11.1 workloads: fuzzy matching and string distances over deterministic text.
use super::strsim;
use crate::common::{fbits, Rng, Work};

const SYLLABLES: &[&str] = &[
    "an", "ber", "ca", "do", "el", "fin", "ga", "har", "in", "jo", "ka", "lin", "mo", "nor",
    "o", "pe", "qua", "ri", "son", "ta", "u", "vi", "wen", "xo", "ya", "zel", "th", "ch", "st",
];

fn word(r: &mut Rng) -> String {
    let n = 2 + r.below(3);
    (0..n).map(|_| *r.pick(SYLLABLES)).collect()
}

/// A variant of `w` with 0-2 typos (substitution, deletion, insertion, transposition).
fn typo(r: &mut Rng, w: &str) -> String {
    let mut c: Vec<char> = w.chars().collect();
    for _ in 0..r.below(3) {
        if c.len() < 3 {
            break;
        }
        let i = r.below(c.len() - 1);
        match r.below(4) {
            0 => c[i] = (b'a' + r.below(26) as u8) as char,
            1 => {
                c.remove(i);
            }
            2 => c.insert(i, (b'a' + r.below(26) as u8) as char),
            _ => c.swap(i, i + 1),
        }
    }
    c.into_iter().collect()
}

fn sentence(r: &mut Rng, words: usize) -> String {
    (0..words).map(|_| word(r)).collect::<Vec<_>>().join(" ")
}

pub fn build() -> Vec<(&'static str, Work)> {
    let mut r = Rng(0x5157_5153);
    let dict: Vec<String> = (0..2000).map(|_| word(&mut r)).collect();
    let queries: Vec<String> = (0..16).map(|_| { let w = r.pick(&dict).clone(); typo(&mut r, &w) }).collect();
    let names: Vec<(String, String)> = (0..2000)
        .map(|_| { let a = format!("{} {}", word(&mut r), word(&mut r)); let b = typo(&mut r, &a); (a, b) })
        .collect();
    let sentences: Vec<(String, String)> = (0..300)
        .map(|_| { let a = sentence(&mut r, 12); let b = typo(&mut r, &a); (a, b) })
        .collect();
    let long: Vec<(String, String)> = (0..4)
        .map(|_| { let a = sentence(&mut r, 180); let mut b = a.clone(); for _ in 0..20 { b = typo(&mut r, &b); } (a, b) })
        .collect();
    let hashes: Vec<(String, String)> = (0..5000)
        .map(|_| {
            let a: String = (0..64).map(|_| b"0123456789abcdef"[r.below(16)] as char).collect();
            let mut b: Vec<char> = a.chars().collect();
            for _ in 0..r.below(6) { let i = r.below(64); b[i] = b"0123456789abcdef"[r.below(16)] as char; }
            (a, b.into_iter().collect())
        })
        .collect();
    let tokens: Vec<(Vec<u32>, Vec<u32>)> = (0..40)
        .map(|_| {
            let a: Vec<u32> = (0..150).map(|_| r.below(500) as u32).collect();
            let mut b = a.clone();
            for _ in 0..15 { let i = r.below(b.len()); if r.below(2) == 0 { b[i] = r.below(500) as u32 } else { b.remove(i); } }
            (a, b)
        })
        .collect();
    let (dict2, queries2) = (dict.clone(), queries.clone());
    let sentences2 = sentences.clone();
    let mut v: Vec<(&'static str, Work)> = Vec::new();
    v.push(("spellcheck_levenshtein", Box::new(move || {
        let mut acc = 0u64;
        for q in &queries {
            let best = dict.iter().enumerate().min_by_key(|(_, w)| strsim::levenshtein(q, w)).unwrap().0;
            acc = acc.wrapping_mul(31).wrapping_add(best as u64);
        }
        acc
    })));
    v.push(("spellcheck_jaro_winkler", Box::new(move || {
        let mut acc = 0u64;
        for q in &queries2 {
            let mut best = (0, -1.0);
            for (i, w) in dict2.iter().enumerate() {
                let s = strsim::jaro_winkler(q, w);
                if s > best.1 { best = (i, s); }
            }
            acc = acc.wrapping_mul(31).wrapping_add(best.0 as u64);
        }
        acc
    })));
    v.push(("names_damerau", Box::new(move || {
        names.iter().map(|(a, b)| strsim::damerau_levenshtein(a, b) as u64).sum()
    })));
    v.push(("sentences_osa", Box::new(move || {
        sentences.iter().map(|(a, b)| strsim::osa_distance(a, b) as u64).sum()
    })));
    v.push(("sentences_sorensen_dice", Box::new(move || {
        sentences2.iter().fold(0u64, |acc, (a, b)| acc ^ fbits(strsim::sorensen_dice(a, b)))
    })));
    v.push(("long_normalized_levenshtein", Box::new(move || {
        long.iter().fold(0u64, |acc, (a, b)| acc ^ fbits(strsim::normalized_levenshtein(a, b)))
    })));
    v.push(("hex_hamming", Box::new(move || {
        hashes.iter().map(|(a, b)| strsim::hamming(a, b).unwrap() as u64).sum()
    })));
    v.push(("tokens_generic_levenshtein", Box::new(move || {
        tokens.iter().map(|(a, b)| strsim::generic_levenshtein(a, b) as u64).sum()
    })));
    v
}
