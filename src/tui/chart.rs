//! The charts `c` shows beside or below a table: the Milestones Gantt (a bar per row on
//! screen, from its forecast start to finish, with today marked), the RAID heat map (open
//! risks by probability and impact) and the Budget burn (cumulative PV, EV and AC by month).

use super::data::Tone;
use super::theme::Theme;
use crate::domain::Money;
use crate::engine::evm::BurnPoint;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Borders, Chart, Dataset, GraphType, Paragraph};

/// One Gantt row: forecast start and finish (`None` while computing), milestone, and tone.
pub struct Bar {
    pub start: Option<NaiveDate>,
    pub finish: Option<NaiveDate>,
    pub milestone: bool,
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

/// The burn chart: cumulative planned value, earned value and actual cost by month.
///
/// Amounts stay integer cents. The only floats are plot positions, which ratatui's `Chart`
/// takes as `f64`: a month's index across and its cents up. They are never turned back into
/// money; the axis label is the largest amount itself.
pub fn burn(frame: &mut Frame, area: Rect, points: &[BurnPoint], theme: &Theme) {
    if points.is_empty() {
        frame.render_widget(
            Paragraph::new("Burn: no budget lines yet").style(theme.muted),
            area,
        );
        return;
    }
    type Pick = fn(&BurnPoint) -> Option<Money>;
    let lines: [(&str, Style, Pick); 3] = [
        ("PV planned", theme.muted, |p| Some(p.pv)),
        ("EV earned", theme.good, |p| p.ev),
        ("AC actual", theme.bad, |p| p.ac),
    ];
    let top = points
        .iter()
        .flat_map(|p| lines.iter().filter_map(move |(_, _, pick)| pick(p)))
        .max()
        .unwrap_or(Money(0))
        .max(Money(1));
    let plots: Vec<Vec<(f64, f64)>> = lines
        .iter()
        .map(|(_, _, pick)| {
            points
                .iter()
                .enumerate()
                .filter_map(|(x, p)| pick(p).map(|m| (x as f64, m.cents() as f64)))
                .collect()
        })
        .collect();
    let datasets: Vec<Dataset> = lines
        .iter()
        .zip(&plots)
        .map(|((name, style, _), data)| {
            Dataset::default()
                .name(*name)
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(*style)
                .data(data)
        })
        .collect();
    let last = points.len().saturating_sub(1) as f64;
    let chart = Chart::new(datasets)
        .block(
            Block::default()
                .borders(Borders::ALL)
                .title(" burn: cumulative PV, EV, AC "),
        )
        .x_axis(
            Axis::default()
                .bounds([0.0, last.max(1.0)])
                .labels([
                    points[0].month.to_string(),
                    points[points.len() - 1].month.to_string(),
                ])
                .style(theme.muted),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, top.cents() as f64])
                .labels(["0".to_string(), top.grouped()])
                .style(theme.muted),
        );
    frame.render_widget(chart, area);
}

/// The style a row's tone gives its Gantt bar.
pub fn bar_style(theme: &Theme, tone: Tone) -> Style {
    match tone {
        Tone::Bad => theme.bad,
        Tone::Warn => theme.warn,
        Tone::Muted => theme.muted,
        Tone::Good | Tone::Normal => theme.good,
    }
}
