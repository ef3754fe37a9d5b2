//! The messages' text: a subject and a body per event in each language, from the Fluent files
//! in `templates/<lang>.ftl` (staff events in zh-CN and en; whatever goes to enterprises and
//! askers also in zh-Hant, ja and ko). Statuses, clocks and divisions are written out by name,
//! dates as people write them in the language; no code reaches a message.

use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

use super::recipients::Facts;
use super::{Event, FundOutcome};

/// A language a message is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub enum Lang {
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
    #[serde(rename = "zh-Hant")]
    ZhHant,
    #[serde(rename = "ja")]
    Ja,
    #[serde(rename = "ko")]
    Ko,
}

impl Lang {
    pub const ALL: [Lang; 5] = [Lang::ZhCn, Lang::En, Lang::ZhHant, Lang::Ja, Lang::Ko];

    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
            Lang::ZhHant => "zh-Hant",
            Lang::Ja => "ja",
            Lang::Ko => "ko",
        }
    }

    /// A language tag as the web layer writes it; anything unknown is None.
    pub fn parse(s: &str) -> Option<Lang> {
        Lang::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(s))
    }

    /// Staff read zh-CN or en; a staff member with another stored language reads English.
    pub fn for_staff(self) -> Lang {
        match self {
            Lang::ZhCn | Lang::En => self,
            _ => Lang::En,
        }
    }

    fn chinese(self) -> bool {
        matches!(self, Lang::ZhCn | Lang::ZhHant)
    }
}

/// A rendered message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub subject: String,
    pub body: String,
    pub lang: Lang,
}

const SOURCES: [(Lang, &str); 5] = [
    (Lang::ZhCn, include_str!("templates/zh-CN.ftl")),
    (Lang::En, include_str!("templates/en.ftl")),
    (Lang::ZhHant, include_str!("templates/zh-Hant.ftl")),
    (Lang::Ja, include_str!("templates/ja.ftl")),
    (Lang::Ko, include_str!("templates/ko.ftl")),
];

type Bundle = FluentBundle<FluentResource>;

static BUNDLES: LazyLock<Vec<(Lang, Bundle, Vec<String>)>> = LazyLock::new(|| {
    SOURCES
        .iter()
        .map(|(lang, src)| {
            let mut problems = Vec::new();
            let id = lang.tag().parse().unwrap_or_default();
            let mut b = Bundle::new_concurrent(vec![id]);
            b.set_use_isolating(false);
            let res = FluentResource::try_new((*src).to_owned()).unwrap_or_else(|(r, errs)| {
                problems.extend(errs.iter().map(|e| format!("{}: {e:?}", lang.tag())));
                r
            });
            if let Err(errs) = b.add_resource(res) {
                problems.extend(errs.iter().map(|e| format!("{}: {e:?}", lang.tag())));
            }
            (*lang, b, problems)
        })
        .collect()
});

/// Syntax errors and duplicate keys in the template files (a test wants none).
pub fn problems() -> Vec<String> {
    BUNDLES.iter().flat_map(|(_, _, p)| p.clone()).collect()
}

/// Whether `lang` has a template for `key` (a test checks every event in every language).
pub fn has(lang: Lang, key: &str) -> bool {
    BUNDLES
        .iter()
        .any(|(l, b, _)| *l == lang && b.has_message(key))
}

fn text(lang: Lang, key: &str, args: &FluentArgs<'_>) -> Option<String> {
    let (_, b, _) = BUNDLES.iter().find(|(l, _, _)| *l == lang)?;
    let pattern = b.get_message(key)?.value()?;
    let mut errs = Vec::new();
    Some(
        b.format_pattern(pattern, Some(args), &mut errs)
            .into_owned(),
    )
}

/// A date as people write it: 2026年12月2日, 2 December 2026, 2026년 12월 2일.
pub fn show_date(lang: Lang, d: jiff::civil::Date) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let (y, m, day) = (d.year(), d.month(), d.day());
    match lang {
        Lang::En => format!(
            "{day} {} {y}",
            MONTHS[usize::try_from(m - 1).unwrap_or(0).min(11)]
        ),
        Lang::Ko => format!("{y}년 {m}월 {day}일"),
        _ => format!("{y}年{m}月{day}日"),
    }
}

/// The missing items, one a line: a document by its name, a figure by its name in `lang`.
fn missing_list(lang: Lang, missing: &[String]) -> String {
    missing
        .iter()
        .map(|m| match m.split_once('.') {
            Some(("figures", f)) => {
                text(lang, &format!("figure-{f}"), &FluentArgs::new()).unwrap_or(f.to_owned())
            }
            Some((_, d)) => d.to_owned(),
            None => m.clone(),
        })
        .map(|item| format!("- {item}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Renders `event` in `lang` (staff-only events in zh-CN or en). A language without the
/// event's template falls back to English, then to Chinese.
pub fn render(lang: Lang, event: &Event, f: &Facts) -> Message {
    let mut args = FluentArgs::new();
    let chinese = lang.chinese();
    let pick = |zh: &str, en: &Option<String>| {
        if chinese {
            zh.to_owned()
        } else {
            en.clone()
                .filter(|s| !s.is_empty())
                .unwrap_or(zh.to_owned())
        }
    };
    args.set("subject", f.case_subject.clone());
    args.set("enterprise", pick(&f.enterprise, &f.enterprise_en));
    args.set(
        "division",
        pick(&f.division_zh, &Some(f.division_en.clone())),
    );
    args.set("person", f.person.clone());
    args.set("assignee", f.assignee.clone());
    args.set(
        "status",
        f.case_status
            .map(|s| s.as_str())
            .unwrap_or("none")
            .to_owned(),
    );
    match event {
        Event::DecisionDue { due, .. } => args.set("due", show_date(lang, *due)),
        Event::SlaAtRisk { clock, .. } | Event::SlaBreached { clock, .. } => {
            args.set("clock", clock.as_str());
        }
        Event::QuestionAnswered { answer, .. } => args.set("answer", answer.clone()),
        Event::SignUpCode { code, .. } => args.set("code", code.clone()),
        Event::Invitation {
            enterprise,
            inviter,
            link,
            ..
        } => {
            args.set("enterprise", enterprise.clone());
            args.set("inviter", inviter.clone());
            args.set("link", link.clone());
        }
        Event::Digest { counts, .. } => {
            args.set("open", FluentValue::from(counts.open));
            args.set("overdue", FluentValue::from(counts.overdue));
            args.set("at_risk", FluentValue::from(counts.at_risk));
            args.set("due_today", FluentValue::from(counts.due_today.len()));
            args.set("due_list", counts.due_today.join("\n"));
        }
        Event::FundEntitlement {
            programme_zh,
            programme_en,
            amount,
            ..
        } => {
            let en = Some(programme_en.clone());
            args.set("programme", pick(programme_zh, &en));
            args.set("amount", amount.to_string());
        }
        Event::FundApplication {
            reference, outcome, ..
        } => {
            let en = Some(f.programme_en.clone());
            args.set("programme", pick(&f.programme_zh, &en));
            args.set("reference", reference.clone());
            match outcome {
                FundOutcome::Returned { missing } => {
                    args.set("missing", missing_list(lang, missing));
                }
                FundOutcome::Approved { amount } => args.set("amount", amount.to_string()),
                FundOutcome::Refused { reason } => args.set("reason", reason.clone()),
            }
        }
        _ => {}
    }
    let code = event.name();
    for l in [lang, Lang::En, Lang::ZhCn] {
        if let (Some(subject), Some(body)) = (
            text(l, &format!("{code}-subject"), &args),
            text(l, &format!("{code}-body"), &args),
        ) {
            return Message {
                subject,
                body,
                lang: l,
            };
        }
    }
    Message {
        subject: code.to_owned(),
        body: String::new(),
        lang,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Events whose messages go to enterprises or askers: written in all five languages.
    const OUTWARD: &[&str] = &[
        "question_answered",
        "designated",
        "sign_up_code",
        "invitation",
        "fund_entitlement",
        "fund_application_returned",
        "fund_application_approved",
        "fund_application_refused",
    ];
    const ALL: &[&str] = &[
        "case_routed",
        "case_assigned",
        "case_escalated",
        "decision_due",
        "sla_at_risk",
        "sla_breached",
        "enterprise_replied",
        "question_answered",
        "designated",
        "sign_up_code",
        "invitation",
        "digest",
        "fund_entitlement",
        "fund_application_returned",
        "fund_application_approved",
        "fund_application_refused",
    ];

    #[test]
    fn every_event_has_its_templates_in_each_language_it_needs() {
        assert!(problems().is_empty(), "{:?}", problems());
        for e in ALL {
            let langs: &[Lang] = if OUTWARD.contains(e) {
                &Lang::ALL
            } else {
                &[Lang::ZhCn, Lang::En]
            };
            for l in langs {
                for part in ["subject", "body"] {
                    assert!(has(*l, &format!("{e}-{part}")), "{e}-{part} in {}", l.tag());
                }
            }
        }
    }

    #[test]
    fn dates_read_as_people_write_them() {
        let d = jiff::civil::date(2026, 12, 2);
        assert_eq!(show_date(Lang::ZhCn, d), "2026年12月2日");
        assert_eq!(show_date(Lang::En, d), "2 December 2026");
        assert_eq!(show_date(Lang::Ko, d), "2026년 12월 2일");
    }

    #[test]
    fn a_code_sent_to_a_japanese_asker_is_in_japanese() {
        let e = Event::SignUpCode {
            to: super::super::Contact {
                address: super::super::Address::Email("a@b.jp".into()),
                lang: Lang::Ja,
            },
            code: "123456".into(),
        };
        let m = render(Lang::Ja, &e, &Facts::default());
        assert_eq!(m.subject, "確認コード：123456");
        assert_eq!(m.lang, Lang::Ja);
        // A staff-only event asked for in Korean falls back to English.
        let m = render(
            Lang::Ko,
            &Event::CaseEscalated {
                case: domain::new_id(),
            },
            &Facts::default(),
        );
        assert_eq!(m.lang, Lang::En);
    }
}
