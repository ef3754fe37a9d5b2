//! The case engine's seam: a kind defined here, in the test, registers itself with the engine
//! (its categories, its SLA targets and hooks of its own) without a line of `cases` knowing it,
//! and cases of it are opened, worked and shown through the API like any other.

use std::sync::{Arc, Mutex};

use app::cases::kinds::{BoxFut, Kind, KindHooks, Opening, Showing, StatusMoved};
use app::cases::sla::KindTargets;
use axum::http::StatusCode;
use domain::calendar::SlaTarget;
use serde_json::{Value, json};
use testkit::bureau::{Bureau, bureau_with, move_case};

use crate::consulting::local;

/// A kind of the test's own: it notes in the timeline that it saw the case open, remembers
/// each status move, and shows both on the case.
#[derive(Default)]
struct Probe {
    moves: Mutex<Vec<String>>,
}

impl KindHooks for Probe {
    fn on_open<'a>(&'a self, tx: &'a mut store::Tx, o: Opening<'a>) -> BoxFut<'a, app::Result<()>> {
        Box::pin(async move {
            let mut ev = app::cases::event(o.case.id, o.ctx, o.case.created_at, "record");
            ev.record_kind = Some("internal_note".into());
            ev.content = format!("probe saw \"{}\" open", o.case.subject);
            ev.internal = true;
            app::cases::append(tx, &ev).await
        })
    }

    fn on_status<'a>(
        &'a self,
        _tx: &'a mut store::Tx,
        s: StatusMoved<'a>,
    ) -> BoxFut<'a, app::Result<()>> {
        if let Ok(mut m) = self.moves.lock() {
            m.push(format!("{} -> {}", s.before.status, s.after.status));
        }
        app::cases::kinds::done()
    }

    fn view<'a>(
        &'a self,
        _rd: &'a mut store::Tx,
        s: Showing<'a>,
        extra: &'a mut serde_json::Map<String, Value>,
    ) -> BoxFut<'a, app::Result<()>> {
        let moves = self.moves.lock().map(|m| m.clone()).unwrap_or_default();
        extra.insert(
            "probe".into(),
            json!({"moves": moves, "for_enterprise": s.for_enterprise}),
        );
        app::cases::kinds::done()
    }
}

const TARGETS: KindTargets = KindTargets {
    normal: SlaTarget {
        first_response_minutes: 30,
        resolution_minutes: 90,
    },
    fast: SlaTarget {
        first_response_minutes: 10,
        resolution_minutes: 30,
    },
};

async fn bureau_with_probe() -> (Bureau, Arc<Probe>) {
    let probe = Arc::new(Probe::default());
    let kind = Kind {
        code: "test_kind",
        measure: 9,
        categories: &["alpha", "beta", "other"],
        needs_enterprise: false,
        sla: TARGETS,
        hooks: probe.clone(),
    };
    (bureau_with(|app| app.with_kind(kind)).await, probe)
}

fn id_of(v: &Value) -> String {
    v["id"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn a_kind_registered_by_a_test_is_checked_routed_and_hooked_by_the_engine() {
    let (b, probe) = bureau_with_probe().await;
    let new = |category: &str| json!({"kind": "test_kind", "subject": "探针", "body": "一个测试种类的案件", "category": category, "channel": "api"});
    let bad =
        b.t.post("/api/v1/cases", Some(&b.admin), new("gamma"))
            .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let err = &bad.json()["errors"][0];
    assert_eq!(err["field"], "category", "{err}");
    assert_eq!(err["code"], "unknown_category", "{err}");
    assert!(
        err["message"]
            .as_str()
            .unwrap_or("")
            .contains("alpha, beta, other"),
        "{err}"
    );

    let r =
        b.t.post("/api/v1/cases", Some(&b.admin), new("alpha"))
            .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let c = r.json();
    assert_eq!(c["kind"], "test_kind");
    assert_eq!(c["measure"], 9, "the kind's own measure");
    assert_eq!(c["category"], "alpha");
    let id = id_of(&c);

    // The on-open hook wrote to the timeline, through the engine, in the case's transaction.
    let shown =
        b.t.get(&format!("/api/v1/cases/{id}"), Some(&b.admin))
            .await
            .json();
    let timeline = shown["timeline"].as_array().cloned().unwrap_or_default();
    assert_eq!(timeline.len(), 2, "{shown}");
    assert_eq!(timeline[0]["kind"], "created");
    assert_eq!(timeline[1]["content"], "probe saw \"探针\" open");
    assert_eq!(timeline[1]["internal"], true);
    // The view hook's field, flattened into the case.
    assert_eq!(
        shown["probe"],
        json!({"moves": [], "for_enterprise": false})
    );

    // The status hook sees each move.
    move_case(&b, &b.admin, &id, &["in_progress", "resolved"]).await;
    let shown =
        b.t.get(&format!("/api/v1/cases/{id}"), Some(&b.admin))
            .await
            .json();
    assert_eq!(
        shown["probe"]["moves"],
        json!(["new -> in_progress", "in_progress -> resolved"])
    );
    assert_eq!(
        probe.moves.lock().map(|m| m.len()).unwrap_or_default(),
        2,
        "the hook ran once per move"
    );

    // Another kind's case does not run this kind's hooks.
    let d = testkit::bureau::open_case(&b, &b.staff_ip3, testkit::bureau::FIRM_A).await;
    let d =
        b.t.get(&format!("/api/v1/cases/{}", id_of(&d)), Some(&b.admin))
            .await
            .json();
    assert_eq!(d["kind"], "difficulty");
    assert!(d.get("probe").is_none(), "{d}");
    assert_eq!(d["timeline"].as_array().map(Vec::len), Some(1), "{d}");
}

async fn sla_of(b: &Bureau, id: &str) -> Value {
    b.t.get(&format!("/api/v1/cases/{id}"), Some(&b.admin))
        .await
        .json()["sla"]
        .clone()
}

#[tokio::test]
async fn the_engine_clocks_run_on_the_targets_the_kind_brings() {
    let (b, _) = bureau_with_probe().await;
    // The kind's defaults are listed with the others, and the bureau may set its own.
    let list = b.t.get("/api/v1/sla-targets", Some(&b.admin)).await.json();
    let ours: Vec<&Value> = list["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|t| t["kind"] == "test_kind")
        .collect();
    assert_eq!(ours.len(), 2, "{list}");
    assert!(
        ours.iter()
            .any(|t| t["fast"] == false && t["first_response_minutes"] == 30)
    );

    // Monday 2 March 2020, 09:00: thirty working minutes to respond, ninety to resolve.
    b.t.clock.set_ms(local("2020-03-02 09:00"));
    let c =
        b.t.post(
            "/api/v1/cases",
            Some(&b.admin),
            json!({"kind": "test_kind", "subject": "时钟", "body": "响应时限", "channel": "api"}),
        )
        .await
        .json();
    let id = id_of(&c);
    let s = sla_of(&b, &id).await;
    assert_eq!(s["first_response"]["target_minutes"], 30, "{s}");
    assert_eq!(
        s["first_response"]["due_at"],
        local("2020-03-02 09:30"),
        "{s}"
    );
    assert_eq!(s["resolution"]["due_at"], local("2020-03-02 10:30"), "{s}");
    assert_eq!(s["first_response"]["state"], "running", "{s}");
    b.t.clock.set_ms(local("2020-03-02 09:45"));
    let s = sla_of(&b, &id).await;
    assert_eq!(s["first_response"]["state"], "breached", "{s}");

    // A target the bureau sets for the kind replaces its default.
    let r = b.t.call(axum::http::Method::PUT, "/api/v1/sla-targets", Some(&b.admin), Some(json!({"kind": "test_kind", "channel": "api", "first_response_minutes": 60, "resolution_minutes": 120}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let s = sla_of(&b, &id).await;
    assert_eq!(
        s["first_response"]["due_at"],
        local("2020-03-02 10:00"),
        "{s}"
    );
    assert_eq!(s["first_response"]["state"], "running", "{s}");
}
