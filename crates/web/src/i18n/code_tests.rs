//! Every field error code the code can produce is listed in `domain::codes::FIELD_CODES`,
//! and every listed code has a message in the catalogues. The first half reads the
//! workspace's sources: the second argument of `FieldError::new(…)`, `AppError::invalid(…)`
//! and `Problem::field(…)` when it is a string literal, and the strings a domain error's
//! `fn code(&self)` returns.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use domain::codes::FIELD_CODES;

use super::{Locale, keys};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for path in entries.flatten().map(|e| e.path()) {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level arguments of the call whose `(` ends right before `src`.
fn call_args(src: &str) -> Vec<String> {
    let (mut args, mut cur, mut depth) = (Vec::new(), String::new(), 0usize);
    let mut chars = src.chars();
    while let Some(c) = chars.next() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth == 0 => {
                args.push(std::mem::take(&mut cur));
                return args;
            }
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                args.push(std::mem::take(&mut cur));
                continue;
            }
            '"' => {
                cur.push(c);
                while let Some(d) = chars.next() {
                    cur.push(d);
                    if d == '\\' {
                        cur.extend(chars.next());
                    } else if d == '"' {
                        break;
                    }
                }
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    args
}

fn literal(arg: &str) -> Option<&str> {
    let s = arg.trim().strip_prefix('"')?.strip_suffix('"')?;
    s.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        .then_some(s)
}

/// The codes used in one source file.
fn codes_in(src: &str) -> Vec<String> {
    let mut found = Vec::new();
    for call in ["FieldError::new(", "AppError::invalid(", ".field("] {
        for part in src.split(call).skip(1) {
            if let Some(code) = call_args(part).get(1).and_then(|a| literal(a)) {
                found.push(code.to_owned());
            }
        }
    }
    for part in src.split("pub fn code(&self) -> &'static str {").skip(1) {
        let body = part.split("\n    }").next().unwrap_or("");
        // AppError's own codes name problems, not fields.
        if body.contains("AppError::") {
            continue;
        }
        for arm in body.split("=>").skip(1) {
            let arm = arm.trim_start().trim_start_matches('{').trim_start();
            let first: String = arm.split_inclusive('"').take(2).collect();
            if let Some(c) = literal(&first) {
                found.push(c.to_owned());
            }
        }
    }
    found
}

#[test]
fn the_scanner_finds_codes() {
    let src = r#"
        FieldError::new("a", "first_code", format!("x, {}", y));
        AppError::invalid(
            "b",
            "second_code",
            "msg, with comma",
        );
        p.field(&f, code, m);
        pub fn code(&self) -> &'static str {
            match self {
                E::A(_) => "third_code",
                E::B | E::C => {
                    "fourth_code"
                }
            }
        }
    "#;
    assert_eq!(
        codes_in(src),
        ["first_code", "second_code", "third_code", "fourth_code"]
    );
}

#[test]
fn every_code_in_the_sources_is_listed() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for krate in ["domain", "app", "web", "store", "cli"] {
        rust_files(&crates.join(krate).join("src"), &mut files);
    }
    assert!(
        files.len() > 50,
        "sources not found under {}",
        crates.display()
    );
    let listed: BTreeSet<&str> = FIELD_CODES.iter().copied().collect();
    let mut unlisted = BTreeSet::new();
    let mut seen = 0;
    // This file's own example codes are not the application's.
    for f in files
        .iter()
        .filter(|f| !f.ends_with(file!().rsplit("src/").next().unwrap_or("")))
    {
        let src = std::fs::read_to_string(f).unwrap_or_default();
        for code in codes_in(&src) {
            seen += 1;
            if !listed.contains(code.as_str()) {
                unlisted.insert(format!("{code} ({})", f.display()));
            }
        }
    }
    assert!(
        seen > 100,
        "only {seen} codes found: is the scanner broken?"
    );
    assert!(
        unlisted.is_empty(),
        "add these codes to domain::codes::FIELD_CODES and err-<code> to every errors.ftl: {unlisted:?}"
    );
}

#[test]
fn every_listed_code_has_a_message_and_no_message_is_stale() {
    let errors: BTreeSet<&str> = keys(Locale::ZH_CN)
        .into_iter()
        .filter(|(area, _)| *area == "errors")
        .flat_map(|(_, k)| k)
        .filter_map(|k| k.strip_prefix("err-"))
        .collect();
    let listed: BTreeSet<&str> = FIELD_CODES.iter().copied().collect();
    let missing: Vec<_> = listed.difference(&errors).collect();
    let stale: Vec<_> = errors.difference(&listed).collect();
    assert!(missing.is_empty(), "errors.ftl lacks err-{missing:?}");
    assert!(
        stale.is_empty(),
        "errors.ftl has messages for unknown codes {stale:?}"
    );
}
