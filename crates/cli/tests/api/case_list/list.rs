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
