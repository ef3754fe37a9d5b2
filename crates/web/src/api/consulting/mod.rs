//! Measure 3 over HTTP: messaging groups and their signed webhook intake, the SLA calendar and
//! the SLA report.

pub mod channels;
pub mod groups;
pub mod sla;
pub mod status;

pub use groups::{INTAKE_LIMIT, SIGNATURE_HEADER};

use crate::routes::Routes;

/// Registers measure 3's API routes: each part adds its own.
pub fn add(r: Routes) -> Routes {
    let r = groups::add(r);
    let r = sla::add(r);
    let r = status::add(r);
    channels::add(r)
}
