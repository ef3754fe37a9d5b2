//! FAQ search in four languages (Chinese, Japanese and Korean by two-character words), ranked
//! by relevance over every language of an entry; the counts the ranking needs are cached briefly.

use std::collections::{BTreeMap, HashMap};

use domain::Id;
use domain::search::{query_terms, score, terms};
use store::faq::EntryRecord;

use crate::{App, Result};

use super::{PublicEntry, Text, group_texts, public_entry};

/// The search terms of an entry's texts: (term, lang, count in question, count in answer).
pub(super) fn index_terms(texts: &[Text]) -> Vec<(String, String, u32, u32)> {
    let mut out = Vec::new();
    for t in texts {
        let mut by_term: BTreeMap<String, (u32, u32)> = BTreeMap::new();
        for (term, n) in terms(&t.question) {
            by_term.entry(term).or_default().0 += n;
        }
        for (term, n) in terms(&t.answer) {
            by_term.entry(term).or_default().1 += n;
        }
        out.extend(
            by_term
                .into_iter()
                .map(|(term, (q, a))| (term, t.lang.clone(), q, a)),
        );
    }
    out
}

/// Published entries matching `query` in any language, best first, shown in `lang`.
pub async fn search(app: &App, query: &str, lang: &str, limit: usize) -> Result<Vec<PublicEntry>> {
    let q = query_terms(query);
    if q.is_empty() {
        return Ok(Vec::new());
    }
    let now = app.now();
    let mut rd = app.db.read().await?;
    const PER_TERM: i64 = 300;
    let mut hits = Vec::new();
    let mut doc_freq: HashMap<String, u64> = HashMap::new();
    for term in &q {
        let p = store::faq::postings(&mut rd, term, now, PER_TERM).await?;
        // A short list is the whole list; a long one is counted (and the count kept a while).
        let n = if (p.len() as i64) < PER_TERM {
            p.len() as i64
        } else {
            cached_doc_freq(app, &mut rd, term).await?
        };
        doc_freq.insert(term.clone(), n.max(0) as u64);
        hits.extend(p);
    }
    let total = visible_docs(app, &mut rd, now).await?;
    // Per document (entry × language): the term counts.
    type Tf = (HashMap<String, u32>, HashMap<String, u32>);
    let mut docs: HashMap<(Id, String), Tf> = HashMap::new();
    for (entry, l, term, inq, ina) in hits {
        let d = docs.entry((entry, l)).or_default();
        d.0.insert(term.clone(), inq.max(0) as u32);
        d.1.insert(term, ina.max(0) as u32);
    }
    // An entry scores by its best language.
    let mut best: HashMap<Id, i64> = HashMap::new();
    for ((entry, _), (qtf, atf)) in &docs {
        let s = score(&q, qtf, atf, &doc_freq, total.max(0) as u64);
        let b = best.entry(*entry).or_insert(0);
        *b = (*b).max(s);
    }
    let mut ranked: Vec<(Id, i64)> = best.into_iter().filter(|(_, s)| *s > 0).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.truncate(limit);
    let ids: Vec<Id> = ranked.iter().map(|(id, _)| *id).collect();
    let texts = group_texts(store::faq::current_texts(&mut rd, &ids).await?);
    let entries: HashMap<Id, EntryRecord> = store::faq::get_many(&mut rd, &ids)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    Ok(ids
        .iter()
        .filter_map(|id| {
            let e = entries.get(id)?;
            public_entry(e, texts.get(id).map(Vec::as_slice).unwrap_or(&[]), lang)
        })
        .collect())
}

/// The number of searchable documents, for the ranking's idf; counted at most every 30 s
/// (a slightly old count only shifts every score alike).
async fn visible_docs(app: &App, rd: &mut store::Tx, now: i64) -> Result<i64> {
    if let Ok(g) = app.faq_docs.lock()
        && let Some((at, n)) = *g
        && at.elapsed() < std::time::Duration::from_secs(30)
    {
        return Ok(n);
    }
    let n = store::faq::visible_docs(rd, now).await?;
    if let Ok(mut g) = app.faq_docs.lock() {
        *g = Some((std::time::Instant::now(), n));
    }
    Ok(n)
}

/// A common word's document frequency, counted at most every 30 s.
async fn cached_doc_freq(app: &App, rd: &mut store::Tx, term: &str) -> Result<i64> {
    if let Ok(g) = app.faq_df.lock()
        && let Some((at, n)) = g.get(term)
        && at.elapsed() < std::time::Duration::from_secs(30)
    {
        return Ok(*n);
    }
    let n = store::faq::doc_freq(rd, term).await?;
    if let Ok(mut g) = app.faq_df.lock() {
        if g.len() > 10_000 {
            g.clear();
        }
        g.insert(term.to_owned(), (std::time::Instant::now(), n));
    }
    Ok(n)
}
