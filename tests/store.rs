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
