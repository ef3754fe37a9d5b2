//! The staff home and the measure pages.

use axum::extract::{Path, State};
use axum::http::Method;
use axum::response::Response;
use domain::{Action, Resource};
use minijinja::{Value, context};

use super::{app_error_page, render};
use crate::AppState;
use crate::guard::Caller;
use crate::routes::{Perm, Routes, Surface};

/// Registers the staff's measure pages, each with its permission.
pub fn add(r: Routes) -> Routes {
    use Method as M;
    use Perm::*;
    use Surface::Page;
    r.add(
        M::GET,
        "/staff/measures/{n}",
        Allow(Resource::BackOffice, Action::Read),
        Page,
        "A measure's page",
        measure,
    )
}

pub async fn measure(State(s): State<AppState>, caller: Caller, Path(n): Path<String>) -> Response {
    let Ok(no) = n.parse::<i64>() else {
        return app_error_page(&app::AppError::NotFound, caller.locale);
    };
    match app::org::measure_detail(&s.app, &caller.ctx, no).await {
        Ok(m) => {
            let ctx = context! {
                measure => Value::from(minijinja::value::Serde(&m.measure)),
                responsibilities => Value::from(minijinja::value::Serde(&m.responsibilities)),
            };
            render(
                &s,
                &caller,
                "org/measure.html",
                &format!("/staff/measures/{no}"),
                ctx,
            )
            .await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}
