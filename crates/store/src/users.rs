//! User accounts and failed-login records.

use domain::{DistrictCode, DivisionCode, Id, Role, Uscc};

use crate::db::{Row, Tx, q};
use crate::list::{ListQuery, paged};
use crate::{Page, Result, StoreError};

#[derive(Debug, Clone)]
pub struct UserRecord {
    pub id: Id,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub division: Option<DivisionCode>,
    pub district: Option<DistrictCode>,
    pub enterprise: Option<Uscc>,
    pub password_hash: String,
    pub disabled: bool,
    pub locked_until: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

pub(crate) const COLS: &str = "id, email, name, role, division, district, enterprise, password_hash, disabled, locked_until, created_at, updated_at";

impl UserRecord {
    pub(crate) fn from_row(r: &Row) -> Result<Self> {
        let role: String = r.get("role")?;
        Ok(UserRecord {
            id: r.get("id")?,
            email: r.get("email")?,
            name: r.get("name")?,
            role: role.parse().map_err(StoreError::Other)?,
            division: r.get("division")?,
            district: r.get("district")?,
            enterprise: r.get("enterprise")?,
            password_hash: r.get("password_hash")?,
            disabled: r.get("disabled")?,
            locked_until: r.get("locked_until")?,
            created_at: r.get("created_at")?,
            updated_at: r.get("updated_at")?,
        })
    }
}

pub async fn insert(tx: &mut Tx, u: &UserRecord) -> Result<()> {
    tx.execute(
        q(format!(
            "INSERT INTO users ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
        ))
        .bind(u.id)
        .bind(&u.email)
        .bind(&u.name)
        .bind(u.role.as_str())
        .bind(u.division)
        .bind(u.district.clone())
        .bind(u.enterprise.clone())
        .bind(&u.password_hash)
        .bind(u.disabled)
        .bind(u.locked_until)
        .bind(u.created_at)
        .bind(u.updated_at),
    )
    .await?;
    Ok(())
}

pub async fn get(tx: &mut Tx, id: Id) -> Result<Option<UserRecord>> {
    tx.fetch_optional(q(format!("SELECT {COLS} FROM users WHERE id = $1")).bind(id))
        .await?
        .map(|r| UserRecord::from_row(&r))
        .transpose()
}

pub async fn find_by_email(tx: &mut Tx, email: &str) -> Result<Option<UserRecord>> {
    tx.fetch_optional(q(format!("SELECT {COLS} FROM users WHERE email = $1")).bind(email))
        .await?
        .map(|r| UserRecord::from_row(&r))
        .transpose()
}

/// The scope predicate for user lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserScope {
    /// Every user.
    All,
    /// The users of one division.
    Division(DivisionCode),
    /// Nobody.
    Nothing,
}

pub async fn list(
    tx: &mut Tx,
    scope: &UserScope,
    limit: i64,
    after: Option<&str>,
) -> Result<Page<UserRecord>> {
    let (mut where_, mut args) = (String::from(" WHERE 1 = 1"), Vec::new());
    match scope {
        UserScope::All => {}
        UserScope::Division(d) => {
            args.push((*d).into());
            where_.push_str(" AND division = $1");
        }
        UserScope::Nothing => where_.push_str(" AND 1 = 0"),
    }
    let lq = ListQuery {
        cols: COLS,
        from: "users",
        where_,
        args,
        after: after.map(|a| ("id >", a.into())),
        order: "id",
        limit,
    };
    paged(tx, lq, UserRecord::from_row, |u| u.id.to_string()).await
}

pub async fn set_disabled(tx: &mut Tx, id: Id, disabled: bool, now: i64) -> Result<()> {
    let n = tx
        .execute(
            q("UPDATE users SET disabled = $1, updated_at = $2 WHERE id = $3")
                .bind(disabled)
                .bind(now)
                .bind(id),
        )
        .await?;
    if n == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

pub async fn set_locked_until(tx: &mut Tx, id: Id, until: Option<i64>) -> Result<()> {
    tx.execute(
        q("UPDATE users SET locked_until = $1 WHERE id = $2")
            .bind(until)
            .bind(id),
    )
    .await?;
    Ok(())
}

pub async fn set_password_hash(tx: &mut Tx, id: Id, hash: &str, now: i64) -> Result<()> {
    tx.execute(
        q("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
            .bind(hash)
            .bind(now)
            .bind(id),
    )
    .await?;
    Ok(())
}

pub async fn record_failure(tx: &mut Tx, email: &str, at: i64) -> Result<()> {
    tx.execute(
        q("INSERT INTO login_failures (email, at) VALUES ($1, $2)")
            .bind(email)
            .bind(at),
    )
    .await?;
    Ok(())
}

pub async fn count_failures_since(tx: &mut Tx, email: &str, since: i64) -> Result<i64> {
    tx.fetch_one(
        q("SELECT count(*) AS n FROM login_failures WHERE email = $1 AND at >= $2")
            .bind(email)
            .bind(since),
    )
    .await?
    .get("n")
}

pub async fn clear_failures(tx: &mut Tx, email: &str) -> Result<()> {
    tx.execute(q("DELETE FROM login_failures WHERE email = $1").bind(email))
        .await?;
    Ok(())
}

/// Forgets failed sign-ins older than `before` (they no longer count towards a lock).
pub async fn purge_failures_before(tx: &mut Tx, before: i64) -> Result<u64> {
    tx.execute(q("DELETE FROM login_failures WHERE at < $1").bind(before))
        .await
}

/// The enterprise users of `uscc`, by name.
pub async fn of_enterprise(tx: &mut Tx, uscc: &domain::Uscc) -> Result<Vec<UserRecord>> {
    tx.fetch_all(
        q(format!(
            "SELECT {COLS} FROM users WHERE role = 'enterprise_user' AND enterprise = $1 ORDER BY name, email"
        ))
        .bind(uscc),
    )
    .await?
    .iter()
    .map(UserRecord::from_row)
    .collect()
}
