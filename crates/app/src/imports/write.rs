//! Writing spreadsheets out: every export and every rejects file goes through here, so that no
//! cell is ever run as a formula by the spreadsheet that opens it (a cell starting with
//! `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`), and a CSV carries a
//! UTF-8 byte-order mark so that Excel on zh-CN Windows reads Chinese correctly.

use super::read::Format;
use super::report::Reject;

/// A cell that a spreadsheet would run as a formula, prefixed with `'`.
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// The rows under `header` as a CSV or as an XLSX with one sheet named `sheet`.
pub fn write(
    format: Format,
    sheet: &str,
    header: &[&str],
    rows: &[Vec<String>],
) -> Result<Vec<u8>, String> {
    match format {
        Format::Csv => write_csv(header, rows),
        Format::Xlsx => write_xlsx(sheet, header, rows),
    }
}

/// CSV with a UTF-8 byte-order mark.
pub fn write_csv(header: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, String> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(header.iter().map(|c| neutralise(c)))
            .map_err(|e| e.to_string())?;
        for r in rows {
            w.write_record(r.iter().map(|c| neutralise(c)))
                .map_err(|e| e.to_string())?;
        }
        w.flush().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// XLSX with a bold header; every cell is a string, never a formula.
pub fn write_xlsx(sheet: &str, header: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, String> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).map_err(|e| e.to_string())?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, neutralise(h), &bold)
            .map_err(|e| e.to_string())?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, neutralise(cell))
                .map_err(|e| e.to_string())?;
        }
    }
    book.save_to_buffer().map_err(|e| e.to_string())
}

/// The rejected rows as a CSV to fix and import again: the file's own header and cells, plus
/// an `errors` column with the reasons.
pub fn rejects_csv(header: &[String], rejects: &[Reject]) -> Result<Vec<u8>, String> {
    let mut head: Vec<&str> = header.iter().map(String::as_str).collect();
    head.push("errors");
    let rows: Vec<Vec<String>> = rejects
        .iter()
        .map(|r| {
            let mut cells = r.cells.clone();
            cells.resize(header.len().max(cells.len()), String::new());
            cells.truncate(header.len());
            cells.push(r.reasons.join("; "));
            cells
        })
        .collect();
    write_csv(&head, &rows)
}

#[cfg(test)]
mod tests {
    use super::super::read::{Format, read_rows};
    use super::*;

    #[test]
    fn csv_round_trip_with_bom_and_formula_guard() {
        let bytes = write_csv(
            &["a", "b"],
            &[
                vec!["=1+1".into(), "中文".into()],
                vec!["\tx".into(), "@SUM(A1)".into()],
            ],
        )
        .unwrap_or_default();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("'=1+1") && text.contains("'@SUM(A1)") && text.contains("'\tx"));
        let rows = read_rows(&bytes, Format::Csv, false).unwrap_or_default();
        assert_eq!(rows[1].cells, vec!["=1+1".to_owned(), "中文".into()]);
    }
}
