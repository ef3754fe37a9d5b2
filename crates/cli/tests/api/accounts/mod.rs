//! Enterprise accounts: signing up with the code sent to the registry's contact, approval by
//! the district official, an unregistered enterprise registered from the queue; every refusal
//! a problem naming the field.

mod colleagues;
mod pages;
mod queue;
mod signup;

use axum::http::StatusCode;
use serde_json::{Value, json};
use testkit::bureau::{Bureau, bureau_with};
use testkit::{MailSink, Res};

/// An enterprise in Zhongshan District whose registry entry has a contact.
pub const FIRM_C: &str = "91210202MA0QC5678G";
/// A valid USCC that is not in the registry.
pub const NEW_FIRM: &str = "91210202MA0QD34566";
pub const PASSWORD: &str = "a long enough sign-up passphrase";

pub async fn register_firm_c(b: &Bureau) {
    let r = b
        .t
        .post("/api/v1/enterprises", Some(&b.admin), json!({"uscc": FIRM_C, "name": "大连湾新材料有限公司", "district": "210202", "kinds": ["foreign_invested"], "contact_name": "登记联系人", "contact_mobile": "13800001234", "contact_email": "registry@firm-c.cn"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
}

pub fn applicant(uscc: &str, email: &str) -> Value {
    json!({"uscc": uscc, "contact_name": "申请人", "mobile": "13900005678", "email": email, "password": PASSWORD})
}

pub async fn sign_up(b: &Bureau, body: Value) -> Res {
    b.t.post("/api/v1/signups", None, body).await
}

/// A bureau whose e-mail goes to a real SMTP server on loopback.
pub async fn with_sink() -> (Bureau, MailSink) {
    let sink = MailSink::start()
        .await
        .unwrap_or_else(|e| panic!("sink: {e}"));
    let url = sink.url();
    let b = bureau_with(move |app| {
        app.with_notify(app::notify::Config {
            smtp_url: Some(url),
            mail_from: "Lifeline <noreply@lifeline.test>".into(),
            sms_gateway_url: None,
        })
    })
    .await;
    (b, sink)
}

/// Runs the job queue until nothing is due (the e-mails go out).
pub async fn drain(b: &Bureau) {
    for _ in 0..20 {
        let n = app::jobs::worker::run_once(&b.t.app, "test-worker")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        if n == 0 {
            return;
        }
    }
}

/// The six-digit code in the last e-mail the sink received for `to` (after the queue ran).
pub async fn code_mailed(b: &Bureau, sink: &MailSink, to: &str) -> String {
    drain(b).await;
    let mails: Vec<_> = sink
        .mails()
        .into_iter()
        .filter(|m| m.to.iter().any(|t| t == to))
        .collect();
    let last = mails
        .last()
        .unwrap_or_else(|| panic!("no e-mail to {to}: {:?}", sink.mails()));
    last.body
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .unwrap_or_else(|| panic!("no code in {}", last.body))
        .to_owned()
}

/// Everyone the sink received mail for.
pub fn mailed_to(sink: &MailSink) -> Vec<String> {
    sink.mails().into_iter().flat_map(|m| m.to).collect()
}

/// Signs in with a password over the API's session-less login: answers the token's caller.
pub async fn me(b: &Bureau, email: &str) -> Value {
    let ctx = app::Ctx::system("test");
    let token = app::auth::tokens::create(&b.t.app, &ctx, email, "test", None)
        .await
        .unwrap_or_else(|e| panic!("{e:?}"));
    b.t.get("/api/v1/me", Some(&token)).await.json()
}

pub fn field_of(r: &Res) -> String {
    r.json()["errors"][0]["field"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

pub fn code_of(r: &Res) -> String {
    r.json()["errors"][0]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}
