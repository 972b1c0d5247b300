//! Actions and the keymap: what each key means in each context, with the description that the
//! hint bar and the help overlay show. The default bindings are `assets/keymap.toml`, built in;
//! the user's `config.toml` rebinds over them (see `config`). Hints and help are generated from
//! the live keymap, so they cannot drift.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key means in the workbench.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
}

/// Where the keyboard is: browsing, or typing into a form, a filter, the command line or the
/// help filter. Keys bound in a typing context take precedence over typing them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyContext {
    Normal,
    Form,
    Filter,
    Command,
    Help,
}

impl KeyContext {
    pub const ALL: [KeyContext; 5] = [
        KeyContext::Normal,
        KeyContext::Form,
        KeyContext::Filter,
        KeyContext::Command,
        KeyContext::Help,
    ];

    /// The name used in `[keys.NAME]`.
    pub fn name(self) -> &'static str {
        match self {
            KeyContext::Normal => "normal",
            KeyContext::Form => "form",
            KeyContext::Filter => "filter",
            KeyContext::Command => "command",
            KeyContext::Help => "help",
        }
    }

    /// The actions that mean something here.
    pub fn allows(self, action: Action) -> bool {
        use Action::*;
        match self {
            KeyContext::Normal => !matches!(action, Submit | Complete),
            KeyContext::Form => matches!(action, Up | Down | Submit | Back),
            KeyContext::Filter => matches!(action, Submit | Back),
            KeyContext::Command => matches!(action, Up | Down | Submit | Back | Complete),
            KeyContext::Help => matches!(action, Up | Down | PageUp | PageDown | Back | Help),
        }
    }
}

/// What an action does in a context, for the hints and the help.
pub fn describe(context: KeyContext, action: Action) -> &'static str {
    use Action::*;
    match context {
        KeyContext::Normal => match action {
            Quit => "quit",
            NextTab => "next tab",
            PrevTab => "previous tab",
            Tab(0) => "Milestones tab",
            Tab(1) => "RAID tab",
            Tab(2) => "Budget tab",
            Tab(3) => "Status tab",
            Tab(_) => "Log tab",
            Up => "move up",
            Down => "move down",
            Top => "first row",
            Bottom => "last row",
            PageUp => "page up",
            PageDown => "page down",
            Details => "details",
            CommandLine => "command",
            Undo => "undo",
            Redo => "redo",
            Help => "help",
            Back => "close / clear the filter",
            Add => "add",
            Edit => "edit",
            Delete => "delete",
            Done => "done / close",
            Filter => "filter",
            Sort => "sort by the next column",
            Reverse => "reverse the sort",
            ToggleView => "budget: plan / lines / spend entries",
            Chart => "chart: Gantt, risk heat map, burn",
            Submit | Complete => "",
        },
        KeyContext::Form => match action {
            Down => "form: next field",
            Up => "form: previous field",
            Submit => "form: save",
            Back => "form: cancel, nothing written",
            _ => "",
        },
        KeyContext::Filter => match action {
            Submit => "filter: keep it",
            Back => "filter: clear it",
            _ => "",
        },
        KeyContext::Command => match action {
            Up => "command line: previous command",
            Down => "command line: next command",
            Complete => "command line: complete the word",
            Submit => "command line: run",
            Back => "command line: cancel",
            _ => "",
        },
        KeyContext::Help => match action {
            Down => "help: scroll down",
            Up => "help: scroll up",
            PageDown => "help: page down",
            PageUp => "help: page up",
            Back => "help: clear the filter, then close",
            Help => "help: close",
            _ => "",
        },
    }
}

/// The actions the hint bar shows, in its order, with the first key bound to each.
const HINTS: [Action; 9] = [
    Action::NextTab,
    Action::Add,
    Action::Edit,
    Action::Filter,
    Action::CommandLine,
    Action::Undo,
    Action::Redo,
    Action::Help,
    Action::Quit,
];

/// A key: code and modifiers (Shift is folded into the character for letters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            other => format!("{other:?}"),
        };
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{base}")
        } else {
            base
        }
    }
}

/// One binding: in a context, a key means an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    pub context: KeyContext,
    pub key: Key,
    pub action: Action,
}

/// The live keymap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

impl Default for Keymap {
    /// The built-in bindings of `assets/keymap.toml`.
    fn default() -> Self {
        super::config::defaults()
    }
}

impl Keymap {
    /// The action of a key press in a context. Ctrl-C always quits the workbench from browsing.
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

    /// The action of a key press while browsing.
    pub fn action(&self, event: &KeyEvent) -> Option<Action> {
        self.action_in(KeyContext::Normal, event)
    }

    /// `key description` pairs for the hint bar.
    pub fn hints(&self) -> Vec<(String, &'static str)> {
        HINTS
            .iter()
            .filter_map(|a| {
                self.bindings
                    .iter()
                    .find(|b| b.context == KeyContext::Normal && b.action == *a)
                    .map(|b| (b.key.label(), describe(KeyContext::Normal, *a)))
            })
            .collect()
    }

    /// Every binding as (keys, description), keys of the same action grouped, browsing first,
    /// then each typing context; filtered by text.
    pub fn help(&self, filter: &str) -> Vec<(String, &'static str)> {
        let mut out: Vec<(KeyContext, Action, String)> = vec![];
        for context in KeyContext::ALL {
            for b in self.bindings.iter().filter(|b| b.context == context) {
                match out
                    .iter_mut()
                    .find(|(c, a, _)| *c == context && *a == b.action)
                {
                    Some((_, _, keys)) => {
                        keys.push_str(", ");
                        keys.push_str(&b.key.label());
                    }
                    None => out.push((context, b.action, b.key.label())),
                }
            }
        }
        // In the order of the action table (tabs, moving, then changing), not of the keys.
        out.sort_by_key(|(c, a, _)| {
            (
                KeyContext::ALL.iter().position(|x| x == c),
                super::config::action_rank(*a),
            )
        });
        let f = filter.to_lowercase();
        out.into_iter()
            .map(|(c, a, keys)| (keys, describe(c, a)))
            .filter(|(k, d)| {
                f.is_empty() || d.to_lowercase().contains(&f) || k.to_lowercase().contains(&f)
            })
            .collect()
    }
}
