//! String processing: word counts, ciphers, run-length coding, wrapping, tables, CSV, roman
//! numerals, edit distance. Lots of `format!`, `write!`, `vec!`, `assert!`, `const` items
//! inside bodies and nested fns.

use std::collections::HashMap;
use std::fmt::Write as _;

use threadmgr::haltable;

/// Words and how often they occur, most frequent first, then alphabetical.
#[haltable]
pub fn word_frequencies(text: &str) -> Vec<(String, usize)> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for word in text.split_whitespace() {
        let word = word
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if word.is_empty() {
            continue;
        }
        *counts.entry(word).or_insert(0) += 1;
    }
    let mut out: Vec<(String, usize)> = counts.into_iter().collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

/// Shifts ASCII letters by `shift` places, keeping case; leaves the rest alone.
#[haltable]
pub fn caesar(text: &str, shift: u8) -> String {
    const ALPHABET: u8 = 26;
    let shift = shift % ALPHABET;
    text.chars()
        .map(|c| match c {
            'a'..='z' => ((c as u8 - b'a' + shift) % ALPHABET + b'a') as char,
            'A'..='Z' => ((c as u8 - b'A' + shift) % ALPHABET + b'A') as char,
            _ => c,
        })
        .collect()
}

/// `"aaabcc"` becomes `"3a1b2c"`.
#[haltable]
pub fn run_length_encode(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let mut n = 1;
        while chars.next_if_eq(&c).is_some() {
            n += 1;
        }
        write!(out, "{n}{c}").expect("writing to a String does not fail");
    }
    out
}

/// The inverse of [`run_length_encode`].
#[haltable]
pub fn run_length_decode(code: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut count = String::new();
    for c in code.chars() {
        if c.is_ascii_digit() {
            count.push(c);
            continue;
        }
        if count.is_empty() {
            return Err(format!("{c:?} has no count"));
        }
        let n: usize = count
            .parse()
            .map_err(|e| format!("bad count {count:?}: {e}"))?;
        out.extend(std::iter::repeat_n(c, n));
        count.clear();
    }
    if count.is_empty() {
        Ok(out)
    } else {
        Err(format!("trailing count {count:?}"))
    }
}

/// Greedy word wrap to lines of at most `width` characters (longer words get a line each).
#[haltable]
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![];
    let mut line = String::new();
    for word in text.split_whitespace() {
        let needed = if line.is_empty() {
            word.chars().count()
        } else {
            line.chars().count() + 1 + word.chars().count()
        };
        if needed > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Lays out rows as a table with aligned columns: text to the left, numbers to the right.
#[haltable]
pub fn format_table(header: &[&str], rows: &[Vec<String>]) -> String {
    fn is_number(s: &str) -> bool {
        !s.is_empty() && s.parse::<f64>().is_ok()
    }

    let columns = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        assert_eq!(row.len(), columns, "every row needs {columns} cells");
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let line = |out: &mut String, cells: &mut dyn Iterator<Item = &str>| {
        let mut first = true;
        for (cell, &width) in cells.zip(&widths) {
            if !first {
                out.push_str(" | ");
            }
            first = false;
            if is_number(cell) {
                write!(out, "{cell:>width$}").unwrap();
            } else {
                write!(out, "{cell:<width$}").unwrap();
            }
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
    };
    line(&mut out, &mut header.iter().copied());
    let rule: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
    writeln!(out, "{}", rule.join("-+-")).unwrap();
    for row in rows {
        line(&mut out, &mut row.iter().map(String::as_str));
    }
    out
}

/// Splits a CSV line, with quoted fields (`""` is a quote inside quotes).
#[haltable]
pub fn parse_csv_line(line: &str) -> Result<Vec<String>, String> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Start,
        Plain,
        Quoted,
        QuoteInQuoted,
    }

    let mut fields = Vec::new();
    let mut field = String::new();
    let mut state = State::Start;
    for (i, c) in line.char_indices() {
        state = match (state, c) {
            (State::Start | State::Plain | State::QuoteInQuoted, ',') => {
                fields.push(std::mem::take(&mut field));
                State::Start
            }
            (State::Start, '"') => State::Quoted,
            (State::Start | State::Plain, c) => {
                field.push(c);
                State::Plain
            }
            (State::Quoted, '"') => State::QuoteInQuoted,
            (State::Quoted, c) => {
                field.push(c);
                State::Quoted
            }
            (State::QuoteInQuoted, '"') => {
                field.push('"');
                State::Quoted
            }
            (State::QuoteInQuoted, c) => {
                return Err(format!("unexpected {c:?} after a quote at {i}"));
            }
        };
    }
    if state == State::Quoted {
        return Err("unterminated quote".to_owned());
    }
    fields.push(field);
    Ok(fields)
}

/// Roman numerals, both ways.
#[haltable]
pub fn to_roman(mut n: u32) -> Option<String> {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    if n == 0 || n >= 4000 {
        return None;
    }
    let mut out = String::new();
    for &(value, digits) in TABLE.iter() {
        while n >= value {
            out += digits;
            n -= value;
        }
    }
    Some(out)
}

/// Parses a roman numeral (accepting only the canonical spelling).
#[haltable]
pub fn from_roman(s: &str) -> Option<u32> {
    fn digit(c: char) -> Option<u32> {
        Some(match c {
            'I' => 1,
            'V' => 5,
            'X' => 10,
            'L' => 50,
            'C' => 100,
            'D' => 500,
            'M' => 1000,
            _ => return None,
        })
    }

    let values: Vec<u32> = s.chars().map(digit).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, &v) in values.iter().enumerate() {
        match values.get(i + 1) {
            Some(&next) if next > v => total -= v as i64,
            _ => total += v as i64,
        }
    }
    let total = u32::try_from(total).ok()?;
    (to_roman(total).as_deref() == Some(s)).then_some(total)
}

/// True if `text` reads the same both ways, ignoring case, spaces and punctuation.
#[haltable]
pub fn is_palindrome(text: &str) -> bool {
    const IGNORED: &[char] = &[' ', ',', '.', '!', '?', '\'', ':', ';', '-'];
    let chars: Vec<char> = text
        .chars()
        .filter(|c| !IGNORED.contains(c))
        .flat_map(char::to_lowercase)
        .collect();
    let (mut i, mut j) = (0, chars.len());
    while i + 1 < j {
        if chars[i] != chars[j - 1] {
            return false;
        }
        i += 1;
        j -= 1;
    }
    true
}

/// The Levenshtein distance, with two rows of the table.
#[haltable]
pub fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = prev[j] + usize::from(ca != cb);
            cur[j + 1] = substitute.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// `"Hello, World!"` becomes `"hello-world"`.
#[haltable]
pub fn slugify(title: &str) -> String {
    let mut slug = String::with_capacity(title.len());
    let mut pending_dash = false;
    for c in title.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.extend(c.to_lowercase());
        } else {
            pending_dash = true;
        }
    }
    slug
}

/// Capitalizes each word, lowercasing the rest, except small words after the first.
#[haltable]
pub fn title_case(text: &str) -> String {
    fn capitalize(word: &str) -> String {
        let mut chars = word.chars();
        match chars.next() {
            Some(first) => first
                .to_uppercase()
                .chain(chars.flat_map(char::to_lowercase))
                .collect(),
            None => String::new(),
        }
    }
    const SMALL: [&str; 6] = ["a", "an", "the", "of", "and", "in"];

    text.split(' ')
        .enumerate()
        .map(|(i, w)| {
            if i > 0 && SMALL.contains(&w.to_lowercase().as_str()) {
                w.to_lowercase()
            } else {
                capitalize(w)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frequencies() {
        let text = "The cat and the hat. THE END, the... cat!";
        let freq = word_frequencies(text);
        assert_eq!(freq[0], ("the".to_owned(), 4));
        assert_eq!(freq[1], ("cat".to_owned(), 2));
        assert_eq!(freq.len(), 5);
        assert!(word_frequencies(" ... ").is_empty());
    }

    #[test]
    fn ciphers() {
        assert_eq!(caesar("Hello, World!", 3), "Khoor, Zruog!");
        assert_eq!(caesar(&caesar("Round trip", 13), 13), "Round trip");
        assert_eq!(caesar("xyz", 29), "abc");
    }

    #[test]
    fn run_lengths() {
        assert_eq!(run_length_encode("aaabccdddd"), "3a1b2c4d");
        assert_eq!(run_length_encode(""), "");
        let long = "z".repeat(12);
        assert_eq!(run_length_encode(&long), "12z");
        assert_eq!(run_length_decode("12z").unwrap(), long);
        for text in ["aaabccdddd", "héééllo", "x"] {
            assert_eq!(run_length_decode(&run_length_encode(text)).unwrap(), text);
        }
        assert_eq!(run_length_decode("a").unwrap_err(), "'a' has no count");
        assert_eq!(
            run_length_decode("2a3").unwrap_err(),
            "trailing count \"3\""
        );
    }

    #[test]
    fn wrapping() {
        let text = "the quick brown fox jumps over the lazy dog";
        assert_eq!(
            wrap(text, 10),
            ["the quick", "brown fox", "jumps over", "the lazy", "dog"]
        );
        assert_eq!(wrap("a verylongword b", 4), ["a", "verylongword", "b"]);
        assert!(wrap("   ", 5).is_empty());
        for line in wrap(text, 15) {
            assert!(line.len() <= 15, "{line:?}");
        }
    }

    #[test]
    fn tables() {
        let rows = vec![
            vec!["apple".to_owned(), "3".to_owned(), "1.25".to_owned()],
            vec!["kiwi".to_owned(), "120".to_owned(), "0.5".to_owned()],
        ];
        let table = format_table(&["fruit", "count", "price"], &rows);
        let expected = "\
fruit | count | price
------+-------+------
apple |     3 |  1.25
kiwi  |   120 |   0.5
";
        assert_eq!(table, expected);
    }

    #[test]
    #[should_panic(expected = "every row needs 2 cells")]
    fn ragged_tables_panic() {
        format_table(&["a", "b"], &[vec!["x".to_owned()]]);
    }

    #[test]
    fn csv() {
        assert_eq!(parse_csv_line("a,b,,c").unwrap(), ["a", "b", "", "c"]);
        assert_eq!(
            parse_csv_line(r#""x, y",plain,"say ""hi""""#).unwrap(),
            ["x, y", "plain", "say \"hi\""]
        );
        assert_eq!(parse_csv_line("").unwrap(), [""]);
        assert_eq!(parse_csv_line("\"open").unwrap_err(), "unterminated quote");
        assert_eq!(
            parse_csv_line("\"a\"b").unwrap_err(),
            "unexpected 'b' after a quote at 3"
        );
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(to_roman(1994).as_deref(), Some("MCMXCIV"));
        assert_eq!(to_roman(3999).as_deref(), Some("MMMCMXCIX"));
        assert_eq!(to_roman(0), None);
        assert_eq!(from_roman("MCMXCIV"), Some(1994));
        assert_eq!(from_roman("IIII"), None);
        assert_eq!(from_roman("IC"), None);
        assert_eq!(from_roman("ABC"), None);
        for n in 1..4000 {
            assert_eq!(from_roman(&to_roman(n).unwrap()), Some(n));
        }
    }

    #[test]
    fn small_things() {
        assert!(is_palindrome("A man, a plan, a canal: Panama!"));
        assert!(is_palindrome(""));
        assert!(!is_palindrome("threadmgr"));
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("flaw", "lawn"), 2);
        assert_eq!(levenshtein("same", "same"), 0);
        assert_eq!(slugify("  Hello, World! 2024 "), "hello-world-2024");
        assert_eq!(slugify("--"), "");
        assert_eq!(title_case("the lord OF the rings"), "The Lord of the Rings");
        assert_eq!(title_case(""), "");
    }
}
