//! What an import found: every defect named by row, column, value and reason, the rows refused
//! (to write back out as a rejects file), and what was (or, in a dry run, would be) created,
//! updated and left unchanged. Also the header mapping every importer shares: canonical column
//! names, the other names people give them, and which ones a file must have.

use std::collections::HashMap;
use std::fmt;

use serde::Serialize;

use super::read::Row;

/// One defect of a cell (or of a row, when `column` names the row's key).
#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
#[schemars(rename = "ImportProblem")]
pub struct Problem {
    pub row: usize,
    pub column: String,
    pub value: String,
    pub reason: String,
}

impl Problem {
    pub fn new(row: usize, column: &str, value: &str, reason: impl Into<String>) -> Problem {
        Problem {
            row,
            column: column.to_owned(),
            value: value.to_owned(),
            reason: reason.into(),
        }
    }
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

/// A refused row: its cells as in the file and why.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Reject {
    pub row: usize,
    pub cells: Vec<String>,
    pub reasons: Vec<String>,
}

/// The result of an import or of its dry run.
#[derive(Debug, Clone, Serialize, Default, schemars::JsonSchema)]
pub struct ImportReport {
    /// Rows read, the header and blank rows not counted.
    pub rows: usize,
    pub valid: usize,
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
    /// What the valid rows did (or, in a dry run, would do).
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// People added or updated along the way (the work-distribution table only).
    pub people_created: usize,
    pub people_updated: usize,
    pub written: bool,
    pub dry_run: bool,
    /// Set when a confirmed import would no longer do what its preview showed (the data
    /// changed in between): nothing was written.
    pub changed_since_preview: bool,
    pub rejects: Vec<Reject>,
    /// The file's header as written, for the rejects file.
    #[serde(skip)]
    pub header: Vec<String>,
}

impl ImportReport {
    /// Refuses a row: its problems become errors, the row a reject.
    pub fn refuse(&mut self, row: &Row, problems: Vec<Problem>) {
        self.rejects.push(Reject {
            row: row.number,
            cells: row.cells.clone(),
            reasons: problems
                .iter()
                .map(|p| format!("column {}, value \"{}\": {}", p.column, p.value, p.reason))
                .collect(),
        });
        self.errors.extend(problems);
    }

    /// The refused rows as a CSV in the file's own columns, plus the reasons.
    pub fn rejects_csv(&self) -> crate::Result<Vec<u8>> {
        super::write::rejects_csv(&self.header, &self.rejects).map_err(crate::AppError::Unexpected)
    }
}

/// Strict: any defect writes nothing. Skip-invalid: the valid rows are written, the others refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Strict,
    SkipInvalid,
}

/// What a preview showed, for a confirmation to do exactly that.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
pub struct Counts {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub refused: usize,
}

impl ImportReport {
    pub fn counts(&self) -> Counts {
        Counts {
            created: self.created,
            updated: self.updated,
            unchanged: self.unchanged,
            refused: self.rejects.len(),
        }
    }
}

/// How to run an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Check and count, then roll everything back.
    pub dry_run: bool,
    pub mode: Mode,
    /// Write only if the import does what its preview showed; else roll back.
    pub expect: Option<Counts>,
}

impl Options {
    pub fn new(dry_run: bool, skip_invalid: bool) -> Options {
        Options {
            dry_run,
            mode: if skip_invalid {
                Mode::SkipInvalid
            } else {
                Mode::Strict
            },
            expect: None,
        }
    }
}

/// One column an importer reads.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The canonical name, as exports write it and as problems name it.
    pub name: &'static str,
    /// Other names accepted in a header (Chinese ones, mostly).
    pub aliases: &'static [&'static str],
    pub required: bool,
}

/// The rows under a header, with the header's columns found.
#[derive(Debug)]
pub struct Sheet {
    pub header: Row,
    /// For each of the importer's columns, where the file has it.
    map: Vec<Option<usize>>,
    pub rows: Vec<Row>,
}

/// Case, spacing, underscores and a byte-order mark do not matter in a header.
fn header_key(s: &str) -> String {
    s.trim_start_matches('\u{feff}')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("_")
        .to_lowercase()
}

impl Sheet {
    /// Finds `columns` in the first row. Header defects go to `report`; `None` when any is an
    /// error (a missing column, one named twice) or the file has no rows at all.
    pub fn map(rows: Vec<Row>, columns: &[Column], report: &mut ImportReport) -> Option<Sheet> {
        let mut rows = rows.into_iter();
        let Some(header) = rows.next() else {
            report.errors.push(Problem::new(
                1,
                "-",
                "",
                format!("the file is empty: expected the header {}", names(columns)),
            ));
            return None;
        };
        report.header = header.cells.clone();
        let index: HashMap<String, usize> = columns
            .iter()
            .enumerate()
            .flat_map(|(k, c)| {
                std::iter::once((header_key(c.name), k))
                    .chain(c.aliases.iter().map(move |a| (header_key(a), k)))
            })
            .collect();
        let mut map = vec![None; columns.len()];
        let mut unknown = Vec::new();
        for (i, h) in header.cells.iter().enumerate() {
            match index.get(&header_key(h)) {
                Some(&k) if map[k].is_none() => map[k] = Some(i),
                Some(&k) => report.errors.push(Problem::new(
                    header.number,
                    h,
                    h,
                    format!("column {} appears twice", columns[k].name),
                )),
                None if h.trim().is_empty() => {}
                None => {
                    unknown.push(h.clone());
                    report.warnings.push(Problem::new(
                        header.number,
                        h,
                        h,
                        format!(
                            "unknown column, ignored; the columns are {}",
                            names(columns)
                        ),
                    ));
                }
            }
        }
        for (k, c) in columns.iter().enumerate() {
            if c.required && map[k].is_none() {
                let mut reason = format!("the header lacks the column {}", c.name);
                if !unknown.is_empty() {
                    reason.push_str(&format!(" (not known: {})", unknown.join(", ")));
                }
                report
                    .errors
                    .push(Problem::new(header.number, c.name, "", reason));
            }
        }
        if !report.errors.is_empty() {
            return None;
        }
        Some(Sheet {
            header,
            map,
            rows: rows.collect(),
        })
    }

    /// The cell of column `k` (an index into the importer's columns) in `row`, trimmed.
    pub fn cell<'r>(&self, row: &'r Row, k: usize) -> &'r str {
        self.map
            .get(k)
            .copied()
            .flatten()
            .and_then(|i| row.cells.get(i))
            .map_or("", |c| c.trim())
    }

    /// Whether the file has column `k`.
    pub fn has(&self, k: usize) -> bool {
        self.map.get(k).copied().flatten().is_some()
    }

    /// The cells beyond the header's width that hold something (a name with an unquoted comma).
    pub fn overflow<'r>(&self, row: &'r Row) -> Option<&'r str> {
        row.cells
            .iter()
            .skip(self.header.cells.len())
            .find(|c| !c.trim().is_empty())
            .map(String::as_str)
    }
}

fn names(columns: &[Column]) -> String {
    columns.iter().map(|c| c.name).collect::<Vec<_>>().join(",")
}
