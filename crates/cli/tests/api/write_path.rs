//! The write path under concurrency: group commit keeps every acknowledged write, rolls back
//! only the failed use case, and the totals kept by triggers equal a recount.

use axum::http::StatusCode;
use serde_json::{Value, json};

use testkit::bureau::{Bureau, FIRM_A, FIRM_B, bureau};

/// Lists every page of `query` and returns (the first page's total, the ids seen).
async fn walk(b: &Bureau, token: &str, query: &str) -> (i64, Vec<String>) {
    let mut ids = Vec::new();
    let mut url = format!("/api/v1/cases?{query}&limit=7");
    let mut total = -1;
    loop {
        let page = b.t.get(&url, Some(token)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text());
        let page = page.json();
        if total < 0 {
            total = page["total"].as_i64().unwrap_or(-1);
        }
        for c in page["items"].as_array().into_iter().flatten() {
            ids.push(c["id"].as_str().unwrap_or_default().to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(c) => url = format!("/api/v1/cases?{query}&limit=7&cursor={c}"),
            None => return (total, ids),
        }
    }
}

/// The total the list reports, the total of the same list counted row by row (a `kind`
/// filter makes the store count instead of summing its table of counts), and the rows.
async fn assert_totals_agree(b: &Bureau, token: &str, query: &str) -> i64 {
    let (summed, ids) = walk(b, token, query).await;
    let (counted, _) = walk(b, token, &format!("{query}&kind=difficulty")).await;
    assert_eq!(
        summed, counted,
        "{query}: table of counts against a recount"
    );
    assert_eq!(
        summed,
        ids.len() as i64,
        "{query}: total against the rows listed"
    );
    summed
}

/// One writer: opens five cases and moves them on; every second writer also asks for an illegal
/// transition, which must roll back alone inside its batch. Returns the ids it opened.
async fn writer(b: &Bureau, w: usize) -> Vec<String> {
    let mut opened = Vec::new();
    for i in 0..5 {
        let firm = if (w + i).is_multiple_of(2) {
            FIRM_A
        } else {
            FIRM_B
        };
        let r = b.t.post("/api/v1/cases", Some(&b.staff_ip3), json!({"kind": "difficulty", "enterprise": firm, "subject": format!("writer {w} case {i}"), "body": "供应链中断", "category": "logistics", "channel": "api"})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let id = r.json()["id"].as_str().unwrap_or_default().to_owned();
        let path: &[&str] = match i {
            2 => &["in_progress", "waiting_on_enterprise"],
            3 => &[],
            _ => &["in_progress"],
        };
        for to in path {
            let r =
                b.t.post(
                    &format!("/api/v1/cases/{id}/status"),
                    Some(&b.staff_ip3),
                    json!({"status": to}),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        }
        if w % 2 == 1 && i == 3 {
            let r =
                b.t.post(
                    &format!("/api/v1/cases/{id}/status"),
                    Some(&b.staff_ip3),
                    json!({"status": "closed"}),
                )
                .await;
            assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
        }
        opened.push(id);
    }
    opened
}

/// Resolves some cases and moves some to another division, so that the counts change both ways.
async fn resolve_six_and_move_four_to_ft(b: &Bureau, ids: &[String]) {
    for id in &ids[..6] {
        let r =
            b.t.post(
                &format!("/api/v1/cases/{id}/status"),
                Some(&b.staff_ip3),
                json!({"status": "resolved"}),
            )
            .await;
        assert!(
            r.status == StatusCode::OK || r.status == StatusCode::CONFLICT,
            "{}",
            r.text()
        );
    }
    for id in &ids[10..14] {
        let r =
            b.t.post(
                &format!("/api/v1/cases/{id}/reassign"),
                Some(&b.staff_ip3),
                json!({"division": "FT", "reason": "进口清关"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    }
}

/// The audit chain holds every write (40 opened, 40 moved on, 4 moved to FT), unbroken.
async fn assert_the_audit_chain_holds_every_write(b: &Bureau) {
    let entries = app::audit::verify(&b.t.app)
        .await
        .unwrap_or_else(|e| panic!("{e:?}"))
        .unwrap_or_else(|bad| panic!("the chain is broken: {bad:?}"));
    let (_, auditor) = b.t.user_with_token("au@example.cn", "auditor", None).await;
    let opened: Value =
        b.t.get("/api/v1/audit?object_type=case&limit=1", Some(&auditor))
            .await
            .json();
    assert!(entries >= 40 + 40 + 4, "{entries} entries");
    assert!(opened["total"].as_i64().unwrap_or(0) >= 40 + 40 + 4);
}

#[tokio::test]
async fn concurrent_writes_are_all_kept_and_the_totals_equal_a_recount() {
    let b = bureau().await;
    // Eight writers at once, each opening five cases and moving them on.
    let (a, c, d, e, f, g, h, i) = tokio::join!(
        writer(&b, 0),
        writer(&b, 1),
        writer(&b, 2),
        writer(&b, 3),
        writer(&b, 4),
        writer(&b, 5),
        writer(&b, 6),
        writer(&b, 7)
    );
    let all: Vec<String> = [a, c, d, e, f, g, h, i].concat();
    let mut distinct = all.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 40);

    // Every acknowledged case is there, with the status it was moved to.
    for id in &all {
        let r =
            b.t.get(&format!("/api/v1/cases/{id}"), Some(&b.staff_ip3))
                .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        assert_ne!(
            r.json()["status"],
            "closed",
            "the refused transition left no trace"
        );
    }
    resolve_six_and_move_four_to_ft(&b, &all).await;

    let open_all = assert_totals_agree(&b, &b.admin, "status=open").await;
    let closed_all = assert_totals_agree(&b, &b.admin, "status=closed").await;
    assert_eq!(open_all + closed_all, 40);
    assert_totals_agree(&b, &b.admin, "status=in_progress").await;
    assert_eq!(
        assert_totals_agree(&b, &b.admin, "status=open&division=FT").await,
        4
    );
    // A division's staff see their division's cases and those of the measures it shares (IP3
    // keeps seeing the measure-1 cases moved to FT), and the total says so.
    let ip3_open = assert_totals_agree(&b, &b.staff_ip3, "status=open").await;
    let ft_open = assert_totals_agree(&b, &b.staff_ft, "status=open").await;
    assert_eq!(ip3_open, open_all);
    assert_eq!(ft_open, 4);

    assert_the_audit_chain_holds_every_write(&b).await;
}

#[tokio::test]
async fn requests_dropped_half_way_leave_the_writer_usable() {
    let b = bureau().await;
    let open = |i: u64| {
        let b = &b;
        async move {
            b.t.post("/api/v1/cases", Some(&b.staff_ip3), json!({"kind": "difficulty", "enterprise": FIRM_A, "subject": format!("dropped {i}"), "body": "客户挂断", "category": "logistics", "channel": "api"}))
                .await
        }
    };
    // Clients that hang up: each request is dropped after a different short time, so that
    // some are dropped waiting for the writer, some mid-statement and some mid-commit.
    let mut kept = 0;
    for round in 0..6u64 {
        let drop_after = |i: u64| {
            tokio::time::timeout(
                std::time::Duration::from_micros(150 * (i + round * 8)),
                open(round * 8 + i),
            )
        };
        let (a, c, d, e, f, g, h, i) = tokio::join!(
            drop_after(0),
            drop_after(1),
            drop_after(2),
            drop_after(3),
            drop_after(4),
            drop_after(5),
            drop_after(6),
            drop_after(7)
        );
        for r in [a, c, d, e, f, g, h, i].into_iter().flatten() {
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
            kept += 1;
        }
    }
    // Nothing is left holding SQLite's write lock: another process writes at once (it would
    // wait out its 5 s busy timeout and fail if a transaction had been left open).
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let o = crate::cli::lifeline(
        &[
            "user",
            "create",
            "--database-url",
            &b.t.database_url,
            "--secret-key",
            testkit::SECRET,
            "--email",
            "after-drops@example.cn",
            "--name",
            "After Drops",
            "--role",
            "auditor",
            "--password-stdin",
        ],
        Some("a long enough test passphrase\n"),
    );
    assert!(o.status.success(), "{}", crate::cli::text(&o));
    // Afterwards every write works, and everything acknowledged is there.
    for i in 0..10 {
        let r = open(1000 + i).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    }
    let listed = assert_totals_agree(&b, &b.admin, "status=open").await;
    assert!(
        listed >= kept + 10,
        "{listed} listed, {kept} acknowledged before"
    );
    app::audit::verify(&b.t.app)
        .await
        .unwrap_or_else(|e| panic!("{e:?}"))
        .unwrap_or_else(|bad| panic!("the chain is broken: {bad:?}"));
}

#[tokio::test]
async fn many_reads_at_once_on_a_cold_cache_all_answer() {
    let b = bureau().await;
    let id = testkit::bureau::open_case(&b, &b.staff_ip3, FIRM_A).await["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    // Sixteen readers against a pool of four: none may wait for a second connection while it
    // holds one (the SLA configuration is loaded on the first read after the cache empties).
    b.t.app.sla.clear();
    let read = |_: usize| {
        let (t, token, path) = (&b.t, b.staff_ip3.clone(), format!("/api/v1/cases/{id}"));
        async move { t.get(&path, Some(&token)).await.status }
    };
    let all = tokio::join!(
        read(0),
        read(1),
        read(2),
        read(3),
        read(4),
        read(5),
        read(6),
        read(7),
        read(8),
        read(9),
        read(10),
        read(11),
        read(12),
        read(13),
        read(14),
        read(15)
    );
    let statuses = [
        all.0, all.1, all.2, all.3, all.4, all.5, all.6, all.7, all.8, all.9, all.10, all.11,
        all.12, all.13, all.14, all.15,
    ];
    assert!(
        statuses.iter().all(|s| *s == StatusCode::OK),
        "{statuses:?}"
    );
}
