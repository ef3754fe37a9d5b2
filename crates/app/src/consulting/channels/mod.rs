//! The hotline log and the web forms: two more ways into the same inquiries.

pub mod forms;
pub mod hotline;
pub mod status;

pub use forms::{
    PUBLIC_LIMIT, PUBLIC_WINDOW_MS, Question, RateLimit, Received, ask, parse_reference,
};
pub use hotline::{
    CallInput, CallView, HotlineInput, HotlineView, calls_of, hotlines, log_call, put_hotline,
    recent_calls,
};

use domain::Phone;

use crate::App;

/// A caller's number as stored: a mobile, or an office number with the bureau's area code.
pub(crate) fn phone(app: &App, s: &str) -> std::result::Result<Phone, String> {
    Phone::mobile(s)
        .or_else(|_| Phone::office(s, &app.settings.area_code))
        .map_err(|e| e.to_string())
}
