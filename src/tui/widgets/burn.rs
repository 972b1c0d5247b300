//! The Budget burn chart (`c`): cumulative PV, EV and AC by month, in integer cents.

use crate::domain::Money;
use crate::engine::evm::BurnPoint;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::widgets::{Axis, Block, Borders, Chart, Dataset, GraphType, Paragraph};

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
