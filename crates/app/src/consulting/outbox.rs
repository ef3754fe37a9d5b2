//! Replies to messaging groups, as the job queue's `group_reply` kind: a delivery is queued in
//! the same transaction as the reply itself, and the queue's worker posts it to the group's
//! robot webhook, retrying with back-off. A delivery is `pending` until the robot accepts it
//! (`sent`), or `failed` after the last try; the case page shows which.

use std::time::Duration;

use domain::Id;
use serde::{Deserialize, Serialize};
use serde_json::json;
use store::Tx;
use store::cases::CaseRecord;
use store::jobs::JobRecord;

use crate::jobs::{Backoff, Job, Kind, Registry};
use crate::{App, Result};

/// The job kind of a reply posted to a group's robot.
pub const KIND: &str = "group_reply";

/// Tries per delivery before it is dead (failed).
pub const MAX_ATTEMPTS: i64 = 8;

/// Wait before the next try: 5 s, 10 s, 20 s … at most an hour.
pub const BACKOFF: Backoff = Backoff::Doubling {
    first_ms: 5_000,
    max_ms: 3_600_000,
};

/// Registers the `group_reply` kind: its schedule and the handler that posts to the robot.
pub fn register(jobs: &Registry) {
    let client = client();
    jobs.register(Kind::new(KIND, BACKOFF, MAX_ATTEMPTS, move |_app, job| {
        let client = client.clone();
        async move { deliver(&client, &job).await }
    }));
}

/// What a `group_reply` job carries: where to post, in which format, and the body.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Delivery {
    pub(crate) url: String,
    pub(crate) format: String,
    pub(crate) body: String,
    pub(crate) group_id: Option<Id>,
}

/// The body posted to a group's robot.
pub fn payload(format: &str, case_id: &str, to: &str, text: &str, at: i64) -> String {
    match format {
        // The WeCom group-robot message: a text message mentioning nobody.
        "wecom" => json!({"msgtype": "text", "text": {"content": text}}).to_string(),
        _ => json!({"type": "reply", "case_id": case_id, "to": to, "text": text, "at": at})
            .to_string(),
    }
}

/// Queues a staff reply to an inquiry that came from a messaging group, in `tx`.
/// Returns false when the case did not come from a group or the group has no robot webhook.
pub(crate) async fn enqueue_reply(
    app: &App,
    tx: &mut store::Tx,
    case: &CaseRecord,
    text: &str,
) -> Result<bool> {
    let Some((group_id, sender)) = case.sender_key.as_deref().and_then(super::group_of) else {
        return Ok(false);
    };
    let Some(group) = store::consulting::get_group(tx, group_id)
        .await?
        .filter(|g| g.active)
    else {
        return Ok(false);
    };
    let Some(url) = group.webhook_url.clone() else {
        return Ok(false);
    };
    let now = app.now();
    let text = match group.webhook_format.as_str() {
        // A group robot cannot address one member; the reply names who asked.
        "wecom" => format!(
            "@{} {}",
            case.contact_name
                .as_deref()
                .and_then(|n| n.split(" (").next())
                .unwrap_or(sender),
            text
        ),
        _ => text.to_owned(),
    };
    let delivery = Delivery {
        url,
        body: payload(
            &group.webhook_format,
            &case.id.to_string(),
            sender,
            &text,
            now,
        ),
        format: group.webhook_format.clone(),
        group_id: Some(group.id),
    };
    let payload = serde_json::to_value(&delivery)
        .map_err(|e| crate::AppError::Unexpected(format!("a reply could not be queued: {e}")))?;
    crate::jobs::enqueue(app, tx, KIND, Some(case.id.to_string()), &payload).await?;
    Ok(true)
}

/// A delivery as the case page shows it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DeliveryView {
    pub id: String,
    pub state: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub next_attempt_at: Option<i64>,
    pub sent_at: Option<i64>,
    pub created_at: i64,
}

fn delivery_view(j: &JobRecord) -> DeliveryView {
    let state = match j.state.as_str() {
        "done" => "sent",
        "dead" => "failed",
        _ => "pending",
    };
    DeliveryView {
        id: j.id.to_string(),
        state: state.to_owned(),
        attempts: j.attempts,
        last_error: j.last_error.clone(),
        next_attempt_at: (j.state == "queued").then_some(j.run_at),
        sent_at: j.finished_at.filter(|_| j.state == "done"),
        created_at: j.created_at,
    }
}

/// The replies of a case to its group, oldest first, with their delivery state.
pub(crate) async fn deliveries(rd: &mut Tx, case_id: Id) -> Result<Vec<DeliveryView>> {
    Ok(store::jobs::of_subject(rd, KIND, &case_id.to_string())
        .await?
        .iter()
        .map(delivery_view)
        .collect())
}

/// Posts one delivery (a [`Delivery`] as the job's payload); Ok when the robot accepted it.
/// The staff group robots' `notify_robot` kind posts through it too.
pub(crate) async fn deliver(
    client: &reqwest::Client,
    job: &Job,
) -> std::result::Result<(), String> {
    let d: Delivery = serde_json::from_str(&job.payload)
        .map_err(|e| format!("the delivery cannot be read: {e}"))?;
    let resp = client
        .post(&d.url)
        .header("content-type", "application/json")
        .body(d.body.clone())
        .send()
        .await
        // Without the URL: a robot's URL carries its key.
        .map_err(|e| format!("could not reach the webhook: {}", e.without_url()))?;
    let status = resp.status();
    let body = resp.text().await.unwrap_or_default();
    if !status.is_success() {
        return Err(format!(
            "the webhook answered {status}: {}",
            body.chars().take(200).collect::<String>()
        ));
    }
    // A WeCom robot answers 200 with {"errcode": 0} on success and a non-zero code otherwise.
    if d.format == "wecom"
        && let Ok(v) = serde_json::from_str::<serde_json::Value>(&body)
        && let Some(code) = v.get("errcode").and_then(serde_json::Value::as_i64)
        && code != 0
    {
        return Err(format!(
            "the robot refused the message: errcode {code} {}",
            v.get("errmsg").and_then(|m| m.as_str()).unwrap_or("")
        ));
    }
    Ok(())
}

pub fn client() -> reqwest::Client {
    // TLS needs a process-wide crypto provider; a second install (already there) is harmless.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .connect_timeout(Duration::from_secs(5))
        .build()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_doubles_up_to_an_hour() {
        assert_eq!(BACKOFF.delay_ms(1), 5_000);
        assert_eq!(BACKOFF.delay_ms(2), 10_000);
        assert_eq!(BACKOFF.delay_ms(4), 40_000);
        assert_eq!(BACKOFF.delay_ms(30), 3_600_000);
    }

    #[test]
    fn the_wecom_body_is_a_robot_text_message() {
        let v: serde_json::Value =
            serde_json::from_str(&payload("wecom", "c1", "u1", "您好", 0)).unwrap_or_default();
        assert_eq!(v["msgtype"], "text");
        assert_eq!(v["text"]["content"], "您好");
        let g: serde_json::Value =
            serde_json::from_str(&payload("generic", "c1", "u1", "hi", 7)).unwrap_or_default();
        assert_eq!(g["case_id"], "c1");
        assert_eq!(g["to"], "u1");
    }
}
