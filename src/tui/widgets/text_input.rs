//! A line of text you can edit like a shell line: a cursor, Left/Right/Home/End,
//! Backspace/Delete, Ctrl-A/E (start, end), Ctrl-U/K (delete to the start, to the end), Ctrl-W
//! and Alt-Backspace (delete the word before), Ctrl-Left/Right and Alt-b/f (move by words).
//! A prefilled value is selected when its field takes focus, so typing replaces it (as in a
//! spreadsheet cell); moving the cursor keeps it instead.
//!
//! The editing itself is `tui-input`'s (grapheme-aware, no rendering dependency); this adds
//! the selection, the key map above, and wrapping for display.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::{Input, InputRequest};

/// An editable line of text.
#[derive(Debug, Clone, Default)]
pub struct TextInput {
    input: Input,
    /// The whole value is selected: the next character typed replaces it.
    selected: bool,
}

impl PartialEq for TextInput {
    fn eq(&self, other: &Self) -> bool {
        self.value() == other.value()
            && self.cursor() == other.cursor()
            && self.selected == other.selected
    }
}

impl Eq for TextInput {}

impl TextInput {
    /// A line holding `value`, the cursor at its end, nothing selected.
    pub fn new(value: &str) -> TextInput {
        TextInput {
            input: Input::new(value.to_string()),
            selected: false,
        }
    }

    pub fn value(&self) -> &str {
        self.input.value()
    }

    /// The cursor, in characters from the start.
    pub fn cursor(&self) -> usize {
        self.input.cursor()
    }

    /// Whether the whole value is selected (typing replaces it).
    pub fn selected(&self) -> bool {
        self.selected
    }

    /// Replace the value; the cursor goes to its end.
    pub fn set(&mut self, value: &str) {
        self.input = Input::new(value.to_string());
        self.selected = false;
    }

    /// Taking focus: select a prefilled value so that typing replaces it.
    pub fn focus(&mut self) {
        self.selected = !self.value().is_empty();
        let end = self.value().chars().count();
        self.input.handle(InputRequest::SetCursor(end));
    }

    /// Apply an editing key; returns whether it was one (others are left to the caller).
    pub fn handle(&mut self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        use InputRequest::*;
        let request = match key.code {
            KeyCode::Char('a') if ctrl => GoToStart,
            KeyCode::Char('e') if ctrl => GoToEnd,
            KeyCode::Char('u') if ctrl => DeleteLine,
            KeyCode::Char('k') if ctrl => DeleteTillEnd,
            KeyCode::Char('w') if ctrl => DeletePrevWord,
            KeyCode::Char('b') if alt => GoToPrevWord,
            KeyCode::Char('f') if alt => GoToNextWord,
            KeyCode::Char('d') if alt => DeleteNextWord,
            KeyCode::Char(c) if !ctrl && !alt => InsertChar(c),
            KeyCode::Backspace if alt || ctrl => DeletePrevWord,
            KeyCode::Backspace => DeletePrevChar,
            KeyCode::Delete => DeleteNextChar,
            KeyCode::Left if ctrl || alt => GoToPrevWord,
            KeyCode::Right if ctrl || alt => GoToNextWord,
            KeyCode::Left => GoToPrevChar,
            KeyCode::Right => GoToNextChar,
            KeyCode::Home => GoToStart,
            KeyCode::End => GoToEnd,
            _ => return false,
        };
        if std::mem::take(&mut self.selected) {
            match request {
                // Typing or deleting over a selection replaces it.
                InsertChar(_) | DeletePrevChar | DeleteNextChar | DeletePrevWord
                | DeleteNextWord => {
                    self.input = Input::default();
                    if let InsertChar(c) = request {
                        self.input.handle(InsertChar(c));
                    }
                    return true;
                }
                // Moving keeps the value: Left and Home go to the start, the rest to the end.
                GoToPrevChar | GoToStart | GoToPrevWord => {
                    self.input.handle(GoToStart);
                    return true;
                }
                GoToNextChar | GoToEnd | GoToNextWord => return true,
                _ => {}
            }
        }
        self.input.handle(request);
        true
    }

    /// The value cut into lines of at most `width` characters (at least one line), and the
    /// line and column of the cursor, for drawing a field that grows as text gets long.
    pub fn wrapped(&self, width: usize) -> (Vec<String>, (usize, usize)) {
        let width = width.max(1);
        let chars: Vec<char> = self.value().chars().collect();
        let mut lines: Vec<String> = chars
            .chunks(width)
            .map(|c| c.iter().collect::<String>())
            .collect();
        let cursor = self.cursor();
        let at = (cursor / width, cursor % width);
        // A cursor just past a full line sits at the start of the next one.
        if lines.is_empty() || at.0 >= lines.len() {
            lines.push(String::new());
        }
        (lines, at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    fn typed(t: &mut TextInput, s: &str) {
        for c in s.chars() {
            assert!(t.handle(&key(KeyCode::Char(c))));
        }
    }

    #[test]
    fn a_prefilled_value_is_replaced_by_typing() {
        // The bug this fixes: a task at 13 % took a typed 6 as 136.
        let mut t = TextInput::new("13");
        t.focus();
        assert!(t.selected());
        typed(&mut t, "35");
        assert_eq!((t.value(), t.cursor(), t.selected()), ("35", 2, false));
        // Backspace over a selection clears it.
        let mut t = TextInput::new("5");
        t.focus();
        t.handle(&key(KeyCode::Backspace));
        assert_eq!(t.value(), "");
        // An empty field has nothing to select.
        let mut t = TextInput::new("");
        t.focus();
        assert!(!t.selected());
    }

    #[test]
    fn moving_keeps_a_selected_value() {
        let mut t = TextInput::new("Design");
        t.focus();
        t.handle(&key(KeyCode::Home));
        typed(&mut t, "UX ");
        assert_eq!(t.value(), "UX Design");
        let mut t = TextInput::new("Design");
        t.focus();
        t.handle(&key(KeyCode::End));
        typed(&mut t, " review");
        assert_eq!(t.value(), "Design review");
        let mut t = TextInput::new("Design");
        t.focus();
        t.handle(&key(KeyCode::Left));
        assert_eq!((t.cursor(), t.selected()), (0, false));
    }

    #[test]
    fn editing_keys() {
        let mut t = TextInput::new("");
        typed(&mut t, "Vendor slips");
        t.handle(&key(KeyCode::Left));
        t.handle(&key(KeyCode::Left));
        t.handle(&key(KeyCode::Backspace));
        assert_eq!((t.value(), t.cursor()), ("Vendor slps", 9));
        t.handle(&key(KeyCode::Delete));
        assert_eq!(t.value(), "Vendor sls");
        t.handle(&ctrl('a'));
        assert_eq!(t.cursor(), 0);
        typed(&mut t, "A ");
        t.handle(&ctrl('e'));
        assert_eq!((t.value(), t.cursor()), ("A Vendor sls", 12));
        t.handle(&ctrl('w'));
        assert_eq!(t.value(), "A Vendor ");
        t.handle(&KeyEvent::new(KeyCode::Backspace, KeyModifiers::ALT));
        assert_eq!(t.value(), "A ");
        t.handle(&key(KeyCode::Home));
        t.handle(&key(KeyCode::Right));
        t.handle(&ctrl('k'));
        assert_eq!(t.value(), "A");
        typed(&mut t, "bc");
        t.handle(&ctrl('u'));
        assert_eq!((t.value(), t.cursor()), ("", 0));
        typed(&mut t, "one two");
        t.handle(&KeyEvent::new(KeyCode::Left, KeyModifiers::CONTROL));
        assert_eq!(t.cursor(), 4);
        t.handle(&key(KeyCode::End));
        assert_eq!(t.cursor(), 7);
        assert!(!t.handle(&key(KeyCode::Enter)), "not an editing key");
        assert!(!t.handle(&key(KeyCode::Tab)));
        // Characters beyond ASCII count as one each.
        let mut t = TextInput::new("Émile");
        t.handle(&key(KeyCode::Backspace));
        assert_eq!((t.value(), t.cursor()), ("Émil", 4));
    }

    #[test]
    fn long_text_wraps_with_the_cursor() {
        let mut t = TextInput::new("");
        typed(&mut t, "abcdefghij");
        let (lines, at) = t.wrapped(4);
        assert_eq!(lines, ["abcd", "efgh", "ij"]);
        assert_eq!(at, (2, 2));
        typed(&mut t, "kl");
        let (lines, at) = t.wrapped(4);
        assert_eq!(lines, ["abcd", "efgh", "ijkl", ""]);
        assert_eq!(at, (3, 0));
        assert_eq!(
            TextInput::new("").wrapped(10),
            (vec![String::new()], (0, 0))
        );
    }
}
