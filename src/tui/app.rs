//! The workbench state and what each action does to it. Rendering reads this state; nothing
//! here draws. Changes to data go through `ops` (undo/redo) or the `:` command line (the CLI's
//! own grammar), never through SQL.

use super::data::{BudgetView, Tab, TableData};
use super::form::Form;
use super::keymap::{Action, KeyContext, Keymap};
use super::pager::{Loader, Pager, Query, Reply, Request, Window};
use crate::ops::{self, Context};
use crate::store::Store;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

/// What the keyboard is talking to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Normal,
    /// The help overlay, filtered by what was typed, scrolled down by `scroll` lines.
    Help {
        filter: String,
        scroll: usize,
    },
    /// The `:` command line, with the position in the history while browsing it.
    Command {
        input: String,
        browsing: Option<usize>,
    },
    /// Every field of the selected row's record (name, value), and its change history from
    /// the journal.
    Details {
        fields: Vec<(String, String)>,
        history: Vec<String>,
    },
    /// Typing a filter (applied as it is typed).
    Filter,
    /// Adding or editing through a form.
    Form(Form),
    /// A destructive command waiting for y/n, with the question that names the item.
    Confirm {
        question: String,
        command: String,
    },
    /// Pick what to add (or how to decide): a key per form.
    Choose {
        title: String,
        options: Vec<Choice>,
    },
}

/// One entry of a [`Mode::Choose`] menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub key: char,
    pub label: String,
    pub form: Form,
}

/// A line for the message area: what happened, or what went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Info(String),
    Error(String),
}

pub struct App {
    pub store: Store,
    pub ctx: Context,
    pub keymap: Keymap,
    pub program: String,
    pub tab: Tab,
    /// Each tab's window of rows around its selection, fetched when first shown and again
    /// after every change (the old one stays on screen until the new one arrives).
    pub windows: [Option<Window>; 5],
    /// Position of the selection within the rows the filter keeps.
    pub selected: [usize; 5],
    /// The filter typed after `/`, per tab.
    pub filter: [String; 5],
    /// Sort column and direction (ascending when true), per tab.
    pub sort: [Option<(usize, bool)>; 5],
    pub mode: Mode,
    pub message: Option<Message>,
    pub history: Vec<String>,
    pub quit: bool,
    /// The Budget tab lists spend entries instead of the plan per workstream.
    pub budget_view: BudgetView,
    /// Charts shown: the Gantt, the risk heat map and the burn chart.
    pub chart: bool,
    /// Rows the body showed at the last draw, for paging.
    pub page: usize,
    /// Where the last draw put things, for mouse clicks: each tab label's columns, the table's
    /// first data row on screen, and the index (in the rows shown) of the row drawn there.
    pub hit: Hit,
    data_version: i64,
    /// Fetches windows on a thread of its own (the workbench), or `None` to fetch in place.
    loader: Option<Loader>,
    /// Fetches windows in place (tests, benchmarks) when there is no loader.
    pager: Option<Pager>,
    /// Bumped on every change to the data, so windows of older data are fetched again.
    generation: u64,
    /// The last request per tab, so a window already asked for is not asked for again.
    wanted: [Option<Request>; 5],
}

/// Rows fetched per window: several screens, so scrolling rarely waits for a fetch.
pub const WINDOW: usize = 400;

/// Screen positions from the last draw.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hit {
    pub tabs_row: u16,
    pub tabs: Vec<(u16, u16)>,
    pub first_row_y: u16,
    pub first_row_index: usize,
    pub rows_shown: usize,
}

impl App {
    /// An app that fetches its windows in place, as they are needed (tests, benchmarks).
    pub fn new(store: Store, ctx: Context) -> crate::error::Result<App> {
        let mut app = App::new_empty(store, ctx)?;
        app.pager = Some(Pager::open(app.store.path(), ctx.today)?);
        app.ensure_window();
        Ok(app)
    }

    /// An app with nothing loaded yet.
    pub fn new_empty(store: Store, ctx: Context) -> crate::error::Result<App> {
        let program = store.read().program()?.name;
        let data_version = store.data_version()?;
        let app = App {
            store,
            ctx,
            keymap: Keymap::default(),
            program,
            tab: Tab::Milestones,
            windows: Default::default(),
            selected: [0; 5],
            filter: Default::default(),
            sort: [None; 5],
            mode: Mode::Normal,
            message: None,
            history: vec![],
            quit: false,
            budget_view: BudgetView::Plan,
            chart: false,
            page: 10,
            hit: Hit::default(),
            data_version,
            loader: None,
            pager: None,
            generation: 0,
            wanted: Default::default(),
        };
        Ok(app)
    }

    /// The current tab's window, once one has arrived.
    pub fn window(&self) -> Option<&Window> {
        self.windows[self.tab.index()].as_ref()
    }

    /// The current tab's rows in the window (no columns before any arrived).
    pub fn table(&self) -> &TableData {
        static EMPTY: std::sync::OnceLock<TableData> = std::sync::OnceLock::new();
        self.window()
            .map(|w| &w.table)
            .unwrap_or_else(|| EMPTY.get_or_init(TableData::default))
    }

    /// How many rows the current tab's filter keeps.
    pub fn total(&self) -> usize {
        self.window().map_or(0, |w| w.total)
    }

    /// Fetch windows on a background thread from now on; [`App::poll_loaded`] takes them.
    pub fn load_in_background(&mut self) {
        self.load_in_background_waking(Box::new(|| {}));
    }

    /// As [`App::load_in_background`], calling `wake` whenever something arrives (the
    /// workbench loop sleeps until then).
    pub fn load_in_background_waking(&mut self, wake: super::event::Waker) {
        self.pager = None;
        self.loader = Some(Loader::start(
            self.store.path().to_path_buf(),
            self.ctx.today,
            wake,
        ));
        self.reload();
    }

    /// Whether the current tab has nothing to show yet.
    pub fn loading(&self) -> bool {
        self.window().is_none()
    }

    /// Whether the Milestones forecast is still being computed for the rows shown.
    pub fn forecasting(&self) -> bool {
        self.tab == Tab::Milestones && self.window().is_some_and(|w| w.forecast_pending)
    }

    fn query(&self, i: usize) -> Query {
        Query {
            budget_view: if Tab::ALL[i] == Tab::Budget {
                self.budget_view
            } else {
                BudgetView::Plan
            },
            filter: self.filter[i].clone(),
            sort: self.sort[i],
            chart: self.chart && matches!(Tab::ALL[i], Tab::Raid | Tab::Budget),
        }
    }

    fn install(&mut self, tab: Tab, generation: u64, query: Query, window: Result<Window, String>) {
        let i = tab.index();
        let window = window.unwrap_or_else(|e| {
            self.message = Some(Message::Error(e));
            Window {
                tab,
                generation,
                offset: 0,
                total: 0,
                table: super::data::empty(tab, query.budget_view),
                query,
                forecast_pending: false,
                chart: None,
            }
        });
        // A window of another query or older data is only worth showing when there is nothing
        // else; the newer one is on its way.
        let current = window.generation == self.generation && window.query == self.query(i);
        if current || self.windows[i].is_none() {
            self.selected[i] = self.selected[i].min(window.total.saturating_sub(1));
            self.windows[i] = Some(window);
        }
        if tab == self.tab {
            self.ensure_window();
        }
    }

    /// The selected row's cells, if its window has arrived.
    pub fn selected_row(&self) -> Option<&Vec<String>> {
        self.window()?.row(self.selected[self.tab.index()])
    }

    /// Make sure the current tab's window holds the rows around the selection, asking for a
    /// new one when it does not (or when the data, filter or sort changed).
    pub fn ensure_window(&mut self) {
        let i = self.tab.index();
        let query = self.query(i);
        let selected = self.selected[i];
        let page = self.page.max(1);
        let (from, to) = (selected.saturating_sub(page), selected + 2 * page);
        let fresh = |generation: u64, q: &Query| generation == self.generation && *q == query;
        if let Some(w) = &self.windows[i]
            && fresh(w.generation, &w.query)
            && w.covers(from, to)
        {
            return;
        }
        let known_total = self.windows[i]
            .as_ref()
            .filter(|w| fresh(w.generation, &w.query))
            .map(|w| w.total);
        if let Some(r) = &self.wanted[i]
            && fresh(r.generation, &r.query)
            && r.offset <= from
            && r.offset + r.limit >= known_total.map_or(to, |t| to.min(t))
        {
            return;
        }
        let request = Request {
            tab: self.tab,
            generation: self.generation,
            query,
            offset: selected.saturating_sub(WINDOW / 2),
            limit: WINDOW,
        };
        if let Some(loader) = &self.loader {
            if loader.requests.send(request.clone()).is_ok() {
                self.wanted[i] = Some(request);
            }
            return;
        }
        let Some(pager) = self.pager.as_mut() else {
            return;
        };
        self.wanted[i] = Some(request.clone());
        if self.tab == Tab::Milestones
            && pager.forecast_stale(self.generation)
            && let Err(e) = pager.refresh_forecast(self.generation)
        {
            self.message = Some(Message::Error(e.to_string()));
        }
        let window = pager.fetch(&request).map_err(|e| e.to_string());
        self.install(request.tab, request.generation, request.query, window);
    }

    /// Take what the background loader finished; returns whether anything arrived.
    pub fn poll_loaded(&mut self) -> bool {
        let mut arrived = vec![];
        if let Some(loader) = &self.loader {
            arrived.extend(loader.results.try_iter());
        }
        let any = !arrived.is_empty();
        for reply in arrived {
            match reply {
                Reply::Window(tab, generation, query, window) => {
                    self.install(tab, generation, query, *window)
                }
                Reply::Forecast(_, Err(e)) => self.message = Some(Message::Error(e)),
                Reply::Forecast(generation, Ok(())) if generation == self.generation => {
                    // Fetch the Milestones rows again, now with their forecast.
                    if let Some(w) = self.windows[0].as_mut() {
                        w.generation = 0;
                    }
                    self.wanted[0] = None;
                    if self.tab == Tab::Milestones {
                        self.ensure_window();
                    }
                }
                Reply::Forecast(..) => {}
            }
        }
        any
    }

    /// The data changed: fetch the current tab's window again (the others when next shown).
    pub fn reload(&mut self) {
        self.generation += 1;
        if let Ok(p) = self.store.read().program() {
            self.program = p.name;
        }
        self.wanted = Default::default();
        self.ensure_window();
        self.data_version = self.store.data_version().unwrap_or(self.data_version);
    }

    /// Called on a slow tick: reload only when another process changed the database.
    pub fn tick(&mut self) -> bool {
        match self.store.data_version() {
            Ok(v) if v != self.data_version => {
                self.reload();
                true
            }
            _ => false,
        }
    }

    fn move_to(&mut self, row: isize) {
        let i = self.tab.index();
        let len = self.total();
        self.selected[i] = if len == 0 {
            0
        } else {
            row.clamp(0, len as isize - 1) as usize
        };
        self.ensure_window();
    }

    /// The filter or sort of tab `i` changed: back to the first row, and fetch.
    fn refilter(&mut self, i: usize) {
        self.selected[i] = 0;
        self.ensure_window();
    }

    /// Handle a key press; returns whether anything changed (so the screen needs a redraw).
    /// In a typing context (form, filter, command line, help) a bound key does its action and
    /// any other character is typed.
    pub fn handle_key(&mut self, key: KeyEvent) -> bool {
        let context = match &self.mode {
            Mode::Normal => KeyContext::Normal,
            Mode::Form(_) => KeyContext::Form,
            Mode::Filter => KeyContext::Filter,
            Mode::Command { .. } => KeyContext::Command,
            Mode::Help { .. } => KeyContext::Help,
            Mode::Details { .. } => {
                // Any key closes the details.
                self.mode = Mode::Normal;
                return true;
            }
            Mode::Confirm { command, .. } => {
                let command = command.clone();
                self.mode = Mode::Normal;
                if matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
                    self.run_command(&command);
                } else {
                    self.message = Some(Message::Info("nothing deleted".into()));
                }
                return true;
            }
            Mode::Choose { options, .. } => {
                let picked = match key.code {
                    KeyCode::Char(c) => options.iter().find(|o| o.key == c),
                    _ => None,
                };
                match picked {
                    Some(choice) => self.mode = Mode::Form(choice.form.clone()),
                    None if key.code == KeyCode::Esc => self.mode = Mode::Normal,
                    None => return false,
                }
                return true;
            }
        };
        let action = self.keymap.action_in(context, &key);
        if context == KeyContext::Normal {
            return match action {
                Some(action) => {
                    self.apply(action);
                    true
                }
                None => false,
            };
        }
        let typed = match key.code {
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => Some(c),
            _ => None,
        };
        let backspace = action.is_none() && key.code == KeyCode::Backspace;
        if action.is_none() && typed.is_none() && !backspace {
            return false;
        }
        match &mut self.mode {
            Mode::Command { input, browsing } => match action {
                Some(Action::Back) => self.mode = Mode::Normal,
                Some(Action::Submit) => {
                    let line = input.trim().to_string();
                    self.mode = Mode::Normal;
                    if !line.is_empty() {
                        self.run_command(&line);
                    }
                }
                Some(Action::Complete) => self.complete_command(),
                Some(Action::Up) if !self.history.is_empty() => {
                    let pos = browsing.map_or(self.history.len() - 1, |p| p.saturating_sub(1));
                    *input = self.history[pos].clone();
                    *browsing = Some(pos);
                }
                Some(Action::Down) => {
                    if let Some(p) = *browsing {
                        if p + 1 < self.history.len() {
                            *input = self.history[p + 1].clone();
                            *browsing = Some(p + 1);
                        } else {
                            input.clear();
                            *browsing = None;
                        }
                    }
                }
                Some(_) => return false,
                None => {
                    match typed {
                        Some(c) => input.push(c),
                        None => {
                            input.pop();
                        }
                    }
                    *browsing = None;
                }
            },
            Mode::Help { filter, scroll } => {
                let lines = self.keymap.help(filter).len();
                match action {
                    Some(Action::Help) => self.mode = Mode::Normal,
                    Some(Action::Back) if filter.is_empty() => self.mode = Mode::Normal,
                    Some(Action::Back) => {
                        filter.clear();
                        *scroll = 0;
                    }
                    Some(Action::Down) => *scroll = (*scroll + 1).min(lines.saturating_sub(1)),
                    Some(Action::Up) => *scroll = scroll.saturating_sub(1),
                    Some(Action::PageDown) => *scroll = (*scroll + 10).min(lines.saturating_sub(1)),
                    Some(Action::PageUp) => *scroll = scroll.saturating_sub(10),
                    Some(_) => return false,
                    None => {
                        match typed {
                            Some(c) => filter.push(c),
                            None => {
                                filter.pop();
                            }
                        }
                        *scroll = 0;
                    }
                }
            }
            Mode::Filter => {
                let i = self.tab.index();
                match action {
                    Some(Action::Submit) => self.mode = Mode::Normal,
                    Some(Action::Back) => {
                        self.filter[i].clear();
                        self.mode = Mode::Normal;
                    }
                    Some(_) => return false,
                    None => match typed {
                        Some(c) => self.filter[i].push(c),
                        None => {
                            self.filter[i].pop();
                        }
                    },
                }
                self.refilter(i);
            }
            Mode::Form(form) => match action {
                Some(Action::Back) => {
                    self.mode = Mode::Normal;
                    self.message = Some(Message::Info("cancelled; nothing written".into()));
                }
                Some(Action::Down) => form.next(),
                Some(Action::Up) => form.previous(),
                Some(Action::Submit) => self.submit_form(),
                Some(_) => return false,
                None => match typed {
                    Some(c) => form.fields[form.focus].value.push(c),
                    None => {
                        form.fields[form.focus].value.pop();
                    }
                },
            },
            _ => return false,
        }
        true
    }

    /// Tab on the command line: complete the word (subcommand, flag or key), or list the
    /// choices and complete what they share.
    fn complete_command(&mut self) {
        let Mode::Command { input, .. } = &mut self.mode else {
            return;
        };
        let keys = self.store.read().item_keys().unwrap_or_default();
        let options = crate::cli::complete(input, &keys);
        let start = input.rfind(char::is_whitespace).map_or(0, |i| i + 1);
        match options.as_slice() {
            [] => {}
            [one] => {
                input.truncate(start);
                input.push_str(one);
                input.push(' ');
            }
            many => {
                let first = &many[0];
                let shared = (0..first.len())
                    .take_while(|&n| {
                        first.is_char_boundary(n + 1)
                            && many.iter().all(|o| o.get(..=n) == first.get(..=n))
                    })
                    .count();
                if shared > input.len() - start {
                    input.truncate(start);
                    input.push_str(&first[..shared]);
                }
                self.message = Some(Message::Info(many.join("  ")));
            }
        }
    }

    /// A mouse event: click a tab, click a row, scroll. Returns whether anything changed.
    pub fn handle_mouse(&mut self, event: MouseEvent) -> bool {
        if self.mode != Mode::Normal {
            return false;
        }
        match event.kind {
            MouseEventKind::Down(MouseButton::Left) if event.row == self.hit.tabs_row => match self
                .hit
                .tabs
                .iter()
                .position(|(from, to)| event.column >= *from && event.column < *to)
            {
                Some(i) => {
                    self.apply(Action::Tab(i));
                    true
                }
                None => false,
            },
            MouseEventKind::Down(MouseButton::Left) if event.row >= self.hit.first_row_y => {
                let offset = (event.row - self.hit.first_row_y) as usize;
                if offset < self.hit.rows_shown {
                    self.move_to((self.hit.first_row_index + offset) as isize);
                    true
                } else {
                    false
                }
            }
            MouseEventKind::ScrollDown => {
                let sel = self.selected[self.tab.index()] as isize;
                self.move_to(sel + 3);
                true
            }
            MouseEventKind::ScrollUp => {
                let sel = self.selected[self.tab.index()] as isize;
                self.move_to(sel - 3);
                true
            }
            _ => false,
        }
    }

    /// Apply an action in normal mode.
    pub fn apply(&mut self, action: Action) {
        let sel = self.selected[self.tab.index()] as isize;
        let page = self.page.max(1) as isize;
        match action {
            Action::Quit => self.quit = true,
            Action::Tab(i) => self.switch(i),
            Action::NextTab => self.switch((self.tab.index() + 1) % Tab::ALL.len()),
            Action::PrevTab => {
                self.switch((self.tab.index() + Tab::ALL.len() - 1) % Tab::ALL.len())
            }
            Action::Down => self.move_to(sel + 1),
            Action::Up => self.move_to(sel - 1),
            Action::Top => self.move_to(0),
            Action::Bottom => self.move_to(isize::MAX),
            Action::PageDown => self.move_to(sel + page),
            Action::PageUp => self.move_to(sel - page),
            Action::Details => {
                if let Some(key) = self.selected_key() {
                    let history = self
                        .store
                        .read()
                        .history_of(&key, 8)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|e| {
                            format!(
                                "{}  {}{}",
                                e.at,
                                e.summary,
                                if e.undone { " (undone)" } else { "" }
                            )
                        })
                        .collect();
                    let fields = self.record_fields(&key);
                    self.mode = Mode::Details { fields, history };
                }
            }
            Action::Filter => self.mode = Mode::Filter,
            Action::Sort => {
                let i = self.tab.index();
                let columns = self.table().headers.len().max(1);
                // Each press sorts by the next column; past the last, back to the natural order.
                self.sort[i] = match self.sort[i] {
                    None => Some((0, true)),
                    Some((c, _)) if c + 1 < columns => Some((c + 1, true)),
                    Some(_) => None,
                };
                self.refilter(i);
            }
            Action::Reverse => {
                let i = self.tab.index();
                if let Some((c, up)) = self.sort[i] {
                    self.sort[i] = Some((c, !up));
                    self.refilter(i);
                }
            }
            Action::CommandLine => {
                self.mode = Mode::Command {
                    input: String::new(),
                    browsing: None,
                }
            }
            Action::Help => {
                self.mode = Mode::Help {
                    filter: String::new(),
                    scroll: 0,
                }
            }
            Action::Back => {
                let i = self.tab.index();
                if !self.filter[i].is_empty() {
                    self.filter[i].clear();
                    self.refilter(i);
                }
                self.mode = Mode::Normal;
                self.message = None;
            }
            Action::Undo => {
                let result = ops::undo(&mut self.store);
                self.after_change(
                    result.map(|s| s.map_or("nothing to undo".into(), |s| format!("undid: {s}"))),
                );
            }
            Action::Redo => {
                let result = ops::redo(&mut self.store);
                self.after_change(
                    result.map(|s| s.map_or("nothing to redo".into(), |s| format!("redid: {s}"))),
                );
            }
            Action::ToggleView => {
                if self.tab == Tab::Budget {
                    self.budget_view = self.budget_view.next();
                    let i = self.tab.index();
                    // The columns differ: show nothing until the other view arrives.
                    self.windows[i] = None;
                    self.selected[i] = 0;
                    self.ensure_window();
                }
            }
            Action::Chart => {
                self.chart = !self.chart;
                if self.chart && matches!(self.tab, Tab::Status | Tab::Log) {
                    self.message = Some(Message::Info(
                        "charts: Gantt on Milestones, heat map on RAID, burn on Budget".into(),
                    ));
                }
                self.ensure_window();
            }
            // Only meaningful while typing.
            Action::Submit | Action::Complete => {}
            Action::Add => self.open_add(),
            Action::Edit => self.open_edit(),
            Action::Delete => self.confirm_delete(),
            Action::Done => self.mark_done(),
        }
    }

    fn switch(&mut self, i: usize) {
        self.tab = Tab::ALL[i.min(Tab::ALL.len() - 1)];
        self.ensure_window();
    }

    fn after_change(&mut self, result: crate::error::Result<String>) {
        match result {
            Ok(m) => {
                self.message = Some(Message::Info(m));
                self.reload();
            }
            Err(e) => self.message = Some(Message::Error(e.lines().join("; "))),
        }
    }

    /// Run a line of the `:` command line: any CLI command, same grammar.
    pub fn run_command(&mut self, line: &str) {
        self.history.retain(|h| h != line);
        self.history.push(line.to_string());
        match crate::cli::run_line(&mut self.store, line, &self.ctx) {
            Ok(out) => {
                let first = out
                    .lines()
                    .find(|l| !l.trim().is_empty())
                    .unwrap_or("done")
                    .to_string();
                let more = out.lines().filter(|l| !l.trim().is_empty()).count();
                let text = if more > 1 {
                    format!("{line} → {first} (+{} lines)", more - 1)
                } else {
                    format!("{line} → {first}")
                };
                self.message = Some(Message::Info(text));
                self.reload();
            }
            Err(e) => self.message = Some(Message::Error(e)),
        }
    }
}
