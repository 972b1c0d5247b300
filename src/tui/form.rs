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
    pub fn add_raid(kind: &str) -> Form {
        Form {
            title: format!("Add a {kind}"),
            command: format!("raid add {kind}"),
            editing: false,
            fields: vec![
                Field::new("title", "", "", true),
                Field::new("owner", "--owner", "", false),
                Field::new("due", "--due", "", false),
                Field::new("probability", "--probability", "", false),
                Field::new("impact", "--impact", "", false),
                Field::new("workstream", "--ws", "", false),
            ],
            focus: 0,
            error: None,
        }
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
        Form {
            title: "Add a task".into(),
            command: "task add".into(),
            editing: false,
            fields: vec![
                Field::new("workstream", "", workstream, true),
                Field::new("title", "", "", true),
                Field::new("duration", "--duration", "5", false),
                Field::new("after", "--after", "", false),
                Field::new("owner", "--owner", "", false),
            ],
            focus: 1,
            error: None,
        }
    }

    /// Edit a task; `values` are its current title, duration, percent, started, finished, owner.
    pub fn edit_task(key: &str, values: [&str; 6]) -> Form {
        let flags = [
            "title", "duration", "percent", "started", "finished", "owner",
        ];
        Form::edit(key, &format!("task set {key}"), &flags, &values)
    }

    /// Edit a RAID item; `values` are its current title, owner, status, due.
    pub fn edit_raid(key: &str, values: [&str; 4]) -> Form {
        Form::edit(
            key,
            &format!("raid set {key}"),
            &["title", "owner", "status", "due"],
            &values,
        )
    }

    /// Edit this week's status note of a workstream (`None`: the program's own note); `values`
    /// are its summary, RAG override and reason. Add a done item or a next step with `:note`.
    pub fn edit_note(workstream: Option<&str>, week: &str, values: [&str; 3]) -> Form {
        let scope = workstream.map_or("--program".to_string(), str::to_string);
        let mut form = Form::edit(
            &format!("{} note {week}", workstream.unwrap_or("program")),
            &format!("note {scope} --week {week}"),
            &["summary", "rag", "reason"],
            &values,
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
                line.push(' ');
                line.push_str(&quote(value));
            } else if (self.editing && changed) || (!self.editing && !value.is_empty()) {
                // An emptied field clears it (the CLI's "" or none).
                let v = if value.is_empty() {
                    if matches!(f.label, "due" | "started" | "finished" | "rag") {
                        "none"
                    } else {
                        ""
                    }
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
        let mut e = Form::edit_task("PLT-1", ["Design", "10", "0", "", "", "Dana"]);
        assert_eq!(e.command_line().unwrap(), "task set PLT-1");
        e.fields[2].value = "50".into();
        e.fields[5].value.clear();
        assert_eq!(
            e.command_line().unwrap(),
            "task set PLT-1 --percent 50 --owner \"\""
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
