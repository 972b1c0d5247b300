//! The Status tab: this week's RAG for the program and each workstream, with the reasons and
//! the notes. `e` (or `a`) writes this week's note for the selected scope: summary, RAG
//! override and its reason, an accomplishment and a next step.

use super::{Column, Here, Open, RowRef, TableData, Tone, col};
use crate::domain::{IsoWeek, Rag};
use crate::engine::rag::{self, Reason};
use crate::error::{Error, Result};
use crate::ops::{Command, input};
use crate::store::Db;
use crate::tui::overlays::form::{Form, Kind, Target, field};
use chrono::NaiveDate;

pub const COLUMNS: &[Column] = &[
    col("SCOPE", 7, 0).whole(),
    col("RAG", 5, 0),
    col("COMPUTED", 8, 3),
    col("DONE", 4, 2).figure(),
    col("FINISH", 10, 1).whole(),
    col("SLIP", 4, 2).figure(),
    col("WHY / NOTE", 20, 0).grow(),
];

fn tone(r: Rag) -> Tone {
    match r {
        Rag::Red => Tone::Bad,
        Rag::Amber => Tone::Warn,
        Rag::Green => Tone::Good,
    }
}

/// The note (override reason, else summary), then the reasons, most severe first.
fn why(reasons: &[Reason], note: Option<String>) -> String {
    let mut parts: Vec<String> = note.map(|n| format!("note: {n}")).into_iter().collect();
    let (shown, rest) = rag::shortened(reasons, reasons.len());
    parts.extend(shown.iter().map(|r| r.text.clone()));
    debug_assert_eq!(rest, 0);
    parts.join("; ")
}

/// This week's status as a table: the program first, then each workstream.
pub fn table(db: &Db, today: NaiveDate) -> Result<TableData> {
    let week = IsoWeek::of(today);
    let s = crate::ops::weekly_status(db, week, today, None)?;
    let mut t = TableData::new(COLUMNS);
    let slip = |d: Option<i64>| d.map(|d| format!("{d:+}")).unwrap_or_default();
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    t.push(
        vec![
            "PROGRAM".into(),
            s.overall.rag.to_string(),
            s.overall.computed_rag.to_string(),
            format!("{}%", s.schedule.percent_complete),
            date(s.schedule.forecast_finish),
            slip(s.schedule.slip_days),
            why(
                &s.overall.reasons,
                s.overall
                    .override_reason
                    .clone()
                    .or(s.overall.summary.clone()),
            ),
        ],
        tone(s.overall.rag),
        RowRef::Scope(None),
    );
    for w in &s.workstreams {
        t.push(
            vec![
                w.key.clone(),
                w.rag.to_string(),
                w.computed_rag.to_string(),
                format!("{}%", w.percent_complete),
                date(w.forecast_finish),
                slip(w.slip_days),
                why(&w.reasons, w.override_reason.clone().or(w.summary.clone())),
            ],
            tone(w.rag),
            RowRef::Scope(Some(w.key.clone())),
        );
    }
    Ok(t)
}

/// This week's note of the selected scope.
pub fn edit(here: &Here) -> Open {
    let Some(RowRef::Scope(ws)) = here.row else {
        return Open::Nothing;
    };
    let week = IsoWeek::of(here.today);
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

pub fn build(form: &Form) -> Result<Command> {
    let Target::Note { workstream, week } = &form.target else {
        return Err(Error::Conflict(format!(
            "{:?} is not a Status form",
            form.target
        )));
    };
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
