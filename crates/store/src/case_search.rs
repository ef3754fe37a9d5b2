//! Finding cases: by arrival (for reports), by a messaging-group sender, and by the words of
//! an inquiry (`case_terms`).

use domain::Id;
use domain::cases::Status;

use crate::Result;
use crate::cases::{COLS, CaseRecord, CaseScope, from_row, scope_sql};
use crate::db::{Tx, Value, q};

/// Cases the scope sees that arrived in `[from, to)` (only open ones when `open_only`),
/// oldest first (for reports and the board).
pub async fn created_between(
    tx: &mut Tx,
    scope: &CaseScope,
    from: i64,
    to: i64,
    open_only: bool,
) -> Result<Vec<CaseRecord>> {
    let mut args: Vec<Value> = vec![from.into(), to.into()];
    let open = if open_only {
        format!(" AND c.status IN {}", Status::sql_list(true))
    } else {
        String::new()
    };
    let cols = COLS
        .split(", ")
        .map(|c| format!("c.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT {cols} FROM cases c WHERE c.created_at >= $1 AND c.created_at < $2{open}{} ORDER BY c.created_at, c.id",
        scope_sql(scope, &mut args)
    );
    let mut query = q(sql);
    for a in args {
        query = query.bind(a);
    }
    // A report's or the board's read of a month of cases.
    tx.fetch_all_long(query)
        .await?
        .iter()
        .map(from_row)
        .collect()
}

/// Adds search terms to a case (those it already has are kept once).
pub async fn add_terms(tx: &mut Tx, case_id: Id, terms: &[String]) -> Result<()> {
    for chunk in terms.chunks(300) {
        let mut sql = String::from("INSERT INTO case_terms (term, case_id) VALUES ");
        let mut args: Vec<Value> = Vec::new();
        for (i, t) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("(${}, ${})", args.len() + 1, args.len() + 2));
            args.push(t.clone().into());
            args.push(case_id.into());
        }
        sql.push_str(" ON CONFLICT (term, case_id) DO NOTHING");
        let mut query = q(sql);
        for a in args {
            query = query.bind(a);
        }
        tx.execute(query).await?;
    }
    Ok(())
}

/// The newest cases in scope holding every one of `terms`, at most `limit`.
///
/// The walk starts from the rarest term's postings (newest first, in index order) and checks
/// the others per case, so that a common word does not make the search scan the store.
pub async fn search(
    tx: &mut Tx,
    scope: &CaseScope,
    terms: &[String],
    limit: i64,
) -> Result<Vec<CaseRecord>> {
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    // Posting sizes, capped: enough to pick the rarest.
    let mut sized = Vec::new();
    for t in terms {
        let n: i64 = tx
            .fetch_one(
                q("SELECT CAST(count(*) AS BIGINT) AS n FROM (SELECT 1 FROM case_terms WHERE term = $1 LIMIT 20000) p")
                    .bind(t.clone()),
            )
            .await?
            .get("n")?;
        if n == 0 {
            return Ok(Vec::new());
        }
        sized.push((n, t.clone()));
    }
    sized.sort();
    let mut args: Vec<Value> = vec![sized[0].1.clone().into()];
    let mut where_ = String::from("t0.term = $1");
    for (_, t) in &sized[1..] {
        args.push(t.clone().into());
        where_.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM case_terms tx WHERE tx.term = ${} AND tx.case_id = t0.case_id)",
            args.len()
        ));
    }
    let scope = scope_sql(scope, &mut args);
    args.push(limit.into());
    let cols = COLS
        .split(", ")
        .map(|c| format!("c.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT {cols} FROM case_terms t0 JOIN cases c ON c.id = t0.case_id WHERE {where_}{scope} ORDER BY t0.case_id DESC LIMIT ${}",
        args.len()
    );
    let mut query = q(sql);
    for a in args {
        query = query.bind(a);
    }
    tx.fetch_all(query).await?.iter().map(from_row).collect()
}

/// The newest open case of a messaging-group sender.
pub async fn open_of_sender(tx: &mut Tx, sender_key: &str) -> Result<Option<CaseRecord>> {
    tx.fetch_optional(
        q(format!("SELECT {COLS} FROM cases WHERE sender_key = $1 AND status IN {} ORDER BY created_at DESC LIMIT 1", Status::sql_list(true)))
            .bind(sender_key),
    )
    .await?
    .as_ref()
    .map(from_row)
    .transpose()
}
