//! Full-text search over the FAQ / knowledge base in zh-CN, en, ja and ko, without a
//! full-text extension: the store keeps a plain table of (document, field, term, count) rows
//! built from [`terms`], looks up the rows for [`query_terms`] and ranks with [`score`].
//!
//! Tokenisation, after a light NFKC-like normalisation (full-width ASCII folded to ASCII,
//! half-width katakana to full-width, lower-case):
//! - Latin, Greek, Cyrillic (and other alphabetic scripts) form *words*: one-letter words and
//!   English stop words are dropped, and English plurals are reduced by a small stemmer
//!   ("masks" → "mask", "subsidies" → "subsidy", "taxes" → "tax").
//! - Runs of CJK ideographs, of kana and of hangul form overlapping *bigrams*
//!   ("口罩出口" → 口罩, 罩出, 出口). A run breaks where the script changes (ideograph / kana /
//!   hangul) and at anything else. In documents each character of a run is also indexed on its
//!   own, so that a one-character query (税) finds the documents containing it; queries use the
//!   bigrams only (a one-character run gives that character), which keeps them precise.

use std::collections::{HashMap, HashSet};

/// English words too common to be worth indexing.
const STOP_WORDS: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "is", "are", "be", "how", "what",
    "do", "does", "can", "i", "we", "my", "our",
];

/// Half-width katakana U+FF66..=U+FF9D in code-point order, as full-width katakana.
const HALF_WIDTH_KATAKANA: &[char] = &[
    'ヲ', 'ァ', 'ィ', 'ゥ', 'ェ', 'ォ', 'ャ', 'ュ', 'ョ', 'ッ', 'ー', 'ア', 'イ', 'ウ', 'エ', 'オ',
    'カ', 'キ', 'ク', 'ケ', 'コ', 'サ', 'シ', 'ス', 'セ', 'ソ', 'タ', 'チ', 'ツ', 'テ', 'ト', 'ナ',
    'ニ', 'ヌ', 'ネ', 'ノ', 'ハ', 'ヒ', 'フ', 'ヘ', 'ホ', 'マ', 'ミ', 'ム', 'メ', 'モ', 'ヤ', 'ユ',
    'ヨ', 'ラ', 'リ', 'ル', 'レ', 'ロ', 'ワ', 'ン',
];

/// Kana whose voiced form (with a dakuten) is the next code point.
const VOICEABLE: &str =
    "かきくけこさしすせそたちつてとはひふへほカキクケコサシスセソタチツテトハヒフヘホ";
/// Kana whose semi-voiced form (with a handakuten) is two code points on.
const SEMI_VOICEABLE: &str = "はひふへほハヒフヘホ";

/// BM25 term-frequency saturation constant.
const K1: f64 = 1.2;
/// How much more an occurrence in the question counts than one in the answer.
const QUESTION_WEIGHT: f64 = 3.0;

/// The script class of a character, for splitting text into runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Letters and digits of alphabetic scripts (Latin, Greek, Cyrillic, …).
    Word,
    /// CJK ideographs.
    Han,
    /// Hiragana and katakana.
    Kana,
    /// Hangul syllables and jamo.
    Hangul,
    /// Punctuation, spaces, symbols: breaks every run.
    Other,
}

fn classify(c: char) -> Class {
    let u = u32::from(c);
    match u {
        0x4E00..=0x9FFF
        | 0x3400..=0x4DBF
        | 0xF900..=0xFAFF
        | 0x20000..=0x2FA1F
        | 0x30000..=0x3134F
        // 々 〆 〇: iteration mark, shime, ideographic zero.
        | 0x3005..=0x3007 => Class::Han,
        // Not ゠ (U+30A0) nor the middle dot ・ (U+30FB), which are punctuation.
        0x3040..=0x309F | 0x30A1..=0x30FA | 0x30FC..=0x30FF | 0x31F0..=0x31FF => Class::Kana,
        0xAC00..=0xD7AF
        | 0x1100..=0x11FF
        | 0x3130..=0x318F
        | 0xA960..=0xA97F
        | 0xD7B0..=0xD7FF
        | 0xFFA0..=0xFFDC => Class::Hangul,
        _ if c.is_alphanumeric() => Class::Word,
        _ => Class::Other,
    }
}

/// Combining diacritical marks: part of the word they follow (decomposed "café").
fn is_combining_mark(c: char) -> bool {
    matches!(u32::from(c), 0x0300..=0x036F)
}

/// Width folding: full-width ASCII to ASCII, the ideographic space to a space, half-width
/// katakana (and half-width CJK punctuation) to full-width.
fn fold_width(c: char) -> char {
    let u = u32::from(c);
    match u {
        0xFF01..=0xFF5E => char::from_u32(u - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        0xFF61 => '。',
        0xFF62 => '「',
        0xFF63 => '」',
        0xFF64 => '、',
        0xFF65 => '・',
        0xFF66..=0xFF9D => usize::try_from(u - 0xFF66)
            .ok()
            .and_then(|i| HALF_WIDTH_KATAKANA.get(i))
            .copied()
            .unwrap_or(c),
        _ => c,
    }
}

/// Composes a (semi-)voicing mark with the kana before it, in place. A mark that cannot be
/// composed is dropped.
fn compose_voicing(out: &mut [char], semi: bool) {
    let Some(last) = out.last_mut() else { return };
    let composed = if semi {
        SEMI_VOICEABLE
            .contains(*last)
            .then(|| char::from_u32(u32::from(*last) + 2))
            .flatten()
    } else if *last == 'ウ' {
        Some('ヴ')
    } else if *last == 'う' {
        Some('ゔ')
    } else {
        VOICEABLE
            .contains(*last)
            .then(|| char::from_u32(u32::from(*last) + 1))
            .flatten()
    };
    if let Some(c) = composed {
        *last = c;
    }
}

/// The normalised characters of a text: width-folded, voicing marks composed, lower-cased.
fn normalise(text: &str) -> Vec<char> {
    let mut out: Vec<char> = Vec::with_capacity(text.len());
    for c in text.chars() {
        match c {
            // Combining or half-width dakuten / handakuten.
            '\u{3099}' | '\u{FF9E}' => compose_voicing(&mut out, false),
            '\u{309A}' | '\u{FF9F}' => compose_voicing(&mut out, true),
            // Final sigma folds to sigma, so that word forms agree.
            'ς' => out.push('σ'),
            _ => out.extend(fold_width(c).to_lowercase()),
        }
    }
    out
}

/// A light English plural stemmer:
/// - "ies" → "y" when the word is longer than 4 ("subsidies" → "subsidy");
/// - "es" is removed after "ss", "x", "zz", "ch", "sh" ("taxes" → "tax", "businesses" →
///   "business");
/// - otherwise a trailing "s" is removed when the word is longer than 3 and does not end in
///   "ss", "us" or "is" ("masks" → "mask", "licenses" → "license", "status" stays).
fn stem(word: String) -> String {
    let n = word.chars().count();
    if n > 4 && word.ends_with("ies") {
        let mut w = word[..word.len() - 3].to_owned();
        w.push('y');
        return w;
    }
    if n > 3
        && ["sses", "xes", "zzes", "ches", "shes"]
            .iter()
            .any(|s| word.ends_with(s))
    {
        return word[..word.len() - 2].to_owned();
    }
    if n > 3 && word.ends_with('s') && !["ss", "us", "is"].iter().any(|s| word.ends_with(s)) {
        return word[..word.len() - 1].to_owned();
    }
    word
}

/// Splits normalised characters into runs and calls `emit` for each term, in text order.
/// `unigrams`: whether runs of two or more CJK / kana / hangul characters also yield each
/// character on its own (documents: yes; queries: no).
fn tokenise(text: &str, unigrams: bool, mut emit: impl FnMut(String)) {
    let chars = normalise(text);
    let mut run: Vec<char> = Vec::new();
    let mut class = Class::Other;

    let mut flush = |class: Class, run: &mut Vec<char>| {
        match class {
            Class::Word => {
                let word: String = run.iter().collect();
                let mut letters = word.chars();
                let one_char = letters.next().is_some() && letters.next().is_none();
                let keep_one = word.chars().all(char::is_numeric);
                if (!one_char || keep_one) && !STOP_WORDS.contains(&word.as_str()) {
                    emit(stem(word));
                }
            }
            Class::Han | Class::Kana | Class::Hangul => {
                if let [only] = run.as_slice() {
                    emit(only.to_string());
                } else {
                    for (i, pair) in run.windows(2).enumerate() {
                        if unigrams {
                            emit(pair[0].to_string());
                        }
                        emit(pair.iter().collect());
                        if unigrams && i + 2 == run.len() {
                            emit(pair[1].to_string());
                        }
                    }
                }
            }
            Class::Other => {}
        }
        run.clear();
    };

    for c in chars {
        if class == Class::Word && is_combining_mark(c) {
            run.push(c);
            continue;
        }
        let c_class = classify(c);
        if c_class != class {
            flush(class, &mut run);
            class = c_class;
        }
        if c_class != Class::Other {
            run.push(c);
        }
    }
    flush(class, &mut run);
}

/// The index terms of a text, with their counts, in first-seen order.
///
/// Words (Latin, Greek, Cyrillic and other alphabetic scripts) are lower-cased, one-letter
/// words other than digits and English stop words are dropped, and plurals are stemmed. Runs
/// of CJK ideographs, kana and hangul give their overlapping bigrams and, so that one-character
/// queries work, each of their characters (a one-character run gives that character once).
pub fn terms(text: &str) -> Vec<(String, u32)> {
    let mut out: Vec<(String, u32)> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    tokenise(text, true, |term| match at.get(&term) {
        Some(&i) => {
            if let Some(entry) = out.get_mut(i) {
                entry.1 += 1;
            }
        }
        None => {
            at.insert(term.clone(), out.len());
            out.push((term, 1));
        }
    });
    out
}

/// The terms of a query: as [`terms`], but without the single characters of CJK / kana /
/// hangul runs of two or more (only their bigrams; a one-character run gives that character),
/// duplicates removed, order kept. Empty when the query has nothing searchable (only stop
/// words or punctuation).
pub fn query_terms(query: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    tokenise(query, false, |term| {
        if seen.insert(term.clone()) {
            out.push(term);
        }
    });
    out
}

/// The relevance of a document for a query, as an integer: the score below × 1000, rounded,
/// so that ranking is deterministic and can be compared exactly (ties are for the caller to
/// break, e.g. by document id).
///
/// For each distinct query term `t` (repeats in `query` count once):
/// - `idf(t) = ln(1 + (N − df + 0.5) / (df + 0.5))`, the BM25 inverse document frequency
///   (always positive), with `df` = `doc_freq[t]` (0 when absent) and `N = max(total_docs,
///   df)`, so rare terms weigh more than common ones;
/// - `tf = 3 · question_tf[t] + answer_tf[t]`: a match in the question counts three times a
///   match in the answer;
/// - the term contributes `idf(t) · tf · (k1 + 1) / (tf + k1)` with `k1 = 1.2` (BM25
///   saturation, without length normalisation: FAQ entries are short). A term absent from the
///   document contributes 0.
///
/// When every query term is present (in the question or the answer), a coverage bonus of
/// `Σ idf(t)` over all query terms is added. A document matching no query term, or an empty
/// query, scores 0.
pub fn score(
    query: &[String],
    question_tf: &HashMap<String, u32>,
    answer_tf: &HashMap<String, u32>,
    doc_freq: &HashMap<String, u64>,
    total_docs: u64,
) -> i64 {
    let mut seen: HashSet<&str> = HashSet::new();
    let mut total = 0.0_f64;
    let mut idf_sum = 0.0_f64;
    let mut all_present = true;
    for term in query {
        if !seen.insert(term.as_str()) {
            continue;
        }
        let df = doc_freq.get(term).copied().unwrap_or(0);
        let n = total_docs.max(df);
        // u64 → f64 is exact far beyond any realistic corpus size.
        let (df, n) = (df as f64, n as f64);
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        idf_sum += idf;

        let q = f64::from(question_tf.get(term).copied().unwrap_or(0));
        let a = f64::from(answer_tf.get(term).copied().unwrap_or(0));
        let tf = QUESTION_WEIGHT * q + a;
        if tf > 0.0 {
            total += idf * tf * (K1 + 1.0) / (tf + K1);
        } else {
            all_present = false;
        }
    }
    if all_present && !seen.is_empty() {
        total += idf_sum;
    }
    (total * 1000.0).round() as i64
}

#[cfg(test)]
mod tests;
