//! Issue 13: the staff case list page and the assign form on the case page.

use axum::http::StatusCode;
use serde_json::json;
use testkit::PASSWORD;
use testkit::bureau::{FIRM_A, FIRM_B, bureau, open_case};

#[tokio::test]
async fn the_case_list_shows_names_and_words_and_the_case_page_assigns() {
    let b = bureau().await;
    let c = open_case(&b, &b.firm_a, FIRM_A).await;
    let id = c["id"].as_str().unwrap_or_default();
    open_case(&b, &b.firm_b, FIRM_B).await;
    let (session, csrf) =
        b.t.browser_login("chief@example.cn", PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    let staff = b.t.get("/api/v1/me", Some(&b.staff_ip3)).await.json();
    let staff_id = staff["id"].as_str().unwrap_or_default();

    let page = b.t.page(&format!("/staff/cases/{id}"), &session).await;
    assert!(
        page.text().contains(&format!("value=\"{staff_id}\"")),
        "the colleague is offered"
    );
    let r =
        b.t.form(
            &format!("/staff/cases/{id}"),
            &session,
            &format!("_csrf={csrf}&action=assign&assignee={staff_id}"),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let view =
        b.t.get(&format!("/api/v1/cases/{id}"), Some(&b.chief_ip3))
            .await
            .json();
    assert_eq!(view["assignee_id"], json!(staff_id));

    let list =
        b.t.page("/staff/cases?status=open&sort=updated&measure=", &session)
            .await;
    assert_eq!(list.status, StatusCode::OK);
    let html = list.text();
    assert!(html.contains("Test division_staff"), "the assignee by name");
    assert!(
        !html.contains(staff_id) || html.contains(&format!("assignee={staff_id}")),
        "no raw id shown"
    );
    assert!(
        html.contains("Difficulty") || html.contains("困难问题"),
        "the kind in words"
    );
    assert!(!html.contains(">new<"), "the status in words");
    assert!(
        html.contains("2 cases") || html.contains("共 2 件"),
        "{html}"
    );
    assert!(!html.contains("2,0"), "years are not grouped like numbers");
    let mine = b.t.page("/staff/cases?assignee=me", &session).await.text();
    assert!(
        mine.contains("0 cases") || mine.contains("共 0 件"),
        "the chief has none"
    );
    let bad = b.t.page("/staff/cases?measure=12", &session).await;
    assert!(
        bad.text().contains("role=\"alert\""),
        "a bad filter is explained"
    );
    let board = b.t.page("/staff", &session).await.text();
    assert!(
        board.contains("/staff/cases?status=new"),
        "see all from the board"
    );
}

#[tokio::test]
async fn pages_name_divisions_and_enterprises_and_offer_only_what_the_role_may_do() {
    let b = bureau().await;
    let c = open_case(&b, &b.firm_a, FIRM_A).await;
    let id = c["id"].as_str().unwrap_or_default();
    let (session, _) =
        b.t.browser_login("chief@example.cn", PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    let list = b.t.page("/staff/cases", &session).await.text();
    assert!(
        list.contains("大连海湾精密制造有限公司"),
        "the enterprise by name"
    );
    assert!(
        !list.contains(&format!(">{FIRM_A}<")),
        "no USCC as the text shown"
    );
    assert!(list.contains("投资促进三处"), "the division by name");
    assert!(!list.contains("<code>IP3</code>"), "no division code");
    // IP2 handles measure 1 jointly: the case page offers records, not the leading division's moves.
    b.t.user("ip2@example.cn", "division_staff", Some("IP2"))
        .await;
    let (ip2, _) =
        b.t.browser_login("ip2@example.cn", PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    let page = b.t.page(&format!("/staff/cases/{id}"), &ip2).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains("value=\"record\""), "records may be added");
    for action in ["status", "escalate", "assign", "reassign"] {
        assert!(
            !html.contains(&format!("name=\"action\" value=\"{action}\"")),
            "no {action} form for a joint division"
        );
    }
    assert!(html.contains("本案由"), "says who leads");
    // Reviewers work no cases: the menu does not offer the list they may not open.
    let (reviewer, _) =
        b.t.browser_login("r@example.cn", PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    let home = b.t.page("/staff/work-distribution", &reviewer).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(!home.text().contains("href=\"/staff/cases\""));
    assert_eq!(
        b.t.page("/staff/cases", &reviewer).await.status,
        StatusCode::FORBIDDEN
    );
    let chief_home = b.t.page("/staff/work-distribution", &session).await.text();
    assert!(chief_home.contains("href=\"/staff/cases\""));
}
