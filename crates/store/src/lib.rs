//! The one query layer over SQLite and PostgreSQL.
//!
//! Each query is written once, in the SQL subset both databases share, with `$1`-style
//! parameters (`$N` is the N-th argument: sqlx's drivers map it, and so does the SQLite write
//! connection's binder in `writer`). The few dialect
//! differences live in [`db`]. Store functions return domain types and know nothing of HTTP
//! or permissions: the caller passes the scope predicate's inputs explicitly.
//!
//! Error type of this layer: [`StoreError`].

pub mod attachments;
pub mod audit;
pub mod case_counts;
pub mod case_events;
pub mod case_list;
pub mod case_party;
pub mod case_search;
pub mod case_sla;
pub mod cases;
pub mod consulting;
pub mod db;
pub mod distribution;
pub mod enterprises;
pub mod faq;
pub mod fund_adjust;
pub mod fund_application_steps;
pub mod fund_applications;
pub mod fund_bank;
pub mod fund_batches;
pub mod fund_free;
pub mod fund_payments;
pub mod fund_publicity;
pub mod funds;
pub mod idempotency;
pub mod jobs;
pub mod list;
pub mod migrate;
pub mod notify;
pub mod org;
pub mod people;
pub mod sessions;
pub mod signups;
mod sqlite;
pub mod tokens;
pub mod users;
mod values;
mod writer;

pub use db::{Backend, Db, DbConfig, Query, Row, Tx, Value, q};

/// What can go wrong below the use cases.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A uniqueness, foreign-key or check constraint refused the write.
    #[error("conflict on {constraint}")]
    Conflict { constraint: String },
    /// The database cannot be reached or is overloaded; the caller may retry.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("{0}")]
    Other(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(d) => {
                use sqlx::error::ErrorKind;
                match d.kind() {
                    ErrorKind::UniqueViolation
                    | ErrorKind::ForeignKeyViolation
                    | ErrorKind::CheckViolation
                    | ErrorKind::NotNullViolation => StoreError::Conflict {
                        constraint: d
                            .constraint()
                            .map(str::to_owned)
                            .unwrap_or_else(|| d.message().to_owned()),
                    },
                    _ => StoreError::Other(e.to_string()),
                }
            }
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                StoreError::Unavailable(e.to_string())
            }
            _ => StoreError::Other(e.to_string()),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A page of a cursor-paginated list: the items, the cursor of the next page, and how many
/// items the whole (scoped) list has.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
    pub total: i64,
}
