//! The database handle, transactions, parameters and rows, for both backends.
//!
//! SQLite: WAL, `foreign_keys=ON`, a busy timeout and `synchronous=FULL`, so that a commit
//! is durable before it is acknowledged. All writes go through one connection (the writer
//! path), with group commit: each use case is a savepoint, and one `COMMIT` makes a burst of
//! them durable before any of them is acknowledged (see `writer`; that one connection is
//! driven in-process through rusqlite). Reads use a small pool of read-only rusqlite
//! connections (`sqlite`), also in-process.
//!
//! PostgreSQL: one pool; `synchronous_commit` stays on. Write transactions take one advisory
//! lock, so writes are serialised there too (the audit chain serialises them anyway).

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{AssertSqlSafe, Postgres, Transaction};

mod query;

pub use crate::list::FromValue;
pub use query::{Kind, Query, Row, Value, q};

use crate::sqlite::{self, ReadConn, Readers};
use crate::writer::{WriteTx, Writer};

use crate::{Result, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Where the database is.
#[derive(Debug, Clone)]
pub enum DbConfig {
    /// An embedded SQLite file. `create` allows making a new, empty one.
    Sqlite { path: PathBuf, create: bool },
    /// A PostgreSQL URL.
    Postgres { url: String },
}

impl DbConfig {
    /// Interprets a database URL. Only `sqlite:` and `postgres:`/`postgresql:` are known;
    /// anything else is an error rather than a guess.
    pub fn from_url(url: &str, create: bool) -> Result<Self, String> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(DbConfig::Postgres {
                url: url.to_owned(),
            });
        }
        if let Some(rest) = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        {
            let path = rest.split('?').next().unwrap_or_default();
            if path.is_empty() || path == ":memory:" {
                return Err(
                    "a sqlite URL needs a file path, e.g. sqlite:///var/lib/lifeline/lifeline.db"
                        .into(),
                );
            }
            return Ok(DbConfig::Sqlite {
                path: PathBuf::from(path),
                create,
            });
        }
        let scheme = url.split(':').next().unwrap_or(url);
        Err(format!(
            "unknown database URL scheme \"{scheme}\": use sqlite:PATH or postgres://…"
        ))
    }
}

enum Pools {
    Sqlite { read: Arc<Readers>, write: Writer },
    Pg(sqlx::PgPool),
}

/// A handle to the database; cheap to clone.
#[derive(Clone)]
pub struct Db {
    pools: Arc<Pools>,
}

impl Db {
    pub async fn connect(cfg: &DbConfig) -> Result<Db> {
        match cfg {
            DbConfig::Sqlite { path, create } => Self::connect_sqlite(path, *create).await,
            DbConfig::Postgres { url } => {
                let opts = PgConnectOptions::from_str(url)
                    .map_err(|e| StoreError::Other(format!("bad PostgreSQL URL: {e}")))?;
                let pool = PgPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(opts)
                    .await
                    .map_err(|e| {
                        StoreError::Unavailable(format!("cannot connect to PostgreSQL: {e}"))
                    })?;
                Ok(Db {
                    pools: Arc::new(Pools::Pg(pool)),
                })
            }
        }
    }

    async fn connect_sqlite(path: &Path, create: bool) -> Result<Db> {
        if !create && !path.is_file() {
            return Err(StoreError::Other(format!(
                "no database at {}: check the path, or create a new store with `lifeline migrate`",
                path.display()
            )));
        }
        // The write connection comes first: it creates the file and turns WAL on.
        let write = crate::writer::connect(path, create).await.map_err(|e| {
            StoreError::Other(format!(
                "{} is not a usable SQLite database: {e}",
                path.display()
            ))
        })?;
        // A file that exists but is not a database fails here, not on the first request.
        write
            .exclusive("SELECT count(*) FROM sqlite_master".into())
            .await
            .map_err(|e| {
                StoreError::Other(format!(
                    "{} is not a usable SQLite database: {e}",
                    path.display()
                ))
            })?;
        let read = Readers::new(path, read_pool_size());
        Ok(Db {
            pools: Arc::new(Pools::Sqlite { read, write }),
        })
    }

    pub fn backend(&self) -> Backend {
        match &*self.pools {
            Pools::Sqlite { .. } => Backend::Sqlite,
            Pools::Pg(_) => Backend::Postgres,
        }
    }

    /// A transaction on the writer path. Dropping it without [`Tx::commit`] rolls it back.
    pub async fn begin(&self) -> Result<Tx> {
        let conn = match &*self.pools {
            Pools::Sqlite { write, .. } => Conn::SqliteW(write.begin().await?),
            Pools::Pg(p) => Conn::PgTx(p.begin().await?),
        };
        let mut tx = Tx { conn };
        if tx.backend() == Backend::Postgres {
            // One writer at a time, as on SQLite: every write appends to the audit chain, whose
            // head is one row, and taking that row's lock mid-transaction (after other row locks)
            // would let two writers deadlock. The lock ends with the transaction.
            tx.execute(q("SELECT pg_advisory_xact_lock(7251302)"))
                .await?;
        }
        Ok(tx)
    }

    /// A write transaction for statements that touch only rows they lock themselves (the job
    /// queue's claims and outcomes): on PostgreSQL it does not take the writers' advisory lock,
    /// so that workers of several instances, and use cases, do not wait for each other; it must
    /// not write the audit trail. On SQLite it is [`Db::begin`].
    pub async fn begin_unserialised(&self) -> Result<Tx> {
        let conn = match &*self.pools {
            Pools::Sqlite { write, .. } => Conn::SqliteW(write.begin().await?),
            Pools::Pg(p) => Conn::PgTx(p.begin().await?),
        };
        Ok(Tx { conn })
    }

    /// A connection for reading (no transaction).
    pub async fn read(&self) -> Result<Tx> {
        let conn = match &*self.pools {
            Pools::Sqlite { read, .. } => Conn::Sqlite(read.acquire().await?),
            Pools::Pg(p) => Conn::Pg(p.acquire().await?),
        };
        Ok(Tx { conn })
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> bool {
        match self.read().await {
            Ok(mut c) => c.fetch_one(q("SELECT 1 AS one")).await.is_ok(),
            Err(_) => false,
        }
    }

    /// (connections open, connections idle) of each pool, for metrics.
    pub fn pool_stats(&self) -> Vec<(&'static str, u32, usize)> {
        match &*self.pools {
            Pools::Sqlite { read, write } => {
                let (open, idle) = read.stats();
                vec![
                    ("sqlite_read", open, idle),
                    ("sqlite_write", 1, usize::from(!write.busy())),
                ]
            }
            Pools::Pg(p) => vec![("postgres", p.size(), p.num_idle())],
        }
    }

    /// Copies a SQLite database to `dest` with `VACUUM INTO` (a consistent online backup).
    pub async fn backup_to(&self, dest: &Path) -> Result<()> {
        match &*self.pools {
            Pools::Sqlite { write, .. } => {
                let sql = format!(
                    "VACUUM INTO '{}'",
                    dest.display().to_string().replace('\'', "''")
                );
                write.exclusive(sql).await
            }
            Pools::Pg(_) => Err(StoreError::Other(
                "use pg_dump to back up PostgreSQL".into(),
            )),
        }
    }

    /// Refreshes the query planner's statistics where they have gone stale (SQLite's
    /// `PRAGMA optimize`, bounded in time by SQLite itself); PostgreSQL's autovacuum keeps its own.
    /// Read connections see new statistics when they are renewed (within 30 minutes).
    pub async fn optimize(&self) -> Result<()> {
        match &*self.pools {
            Pools::Sqlite { write, .. } => write.exclusive("PRAGMA optimize=0x10002".into()).await,
            Pools::Pg(_) => Ok(()),
        }
    }

    pub async fn close(&self) {
        match &*self.pools {
            Pools::Sqlite { read, write } => {
                read.close().await;
                write.close().await;
            }
            Pools::Pg(p) => p.close().await,
        }
    }
}

enum Conn {
    Sqlite(ReadConn),
    SqliteW(WriteTx),
    Pg(PoolConnection<Postgres>),
    PgTx(Transaction<'static, Postgres>),
}

/// A connection, usually inside a transaction. Every store function takes one.
pub struct Tx {
    conn: Conn,
}

macro_rules! bind_all {
    ($query:expr, $args:expr) => {{
        let mut qq = $query;
        for a in $args {
            qq = match a {
                Value::Null(Kind::I64) => qq.bind(None::<i64>),
                Value::Null(Kind::Text) => qq.bind(None::<String>),
                Value::Null(Kind::Bool) => qq.bind(None::<bool>),
                Value::I64(v) => qq.bind(v),
                Value::Text(v) => qq.bind(v),
                Value::Bool(v) => qq.bind(v),
            };
        }
        qq
    }};
}

impl Tx {
    pub fn backend(&self) -> Backend {
        match self.conn {
            Conn::Sqlite(_) | Conn::SqliteW(_) => Backend::Sqlite,
            Conn::Pg(_) | Conn::PgTx(_) => Backend::Postgres,
        }
    }

    pub async fn commit(self) -> Result<()> {
        match self.conn {
            Conn::SqliteW(t) => t.commit().await?,
            Conn::PgTx(t) => t.commit().await?,
            Conn::Sqlite(_) | Conn::Pg(_) => {}
        }
        Ok(())
    }

    /// Runs a statement; returns the number of rows it changed.
    pub async fn execute(&mut self, query: Query) -> Result<u64> {
        let Query { sql, args } = query;
        let sql = AssertSqlSafe(sql);
        Ok(match &mut self.conn {
            Conn::Sqlite(c) => sqlite::execute(c.conn()?, &sql.0, &args)?,
            Conn::SqliteW(c) => {
                let n = c.execute(&sql.0, &args)?;
                // A long use case (an import) still lets other tasks run now and then.
                tokio::task::consume_budget().await;
                n
            }
            Conn::Pg(c) => bind_all!(sqlx::query::<Postgres>(sql), args)
                .execute(&mut **c)
                .await?
                .rows_affected(),
            Conn::PgTx(c) => bind_all!(sqlx::query::<Postgres>(sql), args)
                .execute(&mut **c)
                .await?
                .rows_affected(),
        })
    }

    pub async fn fetch_all(&mut self, query: Query) -> Result<Vec<Row>> {
        let Query { sql, args } = query;
        let sql = AssertSqlSafe(sql);
        match &mut self.conn {
            Conn::Sqlite(c) => {
                let rows = sqlite::fetch_all(c.conn()?, &sql.0, &args)?;
                tokio::task::consume_budget().await;
                Ok(rows)
            }
            Conn::SqliteW(c) => {
                let rows = c.fetch_all(&sql.0, &args)?;
                tokio::task::consume_budget().await;
                Ok(rows)
            }
            Conn::Pg(c) => bind_all!(sqlx::query::<Postgres>(sql), args)
                .fetch_all(&mut **c)
                .await?
                .iter()
                .map(Row::from_pg)
                .collect(),
            Conn::PgTx(c) => bind_all!(sqlx::query::<Postgres>(sql), args)
                .fetch_all(&mut **c)
                .await?
                .iter()
                .map(Row::from_pg)
                .collect(),
        }
    }

    /// [`Tx::fetch_all`] for a query that reads a whole table (an export, an import's
    /// comparison). On a SQLite read connection under the multi-threaded runtime, the worker
    /// hands its other tasks to another thread while the statement runs, so that requests
    /// queued behind it are not held up.
    pub async fn fetch_all_long(&mut self, query: Query) -> Result<Vec<Row>> {
        let multi = tokio::runtime::Handle::try_current()
            .is_ok_and(|h| h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread);
        match &self.conn {
            Conn::Sqlite(c) if multi => {
                let conn = c.conn()?;
                tokio::task::block_in_place(|| sqlite::fetch_all(conn, &query.sql, &query.args))
            }
            _ => self.fetch_all(query).await,
        }
    }

    pub async fn fetch_optional(&mut self, query: Query) -> Result<Option<Row>> {
        Ok(self.fetch_all(query).await?.into_iter().next())
    }

    pub async fn fetch_one(&mut self, query: Query) -> Result<Row> {
        self.fetch_optional(query)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// Runs a script of several statements (migrations).
    pub async fn execute_script(&mut self, sql: &'static str) -> Result<()> {
        match &mut self.conn {
            Conn::Sqlite(c) => c.conn()?.execute_batch(sql)?,
            Conn::SqliteW(c) => c.execute_script(sql)?,
            Conn::Pg(c) => sqlx::raw_sql(sql).execute(&mut **c).await.map(drop)?,
            Conn::PgTx(c) => sqlx::raw_sql(sql).execute(&mut **c).await.map(drop)?,
        }
        Ok(())
    }
}

/// Read connections for SQLite: `LIFELINE_SQLITE_READERS`, else 4.
fn read_pool_size() -> usize {
    std::env::var("LIFELINE_SQLITE_READERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| (1..=64).contains(n))
        .unwrap_or(4)
}
