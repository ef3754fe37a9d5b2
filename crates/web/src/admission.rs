//! Admission control: back-pressure in front of the database.
//!
//! Every request but the operations routes (`/healthz`, `/readyz`, `/metrics`) passes a gate
//! of its class before anything else happens, authentication included: writes (POST, PUT,
//! PATCH, DELETE) through one gate, reads through another. A gate lets `in_flight` requests
//! through at once; the next `queue` requests wait up to `wait` for one of them to finish;
//! past that, a request is refused at once with 503 and `Retry-After` (an RFC 9457 problem on
//! the API, an error page for browsers). A refused request has touched nothing, so nothing of
//! it is written, and a client can send it again (with the same `Idempotency-Key`).
//!
//! Why a gate rather than letting requests pile up: all writes go through one writer (group
//! commit on SQLite, an advisory lock on PostgreSQL). Past some concurrency more requests in
//! flight only add latency and memory, until timeouts answer them in a way the client cannot
//! tell from a failure. The gate refuses early and cheaply, and says when to come back.
//! It must not hold what it admits for longer than the request: the ticket ends with it.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::i18n::Locale;
use crate::problem::Problem;
use crate::routes::Surface;

/// The limits of one gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// Requests served at once (0: no limit).
    pub in_flight: usize,
    /// Requests that may wait for a place; more are refused at once.
    pub queue: usize,
    /// Longest a request waits for a place before it is refused.
    pub wait: Duration,
}

/// The settings of admission control.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    pub write: Limit,
    pub read: Limit,
    /// The `Retry-After` of a refusal, in seconds.
    pub retry_after_secs: u32,
}

impl Default for Settings {
    /// Writes: 64 at once (group commit gains nothing from more) and 512 waiting up to 2 s;
    /// reads: 256 at once and 1,024 waiting up to 2 s; come back after 1 s.
    fn default() -> Self {
        Settings {
            write: Limit {
                in_flight: 64,
                queue: 512,
                wait: Duration::from_secs(2),
            },
            read: Limit {
                in_flight: 256,
                queue: 1024,
                wait: Duration::from_secs(2),
            },
            retry_after_secs: 1,
        }
    }
}

/// Which gate a request passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Read,
    Write,
}

impl Class {
    pub fn of(method: &axum::http::Method) -> Class {
        use axum::http::Method;
        if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
            Class::Read
        } else {
            Class::Write
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Class::Read => "read",
            Class::Write => "write",
        }
    }
}

/// A place in a gate, given back when dropped (when the response has been produced).
#[derive(Debug)]
pub struct Ticket(#[allow(dead_code)] OwnedSemaphorePermit);

/// One gate: a semaphore of `in_flight` places and a bounded waiting line.
pub struct Gate {
    places: Arc<Semaphore>,
    limit: Limit,
    waiting: AtomicUsize,
    refused: AtomicU64,
}

/// Counts a request in the waiting line, also when its future is dropped while it waits.
struct InLine<'a>(&'a AtomicUsize);

impl Drop for InLine<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Gate {
    fn new(limit: Limit) -> Gate {
        let places = if limit.in_flight == 0 {
            Semaphore::MAX_PERMITS
        } else {
            limit.in_flight.min(Semaphore::MAX_PERMITS)
        };
        Gate {
            places: Arc::new(Semaphore::new(places)),
            limit,
            waiting: AtomicUsize::new(0),
            refused: AtomicU64::new(0),
        }
    }

    /// A place now, if one is free (tests hold places with it to fill the gate).
    pub fn try_admit(&self) -> Option<Ticket> {
        self.places.clone().try_acquire_owned().ok().map(Ticket)
    }

    /// A place, waiting for one up to the limit's `wait` if there is room in the line;
    /// `None` when the request is to be refused.
    pub async fn admit(&self) -> Option<Ticket> {
        if let Some(t) = self.try_admit() {
            return Some(t);
        }
        let ahead = self.waiting.fetch_add(1, Ordering::SeqCst);
        let _in_line = InLine(&self.waiting);
        let ticket = if ahead >= self.limit.queue || self.limit.wait.is_zero() {
            None
        } else {
            tokio::time::timeout(self.limit.wait, self.places.clone().acquire_owned())
                .await
                .ok()
                .and_then(Result::ok)
                .map(Ticket)
        };
        if ticket.is_none() {
            self.refused.fetch_add(1, Ordering::Relaxed);
        }
        ticket
    }

    /// (requests in flight, requests waiting, requests refused so far), for metrics.
    pub fn stats(&self) -> (usize, usize, u64) {
        let total = if self.limit.in_flight == 0 {
            Semaphore::MAX_PERMITS
        } else {
            self.limit.in_flight.min(Semaphore::MAX_PERMITS)
        };
        (
            total.saturating_sub(self.places.available_permits()),
            self.waiting.load(Ordering::SeqCst),
            self.refused.load(Ordering::Relaxed),
        )
    }
}

/// The two gates and what a refusal says.
pub struct Admission {
    pub write: Gate,
    pub read: Gate,
    pub retry_after_secs: u32,
}

impl Admission {
    pub fn new(s: Settings) -> Admission {
        Admission {
            write: Gate::new(s.write),
            read: Gate::new(s.read),
            retry_after_secs: s.retry_after_secs,
        }
    }

    pub fn gate(&self, class: Class) -> &Gate {
        match class {
            Class::Read => &self.read,
            Class::Write => &self.write,
        }
    }

    /// Lets a request of `surface` through its gate: its ticket (none for the operations
    /// routes, which are never refused), or the refusal to answer.
    pub async fn enter(
        &self,
        surface: Surface,
        method: &axum::http::Method,
        locale: Locale,
    ) -> Result<Option<Ticket>, Response> {
        if surface == Surface::Ops {
            return Ok(None);
        }
        let class = Class::of(method);
        match self.gate(class).admit().await {
            Some(t) => Ok(Some(t)),
            None => Err(refused(surface, locale, class, self.retry_after_secs)),
        }
    }

    /// The gauges and counters of both gates, in Prometheus' text format.
    pub fn render(&self, out: &mut String) {
        use std::fmt::Write as _;
        out.push_str("# HELP lifeline_admission_in_flight Requests admitted and being served, by class.\n# TYPE lifeline_admission_in_flight gauge\n");
        let classes = [Class::Write, Class::Read];
        for c in classes {
            let _ = writeln!(
                out,
                "lifeline_admission_in_flight{{class=\"{}\"}} {}",
                c.name(),
                self.gate(c).stats().0
            );
        }
        out.push_str("# HELP lifeline_admission_waiting Requests waiting for a place, by class.\n# TYPE lifeline_admission_waiting gauge\n");
        for c in classes {
            let _ = writeln!(
                out,
                "lifeline_admission_waiting{{class=\"{}\"}} {}",
                c.name(),
                self.gate(c).stats().1
            );
        }
        out.push_str("# HELP lifeline_admission_refused_total Requests refused with 503 past capacity, by class.\n# TYPE lifeline_admission_refused_total counter\n");
        for c in classes {
            let _ = writeln!(
                out,
                "lifeline_admission_refused_total{{class=\"{}\"}} {}",
                c.name(),
                self.gate(c).stats().2
            );
        }
    }
}

/// The answer to a refused request: 503 with `Retry-After`; a problem (code `overloaded`) on
/// the API, the error page for a browser.
pub fn refused(surface: Surface, locale: Locale, class: Class, retry_after_secs: u32) -> Response {
    let mut res = match surface {
        Surface::Page => crate::pages::error_page(StatusCode::SERVICE_UNAVAILABLE, locale),
        Surface::Api | Surface::Ops => Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "overloaded",
            "The server is busy; send the request again after Retry-After seconds",
        )
        .detail(format!(
            "more {} requests than the server takes at once; nothing of this request was done",
            class.name()
        ))
        .into_response(),
    };
    res.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gate(in_flight: usize, queue: usize, wait_ms: u64) -> Gate {
        Gate::new(Limit {
            in_flight,
            queue,
            wait: Duration::from_millis(wait_ms),
        })
    }

    #[tokio::test]
    async fn a_full_gate_with_no_line_refuses_at_once_and_a_freed_place_admits_again() {
        let g = gate(2, 0, 60_000);
        let a = g.admit().await;
        let b = g.admit().await;
        assert!(a.is_some() && b.is_some());
        assert!(g.admit().await.is_none());
        assert_eq!(g.stats(), (2, 0, 1));
        drop(a);
        assert!(g.admit().await.is_some());
    }

    #[tokio::test]
    async fn a_waiting_request_gets_the_place_that_frees_and_the_line_is_bounded() {
        let g = Arc::new(gate(1, 1, 60_000));
        let first = g.admit().await;
        let g2 = g.clone();
        let waiter = tokio::spawn(async move { g2.admit().await.is_some() });
        // Let the waiter join the line.
        while g.stats().1 == 0 {
            tokio::task::yield_now().await;
        }
        // The line holds one: the next is refused at once.
        assert!(g.admit().await.is_none());
        drop(first);
        assert!(waiter.await.unwrap_or(false));
        assert_eq!(g.stats(), (0, 0, 1));
    }

    #[tokio::test]
    async fn no_limit_admits_everyone() {
        let g = gate(0, 0, 0);
        let tickets: Vec<_> = (0..1000).filter_map(|_| g.try_admit()).collect();
        assert_eq!(tickets.len(), 1000);
    }
}
