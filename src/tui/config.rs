//! The user's `config.toml`: keys rebound per context over the built-in keymap
//! (`assets/keymap.toml`, read with the same parser), and the mouse switch. Problems (an
//! unknown action, an action that means nothing in its context, a key that is not a key, a
//! context that does not exist, a key bound twice) are reported with the file and line, and the
//! rest of the file still applies.
//!
//! ```toml
//! mouse = true
//!
//! [keys.normal]
//! "ctrl-n" = "next_tab"
//! "J" = "page_down"
//! ```

use super::keymap::{Action, Binding, Key, KeyContext, Keymap};
use crossterm::event::{KeyCode, KeyModifiers};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// Actions by the name used in the file.
const ACTIONS: &[(&str, Action)] = &[
    ("quit", Action::Quit),
    ("next_tab", Action::NextTab),
    ("prev_tab", Action::PrevTab),
    ("tab_1", Action::Tab(0)),
    ("tab_2", Action::Tab(1)),
    ("tab_3", Action::Tab(2)),
    ("tab_4", Action::Tab(3)),
    ("tab_5", Action::Tab(4)),
    ("up", Action::Up),
    ("down", Action::Down),
    ("top", Action::Top),
    ("bottom", Action::Bottom),
    ("page_up", Action::PageUp),
    ("page_down", Action::PageDown),
    ("details", Action::Details),
    ("command_line", Action::CommandLine),
    ("undo", Action::Undo),
    ("redo", Action::Redo),
    ("help", Action::Help),
    ("back", Action::Back),
    ("add", Action::Add),
    ("edit", Action::Edit),
    ("delete", Action::Delete),
    ("done", Action::Done),
    ("filter", Action::Filter),
    ("sort", Action::Sort),
    ("reverse", Action::Reverse),
    ("toggle_view", Action::ToggleView),
    ("chart", Action::Chart),
    ("submit", Action::Submit),
    ("complete", Action::Complete),
];

/// Where an action comes in the table above, for listing actions in a sensible order.
pub fn action_rank(action: Action) -> usize {
    ACTIONS
        .iter()
        .position(|(_, a)| *a == action)
        .unwrap_or(ACTIONS.len())
}

/// The built-in keymap.
const DEFAULTS: &str = include_str!("../../assets/keymap.toml");

/// The built-in keymap, parsed (a test keeps it free of problems).
pub fn defaults() -> Keymap {
    let mut keymap = Keymap { bindings: vec![] };
    let mut problems = vec![];
    merge(&mut keymap, DEFAULTS, "assets/keymap.toml", &mut problems);
    debug_assert!(problems.is_empty(), "{problems:?}");
    keymap
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    mouse: Option<bool>,
    #[serde(default)]
    keys: BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<String>>>,
}

/// What the file says, merged over the defaults.
pub struct Config {
    pub keymap: Keymap,
    pub mouse: bool,
    /// `file:line: problem`, one per problem.
    pub problems: Vec<String>,
    /// How many bindings the file set.
    pub bindings: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            keymap: Keymap::default(),
            mouse: true,
            problems: vec![],
            bindings: 0,
        }
    }
}

/// `$MILEPOST_CONFIG`, else `config.toml` in the user's config directory.
pub fn default_path() -> Option<PathBuf> {
    match std::env::var_os("MILEPOST_CONFIG") {
        Some(p) if !p.is_empty() => Some(PathBuf::from(p)),
        _ => directories::ProjectDirs::from("", "", "milepost")
            .map(|d| d.config_dir().join("config.toml")),
    }
}

/// Parse a key as written in the file: `q`, `G`, `ctrl-r`, `tab`, `shift-tab`, `pgdn`, `f2`.
pub fn parse_key(text: &str) -> Option<Key> {
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

fn line_of(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].matches('\n').count() + 1
}

/// Read the file at `path` (a missing file is no problem: the defaults apply).
pub fn load(path: Option<&Path>) -> Config {
    let Some(path) = path else {
        return Config::default();
    };
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text, &path.display().to_string()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Config::default(),
        Err(e) => Config {
            problems: vec![format!("{}: cannot read: {e}", path.display())],
            ..Config::default()
        },
    }
}

/// Parse the text of a config file named `file` (for messages).
pub fn parse(text: &str, file: &str) -> Config {
    let mut config = Config::default();
    let raw: Raw = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let line = e.span().map_or(1, |s| line_of(text, s.start));
            config
                .problems
                .push(format!("{file}:{line}: {}", e.message()));
            return config;
        }
    };
    config.mouse = raw.mouse.unwrap_or(true);
    config.bindings = merge_raw(&mut config.keymap, raw, text, file, &mut config.problems);
    config
}

/// Read bindings from `text` over `keymap`; returns how many it set.
fn merge(keymap: &mut Keymap, text: &str, file: &str, problems: &mut Vec<String>) -> usize {
    match toml::from_str::<Raw>(text) {
        Ok(raw) => merge_raw(keymap, raw, text, file, problems),
        Err(e) => {
            let line = e.span().map_or(1, |s| line_of(text, s.start));
            problems.push(format!("{file}:{line}: {}", e.message()));
            0
        }
    }
}

fn merge_raw(
    keymap: &mut Keymap,
    raw: Raw,
    text: &str,
    file: &str,
    out: &mut Vec<String>,
) -> usize {
    let mut set = 0;
    let mut bound: Vec<(KeyContext, Key, usize)> = vec![];
    // (line, problem), listed in line order at the end.
    let mut problems: Vec<(usize, String)> = vec![];
    for (context_name, keys) in raw.keys {
        let Some(context) = KeyContext::ALL
            .into_iter()
            .find(|c| c.name() == context_name.get_ref())
        else {
            let line = line_of(text, context_name.span().start);
            let known: Vec<&str> = KeyContext::ALL.iter().map(|c| c.name()).collect();
            problems.push((
                line,
                format!(
                    "{file}:{line}: unknown context {:?} (known: {})",
                    context_name.get_ref(),
                    known.join(", ")
                ),
            ));
            continue;
        };
        for (key_text, action_text) in keys {
            let line = line_of(text, key_text.span().start);
            let Some(key) = parse_key(key_text.get_ref()) else {
                problems.push((
                    line,
                    format!(
                        "{file}:{line}: {:?} is not a key (like q, G, ctrl-r, tab, pgdn)",
                        key_text.get_ref()
                    ),
                ));
                continue;
            };
            let Some(action) = ACTIONS
                .iter()
                .find(|(n, _)| n == action_text.get_ref())
                .map(|(_, a)| *a)
            else {
                let line = line_of(text, action_text.span().start);
                problems.push((
                    line,
                    format!("{file}:{line}: unknown action {:?}", action_text.get_ref()),
                ));
                continue;
            };
            if !context.allows(action) {
                let line = line_of(text, action_text.span().start);
                problems.push((
                    line,
                    format!(
                        "{file}:{line}: {:?} does nothing in [keys.{}]",
                        action_text.get_ref(),
                        context.name()
                    ),
                ));
                continue;
            }
            if let Some((_, _, first)) = bound.iter().find(|(c, k, _)| *c == context && *k == key) {
                problems.push((
                    line,
                    format!(
                        "{file}:{line}: {} is already bound on line {first}",
                        key.label()
                    ),
                ));
                continue;
            }
            bound.push((context, key, line));
            keymap
                .bindings
                .retain(|b| !(b.context == context && b.key == key));
            keymap.bindings.push(Binding {
                context,
                key,
                action,
            });
            set += 1;
        }
    }
    problems.sort_by_key(|(line, _)| *line);
    out.extend(problems.into_iter().map(|(_, p)| p));
    set
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEvent;

    #[test]
    fn rebinds_keys_and_reports_problems_with_lines() {
        let text = "mouse = false\n\n[keys.normal]\n\"ctrl-n\" = \"next_tab\"\n\"j\" = \"quit\"\n\"hyper-x\" = \"quit\"\n\"z\" = \"fly\"\n\"J\" = \"page_down\"\n\n[keys.forms]\n\"x\" = \"quit\"\n";
        let c = parse(text, "config.toml");
        assert!(!c.mouse);
        assert_eq!(c.bindings, 3);
        assert_eq!(
            c.problems,
            vec![
                "config.toml:6: \"hyper-x\" is not a key (like q, G, ctrl-r, tab, pgdn)"
                    .to_string(),
                "config.toml:7: unknown action \"fly\"".to_string(),
                "config.toml:10: unknown context \"forms\" (known: normal, form, filter, command, help)".to_string(),
            ]
        );
        let ctrl_n = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL);
        assert_eq!(c.keymap.action(&ctrl_n), Some(Action::NextTab));
        assert_eq!(
            c.keymap
                .action(&KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Action::Quit)
        );
        assert_eq!(
            c.keymap
                .action(&KeyEvent::new(KeyCode::Down, KeyModifiers::NONE)),
            Some(Action::Down),
            "other defaults stay"
        );
        // Help is generated from the merged keymap.
        assert!(
            c.keymap
                .help("next tab")
                .iter()
                .any(|(keys, _)| keys.contains("Ctrl-n"))
        );
    }

    #[test]
    fn syntax_errors_and_duplicates_name_the_line() {
        let c = parse(
            "[keys.normal]\n\"q\" = \"quit\"\n\"q\" = \"help\"\n",
            "c.toml",
        );
        assert_eq!(c.problems.len(), 1);
        assert!(c.problems[0].starts_with("c.toml:3: "), "{:?}", c.problems);
        let c = parse("mouse = maybe\n", "c.toml");
        assert!(c.problems[0].starts_with("c.toml:1: "), "{:?}", c.problems);
        let c = parse("colour = \"red\"\n", "c.toml");
        assert!(c.problems[0].contains("unknown field"), "{:?}", c.problems);
        assert_eq!(
            load(Some(Path::new("/nonexistent/milepost.toml"))).problems,
            Vec::<String>::new()
        );
    }
}

#[cfg(test)]
mod context_tests {
    use super::*;
    use crossterm::event::KeyEvent;

    #[test]
    fn the_built_in_keymap_parses_cleanly_and_covers_every_context() {
        let mut keymap = Keymap { bindings: vec![] };
        let mut problems = vec![];
        let set = merge(&mut keymap, DEFAULTS, "assets/keymap.toml", &mut problems);
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(set, keymap.bindings.len());
        for context in KeyContext::ALL {
            assert!(
                keymap.bindings.iter().any(|b| b.context == context),
                "{} has bindings",
                context.name()
            );
        }
        // Every action reachable while browsing has a key.
        for (name, action) in ACTIONS {
            if KeyContext::Normal.allows(*action) {
                assert!(
                    keymap
                        .bindings
                        .iter()
                        .any(|b| b.context == KeyContext::Normal && b.action == *action),
                    "{name} has a default key"
                );
            }
        }
    }

    #[test]
    fn typing_contexts_rebind_and_refuse_actions_that_mean_nothing_there() {
        let c = parse(
            "[keys.form]\n\"ctrl-s\" = \"submit\"\n\"ctrl-j\" = \"down\"\n\"z\" = \"undo\"\n\n[keys.command]\n\"ctrl-p\" = \"up\"\n",
            "config.toml",
        );
        assert_eq!(
            c.problems,
            vec!["config.toml:4: \"undo\" does nothing in [keys.form]".to_string()]
        );
        assert_eq!(c.bindings, 3);
        let ctrl = |ch| KeyEvent::new(KeyCode::Char(ch), KeyModifiers::CONTROL);
        assert_eq!(
            c.keymap.action_in(KeyContext::Form, &ctrl('s')),
            Some(Action::Submit)
        );
        assert_eq!(
            c.keymap.action_in(KeyContext::Command, &ctrl('p')),
            Some(Action::Up)
        );
        // Browsing is untouched by a form binding.
        assert_eq!(c.keymap.action(&ctrl('s')), None);
        // The help lists typing contexts too.
        assert!(
            c.keymap
                .help("form: save")
                .iter()
                .any(|(keys, _)| keys == "Enter, Ctrl-s")
        );
    }
}
