//! The `[admission]` table of `lifeline.toml`: back-pressure limits (see `web::admission`).
//! Every key is optional; the defaults are on.

use std::time::Duration;

use anyhow::bail;
use serde::Deserialize;
use web::admission::{Limit, Settings};

/// What `[admission]` may hold.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdmissionFile {
    pub write_in_flight: Option<usize>,
    pub write_queue: Option<usize>,
    pub write_wait_ms: Option<u64>,
    pub read_in_flight: Option<usize>,
    pub read_queue: Option<usize>,
    pub read_wait_ms: Option<u64>,
    pub retry_after_secs: Option<u32>,
}

/// The effective limits: the file's values over the defaults, checked.
pub fn settings(file: Option<AdmissionFile>) -> anyhow::Result<Settings> {
    let f = file.unwrap_or_default();
    let d = Settings::default();
    let limit =
        |in_flight: Option<usize>, queue: Option<usize>, wait: Option<u64>, d: Limit| Limit {
            in_flight: in_flight.unwrap_or(d.in_flight),
            queue: queue.unwrap_or(d.queue),
            wait: wait.map_or(d.wait, Duration::from_millis),
        };
    let s = Settings {
        write: limit(f.write_in_flight, f.write_queue, f.write_wait_ms, d.write),
        read: limit(f.read_in_flight, f.read_queue, f.read_wait_ms, d.read),
        retry_after_secs: f.retry_after_secs.unwrap_or(d.retry_after_secs),
    };
    for (name, l) in [("write", s.write), ("read", s.read)] {
        if l.wait > Duration::from_secs(20) {
            bail!("admission: {name}_wait_ms is at most 20000 (requests time out after that)");
        }
    }
    if s.retry_after_secs == 0 || s.retry_after_secs > 3600 {
        bail!("admission: retry_after_secs is 1 to 3600");
    }
    Ok(s)
}

/// The `[admission]` table as `print-config` shows it.
pub fn annotated(s: &Settings) -> String {
    format!(
        "\n# Back-pressure. Writes (POST, PUT, PATCH, DELETE) and reads each pass a gate: so many\n\
         # served at once (0: no limit), so many more waiting up to the wait; past that a request\n\
         # is refused with 503 and Retry-After, having done nothing. /healthz, /readyz and\n\
         # /metrics are never refused.\n\
         [admission]\n\
         write_in_flight = {}\n\
         write_queue = {}\n\
         write_wait_ms = {}\n\
         read_in_flight = {}\n\
         read_queue = {}\n\
         read_wait_ms = {}\n\
         retry_after_secs = {}\n",
        s.write.in_flight,
        s.write.queue,
        s.write.wait.as_millis(),
        s.read.in_flight,
        s.read.queue,
        s.read.wait.as_millis(),
        s.retry_after_secs,
    )
}
