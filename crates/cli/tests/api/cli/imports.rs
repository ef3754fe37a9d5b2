//! Imports and exports from the command line: the table as printed, and the registry.

use testkit::{SECRET, TempDir, TestApp};

use super::*;

#[tokio::test]
async fn importing_the_table_as_printed_exits_2_naming_row_and_column() {
    let t = TestApp::new().await;
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/../app/fixtures");
    let db = ["--database-url", &t.database_url, "--secret-key", SECRET];
    let printed = format!("{fixtures}/work-distribution-as-printed.csv");
    let mut args = vec!["import", "work-distribution", &printed];
    args.extend(db);
    let o = lifeline(&args, None);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let out = text(&o);
    assert!(out.contains("error: row 3, column contact_mobile, value \"1390411020\": a mobile number has 11 digits; this one has 10"), "{out}");
    assert!(
        out.contains("error: row 17, column chief_mobile, value \"13804110410\""),
        "{out}"
    );
    assert!(
        out.contains("warning: row 10, column chief_name, value \"王小明\""),
        "{out}"
    );
    assert!(out.contains("nothing was written"), "{out}");

    let corrected = format!("{fixtures}/work-distribution.csv");
    let mut args = vec!["import", "work-distribution", &corrected, "--dry-run"];
    args.extend(db);
    let o = lifeline(&args, None);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("dry run: nothing was written"));
    let mut args = vec!["import", "work-distribution", &corrected];
    args.extend(db);
    assert!(text(&lifeline(&args, None)).contains("24 rows created"));

    let dir = TempDir::new();
    let out_file = dir.0.join("wd.xlsx");
    let out_path = out_file.to_str().unwrap_or("");
    let mut args = vec![
        "export",
        "work-distribution",
        "--format",
        "xlsx",
        "--out",
        out_path,
    ];
    args.extend(db);
    assert!(lifeline(&args, None).status.success());
    let mut args = vec!["import", "work-distribution", out_path];
    args.extend(db);
    assert!(
        text(&lifeline(&args, None)).contains("0 rows created, 0 updated, 24 unchanged"),
        "export then import is a no-op"
    );

    let rejects = dir.0.join("rejects.csv");
    let rejects_path = rejects.to_str().unwrap_or("");
    let mut args = vec![
        "import",
        "work-distribution",
        &printed,
        "--skip-invalid",
        "--rejects",
        rejects_path,
    ];
    args.extend(db);
    let o = lifeline(&args, None);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let rej = std::fs::read_to_string(&rejects).unwrap_or_default();
    assert!(
        rej.contains("errors") && rej.contains("1390411020") && rej.contains("11 digits"),
        "{rej}"
    );
    assert_eq!(
        rej.lines().count(),
        3,
        "the header and the two rejected rows: {rej}"
    );
}

#[tokio::test]
async fn the_registry_imports_compares_and_exports_from_the_command_line() {
    // The command line runs on the multi-threaded runtime, where the whole-registry read
    // hands its worker's other tasks to another thread (the in-process tests cannot).
    let t = TestApp::new().await;
    testkit::bureau::load_districts(&t).await;
    let db = ["--database-url", &t.database_url, "--secret-key", SECRET];
    let dir = TempDir::new();
    // A district that is well formed but not one of the city's (Beijing's Dongcheng) is
    // refused by row, column, value and reason, and the file's other row is not written.
    let foreign = dir.0.join("foreign.csv");
    std::fs::write(
        &foreign,
        "uscc,name,district,kinds\n\
         91210200MA0QC1234F,大连海湾精密制造有限公司,210202,foreign_invested\n\
         91210200MA0QC1235J,北京东城贸易有限公司,110101,foreign_trade\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut args = vec!["import", "enterprises", foreign.to_str().unwrap_or("")];
    args.extend(db);
    let o = lifeline(&args, None);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains(
            "row 3, column district, value \"110101\": \"110101\" is not one of the city's districts (210202, "
        ),
        "{}",
        text(&o)
    );
    assert!(text(&o).contains("nothing was written"), "{}", text(&o));
    let csv = dir.0.join("firms.csv");
    std::fs::write(
        &csv,
        "uscc,name,name_en,district,kinds,investor_country,industry,address,contact_name,contact_mobile,contact_email,employees\n\
         91210200MA0QC1234F,大连海湾精密制造有限公司,Dalian Bay,210202,foreign_invested,JP,machinery,,王经理,13800000001,a@b.cn,150\n\
         91210200MA0QC1235J,=HYPERLINK(\"x\"),,210202,foreign_trade,,,,,,,\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let csv = csv.to_str().unwrap_or("");
    let mut args = vec!["import", "enterprises", csv];
    args.extend(db);
    let o = lifeline(&args, None);
    assert!(
        text(&o).contains("2 rows created, 0 updated, 0 unchanged"),
        "{}",
        text(&o)
    );
    let o = lifeline(&args, None);
    assert!(
        text(&o).contains("0 rows created, 0 updated, 2 unchanged"),
        "{}",
        text(&o)
    );
    let out = dir.0.join("out.csv");
    let out = out.to_str().unwrap_or("");
    let mut args = vec!["export", "enterprises", "--format", "csv", "--out", out];
    args.extend(db);
    let o = lifeline(&args, None);
    assert!(o.status.success(), "{}", text(&o));
    let exported = std::fs::read_to_string(out).unwrap_or_default();
    assert!(exported.contains("91210200MA0QC1234F"), "{exported}");
    assert!(exported.contains("大连海湾精密制造有限公司"), "{exported}");
    assert!(
        !exported.contains(",=HYPERLINK"),
        "a formula is neutralised: {exported}"
    );
}
