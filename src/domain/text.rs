//! Text fields: what a single-line title or a multi-line note may contain.
//!
//! Control characters and bidirectional overrides in user text can rewrite what a terminal or a
//! report shows (Trojan Source), so single-line fields refuse them outright and multi-line notes
//! allow newlines only. The error names the field and the code point.

use crate::error::{Error, Result};

/// Bidirectional formatting characters that can reorder displayed text.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The longest single-line field (a title, a name), in characters.
pub const MAX_LINE: usize = 1_000;
/// The longest multi-line field (a note, a mitigation), in characters.
pub const MAX_NOTE: usize = 20_000;

fn check_chars(field: &str, value: &str, allow_newline: bool) -> Result<()> {
    let max = if allow_newline { MAX_NOTE } else { MAX_LINE };
    if value.len() > max {
        let count = value.chars().count();
        if count > max {
            return Err(Error::invalid(
                field,
                clip(value, 40),
                format!("is {count} characters long; the most is {max}"),
            ));
        }
    }
    for c in value.chars() {
        let bad = if c == '\n' {
            !allow_newline
        } else {
            c.is_control() || is_bidi_control(c)
        };
        if bad {
            return Err(Error::invalid(
                field,
                value,
                format!(
                    "contains the character U+{:04X}, which is not allowed",
                    c as u32
                ),
            ));
        }
    }
    Ok(())
}

/// A single-line text field (title, owner, name): trimmed, no control or bidi characters.
pub fn single_line(field: &str, value: &str) -> Result<String> {
    check_chars(field, value, false)?;
    Ok(value.trim().to_string())
}

/// A required single-line field: as [`single_line`], and not empty.
pub fn required(field: &str, value: &str) -> Result<String> {
    let v = single_line(field, value)?;
    if v.is_empty() {
        return Err(Error::invalid(field, value, "must not be empty"));
    }
    Ok(v)
}

/// An optional single-line field: empty means absent.
pub fn optional(field: &str, value: Option<&str>) -> Result<Option<String>> {
    match value {
        None => Ok(None),
        Some(v) => {
            let v = single_line(field, v)?;
            Ok(if v.is_empty() { None } else { Some(v) })
        }
    }
}

/// A multi-line note: newlines allowed, other control and bidi characters refused.
pub fn multi_line(field: &str, value: &str) -> Result<String> {
    check_chars(field, value, true)?;
    Ok(value.trim_end().to_string())
}

/// An optional multi-line note: empty means absent.
pub fn optional_multi(field: &str, value: Option<&str>) -> Result<Option<String>> {
    match value {
        None => Ok(None),
        Some(v) => {
            let v = multi_line(field, v)?;
            Ok(if v.is_empty() { None } else { Some(v) })
        }
    }
}

/// True for what must never reach a terminal or a report raw: C0 controls (other than a
/// newline), DEL, C1 controls and bidirectional formatting characters.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n') || is_bidi_control(c)
}

/// Whether `value` may hold an [`is_unsafe`] character, by its bytes: a C0 control other than a
/// newline, DEL, or the first byte of a C1 control (0xC2) or of a bidi character (0xD8, 0xE2).
/// False means certainly safe; a fast scan of large output (most of it ASCII).
fn may_be_unsafe(value: &str) -> bool {
    // Branch-free within a block, so that the compiler can vectorize the scan.
    let flagged =
        |b: u8| ((b < 0x20) & (b != b'\n')) | (b == 0x7f) | (b == 0xc2) | (b == 0xd8) | (b == 0xe2);
    value
        .as_bytes()
        .chunks(4096)
        .any(|block| block.iter().fold(false, |seen, &b| seen | flagged(b)))
}

/// Text for an output stream (stdout, stderr, a Markdown file): every [`is_unsafe`] character
/// is shown as its escape (`\u{1b}`); newlines stay. Borrowed when there is nothing to do.
pub fn terminal_safe(value: &str) -> std::borrow::Cow<'_, str> {
    if !may_be_unsafe(value) || !value.chars().any(is_unsafe) {
        return std::borrow::Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len() + 8);
    for c in value.chars() {
        if is_unsafe(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// JSON text with DEL, C1 and bidirectional formatting characters written as `\uXXXX`
/// escapes. serde_json escapes C0 controls itself; these others it passes through raw, and
/// in valid JSON they can only sit inside strings, where the escape means the same character.
pub fn json_safe(json: String) -> String {
    if !may_be_unsafe(&json) || !json.chars().any(is_unsafe) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_unsafe(c) && c != '\t' && c != '\r' {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// A user value cut to at most `max` characters for an error line, with the count of what
/// was left out, so that a 10 MB cell never floods a terminal.
pub fn clip(value: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match value.char_indices().nth(max) {
        None => std::borrow::Cow::Borrowed(value),
        Some((at, _)) => {
            let rest = value[at..].chars().count();
            std::borrow::Cow::Owned(format!("{}... ({rest} more characters)", &value[..at]))
        }
    }
}

/// Text for a terminal: control and bidirectional-formatting characters are shown escaped
/// (`\u{1b}`), never raw, so stored text cannot move the cursor or reorder a line.
pub fn for_display(value: &str) -> String {
    if value.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        value
            .chars()
            .flat_map(|c| {
                if c.is_control() || is_bidi_control(c) {
                    c.escape_unicode().collect::<Vec<_>>()
                } else {
                    vec![c]
                }
            })
            .collect()
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_scan_finds_every_unsafe_character() {
        for c in (0..=0x10ffffu32).filter_map(char::from_u32) {
            if is_unsafe(c) {
                assert!(may_be_unsafe(&format!("ab{c}cd")), "U+{:04X}", c as u32);
            }
        }
        assert!(!may_be_unsafe("plain ASCII,\nwith newlines and café"));
    }

    #[test]
    fn refuses_escape_and_bidi_naming_the_code_point() {
        let err = single_line("title", "a\u{1b}[31mb")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "title \"a\\u{1b}[31mb\": contains the character U+001B, which is not allowed"
        );
        let err = single_line("title", "abc\u{202E}def")
            .unwrap_err()
            .to_string();
        assert!(err.contains("U+202E"), "{err}");
        assert!(single_line("title", "x\u{2066}").is_err());
        assert!(single_line("title", "x\u{061C}").is_err());
        assert!(single_line("title", "line\nbreak").is_err());
    }

    #[test]
    fn multi_line_allows_newlines_only() {
        assert_eq!(multi_line("summary", "a\nb\n").unwrap(), "a\nb");
        assert!(multi_line("summary", "a\tb").is_err());
        assert!(multi_line("summary", "a\r\nb").is_err());
    }

    #[test]
    fn display_escapes_controls_and_bidi() {
        assert_eq!(
            for_display("a\u{1b}[2Jb\u{202E}c"),
            "a\\u{1b}[2Jb\\u{202e}c"
        );
        assert_eq!(for_display("設計 ✓"), "設計 ✓");
    }

    #[test]
    fn trims_and_accepts_unicode() {
        assert_eq!(
            required("title", "  Design 設計 ✓ ").unwrap(),
            "Design 設計 ✓"
        );
        assert!(required("title", "   ").is_err());
        assert_eq!(optional("owner", Some("")).unwrap(), None);
    }
}
