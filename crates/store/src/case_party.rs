//! The enterprise a case names, as the case engine needs it: whether the caller may file for
//! it (its district and who it is designated to) and its status, which a kind's hook may act on. The engine
//! reads the registry here; it never writes it.

use domain::{DistrictCode, Id};

use crate::Result;
use crate::db::{Tx, q};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    pub uscc: String,
    pub official_id: Option<Id>,
    pub district: DistrictCode,
    pub status: String,
}

/// The enterprise with this USCC, if it is in the registry.
pub async fn party(tx: &mut Tx, uscc: &str) -> Result<Option<Party>> {
    tx.fetch_optional(
        q("SELECT uscc, official_id, district, status FROM enterprises WHERE uscc = $1").bind(uscc),
    )
    .await?
    .map(|r| {
        Ok(Party {
            uscc: r.get("uscc")?,
            official_id: r.get("official_id")?,
            district: r.get("district")?,
            status: r.get("status")?,
        })
    })
    .transpose()
}
