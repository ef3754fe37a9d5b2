//! Embedded migrations, one list per backend with the same versions and names.
//!
//! An applied migration is never edited: its checksum is stored, and a mismatch stops start-up.

use sha2::{Digest, Sha256};

use crate::db::{Backend, Db, q};
use crate::{Result, StoreError};

struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

macro_rules! migration {
    ($v:expr, $name:literal) => {
        Migration {
            version: $v,
            name: $name,
            sqlite: include_str!(concat!("../migrations/sqlite/", $name, ".sql")),
            postgres: include_str!(concat!("../migrations/postgres/", $name, ".sql")),
        }
    };
}

const MIGRATIONS: &[Migration] = &[
    migration!(1, "0001_platform"),
    migration!(2, "0002_organisation"),
    migration!(3, "0003_enterprises_cases"),
    migration!(4, "0004_write_path"),
    migration!(5, "0005_consulting"),
    migration!(6, "0006_open_case_lists"),
    migration!(7, "0007_board_indexes"),
    migration!(8, "0008_follow_up_cleared"),
    migration!(9, "0009_jobs"),
    migration!(10, "0010_assignment_events"),
    migration!(11, "0011_notifications"),
    migration!(12, "0012_enterprise_accounts"),
    migration!(13, "0013_joint_district"),
    migration!(14, "0014_funds"),
    migration!(15, "0015_case_attachments"),
    migration!(16, "0016_staff_robots"),
    migration!(17, "0017_fund_applications"),
    migration!(18, "0018_fund_ledger"),
    migration!(19, "0019_fund_entitlements"),
    migration!(20, "0020_fund_publicity"),
];

/// Names of the migrations, for the test that compares both schemas.
pub fn names() -> Vec<&'static str> {
    MIGRATIONS.iter().map(|m| m.name).collect()
}

/// Applies every migration not yet applied; returns how many ran.
pub async fn run(db: &Db) -> Result<usize> {
    run_through(db, i64::MAX).await
}

/// Applies the migrations not yet applied up to version `last` (an upgrade test starts from
/// an older schema); returns how many ran.
pub async fn run_through(db: &Db, last: i64) -> Result<usize> {
    let mut tx = db.begin().await?;
    if db.backend() == Backend::Postgres {
        // Several app instances may start at once: one migrates, the others wait.
        tx.execute(q("SELECT pg_advisory_xact_lock(7251301)"))
            .await?;
    }
    tx.execute(q("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at BIGINT NOT NULL)"))
        .await?;
    let applied = tx
        .fetch_all(q(
            "SELECT version, name, checksum FROM schema_migrations ORDER BY version",
        ))
        .await?;
    let mut ran = 0;
    for m in MIGRATIONS.iter().filter(|m| m.version <= last) {
        let sql = match db.backend() {
            Backend::Sqlite => m.sqlite,
            Backend::Postgres => m.postgres,
        };
        let sum = hex::encode(Sha256::digest(sql.as_bytes()));
        if let Some(row) = applied
            .iter()
            .find(|r| r.get::<i64>("version").ok() == Some(m.version))
        {
            let stored: String = row.get("checksum")?;
            if stored != sum {
                return Err(StoreError::Other(format!(
                    "migration {} was changed after it was applied; add a new migration instead",
                    m.name
                )));
            }
            continue;
        }
        tx.execute_script(sql)
            .await
            .map_err(|e| StoreError::Other(format!("migration {} failed: {e}", m.name)))?;
        tx.execute(
            q("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)")
                .bind(m.version)
                .bind(m.name)
                .bind(sum)
                .bind(now_ms()),
        )
        .await?;
        ran += 1;
    }
    if let Some(newest) = applied
        .iter()
        .filter_map(|r| r.get::<i64>("version").ok())
        .max()
    {
        let known = MIGRATIONS.iter().map(|m| m.version).max().unwrap_or(0);
        if newest > known {
            return Err(StoreError::Other(format!(
                "the database has migration {newest}, newer than this binary knows ({known}): upgrade lifeline"
            )));
        }
    }
    tx.commit().await?;
    Ok(ran)
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}
