//! The durable outbox: replies to messaging groups are written in the same transaction as the
//! reply itself, and a worker posts them to the group's robot webhook, retrying with back-off.
//! A delivery is `pending` until the robot accepts it (`sent`), or `failed` after the last try.

use std::time::Duration;

use domain::new_id;
use serde::Serialize;
use serde_json::json;
use store::cases::CaseRecord;
use store::consulting::OutboxRecord;

use crate::{App, Result};

/// Tries per delivery before it is marked failed.
pub const MAX_ATTEMPTS: i64 = 8;

/// Wait before the next try: 5 s, 10 s, 20 s … at most an hour.
pub fn backoff_ms(attempts: i64) -> i64 {
    let exp = attempts.clamp(1, 20) - 1;
    (5_000i64 << exp).min(3_600_000)
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
    store::consulting::enqueue(
        tx,
        &OutboxRecord {
            id: new_id(),
            case_id: Some(case.id),
            group_id: Some(group.id),
            target_url: url,
            format: group.webhook_format.clone(),
            payload: payload(
                &group.webhook_format,
                &case.id.to_string(),
                sender,
                &text,
                now,
            ),
            state: "pending".into(),
            attempts: 0,
            next_attempt_at: now,
            last_error: None,
            created_at: now,
            sent_at: None,
        },
    )
    .await?;
    Ok(true)
}

/// A delivery as the case page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct DeliveryView {
    pub id: String,
    pub state: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub next_attempt_at: Option<i64>,
    pub sent_at: Option<i64>,
    pub created_at: i64,
}

pub(crate) fn delivery_view(o: &OutboxRecord) -> DeliveryView {
    DeliveryView {
        id: o.id.to_string(),
        state: o.state.clone(),
        attempts: o.attempts,
        last_error: o.last_error.clone(),
        next_attempt_at: (o.state == "pending").then_some(o.next_attempt_at),
        sent_at: o.sent_at,
        created_at: o.created_at,
    }
}

/// Posts one delivery; Ok when the robot accepted it.
async fn post(client: &reqwest::Client, o: &OutboxRecord) -> std::result::Result<(), String> {
    let resp = client
        .post(&o.target_url)
        .header("content-type", "application/json")
        .body(o.payload.clone())
        .send()
        .await
        .map_err(|e| format!("could not reach the webhook: {e}"))?;
    let status = resp.status();
    let body = resp.text().await.unwrap_or_default();
    if !status.is_success() {
        return Err(format!(
            "the webhook answered {status}: {}",
            body.chars().take(200).collect::<String>()
        ));
    }
    // A WeCom robot answers 200 with {"errcode": 0} on success and a non-zero code otherwise.
    if o.format == "wecom"
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

/// Sends every delivery that is due; returns how many were tried.
pub async fn run_once(app: &App, client: &reqwest::Client) -> Result<usize> {
    let due = {
        let mut rd = app.db.read().await?;
        store::consulting::due(&mut rd, app.now(), 50).await?
    };
    for mut o in due.iter().cloned() {
        // Claimed first (a lease on its next attempt), so that two workers never post it both.
        let now = app.now();
        let lease = now + 60_000;
        let claimed = async {
            let mut tx = app.db.begin().await?;
            let ok = store::consulting::claim(&mut tx, o.id, o.attempts, now, lease).await?;
            tx.commit().await?;
            Ok::<bool, crate::AppError>(ok)
        }
        .await;
        match claimed {
            Ok(true) => {}
            Ok(false) => continue,
            Err(e) => {
                tracing::warn!(delivery = %o.id, error = ?e, "could not claim a delivery");
                continue;
            }
        }
        let outcome = post(client, &o).await;
        let now = app.now();
        o.attempts += 1;
        match outcome {
            Ok(()) => {
                o.state = "sent".into();
                o.sent_at = Some(now);
                o.last_error = None;
            }
            Err(e) => {
                tracing::warn!(delivery = %o.id, attempts = o.attempts, error = %e, "webhook delivery failed");
                o.last_error = Some(e);
                if o.attempts >= MAX_ATTEMPTS {
                    o.state = "failed".into();
                } else {
                    o.next_attempt_at = now + backoff_ms(o.attempts);
                }
            }
        }
        // At least once: if this cannot be recorded, the lease runs out and it is tried again.
        let recorded = async {
            let mut tx = app.db.begin().await?;
            store::consulting::record_attempt(&mut tx, &o).await?;
            tx.commit().await?;
            Ok::<(), store::StoreError>(())
        }
        .await;
        if let Err(e) = recorded {
            tracing::warn!(delivery = %o.id, error = ?e, "could not record a delivery attempt");
        }
    }
    Ok(due.len())
}

/// Drains the outbox every second until the process stops.
pub fn spawn_worker(app: App) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let client = client();
        loop {
            if let Err(e) = run_once(&app, &client).await {
                tracing::warn!(error = ?e, "the outbox worker could not run");
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_doubles_up_to_an_hour() {
        assert_eq!(backoff_ms(1), 5_000);
        assert_eq!(backoff_ms(2), 10_000);
        assert_eq!(backoff_ms(4), 40_000);
        assert_eq!(backoff_ms(30), 3_600_000);
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
