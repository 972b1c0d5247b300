//! The schema, managed by rusqlite_migration through `PRAGMA user_version`.
//!
//! Every journaled table has an `id INTEGER PRIMARY KEY`: the journal records row images by
//! (table, id), so undo and redo can restore any row exactly (see `journal.rs`).

use rusqlite_migration::{M, Migrations};

/// Our `PRAGMA application_id`: "MLPS".
pub const APPLICATION_ID: i32 = 0x4D4C_5053;

/// Tables whose changes the journal records, parents before children.
pub const JOURNALED_TABLES: &[&str] = &[
    "program",
    "holiday",
    "workstream",
    "task",
    "dep",
    "baseline",
    "baseline_task",
    "raid",
    "raid_task",
    "budget_line",
    "spend",
    "change_request",
    "decision",
    "status_note",
    "setting",
];

const V1: &str = r#"
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE program (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    currency TEXT NOT NULL,
    start TEXT NOT NULL,
    workdays TEXT NOT NULL
);
CREATE TABLE holiday (id INTEGER PRIMARY KEY, date TEXT NOT NULL UNIQUE);
CREATE TABLE counter (id INTEGER PRIMARY KEY, prefix TEXT NOT NULL UNIQUE, next INTEGER NOT NULL);
CREATE TABLE workstream (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    owner TEXT,
    next_task INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE task (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    workstream_id INTEGER NOT NULL REFERENCES workstream(id),
    number INTEGER NOT NULL,
    title TEXT NOT NULL,
    duration INTEGER NOT NULL,
    owner TEXT,
    budget INTEGER,
    percent INTEGER NOT NULL DEFAULT 0,
    actual_start TEXT,
    actual_finish TEXT,
    not_before TEXT,
    deadline TEXT,
    acceptance TEXT
);
CREATE INDEX task_workstream ON task(workstream_id, number);
CREATE TABLE dep (
    id INTEGER PRIMARY KEY,
    pred_id INTEGER NOT NULL REFERENCES task(id),
    succ_id INTEGER NOT NULL REFERENCES task(id),
    type TEXT NOT NULL,
    lag INTEGER NOT NULL,
    UNIQUE (pred_id, succ_id)
);
CREATE INDEX dep_succ ON dep(succ_id);
CREATE TABLE baseline (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, taken TEXT NOT NULL);
CREATE TABLE baseline_task (
    id INTEGER PRIMARY KEY,
    baseline_id INTEGER NOT NULL REFERENCES baseline(id),
    task_id INTEGER NOT NULL REFERENCES task(id),
    start TEXT NOT NULL,
    finish TEXT NOT NULL,
    UNIQUE (baseline_id, task_id)
);
CREATE INDEX baseline_task_task ON baseline_task(task_id);
CREATE TABLE raid (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    number INTEGER NOT NULL,
    title TEXT NOT NULL,
    description TEXT,
    status TEXT NOT NULL,
    owner TEXT,
    raised TEXT NOT NULL,
    due TEXT,
    workstream_id INTEGER REFERENCES workstream(id),
    closed TEXT,
    probability INTEGER,
    impact INTEGER,
    probability_pct INTEGER,
    cost_impact INTEGER,
    response TEXT,
    mitigation TEXT,
    residual_probability INTEGER,
    residual_impact INTEGER,
    escalated INTEGER NOT NULL DEFAULT 0,
    provider TEXT
);
CREATE INDEX raid_kind ON raid(kind, number);
CREATE TABLE raid_task (
    id INTEGER PRIMARY KEY,
    raid_id INTEGER NOT NULL REFERENCES raid(id),
    task_id INTEGER NOT NULL REFERENCES task(id),
    UNIQUE (raid_id, task_id)
);
CREATE INDEX raid_task_task ON raid_task(task_id);
CREATE TABLE budget_line (
    id INTEGER PRIMARY KEY,
    workstream_id INTEGER NOT NULL REFERENCES workstream(id),
    category TEXT NOT NULL,
    month TEXT NOT NULL,
    amount INTEGER NOT NULL,
    UNIQUE (workstream_id, category, month)
);
CREATE TABLE spend (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    number INTEGER NOT NULL,
    date TEXT NOT NULL,
    workstream_id INTEGER NOT NULL REFERENCES workstream(id),
    category TEXT NOT NULL,
    amount INTEGER NOT NULL,
    vendor TEXT,
    reference TEXT,
    status TEXT NOT NULL
);
CREATE INDEX spend_workstream_date ON spend(workstream_id, date);
CREATE INDEX spend_date ON spend(date);
CREATE TABLE change_request (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    number INTEGER NOT NULL,
    title TEXT NOT NULL,
    status TEXT NOT NULL,
    raised TEXT NOT NULL,
    decided TEXT,
    workstream_id INTEGER REFERENCES workstream(id),
    budget_delta INTEGER,
    schedule_delta INTEGER
);
CREATE TABLE decision (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    number INTEGER NOT NULL,
    date TEXT NOT NULL,
    title TEXT NOT NULL,
    decision TEXT NOT NULL,
    rationale TEXT,
    made_by TEXT
);
CREATE TABLE status_note (
    id INTEGER PRIMARY KEY,
    week TEXT NOT NULL,
    workstream_id INTEGER REFERENCES workstream(id),
    rag TEXT,
    reason TEXT,
    summary TEXT,
    accomplishments TEXT NOT NULL DEFAULT '[]',
    next_steps TEXT NOT NULL DEFAULT '[]'
);
CREATE UNIQUE INDEX status_note_scope ON status_note(week, IFNULL(workstream_id, 0));
CREATE TABLE journal (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    summary TEXT NOT NULL,
    command TEXT NOT NULL,
    changes TEXT NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0
);
"#;

/// Version 2: reports sum spend by (workstream, category, month, status) up to a date; this
/// covering index, in that order, lets SQLite aggregate in one ordered scan without sorting.
const V2: &str = r#"
DROP INDEX spend_workstream_date;
CREATE INDEX spend_rollup ON spend(workstream_id, category, substr(date, 1, 7), status, date, amount);
"#;

/// Version 3: per-program settings (the RAG thresholds).
const V3: &str = r#"
CREATE TABLE setting (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, value TEXT NOT NULL);
"#;

/// Version 4: the journal records who made each change (undo takes back only your own), and
/// task numbers come from `counter` (`task:WS`), which undo never winds back, so a key once
/// handed out is never handed out again. `workstream.next_task` is kept for old journal
/// entries but no longer read.
const V4: &str = r#"
ALTER TABLE journal ADD COLUMN user TEXT NOT NULL DEFAULT '';
INSERT INTO counter(prefix, next) SELECT 'task:' || key, next_task FROM workstream WHERE true
    ON CONFLICT(prefix) DO UPDATE SET next = MAX(next, excluded.next);
"#;

/// Version 5: the work breakdown structure (SPEC §11): a task's summary task, and its place
/// among its siblings (`position`; rows without one sort as `id * 1024`).
const V5: &str = r#"
ALTER TABLE task ADD COLUMN parent_id INTEGER REFERENCES task(id);
ALTER TABLE task ADD COLUMN position INTEGER;
UPDATE task SET position = id * 1024;
CREATE INDEX task_parent ON task(parent_id);
"#;

/// The secondary indexes of `spend`, which bulk import drops and builds again after the rows.
pub const SPEND_INDEXES: [(&str, &str); 2] = [
    (
        "spend_rollup",
        "spend(workstream_id, category, substr(date, 1, 7), status, date, amount)",
    ),
    ("spend_date", "spend(date)"),
];

/// All migrations, oldest first. Append; never edit a released one.
pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![M::up(V1), M::up(V2), M::up(V3), M::up(V4), M::up(V5)])
}

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    5
}
