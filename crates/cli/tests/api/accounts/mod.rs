//! Enterprise accounts: signing up with the code sent to the registry's contact, approval by
//! the district official, an unregistered enterprise registered from the queue; every refusal
//! a problem naming the field.

mod queue;
mod signup;

use axum::http::StatusCode;
use serde_json::{Value, json};
use testkit::Res;
use testkit::bureau::Bureau;

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

/// The code the sign-up's job carries to the registry's contact, and where it goes.
pub async fn code_sent(b: &Bureau, signup: &str) -> (String, Value) {
    let mut rd = b.t.app.db.read().await.unwrap_or_else(|e| panic!("{e}"));
    let jobs = store::jobs::of_subject(&mut rd, "sign_up_code", signup)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let job = jobs.last().unwrap_or_else(|| panic!("no code was sent"));
    let v: Value = serde_json::from_str(&job.payload).unwrap_or_else(|e| panic!("{e}"));
    (v["code"].as_str().unwrap_or_default().to_owned(), v)
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
