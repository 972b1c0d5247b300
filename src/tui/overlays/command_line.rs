//! The `:` command line: any CLI command, in the CLI's grammar, with history (Up/Down) and
//! completion (Tab) of subcommands, flags and keys. The one place the workbench hands text to
//! the CLI's parser.

use crate::tui::widgets::text_input::TextInput;

/// The line being typed, and the position in the history while browsing it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CommandLine {
    pub input: TextInput,
    pub browsing: Option<usize>,
}

impl CommandLine {
    /// Up: the previous command of the history.
    pub fn older(&mut self, history: &[String]) {
        if history.is_empty() {
            return;
        }
        let pos = self
            .browsing
            .map_or(history.len() - 1, |p| p.saturating_sub(1));
        self.input.set(&history[pos]);
        self.browsing = Some(pos);
    }

    /// Down: the next command, or an empty line past the newest.
    pub fn newer(&mut self, history: &[String]) {
        if let Some(p) = self.browsing {
            if p + 1 < history.len() {
                self.input.set(&history[p + 1]);
                self.browsing = Some(p + 1);
            } else {
                self.input.set("");
                self.browsing = None;
            }
        }
    }

    /// Tab: complete the word before the cursor (subcommand, flag or key); returns the
    /// choices when there are several, after completing what they share.
    pub fn complete(&mut self, keys: &[String]) -> Vec<String> {
        let line = self.input.value().to_string();
        let options = crate::cli::complete(&line, keys);
        let start = line.rfind(char::is_whitespace).map_or(0, |i| i + 1);
        match options.as_slice() {
            [] => vec![],
            [one] => {
                self.input.set(&format!("{}{one} ", &line[..start]));
                vec![]
            }
            many => {
                let first = &many[0];
                let shared = (0..first.len())
                    .take_while(|&n| {
                        first.is_char_boundary(n + 1)
                            && many.iter().all(|o| o.get(..=n) == first.get(..=n))
                    })
                    .count();
                if shared > line.len() - start {
                    self.input
                        .set(&format!("{}{}", &line[..start], &first[..shared]));
                }
                many.to_vec()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_and_completion() {
        let history = vec!["task list".to_string(), "raid list".to_string()];
        let mut c = CommandLine::default();
        c.older(&history);
        assert_eq!(c.input.value(), "raid list");
        c.older(&history);
        assert_eq!(c.input.value(), "task list");
        c.newer(&history);
        c.newer(&history);
        assert_eq!((c.input.value(), c.browsing), ("", None));
        c.input.set("rai");
        assert!(c.complete(&[]).is_empty());
        assert_eq!(c.input.value(), "raid ");
        c.input.set("task set PLT");
        let many = c.complete(&["PLT-1".into(), "PLT-12".into()]);
        assert_eq!(many, ["PLT-1", "PLT-12"]);
        assert_eq!(c.input.value(), "task set PLT-1");
    }
}
