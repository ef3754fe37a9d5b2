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

/// Every locale has either every area file of the reference locale or exactly the shared
/// ones, and each file it has holds the reference file's keys (and no others), so that a
/// page never shows a raw key or a stray English text in a language it is offered in.
#[test]
fn every_locale_has_every_key_of_the_areas_it_covers() {
    let reference = keys(Locale::ZH_CN);
    assert!(reference.iter().map(|(_, k)| k.len()).sum::<usize>() > 300);
    let all_areas: Vec<&str> = reference.iter().map(|(a, _)| *a).collect();
    for area in SHARED_AREAS {
        assert!(all_areas.contains(area), "zh-CN lacks {area}.ftl");
    }
    for l in Locale::all() {
        let own = keys(l);
        let areas: Vec<&str> = own.iter().map(|(a, _)| *a).collect();
        if l.covers_staff() {
            assert_eq!(areas, all_areas, "{}: area files differ", l.tag());
        } else {
            assert_eq!(
                areas,
                SHARED_AREAS,
                "{}: a locale has every area, or exactly the shared ones",
                l.tag()
            );
        }
        for (area, theirs) in &own {
            let Some((_, ours)) = reference.iter().find(|(a, _)| a == area) else {
                continue;
            };
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

/// The keys a template uses: its literal `t("key")` and the keys that start with a built
/// `t("prefix-" ~ x)`, including those of the macros it imports.
fn template_keys(name: &str, all: &BTreeSet<&'static str>) -> BTreeSet<String> {
    let source = |n: &str| {
        crate::embedded::TEMPLATE_FILES
            .iter()
            .find(|(f, _)| *f == n)
            .map_or("", |(_, s)| *s)
    };
    let mut src = source(name).to_owned();
    for part in source(name).split("{% from \"").skip(1) {
        let Some((from, rest)) = part.split_once('"') else {
            continue;
        };
        let imports = rest
            .trim_start()
            .strip_prefix("import")
            .and_then(|r| r.split_once("%}"))
            .map_or("", |(i, _)| i);
        for mac in imports.split(',').map(str::trim) {
            let start = format!("{{% macro {mac}(");
            if let Some(body) = source(from).split(&start).nth(1) {
                src.push_str(body.split("{% endmacro %}").next().unwrap_or(""));
            }
        }
    }
    let mut used = BTreeSet::new();
    for quote in ["t(\"", "t('"] {
        for part in src.split(quote).skip(1) {
            let Some(end) = part.find(['"', '\'']) else {
                continue;
            };
            let key = &part[..end];
            if part[end + 1..].trim_start().starts_with('~') {
                used.extend(
                    all.iter()
                        .filter(|k| k.starts_with(key))
                        .map(|k| k.to_string()),
                );
            } else {
                used.insert(key.to_owned());
            }
        }
    }
    used
}

/// The pages offered in every locale (the public site, the portal, sign-in, the account
/// page) use only keys of the shared areas, so that a locale that has just those areas
/// shows them whole.
#[test]
fn pages_for_everyone_use_only_the_shared_areas() {
    let reference = keys(Locale::ZH_CN);
    let all: BTreeSet<&str> = reference
        .iter()
        .flat_map(|(_, k)| k.iter().copied())
        .collect();
    let shared: BTreeSet<&str> = reference
        .iter()
        .filter(|(a, _)| SHARED_AREAS.contains(a))
        .flat_map(|(_, k)| k.iter().copied())
        .collect();
    let mut pages = 0;
    let mut outside = Vec::new();
    for (name, src) in crate::embedded::TEMPLATE_FILES {
        let for_everyone = src.contains("{% extends \"common/layout_public.html\"")
            || src.contains("{% extends \"common/layout_portal.html\"")
            || [
                "common/base.html",
                "common/layout_portal.html",
                "common/account.html",
            ]
            .contains(name);
        if !for_everyone {
            continue;
        }
        pages += 1;
        for key in template_keys(name, &all) {
            if !shared.contains(key.as_str()) {
                outside.push(format!("{name}: {key}"));
            }
        }
    }
    assert!(pages >= 10, "found {pages} pages for everyone");
    assert!(
        outside.is_empty(),
        "keys outside {SHARED_AREAS:?}: {outside:?}"
    );
}

#[test]
fn every_locale_names_itself() {
    let names: Vec<String> = Locale::all().into_iter().map(Locale::name).collect();
    for name in ["简体中文", "English", "繁體中文", "日本語", "한국어"] {
        assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
    }
    assert_eq!(
        Locale::offered(Audience::Staff),
        vec![Locale::ZH_CN, Locale::EN]
    );
    assert_eq!(Locale::offered(Audience::Everyone).len(), 5);
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

fn locale(tag: &str) -> Locale {
    Locale::parse(tag).unwrap_or_else(|| panic!("no locale {tag}"))
}

#[test]
fn language_tags_find_the_nearest_locale() {
    assert_eq!(Locale::parse("en-GB"), Some(Locale::EN));
    assert_eq!(Locale::parse("zh"), Some(Locale::ZH_CN));
    assert_eq!(Locale::parse("zh-Hans-CN"), Some(Locale::ZH_CN));
    assert_eq!(Locale::parse("zh-SG"), Some(Locale::ZH_CN));
    for tag in ["zh-TW", "zh-HK", "zh-MO", "zh-Hant", "zh-Hant-TW", "zh_hk"] {
        assert_eq!(
            Locale::parse(tag).map(Locale::tag),
            Some("zh-Hant"),
            "{tag}"
        );
    }
    assert_eq!(Locale::parse("ja-JP").map(Locale::tag), Some("ja"));
    assert_eq!(Locale::parse("ko-KR").map(Locale::tag), Some("ko"));
    assert_eq!(Locale::parse("fr"), None);
    assert_eq!(Locale::parse(""), None);
}

#[test]
fn accept_language_is_honoured_with_its_q_values() {
    let everyone = |a: &str| from_accept_language(a, Audience::Everyone).tag();
    let staff = |a: &str| from_accept_language(a, Audience::Staff).tag();
    assert_eq!(everyone("fr;q=1, en-GB;q=0.8, zh-CN;q=0.5"), "en");
    assert_eq!(everyone("zh-CN;q=0.5, ja;q=0.9"), "ja");
    assert_eq!(everyone("ja;q=0, ko"), "ko");
    assert_eq!(everyone("ko;q=0.8, ja;q=0.8"), "ko");
    assert_eq!(everyone("zh-HK,zh;q=0.9,en;q=0.8"), "zh-Hant");
    // Only languages we do not have: English, not Chinese.
    assert_eq!(everyone("de-DE,de;q=0.9"), "en");
    assert_eq!(everyone("fr, *;q=0.1"), "en");
    // No language named: the bureau's own.
    assert_eq!(everyone(""), "zh-CN");
    assert_eq!(everyone("*"), "zh-CN");
    // Staff pages: a later preference they have wins, else the stand-in.
    assert_eq!(staff("ja, zh-CN;q=0.5"), "zh-CN");
    assert_eq!(staff("ja"), "en");
    assert_eq!(staff("ko-KR, de;q=0.9"), "en");
    assert_eq!(staff("zh-TW"), "zh-CN");
    assert_eq!(staff("de"), "en");
}

#[test]
fn the_picker_and_the_cookie_come_before_the_browser() {
    let mut h = HeaderMap::new();
    h.insert(
        header::ACCEPT_LANGUAGE,
        "en".parse().unwrap_or_else(|_| unreachable!()),
    );
    let ja = locale("ja");
    assert_eq!(
        negotiate(&h, Some("lang=ja"), Audience::Everyone),
        (ja, true)
    );
    assert_eq!(
        negotiate(&h, Some("lang=ja"), Audience::Staff),
        (Locale::EN, true)
    );
    h.insert(
        header::COOKIE,
        "ll_lang=ko".parse().unwrap_or_else(|_| unreachable!()),
    );
    assert_eq!(negotiate(&h, None, Audience::Everyone).0, locale("ko"));
    assert_eq!(negotiate(&h, None, Audience::Staff).0, Locale::EN);
    assert_eq!(
        negotiate(&HeaderMap::new(), None, Audience::Everyone).0,
        Locale::ZH_CN
    );
}

#[test]
fn asian_languages_have_one_form_with_the_count() {
    for tag in ["ja", "ko", "zh-Hant"] {
        let l = locale(tag);
        let one = t(l, "faq-results", &[("n", n(1)), ("q", Arg::from("x"))]);
        let many = t(l, "faq-results", &[("n", n(12_345)), ("q", Arg::from("x"))]);
        assert!(
            one.contains('1') && many.contains("12,345"),
            "{tag}: {one} / {many}"
        );
        assert_eq!(one.replace('1', "12,345"), many, "{tag}");
    }
}

#[test]
fn a_staff_text_in_a_partial_locale_reads_in_english() {
    assert_eq!(
        t(locale("ja"), "users-title", &[]),
        t(Locale::EN, "users-title", &[])
    );
    assert_eq!(t(locale("ja"), "sign-in", &[]), "ログイン");
}
