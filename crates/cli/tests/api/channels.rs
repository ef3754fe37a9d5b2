//! Measure 3's other channels: the hotline log with a caller's history, and the public and
//! portal question forms (rate-limited, spam refused).

use axum::http::{Method, StatusCode};
use serde_json::json;

use testkit::bureau::bureau;

#[tokio::test]
async fn a_hotline_call_opens_an_inquiry_and_the_callers_history_follows() {
    let b = bureau().await;
    let r =
        b.t.call(
            Method::PUT,
            "/api/v1/hotlines/zs-1",
            Some(&b.admin),
            Some(json!({"district": "210202", "name": "中山区企业服务热线", "number": "82345678"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["number"], "+8641182345678");
    let bad =
        b.t.call(
            Method::PUT,
            "/api/v1/hotlines/zs-2",
            Some(&b.admin),
            Some(json!({"district": "999999", "name": "", "number": "12"})),
        )
        .await;
    assert_eq!(
        bad.json()["errors"].as_array().map(Vec::len),
        Some(3),
        "{}",
        bad.text()
    );

    let call = |summary: &str, case: Option<&str>| json!({"hotline": "zs-1", "caller_name": "刘女士", "caller_number": "138 0411 2233", "duration_s": 240, "summary": summary, "case_id": case});
    let r =
        b.t.post(
            "/api/v1/calls",
            Some(&b.staff_ip3),
            call("询问外派劳务人员返岗的防疫要求", None),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let first = r.json();
    let case_id = first["case_id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(first["caller_number"], "+8613804112233");
    let c =
        b.t.get(&format!("/api/v1/cases/{case_id}"), Some(&b.admin))
            .await
            .json();
    assert_eq!(c["channel"], "hotline");
    assert_eq!(
        c["topic"], 8,
        "a labour question goes to measure 8's division"
    );
    assert_eq!(
        c["sla"]["first_response"]["state"], "met",
        "the call itself answered"
    );

    // The caller rings again about the same matter: the call joins the open inquiry.
    let r =
        b.t.post(
            "/api/v1/calls",
            Some(&b.admin),
            call("补充：共12名人员", Some(&case_id)),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(r.json()["case_id"], case_id.as_str());
    let history =
        b.t.get(
            &format!("/api/v1/calls?number={}", testkit::enc("13804112233")),
            Some(&b.admin),
        )
        .await
        .json();
    assert_eq!(history["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(history["items"][0]["summary"], "补充：共12名人员");
    let timeline =
        b.t.get(&format!("/api/v1/cases/{case_id}"), Some(&b.admin))
            .await
            .json()["timeline"]
            .to_string();
    assert!(timeline.contains("共12名人员"));
    // A reviewer may not read callers' numbers.
    let (_, reviewer) = (b.reviewer.clone(), b.reviewer.clone());
    assert_eq!(
        b.t.get("/api/v1/calls?number=13804112233", Some(&reviewer))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let bad =
        b.t.post(
            "/api/v1/calls",
            Some(&b.admin),
            json!({"hotline": "nope", "caller_number": "x", "duration_s": -1, "summary": ""}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = bad.json()["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| e["field"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(
        fields,
        ["caller_number", "duration_s", "summary", "hotline"]
    );
}

#[tokio::test]
async fn the_public_form_needs_a_contact_refuses_spam_and_is_rate_limited() {
    let b = bureau().await;
    let ask = |extra: serde_json::Value| {
        let mut q = json!({"question": "复工后员工的核酸检测费用可以申请补贴吗？", "contact_name": "王先生", "contact": "13900001111"});
        if let (Some(o), Some(x)) = (q.as_object_mut(), extra.as_object()) {
            o.extend(x.clone());
        }
        q
    };
    let r = b.t.post("/api/v1/inquiries", None, ask(json!({}))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert!(r.json()["first_response_due"].as_i64().is_some());
    let id = r.json()["reference"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let c =
        b.t.get(&format!("/api/v1/cases/{id}"), Some(&b.admin))
            .await
            .json();
    assert_eq!(c["channel"], "web");
    assert_eq!(c["contact"], "+8613900001111");

    let r =
        b.t.post(
            "/api/v1/inquiries",
            None,
            ask(json!({"contact": "nobody", "contact_name": ""})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let spam =
        b.t.post(
            "/api/v1/inquiries",
            None,
            ask(json!({"website": "http://cheap.example"})),
        )
        .await;
    assert_eq!(spam.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(spam.json()["errors"][0]["code"], "refused");
    let links =
        b.t.post(
            "/api/v1/inquiries",
            None,
            ask(json!({"question": "buy http://a.example http://b.example www.c.example now"})),
        )
        .await;
    assert_eq!(links.json()["errors"][0]["code"], "refused");
    // Five per address in ten minutes (the refused ones count too): the sixth waits.
    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(
            b.t.post("/api/v1/inquiries", None, ask(json!({})))
                .await
                .status,
        );
    }
    assert_eq!(
        statuses,
        [
            StatusCode::CREATED,
            StatusCode::TOO_MANY_REQUESTS,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
    let limited = b.t.post("/api/v1/inquiries", None, ask(json!({}))).await;
    assert_eq!(limited.json()["code"], "rate_limited");
    assert!(limited.header("retry-after").is_some());
    assert_eq!(
        b.t.get("/api/v1/cases?kind=inquiry", Some(&b.admin))
            .await
            .json()["total"],
        2
    );

    // An enterprise user asks from the portal: no contact needed, and no limit by address.
    let r =
        b.t.post(
            "/api/v1/inquiries",
            Some(&b.firm_a),
            json!({"question": "我司的出口信用保险补贴申请进度如何？"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json()["reference"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let mine =
        b.t.get(&format!("/api/v1/cases/{id}"), Some(&b.firm_a))
            .await;
    assert_eq!(mine.status, StatusCode::OK);
    assert_eq!(mine.json()["channel"], "portal");
    assert_eq!(
        b.t.get(&format!("/api/v1/cases/{id}"), Some(&b.firm_b))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn inquiries_are_found_by_their_words_within_the_callers_scope() {
    let b = bureau().await;
    let ask = |token: Option<String>, text: &'static str| {
        let t = &b.t;
        async move {
            let r = t
                .post(
                    "/api/v1/inquiries",
                    token.as_deref(),
                    json!({"question": text, "contact_name": "赵", "contact": "13900002222"}),
                )
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
            r.json()["reference"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        }
    };
    let masks = ask(None, "口罩出口需要什么资质？").await;
    let customs = ask(None, "口罩在海关滞留，怎么加快通关？").await;
    let mine = ask(Some(b.firm_a.clone()), "我司口罩出口的补贴申请进度").await;
    let ids = |r: serde_json::Value| -> Vec<String> {
        r["items"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| c["id"].as_str().unwrap_or("").to_owned())
            .collect()
    };
    let found = ids(b
        .t
        .get(
            &format!("/api/v1/inquiries?q={}", testkit::enc("口罩")),
            Some(&b.admin),
        )
        .await
        .json());
    assert_eq!(
        found,
        vec![mine.clone(), customs.clone(), masks.clone()],
        "newest first"
    );
    let both = ids(b
        .t
        .get(
            &format!("/api/v1/inquiries?q={}", testkit::enc("口罩 通关")),
            Some(&b.admin),
        )
        .await
        .json());
    assert_eq!(both, vec![customs.clone()], "every word must be there");
    let own = ids(b
        .t
        .get(
            &format!("/api/v1/inquiries?q={}", testkit::enc("口罩")),
            Some(&b.firm_a),
        )
        .await
        .json());
    assert_eq!(own, vec![mine.clone()], "an enterprise finds only its own");
    assert!(
        ids(b
            .t
            .get(
                &format!("/api/v1/inquiries?q={}", testkit::enc("口罩")),
                Some(&b.firm_b)
            )
            .await
            .json())
        .is_empty()
    );
    let none = b.t.get("/api/v1/inquiries?q=%20%3F", Some(&b.admin)).await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(none.json()["errors"][0]["field"], "q");
}
