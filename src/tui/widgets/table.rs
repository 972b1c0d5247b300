//! A tab's table: a window of rows around the selection, with columns that fit. Money and
//! other figures are right-aligned and never cut: a column that does not fit is left out
//! whole, the least important first; the title column takes the width that is left. Text
//! that does not fit its column ends in `…`.

use crate::tui::tabs::{Align, Column, TableData, Tone};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Cell, Row, Table, TableState};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Space between columns.
const GAP: u16 = 1;

/// The columns that fit `width`, each with its width: `cells` are the rows to draw, `sorted`
/// the column carrying a sort arrow.
pub fn fit(
    columns: &[Column],
    cells: &[&Vec<String>],
    width: u16,
    sorted: Option<usize>,
) -> Vec<(usize, u16)> {
    let header = |i: usize| columns[i].title.width() as u16 + u16::from(sorted == Some(i));
    let longest = |i: usize| {
        cells
            .iter()
            .filter_map(|r| r.get(i))
            .map(|c| c.width() as u16)
            .max()
            .unwrap_or(0)
    };
    // What each column needs: whole columns their longest cell, others what they ask for
    // (shrinking to their header, or 8 for the title, when room is short).
    let need: Vec<u16> = (0..columns.len())
        .map(|i| {
            let c = &columns[i];
            if c.whole {
                header(i).max(longest(i))
            } else {
                header(i).max(c.width.min(longest(i).max(header(i))))
            }
        })
        .collect();
    let least = |i: usize| {
        if columns[i].whole {
            need[i]
        } else if columns[i].grow {
            header(i).max(8).min(need[i])
        } else {
            header(i).max(3).min(need[i])
        }
    };
    let mut shown: Vec<usize> = (0..columns.len()).collect();
    let total = |shown: &[usize], f: &dyn Fn(usize) -> u16| -> u16 {
        shown.iter().map(|&i| f(i)).sum::<u16>() + GAP * (shown.len().saturating_sub(1) as u16)
    };
    // Leave out whole columns, least important first (the rightmost of equals), until the
    // rest fit at their narrowest.
    while total(&shown, &least) > width {
        let drop = shown
            .iter()
            .enumerate()
            .filter(|(_, i)| columns[**i].priority > 0 || shown.len() > 1)
            .max_by_key(|(pos, i)| (columns[**i].priority, *pos))
            .map(|(pos, _)| pos);
        match drop {
            Some(pos) if shown.len() > 1 => {
                shown.remove(pos);
            }
            _ => break,
        }
    }
    // A title squeezed below what it asks for makes room by leaving out minor columns.
    if let Some(g) = columns.iter().position(|c| c.grow) {
        loop {
            let others: u16 = total(&shown, &|i| if i == g { 0 } else { least(i) });
            let title_room = width.saturating_sub(others + GAP);
            let minor = shown
                .iter()
                .enumerate()
                .filter(|(_, i)| columns[**i].priority >= 3)
                .max_by_key(|(pos, i)| (columns[**i].priority, *pos))
                .map(|(pos, _)| pos);
            match minor {
                Some(pos) if title_room < columns[g].width.min(need[g]) => {
                    shown.remove(pos);
                }
                _ => break,
            }
        }
    }
    // Room goes first to the title (up to what it asks for), then to the other columns by
    // importance, then what is left to the title again.
    let mut widths: Vec<u16> = shown.iter().map(|&i| least(i)).collect();
    let mut spare = width.saturating_sub(total(&shown, &least));
    let mut order: Vec<usize> = (0..shown.len()).collect();
    order.sort_by_key(|&k| (!columns[shown[k]].grow, columns[shown[k]].priority, k));
    for k in order {
        let i = shown[k];
        let want = if columns[i].grow {
            columns[i].width.min(need[i])
        } else {
            need[i]
        };
        let more = want.saturating_sub(widths[k]).min(spare);
        widths[k] += more;
        spare -= more;
    }
    // The title takes what is left; a table without one leaves it blank on the right.
    if let Some(k) = shown.iter().position(|&i| columns[i].grow) {
        widths[k] += spare;
    }
    shown.into_iter().zip(widths).collect()
}

/// Cut text to `width` columns of the terminal, ending in `…` when it was longer.
pub fn cut(text: &str, width: u16) -> String {
    let width = width as usize;
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// The style of a row's tone.
pub fn tone_style(theme: &Theme, tone: Tone) -> Style {
    match tone {
        Tone::Normal => Style::default(),
        Tone::Muted => theme.muted,
        Tone::Warn => theme.warn,
        Tone::Bad => theme.bad,
        Tone::Good => theme.good,
        Tone::Summary => Style::default().add_modifier(ratatui::style::Modifier::BOLD),
    }
}

/// What to draw: the table, which of its rows fall on screen, the selection and the sort.
pub struct View<'a> {
    pub table: &'a TableData,
    /// The rows to draw, as indices into `table.rows` (`None` for a row not fetched yet).
    pub rows: Vec<Option<usize>>,
    /// The selected line among `rows`.
    pub selected: usize,
    pub sort: Option<(usize, bool)>,
}

/// Draw the header and the rows; returns the columns drawn (index and width).
pub fn draw(frame: &mut Frame, view: &View, theme: &Theme, area: Rect) -> Vec<(usize, u16)> {
    let table = view.table;
    let cells: Vec<&Vec<String>> = view
        .rows
        .iter()
        .filter_map(|r| r.map(|i| &table.rows[i]))
        .collect();
    let sorted = view.sort.map(|(c, _)| c);
    let shown = fit(table.columns, &cells, area.width, sorted);
    let cell = |i: usize, width: u16, text: &str| {
        let c = &table.columns[i];
        match c.align {
            Align::Right => Cell::from(Line::from(text.to_string()).alignment(Alignment::Right)),
            Align::Left => Cell::from(cut(text, width)),
        }
    };
    let rows: Vec<Row> = view
        .rows
        .iter()
        .map(|r| match r {
            Some(r) => Row::new(
                shown
                    .iter()
                    .map(|&(i, w)| cell(i, w, table.rows[*r].get(i).map_or("", |s| s))),
            )
            .style(tone_style(theme, table.tones[*r])),
            None => Row::new(vec![Cell::from("…")]).style(theme.muted),
        })
        .collect();
    let header = Row::new(shown.iter().map(|&(i, _)| {
        let title = table.columns[i].title;
        let text = match view.sort {
            Some((s, up)) if s == i => format!("{title}{}", if up { "▲" } else { "▼" }),
            _ => title.to_string(),
        };
        match table.columns[i].align {
            Align::Right => Cell::from(Line::from(text).alignment(Alignment::Right)),
            Align::Left => Cell::from(text),
        }
    }))
    .style(theme.header);
    let widths: Vec<Constraint> = shown.iter().map(|&(_, w)| Constraint::Length(w)).collect();
    let mut state = TableState::default();
    state.select(Some(view.selected));
    frame.render_stateful_widget(
        Table::new(rows, widths)
            .header(header)
            .row_highlight_style(theme.selected)
            .column_spacing(GAP),
        area,
        &mut state,
    );
    shown
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::tabs::col;

    const COLUMNS: &[Column] = &[
        col("KEY", 5, 0).whole(),
        col("TITLE", 20, 0).grow(),
        col("OWNER", 10, 3),
        col("AMOUNT", 8, 1).figure(),
        col("CPI", 4, 2).figure(),
    ];

    fn rows() -> Vec<Vec<String>> {
        vec![
            vec![
                "SP-1".into(),
                "A long title that will not fit".into(),
                "Dana Ortiz".into(),
                "2,151,916.07".into(),
                "0.92".into(),
            ],
            vec![
                "SP-22".into(),
                "Short".into(),
                "Sam".into(),
                "-300.00".into(),
                "-".into(),
            ],
        ]
    }

    #[test]
    fn figures_keep_every_digit_or_go_whole() {
        let rows = rows();
        let cells: Vec<&Vec<String>> = rows.iter().collect();
        let wide = fit(COLUMNS, &cells, 80, None);
        assert_eq!(
            wide,
            vec![(0, 5), (1, 45), (2, 10), (3, 12), (4, 4)],
            "the title takes the spare width; money is as wide as its longest cell"
        );
        // Narrow: the owner goes first, then CPI; the amount stays whole.
        let narrow = fit(COLUMNS, &cells, 30, None);
        assert_eq!(narrow.iter().map(|c| c.0).collect::<Vec<_>>(), [0, 1, 3]);
        assert_eq!(narrow[2].1, 12);
        assert_eq!(narrow.iter().map(|c| c.1).sum::<u16>() + 2, 30);
        // Too narrow even for that: the amount goes whole rather than being cut.
        let tiny = fit(COLUMNS, &cells, 16, None);
        assert!(tiny.iter().all(|(i, _)| *i != 3), "{tiny:?}");
        // A sort arrow widens its header.
        let sorted = fit(COLUMNS, &cells, 80, Some(4));
        assert_eq!(sorted[4], (4, 4));
    }

    #[test]
    fn text_is_cut_with_an_ellipsis() {
        assert_eq!(cut("Architecture and design", 12), "Architectur…");
        assert_eq!(cut("Short", 12), "Short");
        assert_eq!(cut("漢字漢字", 5), "漢字…");
    }
}
