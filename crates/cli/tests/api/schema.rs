//! Both backends get the same schema from their migrations.

use std::collections::BTreeSet;

use testkit::TestApp;

async fn columns(t: &TestApp) -> BTreeSet<(String, String)> {
    let mut rd = t.app.db.read().await.unwrap_or_else(|e| panic!("{e}"));
    let sql = match t.backend() {
        app::Backend::Sqlite => {
            "SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"
        }
        app::Backend::Postgres => {
            "SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns WHERE table_schema = 'public'"
        }
    };
    rd.fetch_all(store::q(sql))
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .iter()
        .map(|r| {
            (
                r.get::<String>("t").unwrap_or_default(),
                r.get::<String>("c").unwrap_or_default(),
            )
        })
        .collect()
}

#[tokio::test]
async fn sqlite_and_postgres_have_the_same_tables_and_columns() {
    let sqlite = TestApp::on(None).await;
    let cols = columns(&sqlite).await;
    assert!(
        cols.contains(&("audit_log".into(), "hash".into())),
        "{cols:?}"
    );
    let Some(pg) = testkit::pg_url() else {
        eprintln!("only SQLite checked: set LIFELINE_TEST_PG to compare with PostgreSQL");
        return;
    };
    let pg = TestApp::on(Some(pg)).await;
    let pg_cols = columns(&pg).await;
    let only_sqlite: Vec<_> = cols.difference(&pg_cols).collect();
    let only_pg: Vec<_> = pg_cols.difference(&cols).collect();
    assert!(
        only_sqlite.is_empty() && only_pg.is_empty(),
        "only in SQLite: {only_sqlite:?}\nonly in PostgreSQL: {only_pg:?}"
    );
}
