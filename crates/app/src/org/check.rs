//! Checking a work-distribution table before anything is written: the header (English or
//! Chinese names), every cell, and the rules across rows (one person, one set of numbers; one
//! set of numbers, one spelling; one leading division per measure and item; no row twice).

use std::collections::HashMap;
use std::fmt;

use domain::Phone;
use serde::Serialize;

use super::distribution::DivisionNames;
use crate::{App, Result};

pub const HEADER: [&str; 10] = [
    "measure",
    "item",
    "division",
    "leading",
    "chief_name",
    "chief_office_phone",
    "chief_mobile",
    "contact_name",
    "contact_office_phone",
    "contact_mobile",
];

/// Chinese header names accepted for each column.
const ZH_HEADER: [&[&str]; 10] = [
    &["措施", "序号措施", "措施编号"],
    &["事项", "内容", "工作内容"],
    &["处室", "责任处室", "责任单位"],
    &["牵头", "是否牵头", "牵头处室"],
    &["处长", "处室负责人", "负责人", "处长姓名"],
    &["处长办公电话", "负责人办公电话", "处长电话"],
    &["处长手机", "负责人手机"],
    &["联系人", "联络员", "联系人姓名"],
    &["联系人办公电话", "联系人电话", "联络员办公电话"],
    &["联系人手机", "联络员手机"],
];

/// One problem with a cell (or a row, when `column` names the row's key).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Problem {
    pub row: usize,
    pub column: String,
    pub value: String,
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "row {}, column {}, value \"{}\": {}",
            self.row, self.column, self.value, self.reason
        )
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Reject {
    pub row: usize,
    pub cells: Vec<String>,
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct ImportReport {
    pub rows: usize,
    pub valid: usize,
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub people_created: usize,
    pub people_updated: usize,
    pub written: bool,
    pub dry_run: bool,
    pub rejects: Vec<Reject>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Strict,
    SkipInvalid,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PersonIn {
    pub(super) name: String,
    pub(super) office: Option<String>,
    pub(super) mobile: Option<String>,
}

#[derive(Debug, Clone)]
pub(super) struct ValidRow {
    /// Place within its measure in the file, counting rejected rows too.
    pub(super) place: i64,
    pub(super) measure: i64,
    pub(super) item: String,
    pub(super) division: String,
    pub(super) leading: bool,
    pub(super) chief: Option<PersonIn>,
    pub(super) contact: Option<PersonIn>,
}

fn parse_leading(v: &str) -> Option<bool> {
    match v.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "是" | "√" | "✓" | "牵头" => Some(true),
        "" | "no" | "n" | "false" | "0" | "否" => Some(false),
        _ => None,
    }
}

/// Which column of the file holds each of [`HEADER`]'s fields.
fn map_header(
    header: &[String],
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
) -> [Option<usize>; 10] {
    let mut map = [None; 10];
    for (i, h) in header.iter().enumerate() {
        let n = super::distribution::normalise(h.trim_start_matches('\u{feff}'));
        let found = HEADER
            .iter()
            .position(|k| *k == n)
            .or_else(|| ZH_HEADER.iter().position(|alts| alts.contains(&n.as_str())));
        match found {
            Some(k) if map[k].is_none() => map[k] = Some(i),
            Some(k) => problems.push(Problem {
                row: 1,
                column: h.clone(),
                value: h.clone(),
                reason: format!("column {} appears twice", HEADER[k]),
            }),
            None if n.is_empty() => {}
            None => warnings.push(Problem {
                row: 1,
                column: h.clone(),
                value: h.clone(),
                reason: format!(
                    "unknown column, ignored; the columns are {}",
                    HEADER.join(",")
                ),
            }),
        }
    }
    for (k, m) in map.iter().enumerate() {
        if m.is_none() && k != 1 {
            problems.push(Problem {
                row: 1,
                column: HEADER[k].into(),
                value: String::new(),
                reason: format!("the header lacks the column {}", HEADER[k]),
            });
        }
    }
    map
}

/// Validates the rows of a file (header first). Returns the valid rows and every problem.
pub(super) async fn validate(
    app: &App,
    table: &[Vec<String>],
) -> Result<(Vec<ValidRow>, ImportReport)> {
    let mut report = ImportReport::default();
    let Some(header) = table.first() else {
        report.errors.push(Problem {
            row: 1,
            column: "-".into(),
            value: String::new(),
            reason: "the file is empty".into(),
        });
        return Ok((Vec::new(), report));
    };
    let map = map_header(header, &mut report.errors, &mut report.warnings);
    if !report.errors.is_empty() {
        return Ok((Vec::new(), report));
    }
    let (names, stored_items) = {
        let mut rd = app.db.read().await?;
        let items: HashMap<(i64, String), String> = store::distribution::all(&mut rd)
            .await?
            .into_iter()
            .map(|r| ((r.measure, super::distribution::normalise(&r.item)), r.item))
            .collect();
        (DivisionNames::load(&mut rd).await?, items)
    };
    let area = app.settings.area_code.clone();
    let mut valid = Vec::new();
    // name -> (row, office, mobile) as first seen; numbers -> (row, name) as first seen.
    let mut person_seen: HashMap<String, (usize, Option<String>, Option<String>)> = HashMap::new();
    let mut numbers_seen: HashMap<String, (usize, String)> = HashMap::new();
    let mut keys_seen: HashMap<(i64, String, String), usize> = HashMap::new();
    let mut leading_seen: HashMap<(i64, String), usize> = HashMap::new();
    let mut places: HashMap<i64, i64> = HashMap::new();

    for (idx, cells) in table.iter().enumerate().skip(1) {
        let row = idx + 1;
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        report.rows += 1;
        let cell = |k: usize| {
            map[k]
                .and_then(|i| cells.get(i))
                .map(|c| c.trim().to_owned())
                .unwrap_or_default()
        };
        let mut errs: Vec<Problem> = Vec::new();
        let mut err = |col: &str, value: &str, reason: String| {
            errs.push(Problem {
                row,
                column: col.into(),
                value: value.into(),
                reason,
            })
        };

        let m_text = cell(0);
        let measure = match m_text
            .trim_end_matches(".0")
            .parse::<i64>()
            .ok()
            .and_then(|n| domain::MeasureNo::new(n).ok())
        {
            Some(m) => Some(m.get()),
            None => {
                err(
                    "measure",
                    &m_text,
                    "a measure is a number from 1 to 10".into(),
                );
                None
            }
        };
        // An item is matched without regard to case and spacing; a known one keeps its stored text.
        let typed_item = cell(1).split_whitespace().collect::<Vec<_>>().join(" ");
        let item = measure
            .and_then(|m| {
                stored_items
                    .get(&(m, super::distribution::normalise(&typed_item)))
                    .cloned()
            })
            .unwrap_or(typed_item);
        let d_text = cell(2);
        let division = match names.resolve(&d_text) {
            Some((code, own_name)) => {
                if !own_name {
                    let d = names
                        .get(&code)
                        .map(|d| d.name_en.clone())
                        .unwrap_or_default();
                    report.warnings.push(Problem {
                        row,
                        column: "division".into(),
                        value: d_text.clone(),
                        reason: format!("another name of {code} ({d}); read as {code}"),
                    });
                }
                Some(code)
            }
            None if d_text.is_empty() => {
                err("division", &d_text, "a division is required".into());
                None
            }
            None => {
                err(
                    "division",
                    &d_text,
                    format!(
                        "unknown division; the known divisions are {}",
                        names.known()
                    ),
                );
                None
            }
        };
        let l_text = cell(3);
        let leading = parse_leading(&l_text).unwrap_or_else(|| {
            err(
                "leading",
                &l_text,
                "write yes, true, 1 or 是 for the leading division, or leave it empty".into(),
            );
            false
        });

        let person = |name_k: usize,
                      office_k: usize,
                      mobile_k: usize,
                      errs: &mut Vec<Problem>|
         -> Option<PersonIn> {
            let name = cell(name_k);
            let (office_t, mobile_t) = (cell(office_k), cell(mobile_k));
            if name.is_empty() {
                if !office_t.is_empty() || !mobile_t.is_empty() {
                    errs.push(Problem {
                        row,
                        column: HEADER[name_k].into(),
                        value: String::new(),
                        reason: "numbers are given but no name".into(),
                    });
                }
                return None;
            }
            let office = if office_t.is_empty() {
                None
            } else {
                match Phone::office(&office_t, &area) {
                    Ok(p) => Some(p.e164().to_owned()),
                    Err(e) => {
                        errs.push(Problem {
                            row,
                            column: HEADER[office_k].into(),
                            value: office_t.clone(),
                            reason: e.to_string(),
                        });
                        None
                    }
                }
            };
            let mobile = if mobile_t.is_empty() {
                None
            } else {
                match Phone::mobile(&mobile_t) {
                    Ok(p) => Some(p.e164().to_owned()),
                    Err(e) => {
                        errs.push(Problem {
                            row,
                            column: HEADER[mobile_k].into(),
                            value: mobile_t.clone(),
                            reason: e.to_string(),
                        });
                        None
                    }
                }
            };
            Some(PersonIn {
                name,
                office,
                mobile,
            })
        };
        let chief = person(4, 5, 6, &mut errs);
        let contact = person(7, 8, 9, &mut errs);

        // Across rows: one person, one set of numbers; one set of numbers, one spelling.
        for (p, (office_k, mobile_k)) in [(&chief, (5, 6)), (&contact, (8, 9))] {
            let Some(p) = p else { continue };
            match person_seen.get(&p.name) {
                Some((first, office, mobile)) => {
                    if p.office.is_some() && office.is_some() && &p.office != office {
                        errs.push(Problem {
                            row,
                            column: HEADER[office_k].into(),
                            value: cell(office_k),
                            reason: format!(
                                "{} has a different office number in row {first}",
                                p.name
                            ),
                        });
                    }
                    if p.mobile.is_some() && mobile.is_some() && &p.mobile != mobile {
                        errs.push(Problem {
                            row,
                            column: HEADER[mobile_k].into(),
                            value: cell(mobile_k),
                            reason: format!(
                                "{} has a different mobile number in row {first}",
                                p.name
                            ),
                        });
                    }
                }
                None => {
                    person_seen.insert(p.name.clone(), (row, p.office.clone(), p.mobile.clone()));
                }
            }
            if let Some(m) = &p.mobile {
                match numbers_seen.get(m) {
                    Some((first, other)) if other != &p.name => report.warnings.push(Problem {
                        row,
                        column: HEADER[mobile_k - 2].into(),
                        value: p.name.clone(),
                        reason: format!("has the same mobile as {other} in row {first}: probably one person spelt two ways"),
                    }),
                    Some(_) => {}
                    None => {
                        numbers_seen.insert(m.clone(), (row, p.name.clone()));
                    }
                }
            }
        }
        if let (Some(m), Some(d)) = (measure, &division) {
            if let Some(first) =
                keys_seen.insert((m, super::distribution::normalise(&item), d.clone()), row)
            {
                errs.push(Problem {
                    row,
                    column: "division".into(),
                    value: d_text.clone(),
                    reason: format!("measure {m} already names {d} for this item in row {first}"),
                });
            }
            if leading
                && let Some(first) =
                    leading_seen.insert((m, super::distribution::normalise(&item)), row)
            {
                errs.push(Problem {
                    row,
                    column: "leading".into(),
                    value: l_text.clone(),
                    reason: format!("row {first} already leads measure {m} for this item"),
                });
            }
        }
        let place = measure.map(|m| {
            let n = places.entry(m).or_insert(0);
            *n += 1;
            *n
        });
        match (measure, division, errs.is_empty()) {
            (Some(measure), Some(division), true) => valid.push(ValidRow {
                place: place.unwrap_or_default(),
                measure,
                item,
                division,
                leading,
                chief,
                contact,
            }),
            _ => {
                report.rejects.push(Reject {
                    row,
                    cells: cells.clone(),
                    reasons: errs
                        .iter()
                        .map(|e| {
                            format!("column {}, value \"{}\": {}", e.column, e.value, e.reason)
                        })
                        .collect(),
                });
                report.errors.extend(errs);
            }
        }
    }
    report.valid = valid.len();
    Ok((valid, report))
}
