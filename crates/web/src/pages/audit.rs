//! The audit trail for auditors, with the chain's verification.

use app::audit::AuditFilter;
use axum::extract::{Query, State};
use axum::http::Method;
use axum::response::Response;
use domain::{Action, Resource};
use minijinja::{Value, context};
use serde::Deserialize;

use super::{app_error_page, render};
use crate::AppState;
use crate::guard::Caller;
use crate::routes::{Perm, Routes, Surface};

/// Registers the audit-trail page, each with its permission.
pub fn add(r: Routes) -> Routes {
    use Method as M;
    use Perm::*;
    use Surface::Page;
    r.add(
        M::GET,
        "/staff/audit",
        Allow(Resource::Audit, Action::Read),
        Page,
        "The audit trail",
        list,
    )
}

#[derive(Debug, Deserialize, Default)]
pub struct AuditQuery {
    pub object_type: Option<String>,
    pub cursor: Option<String>,
    pub verify: Option<String>,
}

pub async fn list(
    State(s): State<AppState>,
    caller: Caller,
    Query(q): Query<AuditQuery>,
) -> Response {
    let filter = AuditFilter {
        object_type: q.object_type.clone().filter(|t| !t.is_empty()),
        object_id: None,
        actor_id: None,
    };
    let page = match app::audit::list(&s.app, &caller.ctx, &filter, 100, q.cursor.as_deref()).await
    {
        Ok(p) => p,
        Err(e) => return app_error_page(&e, caller.locale),
    };
    let verification = if q.verify.is_some() {
        match app::audit::verify(&s.app).await {
            Ok(Ok(n)) => Some(context! { ok => true, entries => n }),
            Ok(Err(b)) => {
                Some(context! { ok => false, seq => b.seq, id => b.id, reason => b.reason })
            }
            Err(e) => return app_error_page(&e, caller.locale),
        }
    } else {
        None
    };
    render(&s, &caller, "admin/audit.html", "/staff/audit", context! { entries => Value::from(minijinja::value::Serde(&page.items)), total => page.total, next_cursor => page.next_cursor, object_type => q.object_type, verification => verification }).await
}
