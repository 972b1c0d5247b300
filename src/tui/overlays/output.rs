//! The output of a `:` command that does not fit the message line (a list, a report),
//! scrollable, as plain text.

use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// Scrollable lines with a title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub title: String,
    pub lines: Vec<String>,
    pub scroll: usize,
}

impl Output {
    /// Output as the workbench shows it: control characters (colour codes included) escaped.
    pub fn new(title: &str, text: &str) -> Output {
        Output {
            title: title.to_string(),
            lines: text.lines().map(crate::domain::text::for_display).collect(),
            scroll: 0,
        }
    }
}

pub fn draw(frame: &mut Frame, out: &Output, theme: &Theme, area: Rect) {
    let width = out
        .lines
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
        .max(out.title.chars().count() + 4) as u16
        + 2;
    let popup = super::centred(area, width.min(area.width), out.lines.len() as u16 + 2);
    let room = popup.height.saturating_sub(2) as usize;
    let scroll = super::scrolled(out.lines.len(), room, out.scroll);
    let more = out.lines.len().saturating_sub(scroll + room);
    frame.render_widget(Clear, popup);
    let lines: Vec<Line> = out
        .lines
        .iter()
        .skip(scroll)
        .take(room)
        .map(|l| Line::from(l.as_str()))
        .collect();
    let title = if more > 0 {
        format!(" {} (↓ {more} more) ", out.title)
    } else {
        format!(" {} ", out.title)
    };
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(title)
                .border_style(theme.muted),
        ),
        popup,
    );
}
