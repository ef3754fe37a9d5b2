//! Spreadsheets in and out: CSV (UTF-8, or GB18030 as saved by Excel on zh-CN Windows) and
//! XLSX. Government staff live in spreadsheets, so imports accept both and exports write both.
//!
//! An XLSX file is a zip archive: its declared sizes and entry count are checked before it is
//! parsed, so a small "zip bomb" cannot exhaust memory.

use std::io::Cursor;

/// Limits on what an uploaded XLSX may declare.
const MAX_ENTRIES: u64 = 2_000;
const MAX_UNCOMPRESSED: u64 = 64 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    /// From a file name's ending, else from the content (XLSX files start with "PK").
    pub fn detect(name: &str, bytes: &[u8]) -> Format {
        let lower = name.to_lowercase();
        if lower.ends_with(".xlsx")
            || (!lower.ends_with(".csv") && bytes.starts_with(b"PK\x03\x04"))
        {
            Format::Xlsx
        } else {
            Format::Csv
        }
    }

    pub fn parse(s: &str) -> Result<Format, String> {
        match s.to_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "xlsx" => Ok(Format::Xlsx),
            other => Err(format!("unknown format \"{other}\": use csv or xlsx")),
        }
    }
}

/// Reads the first sheet (or the CSV) as rows of trimmed text; the first row is the header.
pub fn read_table(bytes: &[u8], format: Format) -> Result<Vec<Vec<String>>, String> {
    let mut rows = match format {
        Format::Csv => read_csv(bytes)?,
        Format::Xlsx => read_xlsx(bytes)?,
    };
    // Undo `neutralise`, so that an exported file imports back unchanged.
    for cell in rows.iter_mut().flatten() {
        if cell.starts_with('\'') && cell[1..].starts_with(['=', '+', '-', '@']) {
            cell.remove(0);
        }
    }
    Ok(rows)
}

fn decode_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
    let text = decode_text(bytes);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| format!("row {}: not valid CSV: {e}", i + 1))?;
        rows.push(rec.iter().map(|c| c.trim().to_owned()).collect());
    }
    Ok(rows)
}

fn le16(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from(u16::from_le_bytes(
        b.get(at..at + 2)?.try_into().ok()?,
    )))
}

fn le32(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from(u32::from_le_bytes(
        b.get(at..at + 4)?.try_into().ok()?,
    )))
}

/// Walks the zip central directory and checks the declared entry count and sizes.
pub fn check_zip(b: &[u8]) -> Result<(), String> {
    let bad = || "the file is not a valid XLSX (zip) file".to_owned();
    let eocd = (0..b.len().saturating_sub(21))
        .rev()
        .take(65_557)
        .find(|&i| b[i..].starts_with(b"PK\x05\x06"))
        .ok_or_else(bad)?;
    let entries = le16(b, eocd + 10).ok_or_else(bad)?;
    let mut at = le32(b, eocd + 16).ok_or_else(bad)? as usize;
    if entries > MAX_ENTRIES {
        return Err(format!(
            "the XLSX file declares {entries} parts; at most {MAX_ENTRIES} are accepted"
        ));
    }
    let mut total = 0u64;
    for _ in 0..entries {
        if !b.get(at..).is_some_and(|s| s.starts_with(b"PK\x01\x02")) {
            return Err(bad());
        }
        total += le32(b, at + 24).ok_or_else(bad)?;
        let name = le16(b, at + 28).ok_or_else(bad)?;
        let extra = le16(b, at + 30).ok_or_else(bad)?;
        let comment = le16(b, at + 32).ok_or_else(bad)?;
        at += 46 + (name + extra + comment) as usize;
    }
    if total > MAX_UNCOMPRESSED {
        return Err(format!(
            "the XLSX file would expand to {} MB; at most {} MB are accepted",
            total / 1_048_576,
            MAX_UNCOMPRESSED / 1_048_576
        ));
    }
    Ok(())
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
    use calamine::{Data, Reader, Xlsx};
    check_zip(bytes)?;
    let mut book: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| format!("cannot read the XLSX file: {e}"))?;
    let sheet = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or("the XLSX file has no sheet")?;
    let range = book
        .worksheet_range(&sheet)
        .map_err(|e| format!("cannot read sheet \"{sheet}\": {e}"))?;
    Ok(range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::String(s) => s.trim().to_owned(),
                    // Phone numbers typed as numbers arrive as floats: keep the digits.
                    Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
                        format!("{}", *f as i64)
                    }
                    Data::Int(i) => i.to_string(),
                    Data::Bool(b) => b.to_string(),
                    other => other.to_string().trim().to_owned(),
                })
                .collect()
        })
        .collect())
}

/// A cell that a spreadsheet would run as a formula is prefixed with `'`.
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// CSV with a UTF-8 byte-order mark, so that Excel on zh-CN Windows reads Chinese correctly.
pub fn write_csv(header: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, String> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(header).map_err(|e| e.to_string())?;
        for r in rows {
            w.write_record(r.iter().map(|c| neutralise(c)))
                .map_err(|e| e.to_string())?;
        }
        w.flush().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

pub fn write_xlsx(sheet: &str, header: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, String> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).map_err(|e| e.to_string())?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)
            .map_err(|e| e.to_string())?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            // Strings, never formulas: a cell starting with = stays text.
            ws.write_string(r as u32 + 1, c as u16, neutralise(cell))
                .map_err(|e| e.to_string())?;
        }
    }
    book.save_to_buffer().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_round_trip_with_bom_and_formula_guard() {
        let bytes =
            write_csv(&["a", "b"], &[vec!["=1+1".into(), "中文".into()]]).unwrap_or_default();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let rows = read_table(&bytes, Format::Csv).unwrap_or_default();
        assert_eq!(
            rows,
            vec![
                vec!["a".to_owned(), "b".into()],
                vec!["=1+1".into(), "中文".into()]
            ]
        );
        assert!(
            String::from_utf8_lossy(&bytes).contains("'=1+1"),
            "the file itself carries the guard"
        );
    }

    #[test]
    fn gb18030_csv_is_decoded() {
        let (gbk, _, _) = encoding_rs::GB18030.encode("措施,处室\n1,投资促进三处\n");
        let rows = read_table(&gbk, Format::Csv).unwrap_or_default();
        assert_eq!(rows[1][1], "投资促进三处");
    }

    #[test]
    fn xlsx_round_trip_and_zip_checks() {
        let bytes = write_xlsx(
            "t",
            &["measure", "mobile"],
            &[vec!["1".into(), "13812345678".into()]],
        )
        .unwrap_or_default();
        assert_eq!(check_zip(&bytes), Ok(()));
        let rows = read_table(&bytes, Format::Xlsx).unwrap_or_default();
        assert_eq!(rows[1], vec!["1".to_owned(), "13812345678".into()]);
        assert!(check_zip(b"PK\x03\x04 not really a zip").is_err());
        // Declare an absurd uncompressed size in the first central-directory entry.
        let mut bomb = bytes.clone();
        let cd = (0..bomb.len() - 4)
            .find(|&i| bomb[i..].starts_with(b"PK\x01\x02"))
            .unwrap_or(0);
        bomb[cd + 24..cd + 28].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(check_zip(&bomb).unwrap_err().contains("expand"));
    }
}
