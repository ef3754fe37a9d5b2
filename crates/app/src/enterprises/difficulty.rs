//! Measure 1's case kind, `difficulty`: a difficulty an enterprise meets in resuming work. It
//! plugs into the case engine with one hook: an enterprise that files one (while active or
//! resumed) is marked "in difficulty" in the registry, in the same transaction and audit trail.

use std::sync::Arc;

use serde_json::json;
use store::Tx;

use domain::calendar::SlaTarget;

use crate::Result;
use crate::audit::{self, Change};
use crate::cases::kinds::{BoxFut, Kind, KindHooks, Opening, Registry, done};
use crate::cases::sla::KindTargets;

/// The code a difficulty is filed under.
pub const KIND: &str = "difficulty";

/// A working day to respond and two weeks to resolve (three days on the fast channel), when
/// the bureau has set no targets of its own.
pub const TARGETS: KindTargets = KindTargets {
    normal: SlaTarget {
        first_response_minutes: 420,
        resolution_minutes: 10 * 420,
    },
    fast: SlaTarget {
        first_response_minutes: 120,
        resolution_minutes: 3 * 420,
    },
};

/// Registers the difficulty kind with the case engine.
pub fn register(r: &mut Registry) {
    r.register(Kind {
        code: KIND,
        measure: 1,
        categories: domain::enterprise::DIFFICULTY_CATEGORIES,
        needs_enterprise: true,
        sla: TARGETS,
        hooks: Arc::new(Difficulty),
    });
}

struct Difficulty;

impl KindHooks for Difficulty {
    fn on_open<'a>(&'a self, tx: &'a mut Tx, o: Opening<'a>) -> BoxFut<'a, Result<()>> {
        let Some(e) = o
            .party
            .filter(|e| matches!(e.status.as_str(), "active" | "resumed"))
        else {
            return done();
        };
        Box::pin(async move {
            let now = o.case.created_at;
            let from = [e.status.as_str()];
            if !store::enterprises::set_status(tx, &e.uscc, &from, "in_difficulty", now).await? {
                return Ok(());
            }
            let change = Change {
                action: "enterprise_status_changed",
                object_type: "enterprise",
                object_id: e.uscc.clone(),
                before: Some(json!({"status": e.status})),
                after: Some(json!({"status": "in_difficulty", "case": o.case.id})),
            };
            audit::record(o.app, tx, o.ctx, change).await
        })
    }
}
