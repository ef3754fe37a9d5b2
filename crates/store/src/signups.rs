//! Enterprise sign-ups and colleagues' invitations (issue 13, enterprise accounts).

use domain::{DistrictCode, Id, Uscc};

use crate::Result;
use crate::db::{Row, Tx, q};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignupRecord {
    pub id: Id,
    pub uscc: Uscc,
    pub name: String,
    pub district: DistrictCode,
    pub contact_name: String,
    /// E.164.
    pub mobile: String,
    pub email: String,
    pub password_hash: String,
    /// awaiting_code, awaiting_approval, awaiting_registration, active or refused.
    pub state: String,
    pub code_hash: Option<String>,
    pub code_expires_at: Option<i64>,
    pub code_tries: i64,
    pub user_id: Option<Id>,
    pub decided_by: Option<Id>,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLS: &str = "id, uscc, name, district, contact_name, mobile, email, password_hash, state, code_hash, code_expires_at, code_tries, user_id, decided_by, created_at, updated_at";

fn from_row(r: &Row) -> Result<SignupRecord> {
    Ok(SignupRecord {
        id: r.get("id")?,
        uscc: r.get("uscc")?,
        name: r.get("name")?,
        district: r.get("district")?,
        contact_name: r.get("contact_name")?,
        mobile: r.get("mobile")?,
        email: r.get("email")?,
        password_hash: r.get("password_hash")?,
        state: r.get("state")?,
        code_hash: r.get("code_hash")?,
        code_expires_at: r.get("code_expires_at")?,
        code_tries: r.get("code_tries")?,
        user_id: r.get("user_id")?,
        decided_by: r.get("decided_by")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
    })
}

pub async fn insert(tx: &mut Tx, s: &SignupRecord) -> Result<()> {
    tx.execute(
        q(format!("INSERT INTO enterprise_signups ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"))
            .bind(s.id)
            .bind(&s.uscc)
            .bind(&s.name)
            .bind(&s.district)
            .bind(&s.contact_name)
            .bind(&s.mobile)
            .bind(&s.email)
            .bind(&s.password_hash)
            .bind(&s.state)
            .bind(s.code_hash.clone())
            .bind(s.code_expires_at)
            .bind(s.code_tries)
            .bind(s.user_id)
            .bind(s.decided_by)
            .bind(s.created_at)
            .bind(s.updated_at),
    )
    .await?;
    Ok(())
}

/// Writes the changing fields of a sign-up: its state, code, tries, account and decider.
pub async fn update(tx: &mut Tx, s: &SignupRecord) -> Result<()> {
    tx.execute(
        q("UPDATE enterprise_signups SET state = $2, code_hash = $3, code_expires_at = $4, code_tries = $5, user_id = $6, decided_by = $7, updated_at = $8 WHERE id = $1")
            .bind(s.id)
            .bind(&s.state)
            .bind(s.code_hash.clone())
            .bind(s.code_expires_at)
            .bind(s.code_tries)
            .bind(s.user_id)
            .bind(s.decided_by)
            .bind(s.updated_at),
    )
    .await?;
    Ok(())
}

pub async fn get(tx: &mut Tx, id: Id) -> Result<Option<SignupRecord>> {
    tx.fetch_optional(
        q(format!(
            "SELECT {COLS} FROM enterprise_signups WHERE id = $1"
        ))
        .bind(id),
    )
    .await?
    .as_ref()
    .map(from_row)
    .transpose()
}

/// Sign-ups waiting for a decision (code, approval or registration), oldest first; in one
/// district when `district` is given.
pub async fn pending(tx: &mut Tx, district: Option<&DistrictCode>) -> Result<Vec<SignupRecord>> {
    let states = "('awaiting_code', 'awaiting_approval', 'awaiting_registration')";
    let query = match district {
        Some(d) => q(format!(
            "SELECT {COLS} FROM enterprise_signups WHERE state IN {states} AND district = $1 ORDER BY created_at, id LIMIT 500"
        ))
        .bind(d),
        None => q(format!(
            "SELECT {COLS} FROM enterprise_signups WHERE state IN {states} ORDER BY created_at, id LIMIT 500"
        )),
    };
    tx.fetch_all(query).await?.iter().map(from_row).collect()
}

/// The active sign-up whose account is `user`, if any: that user administers the enterprise.
pub async fn active_of_user(tx: &mut Tx, user: Id) -> Result<Option<SignupRecord>> {
    tx.fetch_optional(
        q(format!(
            "SELECT {COLS} FROM enterprise_signups WHERE user_id = $1 AND state = 'active'"
        ))
        .bind(user),
    )
    .await?
    .as_ref()
    .map(from_row)
    .transpose()
}

/// Whether a sign-up for `uscc` is still waiting (one at a time per enterprise).
pub async fn open_for(tx: &mut Tx, uscc: &Uscc) -> Result<Option<SignupRecord>> {
    tx.fetch_optional(
        q(format!(
            "SELECT {COLS} FROM enterprise_signups WHERE uscc = $1 AND state IN ('awaiting_code', 'awaiting_approval', 'awaiting_registration') ORDER BY created_at DESC LIMIT 1"
        ))
        .bind(uscc),
    )
    .await?
    .as_ref()
    .map(from_row)
    .transpose()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitationRecord {
    pub id: Id,
    pub uscc: Uscc,
    pub email: String,
    pub token_hash: String,
    pub invited_by: Id,
    /// pending, accepted or revoked.
    pub state: String,
    pub expires_at: i64,
    pub user_id: Option<Id>,
    pub created_at: i64,
    pub updated_at: i64,
}

const INV_COLS: &str =
    "id, uscc, email, token_hash, invited_by, state, expires_at, user_id, created_at, updated_at";

fn invitation_from_row(r: &Row) -> Result<InvitationRecord> {
    Ok(InvitationRecord {
        id: r.get("id")?,
        uscc: r.get("uscc")?,
        email: r.get("email")?,
        token_hash: r.get("token_hash")?,
        invited_by: r.get("invited_by")?,
        state: r.get("state")?,
        expires_at: r.get("expires_at")?,
        user_id: r.get("user_id")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
    })
}

pub async fn insert_invitation(tx: &mut Tx, i: &InvitationRecord) -> Result<()> {
    tx.execute(
        q(format!("INSERT INTO enterprise_invitations ({INV_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"))
            .bind(i.id)
            .bind(&i.uscc)
            .bind(&i.email)
            .bind(&i.token_hash)
            .bind(i.invited_by)
            .bind(&i.state)
            .bind(i.expires_at)
            .bind(i.user_id)
            .bind(i.created_at)
            .bind(i.updated_at),
    )
    .await?;
    Ok(())
}

pub async fn update_invitation(tx: &mut Tx, i: &InvitationRecord) -> Result<()> {
    tx.execute(
        q("UPDATE enterprise_invitations SET state = $2, user_id = $3, updated_at = $4 WHERE id = $1")
            .bind(i.id)
            .bind(&i.state)
            .bind(i.user_id)
            .bind(i.updated_at),
    )
    .await?;
    Ok(())
}

pub async fn invitation_by_token(
    tx: &mut Tx,
    token_hash: &str,
) -> Result<Option<InvitationRecord>> {
    tx.fetch_optional(
        q(format!(
            "SELECT {INV_COLS} FROM enterprise_invitations WHERE token_hash = $1"
        ))
        .bind(token_hash),
    )
    .await?
    .as_ref()
    .map(invitation_from_row)
    .transpose()
}

pub async fn invitation(tx: &mut Tx, id: Id) -> Result<Option<InvitationRecord>> {
    tx.fetch_optional(
        q(format!(
            "SELECT {INV_COLS} FROM enterprise_invitations WHERE id = $1"
        ))
        .bind(id),
    )
    .await?
    .as_ref()
    .map(invitation_from_row)
    .transpose()
}

/// The pending invitations of `uscc`, newest first.
pub async fn pending_invitations(tx: &mut Tx, uscc: &Uscc) -> Result<Vec<InvitationRecord>> {
    tx.fetch_all(
        q(format!("SELECT {INV_COLS} FROM enterprise_invitations WHERE uscc = $1 AND state = 'pending' ORDER BY created_at DESC"))
            .bind(uscc),
    )
    .await?
    .iter()
    .map(invitation_from_row)
    .collect()
}
