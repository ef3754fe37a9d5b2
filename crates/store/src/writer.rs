//! Group commit on SQLite's single writer path.
//!
//! Every use case runs inside a `SAVEPOINT` of one shared `BEGIN IMMEDIATE` transaction on the
//! one write connection. When a use case commits, its savepoint is released and it waits for the
//! `COMMIT` of the shared transaction. The writer that finds nobody queued behind it (or a full
//! batch) commits for everyone, so one fsync makes a whole burst durable. A use case is
//! acknowledged only after the `COMMIT` that contains it has returned; if that `COMMIT` fails,
//! every use case in the batch gets the error.
//!
//! A use case that is dropped without committing is rolled back to its savepoint, and the batch
//! it sat in goes on. The steps that change the shared transaction (begin, release, commit) run
//! in their own tasks, so that a request dropped half-way (a client that hangs up) cannot leave
//! the transaction in a state the writer does not know about. When nobody is writing, no transaction stays open, so other processes
//! (the CLI, a backup) can take the write lock.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use sqlx::{Connection as _, SqliteConnection};
use tokio::sync::{Mutex, OwnedMutexGuard, oneshot};

use crate::{Result, StoreError};

/// Use cases per `COMMIT` at most, so that a steady stream still commits regularly.
const MAX_BATCH: usize = 128;

/// How long a committed use case waits for someone else to commit its batch before it
/// commits the batch itself (only when a queued writer went away).
const STRAY_WAIT: Duration = Duration::from_millis(25);

#[derive(Clone)]
pub(crate) struct Writer {
    state: Arc<Mutex<State>>,
    queued: Arc<AtomicUsize>,
}

struct State {
    conn: SqliteConnection,
    /// Whether the shared transaction is open.
    open: bool,
    /// Use cases released into the open transaction, waiting for its `COMMIT`.
    pending: Vec<oneshot::Sender<std::result::Result<(), String>>>,
    /// A dropped use case's savepoint may still be open (its undo has not run yet): it must be
    /// rolled back before anything else happens on the connection.
    dirty: bool,
}

/// Counts a writer waiting for the lock, also when its future is dropped while waiting.
struct Queued<'a>(&'a AtomicUsize);

impl<'a> Queued<'a> {
    fn new(n: &'a AtomicUsize) -> Self {
        n.fetch_add(1, Ordering::SeqCst);
        Queued(n)
    }
}

impl Drop for Queued<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Runs `f` to the end even if the caller stops waiting for it.
async fn detached<T: Send + 'static>(
    f: impl Future<Output = Result<T>> + Send + 'static,
) -> Result<T> {
    tokio::spawn(f)
        .await
        .map_err(|e| StoreError::Other(format!("the write task failed: {e}")))?
}

async fn run(conn: &mut SqliteConnection, sql: &'static str) -> Result<()> {
    sqlx::raw_sql(sql).execute(&mut *conn).await?;
    Ok(())
}

impl State {
    /// Commits the shared transaction, if one is open, and tells every waiting use case.
    async fn flush(&mut self) {
        self.settle().await;
        if !self.open {
            return;
        }
        let outcome = match run(&mut self.conn, "COMMIT").await {
            Ok(()) => Ok(()),
            Err(e) => {
                let _ = run(&mut self.conn, "ROLLBACK").await;
                Err(format!("the commit failed: {e}"))
            }
        };
        // Even if that ROLLBACK failed, `begin_here` recovers: it rolls back and begins again.
        self.open = false;
        for p in self.pending.drain(..) {
            let _ = p.send(outcome.clone());
        }
    }

    /// Undoes a dropped use case whose own undo never ran.
    async fn settle(&mut self) {
        if !self.dirty {
            return;
        }
        let undone = run(&mut self.conn, "ROLLBACK TO use_case").await.is_ok()
            && run(&mut self.conn, "RELEASE use_case").await.is_ok();
        self.dirty = false;
        if !undone {
            self.abort("a use case could not be rolled back").await;
        }
    }

    /// Rolls the whole shared transaction back after an error that left it unusable.
    async fn abort(&mut self, why: &str) {
        if self.open {
            let _ = run(&mut self.conn, "ROLLBACK").await;
            self.open = false;
        }
        for p in self.pending.drain(..) {
            let _ = p.send(Err(format!("rolled back with its batch: {why}")));
        }
    }
}

impl Writer {
    pub(crate) fn new(conn: SqliteConnection) -> Self {
        Writer {
            state: Arc::new(Mutex::new(State {
                conn,
                open: false,
                pending: Vec::new(),
                dirty: false,
            })),
            queued: Arc::new(AtomicUsize::new(0)),
        }
    }

    pub(crate) async fn begin(&self) -> Result<WriteTx> {
        let writer = self.clone();
        detached(async move { writer.begin_here().await }).await
    }

    async fn begin_here(&self) -> Result<WriteTx> {
        let mut g = {
            let _queued = Queued::new(&self.queued);
            self.state.clone().lock_owned().await
        };
        g.settle().await;
        if !g.open {
            if run(&mut g.conn, "BEGIN IMMEDIATE").await.is_err() {
                // A transaction left open by a failed COMMIT and ROLLBACK: end it, then begin.
                let _ = run(&mut g.conn, "ROLLBACK").await;
                run(&mut g.conn, "BEGIN IMMEDIATE").await?;
            }
            g.open = true;
        }
        if let Err(e) = run(&mut g.conn, "SAVEPOINT use_case").await {
            g.abort(&e.to_string()).await;
            return Err(e);
        }
        Ok(WriteTx {
            guard: Some(g),
            writer: self.clone(),
        })
    }

    /// Runs `f` on the write connection outside any transaction, after committing whatever
    /// is pending (for `VACUUM INTO`).
    pub(crate) async fn exclusive(&self, sql: String) -> Result<()> {
        let state = self.state.clone();
        detached(async move {
            let mut g = state.lock_owned().await;
            g.flush().await;
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                .execute(&mut g.conn)
                .await?;
            Ok(())
        })
        .await
    }

    /// Commits what is pending and closes the connection.
    pub(crate) async fn close(&self) {
        let state = self.state.clone();
        let _ = detached(async move {
            state.lock_owned().await.flush().await;
            Ok(())
        })
        .await;
    }

    /// Whether a use case holds the write connection now (for metrics).
    pub(crate) fn busy(&self) -> bool {
        self.state.try_lock().is_err()
    }
}

/// One use case's write transaction: a savepoint in the shared transaction.
pub(crate) struct WriteTx {
    guard: Option<OwnedMutexGuard<State>>,
    writer: Writer,
}

impl WriteTx {
    pub(crate) fn conn(&mut self) -> Result<&mut SqliteConnection> {
        match self.guard.as_mut() {
            Some(g) => Ok(&mut g.conn),
            None => Err(StoreError::Other("the transaction has ended".into())),
        }
    }

    /// Releases the savepoint and returns once the `COMMIT` that contains it is durable.
    pub(crate) async fn commit(mut self) -> Result<()> {
        let Some(mut g) = self.guard.take() else {
            return Err(StoreError::Other("the transaction has ended".into()));
        };
        let queued = self.writer.queued.clone();
        let mut rx = detached(async move {
            if let Err(e) = run(&mut g.conn, "RELEASE use_case").await {
                g.abort(&e.to_string()).await;
                return Err(e);
            }
            let (tx, rx) = oneshot::channel();
            g.pending.push(tx);
            if queued.load(Ordering::SeqCst) == 0 || g.pending.len() >= MAX_BATCH {
                g.flush().await;
            }
            Ok(rx)
        })
        .await?;
        loop {
            match tokio::time::timeout(STRAY_WAIT, &mut rx).await {
                Ok(Ok(outcome)) => return outcome.map_err(StoreError::Other),
                Ok(Err(_)) => {
                    return Err(StoreError::Other(
                        "the write connection went away before the commit".into(),
                    ));
                }
                // A writer that was queued went away; nobody else will commit this batch.
                Err(_) => {
                    let state = self.writer.state.clone();
                    detached(async move {
                        state.lock().await.flush().await;
                        Ok(())
                    })
                    .await?
                }
            }
        }
    }
}

impl Drop for WriteTx {
    fn drop(&mut self) {
        let Some(mut g) = self.guard.take() else {
            return;
        };
        // Marked first, so that if the undo below never runs (no runtime, or one shutting
        // down), whoever takes the connection next rolls the savepoint back before going on.
        g.dirty = true;
        let queued = self.writer.queued.clone();
        let undo = async move {
            g.settle().await;
            if queued.load(Ordering::SeqCst) == 0 {
                g.flush().await;
            }
        };
        match tokio::runtime::Handle::try_current() {
            Ok(rt) => drop(rt.spawn(undo)),
            // Without a runtime the connection is closing anyway, which rolls back.
            Err(_) => drop(undo),
        }
    }
}

/// Opens the write connection.
pub(crate) async fn connect(opts: &sqlx::sqlite::SqliteConnectOptions) -> Result<Writer> {
    let conn = SqliteConnection::connect_with(opts).await?;
    Ok(Writer::new(conn))
}
