//! The FAQ: entries, their versions per language, the search terms of each entry's current
//! version, and "was this helpful?" votes.

use domain::Id;

use crate::Result;
use crate::db::{Row, Tx, Value, q};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryRecord {
    pub id: Id,
    pub measure: Option<domain::MeasureNo>,
    /// Comma-separated.
    pub tags: String,
    pub status: String,
    pub publish_at: Option<i64>,
    pub version: i64,
    pub source_case: Option<Id>,
    pub helpful: i64,
    pub unhelpful: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLS: &str = "id, measure, tags, status, publish_at, version, source_case, helpful, unhelpful, created_at, updated_at";

fn from_row(r: &Row) -> Result<EntryRecord> {
    Ok(EntryRecord {
        id: r.get("id")?,
        measure: r.get("measure")?,
        tags: r.get("tags")?,
        status: r.get("status")?,
        publish_at: r.get("publish_at")?,
        version: r.get("version")?,
        source_case: r.get("source_case")?,
        helpful: r.get("helpful")?,
        unhelpful: r.get("unhelpful")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
    })
}

pub async fn upsert(tx: &mut Tx, e: &EntryRecord) -> Result<()> {
    tx.execute(
        q(format!("INSERT INTO faq_entries ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO UPDATE SET measure = excluded.measure, tags = excluded.tags, status = excluded.status, publish_at = excluded.publish_at, version = excluded.version, source_case = excluded.source_case, helpful = excluded.helpful, unhelpful = excluded.unhelpful, updated_at = excluded.updated_at"))
            .bind(e.id)
            .bind(e.measure)
            .bind(&e.tags)
            .bind(&e.status)
            .bind(e.publish_at)
            .bind(e.version)
            .bind(e.source_case)
            .bind(e.helpful)
            .bind(e.unhelpful)
            .bind(e.created_at)
            .bind(e.updated_at),
    )
    .await?;
    Ok(())
}

pub async fn get(tx: &mut Tx, id: Id) -> Result<Option<EntryRecord>> {
    tx.fetch_optional(q(format!("SELECT {COLS} FROM faq_entries WHERE id = $1")).bind(id))
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// Entries visible to the public at `now`: published, or scheduled with the time come.
const VISIBLE: &str = "(e.status = 'published' OR (e.status = 'scheduled' AND e.publish_at <= $1))";

/// Entries in `statuses` (all when empty), or only those visible at `now` when `public`;
/// newest first.
pub async fn list(
    tx: &mut Tx,
    public: bool,
    now: i64,
    measure: Option<i64>,
    limit: i64,
) -> Result<Vec<EntryRecord>> {
    let cols = COLS
        .split(", ")
        .map(|c| format!("e.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut args: Vec<Value> = vec![now.into()];
    let mut sql = format!("SELECT {cols} FROM faq_entries e WHERE ($1 = $1)");
    if public {
        sql.push_str(&format!(" AND {VISIBLE}"));
    }
    if let Some(m) = measure {
        args.push(m.into());
        sql.push_str(&format!(" AND e.measure = ${}", args.len()));
    }
    args.push(limit.into());
    sql.push_str(&format!(
        " ORDER BY e.updated_at DESC, e.id LIMIT ${}",
        args.len()
    ));
    let mut query = q(sql);
    for a in args {
        query = query.bind(a);
    }
    tx.fetch_all(query).await?.iter().map(from_row).collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionRecord {
    pub entry_id: Id,
    pub version: i64,
    pub lang: String,
    pub question: String,
    pub answer: String,
    pub editor: String,
    pub note: String,
    pub at: i64,
}

pub async fn insert_version(tx: &mut Tx, v: &VersionRecord) -> Result<()> {
    tx.execute(
        q("INSERT INTO faq_versions (entry_id, version, lang, question, answer, editor, note, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
            .bind(v.entry_id)
            .bind(v.version)
            .bind(&v.lang)
            .bind(&v.question)
            .bind(&v.answer)
            .bind(&v.editor)
            .bind(&v.note)
            .bind(v.at),
    )
    .await?;
    Ok(())
}

fn version_from_row(r: &Row) -> Result<VersionRecord> {
    Ok(VersionRecord {
        entry_id: r.get("entry_id")?,
        version: r.get("version")?,
        lang: r.get("lang")?,
        question: r.get("question")?,
        answer: r.get("answer")?,
        editor: r.get("editor")?,
        note: r.get("note")?,
        at: r.get("at")?,
    })
}

/// Every version of an entry, oldest first.
pub async fn versions(tx: &mut Tx, entry: Id) -> Result<Vec<VersionRecord>> {
    tx.fetch_all(
        q("SELECT entry_id, version, lang, question, answer, editor, note, at FROM faq_versions WHERE entry_id = $1 ORDER BY version, lang")
            .bind(entry),
    )
    .await?
    .iter()
    .map(version_from_row)
    .collect()
}

/// The texts of the given entries at their current versions.
pub async fn current_texts(tx: &mut Tx, ids: &[Id]) -> Result<Vec<VersionRecord>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(300) {
        let params: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let mut query = q(format!(
            "SELECT v.entry_id, v.version, v.lang, v.question, v.answer, v.editor, v.note, v.at FROM faq_versions v JOIN faq_entries e ON e.id = v.entry_id AND e.version = v.version WHERE v.entry_id IN ({})",
            params.join(", ")
        ));
        for id in chunk {
            query = query.bind(*id);
        }
        for r in tx.fetch_all(query).await? {
            out.push(version_from_row(&r)?);
        }
    }
    Ok(out)
}

/// Replaces an entry's search terms: (term, lang, count in question, count in answer).
pub async fn replace_terms(
    tx: &mut Tx,
    entry: Id,
    terms: &[(String, String, u32, u32)],
) -> Result<()> {
    tx.execute(q("DELETE FROM faq_terms WHERE entry_id = $1").bind(entry))
        .await?;
    // Several rows per statement keep a long answer's index to a few round trips.
    for chunk in terms.chunks(200) {
        let mut sql = String::from(
            "INSERT INTO faq_terms (term, entry_id, lang, in_question, in_answer) VALUES ",
        );
        let mut args: Vec<Value> = Vec::new();
        for (i, (term, lang, inq, ina)) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            let n = args.len();
            sql.push_str(&format!(
                "(${}, ${}, ${}, ${}, ${})",
                n + 1,
                n + 2,
                n + 3,
                n + 4,
                n + 5
            ));
            args.push(term.clone().into());
            args.push(entry.into());
            args.push(lang.clone().into());
            args.push(i64::from(*inq).into());
            args.push(i64::from(*ina).into());
        }
        let mut query = q(sql);
        for a in args {
            query = query.bind(a);
        }
        tx.execute(query).await?;
    }
    Ok(())
}

/// A search hit row: (entry, lang, term, count in question, count in answer).
pub type TermHit = (Id, String, String, i64, i64);

/// A term's strongest postings among visible entries (question counts first), at most
/// `limit`: ranking only the top of each term's list keeps a search bounded however common a
/// word is.
pub async fn postings(tx: &mut Tx, term: &str, now: i64, limit: i64) -> Result<Vec<TermHit>> {
    tx.fetch_all(
        q(format!(
            "SELECT t.entry_id, t.lang, t.term, t.in_question, t.in_answer FROM faq_terms t JOIN faq_entries e ON e.id = t.entry_id WHERE t.term = $2 AND {VISIBLE} ORDER BY t.in_question DESC, t.in_answer DESC LIMIT $3"
        ))
        .bind(now)
        .bind(term)
        .bind(limit),
    )
    .await?
    .iter()
    .map(|r| {
        Ok((
            r.get("entry_id")?,
            r.get("lang")?,
            r.get("term")?,
            r.get("in_question")?,
            r.get("in_answer")?,
        ))
    })
    .collect()
}

/// How many documents (entry × language) hold `term`, counted up to 50,000.
pub async fn doc_freq(tx: &mut Tx, term: &str) -> Result<i64> {
    tx.fetch_one(
        q("SELECT CAST(count(*) AS BIGINT) AS n FROM (SELECT 1 FROM faq_terms WHERE term = $1 LIMIT 50000) p")
            .bind(term),
    )
    .await?
    .get("n")
}

/// The number of searchable documents (entry × language) visible at `now`.
pub async fn visible_docs(tx: &mut Tx, now: i64) -> Result<i64> {
    tx.fetch_one(q(format!(
        "SELECT CAST(count(*) AS BIGINT) AS n FROM faq_versions v JOIN faq_entries e ON e.id = v.entry_id AND e.version = v.version WHERE {VISIBLE}"
    )).bind(now))
    .await?
    .get("n")
}

/// Several entries by id, in no particular order.
pub async fn get_many(tx: &mut Tx, ids: &[Id]) -> Result<Vec<EntryRecord>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let params: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let mut query = q(format!(
        "SELECT {COLS} FROM faq_entries WHERE id IN ({})",
        params.join(", ")
    ));
    for id in ids {
        query = query.bind(*id);
    }
    tx.fetch_all(query).await?.iter().map(from_row).collect()
}

/// Records a vote; a voter's later vote on the same entry replaces the earlier one.
/// Returns the entry's (helpful, unhelpful) totals.
pub async fn vote(
    tx: &mut Tx,
    entry: Id,
    voter: &str,
    helpful: bool,
    at: i64,
) -> Result<(i64, i64)> {
    tx.execute(
        q("INSERT INTO faq_votes (entry_id, voter, helpful, at) VALUES ($1, $2, $3, $4) ON CONFLICT (entry_id, voter) DO UPDATE SET helpful = excluded.helpful, at = excluded.at")
            .bind(entry)
            .bind(voter)
            .bind(helpful)
            .bind(at),
    )
    .await?;
    let r = tx
        .fetch_one(
            q("SELECT CAST(COALESCE(SUM(CASE WHEN helpful THEN 1 ELSE 0 END), 0) AS BIGINT) AS yes, CAST(COALESCE(SUM(CASE WHEN helpful THEN 0 ELSE 1 END), 0) AS BIGINT) AS no FROM faq_votes WHERE entry_id = $1")
                .bind(entry),
        )
        .await?;
    let (yes, no): (i64, i64) = (r.get("yes")?, r.get("no")?);
    tx.execute(
        q("UPDATE faq_entries SET helpful = $2, unhelpful = $3 WHERE id = $1")
            .bind(entry)
            .bind(yes)
            .bind(no),
    )
    .await?;
    Ok((yes, no))
}

/// Entries with unhelpful votes, most first.
pub async fn most_unhelpful(tx: &mut Tx, limit: i64) -> Result<Vec<EntryRecord>> {
    tx.fetch_all(
        q(format!("SELECT {COLS} FROM faq_entries WHERE unhelpful > 0 ORDER BY unhelpful DESC, helpful, id LIMIT $1"))
            .bind(limit),
    )
    .await?
    .iter()
    .map(from_row)
    .collect()
}
