//! The command layer: every change to a program is a [`Command`], applied by [`execute`] in one
//! transaction that also writes the journal entry undo needs.
//!
//! Commands carry typed values (dates, money, enums) parsed at the edge by the domain's parsers;
//! `execute` checks everything else (text, ranges, references, cycles) before writing.

mod apply;
pub mod input;
mod patch;
mod reports;
mod sheet;
mod tasks;
mod wbs;

pub use apply::calendar;
pub use patch::{Clear, RaidPatch, SpendPatch, TaskPatch};
pub use reports::{RagHistory, WeekRag, WorkstreamHistory, rag_history, weekly_status};
pub use sheet::{PredRef, RaidRow, SheetLag, SheetRead, TaskRow};

use crate::domain::{IsoWeek, LinkType, Money, Month, Rag, RaidKind, SpendStatus};
use crate::error::Result;
use crate::store::Store;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::Serialize;

/// Facts a command needs from outside: the clock. `today` is the default as-of date; `now`
/// stamps journal entries.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    pub today: NaiveDate,
    pub now: NaiveDateTime,
}

impl Context {
    /// A clock stopped on `today` (at noon): for tests, what-if views and `MILEPOST_TODAY`, so
    /// that the journal's timestamps are as stable as the dates.
    pub fn on(today: NaiveDate) -> Context {
        Context {
            today,
            now: today.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default()),
        }
    }
}

/// A predecessor link as given on the command line: `PLT-3`, `PLT-3:SS+2`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkSpec {
    pub key: String,
    pub link_type: LinkType,
    pub lag: i64,
}

/// One row of a spend import, with the line it came from for error messages.
#[derive(Debug, Clone, PartialEq)]
pub struct SpendRow {
    pub line: u64,
    pub date: NaiveDate,
    pub workstream: String,
    pub category: String,
    pub amount: Money,
    pub vendor: Option<String>,
    pub reference: Option<String>,
    pub status: SpendStatus,
}

/// The two lists of a status note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteList {
    /// Accomplishments (`--done`).
    Done,
    /// Next steps (`--next`).
    Next,
}

impl NoteList {
    /// The name of the list in errors: the CLI flag's.
    pub fn field(self, verb: &str) -> String {
        match self {
            NoteList::Done => format!("{verb}_done"),
            NoteList::Next => format!("{verb}_next"),
        }
    }
}

/// A change to an entry of a note's list; positions count from 1, as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ListEdit {
    Replace {
        list: NoteList,
        at: usize,
        text: String,
    },
    Move {
        list: NoteList,
        from: usize,
        to: usize,
    },
    Remove {
        list: NoteList,
        at: usize,
    },
}

/// A record a form edits, for the stale-edit check ([`Command::Guarded`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "record", content = "key", rename_all = "snake_case")]
pub enum Record {
    Program,
    Workstream(String),
    Task(String),
    Raid(String),
    Spend(String),
    Change(String),
    Decision(String),
    Note {
        workstream: Option<String>,
        week: IsoWeek,
    },
}

impl Record {
    /// How a person names the record: `PLT-3`, `workstream PLT`, `the PLT note for 2026-W47`.
    pub fn name(&self) -> String {
        match self {
            Record::Program => "the program".into(),
            Record::Workstream(k) => format!("workstream {k}"),
            Record::Task(k)
            | Record::Raid(k)
            | Record::Spend(k)
            | Record::Change(k)
            | Record::Decision(k) => k.clone(),
            Record::Note { workstream, week } => format!(
                "the {} note for {week}",
                workstream.as_deref().unwrap_or("program")
            ),
        }
    }
}

/// The record as stored now, as a JSON object of its fields: what a form saw when it opened,
/// to be compared when it saves. A record that is gone is `null`.
pub fn record_image(db: &crate::store::Db, record: &Record) -> Result<serde_json::Value> {
    fn image<T: Serialize>(v: Result<T>) -> Result<serde_json::Value> {
        match v {
            Ok(v) => {
                serde_json::to_value(v).map_err(|e| crate::error::Error::Storage(e.to_string()))
            }
            Err(crate::error::Error::NotFound { .. }) => Ok(serde_json::Value::Null),
            Err(e) => Err(e),
        }
    }
    match record {
        Record::Program => image(db.program()),
        Record::Workstream(k) => image(db.workstream(k)),
        Record::Task(k) => image(db.task(k)),
        Record::Raid(k) => image(db.raid_item(k)),
        Record::Spend(k) => image(db.spend_entry(k)),
        Record::Change(k) => image(db.change_request(k)),
        Record::Decision(k) => image(db.decision(k)),
        Record::Note { workstream, week } => image(db.status_note(*week, workstream.as_deref())),
    }
}

/// The fields that differ between two images of a record: (field, before, now), each value as
/// a person reads it.
pub fn image_changes(
    before: &serde_json::Value,
    now: &serde_json::Value,
) -> Vec<(String, String, String)> {
    use serde_json::Value;
    let shown = |v: Option<&Value>| match v {
        None | Some(Value::Null) => "(none)".to_string(),
        Some(Value::String(s)) => format!("{s:?}"),
        Some(other) => other.to_string(),
    };
    match (before, now) {
        (Value::Object(a), Value::Object(b)) => {
            let mut fields: Vec<&String> = a.keys().chain(b.keys()).collect();
            fields.sort();
            fields.dedup();
            fields
                .into_iter()
                .filter(|f| a.get(*f) != b.get(*f))
                .map(|f| (f.clone(), shown(a.get(f)), shown(b.get(f))))
                .collect()
        }
        _ if before == now => vec![],
        _ => vec![(
            "record".into(),
            if before.is_null() {
                "(none)"
            } else {
                "present"
            }
            .into(),
            if now.is_null() { "removed" } else { "present" }.into(),
        )],
    }
}

/// Every create, update, delete and link operation of SPEC §7.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// Run `command` only if `record` still is as `was` shows it (a form's save): a change made
    /// elsewhere since the form opened is reported with its values, never silently overwritten.
    Guarded {
        record: Record,
        was: serde_json::Value,
        then: Box<Command>,
    },
    /// Change the program header and calendar.
    SetProgram {
        name: Option<String>,
        currency: Option<String>,
        start: Option<NaiveDate>,
        workdays: Option<String>,
        add_holidays: Vec<NaiveDate>,
        remove_holidays: Vec<NaiveDate>,
    },
    AddWorkstream {
        key: String,
        name: String,
        owner: Option<String>,
    },
    SetWorkstream {
        key: String,
        name: Option<String>,
        owner: Clear<String>,
    },
    RemoveWorkstream {
        key: String,
    },
    AddTask {
        workstream: String,
        title: String,
        duration: i64,
        after: Vec<LinkSpec>,
        fields: TaskPatch,
    },
    SetTask {
        key: String,
        fields: TaskPatch,
    },
    RemoveTask {
        key: String,
        force: bool,
    },
    /// Move a task just before or after another in the WBS, under that task's summary.
    MoveTask {
        key: String,
        beside: String,
        after: bool,
    },
    AddDep {
        pred: String,
        succ: String,
        link_type: LinkType,
        lag: i64,
    },
    /// Change a link's type or lag.
    SetDep {
        pred: String,
        succ: String,
        link_type: Option<LinkType>,
        lag: Option<i64>,
    },
    RemoveDep {
        pred: String,
        succ: String,
    },
    SetBaseline {
        name: Option<String>,
    },
    AddRaid {
        kind: RaidKind,
        title: String,
        fields: RaidPatch,
    },
    SetRaid {
        key: String,
        fields: RaidPatch,
    },
    CloseRaid {
        key: String,
        status: Option<String>,
        note: Option<String>,
        date: Option<NaiveDate>,
    },
    RemoveRaid {
        key: String,
    },
    SetBudget {
        workstream: String,
        category: String,
        month: Month,
        amount: Money,
    },
    AddSpend {
        date: NaiveDate,
        workstream: String,
        category: String,
        amount: Money,
        fields: SpendPatch,
    },
    SetSpend {
        key: String,
        fields: SpendPatch,
    },
    RemoveSpend {
        key: String,
    },
    /// Set a program setting, or reset it to its default with `None`.
    SetSetting {
        key: String,
        value: Option<String>,
    },
    /// Add spend rows read from a finance export; rows already present (same date, workstream,
    /// category, amount, vendor and reference) are skipped. All or nothing.
    ImportSpend {
        /// Where the rows came from, for the journal.
        file: String,
        #[serde(skip)]
        rows: Vec<SpendRow>,
    },
    /// Add the tasks of a plan kept in a spreadsheet (`import --format csv-tasks`). All or
    /// nothing; undo takes the whole file back.
    ImportTasks {
        /// Where the rows came from, for the journal.
        file: String,
        /// The plan's name (the file's), for the workstream of its top-level tasks.
        #[serde(skip)]
        plan: String,
        /// `--ws`: the workstream of rows that name none.
        workstream: Option<String>,
        #[serde(skip)]
        rows: Vec<TaskRow>,
        #[serde(skip)]
        read: SheetRead,
    },
    /// Add the items of a RAID register kept in a spreadsheet (`import --format csv-raid`);
    /// items already in the log (same kind and title) are skipped. All or nothing.
    ImportRaid {
        file: String,
        #[serde(skip)]
        rows: Vec<RaidRow>,
        #[serde(skip)]
        read: SheetRead,
    },
    AddChange {
        title: String,
        workstream: Option<String>,
        budget_delta: Option<Money>,
        schedule_delta: Option<i64>,
    },
    /// Approve or reject a proposed change. Approving one with a budget delta adds the delta to
    /// the budget line (workstream, `category` or "Change", `month` or the decision's month).
    DecideChange {
        key: String,
        approve: bool,
        date: Option<NaiveDate>,
        category: Option<String>,
        month: Option<Month>,
    },
    AddDecision {
        title: String,
        decision: String,
        rationale: Option<String>,
        by: Option<String>,
        date: Option<NaiveDate>,
    },
    /// Change a proposed change request; a decided one is history and is refused.
    SetChange {
        key: String,
        title: Option<String>,
        workstream: Clear<String>,
        budget_delta: Clear<Money>,
        schedule_delta: Clear<i64>,
    },
    /// Correct a recorded decision.
    SetDecision {
        key: String,
        title: Option<String>,
        decision: Option<String>,
        rationale: Clear<String>,
        by: Clear<String>,
        date: Option<NaiveDate>,
    },
    SetNote {
        workstream: Option<String>,
        week: Option<IsoWeek>,
        rag: Clear<Rag>,
        reason: Option<String>,
        summary: Option<String>,
        done: Vec<String>,
        next: Vec<String>,
        /// Changes to entries already there, applied in order before `done` and `next` add.
        edits: Vec<ListEdit>,
    },
}

/// What a command did, for the user.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// One line describing the change: `added risk R-4 "Vendor slips"`.
    pub message: String,
    /// The key of a new item, printed alone on stdout by the CLI.
    pub key: Option<String>,
}

/// Validate and apply a command in one transaction with its journal entry.
pub fn execute(store: &mut Store, command: Command, ctx: &Context) -> Result<Outcome> {
    let json = serde_json::to_string(&command).unwrap_or_default();
    let mut outcome = None;
    let summary_holder = &mut outcome;
    store.journaled_with(&json, ctx.now, |db| {
        let o = apply::apply(db, &command, ctx)?;
        apply::check_money_totals(db, &command)?;
        // The history shows the first line; an import's report follows it.
        let message = o.message.lines().next().unwrap_or_default().to_string();
        *summary_holder = Some(o);
        Ok(message)
    })?;
    Ok(outcome.expect("journaled_with runs the closure on success"))
}

/// What `command` would do (`--dry-run`): every check against the data as it is, and its
/// outcome, with nothing written.
pub fn rehearse(store: &mut Store, command: Command, ctx: &Context) -> Result<Outcome> {
    store.rehearse(|db| {
        let o = apply::apply(db, &command, ctx)?;
        apply::check_money_totals(db, &command)?;
        Ok(o)
    })
}

/// Create a new program file at `path` (`init`, the workbench's first run): the program is
/// checked first (name, currency, calendar), and a failure leaves no file behind.
pub fn create_program(path: &std::path::Path, program: crate::domain::Program) -> Result<Store> {
    let mut program = program;
    program.name = crate::domain::text::required("name", &program.name)?;
    program.currency = crate::domain::currency("currency", &program.currency)?;
    program.calendar.holidays.sort();
    program.calendar.holidays.dedup();
    if let Some(e) = crate::domain::validate::program(&program)
        .into_iter()
        .next()
    {
        return Err(e);
    }
    let (store, ()) = Store::create_with(path, |store| store.bulk(|db| db.save_program(&program)))?;
    Ok(store)
}

/// Undo the newest command; `None` when there is nothing to undo.
pub fn undo(store: &mut Store) -> Result<Option<String>> {
    store.undo()
}

/// Redo the most recently undone command; `None` when there is nothing to redo.
pub fn redo(store: &mut Store) -> Result<Option<String>> {
    store.redo()
}
