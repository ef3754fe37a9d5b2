//! Validation messages in the reader's language. A field error carries a stable code
//! (`domain::codes::FIELD_CODES`) and an English description written by the use case; what a
//! person reads is the catalogue's `err-<code>` message in their locale, on a page and in
//! the API's problem details alike. The locale of the request being served is task-local
//! (set by the guard), so that a problem built far from the request still speaks its
//! language.

use std::future::Future;

use domain::FieldError;

use super::{Arg, Locale, lookup};

tokio::task_local! {
    static CURRENT: Locale;
}

/// Runs `f` with `l` as the locale of the request being served.
pub async fn scope<F: Future>(l: Locale, f: F) -> F::Output {
    CURRENT.scope(l, f).await
}

/// The locale of the request being served; the default outside a request.
pub fn current() -> Locale {
    CURRENT.try_with(|l| *l).unwrap_or(Locale::ZH_CN)
}

/// The message for a field error in `l`: the catalogue's text for its code, or the use
/// case's own description for a code without one (which the catalogue tests prevent).
pub fn field_message(l: Locale, e: &FieldError) -> String {
    let detail = Arg::from(e.message.as_str());
    lookup(l, &format!("err-{}", e.code), &[("detail", detail)]).unwrap_or_else(|| {
        tracing::warn!(code = %e.code, locale = l.tag(), "validation code without a message");
        e.message.clone()
    })
}

/// The name of a form field as a person reads it (`label-<field>`), if the catalogue has it.
pub fn field_label(l: Locale, field: &str) -> Option<String> {
    lookup(l, &format!("label-{field}"), &[])
}
