//! The keymap: one table of (context, key, action, description). The help overlay, the hint
//! line of every mode, the README's key table and the checks of the user's `config.toml` are
//! all built from it, so they cannot drift. The user's file rebinds keys over it (see
//! `config`); a rebound key keeps the action's description.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Something you can add or change from the `a` menu (or decide from `x`); each is an action
/// of the `menu` context, so its key is in the keymap like any other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Item {
    Task,
    Milestone,
    Link,
    ChangeLink,
    RemoveLink,
    Workstream,
    ChangeWorkstream,
    Baseline,
    Program,
    Risk,
    Assumption,
    Issue,
    Dependency,
    Spend,
    BudgetLine,
    Decision,
    ChangeRequest,
    Approve,
    Reject,
    /// An accomplishment or a next step of this week's note (Status).
    Accomplishment,
    NextStep,
    /// The note itself: summary, RAG override and reason.
    Note,
}

impl Item {
    pub const ALL: [Item; 22] = [
        Item::Task,
        Item::Milestone,
        Item::Link,
        Item::ChangeLink,
        Item::RemoveLink,
        Item::Workstream,
        Item::ChangeWorkstream,
        Item::Baseline,
        Item::Program,
        Item::Risk,
        Item::Assumption,
        Item::Issue,
        Item::Dependency,
        Item::Spend,
        Item::BudgetLine,
        Item::Decision,
        Item::ChangeRequest,
        Item::Approve,
        Item::Reject,
        Item::Accomplishment,
        Item::NextStep,
        Item::Note,
    ];
}

/// What a key means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    NextTab,
    PrevTab,
    Tab(usize),
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    Details,
    CommandLine,
    Undo,
    Redo,
    Help,
    Back,
    Add,
    Edit,
    Delete,
    Done,
    Filter,
    Sort,
    Reverse,
    ToggleView,
    Chart,
    /// Save a form, keep a filter, run a command line.
    Submit,
    /// Complete the word on the command line.
    Complete,
    /// Answer a question.
    Yes,
    No,
    /// Pick an entry of the `a` or `x` menu.
    Pick(Item),
    /// List what a filter understands.
    FilterWords,
    /// Move the selected entry of a list (a note's accomplishments, next steps) down or up.
    MoveDown,
    MoveUp,
    /// The Status week before or after.
    PrevWeek,
    NextWeek,
    /// The Markdown the status exports, to read before sending.
    Preview,
    /// Write the week's status as JSON and Markdown.
    Export,
    /// The weekly progress grid.
    Progress,
    /// Milestones only, with how far they moved (Milestones).
    MilestonesView,
    /// Hide or show a summary task's subtasks (Milestones).
    Fold,
    Collapse,
    Expand,
    /// Progress grid: started or finished today (yesterday after `y`).
    Started,
    Finished,
    Yesterday,
}

/// Where the keyboard is. In the typing contexts (form, filter, command, help) a key that is
/// not bound is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyContext {
    Normal,
    Form,
    Filter,
    Command,
    Help,
    Confirm,
    Menu,
    Details,
    Output,
    /// The weekly progress grid: digits type the percent (or a date after s or f).
    Grid,
}

impl KeyContext {
    pub const ALL: [KeyContext; 10] = [
        KeyContext::Normal,
        KeyContext::Form,
        KeyContext::Filter,
        KeyContext::Command,
        KeyContext::Help,
        KeyContext::Confirm,
        KeyContext::Menu,
        KeyContext::Details,
        KeyContext::Output,
        KeyContext::Grid,
    ];

    /// The name used in `[keys.NAME]` and in the help.
    pub fn name(self) -> &'static str {
        match self {
            KeyContext::Normal => "normal",
            KeyContext::Form => "form",
            KeyContext::Filter => "filter",
            KeyContext::Command => "command",
            KeyContext::Help => "help",
            KeyContext::Confirm => "confirm",
            KeyContext::Menu => "menu",
            KeyContext::Details => "details",
            KeyContext::Output => "output",
            KeyContext::Grid => "grid",
        }
    }

    /// Whether keys that are not bound are typed (into a field, the filter, the command line).
    pub fn types(self) -> bool {
        matches!(
            self,
            KeyContext::Form
                | KeyContext::Filter
                | KeyContext::Command
                | KeyContext::Help
                | KeyContext::Grid
        )
    }

    /// The actions that mean something here: those the table binds in this context.
    pub fn allows(self, action: Action) -> bool {
        TABLE
            .iter()
            .any(|e| e.context == self && e.action == action)
    }
}

/// One row of the keymap table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub context: KeyContext,
    /// The key as written in `config.toml`: `q`, `G`, `ctrl-r`, `tab`, `pgdn`.
    pub key: &'static str,
    pub action: Action,
    /// The name used in `config.toml`.
    pub name: &'static str,
    pub description: &'static str,
    /// Shown on the hint line of its context.
    pub hint: bool,
}

mod table;
pub use table::TABLE;

/// The name of an action in `config.toml`, and its description in a context.
pub fn action_by_name(context: KeyContext, name: &str) -> Option<Action> {
    TABLE
        .iter()
        .find(|e| e.context == context && e.name == name)
        .map(|e| e.action)
}

/// Whether any context knows an action by this name.
pub fn known_name(name: &str) -> bool {
    TABLE.iter().any(|e| e.name == name)
}

/// What an action does in a context.
pub fn describe(context: KeyContext, action: Action) -> &'static str {
    TABLE
        .iter()
        .find(|e| e.context == context && e.action == action)
        .map_or("", |e| e.description)
}

/// A key: code and modifiers (Shift is folded into the character for letters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl Key {
    /// The key of an event, with Shift dropped where the character already carries it.
    pub fn of(event: &KeyEvent) -> Key {
        let mut modifiers = event.modifiers;
        if let KeyCode::Char(_) | KeyCode::BackTab = event.code {
            modifiers.remove(KeyModifiers::SHIFT);
        }
        Key {
            code: event.code,
            modifiers,
        }
    }

    /// Parse a key as written in the table and in `config.toml`: `q`, `G`, `ctrl-r`, `tab`,
    /// `shift-tab`, `pgdn`, `f2`.
    pub fn parse(text: &str) -> Option<Key> {
        let (ctrl, rest) = match text.strip_prefix("ctrl-") {
            Some(r) => (true, r),
            None => (false, text),
        };
        let code = match rest.to_ascii_lowercase().as_str() {
            "tab" => KeyCode::Tab,
            "shift-tab" | "backtab" => KeyCode::BackTab,
            "enter" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "space" => KeyCode::Char(' '),
            "backspace" => KeyCode::Backspace,
            f if f.len() >= 2
                && f.starts_with('f')
                && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
            {
                KeyCode::F(f[1..].parse().unwrap_or(1))
            }
            _ if rest.chars().count() == 1 => KeyCode::Char(rest.chars().next()?),
            _ => return None,
        };
        Some(Key {
            code,
            modifiers: if ctrl {
                KeyModifiers::CONTROL
            } else {
                KeyModifiers::NONE
            },
        })
    }

    /// How the key is written in hints and help: `q`, `Ctrl-r`, `PgDn`.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{base}")
        } else {
            base
        }
    }
}

/// One live binding: in a context, a key means an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    pub context: KeyContext,
    pub key: Key,
    pub action: Action,
}

/// The live keymap: the table's bindings with the user's over them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap {
            bindings: TABLE
                .iter()
                .filter_map(|e| {
                    Key::parse(e.key).map(|key| Binding {
                        context: e.context,
                        key,
                        action: e.action,
                    })
                })
                .collect(),
        }
    }
}

impl Keymap {
    /// The action of a key press in a context. Ctrl-C always quits from browsing.
    pub fn action_in(&self, context: KeyContext, event: &KeyEvent) -> Option<Action> {
        let key = Key::of(event);
        if context == KeyContext::Normal
            && event.code == KeyCode::Char('c')
            && event.modifiers.contains(KeyModifiers::CONTROL)
        {
            return Some(Action::Quit);
        }
        self.bindings
            .iter()
            .find(|b| b.context == context && b.key == key)
            .map(|b| b.action)
    }

    /// The first key bound to an action in a context, as the hints write it.
    pub fn key_for(&self, context: KeyContext, action: Action) -> Option<String> {
        self.bindings
            .iter()
            .find(|b| b.context == context && b.action == action)
            .map(|b| b.key.label())
    }

    /// `key description` pairs for the hint line of a context; `shown` leaves out actions
    /// that mean nothing where the user is (the Budget views elsewhere).
    pub fn hints(
        &self,
        context: KeyContext,
        shown: impl Fn(Action) -> bool,
    ) -> Vec<(String, &'static str)> {
        let mut out: Vec<(String, &'static str)> = vec![];
        let mut seen: Vec<Action> = vec![];
        for entry in TABLE.iter().filter(|e| e.context == context && e.hint) {
            if seen.contains(&entry.action) || !shown(entry.action) {
                continue;
            }
            seen.push(entry.action);
            if let Some(key) = self.key_for(context, entry.action) {
                out.push((key, entry.description));
            }
        }
        out
    }

    /// Every binding as (context, keys, description), keys of the same action grouped, in
    /// the table's order; filtered by text.
    pub fn help(&self, filter: &str) -> Vec<(KeyContext, String, &'static str)> {
        let mut out: Vec<(KeyContext, Action, String)> = vec![];
        for b in &self.bindings {
            match out
                .iter_mut()
                .find(|(c, a, _)| *c == b.context && *a == b.action)
            {
                Some((_, _, keys)) => {
                    keys.push_str(", ");
                    keys.push_str(&b.key.label());
                }
                None => out.push((b.context, b.action, b.key.label())),
            }
        }
        let rank = |c: KeyContext, a: Action| {
            TABLE
                .iter()
                .position(|e| e.context == c && e.action == a)
                .unwrap_or(TABLE.len())
        };
        out.sort_by_key(|(c, a, _)| rank(*c, *a));
        let f = filter.to_lowercase();
        out.into_iter()
            .map(|(c, a, keys)| (c, keys, describe(c, a)))
            .filter(|(c, k, d)| {
                f.is_empty()
                    || d.to_lowercase().contains(&f)
                    || k.to_lowercase().contains(&f)
                    || c.name().contains(&f)
            })
            .collect()
    }

    /// The item of a menu offering `items` that a key picks.
    pub fn pick(&self, items: &[Item], event: &KeyEvent) -> Option<Item> {
        let key = Key::of(event);
        self.bindings
            .iter()
            .filter(|b| b.context == KeyContext::Menu && b.key == key)
            .find_map(|b| match b.action {
                Action::Pick(item) if items.contains(&item) => Some(item),
                _ => None,
            })
    }

    /// The items of the `a` or `x` menu with the key bound to each, for the menu to show.
    pub fn menu(&self, items: &[Item]) -> Vec<(String, Item, &'static str)> {
        items
            .iter()
            .filter_map(|item| {
                let action = Action::Pick(*item);
                self.key_for(KeyContext::Menu, action)
                    .map(|k| (k, *item, describe(KeyContext::Menu, action)))
            })
            .collect()
    }
}

/// The README's key table, built from [`TABLE`] (a test keeps the README in step).
pub fn markdown_table() -> String {
    let mut out = String::from("| context | keys | action |\n| --- | --- | --- |\n");
    let keymap = Keymap::default();
    for (context, keys, description) in keymap.help("") {
        let keys = keys.replace('|', "\\|");
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            context.name(),
            keys,
            description
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sound() {
        for entry in TABLE {
            assert!(Key::parse(entry.key).is_some(), "{entry:?}");
            assert!(!entry.description.is_empty(), "{entry:?}");
            // One name per action in a context, one action per key.
            for other in TABLE.iter().filter(|o| o.context == entry.context) {
                if other.name == entry.name {
                    assert_eq!(other.action, entry.action, "{entry:?} {other:?}");
                }
                if other.key == entry.key && entry.context != KeyContext::Menu {
                    assert_eq!(other, entry, "{} bound twice", entry.key);
                }
            }
        }
        // Every context has a way out, and every menu item a key.
        for context in KeyContext::ALL {
            if context != KeyContext::Normal {
                assert!(
                    TABLE
                        .iter()
                        .any(|e| e.context == context
                            && matches!(e.action, Action::Back | Action::No)),
                    "{} has a way out",
                    context.name()
                );
            }
        }
        for item in Item::ALL {
            assert!(KeyContext::Menu.allows(Action::Pick(item)), "{item:?}");
        }
    }

    #[test]
    fn hints_follow_the_context_and_the_live_keys() {
        let mut keymap = Keymap::default();
        let form = keymap.hints(KeyContext::Form, |_| true);
        assert_eq!(
            form,
            vec![
                ("Tab".to_string(), "next field"),
                ("Shift-Tab".to_string(), "previous field"),
                ("Enter".to_string(), "save"),
                ("Esc".to_string(), "cancel")
            ]
        );
        let normal = keymap.hints(KeyContext::Normal, |a| a != Action::ToggleView);
        assert!(normal.iter().all(|(_, d)| !d.starts_with("Budget")));
        assert_eq!(normal[0], ("Enter".to_string(), "details"));
        // Rebinding changes the hint's key, not its description.
        keymap.bindings.retain(|b| b.action != Action::Add);
        keymap.bindings.push(Binding {
            context: KeyContext::Normal,
            key: Key::parse("ctrl-n").unwrap(),
            action: Action::Add,
        });
        let normal = keymap.hints(KeyContext::Normal, |_| true);
        assert!(
            normal.contains(&("Ctrl-n".to_string(), "add")),
            "{normal:?}"
        );
        let help = keymap.help("previous field");
        assert_eq!(
            help,
            vec![(
                KeyContext::Form,
                "Shift-Tab, ↑".to_string(),
                "previous field"
            )]
        );
    }

    #[test]
    fn menus_show_their_bound_keys() {
        let keymap = Keymap::default();
        let menu = keymap.menu(&[Item::Risk, Item::Issue]);
        assert_eq!(
            menu,
            vec![
                ("r".to_string(), Item::Risk, "a risk"),
                ("i".to_string(), Item::Issue, "an issue")
            ]
        );
        // The same key picks what the menu at hand offers.
        let b = KeyEvent::new(KeyCode::Char('b'), KeyModifiers::NONE);
        assert_eq!(
            keymap.pick(&[Item::Task, Item::Baseline], &b),
            Some(Item::Baseline)
        );
        assert_eq!(
            keymap.pick(&[Item::Spend, Item::BudgetLine], &b),
            Some(Item::BudgetLine)
        );
        assert_eq!(keymap.pick(&[Item::Risk], &b), None);
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(
            keymap.action_in(KeyContext::Normal, &ctrl_c),
            Some(Action::Quit)
        );
        assert_eq!(keymap.action_in(KeyContext::Form, &ctrl_c), None);
    }
}
