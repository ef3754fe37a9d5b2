//! Measure 2's money pages for staff: budgets per programme (an SVG chart and the table with
//! the same figures), the ledger of payments (filtered by programme and status, names not
//! codes), and the routes of the batch pages ([`super::batches`]) and the portal's bank
//! account page ([`super::bank`]).

use app::funds::ledger::{self, Budget};
use app::funds::payments::{self, PaymentQuery};
use axum::extract::{Query, State};
use axum::http::Method;
use axum::response::Response;
use domain::funds::PaymentStatus;
use domain::{Action, Resource};
use minijinja::context;

use super::{bank, batches, ser};
use crate::AppState;
use crate::charts::{Bar, bars};
use crate::guard::Caller;
use crate::pages::{app_error_page, render};
use crate::routes::{Perm, Routes, Surface};

/// Registers the money pages, each with its permission.
pub fn add(r: Routes) -> Routes {
    use Method as M;
    use Perm::Allow;
    use Surface::Page;
    r.add(
        M::GET,
        "/staff/funds/budgets",
        Allow(Resource::FundPayment, Action::Read),
        Page,
        "Budgets per programme: allocated, committed, disbursed, remaining",
        budgets,
    )
    .add(
        M::GET,
        "/staff/funds/payments",
        Allow(Resource::FundPayment, Action::Read),
        Page,
        "The ledger of fund payments",
        payments_page,
    )
    .add(
        M::GET,
        "/staff/funds/batches",
        Allow(Resource::FundBatch, Action::Read),
        Page,
        "Payment batches, and the payments waiting for one",
        batches::list,
    )
    .add(
        M::POST,
        "/staff/funds/batches",
        Allow(Resource::FundBatch, Action::Create),
        Page,
        "Group payments into a batch (the division's chief)",
        batches::create,
    )
    .add(
        M::GET,
        "/staff/funds/batches/{id}",
        Allow(Resource::FundBatch, Action::Read),
        Page,
        "One payment batch",
        batches::one,
    )
    .add(
        M::GET,
        "/staff/funds/batches/{id}/file",
        Allow(Resource::FundBatch, Action::Update),
        Page,
        "Download the bank payment file",
        batches::file,
    )
    .add(
        M::POST,
        "/staff/funds/batches/{id}/paid",
        Allow(Resource::FundBatch, Action::Update),
        Page,
        "Mark a batch paid with the bank's reference",
        batches::paid,
    )
    .add(
        M::POST,
        "/staff/funds/batches/{id}/reconciliation",
        Allow(Resource::FundBatch, Action::Update),
        Page,
        "Reconcile a batch from the bank's returned file",
        batches::reconcile,
    )
    .add(
        M::GET,
        "/portal/bank-account",
        Allow(Resource::Portal, Action::Read),
        Page,
        "Portal: my enterprise's bank account for fund payments",
        bank::show,
    )
    .add(
        M::POST,
        "/portal/bank-account",
        Allow(Resource::FundBankAccount, Action::Update),
        Page,
        "Portal: set my enterprise's bank account",
        bank::save,
    )
}

/// A budget's chart: the four figures as bars on the allocated scale, amounts written as the
/// table under it writes them.
fn chart(title: &str, b: &Budget, labels: [String; 4], l: crate::i18n::Locale) -> String {
    let [a, c, d, r] = labels;
    let bar = |label: String, m: domain::Money| Bar {
        label,
        value: m.fen(),
        shown: crate::views::written(l, m),
    };
    bars(
        title,
        &[
            bar(a, b.allocated),
            bar(c, b.committed),
            bar(d, b.disbursed),
            bar(r, b.remaining),
        ],
        Some(b.allocated.fen().max(b.committed.fen() + b.disbursed.fen())),
    )
}

pub async fn budgets(State(s): State<AppState>, caller: Caller) -> Response {
    let run = async {
        let mut out = Vec::new();
        for p in app::funds::list_programmes(&s.app, &caller.ctx).await? {
            let Ok(id) = uuid::Uuid::parse_str(&p.id) else {
                continue;
            };
            match ledger::budget(&s.app, &caller.ctx, id).await {
                Ok(b) => out.push((p, b)),
                Err(app::AppError::NotFound) => {}
                Err(e) => return Err(e),
            }
        }
        Ok::<_, app::AppError>(out)
    };
    match run.await {
        Ok(list) => {
            let l = caller.locale;
            let zh = l.tag() == "zh-CN";
            let labels = || {
                [
                    "fm-allocated",
                    "fm-committed",
                    "fm-disbursed",
                    "fm-remaining",
                ]
                .map(|k| crate::i18n::t(l, k, &[]))
            };
            let rows: Vec<_> = list
                .iter()
                .map(|(p, b)| {
                    let name = if zh { &p.name_zh } else { &p.name_en };
                    context! { p => ser(p), b => ser(b), name => name, svg => chart(name, b, labels(), l) }
                })
                .collect();
            let ctx = context! { rows => rows };
            render(
                &s,
                &caller,
                "funds/budgets.html",
                "/staff/funds/budgets",
                ctx,
            )
            .await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

pub async fn payments_page(
    State(s): State<AppState>,
    caller: Caller,
    Query(q): Query<PaymentQuery>,
) -> Response {
    let run = async {
        let list = payments::list_payments(&s.app, &caller.ctx, &q).await?;
        let programmes = app::funds::list_programmes(&s.app, &caller.ctx).await?;
        Ok::<_, app::AppError>((list, programmes))
    };
    match run.await {
        Ok((list, programmes)) => {
            let total: i64 = list.iter().map(|p| p.amount).sum();
            let statuses: Vec<&str> = PaymentStatus::ALL.iter().map(|s| s.as_str()).collect();
            let ctx = context! {
                payments => ser(&list), programmes => ser(&programmes), statuses => statuses,
                q_programme => q.programme.unwrap_or_default(), q_status => q.status.unwrap_or_default(),
                total => total,
            };
            render(
                &s,
                &caller,
                "funds/payments.html",
                "/staff/funds/payments",
                ctx,
            )
            .await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}
