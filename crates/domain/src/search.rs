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
mod tests {
    use super::*;

    fn set(terms: &[(String, u32)]) -> HashSet<String> {
        terms.iter().map(|(t, _)| t.clone()).collect()
    }

    fn contains_all(query: &str, text: &str) -> bool {
        let doc = set(&terms(text));
        let q = query_terms(query);
        !q.is_empty() && q.iter().all(|t| doc.contains(t))
    }

    fn shared(query: &str, text: &str) -> Vec<String> {
        let doc = set(&terms(text));
        query_terms(query)
            .into_iter()
            .filter(|t| doc.contains(t))
            .collect()
    }

    fn tf(text: &str) -> HashMap<String, u32> {
        terms(text).into_iter().collect()
    }

    /// A tiny in-memory engine: the indexes of the (question, answer) documents that match
    /// the query, best first (ties by index).
    fn rank(query: &str, docs: &[(&str, &str)]) -> Vec<usize> {
        let q = query_terms(query);
        let indexed: Vec<(HashMap<String, u32>, HashMap<String, u32>)> =
            docs.iter().map(|(qu, an)| (tf(qu), tf(an))).collect();
        let mut df: HashMap<String, u64> = HashMap::new();
        for (qu, an) in &indexed {
            let all: HashSet<&String> = qu.keys().chain(an.keys()).collect();
            for t in all {
                *df.entry(t.clone()).or_default() += 1;
            }
        }
        let mut scored: Vec<(i64, usize)> = indexed
            .iter()
            .enumerate()
            .map(|(i, (qu, an))| (score(&q, qu, an, &df, docs.len() as u64), i))
            .filter(|(s, _)| *s > 0)
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.into_iter().map(|(_, i)| i).collect()
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn chinese_two_character_word() {
        assert_eq!(query_terms("口罩"), strings(&["口罩"]));
        assert!(contains_all("口罩", "企业如何申请口罩出口许可？"));
        assert!(!contains_all("口罩", "企业如何申请出口许可？"));
    }

    #[test]
    fn chinese_longer_phrase() {
        assert_eq!(
            query_terms("出口信用保险"),
            strings(&["出口", "口信", "信用", "用保", "保险"])
        );
        assert!(contains_all("出口信用保险", "出口信用保险补贴如何申请？"));
        let docs = [
            ("出口退税多久到账？", "一般十个工作日。"),
            ("出口信用保险补贴如何申请？", "向商务局提交材料。"),
            ("信用修复", "保险公司"),
        ];
        assert_eq!(rank("出口信用保险", &docs).first(), Some(&1));
    }

    #[test]
    fn bigrams_with_unigrams_in_documents() {
        assert_eq!(
            terms("口罩出口"),
            vec![
                ("口".to_string(), 2),
                ("口罩".to_string(), 1),
                ("罩".to_string(), 1),
                ("罩出".to_string(), 1),
                ("出".to_string(), 1),
                ("出口".to_string(), 1),
            ]
        );
        assert_eq!(terms("税"), vec![("税".to_string(), 1)]);
        assert_eq!(query_terms("口罩出口"), strings(&["口罩", "罩出", "出口"]));
    }

    #[test]
    fn one_character_cjk_query() {
        assert_eq!(query_terms("税"), strings(&["税"]));
        assert!(contains_all("税", "出口退税怎么办理？"));
        assert!(!contains_all("税", "出口许可怎么办理？"));
        let docs = [("出口许可", "商务局"), ("出口退税", "税务局办理")];
        assert_eq!(rank("税", &docs), vec![1]);
    }

    #[test]
    fn english_plurals_and_case() {
        assert_eq!(query_terms("Masks"), strings(&["mask"]));
        assert!(contains_all("Masks", "mask export licence"));
        assert!(contains_all("mask", "Export of MASKS"));
        assert_eq!(query_terms("subsidies"), strings(&["subsidy"]));
        assert!(contains_all("subsidies", "Is there a subsidy?"));
        assert!(contains_all("subsidy", "Subsidies for exporters"));
        assert_eq!(query_terms("applying"), strings(&["applying"]));
    }

    #[test]
    fn stemmer() {
        for (word, stemmed) in [
            ("subsidies", "subsidy"),
            ("companies", "company"),
            ("ties", "tie"),
            ("masks", "mask"),
            ("licences", "licence"),
            ("licenses", "license"),
            ("taxes", "tax"),
            ("boxes", "box"),
            ("businesses", "business"),
            ("churches", "church"),
            ("wishes", "wish"),
            ("buzzes", "buzz"),
            ("process", "process"),
            ("status", "status"),
            ("basis", "basis"),
            ("gas", "gas"),
            ("subsidy", "subsidy"),
            ("applying", "applying"),
        ] {
            assert_eq!(stem(word.to_string()), stemmed, "{word}");
        }
    }

    #[test]
    fn japanese() {
        let common = shared("マスクの輸出", "マスク輸出の許可");
        for t in ["マス", "スク", "輸出"] {
            assert!(common.contains(&t.to_string()), "{t} in {common:?}");
        }
        assert!(contains_all("マスク", "マスク輸出の許可"));
        assert!(contains_all("輸出", "マスク輸出の許可"));
        // Half-width katakana, with a voicing mark, fold to full-width.
        assert_eq!(query_terms("ﾏｽｸ"), query_terms("マスク"));
        assert_eq!(query_terms("ｶﾞｽ"), query_terms("ガス"));
        assert_eq!(query_terms("ﾊﾟｽ"), query_terms("パス"));
        // A combining dakuten composes too.
        assert_eq!(query_terms("カ\u{3099}ス"), query_terms("ガス"));
        // The katakana middle dot breaks a run.
        assert_eq!(
            query_terms("マスク・ガウン"),
            strings(&["マス", "スク", "ガウ", "ウン"])
        );
    }

    #[test]
    fn korean() {
        assert_eq!(query_terms("마스크"), strings(&["마스", "스크"]));
        assert!(contains_all("마스크", "마스크를 수출하려면"));
        assert!(!shared("수출", "마스크를 수출하려면").is_empty());
    }

    #[test]
    fn full_width_ascii() {
        assert_eq!(query_terms("ＭＡＳＫ"), strings(&["mask"]));
        assert!(contains_all("ＭＡＳＫ", "mask"));
        assert!(contains_all("mask", "ＭＡＳＫＳ"));
        assert_eq!(query_terms("２０２０"), strings(&["2020"]));
    }

    #[test]
    fn stop_words_and_short_words() {
        assert_eq!(
            query_terms("How do I apply for the masks?"),
            strings(&["apply", "mask"])
        );
        assert_eq!(query_terms("What is it? A ... the"), strings(&["it"]));
        assert!(query_terms("how do we").is_empty());
        // One-letter words are dropped, one-digit numbers kept.
        assert_eq!(query_terms("x 5 y"), strings(&["5"]));
    }

    #[test]
    fn scripts_break_runs() {
        assert_eq!(
            query_terms("口罩mask出口，마스크"),
            strings(&["口罩", "mask", "出口", "마스", "스크"])
        );
        assert_eq!(query_terms("Ｃ类口罩"), strings(&["类口", "口罩"]));
        assert_eq!(
            query_terms("Маски для экспорта"),
            strings(&["маски", "для", "экспорта"])
        );
    }

    #[test]
    fn counts_in_first_seen_order() {
        assert_eq!(
            terms("Mask masks, MASK export"),
            vec![("mask".to_string(), 3), ("export".to_string(), 1)]
        );
        assert_eq!(
            query_terms("mask masks export mask"),
            strings(&["mask", "export"])
        );
    }

    #[test]
    fn question_outranks_answer() {
        let docs = [
            ("How to export?", "Masks need a licence."),
            ("Exporting masks", "Apply online."),
        ];
        assert_eq!(rank("masks", &docs), vec![1, 0]);
        let docs = [("出口许可", "口罩需要许可证"), ("口罩出口许可", "网上申请")];
        assert_eq!(rank("口罩", &docs), vec![1, 0]);
    }

    #[test]
    fn full_coverage_outranks_partial() {
        let docs = [
            ("Mask export", "Mask mask mask"),
            ("Mask licence export", "Apply online"),
            ("Nothing relevant", "Really"),
        ];
        assert_eq!(rank("mask licence", &docs), vec![1, 0]);
    }

    #[test]
    fn rare_terms_weigh_more() {
        let docs = [
            ("Export rules", "General"),
            ("Export subsidy", "General"),
            ("Export licence", "General"),
            ("Export credit", "General"),
        ];
        // "export" is everywhere, "credit" in one document only.
        let q = query_terms("export credit");
        let mut df: HashMap<String, u64> = HashMap::new();
        df.insert("export".into(), 4);
        df.insert("credit".into(), 1);
        let common = score(&q, &tf("Export rules"), &tf(""), &df, 4);
        let rare = score(&q, &tf("Credit rules"), &tf(""), &df, 4);
        assert!(rare > common, "{rare} > {common}");
        assert_eq!(rank("export credit", &docs).first(), Some(&3));
    }

    #[test]
    fn score_edges() {
        let empty: HashMap<String, u32> = HashMap::new();
        let df: HashMap<String, u64> = HashMap::new();
        assert_eq!(score(&[], &tf("mask"), &empty, &df, 10), 0);
        assert_eq!(score(&strings(&["mask"]), &tf("gown"), &empty, &df, 10), 0);
        // Repeated query terms count once; missing or inconsistent statistics do not panic.
        let once = score(&strings(&["mask"]), &tf("mask"), &empty, &df, 0);
        let twice = score(&strings(&["mask", "mask"]), &tf("mask"), &empty, &df, 0);
        assert!(once > 0);
        assert_eq!(once, twice);
        // Deterministic.
        assert_eq!(
            once,
            score(&strings(&["mask"]), &tf("mask"), &empty, &df, 0)
        );
    }
}
