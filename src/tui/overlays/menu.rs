//! The `a` menu (what to add or change on a tab) and the `x` menu of a change request
//! (approve or reject). Each entry shows the key the keymap binds to it.

use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// Draw the menu: `(key, description)` per entry.
pub fn draw(frame: &mut Frame, title: &str, entries: &[(String, &str)], theme: &Theme, area: Rect) {
    let widest = entries
        .iter()
        .map(|(k, d)| k.chars().count() + d.chars().count() + 6)
        .max()
        .unwrap_or(0);
    let width = (widest.max(title.chars().count() + 12) as u16 + 2).min(area.width);
    let popup = super::centred(area, width, entries.len() as u16 + 2);
    frame.render_widget(Clear, popup);
    let lines: Vec<Line> = entries
        .iter()
        .map(|(key, description)| {
            Line::from(vec![
                Span::styled(format!("  {key:>3}  "), theme.hint_key),
                Span::raw(description.to_string()),
            ])
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" {} ", crate::domain::text::for_display(title))),
        ),
        popup,
    );
}
