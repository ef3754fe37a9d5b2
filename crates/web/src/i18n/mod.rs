//! Interface languages: which locales exist, and which one a request gets.
//!
//! A locale is a folder of Fluent catalogues, `locales/<tag>/<area>.ftl` (one file per area
//! of the interface: `common`, `public`, `portal`, `errors` for every audience; `staff`,
//! `admin`, `org`, `measure1`, `consulting`, `faq` for the staff pages); the build embeds
//! every folder it finds, so adding a language is dropping a folder in. zh-CN is the default
//! and the reference. A locale covers either every area (zh-CN, en) or only the
//! [`SHARED_AREAS`] that the public site, the portal, sign-in, the account page and the API's
//! problems use (zh-Hant, ja, ko): a test fails when a locale lacks a key of an area it has.
//! Texts are looked up with [`t`] (see `catalogue.rs`); the request's locale is chosen by
//! [`negotiate`] for the [`Audience`] of the page. Nothing here knows a page or a use case.

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

/// The areas that every locale has: what the public site, the enterprise portal, sign-in,
/// the account page and the API's problems need.
pub const SHARED_AREAS: &[&str] = &[
    "common",
    "errors",
    "fund_free_portal",
    "fund_money_portal",
    "funds_apps",
    "funds_open",
    "portal",
    "public",
];

/// Who a page is for: staff pages exist only in the locales that cover every area; the
/// public site, the portal, sign-in, the account page and the API in every locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Staff,
    Everyone,
}

impl Audience {
    /// The audience of a path: the staff pages live under `/staff`.
    pub fn of_path(path: &str) -> Audience {
        if path == "/staff" || path.starts_with("/staff/") {
            Audience::Staff
        } else {
            Audience::Everyone
        }
    }
}

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

    /// The locale that stands in for this one on a page it does not cover: simplified
    /// Chinese for traditional Chinese (the bureau's staff write and read it every day),
    /// English for any other language.
    pub fn for_audience(self, audience: Audience) -> Locale {
        if audience == Audience::Everyone || self.covers_staff() {
            self
        } else if self.0.starts_with("zh") {
            Locale::ZH_CN
        } else {
            Locale::EN
        }
    }

    /// Whether this locale has every area of the reference, the staff pages' included.
    pub fn covers_staff(self) -> bool {
        catalogue::covers_all(self.0)
    }

    /// The locales a page for `audience` is offered in, the default first.
    pub fn offered(audience: Audience) -> Vec<Locale> {
        Locale::all()
            .into_iter()
            .filter(|l| audience == Audience::Everyone || l.covers_staff())
            .collect()
    }

    /// The locale's own name for itself (日本語, English), for the language picker.
    pub fn name(self) -> String {
        t(self, "language-name", &[])
    }

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

/// The locale of a request for a page of `audience`: `?lang=` first (the picker on every
/// page), then the language cookie, then the browser's Accept-Language in the order of its
/// q-values (`q=0` refuses a language), else Chinese for a browser that names no language and
/// English for one that names only languages we do not have. A locale that does not cover
/// the audience stands in by [`Locale::for_audience`] unless a later preference covers it.
/// The flag says the locale came from `?lang=` (and should be remembered in the cookie).
pub fn negotiate(headers: &HeaderMap, query: Option<&str>, audience: Audience) -> (Locale, bool) {
    if let Some(l) = query_lang(query) {
        return (l.for_audience(audience), true);
    }
    if let Some(l) = cookie(headers, LANG_COOKIE).and_then(Locale::parse) {
        return (l.for_audience(audience), false);
    }
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    (from_accept_language(accept, audience), false)
}

/// The locale an Accept-Language header asks for (see [`negotiate`]).
pub fn from_accept_language(accept: &str, audience: Audience) -> Locale {
    let mut prefs: Vec<(f32, &str)> = accept
        .split(',')
        .filter_map(|part| {
            let mut it = part.split(';');
            let tag = it.next()?.trim();
            let q = it
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (!tag.is_empty() && tag != "*" && q > 0.0).then_some((q, tag))
        })
        .collect();
    // Stable: equal q-values keep the browser's order.
    prefs.sort_by(|a, b| b.0.total_cmp(&a.0));
    let known: Vec<Locale> = prefs.iter().filter_map(|(_, t)| Locale::parse(t)).collect();
    if let Some(l) = known.iter().find(|l| l.for_audience(audience) == **l) {
        return *l;
    }
    match known.first() {
        Some(l) => l.for_audience(audience),
        None if prefs.is_empty() => Locale::ZH_CN,
        None => Locale::EN,
    }
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
