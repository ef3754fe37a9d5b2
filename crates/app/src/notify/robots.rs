//! Staff messaging group robots: a division may have one robot (a webhook URL and its body
//! format, `wecom` or `json`), set by its chief or an admin. The division-level events — a case
//! routed to the division, escalated, an SLA breached — are also posted to it, in zh-CN (the
//! bureau's language), as a `notify_robot` job queued in the cause's transaction: retried on
//! the queue's schedule and shown in `/staff/jobs`. Posting is the consulting outbox's
//! ([`crate::consulting::outbox::deliver`]); the URL, which carries the robot's key, is shown
//! masked and never written to a job's error.

use domain::{Action, DivisionCode, FieldError, Resource, Role};
use serde::{Deserialize, Serialize};
use serde_json::json;
use store::Tx;
use store::cases::CaseScope;

use super::recipients::Facts;
use super::{Event, Lang, templates};
use crate::audit::{self, Change};
use crate::consulting::outbox::{self, Delivery};
use crate::jobs::{Backoff, Kind, Registry};
use crate::{App, AppError, Ctx, Result};

/// The job kind of a notice posted to a division's robot.
pub const KIND: &str = "notify_robot";
/// The body formats a robot takes.
pub const FORMATS: &[&str] = &["wecom", "json"];
const MAX_ATTEMPTS: i64 = 8;
const BACKOFF: Backoff = Backoff::Doubling {
    first_ms: 10_000,
    max_ms: 3_600_000,
};

/// A division's robot as its chief and admins see it: the URL masked.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RobotView {
    pub division: String,
    /// Whether the division has a robot.
    pub configured: bool,
    /// Scheme and host, then only the last four characters (the rest is the robot's key).
    pub url_masked: Option<String>,
    pub format: Option<String>,
    pub set_at: Option<i64>,
}

/// A robot to set: `url` null or empty removes the division's robot.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RobotInput {
    pub url: Option<String>,
    /// `wecom` (a WeCom group robot's text message) or `json`; `wecom` when omitted.
    pub format: Option<String>,
}

/// `https://host/…abcd`: enough to recognise the robot, not enough to post to it.
pub fn mask(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let tail: String = {
        let c: Vec<char> = url.chars().collect();
        c[c.len().saturating_sub(4)..].iter().collect()
    };
    format!("{scheme}://{host}/…{tail}")
}

/// The division the caller may manage: an admin any, a chief only their own; otherwise (or an
/// unknown code) "not found".
fn scope(ctx: &Ctx, action: Action, code: &str) -> Result<DivisionCode> {
    ctx.require(Resource::DivisionRobot, action)?;
    let division = DivisionCode::parse(code).map_err(|_| AppError::NotFound)?;
    let p = ctx.principal().ok_or(AppError::Forbidden)?;
    match p.role {
        Role::Admin => Ok(division),
        Role::DivisionChief if p.division == Some(division) => Ok(division),
        _ => Err(AppError::NotFound),
    }
}

fn view(division: DivisionCode, r: Option<store::notify::RobotRecord>) -> RobotView {
    RobotView {
        division: division.as_str().to_owned(),
        configured: r.is_some(),
        url_masked: r.as_ref().map(|r| mask(&r.url)),
        format: r.as_ref().map(|r| r.format.clone()),
        set_at: r.map(|r| r.set_at),
    }
}

/// The division's robot (masked).
pub async fn get(app: &App, ctx: &Ctx, code: &str) -> Result<RobotView> {
    let division = scope(ctx, Action::Read, code)?;
    let mut rd = app.db.read().await?;
    Ok(view(
        division,
        store::notify::robot(&mut rd, division).await?,
    ))
}

/// Sets or removes the division's robot; audited without the URL's key.
pub async fn set(app: &App, ctx: &Ctx, code: &str, input: RobotInput) -> Result<RobotView> {
    let division = scope(ctx, Action::Update, code)?;
    let url = input
        .url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty());
    let format = input.format.as_deref().map(str::trim).unwrap_or("wecom");
    let mut errs = Vec::new();
    if !FORMATS.contains(&format) {
        errs.push(FieldError::new(
            "format",
            "unknown_format",
            format!("the formats are {}", FORMATS.join(", ")),
        ));
    }
    if let Some(u) = url {
        let host = u
            .strip_prefix("https://")
            .or_else(|| u.strip_prefix("http://"))
            .map(|r| r.split(['/', '?', '#']).next().unwrap_or_default());
        if host.is_none_or(str::is_empty) || u.contains(char::is_whitespace) {
            errs.push(FieldError::new(
                "url",
                "invalid_url",
                "the robot's webhook address starts with http:// or https:// and names a host",
            ));
        }
    }
    if !errs.is_empty() {
        return Err(AppError::Invalid(errs));
    }
    let mut tx = app.db.begin().await?;
    let (_, actor) = ctx.actor_label();
    store::notify::set_robot(
        &mut tx,
        division,
        url.map(|u| (u, format)),
        &actor,
        app.now(),
    )
    .await?;
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action: if url.is_some() {
                "division_robot_set"
            } else {
                "division_robot_removed"
            },
            object_type: "division",
            object_id: division.as_str().to_owned(),
            before: None,
            after: url.map(|u| json!({"url": mask(u), "format": format})),
        },
    )
    .await?;
    tx.commit().await?;
    let mut rd = app.db.read().await?;
    Ok(view(
        division,
        store::notify::robot(&mut rd, division).await?,
    ))
}

/// Queues the event's notice to its division's robot, in the cause's transaction; nothing for
/// an event that is not division-level or a division without a robot.
pub(super) async fn queue(tx: &mut Tx, app: &App, event: &Event, facts: &Facts) -> Result<()> {
    let division = match event {
        Event::CaseRouted { division, .. } => Some(*division),
        Event::CaseEscalated { case } | Event::SlaBreached { case, .. } => {
            store::cases::get(tx, &CaseScope::All, *case)
                .await?
                .map(|c| c.division)
        }
        _ => None,
    };
    let Some(division) = division else {
        return Ok(());
    };
    let Some(robot) = store::notify::robot(tx, division).await? else {
        return Ok(());
    };
    let msg = templates::render(Lang::ZhCn, event, facts);
    let text = format!("{}\n{}", msg.subject, msg.body);
    let case = event.case().map(|c| c.to_string());
    let body = match robot.format.as_str() {
        "wecom" => outbox::payload("wecom", "", "", &text, 0),
        _ => json!({
            "type": "notice",
            "event": event.name(),
            "division": division.as_str(),
            "case_id": case,
            "subject": msg.subject,
            "text": text,
            "at": app.now(),
        })
        .to_string(),
    };
    let delivery = Delivery {
        url: robot.url,
        format: robot.format,
        body,
        group_id: None,
    };
    let payload = serde_json::to_value(&delivery)
        .map_err(|e| AppError::Unexpected(format!("a robot notice could not be queued: {e}")))?;
    crate::jobs::enqueue(app, tx, KIND, case, &payload).await?;
    Ok(())
}

/// Registers the `notify_robot` kind: the consulting outbox's posting, on the notices' schedule.
pub(super) fn register(jobs: &Registry) {
    let client = outbox::client();
    jobs.register(Kind::new(KIND, BACKOFF, MAX_ATTEMPTS, move |_app, job| {
        let client = client.clone();
        async move { outbox::deliver(&client, &job).await }
    }));
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn a_masked_url_keeps_the_host_and_hides_the_key() {
        assert_eq!(
            mask("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdef123456"),
            "https://qyapi.weixin.qq.com/…3456"
        );
    }
}
