//! Finding inquiries by the words of their question.

use domain::{Action, Resource};

use super::{CaseView, case_view, is_enterprise, scope_for};
use crate::{App, AppError, Ctx, Result};

/// Inquiries in the caller's scope whose question holds every word of `query` (Chinese,
/// Japanese and Korean by two-character words), newest first.
pub async fn search_inquiries(
    app: &App,
    ctx: &Ctx,
    query: &str,
    limit: i64,
) -> Result<Vec<CaseView>> {
    ctx.require(Resource::Case, Action::Read)?;
    let terms = domain::search::query_terms(query);
    if terms.is_empty() {
        return Err(AppError::invalid(
            "q",
            "no_words",
            "type at least one word (two characters in Chinese, Japanese or Korean)",
        ));
    }
    let mut rd = app.db.read().await?;
    let found = store::cases::search(&mut rd, &scope_for(ctx), &terms, limit.clamp(1, 100)).await?;
    let for_enterprise = is_enterprise(ctx);
    Ok(found
        .iter()
        .map(|c| {
            let mut v = case_view(c, None, None);
            if for_enterprise {
                v.contact = None;
                v.contact_name = None;
            }
            v
        })
        .collect())
}

/// Indexes the words of `text` on a case for [`search_inquiries`]; a kind whose cases are
/// found by their words calls it when a case opens and when a message joins it.
pub async fn index_words(tx: &mut store::Tx, case_id: domain::Id, text: &str) -> Result<()> {
    store::cases::add_terms(tx, case_id, &domain::search::query_terms(text)).await?;
    Ok(())
}
