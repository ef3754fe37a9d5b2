//! What an enterprise is in the registry: its kinds and statuses.

pub const KINDS: [&str; 4] = [
    "foreign_invested",
    "foreign_trade",
    "overseas_investing",
    "labour_dispatch",
];
pub const STATUSES: [&str; 4] = ["active", "in_difficulty", "resumed", "closed"];

/// Parses `foreign_invested;foreign_trade` (or commas, or spaces) into the canonical list.
pub fn parse_kinds(s: &str) -> Result<String, String> {
    let mut out: Vec<&str> = Vec::new();
    for part in s
        .split([',', ';', '|', ' ', '，', '、'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let k = KINDS
            .iter()
            .find(|k| **k == part.to_lowercase())
            .ok_or_else(|| {
                format!(
                    "unknown kind \"{part}\"; the kinds are {}",
                    KINDS.join(", ")
                )
            })?;
        if !out.contains(k) {
            out.push(k);
        }
    }
    if out.is_empty() {
        return Err(format!(
            "at least one kind is required: {}",
            KINDS.join(", ")
        ));
    }
    out.sort_by_key(|k| KINDS.iter().position(|x| x == k));
    Ok(out.join(","))
}

/// An ISO 3166-1 alpha-2 country code, upper-cased.
pub fn parse_country(s: &str) -> Result<String, String> {
    let c = s.trim().to_uppercase();
    if c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(c)
    } else {
        Err(format!(
            "\"{s}\" is not an ISO 3166-1 country code (two letters, e.g. JP, KR, US)"
        ))
    }
}

/// Measure 1: the difficulties enterprises meet in resuming work.
pub const DIFFICULTY_CATEGORIES: &[&str] = &[
    "staff_shortage",
    "raw_materials",
    "logistics",
    "cash_flow",
    "epidemic_materials",
    "customs",
    "orders_contracts",
    "policy_question",
    "other",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_countries() {
        assert_eq!(
            parse_kinds("foreign_trade; Foreign_Invested"),
            Ok("foreign_invested,foreign_trade".into())
        );
        assert!(parse_kinds("").is_err());
        assert!(
            parse_kinds("bakery")
                .unwrap_err()
                .contains("labour_dispatch")
        );
        assert_eq!(parse_country("jp"), Ok("JP".into()));
        assert!(parse_country("Japan").is_err());
    }
}
