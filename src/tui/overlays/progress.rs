//! The weekly progress grid (`p`): the tasks in flight, due to start or finish within two
//! weeks, or late to start, as of today. On a row, digits type the percent; `s` and `f` mark
//! it started or finished today (`y` first: yesterday), and digits then type a date instead;
//! Enter saves the row as one command (undo takes it back row by row) and moves to the next.

use crate::domain::{Task, dates};
use crate::engine::forecast::TaskForecast;
use crate::error::Result;
use crate::ops::{TaskPatch, input};
use crate::tui::theme::Theme;
use chrono::{Days, NaiveDate};
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Clear, Row, Table, TableState};

/// One task of the grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridRow {
    pub key: String,
    pub title: String,
    pub owner: String,
    pub percent: i64,
    pub started: Option<NaiveDate>,
    pub finished: Option<NaiveDate>,
    /// Working days of work left: the duration's share not done.
    pub remaining: i64,
    pub forecast_finish: NaiveDate,
    pub slip: Option<i64>,
}

/// Which cell of the row digits go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    Percent,
    Started,
    Finished,
}

/// What has been typed on the selected row and not saved yet.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RowEdit {
    pub percent: Option<String>,
    pub started: Option<String>,
    pub finished: Option<String>,
    pub focus: Focus,
    /// `y` was pressed: the next `s` or `f` means yesterday.
    pub yesterday: bool,
}

impl RowEdit {
    pub fn is_empty(&self) -> bool {
        self.percent.is_none() && self.started.is_none() && self.finished.is_none()
    }
}

/// The grid's state.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Grid {
    /// `None` until the rows arrive.
    pub rows: Option<Vec<GridRow>>,
    pub selected: usize,
    pub edit: RowEdit,
    /// The longest key, title and owner of the rows (for the column widths).
    pub longest: [usize; 3],
}

/// The grid's tasks as of `today`, from the tasks and their forecast: unfinished, and started,
/// or due to start or finish within two weeks, or late to start against the baseline. Those
/// under way first, by forecast finish; then the rest by forecast start.
pub fn rows(
    tasks: &[Task],
    forecast: &std::collections::HashMap<String, TaskForecast>,
    today: NaiveDate,
) -> Vec<GridRow> {
    let horizon = today + Days::new(14);
    let mut out: Vec<(bool, NaiveDate, GridRow)> = vec![];
    for t in tasks {
        if t.actual_finish.is_some_and(|f| f <= today) || t.percent_complete >= 100 {
            continue;
        }
        let Some(f) = forecast.get(&t.key) else {
            continue;
        };
        let started = t.actual_start.is_some_and(|s| s <= today);
        let soon = |d: NaiveDate| d >= today && d <= horizon;
        let late = !started && f.baseline_start.is_some_and(|b| b <= today);
        if !(started || soon(f.start) || soon(f.finish) || late) {
            continue;
        }
        let remaining = (t.duration * (100 - t.percent_complete) + 99) / 100;
        out.push((
            !started,
            if started { f.finish } else { f.start },
            GridRow {
                key: t.key.clone(),
                title: t.title.clone(),
                owner: t.owner.clone().unwrap_or_default(),
                percent: t.percent_complete,
                started: t.actual_start,
                finished: t.actual_finish,
                remaining,
                forecast_finish: f.finish,
                slip: f.slip_days,
            },
        ));
    }
    out.sort_by(|a, b| (a.0, a.1, &a.2.key).cmp(&(b.0, b.1, &b.2.key)));
    out.into_iter().map(|(_, _, r)| r).collect()
}

impl Grid {
    /// The row the selection is on.
    /// Install the rows (and measure them once: the grid can hold thousands).
    pub fn set_rows(&mut self, rows: Vec<GridRow>) {
        let longest = |f: &dyn Fn(&GridRow) -> usize| rows.iter().map(f).max().unwrap_or(0);
        self.longest = [
            longest(&|r| r.key.chars().count()),
            longest(&|r| r.title.chars().count()),
            longest(&|r| r.owner.chars().count()),
        ];
        self.rows = Some(rows);
    }

    pub fn current(&self) -> Option<&GridRow> {
        self.rows.as_ref()?.get(self.selected)
    }

    /// A digit or `-` typed into the focused cell; the first one replaces what was there.
    pub fn type_char(&mut self, c: char) -> bool {
        if !(c.is_ascii_digit() || c == '-') {
            return false;
        }
        let cell = match self.edit.focus {
            Focus::Percent => &mut self.edit.percent,
            Focus::Started => &mut self.edit.started,
            Focus::Finished => &mut self.edit.finished,
        };
        match cell {
            Some(text) if text.chars().all(|c| c.is_ascii_digit() || c == '-') => text.push(c),
            _ => *cell = Some(c.to_string()),
        }
        true
    }

    pub fn backspace(&mut self) -> bool {
        let cell = match self.edit.focus {
            Focus::Percent => &mut self.edit.percent,
            Focus::Started => &mut self.edit.started,
            Focus::Finished => &mut self.edit.finished,
        };
        match cell {
            // A word (today, yesterday) goes whole; typed digits one at a time.
            Some(text) if text.chars().all(|c| c.is_ascii_digit() || c == '-') => {
                text.pop();
                if text.is_empty() {
                    *cell = None;
                }
                true
            }
            Some(_) => {
                *cell = None;
                true
            }
            None => false,
        }
    }

    /// `s` or `f`: started or finished today, or yesterday after `y`.
    pub fn mark(&mut self, finished: bool) {
        let day = if std::mem::take(&mut self.edit.yesterday) {
            "yesterday"
        } else {
            "today"
        };
        if finished {
            self.edit.finished = Some(day.into());
            self.edit.focus = Focus::Finished;
        } else {
            self.edit.started = Some(day.into());
            self.edit.focus = Focus::Started;
        }
    }

    /// The row's edit as the fields of `task set`; `None` when nothing was typed.
    pub fn patch(&self, today: NaiveDate) -> Result<Option<TaskPatch>> {
        if self.edit.is_empty() {
            return Ok(None);
        }
        let date = |field: &str, v: &Option<String>| -> Result<Option<Option<NaiveDate>>> {
            v.as_deref()
                .map(|t| input::date(field, t, today).map(Some))
                .transpose()
        };
        Ok(Some(TaskPatch {
            percent: input::opt_int("percent", self.edit.percent.as_deref(), 0, 100)?,
            started: date("started", &self.edit.started)?,
            finished: date("finished", &self.edit.finished)?,
            ..TaskPatch::default()
        }))
    }
}

/// The grid's columns: title, width, right-aligned.
const KEY: usize = 0;
const TITLE: usize = 1;
const OWNER: usize = 2;
const LEFT: usize = 6;
const HEADS: [&str; 9] = [
    "KEY", "TITLE", "OWNER", "%", "STARTED", "FINISHED", "LEFT", "FORECAST", "SLIP",
];

/// The width of each column in `width` cells, for rows whose longest key, title and owner are
/// `longest`; `None` for a column left out. Dates and figures are never cut: narrow, the
/// owner goes first, then the days left; the title takes what remains (at least 10).
fn widths(longest: [usize; 3], width: usize) -> [Option<usize>; 9] {
    let mut w: [Option<usize>; 9] = [
        Some(longest[0].max(HEADS[KEY].len())),
        Some(0),
        Some(longest[2].max(HEADS[OWNER].len()).min(16)),
        Some(3),
        Some(10),
        Some(10),
        Some(4),
        Some(10),
        Some(4),
    ];
    let title = longest[1].max(HEADS[TITLE].len());
    for drop in [None, Some(OWNER), Some(LEFT)] {
        if let Some(d) = drop {
            w[d] = None;
        }
        let used: usize = w.iter().flatten().sum::<usize>() + w.iter().flatten().count() - 1;
        let room = width.saturating_sub(used);
        if room >= 16 || drop == Some(LEFT) {
            w[TITLE] = Some(room.min(title).max(10));
            break;
        }
    }
    w
}

/// Draw the grid over `area`: the rows with the selected row's edit in place, and a line
/// that says what typing does.
pub fn draw(frame: &mut Frame, grid: &Grid, today: NaiveDate, theme: &Theme, area: Rect) {
    frame.render_widget(Clear, area);
    let title = match &grid.rows {
        Some(rows) => format!(" Weekly progress, as of {today}: {} tasks ", rows.len()),
        None => " Weekly progress: loading… ".into(),
    };
    let block = Block::default().borders(Borders::ALL).title(title);
    let mut inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(rows) = &grid.rows else {
        return;
    };
    if rows.is_empty() {
        frame.render_widget(
            ratatui::widgets::Paragraph::new(
                "  Nothing under way, due within two weeks or late to start.",
            ),
            inner,
        );
        return;
    }
    // What typing does, at the bottom when there is room.
    let about = "Under way, due within two weeks or late to start. Type a percent; s or f: \
                 started or finished today (y first: yesterday), then digits for another date; \
                 Enter saves the row, Esc undoes it.";
    let about_lines = crate::tui::widgets::workspace::wrap(about, inner.width as usize);
    if inner.height as usize > rows.len() + 1 + about_lines.len() {
        let height = about_lines.len() as u16;
        let bottom = Rect {
            y: inner.y + inner.height - height,
            height,
            ..inner
        };
        let text: Vec<Line> = about_lines
            .into_iter()
            .map(|l| Line::from(Span::styled(l, theme.muted)))
            .collect();
        frame.render_widget(ratatui::widgets::Paragraph::new(text), bottom);
        inner.height -= height;
    }
    let widths = widths(grid.longest, inner.width as usize);
    // Only the page of rows on screen is built: the grid can hold thousands.
    let page = (inner.height as usize).saturating_sub(1).max(1);
    let offset = grid.selected / page * page;
    let date = |d: Option<NaiveDate>| d.map(dates::iso).unwrap_or_default();
    let right = |s: String| Cell::from(Line::from(s).alignment(Alignment::Right));
    let edited = |s: String, focused: bool| {
        Cell::from(Span::styled(
            s,
            if focused {
                theme.selected.patch(theme.hint_key)
            } else {
                theme.hint_key
            },
        ))
    };
    let keep = |cells: Vec<Cell<'static>>| -> Vec<Cell<'static>> {
        cells
            .into_iter()
            .zip(widths)
            .filter_map(|(c, w)| w.map(|_| c))
            .collect()
    };
    let title_width = widths[TITLE].unwrap_or(10) as u16;
    let table_rows: Vec<Row> = rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(page)
        .map(|(i, r)| {
            let e = (i == grid.selected).then_some(&grid.edit);
            let focus = |f: Focus| e.is_some_and(|e| e.focus == f);
            let percent = match e.and_then(|e| e.percent.clone()) {
                Some(p) => edited(format!("{p:>3}"), focus(Focus::Percent)),
                None => right(r.percent.to_string()),
            };
            let started = match e.and_then(|e| e.started.clone()) {
                Some(s) => edited(s, focus(Focus::Started)),
                None => Cell::from(date(r.started)),
            };
            let finished = match e.and_then(|e| e.finished.clone()) {
                Some(s) => edited(s, focus(Focus::Finished)),
                None => Cell::from(date(r.finished)),
            };
            let title = crate::tui::widgets::table::cut(
                &crate::domain::text::for_display(&r.title),
                title_width,
            );
            Row::new(keep(vec![
                Cell::from(r.key.clone()),
                Cell::from(title),
                Cell::from(crate::tui::widgets::table::cut(
                    &crate::domain::text::for_display(&r.owner),
                    widths[OWNER].unwrap_or(0) as u16,
                )),
                percent,
                started,
                finished,
                right(r.remaining.to_string()),
                Cell::from(r.forecast_finish.to_string()),
                right(r.slip.map(|s| format!("{s:+}")).unwrap_or_default()),
            ]))
        })
        .collect();
    let header = Row::new(keep(HEADS.map(Cell::from).to_vec())).style(theme.header);
    let constraints: Vec<Constraint> = widths
        .iter()
        .flatten()
        .map(|w| Constraint::Length(*w as u16))
        .collect();
    let mut state = TableState::default();
    state.select(Some(grid.selected - offset));
    frame.render_stateful_widget(
        Table::new(table_rows, constraints)
            .header(header)
            .row_highlight_style(Style::default().patch(theme.selected))
            .column_spacing(1),
        inner,
        &mut state,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> Grid {
        let mut g = Grid::default();
        g.set_rows(vec![GridRow {
            key: "PLT-1".into(),
            title: "Design".into(),
            owner: String::new(),
            percent: 13,
            started: None,
            finished: None,
            remaining: 5,
            forecast_finish: NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
            slip: Some(0),
        }]);
        g
    }

    #[test]
    fn narrow_grids_leave_out_the_owner_then_the_days_left_and_never_cut_a_date() {
        let mut g = grid();
        let mut rows = g.rows.take().unwrap();
        rows[0].key = "DATA-5".into();
        rows[0].owner = "Priya Nair".into();
        rows[0].title = "Data quality fixes after the trial migration".into();
        g.set_rows(rows);
        let longest = g.longest;
        // 6 + 10 + 3 + 10 + 10 + 4 + 10 + 4 and 8 spaces leave 13 for the title at 78: too few.
        let w = widths(longest, 78);
        assert_eq!((w[OWNER], w[TITLE], w[LEFT]), (None, Some(24), Some(4)));
        assert_eq!(w[4..6], [Some(10), Some(10)]);
        let used: usize = w.iter().flatten().sum::<usize>() + w.iter().flatten().count() - 1;
        assert_eq!(used, 78);
        let wide = widths(longest, 118);
        assert_eq!((wide[OWNER], wide[TITLE]), (Some(10), Some(44)));
        let narrow = widths(longest, 50);
        assert_eq!((narrow[OWNER], narrow[LEFT]), (None, None));
        assert_eq!(narrow[7], Some(10), "the forecast stays whole");
    }

    #[test]
    fn typing_a_percent_and_marking_dates() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let mut g = grid();
        assert_eq!(g.patch(today).unwrap(), None, "nothing typed");
        assert!(g.type_char('3') && g.type_char('5'));
        assert!(!g.type_char('x'), "letters are not typed");
        assert_eq!(g.edit.percent.as_deref(), Some("35"));
        g.edit.yesterday = true;
        g.mark(false);
        assert_eq!(g.edit.started.as_deref(), Some("yesterday"));
        // Digits after s type a date over it.
        for c in "2026-11-30".chars() {
            g.type_char(c);
        }
        assert_eq!(g.edit.started.as_deref(), Some("2026-11-30"));
        let p = g.patch(today).unwrap().unwrap();
        assert_eq!(p.percent, Some(35));
        assert_eq!(p.started, Some(NaiveDate::from_ymd_opt(2026, 11, 30)));
        g.mark(true);
        assert_eq!(g.edit.finished.as_deref(), Some("today"), "y was used up");
        assert!(g.backspace());
        assert_eq!(g.edit.finished, None, "a word goes whole");
        g.mark(true);
        g.type_char('1');
        let err = g.patch(today).unwrap_err().to_string();
        assert!(err.starts_with("finished \"1\""), "{err}");
    }
}
