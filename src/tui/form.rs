//! Forms: add and edit through the CLI's own grammar. A form collects text fields and turns them
//! into a command line (`raid add risk "Title" --owner Sam ...`), which the app runs like the `:`
//! line, so a form validates with exactly the CLI's words; an error that names a field is shown
//! beside that field and nothing is written.

use crate::cli::quote;

/// One text field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub label: &'static str,
    /// The CLI flag (`--owner`), or empty for a positional argument.
    pub flag: &'static str,
    pub value: String,
    /// The value the form opened with (edits send only what changed).
    pub initial: String,
    pub required: bool,
}

impl Field {
    fn new(label: &'static str, flag: &'static str, value: &str, required: bool) -> Field {
        Field {
            label,
            flag,
            value: value.to_string(),
            initial: value.to_string(),
            required,
        }
    }
}

/// An open form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub title: String,
    /// The command words before the fields, like `raid add risk` or `task set PLT-3`.
    pub command: String,
    /// Send every non-empty field (adding), or only changed ones (editing).
    pub editing: bool,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// The field an error belongs to, and the error.
    pub error: Option<(Option<usize>, String)>,
}

impl Form {
    /// An adding form: `(label, flag, value, required)` per field; an empty flag is a
    /// positional argument, sent in order.
    fn add(
        title: &str,
        command: &str,
        fields: &[(&'static str, &'static str, &str, bool)],
    ) -> Form {
        Form {
            title: title.to_string(),
            command: command.to_string(),
            editing: false,
            fields: fields
                .iter()
                .map(|(label, flag, value, required)| Field::new(label, flag, value, *required))
                .collect(),
            focus: 0,
            error: None,
        }
    }

    /// Add a RAID item of a kind, with the fields that kind uses.
    pub fn add_raid(kind: &str) -> Form {
        let mut fields = vec![
            ("title", "", "", true),
            ("owner", "--owner", "", false),
            (
                match kind {
                    "assumption" => "validate by",
                    "dependency" => "need by",
                    _ => "due",
                },
                "--due",
                "",
                false,
            ),
        ];
        match kind {
            "risk" => fields.extend([
                ("probability", "--probability", "", false),
                ("impact", "--impact", "", false),
                ("mitigation", "--mitigation", "", false),
            ]),
            "issue" => fields.push(("severity", "--impact", "", false)),
            "dependency" => fields.push(("provider", "--provider", "", false)),
            _ => {}
        }
        fields.push(("workstream", "--ws", "", false));
        Form::add(
            &format!("Add a {kind}"),
            &format!("raid add {kind}"),
            &fields,
        )
    }

    pub fn add_workstream() -> Form {
        Form::add(
            "Add a workstream",
            "ws add",
            &[
                ("key", "", "", true),
                ("name", "", "", true),
                ("owner", "--owner", "", false),
            ],
        )
    }

    /// A dependency link, from the selected task by default.
    pub fn add_dependency(predecessor: &str) -> Form {
        let mut form = Form::add(
            "Add a dependency link",
            "dep add",
            &[
                ("predecessor", "", predecessor, true),
                ("successor", "", "", true),
                ("type", "--type", "FS", false),
                ("lag", "--lag", "0", false),
            ],
        );
        form.focus = 1;
        form
    }

    pub fn set_baseline() -> Form {
        Form::add(
            "Take a baseline of every task's plan",
            "baseline set",
            &[("name", "", "", false)],
        )
    }

    pub fn add_milestone(workstream: &str) -> Form {
        let mut form = Form::add(
            "Add a milestone",
            "task add --milestone",
            &[
                ("workstream", "", workstream, true),
                ("title", "", "", true),
                ("after", "--after", "", false),
                ("deadline", "--deadline", "", false),
                ("owner", "--owner", "", false),
            ],
        );
        form.focus = 1;
        form
    }

    /// Record spend; `today` and the workstream prefilled.
    pub fn add_spend(today: &str, workstream: &str) -> Form {
        let mut form = Form::add(
            "Record spend",
            "spend add",
            &[
                ("date", "", today, true),
                ("workstream", "", workstream, true),
                ("category", "", "", true),
                ("amount", "", "", true),
                ("vendor", "--vendor", "", false),
                ("ref", "--ref", "", false),
                ("status", "--status", "invoiced", false),
            ],
        );
        form.focus = 2;
        form
    }

    /// Plan an amount for (workstream, category, month); replaces the line if it exists.
    pub fn set_budget(workstream: &str, month: &str) -> Form {
        let mut form = Form::add(
            "Set a budget line",
            "budget set",
            &[
                ("workstream", "", workstream, true),
                ("category", "", "", true),
                ("month", "", month, true),
                ("amount", "", "", true),
            ],
        );
        form.focus = 1;
        form
    }

    pub fn add_change() -> Form {
        Form::add(
            "Propose a change request",
            "change add",
            &[
                ("title", "", "", true),
                ("workstream", "--ws", "", false),
                ("budget delta", "--budget-delta", "", false),
                ("schedule delta", "--schedule-delta", "", false),
            ],
        )
    }

    /// Approve a change request: its budget delta goes to the budget line of the category and
    /// month (defaults: `Change`, the decision's month).
    pub fn approve_change(key: &str, today: &str) -> Form {
        Form::add(
            &format!("Approve {key}"),
            &format!("change approve {key}"),
            &[
                ("date", "--date", today, false),
                ("category", "--category", "", false),
                ("month", "--month", "", false),
            ],
        )
    }

    pub fn reject_change(key: &str, today: &str) -> Form {
        Form::add(
            &format!("Reject {key}"),
            &format!("change reject {key}"),
            &[("date", "--date", today, false)],
        )
    }

    pub fn add_decision(today: &str) -> Form {
        Form::add(
            "Record a decision",
            "decision add",
            &[
                ("title", "", "", true),
                ("decision", "--decision", "", true),
                ("rationale", "--rationale", "", false),
                ("by", "--by", "", false),
                ("date", "--date", today, false),
            ],
        )
    }

    /// The first-run form: a new program's name, currency and start date.
    pub fn new_program(today: &str) -> Form {
        Form {
            title: "New program".into(),
            command: "init".into(),
            editing: false,
            fields: vec![
                Field::new("name", "", "", true),
                Field::new("currency", "--currency", "USD", false),
                Field::new("start", "--start", today, false),
            ],
            focus: 0,
            error: None,
        }
    }

    pub fn add_task(workstream: &str) -> Form {
        let mut form = Form::add(
            "Add a task",
            "task add",
            &[
                ("workstream", "", workstream, true),
                ("title", "", "", true),
                ("duration", "--duration", "5", false),
                ("after", "--after", "", false),
                ("owner", "--owner", "", false),
                ("budget", "--budget", "", false),
            ],
        );
        form.focus = 1;
        form
    }

    /// Fields of [`Form::edit_task`], in order.
    pub const TASK_FIELDS: [&'static str; 9] = [
        "title",
        "duration",
        "percent",
        "started",
        "finished",
        "owner",
        "deadline",
        "not-before",
        "budget",
    ];

    /// Edit a task; `values` are its current [`Form::TASK_FIELDS`].
    pub fn edit_task(key: &str, values: [&str; 9]) -> Form {
        Form::edit(key, &format!("task set {key}"), &Form::TASK_FIELDS, &values)
    }

    /// Fields of [`Form::edit_raid`], in order.
    pub const RAID_FIELDS: [&'static str; 8] = [
        "title",
        "owner",
        "status",
        "due",
        "probability",
        "impact",
        "mitigation",
        "ws",
    ];

    /// Edit a RAID item; `values` are its current [`Form::RAID_FIELDS`].
    pub fn edit_raid(key: &str, values: [&str; 8]) -> Form {
        Form::edit(key, &format!("raid set {key}"), &Form::RAID_FIELDS, &values)
    }

    /// Fields of [`Form::edit_spend`], in order.
    pub const SPEND_FIELDS: [&'static str; 7] = [
        "date", "ws", "category", "amount", "vendor", "ref", "status",
    ];

    /// Edit a spend entry; `values` are its current [`Form::SPEND_FIELDS`].
    pub fn edit_spend(key: &str, values: [&str; 7]) -> Form {
        Form::edit(
            key,
            &format!("spend set {key}"),
            &Form::SPEND_FIELDS,
            &values,
        )
    }

    /// Correct a decision; `values` are its title, decision, rationale, by and date.
    pub fn edit_decision(key: &str, values: [&str; 5]) -> Form {
        Form::edit(
            key,
            &format!("decision set {key}"),
            &["title", "decision", "rationale", "by", "date"],
            &values,
        )
    }

    /// Change a proposed change request; `values` are its title, workstream, budget delta and
    /// schedule delta.
    pub fn edit_change(key: &str, values: [&str; 4]) -> Form {
        Form::edit(
            key,
            &format!("change set {key}"),
            &["title", "ws", "budget-delta", "schedule-delta"],
            &values,
        )
    }

    /// Edit the program: `values` are its name, currency, start and workdays; `holiday` and
    /// `no-holiday` (empty when the form opens) add or remove a holiday.
    pub fn edit_program(values: [&str; 4]) -> Form {
        let [name, currency, start, workdays] = values;
        let mut form = Form::edit(
            "the program",
            "program set",
            &[
                "name",
                "currency",
                "start",
                "workdays",
                "holiday",
                "no-holiday",
            ],
            &[name, currency, start, workdays, "", ""],
        );
        form.title = "The program".into();
        form
    }

    /// Change a dependency link's type or lag (left empty: kept).
    pub fn change_dependency(successor: &str) -> Form {
        Form::add(
            "Change a dependency link",
            "dep set",
            &[
                ("predecessor", "", "", true),
                ("successor", "", successor, true),
                ("type", "--type", "", false),
                ("lag", "--lag", "", false),
            ],
        )
    }

    /// Remove a dependency link.
    pub fn remove_dependency(successor: &str) -> Form {
        Form::add(
            "Remove a dependency link",
            "dep rm",
            &[
                ("predecessor", "", "", true),
                ("successor", "", successor, true),
            ],
        )
    }

    /// Edit a workstream's name and owner.
    pub fn edit_workstream(key: &str, values: [&str; 2]) -> Form {
        Form::edit(key, &format!("ws set {key}"), &["name", "owner"], &values)
    }

    /// Edit this week's status note of a workstream (`None`: the program's own note); `values`
    /// are its summary, RAG override and reason. `done` and `next` (empty when the form
    /// opens) add an accomplishment and a next step to the note's lists.
    pub fn edit_note(workstream: Option<&str>, week: &str, values: [&str; 3]) -> Form {
        let scope = workstream.map_or("--program".to_string(), str::to_string);
        let [summary, rag, reason] = values;
        let mut form = Form::edit(
            &format!("{} note {week}", workstream.unwrap_or("program")),
            &format!("note {scope} --week {week}"),
            &["summary", "rag", "reason", "done", "next"],
            &[summary, rag, reason, "", ""],
        );
        form.title = format!("{} note, {week}", workstream.unwrap_or("Program"));
        form
    }

    /// An edit form whose fields are `--name` flags, opened with the current values.
    fn edit(key: &str, command: &str, names: &[&'static str], values: &[&str]) -> Form {
        Form {
            title: format!("Edit {key}"),
            command: command.to_string(),
            editing: true,
            fields: names
                .iter()
                .zip(values)
                .map(|(name, v)| Field {
                    label: name,
                    flag: "",
                    value: v.to_string(),
                    initial: v.to_string(),
                    required: false,
                })
                .collect(),
            focus: 0,
            error: None,
        }
    }

    /// The command line this form stands for, or the error of a missing required field.
    pub fn command_line(&self) -> Result<String, (usize, String)> {
        let mut line = self.command.clone();
        for (i, f) in self.fields.iter().enumerate() {
            let value = f.value.trim();
            if f.required && value.is_empty() {
                return Err((i, format!("{} is required", f.label)));
            }
            let changed = f.value != f.initial;
            if f.flag.is_empty() && !self.editing {
                // An optional positional left empty takes the CLI's default.
                if !value.is_empty() || f.required {
                    line.push(' ');
                    line.push_str(&quote(value));
                }
            } else if (self.editing && changed) || (!self.editing && !value.is_empty()) {
                // An emptied field clears it: "" for text, none for dates, numbers and money.
                let text = matches!(
                    f.label,
                    "title"
                        | "owner"
                        | "mitigation"
                        | "ws"
                        | "vendor"
                        | "ref"
                        | "summary"
                        | "reason"
                        | "name"
                        | "acceptance"
                        | "provider"
                        | "rationale"
                        | "by"
                        | "decision"
                        | "description"
                );
                let v = if value.is_empty() {
                    if text { "" } else { "none" }
                } else {
                    value
                };
                let flag = if f.flag.is_empty() {
                    format!("--{}", f.label)
                } else {
                    f.flag.to_string()
                };
                line.push_str(&format!(" {flag} {}", quote(v)));
            }
        }
        Ok(line)
    }

    /// Which field an error line is about: errors start with the field's name.
    pub fn field_of_error(&self, error: &str) -> Option<usize> {
        let name = error.split([' ', ':']).next().unwrap_or("");
        self.fields
            .iter()
            .position(|f| f.label == name || f.flag.trim_start_matches("--") == name)
    }

    pub fn next(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len();
    }

    pub fn previous(&mut self) {
        self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adding_sends_filled_fields_and_editing_sends_changes() {
        let mut f = Form::add_raid("risk");
        assert_eq!(f.command_line(), Err((0, "title is required".into())));
        f.fields[0].value = "Vendor \"Acme\" slips".into();
        f.fields[3].value = "4".into();
        assert_eq!(
            f.command_line().unwrap(),
            "raid add risk \"Vendor \\\"Acme\\\" slips\" --probability 4"
        );
        let mut e = Form::edit_task("PLT-1", ["Design", "10", "0", "", "", "Dana", "", "", ""]);
        assert_eq!(e.command_line().unwrap(), "task set PLT-1");
        e.fields[2].value = "50".into();
        e.fields[5].value.clear();
        e.fields[6].value = "fri".into();
        assert_eq!(
            e.command_line().unwrap(),
            "task set PLT-1 --percent 50 --owner \"\" --deadline fri"
        );
        e.fields[6].value.clear();
        e.fields[6].initial = "2026-12-04".into();
        assert!(e.command_line().unwrap().ends_with("--deadline none"));
        assert_eq!(Form::set_baseline().command_line().unwrap(), "baseline set");
        let mut m = Form::add_milestone("PLT");
        m.fields[1].value = "Go live".into();
        assert_eq!(
            m.command_line().unwrap(),
            "task add --milestone PLT \"Go live\""
        );
        assert_eq!(
            e.field_of_error("percent \"101\": must be between 0 and 100"),
            Some(2)
        );
        assert_eq!(
            Form::add_raid("risk").field_of_error("probability \"6\": must be between 1 and 5"),
            Some(3)
        );
    }
}
