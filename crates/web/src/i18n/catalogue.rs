//! The Fluent catalogues, one bundle per locale built from every `<area>.ftl` in the
//! locale's folder, and [`t`], the one way to get interface text. Plurals are Fluent
//! selectors on a number argument (`{ $n -> [one] … *[other] … }`) with each language's
//! plural rules; numbers are written with the digit grouping all our languages share
//! ("12,345"). Bidi isolation marks are off: the text goes into HTML, where they would show
//! up as stray characters in copied text and in tests.
//!
//! A broken catalogue does not stop the server: what parses is used, and the problems are
//! logged and listed by [`load_problems`], which the tests require to be empty.

use std::borrow::Cow;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::types::FluentNumber;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use super::Locale;
use crate::embedded::CATALOGUE_FILES;

/// A value for a placeholder: `Arg::from(3)` selects plural forms, `Arg::from("x")` is text.
pub type Arg<'a> = FluentValue<'a>;

type Bundle = FluentBundle<FluentResource>;

struct Catalogues {
    bundles: Vec<(&'static str, Bundle)>,
    problems: Vec<String>,
}

/// `(locale, area, source)` for every embedded catalogue file, from `<locale>/<area>.ftl`.
fn files() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    CATALOGUE_FILES.iter().filter_map(|(path, src)| {
        let (locale, file) = path.split_once('/')?;
        Some((locale, file.strip_suffix(".ftl")?, *src))
    })
}

/// The tags of the locales that have catalogues.
pub(super) fn tags() -> impl Iterator<Item = &'static str> {
    CATALOGUES.bundles.iter().map(|(tag, _)| *tag)
}

static CATALOGUES: LazyLock<Catalogues> = LazyLock::new(|| {
    let mut tags: Vec<&str> = files().map(|(l, _, _)| l).collect();
    tags.dedup();
    let mut problems = Vec::new();
    let bundles = tags
        .into_iter()
        .map(|tag| (tag, bundle(tag, &mut problems)))
        .collect();
    for p in &problems {
        tracing::error!(problem = %p, "interface catalogue");
    }
    Catalogues { bundles, problems }
});

fn bundle(tag: &'static str, problems: &mut Vec<String>) -> Bundle {
    let lang = tag.parse().unwrap_or_else(|e| {
        problems.push(format!("{tag}: not a language tag ({e:?})"));
        unic_langid::LanguageIdentifier::default()
    });
    let mut bundle = Bundle::new_concurrent(vec![lang]);
    bundle.set_use_isolating(false);
    bundle.set_formatter(Some(|v, _| format_number(v)));
    if let Err(e) = bundle.add_builtins() {
        problems.push(format!("{tag}: {e:?}"));
    }
    for (_, area, src) in files().filter(|(l, _, _)| *l == tag) {
        let resource = FluentResource::try_new(src.to_owned()).unwrap_or_else(|(r, errs)| {
            for e in errs {
                let line = src[..e.pos.start.min(src.len())].lines().count();
                problems.push(format!("{tag}/{area}.ftl line {line}: {:?}", e.kind));
            }
            r
        });
        if let Err(errs) = bundle.add_resource(resource) {
            problems.extend(errs.iter().map(|e| format!("{tag}/{area}.ftl: {e:?}")));
        }
    }
    bundle
}

/// Whether the locale `tag` has every area file of the reference locale.
pub(super) fn covers_all(tag: &str) -> bool {
    let areas = |t: &str| -> Vec<&str> {
        files()
            .filter(|(l, _, _)| *l == t)
            .map(|(_, a, _)| a)
            .collect()
    };
    let own = areas(tag);
    areas(Locale::ZH_CN.tag()).iter().all(|a| own.contains(a))
}

/// What went wrong loading the catalogues: syntax errors and keys defined twice.
pub fn load_problems() -> &'static [String] {
    &CATALOGUES.problems
}

/// The message keys of each area file of a locale: `(area, keys)`, in file order.
pub fn keys(l: Locale) -> Vec<(&'static str, Vec<&'static str>)> {
    files()
        .filter(|(tag, _, _)| *tag == l.tag())
        .map(|(_, area, src)| {
            // A message starts at the beginning of a line with its identifier; continuation
            // lines are indented, comments start with '#', terms with '-'.
            let keys = src
                .lines()
                .filter(|line| line.starts_with(|c: char| c.is_ascii_alphabetic()))
                .filter_map(|line| line.split_once('=').map(|(k, _)| k.trim()))
                .collect();
            (area, keys)
        })
        .collect()
}

/// The text for `key` in `l`, with its placeholders filled from `args`. A missing key shows
/// the key (and is logged), which the catalogue tests keep from shipping.
pub fn t(l: Locale, key: &str, args: &[(&str, Arg<'_>)]) -> String {
    lookup(l, key, args).unwrap_or_else(|| {
        tracing::warn!(key, locale = l.tag(), "missing translation");
        key.to_owned()
    })
}

/// The text for `key` in `l`, or `None` when the catalogue has no such message. A locale
/// that covers only the shared areas answers a staff text in English (the pages that need it
/// are not offered in that locale, but a stray key should not show up raw).
pub fn lookup(l: Locale, key: &str, args: &[(&str, Arg<'_>)]) -> Option<String> {
    let (_, bundle) = CATALOGUES.bundles.iter().find(|(tag, _)| *tag == l.tag())?;
    let Some(message) = bundle.get_message(key) else {
        return (l != Locale::EN && !l.covers_staff())
            .then(|| lookup(Locale::EN, key, args))
            .flatten();
    };
    let pattern = message.value()?;
    let mut fluent_args = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    if !errors.is_empty() {
        tracing::warn!(key, locale = l.tag(), ?errors, "translation with errors");
    }
    Some(text.into_owned())
}

/// Numbers as zh, en, ja and ko all write them: ASCII digits, "," between groups of three,
/// "." before the fraction. `NUMBER($n, useGrouping: "false")` leaves out the separators
/// (for a year or an identifier).
pub(super) fn format_number(v: &FluentValue) -> Option<String> {
    let FluentValue::Number(FluentNumber { value, options }) = v else {
        return None;
    };
    if !value.is_finite() {
        return None;
    }
    let min = options.minimum_fraction_digits.unwrap_or(0);
    let max = options.maximum_fraction_digits.unwrap_or(3).max(min);
    let plain = format!("{:.*}", max, value.abs());
    let (int, frac) = plain.split_once('.').unwrap_or((&plain, ""));
    let keep = frac.trim_end_matches('0').len().max(min);
    let frac = &frac[..keep.min(frac.len())];
    let mut out = String::with_capacity(plain.len() + int.len() / 3 + 1);
    if *value < 0.0 && plain.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if options.use_grouping && i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    Some(out)
}

/// A number argument from a template value (minijinja numbers), text otherwise.
pub(crate) fn arg_of(v: &minijinja::Value) -> Arg<'static> {
    if let Some(i) = v.as_i64() {
        return FluentValue::from(i);
    }
    if v.is_number()
        && let Ok(f) = f64::try_from(v.clone())
    {
        return FluentValue::from(f);
    }
    if v.is_undefined() || v.is_none() {
        return FluentValue::from("");
    }
    FluentValue::String(Cow::Owned(v.to_string()))
}
