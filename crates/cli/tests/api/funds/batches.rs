//! Bank accounts and payment batches: accounts validated and masked, an enterprise sees only
//! its own; the chief of the payments' division batches cleared payments (none without an
//! account, none of another division), exports the bank file (parsed back: rows and total to
//! the fen), marks it paid or reconciles the bank's returned file (a bad row applies nothing);
//! a failed payment is batched again.

use app::Ctx;
use app::imports::Format;
use app::imports::read::read_rows;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use testkit::Res;
use testkit::bureau::{Bureau, FIRM_A, FIRM_B, bureau};

use super::field_codes as codes;
use super::ledger::{approve, programme, queue, recounted_budget};

const NUMBER: &str = "6222021234567890123";

pub async fn set_account(b: &Bureau, token: &str, uscc: &str, body: Value) -> Res {
    b.t.call(
        Method::PUT,
        &format!("/api/v1/enterprises/{uscc}/bank-account"),
        Some(token),
        Some(body),
    )
    .await
}

#[tokio::test]
async fn accounts_are_validated_masked_and_seen_by_their_enterprise_only() {
    let b = bureau().await;
    let path = format!("/api/v1/enterprises/{FIRM_A}/bank-account");
    let r = b.t.get(&path, Some(&b.firm_a)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json(), Value::Null);

    let r = set_account(
        &b,
        &b.firm_a,
        FIRM_A,
        json!({"bank_name": "", "account_name": "别的公司", "account_number": "6222-02x"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        codes(&r),
        vec![
            ("bank_name".into(), "required".into()),
            ("account_name".into(), "name_differs".into()),
            ("account_number".into(), "digits_only".into()),
        ]
    );
    let r = set_account(&b, &b.firm_a, FIRM_A, json!({"bank_name": "中国工商银行大连中山支行", "account_name": "大连海湾精密制造有限公司", "account_number": "1234567"})).await;
    assert_eq!(
        codes(&r),
        vec![("account_number".into(), "account_length".into())]
    );
    // Nothing was written by the refusals.
    assert_eq!(b.t.get(&path, Some(&b.firm_a)).await.json(), Value::Null);

    let r = set_account(&b, &b.firm_a, FIRM_A, json!({"bank_name": "中国工商银行大连中山支行", "account_name": "大连海湾精密制造有限公司", "account_number": "6222 0212 3456 7890 123"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["account_number_masked"], "•••• 0123");
    assert!(!r.text().contains(NUMBER));
    // A different account name, confirmed on purpose.
    let r = set_account(&b, &b.staff_ip3, FIRM_B, json!({"bank_name": "招商银行深圳分行", "account_name": "深圳湾贸易有限公司大连分公司", "account_number": "755912345678", "confirm_name": true})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["name_confirmed"], true);

    // Enterprise isolation: another enterprise's account does not exist for it.
    let other = format!("/api/v1/enterprises/{FIRM_B}/bank-account");
    assert_eq!(
        b.t.get(&other, Some(&b.firm_a)).await.status,
        StatusCode::NOT_FOUND
    );
    let r = set_account(&b, &b.firm_a, FIRM_B, json!({"bank_name": "x", "account_name": "深圳湾贸易有限公司", "account_number": "12345678"})).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // The auditor reads it masked; the trail never holds the whole number.
    let (_, auditor) = b.t.user_with_token("au@example.cn", "auditor", None).await;
    let r = b.t.get(&path, Some(&auditor)).await;
    assert_eq!(r.json()["account_number_masked"], "•••• 0123");
    let trail = b.t.get("/api/v1/audit", Some(&auditor)).await.text();
    assert!(trail.contains("fund_bank_account_set"), "{trail}");
    assert!(!trail.contains(NUMBER));
}

/// Three cleared payments of IP3's programme: two to firm A, one to firm B.
async fn cleared(b: &Bureau) -> (String, Vec<String>) {
    let id = programme(b, "fi_bonus", 100_000_000).await;
    let sys = Ctx::system("test");
    let mut refs = Vec::new();
    for (firm, fen) in [(FIRM_A, 123_456_i64), (FIRM_A, 1), (FIRM_B, 500_000)] {
        let p = queue(b, &sys, &id, firm, fen).await;
        let r = approve(b, &b.chief_ip3, p, json!({})).await;
        assert_eq!(r.json()["status"], "cleared", "{}", r.text());
        refs.push(
            r.json()["reference"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        );
    }
    let r = set_account(b, &b.firm_a, FIRM_A, json!({"bank_name": "中国工商银行大连中山支行", "account_name": "大连海湾精密制造有限公司", "account_number": NUMBER})).await;
    assert_eq!(r.status, StatusCode::OK);
    (id, refs)
}

async fn payment_status(b: &Bureau, reference: &str) -> String {
    let items =
        b.t.get("/api/v1/funds/payments", Some(&b.chief_ip3))
            .await
            .json();
    items["items"]
        .as_array()
        .and_then(|a| a.iter().find(|p| p["reference"] == reference))
        .map(|p| p["status"].as_str().unwrap_or_default().to_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_batch_is_made_exported_reconciled_and_a_failed_payment_batched_again() {
    let b = bureau().await;
    let (programme_id, refs) = cleared(&b).await;
    let (_, chief_ft) =
        b.t.user_with_token("cft@example.cn", "division_chief", Some("FT"))
            .await;

    // Firm B has no account: named, and nothing is batched.
    let body = json!({"payments": [refs[0], refs[2]]});
    let r =
        b.t.post("/api/v1/funds/batches", Some(&b.chief_ip3), body.clone())
            .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(
        codes(&r),
        vec![("payments[1]".into(), "no_bank_account".into())]
    );
    assert_eq!(payment_status(&b, &refs[0]).await, "cleared");
    // Staff do not batch; another division's chief does not see these payments.
    let r =
        b.t.post("/api/v1/funds/batches", Some(&b.staff_ip3), body.clone())
            .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r =
        b.t.post(
            "/api/v1/funds/batches",
            Some(&chief_ft),
            json!({"payments": [refs[0]]}),
        )
        .await;
    assert_eq!(codes(&r), vec![("payments[0]".into(), "not_found".into())]);

    let r =
        b.t.post(
            "/api/v1/funds/batches",
            Some(&b.chief_ip3),
            json!({"payments": [refs[0], refs[1]]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let batch = r.json();
    let id = batch["id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(batch["count"], 2);
    assert_eq!(batch["total"], 123_457);
    assert_eq!(batch["lines"][0]["account_number_masked"], "•••• 0123");
    assert!(!r.text().contains(NUMBER));
    assert_eq!(payment_status(&b, &refs[0]).await, "in_batch");
    let r =
        b.t.get(&format!("/api/v1/funds/batches/{id}"), Some(&chief_ft))
            .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    assert_bank_file(&b, &id, &refs).await;
    reconcile(&b, &id, &refs).await;
    let first =
        b.t.get(&format!("/api/v1/funds/batches/{id}"), Some(&b.chief_ip3))
            .await
            .json();
    assert_eq!(first["status"], "closed");

    // The failed one goes into a new batch, which is marked paid as a whole.
    let r =
        b.t.post(
            "/api/v1/funds/batches",
            Some(&b.chief_ip3),
            json!({"payments": [refs[1]]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let second = r.json()["id"].as_str().unwrap_or_default().to_owned();
    let paid = format!("/api/v1/funds/batches/{second}/paid");
    let r =
        b.t.post(&paid, Some(&b.chief_ip3), json!({"bank_reference": " "}))
            .await;
    assert_eq!(
        codes(&r),
        vec![("bank_reference".into(), "required".into())]
    );
    let r =
        b.t.post(
            &paid,
            Some(&b.chief_ip3),
            json!({"bank_reference": "BOC-2"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["status"], "closed");
    assert_eq!(payment_status(&b, &refs[1]).await, "paid");
    let r =
        b.t.post(
            &paid,
            Some(&b.chief_ip3),
            json!({"bank_reference": "BOC-2"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);

    recount_batches(&b).await;
    assert_eq!(first["total"], 123_457);
    let budget = recounted_budget(&b, &b.chief_ip3, &programme_id).await;
    assert_eq!(budget["disbursed"], 123_457);
    assert_eq!(budget["committed"], 500_000);
}

/// The bank file of batch `id` in both formats, parsed back: the rows and the total to the fen.
async fn assert_bank_file(b: &Bureau, id: &str, refs: &[String]) {
    for format in [Format::Csv, Format::Xlsx] {
        let f = if format == Format::Csv { "csv" } else { "xlsx" };
        let r =
            b.t.get(
                &format!("/api/v1/funds/batches/{id}/file?format={f}"),
                Some(&b.chief_ip3),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let rows = read_rows(&r.body, format, false).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            rows[0].cells,
            [
                "payee_name",
                "bank",
                "account",
                "amount",
                "purpose",
                "reference"
            ]
        );
        let mut lines: Vec<Vec<String>> = rows[1..].iter().map(|r| r.cells.clone()).collect();
        lines.sort_by(|x, y| x[5].cmp(&y[5]));
        assert_eq!(
            lines,
            vec![
                vec![
                    "大连海湾精密制造有限公司".to_owned(),
                    "中国工商银行大连中山支行".into(),
                    NUMBER.into(),
                    "1234.56".into(),
                    "外商投资奖励 2020".into(),
                    refs[0].clone()
                ],
                vec![
                    "大连海湾精密制造有限公司".to_owned(),
                    "中国工商银行大连中山支行".into(),
                    NUMBER.into(),
                    "0.01".into(),
                    "外商投资奖励 2020".into(),
                    refs[1].clone()
                ],
            ]
        );
        let fen: i64 = lines
            .iter()
            .map(|l| l[3].replace('.', "").parse::<i64>().unwrap_or(-1))
            .sum();
        assert_eq!(fen, 123_457);
    }
}

/// The chief uploads the bank's returned file for batch `id`.
async fn upload_return(b: &Bureau, id: &str, csv: &str) -> Res {
    let path = format!("/api/v1/funds/batches/{id}/reconciliation");
    b.t.upload(&path, &b.chief_ip3, "return.csv", csv.as_bytes(), &[])
        .await
}

/// A returned file with a bad row applies nothing; a good one settles each line.
async fn reconcile(b: &Bureau, id: &str, refs: &[String]) {
    let bad = format!(
        "reference,status,bank_reference\n{},paid,BOC-1\n{},maybe,\n",
        refs[0], refs[1]
    );
    let r = upload_return(b, id, &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(r.text().contains("row 3, column status"), "{}", r.text());
    assert_eq!(payment_status(b, &refs[0]).await, "in_batch");

    let good = format!(
        "参考号,状态,银行流水号\n{},成功,BOC-1\n{},失败,\n",
        refs[0], refs[1]
    );
    let r = upload_return(b, id, &good).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(payment_status(b, &refs[0]).await, "paid");
    assert_eq!(payment_status(b, &refs[1]).await, "failed");
}

/// Each batch's total is the sum of its lines, in the list and in the batch.
async fn recount_batches(b: &Bureau) {
    let list =
        b.t.get("/api/v1/funds/batches", Some(&b.chief_ip3))
            .await
            .json();
    for x in list["items"].as_array().cloned().unwrap_or_default() {
        let one =
            b.t.get(
                &format!(
                    "/api/v1/funds/batches/{}",
                    x["id"].as_str().unwrap_or_default()
                ),
                Some(&b.chief_ip3),
            )
            .await
            .json();
        let sum: i64 = one["lines"]
            .as_array()
            .map(|l| {
                l.iter()
                    .map(|l| l["amount"].as_i64().unwrap_or_default())
                    .sum()
            })
            .unwrap_or_default();
        assert_eq!(one["total"], sum);
        assert_eq!(x["total"], sum);
    }
}
