//! Forms: typed fields that build an `ops::Command` (or, on a first run, a program). Each field
//! has an id, the name the domain uses for it in errors (`not_before`, `probability`), so a
//! validation error lands on its field by id; nothing is read back out of a message. Values
//! parse through `ops::input`, the same parsers as the CLI's, so a form builds the command the
//! CLI line would.
//!
//! A form that edits sends only the fields that changed (a patch); a form that adds sends the
//! fields that are filled in.

use crate::error::Error;
use crate::tui::theme::Theme;
use crate::tui::widgets::text_input::TextInput;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// What a field holds, for the hint beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Date,
    Money,
    Number,
    /// One of these words.
    Choice(&'static [&'static str]),
    /// Several keys or links, separated by commas: `PLT-1, APP-3:SS+2`.
    List,
    YesNo,
}

impl Kind {
    /// A short note of what to type, shown when the field has focus.
    pub fn hint(self) -> String {
        match self {
            Kind::Text => String::new(),
            Kind::Date => "2026-12-01, today, yesterday, +3d, -1w, fri".into(),
            Kind::Money => "12,500.00".into(),
            Kind::Number => "a whole number".into(),
            Kind::Choice(words) => words.join(" | "),
            Kind::List => "several, separated by commas".into(),
            Kind::YesNo => "yes | no".into(),
        }
    }
}

/// One field of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The domain's name for it, as errors name it (`not_before`, `cost_impact`).
    pub id: &'static str,
    pub label: &'static str,
    pub kind: Kind,
    pub input: TextInput,
    /// The value the form opened with (an edit sends only what changed).
    pub initial: String,
    pub required: bool,
}

/// A field: `id`, label, kind, value it opens with, required.
pub fn field(
    id: &'static str,
    label: &'static str,
    kind: Kind,
    value: &str,
    required: bool,
) -> Field {
    Field {
        id,
        label,
        kind,
        input: TextInput::new(value),
        initial: value.to_string(),
        required,
    }
}

/// What a form makes when it is saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    NewProgram,
    AddTask,
    AddMilestone,
    EditTask(String),
    FinishTask(String),
    AddLink,
    ChangeLink,
    RemoveLink,
    AddWorkstream,
    EditWorkstream(String),
    Baseline,
    EditProgram,
    AddRaid(crate::domain::RaidKind),
    EditRaid(String, crate::domain::RaidKind),
    CloseRaid(String, crate::domain::RaidKind),
    AddSpend,
    EditSpend(String),
    /// Set a budget line; `was` is its amount when the form opened on an existing line.
    BudgetLine(Option<crate::domain::Money>),
    Note {
        workstream: Option<String>,
        week: crate::domain::IsoWeek,
    },
    /// Replace an entry of a note's list.
    NoteEntry {
        workstream: Option<String>,
        week: crate::domain::IsoWeek,
        list: crate::ops::NoteList,
        at: usize,
    },
    AddDecision,
    EditDecision(String),
    AddChange,
    EditChange(String),
    Approve(String),
    Reject(String),
}

impl Target {
    /// The stored record a form with this target edits, if it edits one.
    pub fn record(&self) -> Option<crate::ops::Record> {
        use crate::ops::Record as R;
        Some(match self {
            Target::EditTask(k) | Target::FinishTask(k) => R::Task(k.clone()),
            Target::EditWorkstream(k) => R::Workstream(k.clone()),
            Target::EditProgram => R::Program,
            Target::EditRaid(k, _) | Target::CloseRaid(k, _) => R::Raid(k.clone()),
            Target::EditSpend(k) => R::Spend(k.clone()),
            Target::EditDecision(k) => R::Decision(k.clone()),
            Target::EditChange(k) | Target::Approve(k) | Target::Reject(k) => R::Change(k.clone()),
            Target::Note { workstream, week }
            | Target::NoteEntry {
                workstream, week, ..
            } => R::Note {
                workstream: workstream.clone(),
                week: *week,
            },
            _ => return None,
        })
    }
}

/// The form field that shows a record field, where their names differ.
fn field_for(record_field: &str) -> &str {
    match record_field {
        "percent_complete" => "percent",
        "actual_start" => "started",
        "actual_finish" => "finished",
        "accomplishments" => "done",
        "next_steps" => "next",
        other => other,
    }
}

/// An open form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub title: String,
    pub target: Target,
    /// Send only changed fields (editing), or every filled one (adding).
    pub editing: bool,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// The field an error belongs to (if any), and the error.
    pub error: Option<(Option<usize>, String)>,
    /// Esc on a changed form: asking whether to throw the input away.
    pub discarding: bool,
    /// The record this form edits as it stood when the form opened (or when a conflict was
    /// last shown): the save is refused if someone else changed it meanwhile.
    pub guard: Option<(crate::ops::Record, serde_json::Value)>,
}

impl Form {
    /// A form with focus on its first field (a prefilled value selected).
    pub fn new(
        title: impl Into<String>,
        target: Target,
        editing: bool,
        fields: Vec<Field>,
    ) -> Form {
        let mut form = Form {
            title: title.into(),
            target,
            editing,
            fields,
            focus: 0,
            error: None,
            discarding: false,
            guard: None,
        };
        form.focus_on(0);
        form
    }

    /// Move the focus to field `i`, selecting its value so typing replaces it.
    pub fn focus_on(&mut self, i: usize) {
        if self.fields.is_empty() {
            return;
        }
        self.focus = i.min(self.fields.len() - 1);
        self.fields[self.focus].input.focus();
    }

    /// Focus the field with this id.
    pub fn focus_id(&mut self, id: &str) {
        if let Some(i) = self.index(id) {
            self.focus_on(i);
        }
    }

    pub fn next(&mut self) {
        self.focus_on((self.focus + 1) % self.fields.len().max(1));
    }

    pub fn previous(&mut self) {
        let n = self.fields.len().max(1);
        self.focus_on((self.focus + n - 1) % n);
    }

    pub fn index(&self, id: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.id == id)
    }

    /// The trimmed value of a field (empty when the form has no such field).
    pub fn value(&self, id: &str) -> &str {
        self.index(id)
            .map_or("", |i| self.fields[i].input.value().trim())
    }

    /// Set a field's value (and what it opened with).
    pub fn set(&mut self, id: &str, value: &str) {
        if let Some(i) = self.index(id) {
            self.fields[i].input.set(value);
            self.fields[i].initial = value.to_string();
        }
    }

    /// The value to send: when editing, only a changed field (an emptied one is `""`, which
    /// clears it); when adding, only a filled-in one.
    pub fn given(&self, id: &str) -> Option<&str> {
        let f = &self.fields[self.index(id)?];
        let value = f.input.value().trim();
        if self.editing {
            (f.input.value() != f.initial).then_some(value)
        } else {
            (!value.is_empty()).then_some(value)
        }
    }

    /// Whether anything was typed since the form opened.
    pub fn changed(&self) -> bool {
        self.fields.iter().any(|f| f.input.value() != f.initial)
    }

    /// The first required field left empty, as an error on that field.
    pub fn missing(&self) -> Option<(usize, String)> {
        self.fields
            .iter()
            .position(|f| f.required && f.input.value().trim().is_empty())
            .map(|i| (i, format!("{} is required", self.fields[i].label)))
    }

    /// Show an error, beside its field when the error names one the form has: by the field's
    /// id for a validation error, by the kind of thing not found (`workstream`, `task`), or by
    /// the field holding the key it names.
    /// Someone else changed the record since the form opened: say what, with their value and
    /// the one typed here, and take `now` as the record's state, so that saving again puts
    /// these values over theirs knowingly (Esc throws them away).
    pub fn show_stale(&mut self, changes: &[(String, String, String)], now: serde_json::Value) {
        let mut parts = vec![];
        let mut first_field = None;
        for (field, _was, theirs) in changes {
            let mine = self
                .index(field_for(field))
                .map(|i| (i, &self.fields[i]))
                .filter(|(_, f)| f.input.value() != f.initial);
            match mine {
                Some((i, f)) => {
                    first_field.get_or_insert(i);
                    parts.push(format!(
                        "{field} is now {theirs}, yours {:?}",
                        f.input.value()
                    ));
                }
                None => parts.push(format!("{field} is now {theirs}")),
            }
        }
        if let Some((_, was)) = &mut self.guard {
            *was = now;
        }
        if let Some(i) = first_field {
            self.focus_on(i);
        }
        self.error = Some((
            first_field,
            format!(
                "changed elsewhere since this form opened: {}. Enter saves yours over it, Esc discards yours",
                parts.join("; ")
            ),
        ));
    }

    pub fn show_error(&mut self, e: &Error) {
        let text = e.lines().join("; ");
        let field = match e {
            Error::Validation { field, .. } => self.index(field).or_else(|| {
                // The CLI's flag names: `not-before` for `not_before`.
                self.index(&field.replace('-', "_"))
            }),
            Error::NotFound { what, key } => self.index(what).or_else(|| {
                self.fields
                    .iter()
                    .position(|f| f.input.value().to_ascii_uppercase().contains(key.as_str()))
            }),
            Error::Cycle(_) => self.index("after").or_else(|| self.index("successor")),
            _ => None,
        };
        if let Some(i) = field {
            self.focus_on(i);
        }
        self.error = Some((field, text));
    }
}

/// Draw a form centred in `area`: a label column, each value wrapped to the width left (the
/// form grows with long text), the focused field's hint, and the error line, always shown.
pub fn draw(frame: &mut Frame, form: &Form, theme: &Theme, area: Rect) {
    let width = area.width.min(76);
    let label_width = form
        .fields
        .iter()
        .map(|f| f.label.chars().count())
        .max()
        .unwrap_or(0)
        .min(16);
    let value_width = (width as usize).saturating_sub(label_width + 5).max(8);
    let mut lines: Vec<Line> = vec![];
    let mut cursor: Option<(u16, u16)> = None;
    for (i, f) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let (wrapped, at) = f.input.wrapped(value_width);
        let marker = if f.required { "*" } else { " " };
        let style = if focused && f.input.selected() {
            theme.selected
        } else if form.error.as_ref().is_some_and(|(e, _)| *e == Some(i)) {
            theme.error
        } else {
            Style::default()
        };
        for (n, text) in wrapped.iter().enumerate() {
            let label = if n == 0 { f.label } else { "" };
            if focused && n == at.0 {
                cursor = Some(((label_width + 3 + at.1) as u16, lines.len() as u16));
            }
            lines.push(Line::from(vec![
                Span::styled(format!("{label:>label_width$}{marker} "), theme.header),
                Span::styled(crate::domain::text::for_display(text), style),
            ]));
        }
        if focused {
            let hint = f.kind.hint();
            if !hint.is_empty() {
                lines.push(Line::from(Span::styled(
                    format!("{:label_width$}   {hint}", ""),
                    theme.muted,
                )));
            }
        }
    }
    let (status, style) = match (&form.error, form.discarding) {
        (_, true) => (
            "Throw away what you typed? y discards, n goes back to the form".to_string(),
            theme.error,
        ),
        (Some((_, e)), _) => (e.clone(), theme.error),
        (None, _) => (String::new(), theme.muted),
    };
    // The error line wraps too, and is never pushed out of the box.
    let inner = (width as usize).saturating_sub(2).max(1);
    let status_lines: Vec<String> = if status.is_empty() {
        vec![]
    } else {
        crate::domain::text::for_display(&status)
            .chars()
            .collect::<Vec<_>>()
            .chunks(inner)
            .map(|c| c.iter().collect())
            .collect()
    };
    let room = (area.height as usize).saturating_sub(2 + status_lines.len());
    // Keep the focused field in view when the form is taller than the screen.
    let skip = match cursor {
        Some((_, row)) if row as usize >= room => row as usize + 1 - room,
        _ => 0,
    };
    let mut shown: Vec<Line> = lines.into_iter().skip(skip).take(room).collect();
    for s in status_lines {
        shown.push(Line::from(Span::styled(s, style)));
    }
    let height = (shown.len() as u16 + 2).min(area.height);
    let popup = super::centred(area, width, height);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(shown).block(Block::default().borders(Borders::ALL).title(format!(
            " {} ",
            crate::domain::text::for_display(&form.title)
        ))),
        popup,
    );
    if let Some((x, row)) = cursor
        && !form.discarding
    {
        let y = row as usize - skip;
        if y < room && popup.width > 2 {
            frame.set_cursor_position((
                (popup.x + 1 + x).min(popup.right().saturating_sub(2)),
                popup.y + 1 + y as u16,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> Form {
        Form::new(
            "Edit PLT-1",
            Target::EditTask("PLT-1".into()),
            true,
            vec![
                field("title", "title", Kind::Text, "Design", true),
                field("percent", "percent", Kind::Number, "13", false),
                field("not_before", "not before", Kind::Date, "", false),
            ],
        )
    }

    #[test]
    fn edits_send_what_changed_and_adds_what_is_filled() {
        let mut f = form();
        assert_eq!(f.given("title"), None);
        assert!(!f.changed());
        f.fields[1].input.set("35");
        assert_eq!(f.given("percent"), Some("35"));
        f.fields[0].input.set("");
        assert_eq!(f.given("title"), Some(""), "emptied: clear it");
        assert_eq!(f.missing(), Some((0, "title is required".to_string())));
        let mut adding = form();
        adding.editing = false;
        assert_eq!(adding.given("title"), Some("Design"));
        assert_eq!(adding.given("not_before"), None);
    }

    #[test]
    fn errors_land_on_their_field_by_id() {
        let mut f = form();
        f.show_error(&Error::invalid("not_before", "someday", "not a date"));
        assert_eq!(f.error.as_ref().unwrap().0, Some(2));
        assert_eq!(f.focus, 2);
        f.show_error(&Error::invalid("budget_delta", "x", "no such field here"));
        assert_eq!(f.error.as_ref().unwrap().0, None);
        assert_eq!(
            f.error.as_ref().unwrap().1,
            "budget_delta \"x\": no such field here"
        );
    }

    #[test]
    fn focus_selects_a_prefilled_value() {
        let mut f = form();
        assert!(f.fields[0].input.selected());
        f.next();
        assert_eq!(f.focus, 1);
        assert!(f.fields[1].input.selected());
        f.previous();
        f.previous();
        assert_eq!(f.focus, 2);
        assert!(!f.fields[2].input.selected(), "nothing to select");
    }
}
