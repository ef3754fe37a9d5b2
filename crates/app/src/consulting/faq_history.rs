//! The FAQ's history: every version with who changed it, and a diff between two versions.

use domain::{Action, Id, Resource};
use serde::Serialize;

use super::faq::{LANGS, Text};
use crate::{App, AppError, Ctx, Result};

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct VersionView {
    pub version: i64,
    pub editor: String,
    pub note: String,
    pub at: i64,
    pub texts: Vec<Text>,
}

/// Every version, oldest first: who changed what, and when.
pub async fn history(app: &App, ctx: &Ctx, id: Id) -> Result<Vec<VersionView>> {
    ctx.require(Resource::Faq, Action::Read)?;
    let mut rd = app.db.read().await?;
    store::faq::get(&mut rd, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut out: Vec<VersionView> = Vec::new();
    for v in store::faq::versions(&mut rd, id).await? {
        let text = Text {
            lang: v.lang.clone(),
            question: v.question.clone(),
            answer: v.answer.clone(),
        };
        match out.last_mut() {
            Some(last) if last.version == v.version => last.texts.push(text),
            _ => out.push(VersionView {
                version: v.version,
                editor: v.editor,
                note: v.note,
                at: v.at,
                texts: vec![text],
            }),
        }
    }
    Ok(out)
}

/// A change between two versions of one text: runs kept, removed and added.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct DiffPart {
    /// `same`, `removed` or `added`.
    pub op: &'static str,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct LangDiff {
    pub lang: String,
    pub question: Vec<DiffPart>,
    pub answer: Vec<DiffPart>,
}

/// The differences between versions `from` and `to`, per language.
pub async fn diff(app: &App, ctx: &Ctx, id: Id, from: i64, to: i64) -> Result<Vec<LangDiff>> {
    let versions = history(app, ctx, id).await?;
    let find = |n: i64, field: &str| {
        versions.iter().find(|v| v.version == n).ok_or_else(|| {
            AppError::invalid(
                field,
                "unknown_version",
                format!("the entry has versions 1 to {}", versions.len()),
            )
        })
    };
    let (a, b) = (find(from, "from")?, find(to, "to")?);
    let mut out = Vec::new();
    for lang in LANGS {
        let old = a.texts.iter().find(|t| t.lang == *lang);
        let new = b.texts.iter().find(|t| t.lang == *lang);
        if old.is_none() && new.is_none() {
            continue;
        }
        let text = |t: Option<&Text>, q: bool| {
            t.map(|t| {
                if q {
                    t.question.clone()
                } else {
                    t.answer.clone()
                }
            })
            .unwrap_or_default()
        };
        out.push(LangDiff {
            lang: (*lang).into(),
            question: diff_text(&text(old, true), &text(new, true)),
            answer: diff_text(&text(old, false), &text(new, false)),
        });
    }
    Ok(out)
}

/// A diff by characters (longest common subsequence), merged into runs; for long texts, by lines.
pub fn diff_text(old: &str, new: &str) -> Vec<DiffPart> {
    let (a, b): (Vec<String>, Vec<String>) =
        if old.chars().count() * new.chars().count() > 4_000_000 {
            (
                old.split_inclusive('\n').map(str::to_owned).collect(),
                new.split_inclusive('\n').map(str::to_owned).collect(),
            )
        } else {
            (
                old.chars().map(String::from).collect(),
                new.chars().map(String::from).collect(),
            )
        };
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![0u32; (n + 1) * (m + 1)];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * (m + 1) + j] = if a[i] == b[j] {
                lcs[(i + 1) * (m + 1) + j + 1] + 1
            } else {
                lcs[(i + 1) * (m + 1) + j].max(lcs[i * (m + 1) + j + 1])
            };
        }
    }
    let mut parts: Vec<DiffPart> = Vec::new();
    let mut push = |op: &'static str, s: &str| match parts.last_mut() {
        Some(p) if p.op == op => p.text.push_str(s),
        _ => parts.push(DiffPart {
            op,
            text: s.to_owned(),
        }),
    };
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            push("same", &a[i]);
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[(i + 1) * (m + 1) + j] >= lcs[i * (m + 1) + j + 1]) {
            push("removed", &a[i]);
            i += 1;
        } else {
            push("added", &b[j]);
            j += 1;
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diff_keeps_the_common_text_and_marks_the_change() {
        let d = diff_text("保费补贴比例为50%。", "保费补贴比例为80%。");
        assert_eq!(
            d,
            vec![
                DiffPart {
                    op: "same",
                    text: "保费补贴比例为".into()
                },
                DiffPart {
                    op: "removed",
                    text: "5".into()
                },
                DiffPart {
                    op: "added",
                    text: "8".into()
                },
                DiffPart {
                    op: "same",
                    text: "0%。".into()
                },
            ]
        );
        assert_eq!(
            diff_text("", "新"),
            vec![DiffPart {
                op: "added",
                text: "新".into()
            }]
        );
        assert!(diff_text("same", "same").iter().all(|p| p.op == "same"));
    }
}
