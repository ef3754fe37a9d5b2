//! The calendar file's tests (moved here from `domain` with the file reading): what is
//! accepted, and every defect named by row, column, value and reason.

use super::*;

/// Reads and checks `text` as the import would, without a database.
fn read(text: &[u8], format: Format) -> (Vec<SpecialDay>, ImportReport) {
    let mut report = ImportReport::default();
    let days = match imports::sheet_of(&CalendarImport, text, format, &mut report) {
        Ok(Some(sheet)) => check(&sheet, &mut report),
        Ok(None) => Vec::new(),
        Err(e) => panic!("{e:?}"),
    };
    (days, report)
}

fn brief(report: &ImportReport) -> Vec<(usize, &str, &str)> {
    report
        .errors
        .iter()
        .map(|e| (e.row, e.column.as_str(), e.value.as_str()))
        .collect()
}

const CAL_2020: &str = "\u{feff}date,type,name\n\
    # 2020 national holidays (国务院办公厅)\n\
    2020-01-01,holiday,元旦\n\
    \n\
    2020-01-19,班,春节调休\n\
    2020-01-24,holiday,春节\n\
    2020-01-31,休,\"春节 (extended, 国办发明电〔2020〕1号)\"\n\
    2020-02-02,holiday,春节 (extended)\r\n";

#[test]
fn parse_a_calendar_file() {
    let (days, report) = read(CAL_2020.as_bytes(), Format::Csv);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(days.len(), 5);
    assert_eq!(
        days[1],
        SpecialDay {
            date: "2020-01-19".into(),
            working: true,
            name: "春节调休".into()
        }
    );
    assert_eq!(days[3].name, "春节 (extended, 国办发明电〔2020〕1号)");
    // The same file in GB18030 reads the same.
    let (gb, _, _) = encoding_rs::GB18030.encode(CAL_2020.trim_start_matches('\u{feff}'));
    assert_eq!(read(&gb, Format::Csv).0, days);
    // Columns in another order, no name, trailing empty field.
    let (days, report) = read(
        b"Type , Date,\nholiday,2020-03-07\nworkday,2020-03-09,\n",
        Format::Csv,
    );
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(days.len(), 2);
    assert_eq!(days[0].name, "");
    // Just a header: no special days.
    let (days, report) = read(b"date,type,name\n", Format::Csv);
    assert!(days.is_empty() && report.errors.is_empty());
}

#[test]
fn defects_name_row_column_value_and_reason() {
    let text = "date,type,name\n\
        2020-01-24,holiday,春节\n\
        2020-02-30,holiday,bad date\n\
        # comment\n\
        2020-01-25,vacation,bad type\n\
        2020-01-24,workday,again\n\
        20200126,假,both bad\n\
        ,holiday,no date\n\
        2020-01-28,holiday,a,b\n\
        2020-01-27,holiday,\"unclosed\n\
        2020-01-29,holiday,swallowed\n";
    let (days, report) = read(text.as_bytes(), Format::Csv);
    assert_eq!(days.len(), 1);
    assert_eq!(
        brief(&report),
        vec![
            (3, "date", "2020-02-30"),
            (5, "type", "vacation"),
            (6, "date", "2020-01-24"),
            (7, "date", "20200126"),
            (7, "type", "假"),
            (8, "date", ""),
            (9, "row", "b"),
            (10, "row", "unclosed"),
        ]
    );
    let e = &report.errors;
    assert!(e[0].reason.contains("YYYY-MM-DD"));
    assert!(e[1].reason.contains("unknown type"));
    assert_eq!(
        e[2].to_string(),
        "row 6, column date, value \"2020-01-24\": duplicate date: already listed in row 2"
    );
    assert!(e[5].reason.contains("required"));
    assert!(e[6].reason.contains("more fields than the header"));
    assert!(e[7].reason.contains("not closed"));
    assert_eq!(report.rejects.len(), 7, "one reject per refused row");

    // A missing or wrong header stops at once.
    let (_, r) = read("2020-01-24,holiday,春节\n".as_bytes(), Format::Csv);
    assert_eq!((r.errors[0].row, r.errors[0].column.as_str()), (1, "date"));
    let (_, r) = read(b"\n# notes\ndate,kind,name\n", Format::Csv);
    assert_eq!((r.errors[0].row, r.errors[0].column.as_str()), (3, "type"));
    assert!(r.errors[0].reason.contains("kind"));
    let (_, r) = read(b"", Format::Csv);
    assert!(r.errors[0].reason.contains("empty"));
}
