//! The Status tab: the week's workspace. A panel for the program and one per workstream: RAG
//! (computed and override, with its reason), every reason in full, the summary, the
//! accomplishments and next steps (lists to add to, edit, remove from and reorder in place),
//! key milestones with baseline, forecast, slip and how far they moved since last week, the
//! budget line (CPI, SPI, EAC) and the RAG of the last eight weeks. `[` and `]` step weeks.
//!
//! The selectable rows are each scope and each entry of its lists; `widgets::workspace` draws
//! them with everything else around them.

use super::{Column, Here, Open, RowRef, TableData, Tone, col};
use crate::domain::{IsoWeek, Rag};
use crate::engine::status::WeeklyStatus;
use crate::error::{Error, Result};
use crate::ops::{Command, ListEdit, NoteList, RagHistory, input};
use crate::store::Db;
use crate::tui::keymap::Item;
use crate::tui::overlays::form::{Form, Kind, Target, field};
use crate::tui::widgets::workspace::rag_tone;
use chrono::NaiveDate;

pub const COLUMNS: &[Column] = &[col("SCOPE", 7, 0).whole(), col("ENTRY", 20, 0).grow()];

/// A week's status and, once computed, the RAG of the eight weeks ending with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Workspace {
    pub status: WeeklyStatus,
    pub trend: Option<RagHistory>,
}

/// Weeks in the RAG trend.
pub const TREND_WEEKS: usize = 8;

/// The status of `week` (or this week), as `status export` computes it.
pub fn workspace(db: &Db, today: NaiveDate, week: IsoWeek) -> Result<Workspace> {
    Ok(Workspace {
        status: crate::ops::weekly_status(db, week, today, None)?,
        trend: None,
    })
}

/// The RAG of the `count` weeks ending with `week`.
pub fn trend(db: &Db, today: NaiveDate, week: IsoWeek, count: usize) -> Result<RagHistory> {
    crate::ops::rag_history(db, week, count, today)
}

/// The selectable rows: each scope, then the entries of its lists.
pub fn table(w: &Workspace) -> TableData {
    let mut t = TableData::new(COLUMNS);
    let s = &w.status;
    let scopes = std::iter::once((
        None,
        "PROGRAM".to_string(),
        s.overall.rag,
        &s.overall.accomplishments,
        &s.overall.next_steps,
    ))
    .chain(s.workstreams.iter().map(|ws| {
        (
            Some(ws.key.clone()),
            ws.key.clone(),
            ws.rag,
            &ws.accomplishments,
            &ws.next_steps,
        )
    }));
    for (ws, name, rag, done, next) in scopes {
        t.push(
            vec![name.clone(), "note".into()],
            rag_tone(rag),
            RowRef::Scope(ws.clone()),
        );
        for (list, items) in [(NoteList::Done, done), (NoteList::Next, next)] {
            for (i, text) in items.iter().enumerate() {
                t.push(
                    vec![name.clone(), text.clone()],
                    Tone::Normal,
                    RowRef::NoteEntry {
                        workstream: ws.clone(),
                        list,
                        at: i + 1,
                    },
                );
            }
        }
    }
    t
}

fn list_name(list: NoteList) -> &'static str {
    match list {
        NoteList::Done => "accomplishment",
        NoteList::Next => "next step",
    }
}

/// The text of a note entry in the workspace.
fn entry_text(w: &Workspace, ws: &Option<String>, list: NoteList, at: usize) -> Option<String> {
    let s = &w.status;
    let (done, next) = match ws {
        None => (&s.overall.accomplishments, &s.overall.next_steps),
        Some(k) => {
            let w = s.workstreams.iter().find(|x| &x.key == k)?;
            (&w.accomplishments, &w.next_steps)
        }
    };
    let items = if list == NoteList::Done { done } else { next };
    items.get(at.checked_sub(1)?).cloned()
}

fn scope_name(ws: &Option<String>) -> String {
    ws.clone().unwrap_or_else(|| "the program".into())
}

/// The note form of a scope: summary, RAG override and reason, an entry for each list.
fn note_form(here: &Here, ws: &Option<String>) -> Open {
    let week = here.week;
    let note = here.db.status_note(week, ws.as_deref()).ok().flatten();
    let text = |v: Option<String>| v.unwrap_or_default();
    let scope = ws.as_deref().unwrap_or("Program");
    Open::Form(Form::new(
        format!("{scope} note, {week}"),
        Target::Note {
            workstream: ws.clone(),
            week,
        },
        true,
        vec![
            field(
                "summary",
                "summary",
                Kind::Text,
                &text(note.as_ref().and_then(|n| n.summary.clone())),
                false,
            ),
            field(
                "rag",
                "RAG override",
                Kind::Choice(&["green", "amber", "red"]),
                &text(note.as_ref().and_then(|n| n.rag.map(|r| r.to_string()))),
                false,
            ),
            field(
                "reason",
                "reason",
                Kind::Text,
                &text(note.as_ref().and_then(|n| n.reason.clone())),
                false,
            ),
            field("done", "add done", Kind::Text, "", false),
            field("next", "add next", Kind::Text, "", false),
        ],
    ))
}

/// A form adding one entry to a list of a scope's note.
fn entry_form(here: &Here, ws: &Option<String>, list: NoteList) -> Open {
    let (id, label) = match list {
        NoteList::Done => ("done", "accomplishment"),
        NoteList::Next => ("next", "next step"),
    };
    Open::Form(Form::new(
        format!("Add {label} to {}'s note, {}", scope_name(ws), here.week),
        Target::Note {
            workstream: ws.clone(),
            week: here.week,
        },
        false,
        vec![field(id, label, Kind::Text, "", true)],
    ))
}

/// `a`: on an entry, add to its list; on a scope, choose what to add.
pub fn add(here: &Here) -> Open {
    match here.row {
        Some(RowRef::NoteEntry {
            workstream, list, ..
        }) => entry_form(here, workstream, *list),
        Some(RowRef::Scope(ws)) => Open::Menu {
            title: format!("Add to {}'s note", scope_name(ws)),
            items: vec![Item::Accomplishment, Item::NextStep, Item::Note],
        },
        _ => Open::Nothing,
    }
}

pub fn pick(item: Item, here: &Here) -> Open {
    let ws = match here.row {
        Some(RowRef::Scope(ws)) => ws.clone(),
        Some(RowRef::NoteEntry { workstream, .. }) => workstream.clone(),
        _ => return Open::Nothing,
    };
    match item {
        Item::Accomplishment => entry_form(here, &ws, NoteList::Done),
        Item::NextStep => entry_form(here, &ws, NoteList::Next),
        Item::Note => note_form(here, &ws),
        _ => Open::Nothing,
    }
}

/// `e`: the note of a scope, or the text of an entry.
pub fn edit(here: &Here, w: Option<&Workspace>) -> Open {
    match here.row {
        Some(RowRef::Scope(ws)) => note_form(here, ws),
        Some(RowRef::NoteEntry {
            workstream,
            list,
            at,
        }) => {
            let text = w
                .and_then(|w| entry_text(w, workstream, *list, *at))
                .unwrap_or_default();
            Open::Form(Form::new(
                format!(
                    "{} {at} of {}'s note",
                    list_name(*list),
                    scope_name(workstream)
                ),
                Target::NoteEntry {
                    workstream: workstream.clone(),
                    week: here.week,
                    list: *list,
                    at: *at,
                },
                true,
                vec![field("text", list_name(*list), Kind::Text, &text, true)],
            ))
        }
        _ => Open::Nothing,
    }
}

/// `d`: remove an entry, after a question that quotes it.
pub fn delete(here: &Here, w: Option<&Workspace>) -> Open {
    let Some(RowRef::NoteEntry {
        workstream,
        list,
        at,
    }) = here.row
    else {
        return Open::Message(
            "d removes an accomplishment or a next step; e edits the note".into(),
        );
    };
    let text = w
        .and_then(|w| entry_text(w, workstream, *list, *at))
        .unwrap_or_default();
    Open::Confirm {
        question: format!(
            "Remove {} {at} \"{text}\" from {}'s note?",
            list_name(*list),
            scope_name(workstream)
        ),
        command: Box::new(note_command(
            workstream.clone(),
            here.week,
            vec![ListEdit::Remove {
                list: *list,
                at: *at,
            }],
        )),
    }
}

/// `J`/`K`: move an entry one place down (`by` 1) or up (-1); `None` at either end.
pub fn moved(here: &Here, w: Option<&Workspace>, by: i64) -> Option<(Command, RowRef)> {
    let Some(RowRef::NoteEntry {
        workstream,
        list,
        at,
    }) = here.row
    else {
        return None;
    };
    let to = *at as i64 + by;
    if to < 1 || entry_text(w?, workstream, *list, to as usize).is_none() {
        return None;
    }
    let to = to as usize;
    Some((
        note_command(
            workstream.clone(),
            here.week,
            vec![ListEdit::Move {
                list: *list,
                from: *at,
                to,
            }],
        ),
        RowRef::NoteEntry {
            workstream: workstream.clone(),
            list: *list,
            at: to,
        },
    ))
}

fn note_command(workstream: Option<String>, week: IsoWeek, edits: Vec<ListEdit>) -> Command {
    Command::SetNote {
        workstream,
        week: Some(week),
        rag: None,
        reason: None,
        summary: None,
        done: vec![],
        next: vec![],
        edits,
    }
}

pub fn build(form: &Form) -> Result<Command> {
    match &form.target {
        Target::Note { workstream, week } => {
            let list = |id: &str| -> Vec<String> {
                form.given(id)
                    .filter(|v| !v.is_empty())
                    .map(|v| vec![v.to_string()])
                    .unwrap_or_default()
            };
            Ok(Command::SetNote {
                workstream: workstream.clone(),
                week: Some(*week),
                rag: input::clear_word("rag", form.given("rag"), Rag::parse)?,
                reason: form.given("reason").map(str::to_string),
                summary: form.given("summary").map(str::to_string),
                done: list("done"),
                next: list("next"),
                edits: vec![],
            })
        }
        Target::NoteEntry {
            workstream,
            week,
            list,
            at,
        } => Ok(note_command(
            workstream.clone(),
            *week,
            vec![ListEdit::Replace {
                list: *list,
                at: *at,
                text: form.value("text").to_string(),
            }],
        )),
        other => Err(Error::Conflict(format!("{other:?} is not a Status form"))),
    }
}
