//! Follow-ups on measure 1's cases: the next follow-up date a working record sets, the
//! overdue list it feeds, and the record that clears it.

use axum::http::StatusCode;
use serde_json::{Value, json};

use testkit::bureau::{FIRM_A, bureau, open_case};

#[tokio::test]
async fn a_follow_up_date_can_be_cleared_by_the_record_that_ends_it() {
    let b = bureau().await;
    let id = open_case(&b, &b.staff_ip3, FIRM_A).await["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let record = |body: Value| {
        let (b, id) = (&b, id.clone());
        async move {
            b.t.post(
                &format!("/api/v1/cases/{id}/records"),
                Some(&b.staff_ip3),
                body,
            )
            .await
        }
    };
    let overdue = || async {
        b.t.get("/api/v1/cases?status=open&overdue=true", Some(&b.staff_ip3))
            .await
            .json()["total"]
            .as_i64()
    };
    let r = record(json!({"kind": "visit", "content": "上门走访", "next_follow_up": "2020-02-18"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(overdue().await, Some(1));
    // A record without a date leaves the date as it was.
    let r = record(json!({"kind": "call", "content": "电话询问进展"})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(overdue().await, Some(1));
    // A new date and clearing it at once is refused, naming the field; nothing changes.
    let r = record(json!({"kind": "call", "content": "x", "next_follow_up": "2020-03-01", "clear_follow_up": true})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.json()["errors"][0]["field"], "clear_follow_up");
    let case =
        b.t.get(&format!("/api/v1/cases/{id}"), Some(&b.staff_ip3))
            .await
            .json();
    assert_eq!(case["next_follow_up"], "2020-02-18");
    assert_eq!(case["timeline"].as_array().map(Vec::len), Some(3));
    // The follow-up is done: the date is cleared and the case is no longer overdue.
    let r = record(
        json!({"kind": "visit", "content": "问题已协调解决，无需再跟进", "clear_follow_up": true}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(overdue().await, Some(0));
    let case =
        b.t.get(&format!("/api/v1/cases/{id}"), Some(&b.staff_ip3))
            .await
            .json();
    assert_eq!(case["next_follow_up"], Value::Null);
    // The timeline says which record cleared it.
    let cleared: Vec<bool> = case["timeline"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| e["follow_up_cleared"] == true)
        .collect();
    assert_eq!(cleared, [false, false, false, true]);
}
