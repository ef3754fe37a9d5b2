//! Interface languages. The UI is in zh-CN and en; each has one catalogue in `locales/`,
//! in a Fluent-compatible subset (`key = text`, `{ $name }` placeholders), and a test fails
//! when a key is missing in any catalogue.

use std::collections::HashMap;
use std::sync::LazyLock;

use axum::http::{HeaderMap, header};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Locale {
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

pub const LOCALES: [Locale; 2] = [Locale::ZhCn, Locale::En];
pub const LANG_COOKIE: &str = "ll_lang";

impl Locale {
    pub fn tag(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Locale> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("zh") {
            Some(Locale::ZhCn)
        } else if s.starts_with("en") {
            Some(Locale::En)
        } else {
            None
        }
    }

    fn source(self) -> &'static str {
        match self {
            Locale::ZhCn => include_str!("../locales/zh-CN.ftl"),
            Locale::En => include_str!("../locales/en.ftl"),
        }
    }
}

/// Parses a catalogue: `key = text` lines; `#` comments and blank lines are skipped.
pub fn parse_catalogue(src: &str) -> HashMap<String, String> {
    src.lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .filter_map(|l| {
            l.split_once('=')
                .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        })
        .collect()
}

static CATALOGUES: LazyLock<HashMap<Locale, HashMap<String, String>>> = LazyLock::new(|| {
    LOCALES
        .iter()
        .map(|l| (*l, parse_catalogue(l.source())))
        .collect()
});

pub fn catalogue(l: Locale) -> &'static HashMap<String, String> {
    static EMPTY: LazyLock<HashMap<String, String>> = LazyLock::new(HashMap::new);
    CATALOGUES.get(&l).unwrap_or(&EMPTY)
}

/// The text for `key`, with `{ $name }` placeholders filled. A missing key shows the key,
/// which the catalogue test prevents from shipping.
pub fn t(l: Locale, key: &str, args: &[(&str, String)]) -> String {
    let Some(text) = catalogue(l).get(key) else {
        tracing::warn!(key, locale = l.tag(), "missing translation");
        return key.to_owned();
    };
    let mut out = text.clone();
    for (name, value) in args {
        out = out.replace(&format!("{{ ${name} }}"), value);
    }
    out
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
    (prefs.first().map(|p| p.1).unwrap_or(Locale::ZhCn), false)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_locale_has_every_key() {
        let all: std::collections::BTreeSet<&String> =
            LOCALES.iter().flat_map(|l| catalogue(*l).keys()).collect();
        for l in LOCALES {
            let missing: Vec<_> = all
                .iter()
                .filter(|k| !catalogue(l).contains_key(k.as_str()))
                .collect();
            assert!(missing.is_empty(), "{} lacks {missing:?}", l.tag());
            assert!(catalogue(l).len() > 50, "{} catalogue looks empty", l.tag());
        }
    }

    #[test]
    fn accept_language_is_honoured() {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_LANGUAGE,
            "fr;q=1, en-GB;q=0.8, zh-CN;q=0.5"
                .parse()
                .unwrap_or_else(|_| unreachable!()),
        );
        assert_eq!(negotiate(&h, None).0, Locale::En);
        assert_eq!(negotiate(&h, Some("lang=zh-CN")), (Locale::ZhCn, true));
        assert_eq!(negotiate(&HeaderMap::new(), None).0, Locale::ZhCn);
    }
}
