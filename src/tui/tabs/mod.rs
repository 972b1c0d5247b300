//! The five tabs. Each tab's file owns its columns (with typed sort keys), how its rows look
//! (tones from the program's own RAG thresholds), and what `a`, `e`, `d` and `x` open on it:
//! the forms, menus and confirmations, and how a saved form becomes an `ops::Command`.

pub mod budget;
pub mod log;
pub mod milestones;
pub mod raid;
pub mod status;

use super::keymap::Item;
use super::overlays::form::{Form, Target};
use crate::domain::{Money, RaidKind, text};
use crate::error::Result;
use crate::ops::Command;
use crate::store::Db;
use crate::store::pages::SortKey;
use chrono::NaiveDate;

/// The tabs, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    Milestones,
    Raid,
    Budget,
    Status,
    Log,
}

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::Milestones,
        Tab::Raid,
        Tab::Budget,
        Tab::Status,
        Tab::Log,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Milestones => "Milestones",
            Tab::Raid => "RAID",
            Tab::Budget => "Budget",
            Tab::Status => "Status",
            Tab::Log => "Log",
        }
    }

    pub fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }
}

/// What the Budget tab lists; `v` goes round them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum BudgetView {
    /// Plan, actual, committed and earned value per workstream.
    #[default]
    Plan,
    /// Every budget line: workstream, category, month, amount.
    Lines,
    /// Every spend entry, newest first.
    Spend,
}

impl BudgetView {
    pub fn next(self) -> BudgetView {
        match self {
            BudgetView::Plan => BudgetView::Lines,
            BudgetView::Lines => BudgetView::Spend,
            BudgetView::Spend => BudgetView::Plan,
        }
    }

    /// The view's name, for the title bar.
    pub fn name(self) -> &'static str {
        match self {
            BudgetView::Plan => "plan per workstream",
            BudgetView::Lines => "budget lines",
            BudgetView::Spend => "spend, newest first",
        }
    }
}

/// How a row should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Normal,
    /// Done or closed.
    Muted,
    /// Needs attention: slipping, amber.
    Warn,
    /// Red, late, overdue, escalated.
    Bad,
    Good,
    /// A summary task (SPEC §11): it stands out above its subtasks.
    Summary,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A column of a tab's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub title: &'static str,
    /// The width it asks for; money and figures are widened to fit their longest cell.
    pub width: u16,
    /// 0 is never left out; at narrow widths the highest numbers go first, whole.
    pub priority: u8,
    pub align: Align,
    /// Takes the width that is left over (the title).
    pub grow: bool,
    /// Never cut: as wide as its longest cell, or left out.
    pub whole: bool,
    pub sort: Option<SortKey>,
}

/// A left-aligned column.
pub const fn col(title: &'static str, width: u16, priority: u8) -> Column {
    Column {
        title,
        width,
        priority,
        align: Align::Left,
        grow: false,
        whole: false,
        sort: None,
    }
}

impl Column {
    /// Right-aligned and never cut: money and other figures.
    pub const fn figure(self) -> Column {
        Column {
            align: Align::Right,
            whole: true,
            ..self
        }
    }

    /// Never cut (dates, keys).
    pub const fn whole(self) -> Column {
        Column {
            whole: true,
            ..self
        }
    }

    pub const fn grow(self) -> Column {
        Column { grow: true, ..self }
    }

    pub const fn sort(self, key: SortKey) -> Column {
        Column {
            sort: Some(key),
            ..self
        }
    }
}

/// What a row stands for: the record the actions on it work on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowRef {
    Task(String),
    Raid(String, RaidKind),
    Spend(String),
    Line {
        workstream: String,
        category: String,
        month: String,
        amount: Money,
    },
    /// A row of the Budget plan or the Status tab: a workstream, or the program (`None`).
    Scope(Option<String>),
    Decision(String),
    Change {
        key: String,
        proposed: bool,
    },
    Journal(i64),
    /// An accomplishment or next step of a scope's note, by position (from 1).
    NoteEntry {
        workstream: Option<String>,
        list: crate::ops::NoteList,
        at: usize,
    },
}

impl RowRef {
    /// The key of the record, to find the row again after a change.
    pub fn key(&self) -> String {
        match self {
            RowRef::Task(k) | RowRef::Raid(k, _) | RowRef::Spend(k) | RowRef::Decision(k) => {
                k.clone()
            }
            RowRef::Change { key, .. } => key.clone(),
            RowRef::Line {
                workstream,
                category,
                month,
                ..
            } => format!("{workstream} {category} {month}"),
            RowRef::Scope(ws) => ws.clone().unwrap_or_else(|| "PROGRAM".into()),
            RowRef::Journal(id) => format!("#{id}"),
            RowRef::NoteEntry {
                workstream,
                list,
                at,
            } => format!(
                "{} {} {at}",
                workstream.as_deref().unwrap_or("PROGRAM"),
                match list {
                    crate::ops::NoteList::Done => "done",
                    crate::ops::NoteList::Next => "next",
                }
            ),
        }
    }

    /// The workstream the row belongs to, where it says.
    pub fn workstream(&self) -> Option<String> {
        match self {
            RowRef::Task(k) => k.split('-').next().map(str::to_string),
            RowRef::Line { workstream, .. } => Some(workstream.clone()),
            RowRef::Scope(ws) => ws.clone(),
            RowRef::NoteEntry { workstream, .. } => workstream.clone(),
            _ => None,
        }
    }
}

/// A tab's table: its columns, and rows of text cells with a tone and what each stands for.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableData {
    pub columns: &'static [Column],
    pub rows: Vec<Vec<String>>,
    pub tones: Vec<Tone>,
    pub refs: Vec<RowRef>,
}

impl TableData {
    pub fn new(columns: &'static [Column]) -> TableData {
        TableData {
            columns,
            ..TableData::default()
        }
    }

    /// Add a row; user text is escaped for the terminal here, once.
    pub fn push(&mut self, cells: Vec<String>, tone: Tone, row: RowRef) {
        self.rows
            .push(cells.into_iter().map(|c| text::for_display(&c)).collect());
        self.tones.push(tone);
        self.refs.push(row);
    }
}

/// A tab's columns.
pub fn columns(tab: Tab, view: BudgetView) -> &'static [Column] {
    match tab {
        Tab::Milestones => milestones::COLUMNS,
        Tab::Raid => raid::COLUMNS,
        Tab::Budget => budget::columns(view),
        Tab::Status => status::COLUMNS,
        Tab::Log => log::COLUMNS,
    }
}

/// What pressing `a`, `e`, `d` or `x` (or picking from a menu) opens.
#[derive(Debug, Clone, PartialEq)]
pub enum Open {
    Form(Form),
    Menu {
        title: String,
        items: Vec<Item>,
    },
    Confirm {
        question: String,
        command: Box<Command>,
    },
    Message(String),
    Nothing,
}

/// What a tab's actions see: the selected row, its cells, the store and the date.
pub struct Here<'a> {
    pub row: Option<&'a RowRef>,
    pub cells: Option<&'a [String]>,
    /// The columns of the cells.
    pub columns: &'a [Column],
    pub db: Db<'a>,
    pub today: NaiveDate,
    pub view: BudgetView,
    /// The week the Status tab shows.
    pub week: crate::domain::IsoWeek,
    /// The Status tab's workspace, when it is the tab at hand.
    pub workspace: Option<&'a status::Workspace>,
}

impl Here<'_> {
    /// The workstream of the selected row (its record's, else its WS cell), or "" (forms
    /// prefill it).
    pub fn workstream(&self) -> String {
        self.row
            .and_then(RowRef::workstream)
            .or_else(|| {
                let i = self.columns.iter().position(|c| c.title == "WS")?;
                self.cells?.get(i).filter(|w| !w.is_empty()).cloned()
            })
            .unwrap_or_default()
    }

    /// The key of the selected row's record, or "".
    pub fn key(&self) -> String {
        self.row.map(RowRef::key).unwrap_or_default()
    }

    /// A cell of the selected row by column title.
    pub fn cell(&self, columns: &[Column], title: &str) -> String {
        let i = columns.iter().position(|c| c.title == title);
        self.cells
            .zip(i)
            .and_then(|(cells, i)| cells.get(i).cloned())
            .unwrap_or_default()
    }
}

/// `a` on a tab: a menu of what it can add, or a form straight away.
pub fn add(tab: Tab, here: &Here) -> Open {
    match tab {
        Tab::Milestones => milestones::add(here),
        Tab::Raid => raid::add(),
        Tab::Budget => budget::add(),
        Tab::Status => status::add(here),
        Tab::Log => log::add(),
    }
}

/// An entry picked from a menu.
pub fn pick(tab: Tab, item: Item, here: &Here) -> Open {
    match tab {
        Tab::Milestones => milestones::pick(item, here),
        Tab::Raid => raid::pick(item, here),
        Tab::Budget => budget::pick(item, here),
        Tab::Status => status::pick(item, here),
        Tab::Log => log::pick(item, here),
    }
}

/// `e` on a tab.
pub fn edit(tab: Tab, here: &Here) -> Open {
    match tab {
        Tab::Milestones => milestones::edit(here),
        Tab::Raid => raid::edit(here),
        Tab::Budget => budget::edit(here),
        Tab::Status => status::edit(here, here.workspace),
        Tab::Log => log::edit(here),
    }
}

/// `d` on a tab.
pub fn delete(tab: Tab, here: &Here) -> Open {
    match tab {
        Tab::Milestones => milestones::delete(here),
        Tab::Raid => raid::delete(here),
        Tab::Budget => budget::delete(here),
        Tab::Status => status::delete(here, here.workspace),
        Tab::Log => Open::Message(
            "d deletes tasks, RAID items, spend entries and note entries; decisions and change requests stay on record"
                .into(),
        ),
    }
}

/// `x` on a tab.
pub fn done(tab: Tab, here: &Here) -> Open {
    match tab {
        Tab::Milestones => milestones::done(here),
        Tab::Raid => raid::done(here),
        Tab::Log => log::done(here),
        Tab::Budget | Tab::Status => {
            Open::Message("x finishes tasks, closes RAID items and decides change requests".into())
        }
    }
}

/// What a saved form makes: a command, or (first run) a program.
#[derive(Debug, Clone, PartialEq)]
pub enum Built {
    Command(Box<Command>),
    Program(crate::domain::Program),
}

/// Turn a saved form into what it stands for; errors name the field they are about.
pub fn build(form: &Form, today: NaiveDate) -> Result<Built> {
    use Target as T;
    Ok(Built::Command(Box::new(match &form.target {
        T::NewProgram => return Ok(Built::Program(milestones::new_program(form, today)?)),
        T::AddTask
        | T::AddMilestone
        | T::EditTask(_)
        | T::FinishTask(_)
        | T::AddLink
        | T::ChangeLink
        | T::RemoveLink
        | T::AddWorkstream
        | T::EditWorkstream(_)
        | T::Baseline
        | T::EditProgram => milestones::build(form, today)?,
        T::AddRaid(_) | T::EditRaid(..) | T::CloseRaid(..) => raid::build(form, today)?,
        T::AddSpend | T::EditSpend(_) | T::BudgetLine(_) => budget::build(form, today)?,
        T::Note { .. } | T::NoteEntry { .. } => status::build(form)?,
        T::AddDecision
        | T::EditDecision(_)
        | T::AddChange
        | T::EditChange(_)
        | T::Approve(_)
        | T::Reject(_) => log::build(form, today)?,
    })))
}

/// The filter words a tab understands beyond free text (`?` in the filter lists them).
pub fn filter_words(tab: Tab, view: BudgetView) -> &'static [(&'static str, &'static str)] {
    match tab {
        Tab::Milestones => milestones::FILTER_WORDS,
        Tab::Raid => raid::FILTER_WORDS,
        Tab::Budget if view == BudgetView::Spend => budget::SPEND_FILTER_WORDS,
        Tab::Budget if view == BudgetView::Lines => budget::LINE_FILTER_WORDS,
        Tab::Budget | Tab::Status => &[("ws:KEY", "the workstream")],
        Tab::Log => log::FILTER_WORDS,
    }
}
