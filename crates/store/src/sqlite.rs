//! SQLite driven in-process (rusqlite): statements with `$N` arguments, rows as [`Value`]s,
//! error mapping, and the pool of read-only connections.
//!
//! Statements run on the calling task, without a hand-off to a connection thread: Lifeline's
//! statements are point reads, short lists and small writes, a few microseconds to a few
//! milliseconds of SQLite each, and the two thread switches per statement (and per row) of a
//! connection thread cost more than most of them. The price: a long statement (an export of
//! the whole registry) holds its runtime worker until it ends.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, OpenFlags};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::db::{Kind, Row, Value};
use crate::{Result, StoreError};

/// Prepared statements kept per connection (queries are built per filter, so there are more
/// distinct texts than rusqlite's default of 16).
pub(crate) const STATEMENT_CACHE: usize = 256;

/// A read connection is closed rather than reused after this long, so that it picks up the
/// planner statistics that `PRAGMA optimize` refreshed.
const READER_LIFETIME: Duration = Duration::from_secs(30 * 60);

/// How long a request waits for a read connection before it is told the store is busy.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);

/// Runs one statement to its end (also one that returns rows); the number of rows changed.
pub(crate) fn execute(conn: &Connection, sql: &str, args: &[Value]) -> Result<u64> {
    let mut st = conn.prepare_cached(sql)?;
    bind(&mut st, args)?;
    let mut rows = st.raw_query();
    while rows.next()?.is_some() {}
    Ok(conn.changes())
}

/// Runs one query; its rows, by column name.
pub(crate) fn fetch_all(conn: &Connection, sql: &str, args: &[Value]) -> Result<Vec<Row>> {
    let mut st = conn.prepare_cached(sql)?;
    bind(&mut st, args)?;
    let names: Vec<String> = st.column_names().iter().map(|n| (*n).to_owned()).collect();
    let mut rows = st.raw_query();
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let mut cols = Vec::with_capacity(names.len());
        for (i, name) in names.iter().enumerate() {
            let v = match r.get_ref(i)? {
                ValueRef::Null => Value::Null(Kind::Text),
                ValueRef::Integer(n) => Value::I64(n),
                ValueRef::Text(t) => Value::Text(
                    std::str::from_utf8(t)
                        .map_err(|_| StoreError::Other(format!("column {name} is not UTF-8 text")))?
                        .to_owned(),
                ),
                ValueRef::Real(_) | ValueRef::Blob(_) => {
                    return Err(StoreError::Other(format!(
                        "column {name} has an unsupported type"
                    )));
                }
            };
            cols.push((name.clone(), v));
        }
        out.push(Row::from_cols(cols));
    }
    Ok(out)
}

/// Binds `args` to `st`: `$N` (or `?N`) is the N-th argument, as in sqlx's SQLite driver.
fn bind(st: &mut rusqlite::CachedStatement<'_>, args: &[Value]) -> Result<()> {
    for i in 1..=st.parameter_count() {
        let n = st
            .parameter_name(i)
            .and_then(|name| name.get(1..))
            .and_then(|digits| digits.parse::<usize>().ok())
            .filter(|n| *n >= 1)
            .unwrap_or(i);
        let v = args.get(n - 1).ok_or_else(|| {
            StoreError::Other(format!(
                "parameter ${n} has no argument ({} given)",
                args.len()
            ))
        })?;
        let out = match v {
            Value::Null(_) => ToSqlOutput::Owned(rusqlite::types::Value::Null),
            Value::I64(x) => ToSqlOutput::Owned(rusqlite::types::Value::Integer(*x)),
            Value::Bool(b) => ToSqlOutput::Owned(rusqlite::types::Value::Integer(i64::from(*b))),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        };
        st.raw_bind_parameter(i, out)?;
    }
    Ok(())
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ffi;
        match &e {
            rusqlite::Error::QueryReturnedNoRows => StoreError::NotFound,
            rusqlite::Error::SqliteFailure(f, msg) => match f.extended_code {
                ffi::SQLITE_CONSTRAINT_UNIQUE
                | ffi::SQLITE_CONSTRAINT_PRIMARYKEY
                | ffi::SQLITE_CONSTRAINT_FOREIGNKEY
                | ffi::SQLITE_CONSTRAINT_CHECK
                | ffi::SQLITE_CONSTRAINT_NOTNULL => StoreError::Conflict {
                    constraint: msg.clone().unwrap_or_else(|| f.to_string()),
                },
                _ if f.code == rusqlite::ErrorCode::DatabaseBusy
                    || f.code == rusqlite::ErrorCode::DatabaseLocked =>
                {
                    StoreError::Unavailable(e.to_string())
                }
                _ => StoreError::Other(e.to_string()),
            },
            _ => StoreError::Other(e.to_string()),
        }
    }
}

/// The read-only connections: at most `max` at once, opened when first needed.
pub(crate) struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<(Connection, Instant)>>,
    permits: Arc<Semaphore>,
    max: usize,
    /// Connections open now, in use or idle (for metrics).
    opened: AtomicUsize,
}

/// A read connection, returned to the pool when dropped.
pub(crate) struct ReadConn {
    conn: Option<(Connection, Instant)>,
    pool: Arc<Readers>,
    _permit: OwnedSemaphorePermit,
}

impl Readers {
    pub(crate) fn new(path: &Path, max: usize) -> Arc<Readers> {
        Arc::new(Readers {
            path: path.to_owned(),
            idle: Mutex::new(Vec::new()),
            permits: Arc::new(Semaphore::new(max)),
            max,
            opened: AtomicUsize::new(0),
        })
    }

    fn open(&self) -> Result<Connection> {
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        Ok(conn)
    }

    pub(crate) async fn acquire(self: &Arc<Self>) -> Result<ReadConn> {
        let permit = tokio::time::timeout(ACQUIRE_TIMEOUT, self.permits.clone().acquire_owned())
            .await
            .map_err(|_| StoreError::Unavailable("no read connection came free in time".into()))?
            .map_err(|_| StoreError::Unavailable("the read pool is closed".into()))?;
        let reused = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let conn = match reused {
            Some(c) => c,
            None => {
                let c = self.open()?;
                self.opened.fetch_add(1, Ordering::SeqCst);
                (c, Instant::now())
            }
        };
        Ok(ReadConn {
            conn: Some(conn),
            pool: self.clone(),
            _permit: permit,
        })
    }

    /// (connections open, connections idle), for metrics.
    pub(crate) fn stats(&self) -> (u32, usize) {
        let idle = self.idle.lock().map(|v| v.len()).unwrap_or_default();
        let open = self.opened.load(Ordering::SeqCst);
        (u32::try_from(open).unwrap_or(u32::MAX), idle)
    }

    /// Waits (up to 5 s) for the connections in use to come back, then closes them all and
    /// refuses new ones.
    pub(crate) async fn close(&self) {
        let all = u32::try_from(self.max).unwrap_or(u32::MAX);
        let _all = tokio::time::timeout(
            Duration::from_secs(5),
            self.permits.clone().acquire_many_owned(all),
        )
        .await;
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        self.permits.close();
        let n = idle.len();
        idle.clear();
        self.opened.fetch_sub(n, Ordering::SeqCst);
    }
}

impl ReadConn {
    pub(crate) fn conn(&self) -> Result<&Connection> {
        match &self.conn {
            Some((c, _)) => Ok(c),
            None => Err(StoreError::Other("the connection has been returned".into())),
        }
    }
}

impl Drop for ReadConn {
    fn drop(&mut self) {
        let Some((conn, opened)) = self.conn.take() else {
            return;
        };
        // Under the idle list's lock, so that a pool closing meanwhile never keeps it.
        let mut idle = self.pool.idle.lock().unwrap_or_else(|e| e.into_inner());
        if opened.elapsed() < READER_LIFETIME
            && conn.is_autocommit()
            && !self.pool.permits.is_closed()
        {
            idle.push((conn, opened));
        } else {
            drop(idle);
            drop(conn);
            self.pool.opened.fetch_sub(1, Ordering::SeqCst);
        }
    }
}
