//! Interface languages: which locales exist, and which one a request gets.
//!
//! A locale is a folder of Fluent catalogues, `locales/<tag>/<area>.ftl` (one file per area
//! of the interface: `common`, `admin`, `org`, `measure1`, `consulting`, `faq`, `errors`);
//! the build embeds every folder it finds, so adding a language is dropping a folder in.
//! zh-CN is the default and the reference: a test fails when another locale lacks one of
//! its files or keys. Texts are looked up with [`t`] (see `catalogue.rs`); the request's
//! locale is chosen by [`negotiate`]. Nothing here knows a page or a use case.

mod catalogue;
#[cfg(test)]
mod code_tests;
mod errors;
#[cfg(test)]
mod tests;

use axum::http::{HeaderMap, header};
use serde::Serialize;

pub(crate) use catalogue::arg_of;
pub use catalogue::{Arg, keys, load_problems, lookup, t};
pub use errors::{current, field_label, field_message, scope};

pub const LANG_COOKIE: &str = "ll_lang";

/// A locale that has catalogues; only [`Locale::parse`] and the constants make one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Locale(&'static str);

impl Serialize for Locale {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl Locale {
    /// Simplified Chinese: the default, and the catalogue every other one is checked against.
    pub const ZH_CN: Locale = Locale("zh-CN");
    pub const EN: Locale = Locale("en");

    /// The BCP 47 tag, as the folder under `locales/` is named.
    pub fn tag(self) -> &'static str {
        self.0
    }

    /// Every locale that has a folder of catalogues, the default first.
    pub fn all() -> Vec<Locale> {
        let mut all: Vec<Locale> = catalogue::tags().map(Locale).collect();
        all.sort_by_key(|l| (*l != Locale::ZH_CN, l.0));
        all
    }

    /// The locale for a language tag such as `en-GB`, `zh`, `zh-TW` or `ja-JP`: the same tag,
    /// else traditional Chinese for Taiwan, Hong Kong and Macao (when it exists), else the
    /// locale of the same language. `None` for a language without catalogues.
    pub fn parse(s: &str) -> Option<Locale> {
        let s = s.trim().to_ascii_lowercase();
        let find = |tag: &str| {
            catalogue::tags()
                .find(|t| t.eq_ignore_ascii_case(tag))
                .map(Locale)
        };
        if let Some(l) = find(&s) {
            return Some(l);
        }
        let primary = s.split(['-', '_']).next().unwrap_or("");
        if primary == "zh" {
            let traditional = ["hant", "tw", "hk", "mo"]
                .iter()
                .any(|sub| s.split(['-', '_']).skip(1).any(|p| p == *sub));
            return traditional
                .then(|| find("zh-Hant"))
                .flatten()
                .or_else(|| find("zh-CN"));
        }
        catalogue::tags()
            .find(|t| {
                t.split('-')
                    .next()
                    .is_some_and(|p| p.eq_ignore_ascii_case(primary))
            })
            .map(Locale)
    }
}

fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// `?lang=` first (the switch on every page), then the language cookie, then the browser's
/// Accept-Language, then Chinese.
pub fn negotiate(headers: &HeaderMap, query: Option<&str>) -> (Locale, bool) {
    if let Some(l) = query_lang(query) {
        return (l, true);
    }
    if let Some(l) = cookie(headers, LANG_COOKIE).and_then(Locale::parse) {
        return (l, false);
    }
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mut prefs: Vec<(f32, Locale)> = accept
        .split(',')
        .filter_map(|part| {
            let mut it = part.split(';');
            let tag = it.next()?.trim();
            let q = it
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse().ok())
                .unwrap_or(1.0);
            Locale::parse(tag).map(|l| (q, l))
        })
        .collect();
    prefs.sort_by(|a, b| b.0.total_cmp(&a.0));
    (prefs.first().map(|p| p.1).unwrap_or(Locale::ZH_CN), false)
}

pub fn query_lang(query: Option<&str>) -> Option<Locale> {
    query?
        .split('&')
        .find_map(|kv| kv.strip_prefix("lang="))
        .and_then(Locale::parse)
}

pub fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    cookie(headers, name)
}
