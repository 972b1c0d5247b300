//! The store on temporary files: migration with a backup first.

use milepost::store::{APPLICATION_ID, Store, latest_version};

#[test]
fn an_older_schema_is_backed_up_then_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "application_id", APPLICATION_ID)
        .unwrap();
    conn.execute_batch("PRAGMA user_version = 0; CREATE TABLE note_to_self(x TEXT); INSERT INTO note_to_self VALUES ('kept');")
        .unwrap();
    drop(conn);

    let store = Store::open(&path).unwrap();
    let version: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, latest_version());
    assert!(store.read().is_empty().unwrap());

    let backup = dir.path().join("old.db.schema0.bak");
    let old = rusqlite::Connection::open(&backup).unwrap();
    let kept: String = old
        .query_row("SELECT x FROM note_to_self", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, "kept");
    let old_version: i64 = old
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        old_version, 0,
        "the backup is the file as it was before migrating"
    );
}

#[test]
fn a_version_1_file_migrates_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    let mut conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "application_id", APPLICATION_ID)
        .unwrap();
    milepost::store::schema::migrations()
        .to_version(&mut conn, 1)
        .unwrap();
    conn.execute_batch(
        "INSERT INTO program(id, name, currency, start, workdays) VALUES (1, 'Old', 'EUR', '2026-01-05', 'mon,tue,wed,thu,fri');
         INSERT INTO workstream(key, name) VALUES ('PLT', 'Platform');
         INSERT INTO spend(key, number, date, workstream_id, category, amount, status) VALUES ('SP-1', 1, '2026-02-03', 1, 'Labor', 12345, 'paid');",
    )
    .unwrap();
    drop(conn);

    let store = Store::open(&path).unwrap();
    let db = store.read();
    assert_eq!(db.program().unwrap().currency, "EUR");
    let totals = db
        .spend_totals(chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap())
        .unwrap();
    assert_eq!((totals.len(), totals[0].amount), (1, 12345));
    let check = rusqlite::Connection::open(&path).unwrap();
    let indexes: Vec<String> = check
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'spend' AND sql IS NOT NULL ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(indexes, ["spend_date", "spend_rollup"]);
    assert!(dir.path().join("v1.db.schema1.bak").exists());
}
