//! The user's `config.toml`: keys rebound per context over the built-in keymap table, and the
//! mouse switch. Problems (an unknown action, an action that means nothing in its context, a
//! key that is not a key, a context that does not exist, a key bound twice) are reported with
//! the file and line, and the rest of the file still applies.
//!
//! ```toml
//! mouse = true
//! export_dir = "~/status"   # where E writes the week's status; default: beside the database
//!
//! [keys.normal]
//! "ctrl-n" = "next_tab"
//! "ctrl-d" = "page_down"
//! ```

use super::keymap::{Binding, Key, KeyContext, Keymap, action_by_name, known_name};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    mouse: Option<bool>,
    export_dir: Option<String>,
    #[serde(default)]
    keys: BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<String>>>,
}

/// What the file says, merged over the defaults.
pub struct Config {
    pub keymap: Keymap,
    pub mouse: bool,
    /// Where `E` writes the week's status; `None`: beside the database.
    pub export_dir: Option<PathBuf>,
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
            export_dir: None,
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
    config.export_dir = raw.export_dir.as_deref().map(|d| folder(d, file));
    config.bindings = merge_raw(&mut config.keymap, raw, text, file, &mut config.problems);
    config
}

/// `~/` is the home folder; a relative folder is taken from the config file's folder.
fn folder(dir: &str, file: &str) -> PathBuf {
    let home = || directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf());
    match dir
        .strip_prefix("~/")
        .map(|rest| home().map(|h| h.join(rest)))
    {
        Some(Some(path)) => path,
        _ if Path::new(dir).is_absolute() => PathBuf::from(dir),
        _ => Path::new(file).parent().unwrap_or(Path::new(".")).join(dir),
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
            let Some(key) = Key::parse(key_text.get_ref()) else {
                problems.push((
                    line,
                    format!(
                        "{file}:{line}: {:?} is not a key (like q, G, ctrl-r, tab, pgdn)",
                        key_text.get_ref()
                    ),
                ));
                continue;
            };
            let name = action_text.get_ref();
            let Some(action) = action_by_name(context, name) else {
                let line = line_of(text, action_text.span().start);
                problems.push((
                    line,
                    if known_name(name) {
                        format!(
                            "{file}:{line}: {name:?} does nothing in [keys.{}]",
                            context.name()
                        )
                    } else {
                        format!("{file}:{line}: unknown action {name:?}")
                    },
                ));
                continue;
            };
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
    use crate::tui::keymap::Action;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    #[test]
    fn the_export_folder_is_read_relative_to_the_file() {
        let c = parse("export_dir = \"status\"\n", "/etc/milepost/config.toml");
        assert_eq!(c.export_dir, Some(PathBuf::from("/etc/milepost/status")));
        let c = parse("export_dir = \"/srv/out\"\n", "/etc/milepost/config.toml");
        assert_eq!(c.export_dir, Some(PathBuf::from("/srv/out")));
        assert!(c.problems.is_empty(), "{:?}", c.problems);
    }

    #[test]
    fn rebinds_keys_and_reports_problems_with_lines() {
        let text = "mouse = false\n\n[keys.normal]\n\"ctrl-n\" = \"next_tab\"\n\"j\" = \"quit\"\n\"hyper-x\" = \"quit\"\n\"z\" = \"fly\"\n\"J\" = \"page_down\"\n\n[keys.forms]\n\"x\" = \"quit\"\n";
        let c = parse(text, "config.toml");
        assert!(!c.mouse);
        assert_eq!(c.export_dir, None);
        assert_eq!(c.bindings, 3);
        assert_eq!(
            c.problems,
            vec![
                "config.toml:6: \"hyper-x\" is not a key (like q, G, ctrl-r, tab, pgdn)"
                    .to_string(),
                "config.toml:7: unknown action \"fly\"".to_string(),
                "config.toml:10: unknown context \"forms\" (known: normal, form, filter, command, help, confirm, menu, details, output, grid)".to_string(),
            ]
        );
        let ctrl_n = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL);
        let normal = |e: &KeyEvent| c.keymap.action_in(KeyContext::Normal, e);
        assert_eq!(normal(&ctrl_n), Some(Action::NextTab));
        assert_eq!(
            normal(&KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Action::Quit)
        );
        assert_eq!(
            normal(&KeyEvent::new(KeyCode::Down, KeyModifiers::NONE)),
            Some(Action::Down),
            "other defaults stay"
        );
        // Help is generated from the merged keymap.
        assert!(
            c.keymap
                .help("next tab")
                .iter()
                .any(|(_, keys, _)| keys.contains("Ctrl-n"))
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
    use crate::tui::keymap::Action;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    #[test]
    fn typing_contexts_rebind_and_refuse_actions_that_mean_nothing_there() {
        let c = parse(
            "[keys.form]\n\"ctrl-s\" = \"submit\"\n\"ctrl-j\" = \"down\"\n\"z\" = \"undo\"\n\n[keys.command]\n\"ctrl-p\" = \"up\"\n\n[keys.confirm]\n\"j\" = \"yes\"\n",
            "config.toml",
        );
        assert_eq!(
            c.problems,
            vec!["config.toml:4: \"undo\" does nothing in [keys.form]".to_string()]
        );
        assert_eq!(c.bindings, 4);
        let ctrl = |ch| KeyEvent::new(KeyCode::Char(ch), KeyModifiers::CONTROL);
        assert_eq!(
            c.keymap.action_in(KeyContext::Form, &ctrl('s')),
            Some(Action::Submit)
        );
        assert_eq!(
            c.keymap.action_in(KeyContext::Command, &ctrl('p')),
            Some(Action::Up)
        );
        assert_eq!(
            c.keymap.action_in(
                KeyContext::Confirm,
                &KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE)
            ),
            Some(Action::Yes)
        );
        // Browsing is untouched by a form binding.
        assert_eq!(c.keymap.action_in(KeyContext::Normal, &ctrl('s')), None);
        // The help lists typing contexts too, with the new key beside the old.
        assert!(
            c.keymap
                .help("save")
                .iter()
                .any(|(context, keys, _)| *context == KeyContext::Form && keys == "Enter, Ctrl-s"),
            "{:?}",
            c.keymap.help("save")
        );
    }
}
