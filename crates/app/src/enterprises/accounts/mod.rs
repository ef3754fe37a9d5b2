//! Enterprise accounts (issue 13): an enterprise signs up with its USCC, its contact and a
//! password, and is confirmed against the registry: by a one-time code sent to the contact the
//! *registry* holds (never to what the applicant typed), by its district official's approval,
//! or, when it is not in the registry yet, by the district official registering it. The account
//! that a sign-up makes administers the enterprise and invites colleagues.
//!
//! Writes only its own tables (sign-ups, invitations); accounts are made through
//! [`crate::auth::users`], enterprises registered through [`crate::enterprises::register`].

pub mod code;
pub mod colleagues;
pub mod queue;
pub mod signup;

use domain::Id;
use serde::Serialize;
use serde_json::json;
use store::Tx;
use store::signups::SignupRecord;

use crate::audit::{self, Change};
use crate::{App, AppError, Ctx, Result};

pub use queue::{approve, pending, refuse, register_and_approve};
pub use signup::{NewSignup, confirm, sign_up, status};

/// A sign-up as its applicant and the district official see it (never the password or code).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SignupView {
    pub id: String,
    /// awaiting_code, awaiting_approval, awaiting_registration, active or refused.
    pub state: String,
    pub uscc: String,
    pub name: String,
    pub district: String,
    pub contact_name: String,
    /// Where the code went, masked (the registry's contact), while one is expected.
    pub code_sent_to: Vec<String>,
    /// Whether the enterprise is in the registry.
    pub registered: bool,
    pub created_at: i64,
}

/// The applicant's typed contact, shown only to the district official who decides.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ApplicantView {
    #[serde(flatten)]
    pub signup: SignupView,
    pub mobile: String,
    pub email: String,
}

/// `138****5678`, `+8190****5678`: enough to recognise, too little to use.
pub fn mask_mobile(e164: &str) -> String {
    let digits: Vec<char> = e164.chars().collect();
    if digits.len() <= 7 {
        return "****".into();
    }
    let shown: String = digits[..digits.len() - 8].iter().collect();
    let tail: String = digits[digits.len() - 4..].iter().collect();
    format!("{shown}****{tail}")
}

/// `w***@example.cn`.
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".into(),
    }
}

pub(crate) fn view(s: &SignupRecord, sent_to: Vec<String>, registered: bool) -> SignupView {
    SignupView {
        id: s.id.to_string(),
        state: s.state.clone(),
        uscc: s.uscc.as_str().to_owned(),
        name: s.name.clone(),
        district: s.district.as_str().to_owned(),
        contact_name: s.contact_name.clone(),
        code_sent_to: if s.state == "awaiting_code" {
            sent_to
        } else {
            Vec::new()
        },
        registered,
        created_at: s.created_at,
    }
}

fn signup_json(s: &SignupRecord) -> serde_json::Value {
    json!({"uscc": s.uscc, "name": s.name, "district": s.district, "contact_name": s.contact_name,
           "mobile": s.mobile, "email": s.email, "state": s.state, "code_tries": s.code_tries,
           "user_id": s.user_id, "decided_by": s.decided_by})
}

/// The audit entry of one step of a sign-up.
pub(crate) async fn audit_step(
    app: &App,
    tx: &mut Tx,
    ctx: &Ctx,
    action: &'static str,
    before: Option<&SignupRecord>,
    after: &SignupRecord,
) -> Result<()> {
    audit::record(
        app,
        tx,
        ctx,
        Change {
            action,
            object_type: "enterprise_signup",
            object_id: after.id.to_string(),
            before: before.map(signup_json),
            after: Some(signup_json(after)),
        },
    )
    .await
}

/// Makes the enterprise administrator's account of a confirmed sign-up, in `tx`.
pub(crate) async fn activate(
    app: &App,
    tx: &mut Tx,
    ctx: &Ctx,
    s: &mut SignupRecord,
    decided_by: Option<Id>,
    action: &'static str,
) -> Result<()> {
    let before = s.clone();
    let user = crate::auth::users::insert_enterprise_user(
        app,
        tx,
        ctx,
        crate::auth::users::EnterpriseAccount {
            email: &s.email,
            name: &s.contact_name,
            uscc: &s.uscc,
            password_hash: &s.password_hash,
        },
    )
    .await?;
    s.state = "active".into();
    s.user_id = Some(user);
    s.decided_by = decided_by;
    s.code_hash = None;
    s.code_expires_at = None;
    s.updated_at = app.now();
    store::signups::update(tx, s).await?;
    audit_step(app, tx, ctx, action, Some(&before), s).await
}

/// A sign-up by id, or "not found".
pub(crate) async fn load(tx: &mut Tx, id: Id) -> Result<SignupRecord> {
    store::signups::get(tx, id).await?.ok_or(AppError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::{mask_email, mask_mobile};

    #[test]
    fn contacts_are_masked() {
        assert_eq!(mask_mobile("+8613812345678"), "+86138****5678");
        assert_eq!(mask_mobile("+819012345678"), "+8190****5678");
        assert_eq!(mask_email("wang@example.cn"), "w***@example.cn");
    }
}
