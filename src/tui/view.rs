//! Drawing: the title bar (program, as-of date, what the tab shows), the tab bar, the current
//! tab's table (only the rows on screen are built), the message line, the keys of the current
//! mode from the live keymap, and the overlays. Reads the app; changes nothing but the page
//! size and the click targets it measured.

use super::app::{App, Message, Mode};
use super::keymap::{Action, Item, KeyContext};
use super::overlays;
use super::pager::Chart;
use super::tabs::{BudgetView, Tab};
use super::theme::Theme;
use super::widgets::{burn, gantt, heatmap, table};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// A count with thousands separators: 100,000.
pub fn thousands(n: usize) -> String {
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

/// What the title bar says about the tab: its as-of date, the Status week, the Budget view.
fn about(app: &App) -> String {
    let today = app.ctx.today;
    match app.tab {
        Tab::Status => match app.workspace() {
            Some(w) if w.status.week == app.week() => {
                format!("week {}, as of {}", w.status.week, w.status.as_of)
            }
            _ => format!("week {}", app.week()),
        },
        Tab::Budget => format!("{}, as of {today}", app.budget_view.name()),
        Tab::Milestones if app.milestones_view => {
            format!("milestones, moved since last week, as of {today}")
        }
        _ => format!("as of {today}"),
    }
}

/// Draw the whole screen.
/// The last step of every frame: a cell holding a control or bidirectional-formatting
/// character shows `?` instead, so that no stored text reaches the terminal raw, whichever
/// widget drew it (the widgets escape what they know to be user text; this is the backstop).
pub fn neutralise(buffer: &mut ratatui::buffer::Buffer) {
    for cell in buffer.content.iter_mut() {
        if cell
            .symbol()
            .chars()
            .any(|c| c == '\n' || crate::domain::text::is_unsafe(c))
        {
            cell.set_symbol("?");
        }
    }
}

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
    // The title bar: the program's name gives way (cut with …) to the date and the counts.
    let about = about(app);
    let rows = match app.window() {
        // The Status tab's rows are its scopes and their entries: no count to give.
        _ if app.tab == Tab::Status => String::new(),
        Some(w) if w.total == 1 => "  1 row".to_string(),
        Some(w) => format!("  {} rows", thousands(w.total)),
        None => String::new(),
    };
    let computing = if app.forecasting() {
        "  computing the forecast…"
    } else {
        ""
    };
    let fixed = 10 + 2 + about.chars().count() + rows.chars().count() + computing.chars().count();
    let name = table::cut(
        &crate::domain::text::for_display(&app.program),
        (title.width as usize).saturating_sub(fixed).max(1) as u16,
    );
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(" milepost ", theme.title),
            Span::raw(format!("{name}  ")),
            Span::styled(about, theme.muted),
            Span::styled(rows, theme.muted),
            Span::styled(computing, theme.muted),
        ])),
        title,
    );
    draw_tabs(frame, app, theme, tabs);
    draw_body(frame, app, theme, body);
    draw_message(frame, app, theme, message);
    draw_hints(frame, app, theme, hints);
    draw_overlay(frame, app, theme, area);
}

/// The keys of the current mode, as many as fit (one too wide gives way to those after it);
/// the way out, quit and help keep their place at the end.
fn draw_hints(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let context = app.mode.context();
    let tab = app.tab;
    let mut all = app.keymap.hints(context, |a| match a {
        Action::ToggleView => tab == Tab::Budget,
        Action::MilestonesView | Action::Fold | Action::Collapse | Action::Expand => {
            tab == Tab::Milestones
        }
        Action::PrevWeek | Action::NextWeek | Action::Preview | Action::Export => {
            tab == Tab::Status
        }
        Action::Done => tab != Tab::Status,
        _ => true,
    });
    // The Friday keys come first on the Status tab, where they are what it is for.
    if tab == Tab::Status && context == KeyContext::Normal {
        let first: Vec<String> = [
            Action::PrevWeek,
            Action::NextWeek,
            Action::Preview,
            Action::Export,
        ]
        .into_iter()
        .filter_map(|a| app.keymap.key_for(context, a))
        .collect();
        all.sort_by_key(|(k, _)| !first.contains(k));
    }
    let width = |(k, d): &(String, &str)| k.chars().count() + d.chars().count() + 3;
    let pinned: Vec<(String, &str)> = [Action::Back, Action::Quit, Action::Help]
        .into_iter()
        .filter_map(|a| app.keymap.key_for(context, a))
        .filter_map(|k| all.iter().find(|(key, _)| *key == k).cloned())
        .collect();
    let mut room = (area.width as usize).saturating_sub(pinned.iter().map(width).sum());
    let mut shown: Vec<(String, &str)> = vec![];
    for hint in &all {
        if pinned.contains(hint) {
            continue;
        }
        if width(hint) > room {
            continue;
        }
        room -= width(hint);
        shown.push(hint.clone());
    }
    shown.extend(pinned);
    let mut spans = vec![];
    for (key, description) in shown {
        spans.push(Span::styled(format!(" {key}"), theme.hint_key));
        spans.push(Span::raw(format!(" {description} ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_tabs(frame: &mut Frame, app: &mut App, theme: &Theme, area: Rect) {
    let mut spans = vec![];
    app.hit.tabs_row = area.y;
    app.hit.tabs.clear();
    let mut x = area.x;
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
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_message(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let typed = match &app.mode {
        Mode::Command(line) => Some((":", &line.input)),
        Mode::Filter(input) => Some(("/", input)),
        _ => None,
    };
    if let Some((prompt, input)) = typed {
        let width = (area.width as usize).saturating_sub(2).max(1);
        // Long text scrolls so the cursor stays in view.
        let shown: String = input
            .value()
            .chars()
            .skip(input.cursor().saturating_sub(width))
            .collect();
        frame.render_widget(
            Paragraph::new(format!(
                "{prompt}{}",
                crate::domain::text::for_display(&shown)
            )),
            area,
        );
        let x = area.x + 1 + input.cursor().min(width) as u16;
        if area.height > 0 && area.width > 0 {
            frame.set_cursor_position((x.min(area.right().saturating_sub(1)), area.y));
        }
        if let Some(Message::Error(e)) = &app.message {
            // A filter the tab does not understand: say so on the line itself.
            let note = format!("  ← {e}");
            let used = shown.chars().count() as u16 + 1;
            if used + 4 < area.width {
                frame.render_widget(
                    Paragraph::new(Span::styled(
                        crate::domain::text::for_display(&note),
                        theme.error,
                    )),
                    Rect {
                        x: area.x + used,
                        width: area.width - used,
                        ..area
                    },
                );
            }
        }
        return;
    }
    let (text, style) = match &app.message {
        Some(Message::Info(m)) => (m.as_str(), theme.message),
        Some(Message::Error(m)) => (m.as_str(), theme.error),
        None => ("", Style::default()),
    };
    frame.render_widget(
        Paragraph::new(Span::styled(crate::domain::text::for_display(text), style)),
        area,
    );
}

fn draw_overlay(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let keys = |context: KeyContext, action: Action| {
        app.keymap.key_for(context, action).unwrap_or_default()
    };
    match &app.mode {
        Mode::Help(help) => overlays::help::draw(frame, &app.keymap, help, theme, area),
        Mode::Details(d) => {
            let hint = format!(
                "{} edits, {} closes",
                keys(KeyContext::Details, Action::Edit),
                keys(KeyContext::Details, Action::Back)
            );
            overlays::details::draw(frame, d, &hint, theme, area)
        }
        Mode::Form(form) => overlays::form::draw(frame, form, theme, area),
        Mode::Menu { title, items } => {
            let entries: Vec<(String, &str)> = app
                .keymap
                .menu(items)
                .into_iter()
                .map(|(k, _, d)| (k, d))
                .collect();
            overlays::menu::draw(frame, title, &entries, theme, area);
        }
        Mode::Confirm { question, .. } => {
            let hint = format!(
                "{} yes, {} no",
                keys(KeyContext::Confirm, Action::Yes),
                keys(KeyContext::Confirm, Action::No)
            );
            overlays::confirm::draw(frame, question, &hint, theme, area);
        }
        Mode::Output(out) => overlays::output::draw(frame, out, theme, area),
        Mode::Progress(grid) => {
            // Over the tabs and the table; the message and hint lines stay visible.
            let body = Rect {
                y: area.y + 1,
                height: area.height.saturating_sub(3),
                ..area
            };
            overlays::progress::draw(frame, grid, app.ctx.today, theme, body)
        }
        Mode::Normal | Mode::Command(_) | Mode::Filter(_) => {}
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

/// What an empty tab says to press, with the keys of the live keymap.
fn empty_state(app: &App) -> String {
    let add = app
        .keymap
        .key_for(KeyContext::Normal, Action::Add)
        .unwrap_or_else(|| "a".into());
    let item = |i: Item| {
        app.keymap
            .key_for(KeyContext::Menu, Action::Pick(i))
            .unwrap_or_default()
    };
    match app.tab {
        Tab::Milestones => format!(
            "  No tasks yet. Press {add}, then {} for a workstream; then {add}, {} for a task.",
            item(Item::Workstream),
            item(Item::Task)
        ),
        Tab::Raid => format!(
            "  The RAID log is empty. Press {add}, then {} for a risk ({} assumption, {} issue, {} dependency).",
            item(Item::Risk),
            item(Item::Assumption),
            item(Item::Issue),
            item(Item::Dependency)
        ),
        Tab::Budget => format!(
            "  Nothing here yet. Press {add}, then {} for a budget line or {} to record spend.",
            item(Item::BudgetLine),
            item(Item::Spend)
        ),
        Tab::Status => "  No workstreams yet: add one on the Milestones tab.".into(),
        Tab::Log => format!(
            "  Nothing logged yet. Press {add}, then {} for a decision or {} for a change request.",
            item(Item::Decision),
            item(Item::ChangeRequest)
        ),
    }
}

fn draw_body(frame: &mut Frame, app: &mut App, theme: &Theme, area: Rect) {
    let (area, chart_area) = split_for_chart(app, area);
    let visible = area.height.saturating_sub(1) as usize;
    app.page = visible.max(1);
    let tab = app.tab.index();
    let Some(window) = app.window() else {
        app.hit.rows_shown = 0;
        frame.render_widget(Paragraph::new("  Loading…"), area);
        return;
    };
    let shown = window.total;
    let selected = app.selected[tab].min(shown.saturating_sub(1));
    let start = if visible == 0 {
        selected
    } else {
        selected.saturating_sub(visible.saturating_sub(1))
    };
    let end = (start + visible).min(shown);
    if shown == 0 {
        let text = if app.filter[tab].is_empty() {
            empty_state(app)
        } else {
            "  No rows match the filter. Esc clears it.".to_string()
        };
        app.hit.rows_shown = 0;
        frame.render_widget(Paragraph::new(text), area);
        return;
    }
    app.hit.first_row_y = area.y + 1;
    app.hit.first_row_index = start;
    app.hit.rows_shown = end.saturating_sub(start);
    let Some(window) = app.window() else {
        return;
    };
    let rows: Vec<Option<usize>> = (start..end)
        .map(|r| {
            r.checked_sub(window.offset)
                .filter(|i| *i < window.table.rows.len())
        })
        .collect();
    if let Some(w) = window.workspace.clone() {
        // The panel is built again when the workspace changes: another generation, week or
        // the trend arriving.
        let version = {
            use std::hash::{Hash, Hasher};
            let mut h = std::hash::DefaultHasher::new();
            (window.generation, w.status.week, w.trend.is_some()).hash(&mut h);
            h.finish()
        };
        let mut cache = app.status_panel.take();
        app.status_scroll = super::widgets::workspace::draw(
            frame,
            area,
            &w,
            version,
            selected,
            app.status_scroll,
            &mut cache,
            theme,
        );
        app.status_panel = cache;
        return;
    }
    let view = table::View {
        table: &window.table,
        rows: rows.clone(),
        selected: selected - start,
        sort: app.sort[tab],
    };
    table::draw(frame, &view, theme, area);
    let Some(chart_area) = chart_area else {
        return;
    };
    let t = &window.table;
    match (&window.chart, app.tab) {
        (Some(Chart::Heat(h)), _) => heatmap::heat(frame, chart_area, h, theme),
        (Some(Chart::Burn(points)), _) => burn::burn(frame, chart_area, points, theme),
        (None, Tab::Milestones) => {
            let date = |s: &str| s.parse::<chrono::NaiveDate>().ok();
            let bars: Vec<gantt::Bar> = rows
                .iter()
                .map(|r| match r {
                    Some(i) => {
                        // The title cell, past its WBS indent, tells milestones and summaries.
                        let title = t.rows[*i][1].trim_start();
                        gantt::Bar {
                            start: date(&t.rows[*i][4]),
                            finish: date(&t.rows[*i][5]),
                            milestone: title.starts_with('◆'),
                            summary: title.starts_with('▾') || title.starts_with('▸'),
                            style: gantt::bar_style(theme, t.tones[*i]),
                        }
                    }
                    None => gantt::Bar {
                        start: None,
                        finish: None,
                        milestone: false,
                        summary: false,
                        style: theme.muted,
                    },
                })
                .collect();
            let starts = t.rows.iter().filter_map(|r| date(&r[4]));
            let finishes = t.rows.iter().filter_map(|r| date(&r[5]));
            let range = starts.min().zip(finishes.max());
            gantt::gantt(frame, chart_area, &bars, range, app.ctx.today, theme);
        }
        _ => {}
    }
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
