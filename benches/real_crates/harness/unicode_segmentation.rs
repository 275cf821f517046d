//! unicode-segmentation 1.13.3 workloads: grapheme, word and sentence segmentation of English
//! and of mixed-script text (combining marks, emoji sequences, Hangul, Devanagari, CJK).
use super::unicode_segmentation;
use crate::common::{Rng, Work};
use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

const EN: &[&str] = &[
    "the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "isn't", "it's", "3.14",
    "U.S.A.", "e-mail", "co-operate", "state-of-the-art", "1,000,000", "hello", "world",
    "segmentation", "boundary", "text", "rules", "(parenthesis)", "\"quoted\"", "Mr.", "Dr.",
];
const MIXED: &[&str] = &[
    "naïve", "café", "e\u{301}te\u{301}", "Здравствуйте", "мир", "こんにちは", "世界", "東京都",
    "안녕하세요", "한국어", "नमस्ते", "क्षत्रिय", "مرحبا", "שָׁלוֹם", "👨\u{200d}👩\u{200d}👧\u{200d}👦",
    "🇺🇸🇫🇷", "👍🏽", "🏳\u{fe0f}\u{200d}🌈", "a\u{308}\u{301}", "ﬁ", "Ελληνικά", "ภาษาไทย",
    "hello", "world", "rust",
];

fn text(r: &mut Rng, words: &[&str], bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 64);
    let mut n = 0;
    while s.len() < bytes {
        s.push_str(*r.pick(words));
        n += 1;
        s.push_str(match n % 17 {
            0 => ". ",
            8 => "? ",
            12 => ",\r\n",
            _ => " ",
        });
    }
    s
}

pub fn build() -> Vec<(&'static str, Work)> {
    let mut r = Rng(0x0006_5EC7);
    let en = text(&mut r, EN, 64 * 1024);
    let mixed = text(&mut r, MIXED, 64 * 1024);
    let (en1, en2, en3) = (en.clone(), en.clone(), en);
    let (mx1, mx2, mx3, mx4) = (mixed.clone(), mixed.clone(), mixed.clone(), mixed);
    let mut v: Vec<(&'static str, Work)> = Vec::new();
    v.push(("graphemes_english", Box::new(move || en1.graphemes(true).count() as u64)));
    v.push(("graphemes_mixed", Box::new(move || {
        mx1.graphemes(true).fold(0u64, |h, g| h.wrapping_mul(31).wrapping_add(g.len() as u64))
    })));
    v.push(("graphemes_mixed_rev", Box::new(move || {
        mx2.grapheme_indices(true).rev().fold(0u64, |h, (i, _)| h.wrapping_mul(31).wrapping_add(i as u64))
    })));
    v.push(("words_english", Box::new(move || {
        en2.unicode_words().fold(0u64, |h, w| h.wrapping_mul(31).wrapping_add(w.len() as u64))
    })));
    v.push(("word_bounds_mixed", Box::new(move || {
        mx3.split_word_bound_indices().fold(0u64, |h, (i, _)| h.wrapping_mul(31).wrapping_add(i as u64))
    })));
    v.push(("sentences_english", Box::new(move || {
        en3.unicode_sentences().fold(0u64, |h, s| h.wrapping_mul(31).wrapping_add(s.len() as u64))
    })));
    v.push(("grapheme_cursor_chunks", Box::new(move || {
        // A cursor walked over the text as if it arrived in 4 KiB chunks (char-aligned).
        let s = mx4.as_str();
        let mut cur = GraphemeCursor::new(0, s.len(), true);
        let (mut h, mut chunk_start) = (0u64, 0usize);
        loop {
            let mut end = (chunk_start + 4096).min(s.len());
            while !s.is_char_boundary(end) { end += 1; }
            match cur.next_boundary(&s[chunk_start..end], chunk_start) {
                Ok(Some(b)) => h = h.wrapping_mul(31).wrapping_add(b as u64),
                Ok(None) => break,
                Err(unicode_segmentation::GraphemeIncomplete::NextChunk) => chunk_start = end,
                Err(unicode_segmentation::GraphemeIncomplete::PreContext(p)) => {
                    let start = s[..p].char_indices().next_back().map_or(0, |(i, _)| i);
                    cur.provide_context(&s[start..p], start);
                }
                Err(e) => panic!("cursor: {e:?}"),
            }
        }
        h
    })));
    v
}
