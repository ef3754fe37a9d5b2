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

/// The registered names of these enterprises (lists show names, not USCCs).
pub async fn names(tx: &mut Tx, usccs: &[&str]) -> Result<Vec<(String, String)>> {
    if usccs.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (1..=usccs.len()).map(|i| format!("${i}")).collect();
    let mut query = q(format!(
        "SELECT uscc, name FROM enterprises WHERE uscc IN ({})",
        marks.join(", ")
    ));
    for u in usccs {
        query = query.bind(*u);
    }
    tx.fetch_all(query)
        .await?
        .iter()
        .map(|r| Ok((r.get("uscc")?, r.get("name")?)))
        .collect()
}
