//! Reading an uploaded spreadsheet into numbered rows of text: CSV in UTF-8 (with or without a
//! byte-order mark) or GB18030 (what Excel on zh-CN Windows saves), and the first sheet of an
//! XLSX. It knows nothing of what the columns mean; the importers do.
//!
//! An XLSX file is a zip archive: its declared sizes and entry count are checked before it is
//! parsed, so a small "zip bomb" cannot exhaust memory.

use std::io::Cursor;

/// Limits on what an uploaded XLSX may declare.
const MAX_ENTRIES: u64 = 2_000;
const MAX_UNCOMPRESSED: u64 = 64 * 1024 * 1024;

/// A spreadsheet format, for reading and for writing.
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

    /// `csv` or `xlsx`, as typed on a command line or in a query.
    pub fn parse(s: &str) -> Result<Format, String> {
        match s.to_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "xlsx" => Ok(Format::Xlsx),
            other => Err(format!("unknown format \"{other}\": use csv or xlsx")),
        }
    }
}

/// One line of a CSV or one row of a sheet, numbered as the user's program numbers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub number: usize,
    pub cells: Vec<String>,
}

impl Row {
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// Reads the CSV or the first sheet as rows of trimmed text, blank rows left out. With
/// `comments`, a CSV line starting with `#` is a note and left out too.
pub fn read_rows(bytes: &[u8], format: Format, comments: bool) -> Result<Vec<Row>, String> {
    let mut rows = match format {
        Format::Csv => read_csv(bytes, comments)?,
        Format::Xlsx => read_xlsx(bytes)?,
    };
    rows.retain(|r| !r.is_blank());
    // Undo `neutralise`, so that an exported file imports back unchanged.
    for cell in rows.iter_mut().flat_map(|r| r.cells.iter_mut()) {
        if cell.starts_with('\'') && cell[1..].starts_with(['=', '+', '-', '@']) {
            cell.remove(0);
        }
    }
    Ok(rows)
}

/// UTF-8 when the bytes are valid UTF-8 (a byte-order mark is dropped), else GB18030.
pub fn decode_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

fn read_csv(bytes: &[u8], comments: bool) -> Result<Vec<Row>, String> {
    let text = decode_text(bytes);
    // The csv reader does not count the blank and note lines it skips: count lines by offset,
    // past the lines a record's reading skipped.
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_at = |byte: u64| {
        let mut at = byte as usize;
        loop {
            let rest = text.as_bytes().get(at..).unwrap_or_default();
            if rest.starts_with(b"\n") || rest.starts_with(b"\r") {
                at += 1;
            } else if comments && rest.starts_with(b"#") {
                at += rest
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(rest.len(), |n| n + 1);
            } else {
                break;
            }
        }
        starts.partition_point(|&s| s <= at)
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(comments.then_some(b'#'))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut rec = csv::StringRecord::new();
    loop {
        let at = rdr.position().byte();
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => rows.push(Row {
                number: line_at(rec.position().map_or(at, |p| p.byte())),
                cells: rec.iter().map(|c| c.trim().to_owned()).collect(),
            }),
            Err(e) => return Err(format!("line {}: not valid CSV: {e}", line_at(at))),
        }
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

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Row>, String> {
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
    let first = range.start().map_or(0, |(r, _)| r as usize) + 1;
    let first_col = range.start().map_or(0, |(_, c)| c as usize);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, r)| {
            // A sheet whose data starts in column C still has columns A and B, empty.
            let mut cells = vec![String::new(); first_col];
            cells.extend(r.iter().map(|c| match c {
                Data::Empty => String::new(),
                Data::String(s) => s.trim().to_owned(),
                // Phone numbers typed as numbers arrive as floats: keep the digits.
                Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
                    format!("{}", *f as i64)
                }
                Data::Int(i) => i.to_string(),
                Data::Bool(b) => b.to_string(),
                other => other.to_string().trim().to_owned(),
            }));
            Row {
                number: first + i,
                cells,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(rows: &[Row]) -> Vec<(usize, Vec<String>)> {
        rows.iter().map(|r| (r.number, r.cells.clone())).collect()
    }

    #[test]
    fn utf8_bom_and_gb18030_read_the_same() {
        let text = "措施,处室\n\n1,投资促进三处\n";
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        let (gb, _, _) = encoding_rs::GB18030.encode(text);
        let want = vec![
            (1, vec!["措施".to_owned(), "处室".into()]),
            (3, vec!["1".to_owned(), "投资促进三处".into()]),
        ];
        for bytes in [text.as_bytes(), &bom, &gb] {
            let rows = read_rows(bytes, Format::Csv, false).unwrap_or_default();
            assert_eq!(cells(&rows), want);
        }
    }

    #[test]
    fn notes_are_left_out_only_when_asked() {
        let text = b"# notes\ndate,type\n";
        let rows = read_rows(text, Format::Csv, true).unwrap_or_default();
        assert_eq!(cells(&rows), vec![(2, vec!["date".into(), "type".into()])]);
        assert_eq!(
            read_rows(text, Format::Csv, false)
                .unwrap_or_default()
                .len(),
            2
        );
    }

    #[test]
    fn zip_checks_refuse_a_bomb() {
        let bytes = super::super::write::write_xlsx(
            "t",
            &["measure", "mobile"],
            &[vec!["1".into(), "13812345678".into()]],
        )
        .unwrap_or_default();
        assert_eq!(check_zip(&bytes), Ok(()));
        let rows = read_rows(&bytes, Format::Xlsx, false).unwrap_or_default();
        assert_eq!(rows[1].cells, vec!["1".to_owned(), "13812345678".into()]);
        assert!(check_zip(b"PK\x03\x04 not really a zip").is_err());
        // Declare an absurd uncompressed size in the first central-directory entry.
        let mut bomb = bytes.clone();
        let cd = (0..bomb.len() - 4)
            .find(|&i| bomb[i..].starts_with(b"PK\x01\x02"))
            .unwrap_or(0);
        bomb[cd + 24..cd + 28].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(check_zip(&bomb).unwrap_err().contains("expand"));
        assert!(read_rows(&bomb, Format::Xlsx, false).is_err());
    }
}
