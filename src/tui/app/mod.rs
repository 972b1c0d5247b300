//! The workbench state. A key becomes an [`Action`] through the live keymap (or typing, in a
//! field); [`App::update`] applies it to the state and returns an [`Effect`]; [`App::perform`]
//! carries the effect out: a typed `ops::Command` runs through `ops::execute` (one
//! transaction, journaled for undo), a `:` line through the CLI's grammar. Nothing here draws;
//! nothing here holds SQL.

use super::keymap::{Action, KeyContext, Keymap};
use super::overlays::command_line::CommandLine;
use super::overlays::details::Details;
use super::overlays::form::Form;
use super::overlays::help::Help;
use super::overlays::output::Output;
use super::pager::{Job, Loader, Pager, Query, Reply, Request, Window};
use super::tabs::{self, BudgetView, Here, Open, RowRef, Tab, TableData};
use super::widgets::text_input::TextInput;
use crate::domain::IsoWeek;
use crate::ops::{self, Command, Context};
use crate::store::Store;
use crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};

mod wbs;
mod weekly;

/// What the keyboard is talking to.
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    Normal,
    Help(Help),
    /// The `:` command line.
    Command(CommandLine),
    /// Typing a filter (applied as it is typed).
    Filter(TextInput),
    Details(Details),
    Form(Form),
    /// A question before something that cannot be taken back by accident; `then` happens
    /// only on yes.
    Confirm {
        question: String,
        then: Then,
    },
    /// Pick what to add (or how to decide).
    Menu {
        title: String,
        items: Vec<super::keymap::Item>,
    },
    /// The output of a `:` command, or the filter words.
    Output(Output),
    /// The weekly progress grid.
    Progress(super::overlays::progress::Grid),
}

impl Mode {
    /// The keymap context of this mode.
    pub fn context(&self) -> KeyContext {
        match self {
            Mode::Normal => KeyContext::Normal,
            Mode::Help(_) => KeyContext::Help,
            Mode::Command(_) => KeyContext::Command,
            Mode::Filter(_) => KeyContext::Filter,
            Mode::Details(_) => KeyContext::Details,
            Mode::Form(f) if f.discarding => KeyContext::Confirm,
            Mode::Form(_) => KeyContext::Form,
            Mode::Confirm { .. } => KeyContext::Confirm,
            Mode::Menu { .. } => KeyContext::Menu,
            Mode::Output(_) => KeyContext::Output,
            Mode::Progress(_) => KeyContext::Grid,
        }
    }
}

/// What a confirmation does on yes.
#[derive(Debug, Clone, PartialEq)]
pub enum Then {
    /// Run this command (a delete).
    Run(Box<Command>),
    /// Write the week's status over the files already there.
    Export,
}

/// A line for the message area: what happened, or what went wrong. It goes at the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Info(String),
    Error(String),
}

/// What an action asks the app to do beyond changing its own state.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    None,
    /// Run a domain command (from a form or a confirmation).
    Run(Box<Command>),
    /// Run a line of the `:` command line.
    Line(String),
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
    /// The filter applied to each tab.
    pub filter: [String; 5],
    /// Sort column (an index into the tab's columns) and direction (ascending when true).
    pub sort: [Option<(usize, bool)>; 5],
    pub mode: Mode,
    pub message: Option<Message>,
    pub history: Vec<String>,
    pub quit: bool,
    pub budget_view: BudgetView,
    /// Charts shown: the Gantt, the risk heat map and the burn chart.
    pub chart: bool,
    /// Rows the body showed at the last draw, for paging.
    pub page: usize,
    /// Where the last draw put things, for mouse clicks.
    pub hit: Hit,
    data_version: i64,
    loader: Option<Loader>,
    pager: Option<Pager>,
    /// Bumped on every change to the data, so windows of older data are fetched again.
    generation: u64,
    /// The last request per tab, so a window already asked for is not asked for again.
    wanted: [Option<Request>; 5],
    /// A record to select once its tab's rows arrive (after adding or editing it).
    locate: Option<(Tab, String)>,
    /// The id of the details being fetched.
    details_id: u64,
    /// The week the Status tab shows (`None`: this week).
    pub status_week: Option<IsoWeek>,
    /// Where the Status tab's panel is scrolled to.
    pub status_scroll: super::widgets::workspace::Scroll,
    /// The Status tab's panel as last drawn, kept while the workspace stays the same.
    pub status_panel: Option<super::widgets::workspace::Panel>,
    /// The row to select after the next command (an entry moved in a list).
    pub(super) follow: Option<String>,
    /// The Milestones tab shows only milestones (`m`).
    pub milestones_view: bool,
    /// Summary tasks whose subtasks the Milestones tab hides.
    pub collapsed: Vec<String>,
    /// Where `E` writes the week's status (config `export_dir`); `None`: beside the database.
    pub export_dir: Option<std::path::PathBuf>,
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

/// The key of the record a command changes, to keep it selected afterwards.
fn changed_key(command: &Command) -> Option<String> {
    use Command as C;
    match command {
        C::Guarded { then, .. } => changed_key(then),
        C::SetTask { key, .. }
        | C::SetRaid { key, .. }
        | C::CloseRaid { key, .. }
        | C::SetSpend { key, .. }
        | C::SetDecision { key, .. }
        | C::SetChange { key, .. }
        | C::DecideChange { key, .. } => Some(key.clone()),
        C::AddDep { succ, .. } | C::SetDep { succ, .. } | C::RemoveDep { succ, .. } => {
            Some(succ.clone())
        }
        C::SetBudget {
            workstream,
            category,
            month,
            ..
        } => Some(format!("{workstream} {} {month}", category.trim())),
        C::SetNote { workstream, .. } => {
            Some(workstream.clone().unwrap_or_else(|| "PROGRAM".into()))
        }
        _ => None,
    }
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
        Ok(App {
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
            locate: None,
            details_id: 0,
            status_week: None,
            status_scroll: Default::default(),
            status_panel: None,
            follow: None,
            milestones_view: false,
            collapsed: vec![],
            export_dir: None,
        })
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

    /// Whether the current tab has nothing to show yet.
    pub fn loading(&self) -> bool {
        self.window().is_none()
    }

    /// Whether the Milestones forecast is still being computed for the rows shown.
    pub fn forecasting(&self) -> bool {
        self.tab == Tab::Milestones && self.window().is_some_and(|w| w.forecast_pending)
    }

    /// The selected row's cells.
    pub fn selected_row(&self) -> Option<&Vec<String>> {
        self.window()?.row(self.selected[self.tab.index()])
    }

    /// What the selected row stands for.
    pub fn selected_ref(&self) -> Option<&RowRef> {
        self.window()?.row_ref(self.selected[self.tab.index()])
    }

    /// What a tab's actions see.
    pub(super) fn here(&self) -> Here<'_> {
        Here {
            row: self.selected_ref(),
            cells: self.selected_row().map(Vec::as_slice),
            columns: self.table().columns,
            week: self.week(),
            workspace: self
                .window()
                .and_then(|w| w.workspace.as_deref())
                .filter(|_| self.tab == Tab::Status),
            db: self.store.read(),
            today: self.ctx.today,
            view: self.budget_view,
        }
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
            chart: self.chart,
            week: if Tab::ALL[i] == Tab::Status {
                self.status_week
            } else {
                None
            },
            milestones: Tab::ALL[i] == Tab::Milestones && self.milestones_view,
            collapsed: if Tab::ALL[i] == Tab::Milestones {
                self.collapsed.clone()
            } else {
                vec![]
            },
        }
    }

    /// Make sure the current tab has (or has asked for) the window around its selection.
    pub(super) fn ensure_window(&mut self) {
        let i = self.tab.index();
        let query = self.query(i);
        let sel = self.selected[i];
        let locate = match &self.locate {
            Some((tab, key)) if *tab == self.tab => Some(key.clone()),
            _ => None,
        };
        let fresh = |w: &Window| w.generation == self.generation && w.query == query;
        let have = self.windows[i].as_ref().is_some_and(|w| {
            fresh(w) && w.covers(sel.saturating_sub(self.page), sel + 2 * self.page)
        });
        if have && locate.is_none() {
            return;
        }
        let offset = sel.saturating_sub(WINDOW / 2);
        let request = Request {
            tab: self.tab,
            generation: self.generation,
            query,
            offset,
            limit: WINDOW,
            locate,
        };
        if self.wanted[i].as_ref() == Some(&request) {
            return;
        }
        self.wanted[i] = Some(request.clone());
        if let Some(loader) = &self.loader {
            let _ = loader.requests.send(Job::Window(request));
            return;
        }
        let Some(pager) = self.pager.as_mut() else {
            return;
        };
        if self.tab == Tab::Milestones
            && pager.forecast_stale(request.generation)
            && let Err(e) = pager.refresh_forecast(request.generation)
        {
            self.message = Some(Message::Error(e.to_string()));
        }
        let mut window = pager.fetch(&request).map_err(|e| e.to_string());
        // In place (tests, benchmarks) the trend comes with the Status window.
        if let Ok(w) = window.as_mut()
            && w.tab == Tab::Status
            && let Ok(Some(filled)) = pager.trend(w.generation, w.query.week)
        {
            w.workspace = Some(filled);
        }
        self.install(request.tab, request.generation, request.query, window);
    }

    /// Put an arrived window in place if it is still wanted.
    fn install(&mut self, tab: Tab, generation: u64, query: Query, window: Result<Window, String>) {
        let i = tab.index();
        match window {
            Ok(w) => {
                if generation != self.generation || query != self.query(i) {
                    return;
                }
                if let Some(at) = w.located {
                    self.selected[i] = at;
                }
                if matches!(&self.locate, Some((t, _)) if *t == tab) {
                    self.locate = None;
                }
                let total = w.total;
                self.windows[i] = Some(w);
                self.selected[i] = self.selected[i].min(total.saturating_sub(1));
                self.wanted[i] = None;
                if tab == self.tab {
                    self.ensure_window();
                }
            }
            Err(e) => {
                self.wanted[i] = None;
                self.message = Some(Message::Error(e));
            }
        }
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
                Reply::Details(id, lines) if id == self.details_id => {
                    if let Mode::Details(d) = &mut self.mode {
                        d.lines = Some(match lines {
                            Ok(l) => l,
                            Err(e) => vec![super::overlays::details::DetailLine::Text(e)],
                        });
                    }
                }
                Reply::Details(..) => {}
                Reply::Grid(generation, rows) if generation == self.generation => {
                    self.install_grid(rows)
                }
                Reply::Grid(..) => {}
                Reply::Trend(generation, week, workspace) => {
                    if let Some(w) = self.windows[Tab::Status.index()].as_mut()
                        && w.generation == generation
                        && w.query.week == week
                    {
                        w.workspace = Some(workspace);
                    }
                }
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

    pub(super) fn move_to(&mut self, row: isize) {
        let i = self.tab.index();
        let len = self.total();
        self.selected[i] = if len == 0 {
            0
        } else {
            row.clamp(0, len as isize - 1) as usize
        };
        self.ensure_window();
    }

    /// Apply a filter typed on the current tab, if the tab understands it; an error is shown
    /// at once and the rows stay as they were.
    pub(super) fn refilter(&mut self, text: &str) {
        let i = self.tab.index();
        let small = matches!(self.tab, Tab::Status)
            || (self.tab == Tab::Budget && self.budget_view == BudgetView::Plan);
        if !small && let Err(e) = super::filter::parse(text, self.tab, self.budget_view) {
            self.message = Some(Message::Error(e));
            return;
        }
        self.filter[i] = text.to_string();
        self.selected[i] = 0;
        self.ensure_window();
    }

    /// Ask for the details of the selected row.
    pub(super) fn open_details(&mut self) {
        let Some(row) = self.selected_ref().cloned() else {
            return;
        };
        let cells: Vec<(String, String)> = self
            .table()
            .columns
            .iter()
            .zip(self.selected_row().cloned().unwrap_or_default())
            .map(|(c, v)| (c.title.to_lowercase(), v))
            .collect();
        self.details_id += 1;
        let id = self.details_id;
        let mut details = Details {
            title: row.key(),
            lines: None,
            scroll: 0,
        };
        if let Some(loader) = &self.loader {
            let _ = loader.requests.send(Job::Details(id, row, cells));
        } else if let Some(pager) = self.pager.as_mut() {
            details.lines = Some(pager.details(&row, &cells).unwrap_or_else(|e| {
                vec![super::overlays::details::DetailLine::Text(e.to_string())]
            }));
        }
        self.mode = Mode::Details(details);
    }

    /// Open what a tab's action asked for.
    pub(super) fn open(&mut self, open: Open) {
        match open {
            Open::Form(mut f) => {
                // Remember the record as it is now: a save checks nobody changed it meanwhile.
                f.guard = f.target.record().and_then(|r| {
                    let image = crate::ops::record_image(&self.store.read(), &r).ok()?;
                    Some((r, image))
                });
                self.mode = Mode::Form(f)
            }
            Open::Menu { title, items } => self.mode = Mode::Menu { title, items },
            Open::Confirm { question, command } => {
                self.mode = Mode::Confirm {
                    question,
                    then: Then::Run(command),
                }
            }
            Open::Message(m) => self.message = Some(Message::Info(m)),
            Open::Nothing => {}
        }
    }

    /// Carry out an effect.
    pub fn perform(&mut self, effect: Effect) {
        match effect {
            Effect::None => {}
            Effect::Run(command) => self.run(*command),
            Effect::Line(line) => self.run_command(&line),
        }
    }

    /// Run a domain command; the record it touched stays selected (or the row `follow`
    /// names). An error goes beside its field when a form is open.
    fn run(&mut self, command: Command) {
        let touched = changed_key(&command);
        let follow = self.follow.take();
        match ops::execute(&mut self.store, command, &self.ctx) {
            Ok(outcome) => {
                if matches!(self.mode, Mode::Form(_)) {
                    self.mode = Mode::Normal;
                }
                if let Mode::Progress(grid) = &mut self.mode {
                    // On to the next row at once: keys typed before the refreshed rows arrive
                    // go to it, and the refresh keeps it selected by its key.
                    grid.edit = Default::default();
                    let count = grid.rows.as_ref().map_or(0, Vec::len);
                    grid.selected = (grid.selected + 1).min(count.saturating_sub(1));
                }
                if let Some(key) = follow.or(outcome.key).or(touched) {
                    self.locate = Some((self.tab, key));
                }
                self.message = Some(Message::Info(outcome.message));
                self.reload();
                if matches!(self.mode, Mode::Progress(_)) {
                    self.request_grid();
                }
            }
            Err(e) => match &mut self.mode {
                Mode::Form(form) => match (&e, &form.guard) {
                    (crate::error::Error::Stale { changes, .. }, Some((record, _))) => {
                        let now = crate::ops::record_image(&self.store.read(), record)
                            .unwrap_or(serde_json::Value::Null);
                        form.show_stale(changes, now);
                    }
                    _ => form.show_error(&e),
                },
                _ => self.message = Some(Message::Error(e.lines().join("; "))),
            },
        }
    }

    /// Run a line of the `:` command line: any CLI command, same grammar. Output longer than
    /// a line opens in a scrollable overlay.
    pub fn run_command(&mut self, line: &str) {
        self.history.retain(|h| h != line);
        self.history.push(line.to_string());
        match crate::cli::run_line(&mut self.store, line, &self.ctx) {
            Ok(out) => {
                let lines: Vec<&str> = out.lines().filter(|l| !l.trim().is_empty()).collect();
                match lines.as_slice() {
                    [] => self.message = Some(Message::Info(format!("{line}: done"))),
                    [one] => self.message = Some(Message::Info(format!("{line} → {one}"))),
                    _ => self.mode = Mode::Output(Output::new(line, &out)),
                }
                self.reload();
            }
            Err(e) => self.message = Some(Message::Error(e)),
        }
    }

    /// Apply an action as if its key were pressed, and carry out what it asks.
    pub fn apply(&mut self, action: Action) {
        let effect = self.update(action);
        self.perform(effect);
    }

    /// A key press: the action the keymap gives it in the current mode, or typing. Returns
    /// whether anything may have changed on screen.
    pub fn handle_key(&mut self, key: KeyEvent) -> bool {
        // A message is about the last action; the next key clears it.
        let had_message = self.message.take().is_some();
        let context = self.mode.context();
        if let Mode::Menu { items, .. } = &self.mode
            && let Some(item) = self.keymap.pick(items, &key)
        {
            let open = tabs::pick(self.tab, item, &self.here());
            self.mode = Mode::Normal;
            self.open(open);
            return true;
        }
        match self.keymap.action_in(context, &key) {
            Some(action) => {
                self.apply(action);
                true
            }
            None if context.types() => self.type_key(&key) || had_message,
            None => had_message,
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

    /// Switch to tab `i`.
    pub(super) fn switch(&mut self, i: usize) {
        self.tab = Tab::ALL[i.min(Tab::ALL.len() - 1)];
        self.ensure_window();
    }

    /// Undo or redo, with the message saying what.
    pub(super) fn undo_redo(&mut self, undo: bool) {
        let result = if undo {
            ops::undo(&mut self.store)
        } else {
            ops::redo(&mut self.store)
        };
        let word = if undo { "undo" } else { "redo" };
        match result {
            Ok(Some(s)) => {
                self.message = Some(Message::Info(format!(
                    "{}: {s}",
                    if undo { "undid" } else { "redid" }
                )));
                self.reload();
            }
            Ok(None) => self.message = Some(Message::Info(format!("nothing to {word}"))),
            Err(e) => self.message = Some(Message::Error(e.lines().join("; "))),
        }
    }
}
