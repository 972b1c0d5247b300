//! The RAID heat map (`c`): open risks by probability and impact.

use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// The 5x5 risk heat map: probability up, impact across, a count of open risks per cell.
pub fn heat(frame: &mut Frame, area: Rect, heat: &[[u32; 5]; 5], theme: &Theme) {
    let mut lines = vec![Line::from(Span::styled(
        "     I1  I2  I3  I4  I5",
        theme.header,
    ))];
    for p in (1..=5).rev() {
        let mut spans = vec![Span::styled(format!(" P{p} "), theme.header)];
        for i in 1..=5 {
            let n = heat[p - 1][i - 1];
            let score = p * i;
            let tone = match score {
                s if s >= 15 => theme.bad,
                s if s >= 8 => theme.warn,
                _ => theme.good,
            };
            spans.push(if n == 0 {
                Span::styled("  · ", theme.muted)
            } else {
                Span::styled(format!("{n:>3} "), tone.patch(theme.header))
            });
        }
        lines.push(Line::from(spans));
    }
    let total: u32 = heat.iter().flatten().sum();
    lines.push(Line::from(Span::styled(
        format!(" {total} open risks scored"),
        theme.muted,
    )));
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(" heat map P×I "),
        ),
        area,
    );
}
