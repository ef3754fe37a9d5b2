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
