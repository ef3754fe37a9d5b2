//! Counting cases: the total of a staff list from `case_counts`, and the district
//! dashboard's counts by category and status and of overdue follow-ups.

use domain::DistrictCode;
use domain::cases::Status;

use crate::Result;
use crate::cases::{CaseFilter, CaseScope, scope_sql};
use crate::db::{Tx, Value, q};

/// The total from `case_counts` (kept by triggers) when the list is filtered by status and
/// division only, as staff lists and boards are; `None` when the cases must be counted.
pub(crate) async fn counted_total(
    tx: &mut Tx,
    scope: &CaseScope,
    f: &CaseFilter,
) -> Result<Option<i64>> {
    // The division whose counted cases are the answer, and the division whose jointly handled
    // cases (routed elsewhere) must be counted on top.
    let (division, joint) = match (scope, &f.division) {
        (CaseScope::All, d) => (*d, None),
        (CaseScope::Division(s), None) => (Some(*s), Some(*s)),
        (CaseScope::Division(s) | CaseScope::Routed(s), Some(d)) if s == d => (Some(*d), None),
        (CaseScope::Routed(s), None) => (Some(*s), None),
        _ => return Ok(None),
    };
    let CaseFilter {
        open,
        status,
        division: _,
        assignee: None,
        enterprise: None,
        follow_up_before: None,
        kind: None,
        significant: None,
        awaiting_decision: false,
        measure: None,
        district: None,
        text: None,
        sort: _,
    } = f
    else {
        return Ok(None);
    };
    let mut args: Vec<Value> = Vec::new();
    let mut sql = String::from(
        "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) AS n FROM case_counts WHERE 1 = 1",
    );
    if let Some(open) = open {
        sql.push_str(&format!(" AND status IN {}", Status::sql_list(*open)));
    }
    if let Some(s) = status {
        args.push((*s).into());
        sql.push_str(&format!(" AND status = ${}", args.len()));
    }
    if let Some(d) = division {
        args.push(d.into());
        sql.push_str(&format!(" AND division = ${}", args.len()));
    }
    let mut query = q(sql);
    for a in args {
        query = query.bind(a);
    }
    let counted: i64 = tx.fetch_one(query).await?.get("n")?;
    let Some(d) = joint else {
        return Ok(Some(counted));
    };
    // The measures shared (a few rows of the table), then the cases about them by the
    // expression index: a division that shares none (FT, GLA, OIEC) pays one tiny query.
    let mut shared_q = q(format!(
        "SELECT DISTINCT w.measure FROM work_distribution w WHERE w.division = $1 AND {}",
        crate::cases::SHARED_ROW
    ));
    shared_q = shared_q.bind(d);
    let measures: Vec<domain::MeasureNo> = tx
        .fetch_all(shared_q)
        .await?
        .iter()
        .map(|r| r.get("measure"))
        .collect::<Result<_>>()?;
    if measures.is_empty() {
        return Ok(Some(counted));
    }
    let mut args: Vec<Value> = vec![d.into()];
    let marks: Vec<String> = measures
        .iter()
        .map(|m| {
            args.push((*m).into());
            format!("${}", args.len())
        })
        .collect();
    let mut sql = format!(
        "SELECT count(*) AS n FROM cases c WHERE c.division <> $1 AND COALESCE(c.topic, c.measure) IN ({})",
        marks.join(", ")
    );
    if let Some(open) = open {
        sql.push_str(&format!(" AND c.status IN {}", Status::sql_list(*open)));
    }
    if let Some(s) = status {
        args.push((*s).into());
        sql.push_str(&format!(" AND c.status = ${}", args.len()));
    }
    let mut query = q(sql);
    for a in args {
        query = query.bind(a);
    }
    let shared: i64 = tx.fetch_one(query).await?.get("n")?;
    Ok(Some(counted + shared))
}

/// Difficulty counts by (category, status) within a scope.
pub async fn counts_by_category(
    tx: &mut Tx,
    scope: &CaseScope,
    kind: &str,
) -> Result<Vec<(String, Status, i64)>> {
    let mut args: Vec<Value> = vec![kind.into()];
    let sql = format!(
        "SELECT coalesce(c.category, 'other') AS category, c.status, count(*) AS n FROM cases c WHERE c.kind = $1{} GROUP BY coalesce(c.category, 'other'), c.status",
        scope_sql(scope, &mut args)
    );
    let mut query = q(sql);
    for a in args {
        query = query.bind(a);
    }
    tx.fetch_all(query)
        .await?
        .iter()
        .map(|r| Ok((r.get("category")?, r.get("status")?, r.get("n")?)))
        .collect()
}

/// Open cases whose follow-up date is before `date`, by the enterprise's district.
pub async fn overdue_by_district(
    tx: &mut Tx,
    scope: &CaseScope,
    date: jiff::civil::Date,
) -> Result<Vec<(DistrictCode, i64)>> {
    let mut args: Vec<Value> = vec![date.into()];
    let sql = format!(
        "SELECT e.district, count(*) AS n FROM cases c JOIN enterprises e ON e.uscc = c.enterprise WHERE c.status IN {} AND c.next_follow_up IS NOT NULL AND c.next_follow_up < $1{} GROUP BY e.district ORDER BY e.district",
        Status::sql_list(true),
        scope_sql(scope, &mut args)
    );
    let mut query = q(sql);
    for a in args {
        query = query.bind(a);
    }
    tx.fetch_all(query)
        .await?
        .iter()
        .map(|r| Ok((r.get("district")?, r.get("n")?)))
        .collect()
}
