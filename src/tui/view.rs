//! Drawing: title bar, tab bar, the current tab's table (only the visible rows are built),
//! the message line, key hints from the live keymap, and the overlays. Reads the app; changes
//! nothing but the page size it measured.

use super::app::{App, Message, Mode};
use super::chart;
use super::data::{BudgetView, Tab, Tone};
use super::pager::Chart;
use super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row, Table, TableState, Wrap};

fn tone_style(theme: &Theme, tone: Tone) -> Style {
    match tone {
        Tone::Normal => Style::default(),
        Tone::Muted => theme.muted,
        Tone::Warn => theme.warn,
        Tone::Bad => theme.bad,
        Tone::Good => theme.good,
    }
}

/// A count with thousands separators: 100,000.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Draw the whole screen.
pub fn draw(frame: &mut Frame, app: &mut App, theme: &Theme) {
    let area = frame.area();
    let [title, tabs, body, message, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(" milepost ", theme.title),
            Span::raw(format!(
                "{}  ",
                crate::domain::text::for_display(&app.program)
            )),
            Span::styled(
                if app.tab == Tab::Status {
                    // The status is as of today while the week runs (SPEC §9).
                    format!(
                        "week {}, as of {}",
                        crate::domain::IsoWeek::of(app.ctx.today),
                        app.ctx.today
                    )
                } else {
                    format!("as of {}", app.ctx.today)
                },
                theme.muted,
            ),
            Span::styled(
                match app.window() {
                    Some(w) if w.total == 1 => "  1 row".to_string(),
                    Some(w) => format!("  {} rows", thousands(w.total)),
                    None => String::new(),
                },
                theme.muted,
            ),
            Span::styled(
                if app.forecasting() {
                    "  computing the forecast…"
                } else {
                    ""
                },
                theme.muted,
            ),
        ])),
        title,
    );
    let mut spans = vec![];
    app.hit.tabs_row = tabs.y;
    app.hit.tabs.clear();
    let mut x = tabs.x;
    for (i, tab) in Tab::ALL.iter().enumerate() {
        let style = if *tab == app.tab {
            theme.tab_selected
        } else {
            theme.tab
        };
        let filter = &app.filter[tab.index()];
        let label = if filter.is_empty() {
            format!(" {} {} ", i + 1, tab.title())
        } else {
            format!(
                " {} {} [/{}] ",
                i + 1,
                tab.title(),
                crate::domain::text::for_display(filter)
            )
        };
        let width = label.chars().count() as u16;
        app.hit.tabs.push((x, x.saturating_add(width)));
        x = x.saturating_add(width + 1);
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), tabs);
    draw_table(frame, app, theme, body);
    let typed = match &app.mode {
        Mode::Command { input, .. } => Some(format!(":{input}")),
        Mode::Filter => Some(format!("/{}", app.filter[app.tab.index()])),
        _ => None,
    };
    match typed {
        Some(line) => {
            frame.render_widget(Paragraph::new(line.clone()), message);
            let x = message
                .x
                .saturating_add(line.chars().count() as u16)
                .min(message.right().saturating_sub(1));
            if message.height > 0 && message.width > 0 {
                frame.set_cursor_position((x, message.y));
            }
        }
        None => {
            let (text, style) = match &app.message {
                Some(Message::Info(m)) => (m.as_str(), theme.message),
                Some(Message::Error(m)) => (m.as_str(), theme.error),
                None => ("", Style::default()),
            };
            frame.render_widget(
                Paragraph::new(Span::styled(crate::domain::text::for_display(text), style)),
                message,
            );
        }
    }
    let mut hint_spans = vec![];
    for (key, description) in app.keymap.hints() {
        hint_spans.push(Span::styled(format!(" {key}"), theme.hint_key));
        hint_spans.push(Span::raw(format!(" {description} ")));
    }
    frame.render_widget(Paragraph::new(Line::from(hint_spans)), hints);
    match &app.mode {
        Mode::Help { filter, scroll } => draw_help(frame, app, theme, filter, *scroll, area),
        Mode::Details { fields, history } => draw_details(frame, fields, history, theme, area),
        Mode::Form(form) => draw_form(frame, form, theme, area),
        Mode::Choose { title, options } => {
            let width = (title.chars().count() as u16).saturating_add(30).max(30);
            let popup = centred(area, width, options.len() as u16 + 2);
            frame.render_widget(Clear, popup);
            let lines: Vec<Line> = options
                .iter()
                .map(|o| {
                    Line::from(vec![
                        Span::styled(format!("  {}  ", o.key), theme.hint_key),
                        Span::raw(crate::domain::text::for_display(&o.label)),
                    ])
                })
                .collect();
            frame.render_widget(
                Paragraph::new(lines).block(
                    Block::default()
                        .borders(Borders::ALL)
                        .title(format!(" {title}: press a key, Esc cancels ")),
                ),
                popup,
            );
        }
        Mode::Confirm { question, .. } => {
            let popup = centred(area, (question.chars().count() as u16 + 4).max(30), 3);
            frame.render_widget(Clear, popup);
            frame.render_widget(
                Paragraph::new(crate::domain::text::for_display(question)).block(
                    Block::default()
                        .borders(Borders::ALL)
                        .title(" y deletes, any other key keeps "),
                ),
                popup,
            );
        }
        _ => {}
    }
}

/// Where the chart goes, when charts are on and the tab has one: the Gantt and the heat map
/// to the right of the table, the burn below it.
fn split_for_chart(app: &App, area: Rect) -> (Rect, Option<Rect>) {
    if !app.chart {
        return (area, None);
    }
    match app.tab {
        Tab::Milestones if area.width >= 60 => {
            let [table, chart] =
                Layout::horizontal([Constraint::Percentage(60), Constraint::Min(0)]).areas(area);
            (table, Some(chart))
        }
        Tab::Raid if area.width >= 60 && area.height >= 9 => {
            let [table, chart] =
                Layout::horizontal([Constraint::Min(0), Constraint::Length(27)]).areas(area);
            (table, Some(chart))
        }
        Tab::Budget if app.budget_view == BudgetView::Plan && area.height >= 12 => {
            let [table, chart] =
                Layout::vertical([Constraint::Min(0), Constraint::Percentage(60)]).areas(area);
            (table, Some(chart))
        }
        _ => (area, None),
    }
}

fn draw_table(frame: &mut Frame, app: &mut App, theme: &Theme, area: Rect) {
    let (area, chart_area) = split_for_chart(app, area);
    let visible = area.height.saturating_sub(1) as usize;
    app.page = visible.max(1);
    let tab = app.tab.index();
    let selected = app.selected[tab];
    let Some(window) = app.window() else {
        app.hit.rows_shown = 0;
        frame.render_widget(Paragraph::new("  Loading…"), area);
        return;
    };
    // Only the rows that fit are built: the window around the selection.
    let shown = window.total;
    let selected = selected.min(shown.saturating_sub(1));
    let start = if visible == 0 {
        selected
    } else {
        selected.saturating_sub(visible.saturating_sub(1))
    };
    let end = (start + visible).min(shown);
    let filtered = !app.filter[tab].is_empty();
    app.hit.first_row_y = area.y + 1;
    app.hit.first_row_index = start;
    app.hit.rows_shown = end.saturating_sub(start);
    let Some(window) = app.window() else {
        return;
    };
    let table = &window.table;
    if shown == 0 {
        let text = if filtered {
            "  No rows match the filter. Esc clears it."
        } else {
            "  Nothing here yet. Press : to run a command (for example: raid add risk \"Title\")."
        };
        frame.render_widget(Paragraph::new(text), area);
        return;
    }
    let sort = app.sort[tab];
    // The sorted column is one wider, for its ▲ or ▼.
    let mut widths: Vec<Constraint> = table
        .widths
        .iter()
        .enumerate()
        .map(|(c, w)| {
            Constraint::Length(if sort.is_some_and(|(s, _)| s == c) {
                w + 1
            } else {
                *w
            })
        })
        .collect();
    if let Some(last) = widths.last_mut() {
        *last = Constraint::Min(0);
    }
    // Rows outside the window (a jump ahead of the fetch) show as … for a frame.
    let rows: Vec<Row> = (start..end)
        .map(|r| match r.checked_sub(window.offset) {
            Some(i) if i < table.rows.len() => {
                Row::new(table.rows[i].iter().map(|c| Cell::from(c.as_str())))
                    .style(tone_style(theme, table.tones[i]))
            }
            _ => Row::new(vec![Cell::from("…")]).style(theme.muted),
        })
        .collect();
    let header = Row::new(table.headers.iter().enumerate().map(|(c, h)| match sort {
        Some((s, up)) if s == c => Cell::from(format!("{h}{}", if up { "▲" } else { "▼" })),
        _ => Cell::from(*h),
    }))
    .style(theme.header);
    let mut state = TableState::default();
    state.select(Some(selected - start));
    frame.render_stateful_widget(
        Table::new(rows, widths)
            .header(header)
            .row_highlight_style(theme.selected)
            .column_spacing(1),
        area,
        &mut state,
    );
    let Some(chart_area) = chart_area else {
        return;
    };
    match (&window.chart, app.tab) {
        (Some(Chart::Heat(h)), _) => chart::heat(frame, chart_area, h, theme),
        (Some(Chart::Burn(points)), _) => chart::burn(frame, chart_area, points, theme),
        (None, Tab::Milestones) => {
            let date = |s: &str| s.parse::<chrono::NaiveDate>().ok();
            let bars: Vec<chart::Bar> = (start..end)
                .map(|r| match r.checked_sub(window.offset) {
                    Some(i) if i < table.rows.len() => chart::Bar {
                        start: date(&table.rows[i][4]),
                        finish: date(&table.rows[i][5]),
                        milestone: table.rows[i][1].starts_with('◆'),
                        style: chart::bar_style(theme, table.tones[i]),
                    },
                    _ => chart::Bar {
                        start: None,
                        finish: None,
                        milestone: false,
                        style: theme.muted,
                    },
                })
                .collect();
            let starts = table.rows.iter().filter_map(|r| date(&r[4]));
            let finishes = table.rows.iter().filter_map(|r| date(&r[5]));
            let range = starts.min().zip(finishes.max());
            chart::gantt(frame, chart_area, &bars, range, app.ctx.today, theme);
        }
        _ => {}
    }
}

/// A centred rectangle of at most `w` x `h` inside `area`.
fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

fn draw_help(frame: &mut Frame, app: &App, theme: &Theme, filter: &str, scroll: usize, area: Rect) {
    let rows = app.keymap.help(filter);
    let popup = centred(area, 60, rows.len() as u16 + 3);
    frame.render_widget(Clear, popup);
    // Lines inside the border, less the filter line.
    let room = popup.height.saturating_sub(3) as usize;
    let scroll = scroll.min(rows.len().saturating_sub(room));
    let more = rows.len().saturating_sub(scroll + room);
    let title = match (scroll, more) {
        (0, 0) => " help: type to filter, Esc closes ".to_string(),
        (_, 0) => " help: ↑ for more, Esc closes ".to_string(),
        (_, n) => format!(" help: ↓ {n} more, type to filter, Esc closes "),
    };
    let mut lines: Vec<Line> = vec![Line::from(vec![
        Span::styled("filter: ", theme.muted),
        Span::raw(crate::domain::text::for_display(filter)),
    ])];
    for (keys, description) in rows.into_iter().skip(scroll).take(room) {
        lines.push(Line::from(vec![
            Span::styled(format!("{keys:>16}  "), theme.hint_key),
            Span::raw(description),
        ]));
    }
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(title)),
        popup,
    );
}

pub fn draw_form(frame: &mut Frame, form: &super::form::Form, theme: &Theme, area: Rect) {
    let popup = centred(area, 64, form.fields.len() as u16 + 4);
    frame.render_widget(Clear, popup);
    let mut lines: Vec<Line> = vec![];
    for (i, f) in form.fields.iter().enumerate() {
        let style = if i == form.focus {
            theme.selected
        } else {
            Style::default()
        };
        let marker = if f.required { "*" } else { " " };
        lines.push(Line::from(vec![
            Span::styled(format!("{:>12}{marker} ", f.label), theme.header),
            Span::styled(
                format!("{} ", crate::domain::text::for_display(&f.value)),
                style,
            ),
        ]));
    }
    let error = form
        .error
        .as_ref()
        .map(|(_, e)| e.as_str())
        .unwrap_or("Tab moves, Enter saves, Esc cancels");
    let error_style = if form.error.is_some() {
        theme.error
    } else {
        theme.muted
    };
    lines.push(Line::from(Span::styled(
        crate::domain::text::for_display(error),
        error_style,
    )));
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" {} ", form.title)),
        ),
        popup,
    );
}

fn draw_details(
    frame: &mut Frame,
    fields: &[(String, String)],
    history: &[String],
    theme: &Theme,
    area: Rect,
) {
    let extra = if history.is_empty() {
        0
    } else {
        history.len() as u16 + 2
    };
    let popup = centred(area, 76, fields.len() as u16 + 2 + extra);
    frame.render_widget(Clear, popup);
    let width = fields
        .iter()
        .map(|(n, _)| n.chars().count())
        .max()
        .unwrap_or(0)
        .min(16);
    let mut lines: Vec<Line> = fields
        .iter()
        .map(|(name, value)| {
            Line::from(vec![
                Span::styled(format!("{name:>width$}  "), theme.header),
                Span::raw(crate::domain::text::for_display(value)),
            ])
        })
        .collect();
    if !history.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            "Changes, newest first:",
            theme.header,
        )));
        for h in history {
            lines.push(Line::from(Span::raw(crate::domain::text::for_display(h))));
        }
    }
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::default()
                .borders(Borders::ALL)
                .title(" details: any key closes "),
        ),
        popup,
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_get_thousands_separators() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1000), "1,000");
        assert_eq!(super::thousands(1_000_000), "1,000,000");
    }
}
