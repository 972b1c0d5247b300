//! The help overlay: every key of every context from the live keymap, filtered by what is
//! typed, scrollable.

use crate::tui::keymap::Keymap;
use crate::tui::theme::Theme;
use crate::tui::widgets::text_input::TextInput;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// The help overlay's state: its filter and how far it is scrolled.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Help {
    pub filter: TextInput,
    pub scroll: usize,
}

/// The help's lines: a heading per context, then `keys  description`.
pub fn lines(keymap: &Keymap, filter: &str) -> Vec<(Option<String>, String)> {
    let mut out = vec![];
    let mut context = None;
    for (c, keys, description) in keymap.help(filter) {
        if context != Some(c) {
            out.push((None, format!("{}:", c.name())));
            context = Some(c);
        }
        out.push((Some(keys), description.to_string()));
    }
    out
}

pub fn draw(frame: &mut Frame, keymap: &Keymap, help: &Help, theme: &Theme, area: Rect) {
    let rows = lines(keymap, help.filter.value());
    let popup = super::centred(area, 64, rows.len() as u16 + 3);
    frame.render_widget(Clear, popup);
    let room = popup.height.saturating_sub(3) as usize;
    let scroll = super::scrolled(rows.len(), room, help.scroll);
    let more = rows.len().saturating_sub(scroll + room);
    let title = match (scroll, more) {
        (0, 0) => " help: type to filter, Esc closes ".to_string(),
        (_, 0) => " help: ↑ for more, Esc closes ".to_string(),
        (_, n) => format!(" help: ↓ {n} more, type to filter, Esc closes "),
    };
    let mut out: Vec<Line> = vec![Line::from(vec![
        Span::styled("filter: ", theme.muted),
        Span::raw(crate::domain::text::for_display(help.filter.value())),
    ])];
    for (keys, text) in rows.into_iter().skip(scroll).take(room) {
        out.push(match keys {
            Some(keys) => Line::from(vec![
                Span::styled(format!("{keys:>18}  "), theme.hint_key),
                Span::raw(text),
            ]),
            None => Line::from(Span::styled(text, theme.header)),
        });
    }
    frame.render_widget(
        Paragraph::new(out).block(Block::default().borders(Borders::ALL).title(title)),
        popup,
    );
    if popup.height > 2 {
        let x = popup.x + 9 + help.filter.cursor() as u16;
        frame.set_cursor_position((x.min(popup.right().saturating_sub(2)), popup.y + 1));
    }
}
