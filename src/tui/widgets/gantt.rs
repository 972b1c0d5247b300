//! The Milestones Gantt (`c`): a bar per row on screen, from its forecast start to finish,
//! with today marked.

use crate::tui::tabs::Tone;
use crate::tui::theme::Theme;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// One Gantt row: forecast start and finish (`None` while computing), milestone or summary,
/// and tone. A summary's bar is a thin line with ends, spanning its subtasks.
pub struct Bar {
    pub start: Option<NaiveDate>,
    pub finish: Option<NaiveDate>,
    pub milestone: bool,
    pub summary: bool,
    pub style: Style,
}

/// Where a date falls on a `width`-column axis from `lo` to `hi`.
fn column(d: NaiveDate, lo: NaiveDate, hi: NaiveDate, width: usize) -> usize {
    let span = (hi - lo).num_days().max(1);
    let at = (d - lo).num_days().clamp(0, span);
    (at as usize * width.saturating_sub(1)) / span as usize
}

/// The Gantt of the rows on screen: a header line with the date range, then a line per row,
/// level with the table's rows. `range` is the time axis (the span of the rows fetched, so
/// that it holds still while scrolling); `None` while the forecast is being computed.
pub fn gantt(
    frame: &mut Frame,
    area: Rect,
    bars: &[Bar],
    range: Option<(NaiveDate, NaiveDate)>,
    today: NaiveDate,
    theme: &Theme,
) {
    let width = area.width as usize;
    if width < 4 || area.height == 0 {
        return;
    }
    let Some((lo, hi)) = range else {
        frame.render_widget(Paragraph::new("Gantt: computing the forecast…"), area);
        return;
    };
    let hi = hi.max(lo + chrono::Days::new(1));
    let marker = (lo..=hi)
        .contains(&today)
        .then(|| column(today, lo, hi, width));
    let mut lines = vec![];
    let (from, to) = (lo.to_string(), hi.to_string());
    let gap = width.saturating_sub(from.len() + to.len());
    lines.push(Line::from(Span::styled(
        if gap > 0 {
            format!("{from}{}{to}", " ".repeat(gap))
        } else {
            from
        },
        theme.header,
    )));
    for bar in bars {
        let mut cells: Vec<char> = vec![' '; width];
        if let Some(m) = marker {
            cells[m] = '┊';
        }
        let (Some(start), Some(finish)) = (bar.start, bar.finish) else {
            lines.push(Line::from(Span::styled("…", theme.muted)));
            continue;
        };
        let (a, b) = (column(start, lo, hi, width), column(finish, lo, hi, width));
        let (a, b) = if bar.milestone { (b, b) } else { (a, b.max(a)) };
        let before: String = cells[..a].iter().collect();
        let body = if bar.milestone {
            "◆".to_string()
        } else if bar.summary && b > a {
            format!("┣{}┫", "━".repeat(b - a - 1))
        } else if bar.summary {
            "━".to_string()
        } else {
            "█".repeat(b - a + 1)
        };
        let after: String = cells[b + 1..].iter().collect();
        lines.push(Line::from(vec![
            Span::styled(before, theme.muted),
            Span::styled(body, bar.style),
            Span::styled(after, theme.muted),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// The style a row's tone gives its Gantt bar.
pub fn bar_style(theme: &Theme, tone: Tone) -> Style {
    match tone {
        Tone::Bad => theme.bad,
        Tone::Warn => theme.warn,
        Tone::Muted => theme.muted,
        Tone::Good | Tone::Normal => theme.good,
        Tone::Summary => theme.good.add_modifier(ratatui::style::Modifier::BOLD),
    }
}
