//! Measure 2 in the enterprise portal: the published programmes and, for each, the decision for
//! the user's own enterprise explained criterion by criterion, with what would make it
//! eligible when it is not (in every portal language).

use axum::extract::{Path, State};
use axum::response::Response;
use minijinja::context;

use super::rules::district_names;
use super::ser;
use crate::AppState;
use crate::guard::Caller;
use crate::pages::{app_error_page, render};

pub async fn list(State(s): State<AppState>, caller: Caller) -> Response {
    match app::funds::list_programmes(&s.app, &caller.ctx).await {
        Ok(list) => {
            let ctx = context! { programmes => ser(&list), layout => "common/layout_portal.html" };
            render(
                &s,
                &caller,
                "funds/portal_programmes.html",
                "/portal/funds",
                ctx,
            )
            .await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

pub async fn decision(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Response {
    let enterprise = caller.principal().and_then(|p| p.enterprise.clone());
    let run = async {
        let pid = crate::api::funds::programme_id(&id)?;
        let p = app::funds::programme(&s.app, &caller.ctx, pid).await?;
        let decision = match &enterprise {
            Some(uscc) => {
                let req = app::funds::DecisionRequest {
                    enterprise: uscc.to_string(),
                    ..Default::default()
                };
                match app::funds::decide(&s.app, &caller.ctx, pid, &req).await {
                    Ok(d) => Some(d),
                    // No rule in effect: the page says so.
                    Err(app::AppError::Invalid(_)) => None,
                    Err(e) => return Err(e),
                }
            }
            None => None,
        };
        Ok((p, decision))
    };
    match run.await {
        Ok((p, d)) => {
            let ctx = context! {
                p => ser(&p),
                d => ser(&d),
                has_enterprise => enterprise.is_some(),
                district_names => district_names(&s).await,
            };
            render(
                &s,
                &caller,
                "funds/portal_decision.html",
                &format!("/portal/funds/{id}"),
                ctx,
            )
            .await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}
