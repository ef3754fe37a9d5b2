//! Who an event concerns, and the facts its message needs (case subject, enterprise name,
//! division names), read in the emitting use case's transaction. Reads only.

use domain::{DivisionCode, Id, Role, Uscc};
use store::Tx;
use store::cases::{CaseRecord, CaseScope};
use store::users::UserRecord;

use super::{Contact, Event};
use crate::{App, Result};

/// One person to tell.
#[derive(Debug, Clone)]
pub enum Recipient {
    User(UserRecord),
    Contact(Contact),
}

/// What the templates fill in; names in Chinese and English where they have both.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub case_subject: String,
    pub case_status: Option<domain::cases::Status>,
    pub enterprise: String,
    pub enterprise_en: Option<String>,
    pub division_zh: String,
    pub division_en: String,
    pub person: String,
    pub assignee: String,
    pub programme_zh: String,
    pub programme_en: String,
}

pub struct Resolved {
    pub recipients: Vec<Recipient>,
    pub facts: Facts,
    /// Where the inbox entry leads (a staff case page, the portal's case).
    pub link: Option<String>,
}

/// The recipients of `event` and its facts. A user appears once however many roles make them
/// a recipient; disabled users are never told.
pub async fn resolve(tx: &mut Tx, app: &App, event: &Event) -> Result<Resolved> {
    let _ = app;
    let mut facts = Facts::default();
    let case = match event.case() {
        Some(id) => store::cases::get(tx, &CaseScope::All, id).await?,
        None => None,
    };
    if let Some(c) = &case {
        case_facts(tx, c, &mut facts).await?;
    }
    let mut users: Vec<UserRecord> = Vec::new();
    let mut contacts: Vec<Contact> = Vec::new();
    match event {
        Event::CaseRouted { division, .. } => {
            division_facts(tx, *division, &mut facts).await?;
            users.extend(chief_and_on_duty(tx, *division).await?);
        }
        Event::CaseAssigned { assignee, .. } => {
            users.extend(store::users::get(tx, *assignee).await?);
        }
        Event::CaseEscalated { .. } | Event::SlaBreached { .. } => {
            if let Some(c) = &case {
                users.extend(assignee(tx, c).await?);
                users.extend(chiefs(tx, c.division).await?);
            }
        }
        Event::DecisionDue { .. } => {
            if let Some(c) = &case {
                match assignee(tx, c).await? {
                    Some(u) => users.push(u),
                    None => users.extend(chiefs(tx, c.division).await?),
                }
            }
        }
        Event::SlaAtRisk { .. } | Event::EnterpriseReplied { .. } => {
            if let Some(c) = &case {
                match assignee(tx, c).await? {
                    Some(u) => users.push(u),
                    None => users.extend(chief_and_on_duty(tx, c.division).await?),
                }
            }
        }
        Event::QuestionAnswered { to, .. }
        | Event::SignUpCode { to, .. }
        | Event::Invitation { to, .. } => contacts.push(to.clone()),
        Event::Designated { uscc, official } => {
            if let Some(e) = store::enterprises::get(tx, uscc).await? {
                facts.enterprise = e.name;
                facts.enterprise_en = e.name_en;
            }
            if let Some(o) = store::users::get(tx, *official).await? {
                facts.person = o.name.clone();
                users.push(o);
            }
            users.extend(store::notify::enterprise_users(tx, uscc).await?);
        }
        Event::Digest { user, .. } => users.extend(store::users::get(tx, *user).await?),
        Event::FundEntitlement { uscc, .. } => {
            users.extend(enterprise(tx, uscc, &mut facts).await?);
        }
        Event::FundApplication {
            uscc, programme, ..
        } => {
            if let Some(p) = store::funds::get(tx, *programme).await? {
                facts.programme_zh = p.name_zh;
                facts.programme_en = p.name_en;
            }
            users.extend(enterprise(tx, uscc, &mut facts).await?);
        }
    }
    users.retain(|u| !u.disabled);
    let mut seen = std::collections::HashSet::new();
    users.retain(|u| seen.insert(u.id));
    let link = match event {
        Event::FundEntitlement { entitlement, .. } => {
            Some(format!("/portal/entitlements/{entitlement}"))
        }
        Event::FundApplication { application, .. } => {
            Some(format!("/portal/funds/applications/{application}"))
        }
        _ => case.as_ref().map(|c| format!("/staff/cases/{}", c.id)),
    };
    let mut recipients: Vec<Recipient> = users.into_iter().map(Recipient::User).collect();
    recipients.extend(contacts.into_iter().map(Recipient::Contact));
    Ok(Resolved {
        recipients,
        facts,
        link,
    })
}

async fn case_facts(tx: &mut Tx, c: &CaseRecord, facts: &mut Facts) -> Result<()> {
    facts.case_subject.clone_from(&c.subject);
    facts.case_status = Some(c.status);
    division_facts(tx, c.division, facts).await?;
    if let Some(u) = &c.enterprise
        && let Some(e) = store::enterprises::get(tx, u).await?
    {
        facts.enterprise = e.name;
        facts.enterprise_en = e.name_en;
    } else {
        // A question from someone without an enterprise: who asked.
        facts.enterprise = c.contact_name.clone().unwrap_or_else(|| "—".into());
    }
    if let Some(a) = c.assignee_id
        && let Some(u) = store::users::get(tx, a).await?
    {
        facts.assignee = u.name;
    }
    Ok(())
}

/// The enterprise's names into `facts`, and its users.
async fn enterprise(tx: &mut Tx, uscc: &Uscc, facts: &mut Facts) -> Result<Vec<UserRecord>> {
    if let Some(e) = store::enterprises::get(tx, uscc).await? {
        facts.enterprise = e.name;
        facts.enterprise_en = e.name_en;
    }
    Ok(store::notify::enterprise_users(tx, uscc).await?)
}

async fn division_facts(tx: &mut Tx, d: DivisionCode, facts: &mut Facts) -> Result<()> {
    let all = store::org::list_divisions(tx).await?;
    if let Some(r) = all.iter().find(|r| r.code == d) {
        facts.division_zh.clone_from(&r.name_zh);
        facts.division_en.clone_from(&r.name_en);
    }
    Ok(())
}

async fn assignee(tx: &mut Tx, c: &CaseRecord) -> Result<Option<UserRecord>> {
    Ok(match c.assignee_id {
        Some(a) => store::users::get(tx, a).await?,
        None => None,
    })
}

async fn chiefs(tx: &mut Tx, d: DivisionCode) -> Result<Vec<UserRecord>> {
    Ok(store::notify::division_users(tx, d, &[Role::DivisionChief.as_str()]).await?)
}

/// The division's chief and its staff on duty; all its staff when nobody is on duty.
pub async fn chief_and_on_duty(tx: &mut Tx, d: DivisionCode) -> Result<Vec<UserRecord>> {
    let mut out = chiefs(tx, d).await?;
    let staff = store::notify::division_users(tx, d, &[Role::DivisionStaff.as_str()]).await?;
    let on_duty: Vec<Id> = store::notify::on_duty(tx, d).await?;
    if on_duty.is_empty() {
        out.extend(staff);
    } else {
        out.extend(staff.into_iter().filter(|u| on_duty.contains(&u.id)));
    }
    Ok(out)
}

/// A user's mobile number from the staff directory, if they have one.
pub async fn mobile_of(tx: &mut Tx, user: Id) -> Result<Option<String>> {
    Ok(store::people::all(tx)
        .await?
        .into_iter()
        .find(|p| p.user_id == Some(user))
        .and_then(|p| p.mobile))
}
