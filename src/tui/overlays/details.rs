//! Details of the selected record: every field (money as amounts), for a task its forecast,
//! float, baseline, predecessors, successors and linked RAID items, then its change history
//! with old and new values. Scrollable; long values wrap.

use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// One line of the details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DetailLine {
    Field(String, String),
    Heading(String),
    Text(String),
}

/// The details overlay's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Details {
    pub title: String,
    /// `None` while the details are being fetched.
    pub lines: Option<Vec<DetailLine>>,
    pub scroll: usize,
}

/// Lines as drawn at `width`: names right-aligned in a column, values wrapped beside them.
pub fn wrap(lines: &[DetailLine], width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let name_width = lines
        .iter()
        .filter_map(|l| match l {
            DetailLine::Field(n, _) => Some(n.chars().count()),
            _ => None,
        })
        .max()
        .unwrap_or(0)
        .min(18);
    let value_width = width.saturating_sub(name_width + 2).max(10);
    let mut out = vec![];
    for l in lines {
        match l {
            DetailLine::Field(name, value) => {
                let value = crate::domain::text::for_display(value);
                let chars: Vec<char> = value.chars().collect();
                let chunks: Vec<String> = if chars.is_empty() {
                    vec![String::new()]
                } else {
                    chars
                        .chunks(value_width)
                        .map(|c| c.iter().collect())
                        .collect()
                };
                for (i, chunk) in chunks.into_iter().enumerate() {
                    let label = if i == 0 { name.as_str() } else { "" };
                    out.push(Line::from(vec![
                        Span::styled(format!("{label:>name_width$}  "), theme.header),
                        Span::raw(chunk),
                    ]));
                }
            }
            DetailLine::Heading(h) => {
                out.push(Line::from(""));
                out.push(Line::from(Span::styled(h.clone(), theme.header)));
            }
            DetailLine::Text(t) => {
                let chars: Vec<char> = crate::domain::text::for_display(t).chars().collect();
                for chunk in chars.chunks(width.max(1)) {
                    out.push(Line::from(chunk.iter().collect::<String>()));
                }
            }
        }
    }
    out
}

pub fn draw(frame: &mut Frame, details: &Details, keys: &str, theme: &Theme, area: Rect) {
    let width = area.width.min(90);
    let inner = width.saturating_sub(2) as usize;
    let lines = match &details.lines {
        Some(lines) => wrap(lines, inner, theme),
        None => vec![Line::from(Span::styled("Loading…", theme.muted))],
    };
    let popup = super::centred(area, width, lines.len() as u16 + 2);
    let room = popup.height.saturating_sub(2) as usize;
    let scroll = super::scrolled(lines.len(), room, details.scroll);
    let more = lines.len().saturating_sub(scroll + room);
    frame.render_widget(Clear, popup);
    let title = if more > 0 {
        format!(" {} (↓ {more} more; {keys}) ", details.title)
    } else {
        format!(" {} ({keys}) ", details.title)
    };
    frame.render_widget(
        Paragraph::new(
            lines
                .into_iter()
                .skip(scroll)
                .take(room)
                .collect::<Vec<_>>(),
        )
        .block(Block::default().borders(Borders::ALL).title(title)),
        popup,
    );
}
