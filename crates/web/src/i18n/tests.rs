//! The catalogues are complete and well-formed, plurals and numbers read right in each
//! language, and requests get the language they ask for.

use std::collections::BTreeSet;

use axum::http::{HeaderMap, header};

use super::*;

fn n(v: i64) -> Arg<'static> {
    Arg::from(v)
}

#[test]
fn catalogues_parse_without_problems() {
    assert_eq!(load_problems(), &[] as &[String]);
    assert!(
        Locale::all().contains(&Locale::ZH_CN),
        "zh-CN is the default"
    );
    assert!(Locale::all().contains(&Locale::EN));
}

/// Every locale has the reference locale's files, and each file its keys (and no others),
/// so that a page never shows a raw key in one language.
#[test]
fn every_locale_has_every_key() {
    let reference = keys(Locale::ZH_CN);
    assert!(reference.iter().map(|(_, k)| k.len()).sum::<usize>() > 300);
    for l in Locale::all() {
        let own = keys(l);
        let areas =
            |v: &[(&'static str, Vec<&'static str>)]| v.iter().map(|(a, _)| *a).collect::<Vec<_>>();
        assert_eq!(
            areas(&own),
            areas(&reference),
            "{}: area files differ",
            l.tag()
        );
        for ((area, theirs), (_, ours)) in own.iter().zip(&reference) {
            let theirs: BTreeSet<_> = theirs.iter().collect();
            let ours: BTreeSet<_> = ours.iter().collect();
            let missing: Vec<_> = ours.difference(&theirs).collect();
            let extra: Vec<_> = theirs.difference(&ours).collect();
            assert!(
                missing.is_empty(),
                "{}/{area}.ftl lacks {missing:?}",
                l.tag()
            );
            assert!(
                extra.is_empty(),
                "{}/{area}.ftl has extra {extra:?}",
                l.tag()
            );
        }
    }
}

/// Every literal `t("key")` in the templates names a key of the catalogues.
#[test]
fn templates_use_existing_keys() {
    let all: BTreeSet<&str> = keys(Locale::ZH_CN)
        .into_iter()
        .flat_map(|(_, k)| k)
        .collect();
    let mut unknown = Vec::new();
    for (name, src) in crate::embedded::TEMPLATE_FILES {
        for part in src.split("t(\"").skip(1) {
            let Some((key, rest)) = part.split_once('"') else {
                continue;
            };
            // `t("role-" ~ x)` builds the key: only its prefix is written here.
            if !rest.trim_start().starts_with('~') && !all.contains(key) {
                unknown.push(format!("{name}: {key}"));
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "keys not in the catalogues: {unknown:?}"
    );
}

#[test]
fn english_plurals_agree_with_the_count() {
    let en = Locale::EN;
    assert_eq!(
        t(en, "users-count", &[("n", n(1))]),
        "1 account you may see"
    );
    assert_eq!(
        t(en, "users-count", &[("n", n(2))]),
        "2 accounts you may see"
    );
    assert_eq!(
        t(en, "users-count", &[("n", n(0))]),
        "0 accounts you may see"
    );
    assert_eq!(t(en, "ent-count", &[("n", n(1))]), "1 enterprise");
    assert_eq!(t(en, "dir-count", &[("n", n(1))]), "1 person");
    assert_eq!(t(en, "dir-count", &[("n", n(3))]), "3 people");
    assert_eq!(t(en, "delivery-attempts", &[("n", n(1))]), "1 attempt");
    assert_eq!(
        t(en, "ent-count", &[("n", n(12_345))]),
        "12,345 enterprises"
    );
}

#[test]
fn chinese_has_one_form_with_the_count() {
    let zh = Locale::ZH_CN;
    assert_eq!(t(zh, "ent-count", &[("n", n(1))]), "共 1 家企业");
    assert_eq!(t(zh, "ent-count", &[("n", n(2))]), "共 2 家企业");
    assert_eq!(t(zh, "ent-count", &[("n", n(12_345))]), "共 12,345 家企业");
}

#[test]
fn numbers_keep_their_fraction_and_sign() {
    let fmt = |v: f64| super::catalogue::format_number(&Arg::from(v));
    assert_eq!(fmt(1234.5).as_deref(), Some("1,234.5"));
    assert_eq!(fmt(-1_000_000.0).as_deref(), Some("-1,000,000"));
    assert_eq!(fmt(999.0).as_deref(), Some("999"));
    assert_eq!(super::catalogue::format_number(&Arg::from("x")), None);
}

#[test]
fn a_missing_key_shows_the_key() {
    assert_eq!(t(Locale::EN, "no-such-key", &[]), "no-such-key");
}

#[test]
fn language_tags_find_the_nearest_locale() {
    assert_eq!(Locale::parse("en-GB"), Some(Locale::EN));
    assert_eq!(Locale::parse("zh"), Some(Locale::ZH_CN));
    assert_eq!(Locale::parse("zh-Hans-CN"), Some(Locale::ZH_CN));
    // Without traditional Chinese catalogues, Taiwan's readers get simplified Chinese.
    if !Locale::all().iter().any(|l| l.tag() == "zh-Hant") {
        assert_eq!(Locale::parse("zh-TW"), Some(Locale::ZH_CN));
    }
    assert_eq!(Locale::parse("fr"), None);
    assert_eq!(Locale::parse(""), None);
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
    assert_eq!(negotiate(&h, None).0, Locale::EN);
    assert_eq!(negotiate(&h, Some("lang=zh-CN")), (Locale::ZH_CN, true));
    assert_eq!(negotiate(&HeaderMap::new(), None).0, Locale::ZH_CN);
}
