//! The outward channels as job kinds: `notify_email` (SMTP through `lettre`) and `notify_sms`
//! (a JSON POST `{to, text}` to the configured HTTP gateway). Each delivery is one job queued
//! in the cause's transaction and retried on the queue's schedule (10 s doubling, at most an
//! hour, 8 tries); a dead one shows in `/admin/jobs` with its last error.
//!
//! A channel that is not configured (no `smtp_url`, no `sms_gateway_url`) queues nothing.

use std::sync::Arc;

use domain::Id;
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use serde::{Deserialize, Serialize};
use serde_json::json;
use store::Tx;

use super::templates::Message;
use crate::jobs::{Backoff, Job, Kind, Registry};
use crate::{App, Result};

pub const EMAIL: &str = "notify_email";
pub const SMS: &str = "notify_sms";
const MAX_ATTEMPTS: i64 = 8;
const BACKOFF: Backoff = Backoff::Doubling {
    first_ms: 10_000,
    max_ms: 3_600_000,
};

/// Where messages go out (configuration).
#[derive(Clone, Default)]
pub struct Config {
    /// `smtp://host:port` (plain, for a relay on loopback), `smtp://host:587?tls=required`
    /// (STARTTLS) or `smtps://host:465`; user and password may be in the URL.
    pub smtp_url: Option<String>,
    /// The sender, e.g. `Lifeline <noreply@lifeline.example>`.
    pub mail_from: String,
    /// The SMS gateway's URL; it takes `POST {to, text}` as JSON.
    pub sms_gateway_url: Option<String>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The SMTP URL may carry a password, a gateway URL a key.
        f.debug_struct("Config")
            .field("smtp_url", &self.smtp_url.as_ref().map(|_| "<redacted>"))
            .field("mail_from", &self.mail_from)
            .field(
                "sms_gateway_url",
                &self.sms_gateway_url.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct Mail {
    to: String,
    subject: String,
    body: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct Sms {
    to: String,
    text: String,
}

pub(super) fn register(jobs: &Registry) {
    jobs.register(Kind::new(
        EMAIL,
        BACKOFF,
        MAX_ATTEMPTS,
        |app, job| async move { send_mail(&app, &job).await },
    ));
    let client = crate::consulting::outbox::client();
    jobs.register(Kind::new(SMS, BACKOFF, MAX_ATTEMPTS, move |app, job| {
        let client = client.clone();
        async move { send_sms(&app, &client, &job).await }
    }));
}

fn subject_of(case: Option<Id>) -> Option<String> {
    case.map(|c| c.to_string())
}

/// Queues an e-mail of `msg` to `to`; nothing when no SMTP server is configured.
pub(super) async fn queue_email(
    app: &App,
    tx: &mut Tx,
    to: &str,
    msg: &Message,
    case: Option<Id>,
) -> Result<()> {
    if app.notify.smtp_url.is_none() || to.parse::<Mailbox>().is_err() {
        return Ok(());
    }
    let payload = json!(Mail {
        to: to.to_owned(),
        subject: msg.subject.clone(),
        body: msg.body.clone(),
    });
    crate::jobs::enqueue(app, tx, EMAIL, subject_of(case), &payload).await?;
    Ok(())
}

/// Queues a text message of `msg` to the mobile `to` (E.164); nothing without a gateway.
pub(super) async fn queue_sms(
    app: &App,
    tx: &mut Tx,
    to: &str,
    msg: &Message,
    case: Option<Id>,
) -> Result<()> {
    if app.notify.sms_gateway_url.is_none() {
        return Ok(());
    }
    let payload = json!(Sms {
        to: to.to_owned(),
        text: format!("{}\n{}", msg.subject, msg.body),
    });
    crate::jobs::enqueue(app, tx, SMS, subject_of(case), &payload).await?;
    Ok(())
}

async fn send_mail(app: &App, job: &Job) -> std::result::Result<(), String> {
    let m: Mail =
        serde_json::from_str(&job.payload).map_err(|e| format!("unreadable e-mail job: {e}"))?;
    let url = app
        .notify
        .smtp_url
        .clone()
        .ok_or("no SMTP server is configured (smtp_url)")?;
    let from: Mailbox = app
        .notify
        .mail_from
        .parse()
        .map_err(|e| format!("mail_from is not an address: {e}"))?;
    let to: Mailbox =
        m.to.parse()
            .map_err(|e| format!("not an e-mail address: {e}"))?;
    let email = lettre::Message::builder()
        .from(from)
        .to(to)
        .subject(m.subject)
        .header(ContentType::TEXT_PLAIN)
        .body(m.body)
        .map_err(|e| format!("the e-mail could not be built: {e}"))?;
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mailer = AsyncSmtpTransport::<Tokio1Executor>::from_url(&url)
        .map_err(|e| format!("smtp_url is not usable: {e}"))?
        .timeout(Some(std::time::Duration::from_secs(20)))
        .build();
    mailer
        .send(email)
        .await
        .map(|_| ())
        .map_err(|e| format!("the SMTP server did not take the e-mail: {e}"))
}

async fn send_sms(
    app: &App,
    client: &reqwest::Client,
    job: &Job,
) -> std::result::Result<(), String> {
    let s: Sms =
        serde_json::from_str(&job.payload).map_err(|e| format!("unreadable SMS job: {e}"))?;
    let url = app
        .notify
        .sms_gateway_url
        .clone()
        .ok_or("no SMS gateway is configured (sms_gateway_url)")?;
    let resp = client
        .post(&url)
        .header("content-type", "application/json")
        .body(json!({"to": s.to, "text": s.text}).to_string())
        .send()
        .await
        .map_err(|e| format!("could not reach the SMS gateway: {}", e.without_url()))?;
    if !resp.status().is_success() {
        return Err(format!("the SMS gateway answered {}", resp.status()));
    }
    Ok(())
}

/// Checks a configuration at start-up: a mistyped SMTP URL is an error, not a silent loss.
pub fn check(cfg: &Config) -> std::result::Result<(), String> {
    if let Some(u) = &cfg.smtp_url {
        AsyncSmtpTransport::<Tokio1Executor>::from_url(u).map_err(|e| format!("smtp_url: {e}"))?;
        cfg.mail_from
            .parse::<Mailbox>()
            .map_err(|e| format!("mail_from: {e}"))?;
    }
    Ok(())
}

/// A shared, empty configuration (nothing goes out but the inbox).
pub fn none() -> Arc<Config> {
    Arc::new(Config::default())
}
