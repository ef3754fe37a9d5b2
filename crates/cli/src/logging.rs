//! Log output. Request logs are many small lines: writing each one to stderr as it happens
//! costs a system call under a lock on every request. Lines at INFO and below are gathered in
//! memory and written together by a background thread at most [`FLUSH_EVERY`] later (or
//! sooner, once [`FLUSH_BYTES`] are waiting). WARN and ERROR lines are written at once, after
//! whatever is waiting, so order is kept and nothing important waits. The [`Flush`] guard
//! writes what is left when the process ends normally.

use std::io::{self, Write};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use tracing::{Level, Metadata};
use tracing_subscriber::fmt::MakeWriter;

pub const FLUSH_EVERY: Duration = Duration::from_millis(100);
pub const FLUSH_BYTES: usize = 64 * 1024;

#[derive(Default)]
struct Shared {
    pending: Mutex<Vec<u8>>,
    wake: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Vec<u8>> {
        self.pending.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes out what is waiting (the lock is held while writing, to keep lines in order).
    fn flush_into(&self, out: &mut impl Write, extra: &[u8]) -> io::Result<()> {
        let mut pending = self.lock();
        if !pending.is_empty() {
            out.write_all(&pending)?;
            pending.clear();
        }
        if !extra.is_empty() {
            out.write_all(extra)?;
        }
        out.flush()
    }
}

/// The writer given to the subscriber.
#[derive(Clone)]
pub struct Buffered {
    shared: Arc<Shared>,
}

/// Writes what is still waiting when dropped.
pub struct Flush {
    shared: Arc<Shared>,
}

impl Drop for Flush {
    fn drop(&mut self) {
        let _ = self.shared.flush_into(&mut io::stderr().lock(), &[]);
    }
}

/// A buffered stderr, its background writer, and the guard that flushes it at exit.
pub fn stderr() -> (Buffered, Flush) {
    let shared = Arc::new(Shared::default());
    let bg = shared.clone();
    let spawned = std::thread::Builder::new()
        .name("log-writer".into())
        .spawn(move || {
            loop {
                {
                    let pending = bg.lock();
                    let (pending, _) = bg
                        .wake
                        .wait_timeout_while(pending, FLUSH_EVERY, |p| p.len() < FLUSH_BYTES)
                        .unwrap_or_else(|e| e.into_inner());
                    drop(pending);
                }
                let _ = bg.flush_into(&mut io::stderr().lock(), &[]);
            }
        });
    if spawned.is_err() {
        eprintln!("warning: no background log writer; logs are written when the process ends");
    }
    (
        Buffered {
            shared: shared.clone(),
        },
        Flush { shared },
    )
}

/// One event's line.
pub struct Line {
    shared: Arc<Shared>,
    urgent: bool,
}

impl Write for Line {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.urgent {
            self.shared.flush_into(&mut io::stderr().lock(), buf)?;
        } else {
            let mut pending = self.shared.lock();
            pending.extend_from_slice(buf);
            if pending.len() >= FLUSH_BYTES {
                self.shared.wake.notify_one();
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Buffered {
    type Writer = Line;

    fn make_writer(&'a self) -> Line {
        Line {
            shared: self.shared.clone(),
            urgent: true,
        }
    }

    fn make_writer_for(&'a self, meta: &Metadata<'_>) -> Line {
        Line {
            shared: self.shared.clone(),
            urgent: *meta.level() <= Level::WARN,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn info_lines_wait_and_warnings_flush_everything_in_order() {
        let shared = Arc::new(Shared::default());
        let mut info = Line {
            shared: shared.clone(),
            urgent: false,
        };
        info.write_all(b"one\n").unwrap();
        info.write_all(b"two\n").unwrap();
        assert_eq!(shared.lock().as_slice(), b"one\ntwo\n");
        let mut out = Vec::new();
        shared.flush_into(&mut out, b"warn\n").unwrap();
        assert_eq!(out, b"one\ntwo\nwarn\n");
        assert!(shared.lock().is_empty());
    }
}
