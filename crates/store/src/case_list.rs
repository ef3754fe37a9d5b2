//! The staff case list: filters, sort orders with keyset cursors, the workload per assignee,
//! and the people a case may be assigned to. Every query carries the caller's scope.

use domain::cases::Status;
use domain::{DistrictCode, DivisionCode, Id, MeasureNo, Role, Uscc};

use crate::case_counts::counted_total;
use crate::cases::{COLS, CaseRecord, CaseScope, from_row, scope_sql};
use crate::db::{Tx, Value, q};
use crate::list::{ListQuery, like_contains, paged_counted};
use crate::users::UserRecord;
use crate::{Page, Result};

#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    /// `Some(true)`: open cases only; `Some(false)`: resolved or closed only.
    pub open: Option<bool>,
    pub status: Option<Status>,
    pub division: Option<DivisionCode>,
    pub assignee: Option<Id>,
    pub enterprise: Option<Uscc>,
    /// Open cases whose next follow-up date is before this date (YYYY-MM-DD).
    pub follow_up_before: Option<jiff::civil::Date>,
    pub kind: Option<String>,
    pub significant: Option<bool>,
    /// Escalated cases still waiting for their targeted-solution decision.
    pub awaiting_decision: bool,
    pub measure: Option<MeasureNo>,
    /// Cases of enterprises registered in this district.
    pub district: Option<DistrictCode>,
    /// Words in the subject or the body (case-insensitive, anywhere).
    pub text: Option<String>,
    pub sort: CaseSort,
}

/// What a case list is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Created,
    Updated,
    /// The next follow-up date; cases without one come last in either direction.
    FollowUp,
}

impl SortKey {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "created" => Some(SortKey::Created),
            "updated" => Some(SortKey::Updated),
            "follow_up" => Some(SortKey::FollowUp),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Created => "created",
            SortKey::Updated => "updated",
            SortKey::FollowUp => "follow_up",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseSort {
    pub key: SortKey,
    pub desc: bool,
}

impl Default for CaseSort {
    /// Newest first.
    fn default() -> Self {
        CaseSort {
            key: SortKey::Created,
            desc: true,
        }
    }
}

impl CaseSort {
    /// The sorted expression (ids are UUIDv7, so they order by creation).
    fn expr(self) -> Option<&'static str> {
        match (self.key, self.desc) {
            (SortKey::Created, _) => None,
            (SortKey::Updated, _) => Some("c.updated_at"),
            // The empty string sorts first, so last when descending; 9999-12-31 last ascending.
            (SortKey::FollowUp, true) => Some("COALESCE(c.next_follow_up, '')"),
            (SortKey::FollowUp, false) => Some("COALESCE(c.next_follow_up, '9999-12-31')"),
        }
    }

    fn key_of(self, c: &CaseRecord) -> Option<String> {
        match self.key {
            SortKey::Created => None,
            SortKey::Updated => Some(c.updated_at.to_string()),
            SortKey::FollowUp => Some(
                c.next_follow_up
                    .map(domain::dates::show_date)
                    .unwrap_or_else(|| {
                        if self.desc {
                            String::new()
                        } else {
                            "9999-12-31".into()
                        }
                    }),
            ),
        }
    }

    fn cursor_of(self, c: &CaseRecord) -> String {
        match self.key_of(c) {
            Some(k) => format!("{k}~{}", c.id),
            None => c.id.to_string(),
        }
    }
}

/// Where the previous page of a sorted list ended.
#[derive(Debug, Clone)]
pub struct Cursor {
    key: Option<Value>,
    id: Id,
}

impl Cursor {
    /// Reads a `next_cursor` of a list in `sort` order; `None` when it is not one.
    pub fn parse(sort: CaseSort, s: &str) -> Option<Cursor> {
        match sort.key {
            SortKey::Created => Some(Cursor {
                key: None,
                id: uuid::Uuid::parse_str(s).ok()?,
            }),
            SortKey::Updated => {
                let (k, id) = s.rsplit_once('~')?;
                Some(Cursor {
                    key: Some(k.parse::<i64>().ok()?.into()),
                    id: uuid::Uuid::parse_str(id).ok()?,
                })
            }
            SortKey::FollowUp => {
                let (k, id) = s.rsplit_once('~')?;
                Some(Cursor {
                    key: Some(k.to_owned().into()),
                    id: uuid::Uuid::parse_str(id).ok()?,
                })
            }
        }
    }
}

fn filter_sql(scope: &CaseScope, f: &CaseFilter, args: &mut Vec<Value>) -> String {
    let mut where_ = format!(" WHERE 1 = 1{}", scope_sql(scope, args));
    // An IN list (not NOT IN) so that the (status, id) index serves open-case lists.
    if let Some(open) = f.open {
        where_.push_str(&format!(" AND c.status IN {}", Status::sql_list(open)));
    }
    let mut eq = |col: &str, v: Option<Value>, args: &mut Vec<Value>| {
        if let Some(v) = v {
            args.push(v);
            where_.push_str(&format!(" AND c.{col} = ${}", args.len()));
        }
    };
    eq("status", f.status.map(Into::into), args);
    eq("division", f.division.map(Into::into), args);
    eq("assignee_id", f.assignee.map(Into::into), args);
    eq("enterprise", f.enterprise.clone().map(Into::into), args);
    eq("kind", f.kind.clone().map(Into::into), args);
    eq("significant", f.significant.map(Into::into), args);
    eq("measure", f.measure.map(Into::into), args);
    if let Some(d) = &f.district {
        args.push(d.clone().into());
        where_.push_str(&format!(
            " AND c.enterprise IN (SELECT e.uscc FROM enterprises e WHERE e.district = ${})",
            args.len()
        ));
    }
    if let Some(t) = f.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        args.push(like_contains(t).into());
        let n = args.len();
        where_.push_str(&format!(
            " AND (lower(c.subject) LIKE ${n} ESCAPE '\\' OR lower(c.body) LIKE ${n} ESCAPE '\\')"
        ));
    }
    if let Some(d) = f.follow_up_before {
        args.push(d.into());
        where_.push_str(&format!(
            " AND c.status IN {} AND c.next_follow_up IS NOT NULL AND c.next_follow_up < ${}",
            Status::sql_list(true),
            args.len()
        ));
    }
    if f.awaiting_decision {
        args.push(true.into());
        where_.push_str(&format!(" AND c.significant = ${} AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.case_id = c.id)", args.len()));
    }
    where_
}

/// One page of the cases in scope that pass the filter, in the filter's sort order.
pub async fn list(
    tx: &mut Tx,
    scope: &CaseScope,
    f: &CaseFilter,
    limit: i64,
    after: Option<Cursor>,
) -> Result<Page<CaseRecord>> {
    let mut args = Vec::new();
    let mut where_ = filter_sql(scope, f, &mut args);
    let total = match counted_total(tx, scope, f).await? {
        Some(n) => n,
        None => {
            let mut count = q(format!("SELECT count(*) AS n FROM cases c{where_}"));
            for a in &args {
                count = count.bind(a.clone());
            }
            tx.fetch_one(count).await?.get::<i64>("n")?
        }
    };
    let sort = f.sort;
    let (cmp, dir) = if sort.desc {
        ("<", "DESC")
    } else {
        (">", "ASC")
    };
    if let Some(c) = after {
        args.push(c.id.into());
        let id = args.len();
        match (sort.expr(), c.key) {
            (Some(e), Some(k)) => {
                args.push(k);
                let k = args.len();
                where_.push_str(&format!(
                    " AND ({e} {cmp} ${k} OR ({e} = ${k} AND c.id {cmp} ${id}))"
                ));
            }
            _ => where_.push_str(&format!(" AND c.id {cmp} ${id}")),
        }
    }
    let order = match sort.expr() {
        Some(e) => format!("{e} {dir}, c.id {dir}"),
        None => format!("c.id {dir}"),
    };
    let cols = COLS
        .split(", ")
        .map(|c| format!("c.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let lq = ListQuery {
        cols: &cols,
        from: "cases c",
        where_,
        args,
        after: None,
        order: &order,
        limit,
    };
    paged_counted(tx, lq, Some(total), from_row, |c: &CaseRecord| {
        sort.cursor_of(c)
    })
    .await
}

/// Open cases of one assignee (or of nobody) within a scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkloadRow {
    pub assignee_id: Option<Id>,
    pub name: Option<String>,
    pub open: i64,
    /// Of those, the ones whose follow-up date is before `today`.
    pub overdue: i64,
}

/// Open cases per assignee within `scope`, the busiest first (unassigned cases as one row).
pub async fn workload(
    tx: &mut Tx,
    scope: &CaseScope,
    today: jiff::civil::Date,
) -> Result<Vec<WorkloadRow>> {
    let mut args: Vec<Value> = vec![today.into()];
    let sql = format!(
        "SELECT c.assignee_id, u.name, CAST(count(*) AS BIGINT) AS n, CAST(SUM(CASE WHEN c.next_follow_up IS NOT NULL AND c.next_follow_up < $1 THEN 1 ELSE 0 END) AS BIGINT) AS overdue FROM cases c LEFT JOIN users u ON u.id = c.assignee_id WHERE c.status IN {}{} GROUP BY c.assignee_id, u.name ORDER BY n DESC, u.name",
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
        .map(|r| {
            Ok(WorkloadRow {
                assignee_id: r.get("assignee_id")?,
                name: r.get("name")?,
                open: r.get("n")?,
                overdue: r.get("overdue")?,
            })
        })
        .collect()
}

/// The active accounts that may be given a case of `division` (and `enterprise`): leaders,
/// the division's chiefs and staff, and the enterprise's designated district official.
pub async fn assignable(
    tx: &mut Tx,
    division: DivisionCode,
    enterprise: Option<&Uscc>,
) -> Result<Vec<UserRecord>> {
    let sql = format!(
        "SELECT {} FROM users WHERE disabled = $1 AND (role = '{}' OR (role IN ('{}', '{}') AND division = $2) OR (role = '{}' AND id IN (SELECT official_id FROM enterprises WHERE uscc = $3))) ORDER BY name, id",
        crate::users::COLS,
        Role::Leader.as_str(),
        Role::DivisionChief.as_str(),
        Role::DivisionStaff.as_str(),
        Role::DistrictOfficial.as_str(),
    );
    tx.fetch_all(
        q(sql)
            .bind(false)
            .bind(division)
            .bind(enterprise.map(|u| u.as_str().to_owned())),
    )
    .await?
    .iter()
    .map(UserRecord::from_row)
    .collect()
}

/// The names of these accounts (for lists that show people, not ids).
pub async fn names(tx: &mut Tx, ids: &[Id]) -> Result<Vec<(Id, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let mut query = q(format!(
        "SELECT id, name FROM users WHERE id IN ({})",
        marks.join(", ")
    ));
    for id in ids {
        query = query.bind(*id);
    }
    tx.fetch_all(query)
        .await?
        .iter()
        .map(|r| Ok((r.get("id")?, r.get("name")?)))
        .collect()
}
