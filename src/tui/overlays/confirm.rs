//! A question before a destructive command: it names the item, and holds the command itself
//! (not a line of text), which runs only on yes.

use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

/// Draw the question with the keys that answer it (from the keymap).
pub fn draw(frame: &mut Frame, question: &str, keys: &str, theme: &Theme, area: Rect) {
    let text = crate::domain::text::for_display(question);
    let width = (text.chars().count() as u16 + 4).clamp(30, area.width.min(72));
    let inner = width.saturating_sub(2).max(1) as usize;
    let height = (text.chars().count().div_ceil(inner) as u16 + 3).min(area.height);
    let popup = super::centred(area, width, height);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(text),
            Line::from(Span::styled(keys.to_string(), theme.muted)),
        ])
        .wrap(Wrap { trim: false })
        .block(
            Block::default()
                .borders(Borders::ALL)
                .title(" Are you sure? "),
        ),
        popup,
    );
}
