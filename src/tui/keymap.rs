//! Actions and the keymap: what each key means, with the description that the hint bar and the
//! help overlay show. The hints and help are generated from this table, so they cannot drift.

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
}

/// A key: code and modifiers (Shift is folded into the character for letters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl Key {
    const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            modifiers: KeyModifiers::NONE,
        }
    }

    const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            modifiers: KeyModifiers::CONTROL,
        }
    }

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

/// One binding: key, action, what it does, and whether the hint bar shows it.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub key: Key,
    pub action: Action,
    pub description: &'static str,
    pub hint: bool,
}

const fn bind(key: Key, action: Action, description: &'static str, hint: bool) -> Binding {
    Binding {
        key,
        action,
        description,
        hint,
    }
}

/// The default keymap (SPEC §10).
pub const DEFAULT: &[Binding] = &[
    bind(
        Key::plain(KeyCode::Char('1')),
        Action::Tab(0),
        "Milestones tab",
        false,
    ),
    bind(
        Key::plain(KeyCode::Char('2')),
        Action::Tab(1),
        "RAID tab",
        false,
    ),
    bind(
        Key::plain(KeyCode::Char('3')),
        Action::Tab(2),
        "Budget tab",
        false,
    ),
    bind(
        Key::plain(KeyCode::Char('4')),
        Action::Tab(3),
        "Status tab",
        false,
    ),
    bind(
        Key::plain(KeyCode::Char('5')),
        Action::Tab(4),
        "Log tab",
        false,
    ),
    bind(Key::plain(KeyCode::Tab), Action::NextTab, "next tab", true),
    bind(
        Key::plain(KeyCode::BackTab),
        Action::PrevTab,
        "previous tab",
        false,
    ),
    bind(
        Key::plain(KeyCode::Char('j')),
        Action::Down,
        "move down",
        false,
    ),
    bind(Key::plain(KeyCode::Down), Action::Down, "move down", false),
    bind(Key::plain(KeyCode::Char('k')), Action::Up, "move up", false),
    bind(Key::plain(KeyCode::Up), Action::Up, "move up", false),
    bind(
        Key::plain(KeyCode::Char('g')),
        Action::Top,
        "first row",
        false,
    ),
    bind(Key::plain(KeyCode::Home), Action::Top, "first row", false),
    bind(
        Key::plain(KeyCode::Char('G')),
        Action::Bottom,
        "last row",
        false,
    ),
    bind(Key::plain(KeyCode::End), Action::Bottom, "last row", false),
    bind(
        Key::plain(KeyCode::PageDown),
        Action::PageDown,
        "page down",
        false,
    ),
    bind(
        Key::plain(KeyCode::PageUp),
        Action::PageUp,
        "page up",
        false,
    ),
    bind(
        Key::plain(KeyCode::Enter),
        Action::Details,
        "details",
        false,
    ),
    bind(Key::plain(KeyCode::Char('a')), Action::Add, "add", true),
    bind(Key::plain(KeyCode::Char('e')), Action::Edit, "edit", true),
    bind(
        Key::plain(KeyCode::Char('d')),
        Action::Delete,
        "delete",
        false,
    ),
    bind(
        Key::plain(KeyCode::Char('x')),
        Action::Done,
        "done / close",
        false,
    ),
    bind(
        Key::plain(KeyCode::Char('/')),
        Action::Filter,
        "filter",
        true,
    ),
    bind(
        Key::plain(KeyCode::Char('v')),
        Action::ToggleView,
        "budget: plan / spend entries",
        false,
    ),
    bind(
        Key::plain(KeyCode::Char('c')),
        Action::Chart,
        "chart: Gantt, risk heat map, burn",
        false,
    ),
    bind(
        Key::plain(KeyCode::Char('s')),
        Action::Sort,
        "sort by the next column",
        false,
    ),
    bind(
        Key::plain(KeyCode::Char('S')),
        Action::Reverse,
        "reverse the sort",
        false,
    ),
    bind(
        Key::plain(KeyCode::Char(':')),
        Action::CommandLine,
        "command",
        true,
    ),
    bind(Key::plain(KeyCode::Char('u')), Action::Undo, "undo", true),
    bind(Key::ctrl('r'), Action::Redo, "redo", true),
    bind(Key::plain(KeyCode::Char('?')), Action::Help, "help", true),
    bind(
        Key::plain(KeyCode::Esc),
        Action::Back,
        "close / clear the filter",
        false,
    ),
    bind(Key::plain(KeyCode::Char('q')), Action::Quit, "quit", true),
];

/// The live keymap.
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap {
            bindings: DEFAULT.to_vec(),
        }
    }
}

impl Keymap {
    pub fn action(&self, event: &KeyEvent) -> Option<Action> {
        let key = Key::of(event);
        if event.code == KeyCode::Char('c') && event.modifiers.contains(KeyModifiers::CONTROL) {
            return Some(Action::Quit);
        }
        self.bindings
            .iter()
            .find(|b| b.key == key)
            .map(|b| b.action)
    }

    /// `key description` pairs for the hint bar.
    pub fn hints(&self) -> Vec<(String, &'static str)> {
        self.bindings
            .iter()
            .filter(|b| b.hint)
            .map(|b| (b.key.label(), b.description))
            .collect()
    }

    /// Every binding as (keys, description), keys of the same action grouped, filtered by text.
    pub fn help(&self, filter: &str) -> Vec<(String, &'static str)> {
        let mut out: Vec<(String, &'static str)> = vec![];
        for b in &self.bindings {
            match out.iter_mut().find(|(_, d)| *d == b.description) {
                Some((keys, _)) => {
                    keys.push_str(", ");
                    keys.push_str(&b.key.label());
                }
                None => out.push((b.key.label(), b.description)),
            }
        }
        let f = filter.to_lowercase();
        out.into_iter()
            .filter(|(k, d)| {
                f.is_empty() || d.to_lowercase().contains(&f) || k.to_lowercase().contains(&f)
            })
            .collect()
    }
}
