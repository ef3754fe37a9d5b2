//! The staff case list: filters (refusing bad values), sort orders with their pages, and the
//! export of the filtered list.

use super::*;

#[tokio::test]
async fn the_list_filters_by_measure_district_and_text_and_refuses_bad_values() {
    let b = bureau().await;
    let one = open_with(&b, &b.firm_a, FIRM_A, "物流受阻：港口封闭").await;
    let two = open_with(&b, &b.firm_b, FIRM_B, "Orders CANCELLED by buyer").await;
    let get = |q: &'static str| list(&b, &b.chief_ip3, q);
    assert_eq!(
        ids(&get("measure=1").await.json()),
        [two.clone(), one.clone()]
    );
    assert_eq!(get("measure=2").await.json()["total"], 0);
    assert_eq!(ids(&get("district=210202").await.json()).len(), 2);
    assert_eq!(get("district=210211").await.json()["total"], 0);
    assert_eq!(ids(&get("q=港口").await.json()), vec![one.as_str()]);
    assert_eq!(
        ids(&get("q=cancelled").await.json()),
        vec![two.as_str()],
        "any case"
    );
    assert_eq!(ids(&get("q=详情见").await.json()).len(), 2, "the body too");
    assert_eq!(get("q=100%").await.json()["total"], 0, "% is literal");
    for (q, field) in [
        ("measure=11", "measure"),
        ("measure=x", "measure"),
        ("district=110101x", "district"),
        ("sort=name", "sort"),
        ("order=up", "order"),
        ("assignee=nobody", "assignee"),
    ] {
        let r = get(q).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{q}: {}",
            r.text()
        );
        assert_eq!(r.json()["errors"][0]["field"], field, "{q}");
    }
}

#[tokio::test]
async fn the_list_sorts_by_created_updated_and_follow_up_and_pages_in_that_order() {
    let b = bureau().await;
    let one = open_with(&b, &b.firm_a, FIRM_A, "一").await;
    let two = open_with(&b, &b.firm_a, FIRM_A, "二").await;
    let three = open_with(&b, &b.firm_a, FIRM_A, "三").await;
    for (id, date) in [(&one, "2030-03-02"), (&three, "2030-03-01")] {
        let r =
            b.t.post(
                &format!("/api/v1/cases/{id}/records"),
                Some(&b.staff_ip3),
                json!({"kind": "call", "content": "已电话联系", "next_follow_up": date}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    }
    let all = |q: &'static str| walk(&b, &b.staff_ip3, q);
    assert_eq!(all("").await, [&three, &two, &one].map(String::clone));
    assert_eq!(
        all("sort=created&order=asc").await,
        [&one, &two, &three].map(String::clone)
    );
    // Records touched one, then three: most recently updated first.
    assert_eq!(
        all("sort=updated").await,
        [&three, &one, &two].map(String::clone)
    );
    assert_eq!(
        all("sort=updated&order=asc").await,
        [&two, &one, &three].map(String::clone)
    );
    // Soonest follow-up first; a case without one comes last either way.
    assert_eq!(
        all("sort=follow_up").await,
        [&three, &one, &two].map(String::clone)
    );
    assert_eq!(
        all("sort=follow_up&order=desc").await,
        [&one, &three, &two].map(String::clone)
    );
    let r = list(&b, &b.staff_ip3, "sort=updated&cursor=abc").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "cursor");
}

#[tokio::test]
async fn the_export_holds_the_filtered_list_as_csv_and_xlsx() {
    let b = bureau().await;
    let one = open_with(&b, &b.firm_a, FIRM_A, "=HYPERLINK(\"x\") 港口封闭").await;
    open_with(&b, &b.firm_b, FIRM_B, "订单取消").await;
    let (staff, staff_name) = me(&b, &b.staff_ip3).await;
    assign(&b, &b.chief_ip3, &one, json!(staff)).await;
    let r =
        b.t.get(
            &format!("/api/v1/cases/export?format=csv&q={}", testkit::enc("港口")),
            Some(&b.chief_ip3),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(
        r.header("content-type")
            .unwrap_or("")
            .starts_with("text/csv")
    );
    let text = r.text();
    let text = text.trim_start_matches('\u{feff}');
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("id,kind,measure,enterprise,subject,status"),
        "{text}"
    );
    assert_eq!(
        lines.len(),
        2,
        "only the case that passes the filter: {text}"
    );
    assert!(lines[1].starts_with(one.as_str()), "{text}");
    assert!(
        lines[1].contains("\"'=HYPERLINK(\"\"x\"\") 港口封闭\""),
        "formulas are neutralised: {text}"
    );
    assert!(
        lines[1].contains(staff_name.as_str()),
        "the assignee by name: {text}"
    );
    let all =
        b.t.get("/api/v1/cases/export?format=csv", Some(&b.chief_ip3))
            .await
            .text();
    assert_eq!(all.lines().count(), 3, "header and both cases: {all}");

    let r =
        b.t.get(
            "/api/v1/cases/export?format=xlsx&assignee=me",
            Some(&b.staff_ip3),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.body.starts_with(b"PK"), "an XLSX is a zip");
    let names = String::from_utf8_lossy(&r.body);
    assert!(names.contains("xl/worksheets/sheet1.xml"), "with its sheet");
    let r =
        b.t.get("/api/v1/cases/export?format=pdf", Some(&b.chief_ip3))
            .await;
    assert_eq!(r.json()["errors"][0]["field"], "format");
    let r =
        b.t.get(
            "/api/v1/cases/export?format=csv&sort=bad",
            Some(&b.chief_ip3),
        )
        .await;
    assert_eq!(r.json()["errors"][0]["field"], "sort");
}

#[tokio::test]
async fn each_filter_narrows_the_list_status_division_overdue_significant_kind_and_assignee() {
    let b = bureau().await;
    let plain = open_with(&b, &b.firm_a, FIRM_A, "平常").await;
    let moving = open_with(&b, &b.firm_a, FIRM_A, "处理中").await;
    let late = open_with(&b, &b.firm_b, FIRM_B, "逾期").await;
    let big = open_with(&b, &b.firm_b, FIRM_B, "重大").await;
    let ft = open_with(&b, &b.firm_b, FIRM_B, "转外贸").await;
    let r = b
        .t
        .post("/api/v1/cases", Some(&b.staff_ip3), json!({"kind": "inquiry", "subject": "请问办公时间", "body": "请问办公时间", "channel": "hotline"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let asked = r.json()["id"].as_str().unwrap_or_default().to_owned();
    let post = |path: String, body: Value| {
        let b = &b;
        async move {
            let r = b.t.post(&path, Some(&b.chief_ip3), body).await;
            assert!(r.status.is_success(), "{path}: {}", r.text());
        }
    };
    post(
        format!("/api/v1/cases/{moving}/status"),
        json!({"status": "in_progress"}),
    )
    .await;
    post(
        format!("/api/v1/cases/{late}/records"),
        json!({"kind": "call", "content": "已联系", "next_follow_up": "2020-02-18"}),
    )
    .await;
    post(
        format!("/api/v1/cases/{big}/escalate"),
        json!({"reason": "涉及外资大项目"}),
    )
    .await;
    post(
        format!("/api/v1/cases/{ft}/reassign"),
        json!({"division": "FT", "reason": "外贸问题"}),
    )
    .await;
    let (staff, _) = me(&b, &b.staff_ip3).await;
    post(
        format!("/api/v1/cases/{plain}/assignment"),
        json!({"assignee": staff}),
    )
    .await;
    let get = |q: &'static str| {
        let b = &b;
        async move {
            let r = list(b, &b.admin, q).await;
            assert_eq!(r.status, StatusCode::OK, "{q}: {}", r.text());
            let mut v = ids(&r.json());
            v.sort();
            v
        }
    };
    let sorted = |mut v: Vec<&String>| {
        v.sort();
        v.into_iter().cloned().collect::<Vec<String>>()
    };
    assert_eq!(get("").await.len(), 6);
    assert_eq!(get("status=in_progress").await, vec![moving.clone()]);
    assert_eq!(get("status=new").await.len(), 5);
    assert_eq!(get("division=FT").await, vec![ft.clone()]);
    assert_eq!(get("division=IP3").await.len(), 5);
    assert_eq!(get("overdue=true").await, vec![late.clone()]);
    assert_eq!(get("significant=true").await, vec![big.clone()]);
    assert_eq!(get("significant=false").await.len(), 5);
    assert_eq!(get("kind=inquiry").await, vec![asked.clone()]);
    assert_eq!(
        get("kind=difficulty").await,
        sorted(vec![&plain, &moving, &late, &big, &ft])
    );
    let by_person = list(&b, &b.admin, &format!("assignee={staff}")).await;
    assert_eq!(
        ids(&by_person.json()),
        vec![plain.clone()],
        "assignee by person"
    );
    assert_eq!(
        get("division=IP3&kind=difficulty&status=new&significant=false").await,
        sorted(vec![&plain, &late])
    );
    let r = list(&b, &b.admin, "division=XX").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "division");
    let r = list(&b, &b.admin, "status=maybe").await;
    assert_eq!(r.json()["errors"][0]["field"], "status");
}
