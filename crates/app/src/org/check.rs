//! Checking a work-distribution table before anything is written: the header (English or
//! Chinese names), every cell, and the rules across rows (one person, one set of numbers; one
//! set of numbers, one spelling; one leading division per measure and item; no row twice).

use std::collections::HashMap;

use domain::{DivisionCode, MeasureNo, Phone};

use super::distribution::DivisionNames;
use crate::imports::{Column, ImportReport, Problem, Sheet};
use crate::{App, Result};

/// The table's columns; the first name of each is the one exports write.
pub const COLUMNS: [Column; 10] = [
    col("measure", &["措施", "序号措施", "措施编号"], true),
    col("item", &["事项", "内容", "工作内容"], false),
    col("division", &["处室", "责任处室", "责任单位"], true),
    col("leading", &["牵头", "是否牵头", "牵头处室"], true),
    col(
        "chief_name",
        &["处长", "处室负责人", "负责人", "处长姓名"],
        true,
    ),
    col(
        "chief_office_phone",
        &["处长办公电话", "负责人办公电话", "处长电话"],
        true,
    ),
    col("chief_mobile", &["处长手机", "负责人手机"], true),
    col("contact_name", &["联系人", "联络员", "联系人姓名"], true),
    col(
        "contact_office_phone",
        &["联系人办公电话", "联系人电话", "联络员办公电话"],
        true,
    ),
    col("contact_mobile", &["联系人手机", "联络员手机"], true),
];

const fn col(name: &'static str, aliases: &'static [&'static str], required: bool) -> Column {
    Column {
        name,
        aliases,
        required,
    }
}

/// The canonical header, in [`COLUMNS`]' order.
pub const HEADER: [&str; 10] = [
    COLUMNS[0].name,
    COLUMNS[1].name,
    COLUMNS[2].name,
    COLUMNS[3].name,
    COLUMNS[4].name,
    COLUMNS[5].name,
    COLUMNS[6].name,
    COLUMNS[7].name,
    COLUMNS[8].name,
    COLUMNS[9].name,
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonIn {
    pub(super) name: String,
    pub(super) office: Option<String>,
    pub(super) mobile: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ValidRow {
    /// Place within its measure in the file, counting rejected rows too.
    pub(super) place: i64,
    pub(super) measure: MeasureNo,
    pub(super) item: String,
    pub(super) division: DivisionCode,
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

/// What checking a table needs from the database: the divisions and their other names, the
/// items already in the table (matched without regard to case and spacing), the area code.
pub struct Known {
    names: DivisionNames,
    stored_items: HashMap<(MeasureNo, String), String>,
    area: String,
}

impl Known {
    pub(super) async fn load(app: &App) -> Result<Known> {
        let mut rd = app.db.read().await?;
        let stored_items = store::distribution::all(&mut rd)
            .await?
            .into_iter()
            .map(|r| ((r.measure, super::distribution::normalise(&r.item)), r.item))
            .collect();
        Ok(Known {
            names: DivisionNames::load(&mut rd).await?,
            stored_items,
            area: app.settings.area_code.clone(),
        })
    }
}

/// A measure number from 1 to 10, also when a spreadsheet wrote it as `3.0`.
fn parse_measure(text: &str) -> Option<MeasureNo> {
    text.trim_end_matches(".0")
        .parse::<i64>()
        .ok()
        .and_then(|n| domain::MeasureNo::new(n).ok())
}

/// The division a cell names, or why it names none. Another name of a division is read as
/// that division, with a warning in `report`.
fn division_of(
    names: &DivisionNames,
    d_text: &str,
    row: usize,
    report: &mut ImportReport,
) -> std::result::Result<DivisionCode, String> {
    match names.resolve(d_text) {
        Some((code, own_name)) => {
            if !own_name {
                let d = names
                    .get(code)
                    .map(|d| d.name_en.clone())
                    .unwrap_or_default();
                report.warnings.push(Problem {
                    row,
                    column: "division".into(),
                    value: d_text.to_owned(),
                    reason: format!("another name of {code} ({d}); read as {code}"),
                });
            }
            Ok(code)
        }
        None if d_text.is_empty() => Err("a division is required".into()),
        None => Err(format!(
            "unknown division; the known divisions are {}",
            names.known()
        )),
    }
}

/// A phone number cell (column `k`) in E.164, `None` when empty or wrong (then in `errs`).
fn phone_cell<E: std::fmt::Display>(
    row: usize,
    k: usize,
    text: &str,
    parse: impl FnOnce(&str) -> std::result::Result<Phone, E>,
    errs: &mut Vec<Problem>,
) -> Option<String> {
    if text.is_empty() {
        return None;
    }
    match parse(text) {
        Ok(p) => Some(p.e164().to_owned()),
        Err(e) => {
            errs.push(Problem {
                row,
                column: HEADER[k].into(),
                value: text.to_owned(),
                reason: e.to_string(),
            });
            None
        }
    }
}

/// The person in columns `name_k`, `office_k`, `mobile_k` of a row, if named; numbers without
/// a name and wrong numbers go to `errs`.
fn person_in(
    cell: impl Fn(usize) -> String,
    row: usize,
    area: &str,
    (name_k, office_k, mobile_k): (usize, usize, usize),
    errs: &mut Vec<Problem>,
) -> Option<PersonIn> {
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
    let office = phone_cell(row, office_k, &office_t, |t| Phone::office(t, area), errs);
    let mobile = phone_cell(row, mobile_k, &mobile_t, Phone::mobile, errs);
    Some(PersonIn {
        name,
        office,
        mobile,
    })
}

/// What earlier rows held, for the rules across rows.
#[derive(Default)]
struct Seen {
    /// name -> (row, office, mobile) as first seen.
    person: HashMap<String, (usize, Option<String>, Option<String>)>,
    /// numbers -> (row, name) as first seen.
    numbers: HashMap<String, (usize, String)>,
    keys: HashMap<(MeasureNo, String, DivisionCode), usize>,
    leading: HashMap<(MeasureNo, String), usize>,
    places: HashMap<MeasureNo, i64>,
}

impl Seen {
    /// One person, one set of numbers (else an error); one set of numbers, one spelling (else
    /// a warning). `office_k` and `mobile_k` are the person's number columns.
    fn person(
        &mut self,
        p: &PersonIn,
        row: usize,
        (office_k, mobile_k): (usize, usize),
        cell: impl Fn(usize) -> String,
        errs: &mut Vec<Problem>,
        warnings: &mut Vec<Problem>,
    ) {
        match self.person.get(&p.name) {
            Some((first, office, mobile)) => {
                if p.office.is_some() && office.is_some() && &p.office != office {
                    errs.push(Problem {
                        row,
                        column: HEADER[office_k].into(),
                        value: cell(office_k),
                        reason: format!("{} has a different office number in row {first}", p.name),
                    });
                }
                if p.mobile.is_some() && mobile.is_some() && &p.mobile != mobile {
                    errs.push(Problem {
                        row,
                        column: HEADER[mobile_k].into(),
                        value: cell(mobile_k),
                        reason: format!("{} has a different mobile number in row {first}", p.name),
                    });
                }
            }
            None => {
                self.person
                    .insert(p.name.clone(), (row, p.office.clone(), p.mobile.clone()));
            }
        }
        if let Some(m) = &p.mobile {
            match self.numbers.get(m) {
                Some((first, other)) if other != &p.name => warnings.push(Problem {
                    row,
                    column: HEADER[mobile_k - 2].into(),
                    value: p.name.clone(),
                    reason: format!("has the same mobile as {other} in row {first}: probably one person spelt two ways"),
                }),
                Some(_) => {}
                None => {
                    self.numbers.insert(m.clone(), (row, p.name.clone()));
                }
            }
        }
    }

    /// No division twice for a measure's item; one leading division per measure and item.
    fn key(
        &mut self,
        (m, d): (MeasureNo, DivisionCode),
        item: &str,
        leading: bool,
        row: usize,
        (d_text, l_text): (&str, &str),
        errs: &mut Vec<Problem>,
    ) {
        if let Some(first) = self
            .keys
            .insert((m, super::distribution::normalise(item), d), row)
        {
            errs.push(Problem {
                row,
                column: "division".into(),
                value: d_text.to_owned(),
                reason: format!("measure {m} already names {d} for this item in row {first}"),
            });
        }
        if leading
            && let Some(first) = self
                .leading
                .insert((m, super::distribution::normalise(item)), row)
        {
            errs.push(Problem {
                row,
                column: "leading".into(),
                value: l_text.to_owned(),
                reason: format!("row {first} already leads measure {m} for this item"),
            });
        }
    }

    /// The row's place within its measure, counting rejected rows too.
    fn place(&mut self, m: MeasureNo) -> i64 {
        let n = self.places.entry(m).or_insert(0);
        *n += 1;
        *n
    }
}

/// Checks the rows of a table. Returns the valid rows; every defect goes to `report`.
pub(super) fn validate(known: &Known, sheet: &Sheet, report: &mut ImportReport) -> Vec<ValidRow> {
    let (names, stored_items, area) = (&known.names, &known.stored_items, &known.area);
    let mut valid = Vec::new();
    let mut seen = Seen::default();

    for r in &sheet.rows {
        let row = r.number;
        let cell = |k: usize| sheet.cell(r, k).to_owned();
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
        let measure = parse_measure(&m_text);
        if measure.is_none() {
            err(
                "measure",
                &m_text,
                "a measure is a number from 1 to 10".into(),
            );
        }
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
        let division = match division_of(names, &d_text, row, report) {
            Ok(code) => Some(code),
            Err(reason) => {
                err("division", &d_text, reason);
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

        let chief = person_in(cell, row, area, (4, 5, 6), &mut errs);
        let contact = person_in(cell, row, area, (7, 8, 9), &mut errs);

        // Across rows: one person, one set of numbers; one set of numbers, one spelling.
        for (p, numbers_k) in [(&chief, (5, 6)), (&contact, (8, 9))] {
            if let Some(p) = p {
                seen.person(p, row, numbers_k, cell, &mut errs, &mut report.warnings);
            }
        }
        if let (Some(m), Some(d)) = (measure, division) {
            seen.key((m, d), &item, leading, row, (&d_text, &l_text), &mut errs);
        }
        let place = measure.map(|m| seen.place(m));
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
            _ => report.refuse(r, errs),
        }
    }
    valid
}
