//! Group commit on SQLite's single writer path.
//!
//! Every use case runs inside a `SAVEPOINT` of one shared `BEGIN IMMEDIATE` transaction on the
//! one write connection. When a use case commits, its savepoint is released and it waits for the
//! `COMMIT` of the shared transaction. The writer that finds nobody queued behind it (or a full
//! batch) commits for everyone, so one fsync makes a whole burst durable. A use case is
//! acknowledged only after the `COMMIT` that contains it has returned; if that `COMMIT` fails,
//! every use case in the batch gets the error.
//!
//! The write connection is driven in-process (rusqlite), not through a connection thread:
//! a use case's statements are short inserts, updates and point reads, each a few
//! microseconds of SQLite, and the hand-off to a connection thread and back cost several
//! times that for every statement while every other writer waited for the lock. The steps
//! that may wait long run on the blocking pool: `BEGIN IMMEDIATE` (another process may hold
//! the write lock, up to the busy timeout) and `COMMIT` (the fsync).
//!
//! Between its awaits a use case holds the connection without interruption, so a request
//! dropped half-way (a client that hangs up) can only be dropped between statements: its
//! savepoint is rolled back when its [`WriteTx`] is dropped, and the batch it sat in goes on.
//! When nobody is writing, no transaction stays open, so other processes (the CLI, a backup)
//! can take the write lock.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use tokio::sync::{Mutex, OwnedMutexGuard, oneshot};

use crate::db::{Row, Value};
use crate::sqlite;
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
    conn: Connection,
    /// Whether the shared transaction is open.
    open: bool,
    /// Use cases released into the open transaction, waiting for its `COMMIT`.
    pending: Vec<oneshot::Sender<std::result::Result<(), String>>>,
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

/// Runs `f` with the connection on the blocking pool, to the end even if the caller stops
/// waiting for it, and hands the guard back.
async fn blocking<T: Send + 'static>(
    g: OwnedMutexGuard<State>,
    f: impl FnOnce(&mut State) -> T + Send + 'static,
) -> Result<(OwnedMutexGuard<State>, T)> {
    tokio::task::spawn_blocking(move || {
        let mut g = g;
        let out = f(&mut g);
        (g, out)
    })
    .await
    .map_err(|e| StoreError::Other(format!("the write task failed: {e}")))
}

fn run(conn: &Connection, sql: &str) -> Result<()> {
    conn.execute_batch(sql).map_err(StoreError::from)
}

impl State {
    /// Commits the shared transaction, if one is open, and tells every waiting use case.
    /// Blocks for the fsync: call it on the blocking pool.
    fn flush(&mut self) {
        if !self.open {
            return;
        }
        let outcome = match run(&self.conn, "COMMIT") {
            Ok(()) => Ok(()),
            Err(e) => {
                let _ = run(&self.conn, "ROLLBACK");
                Err(format!("the commit failed: {e}"))
            }
        };
        // Even if that ROLLBACK failed, `begin` recovers: it rolls back and begins again.
        self.open = false;
        for p in self.pending.drain(..) {
            let _ = p.send(outcome.clone());
        }
    }

    /// Rolls the whole shared transaction back after an error that left it unusable.
    fn abort(&mut self, why: &str) {
        if self.open {
            let _ = run(&self.conn, "ROLLBACK");
            self.open = false;
        }
        for p in self.pending.drain(..) {
            let _ = p.send(Err(format!("rolled back with its batch: {why}")));
        }
    }

    /// Undoes the use case whose savepoint is open. When nothing else is in the shared
    /// transaction, the transaction ends too (a rollback: no fsync), so that it is never
    /// left open for a queued writer that may itself go away.
    fn undo(&mut self) {
        let undone = run(&self.conn, "ROLLBACK TO use_case").is_ok()
            && run(&self.conn, "RELEASE use_case").is_ok();
        if !undone {
            self.abort("a use case could not be rolled back");
        } else if self.pending.is_empty() && self.open {
            let _ = run(&self.conn, "ROLLBACK");
            self.open = false;
        }
    }
}

fn savepoint(g: &mut State) -> Result<()> {
    run(&g.conn, "SAVEPOINT use_case").inspect_err(|e| g.abort(&e.to_string()))
}

impl Writer {
    fn new(conn: Connection) -> Self {
        Writer {
            state: Arc::new(Mutex::new(State {
                conn,
                open: false,
                pending: Vec::new(),
            })),
            queued: Arc::new(AtomicUsize::new(0)),
        }
    }

    pub(crate) async fn begin(&self) -> Result<WriteTx> {
        let mut g = {
            let _queued = Queued::new(&self.queued);
            self.state.clone().lock_owned().await
        };
        if g.open {
            savepoint(&mut g)?;
            return Ok(WriteTx {
                guard: Some(g),
                writer: self.clone(),
            });
        }
        // Another process may hold the write lock: wait for it on the blocking pool. If this
        // request is dropped meanwhile, the unclaimed WriteTx is dropped too, which undoes its
        // savepoint and ends the (empty) transaction.
        let writer = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut g = g;
            if let Err(e) = run(&g.conn, "BEGIN IMMEDIATE") {
                if g.conn.is_autocommit() {
                    // Busy past the timeout (another process holds the lock), or worse.
                    return Err(e);
                }
                // A transaction left open by a failed COMMIT and ROLLBACK: end it, then begin.
                let _ = run(&g.conn, "ROLLBACK");
                run(&g.conn, "BEGIN IMMEDIATE")?;
            }
            g.open = true;
            savepoint(&mut g)?;
            Ok(WriteTx {
                guard: Some(g),
                writer,
            })
        })
        .await
        .map_err(|e| StoreError::Other(format!("the write task failed: {e}")))?
    }

    /// Runs `sql` on the write connection outside any transaction, after committing whatever
    /// is pending (for `VACUUM INTO`, `PRAGMA optimize`).
    pub(crate) async fn exclusive(&self, sql: String) -> Result<()> {
        let g = self.state.clone().lock_owned().await;
        let (_g, out) = blocking(g, move |s| {
            s.flush();
            run(&s.conn, &sql)
        })
        .await?;
        out
    }

    /// Commits what is pending.
    pub(crate) async fn close(&self) {
        let g = self.state.clone().lock_owned().await;
        let _ = blocking(g, State::flush).await;
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
    fn conn(&self) -> Result<&Connection> {
        match self.guard.as_ref() {
            Some(g) if g.open => Ok(&g.conn),
            Some(_) => Err(StoreError::Other(
                "the transaction was rolled back with its batch".into(),
            )),
            None => Err(StoreError::Other("the transaction has ended".into())),
        }
    }

    /// After a failed statement: if SQLite rolled the whole transaction back by itself (a
    /// full disk, an I/O error), the batch is over, and this use case must not go on
    /// writing outside it.
    fn checked<T>(&mut self, r: Result<T>) -> Result<T> {
        if let (Err(e), Some(g)) = (&r, self.guard.as_mut())
            && g.open
            && g.conn.is_autocommit()
        {
            g.open = false;
            g.abort(&e.to_string());
        }
        r
    }

    /// Runs one statement (to its end, also one that returns rows); returns the number of
    /// rows it changed.
    pub(crate) fn execute(&mut self, sql: &str, args: &[Value]) -> Result<u64> {
        let r = self.execute_here(sql, args);
        self.checked(r)
    }

    fn execute_here(&self, sql: &str, args: &[Value]) -> Result<u64> {
        sqlite::execute(self.conn()?, sql, args)
    }

    /// Runs one query; returns its rows.
    pub(crate) fn fetch_all(&mut self, sql: &str, args: &[Value]) -> Result<Vec<Row>> {
        let r = self.fetch_here(sql, args);
        self.checked(r)
    }

    fn fetch_here(&self, sql: &str, args: &[Value]) -> Result<Vec<Row>> {
        sqlite::fetch_all(self.conn()?, sql, args)
    }

    /// Runs a script of several statements (migrations).
    pub(crate) fn execute_script(&mut self, sql: &str) -> Result<()> {
        let r = self.conn().and_then(|c| run(c, sql));
        self.checked(r)
    }

    /// Releases the savepoint and returns once the `COMMIT` that contains it is durable.
    pub(crate) async fn commit(mut self) -> Result<()> {
        self.conn()?;
        let Some(mut g) = self.guard.take() else {
            return Err(StoreError::Other("the transaction has ended".into()));
        };
        if let Err(e) = run(&g.conn, "RELEASE use_case") {
            g.abort(&e.to_string());
            return Err(e);
        }
        let (tx, mut rx) = oneshot::channel();
        g.pending.push(tx);
        // If this request is dropped while it waits, and the writer it counts on goes away
        // too, the watchdog commits the batch.
        let mut watchdog = Watchdog(Some(self.writer.clone()));
        if self.writer.queued.load(Ordering::SeqCst) == 0 || g.pending.len() >= MAX_BATCH {
            // Runs to the end even if this request is dropped meanwhile.
            drop(tokio::task::spawn_blocking(move || {
                let mut g = g;
                g.flush();
            }));
        } else {
            // The writer queued behind takes the lock and commits for both.
            drop(g);
        }
        loop {
            match tokio::time::timeout(STRAY_WAIT, &mut rx).await {
                Ok(Ok(outcome)) => {
                    watchdog.0 = None;
                    return outcome.map_err(StoreError::Other);
                }
                Ok(Err(_)) => {
                    watchdog.0 = None;
                    return Err(StoreError::Other(
                        "the write connection went away before the commit".into(),
                    ));
                }
                // A writer that was queued went away; nobody else will commit this batch.
                Err(_) => {
                    let g = self.writer.state.clone().lock_owned().await;
                    blocking(g, State::flush).await?;
                }
            }
        }
    }
}

/// Commits what is pending, a little later, for a committed use case whose request was
/// dropped before its batch was committed.
struct Watchdog(Option<Writer>);

impl Drop for Watchdog {
    fn drop(&mut self) {
        let Some(w) = self.0.take() else {
            return;
        };
        if let Ok(rt) = tokio::runtime::Handle::try_current() {
            drop(rt.spawn(async move {
                tokio::time::sleep(STRAY_WAIT).await;
                let g = w.state.clone().lock_owned().await;
                let _ = blocking(g, State::flush).await;
            }));
        }
    }
}

impl Drop for WriteTx {
    fn drop(&mut self) {
        let Some(mut g) = self.guard.take() else {
            return;
        };
        // A use case that did not commit: its savepoint is undone here and now (no fsync).
        let nobody = self.writer.queued.load(Ordering::SeqCst) == 0;
        g.undo();
        if nobody && g.open && tokio::runtime::Handle::try_current().is_ok() {
            // Others' released use cases are waiting: commit them rather than let them wait
            // for their stray timer.
            drop(tokio::task::spawn_blocking(move || {
                let mut g = g;
                g.flush();
            }));
        }
    }
}

/// Opens the write connection: WAL, `synchronous=FULL` (a commit is on disk before it
/// returns), foreign keys, a busy timeout, and savepoint sub-journals kept in memory (a
/// temporary file written page by page cost a write system call per changed page).
pub(crate) async fn connect(path: &Path, create: bool) -> Result<Writer> {
    let path = path.to_owned();
    let conn = tokio::task::spawn_blocking(move || -> Result<Connection> {
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if create {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let conn = Connection::open_with_flags(&path, flags)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.set_prepared_statement_cache_capacity(sqlite::STATEMENT_CACHE);
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA temp_store = memory;",
        )?;
        Ok(conn)
    })
    .await
    .map_err(|e| StoreError::Other(format!("opening the write connection failed: {e}")))??;
    Ok(Writer::new(conn))
}
