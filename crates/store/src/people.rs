//! The staff directory: people with their division, phones and e-mail.

use domain::{DivisionCode, Id};

use crate::db::{Row, Tx, q};
use crate::list::{ListQuery, like_contains, paged};
use crate::{Page, Result, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRecord {
    pub id: Id,
    pub name: String,
    pub name_en: Option<String>,
    pub title: String,
    pub division: Option<DivisionCode>,
    /// E.164.
    pub office_phone: Option<String>,
    /// E.164.
    pub mobile: Option<String>,
    pub email: Option<String>,
    pub user_id: Option<Id>,
    pub wg_role: String,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLS: &str = "id, name, name_en, title, division, office_phone, mobile, email, user_id, wg_role, created_at, updated_at";

pub(crate) fn from_row(r: &Row) -> Result<PersonRecord> {
    Ok(PersonRecord {
        id: r.get("id")?,
        name: r.get("name")?,
        name_en: r.get("name_en")?,
        title: r.get("title")?,
        division: r.get("division")?,
        office_phone: r.get("office_phone")?,
        mobile: r.get("mobile")?,
        email: r.get("email")?,
        user_id: r.get("user_id")?,
        wg_role: r.get("wg_role")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
    })
}

pub async fn insert(tx: &mut Tx, p: &PersonRecord) -> Result<()> {
    tx.execute(
        q(format!(
            "INSERT INTO people ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
        ))
        .bind(p.id)
        .bind(&p.name)
        .bind(p.name_en.clone())
        .bind(&p.title)
        .bind(p.division)
        .bind(p.office_phone.clone())
        .bind(p.mobile.clone())
        .bind(p.email.clone())
        .bind(p.user_id)
        .bind(&p.wg_role)
        .bind(p.created_at)
        .bind(p.updated_at),
    )
    .await?;
    Ok(())
}

pub async fn update(tx: &mut Tx, p: &PersonRecord) -> Result<()> {
    let n = tx
        .execute(
            q("UPDATE people SET name = $1, name_en = $2, title = $3, division = $4, office_phone = $5, mobile = $6, email = $7, user_id = $8, wg_role = $9, updated_at = $10 WHERE id = $11")
                .bind(&p.name)
                .bind(p.name_en.clone())
                .bind(&p.title)
                .bind(p.division)
                .bind(p.office_phone.clone())
                .bind(p.mobile.clone())
                .bind(p.email.clone())
                .bind(p.user_id)
                .bind(&p.wg_role)
                .bind(p.updated_at)
                .bind(p.id),
        )
        .await?;
    if n == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

pub async fn get(tx: &mut Tx, id: Id) -> Result<Option<PersonRecord>> {
    tx.fetch_optional(q(format!("SELECT {COLS} FROM people WHERE id = $1")).bind(id))
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

pub async fn find_by_name(tx: &mut Tx, name: &str) -> Result<Option<PersonRecord>> {
    tx.fetch_optional(q(format!("SELECT {COLS} FROM people WHERE name = $1")).bind(name))
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

pub async fn all(tx: &mut Tx) -> Result<Vec<PersonRecord>> {
    tx.fetch_all(q(format!("SELECT {COLS} FROM people ORDER BY name")))
        .await?
        .iter()
        .map(from_row)
        .collect()
}

/// Directory search over name, English name, title and e-mail; ordered by name.
pub async fn search(
    tx: &mut Tx,
    text: Option<&str>,
    division: Option<DivisionCode>,
    limit: i64,
    after: Option<&str>,
) -> Result<Page<PersonRecord>> {
    let mut where_ = String::from(" WHERE 1 = 1");
    let mut args: Vec<crate::Value> = Vec::new();
    if let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) {
        args.push(like_contains(t).into());
        let n = args.len();
        where_.push_str(&format!(
            " AND (lower(name) LIKE ${n} ESCAPE '\\' OR lower(coalesce(name_en, '')) LIKE ${n} ESCAPE '\\' OR lower(title) LIKE ${n} ESCAPE '\\' OR lower(coalesce(email, '')) LIKE ${n} ESCAPE '\\')"
        ));
    }
    if let Some(d) = division {
        args.push(d.into());
        where_.push_str(&format!(" AND division = ${}", args.len()));
    }
    let lq = ListQuery {
        cols: COLS,
        from: "people",
        where_,
        args,
        after: after.map(|a| ("name >", a.into())),
        order: "name",
        limit,
    };
    paged(tx, lq, from_row, |p: &PersonRecord| p.name.clone()).await
}

/// The directory entry of an account: linked by `user_id`, else with the same e-mail.
pub async fn find_for_user(tx: &mut Tx, user: Id, email: &str) -> Result<Option<PersonRecord>> {
    tx.fetch_optional(
        q(format!(
            "SELECT {COLS} FROM people WHERE user_id = $1 OR (user_id IS NULL AND lower(email) = lower($2)) ORDER BY user_id IS NULL, name LIMIT 1"
        ))
        .bind(user)
        .bind(email),
    )
    .await?
    .as_ref()
    .map(from_row)
    .transpose()
}
