//! Lists and values: one page of a filtered list with its total, search patterns, and the
//! conversion of column values into Rust types.

use crate::Result;
use crate::db::{Row, Tx, Value, q};

/// Converts a column value into a Rust type.
pub trait FromValue: Sized {
    fn from_value(v: &Value) -> Option<Self>;
}
impl FromValue for i64 {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::I64(i) => Some(*i),
            Value::Bool(b) => Some(i64::from(*b)),
            _ => None,
        }
    }
}
impl FromValue for bool {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Bool(b) => Some(*b),
            Value::I64(i) => Some(*i != 0),
            _ => None,
        }
    }
}
impl FromValue for String {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Text(s) => Some(s.clone()),
            _ => None,
        }
    }
}
impl FromValue for uuid::Uuid {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Text(s) => uuid::Uuid::parse_str(s).ok(),
            _ => None,
        }
    }
}
impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Null(_) => Some(None),
            other => T::from_value(other).map(Some),
        }
    }
}

/// One page of a filtered list, and the count of the whole (scoped) list.
pub(crate) struct ListQuery<'a> {
    /// The selected columns.
    pub cols: &'a str,
    /// The table (with an alias if the filter uses one).
    pub from: &'a str,
    /// ` WHERE …` with `$1…$n` bound by `args` (the scope predicate and the filters).
    pub where_: String,
    pub args: Vec<Value>,
    /// Where the previous page ended: a condition such as `id >`, and the cursor value.
    pub after: Option<(&'a str, Value)>,
    pub order: &'a str,
    pub limit: i64,
}

/// Runs `count(*)` and one page of `limit` rows (fetching one more to know whether a next page
/// exists); `cursor` names the last row of a full page.
pub(crate) async fn paged<T>(
    tx: &mut Tx,
    lq: ListQuery<'_>,
    map: impl Fn(&Row) -> Result<T>,
    cursor: impl Fn(&T) -> String,
) -> Result<crate::Page<T>> {
    paged_counted(tx, lq, None, map, cursor).await
}

/// As [`paged`], with the total already known (from a table of counts) instead of counted.
pub(crate) async fn paged_counted<T>(
    tx: &mut Tx,
    lq: ListQuery<'_>,
    known_total: Option<i64>,
    map: impl Fn(&Row) -> Result<T>,
    cursor: impl Fn(&T) -> String,
) -> Result<crate::Page<T>> {
    let ListQuery {
        cols,
        from,
        where_,
        mut args,
        after,
        order,
        limit,
    } = lq;
    let total = match known_total {
        Some(n) => n,
        None => {
            let mut count = q(format!("SELECT count(*) AS n FROM {from}{where_}"));
            for a in &args {
                count = count.bind(a.clone());
            }
            tx.fetch_one(count).await?.get::<i64>("n")?
        }
    };
    let mut sql = format!("SELECT {cols} FROM {from}{where_}");
    if let Some((cond, value)) = after {
        args.push(value);
        sql.push_str(&format!(" AND {cond} ${}", args.len()));
    }
    // The limit is written into the statement, not bound: SQLite plans with a bound LIMIT's
    // value, so binding it made every run prepare the statement again.
    sql.push_str(&format!(" ORDER BY {order} LIMIT {}", limit + 1));
    let mut page = q(sql);
    for a in args {
        page = page.bind(a);
    }
    let mut items = tx
        .fetch_all(page)
        .await?
        .iter()
        .map(map)
        .collect::<Result<Vec<_>>>()?;
    let next_cursor = if items.len() as i64 > limit {
        items.truncate(limit as usize);
        items.last().map(cursor)
    } else {
        None
    };
    Ok(crate::Page {
        items,
        next_cursor,
        total,
    })
}

/// `text` with `%`, `_` and the backslash escaped for a `LIKE … ESCAPE '\\'` pattern.
pub(crate) fn like_prefix(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// A `LIKE … ESCAPE` pattern matching `text` anywhere, lower-cased; `%`, `_` and the backslash are taken literally.
pub(crate) fn like_contains(text: &str) -> String {
    format!(
        "%{}%",
        text.to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    )
}
