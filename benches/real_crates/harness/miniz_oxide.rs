//! miniz_oxide 0.8.9 workloads: deflate at several levels on text, structured binary and random
//! data, and inflate (one-shot and streaming) of what it produced.
use super::miniz_oxide;
use crate::common::{Rng, Work};
use miniz_oxide::inflate::stream::{inflate, InflateState};
use miniz_oxide::{DataFormat, MZFlush, MZStatus};

const WORDS: &[&str] = &[
    "the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as", "was", "with", "be",
    "by", "on", "not", "he", "this", "are", "or", "his", "from", "at", "which", "but", "have",
    "an", "had", "they", "you", "were", "their", "one", "all", "we", "can", "her", "has",
    "there", "been", "if", "more", "when", "will", "would", "who", "so", "no", "compression",
    "dictionary", "window", "literal", "huffman", "stream", "buffer", "checksum", "header",
];

fn text(r: &mut Rng, bytes: usize) -> Vec<u8> {
    let mut s = String::with_capacity(bytes + 16);
    let mut n = 0;
    while s.len() < bytes {
        s.push_str(*r.pick(WORDS));
        n += 1;
        s.push_str(if n % 14 == 0 { ".\n" } else { " " });
    }
    s.truncate(bytes);
    s.into_bytes()
}

/// Fixed-size records: a counter, a slowly changing timestamp, a small enum, a float.
fn records(r: &mut Rng, bytes: usize) -> Vec<u8> {
    let mut v = Vec::with_capacity(bytes + 32);
    let mut t: u64 = 1_700_000_000_000;
    let mut i: u32 = 0;
    while v.len() < bytes {
        t += r.below(1000) as u64;
        v.extend_from_slice(&i.to_le_bytes());
        v.extend_from_slice(&t.to_le_bytes());
        v.push(r.below(5) as u8);
        v.extend_from_slice(&((r.below(10_000) as f32) / 100.0).to_le_bytes());
        i += 1;
    }
    v.truncate(bytes);
    v
}

fn random(r: &mut Rng, bytes: usize) -> Vec<u8> {
    (0..bytes).map(|_| r.next() as u8).collect()
}

fn fold(bytes: &[u8]) -> u64 {
    bytes.iter().fold(bytes.len() as u64, |h, &b| (h ^ b as u64).wrapping_mul(0x100_0000_01B3))
}

pub fn build() -> Vec<(&'static str, Work)> {
    let mut r = Rng(0xDEF1_A7E);
    let t256 = text(&mut r, 256 * 1024);
    let t128 = text(&mut r, 128 * 1024);
    let rec = records(&mut r, 256 * 1024);
    let rnd = random(&mut r, 128 * 1024);
    let t256_deflated = miniz_oxide::deflate::compress_to_vec(&t256, 6);
    let rec_zlib = miniz_oxide::deflate::compress_to_vec_zlib(&rec, 6);
    let rec_zlib2 = rec_zlib.clone();
    let (t1, t6) = (t256.clone(), t256);
    let mut v: Vec<(&'static str, Work)> = Vec::new();
    v.push(("deflate_text_l1", Box::new(move || fold(&miniz_oxide::deflate::compress_to_vec(&t1, 1)))));
    v.push(("deflate_text_l6", Box::new(move || fold(&miniz_oxide::deflate::compress_to_vec(&t6, 6)))));
    v.push(("deflate_text_l9", Box::new(move || fold(&miniz_oxide::deflate::compress_to_vec(&t128, 9)))));
    v.push(("zlib_records_l6", Box::new(move || fold(&miniz_oxide::deflate::compress_to_vec_zlib(&rec, 6)))));
    v.push(("deflate_random_l6", Box::new(move || fold(&miniz_oxide::deflate::compress_to_vec(&rnd, 6)))));
    v.push(("inflate_text", Box::new(move || {
        fold(&miniz_oxide::inflate::decompress_to_vec(&t256_deflated).unwrap())
    })));
    v.push(("inflate_zlib_records", Box::new(move || {
        fold(&miniz_oxide::inflate::decompress_to_vec_zlib(&rec_zlib).unwrap())
    })));
    v.push(("inflate_stream_4k_chunks", Box::new(move || {
        // Streaming: input fed in 4 KiB pieces, output drained through an 8 KiB buffer.
        let mut state = InflateState::new_boxed(DataFormat::Zlib);
        let mut out = [0u8; 8192];
        let mut h = 0u64;
        let mut pos = 0;
        loop {
            let end = (pos + 4096).min(rec_zlib2.len());
            let flush = if end == rec_zlib2.len() { MZFlush::Finish } else { MZFlush::None };
            let res = inflate(&mut state, &rec_zlib2[pos..end], &mut out, flush);
            pos += res.bytes_consumed;
            h = h.wrapping_mul(31) ^ fold(&out[..res.bytes_written]);
            match res.status {
                Ok(MZStatus::StreamEnd) => break,
                Ok(_) => {}
                Err(e) => panic!("inflate: {e:?}"),
            }
        }
        h
    })));
    v
}
