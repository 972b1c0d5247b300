//! What each action does in each mode: `App::update(Action) -> Effect`, and typing into the
//! field, filter, command line or help filter that has the keyboard.

use super::app::{App, Effect, Message, Mode};
use super::keymap::Action;
use super::overlays::output::Output;
use super::tabs::{self, Built, Tab};
use crossterm::event::{KeyEvent, KeyModifiers};

impl App {
    /// Apply an action to the state; what it asks beyond that comes back as an effect.
    pub fn update(&mut self, action: Action) -> Effect {
        let mode = std::mem::replace(&mut self.mode, Mode::Normal);
        match mode {
            Mode::Normal => self.normal(action),
            Mode::Form(form) => self.form(form, action),
            Mode::Confirm { question, then } => match action {
                Action::Yes => match then {
                    super::app::Then::Run(command) => Effect::Run(command),
                    super::app::Then::Export => {
                        self.export(true);
                        Effect::None
                    }
                },
                Action::No | Action::Back => {
                    self.message = Some(Message::Info("nothing changed".into()));
                    Effect::None
                }
                _ => {
                    self.mode = Mode::Confirm { question, then };
                    Effect::None
                }
            },
            Mode::Menu { title, items } => {
                if action != Action::Back {
                    self.mode = Mode::Menu { title, items };
                }
                Effect::None
            }
            Mode::Command(mut line) => match action {
                Action::Back => Effect::None,
                Action::Submit => {
                    let text = line.input.value().trim().to_string();
                    if text.is_empty() {
                        Effect::None
                    } else {
                        Effect::Line(text)
                    }
                }
                Action::Complete => {
                    let keys = self.store.read().item_keys().unwrap_or_default();
                    let choices = line.complete(&keys);
                    if !choices.is_empty() {
                        self.message = Some(Message::Info(choices.join("  ")));
                    }
                    self.mode = Mode::Command(line);
                    Effect::None
                }
                Action::Up => {
                    line.older(&self.history);
                    self.mode = Mode::Command(line);
                    Effect::None
                }
                Action::Down => {
                    line.newer(&self.history);
                    self.mode = Mode::Command(line);
                    Effect::None
                }
                _ => {
                    self.mode = Mode::Command(line);
                    Effect::None
                }
            },
            Mode::Filter(input) => {
                match action {
                    Action::Submit => {}
                    Action::Back => self.refilter(""),
                    Action::FilterWords => {
                        let words = tabs::filter_words(self.tab, self.budget_view);
                        let text: String = words
                            .iter()
                            .map(|(w, d)| format!("{w:<16} {d}\n"))
                            .chain(std::iter::once(
                                "other words      match any cell\n".to_string(),
                            ))
                            .collect();
                        self.mode = Mode::Output(Output::new(
                            &format!("Filter words on {}", self.tab.title()),
                            &text,
                        ));
                    }
                    _ => self.mode = Mode::Filter(input),
                }
                Effect::None
            }
            Mode::Help(mut help) => {
                let lines = super::overlays::help::lines(&self.keymap, help.filter.value()).len();
                match action {
                    Action::Help => return Effect::None,
                    Action::Back if help.filter.value().is_empty() => return Effect::None,
                    Action::Back => {
                        help.filter.set("");
                        help.scroll = 0;
                    }
                    Action::Down => help.scroll = (help.scroll + 1).min(lines.saturating_sub(1)),
                    Action::Up => help.scroll = help.scroll.saturating_sub(1),
                    Action::PageDown => {
                        help.scroll = (help.scroll + 10).min(lines.saturating_sub(1))
                    }
                    Action::PageUp => help.scroll = help.scroll.saturating_sub(10),
                    _ => {}
                }
                self.mode = Mode::Help(help);
                Effect::None
            }
            Mode::Details(mut details) => {
                match action {
                    Action::Back => return Effect::None,
                    Action::Edit => {
                        self.apply(Action::Edit);
                        return Effect::None;
                    }
                    Action::Down => details.scroll += 1,
                    Action::Up => details.scroll = details.scroll.saturating_sub(1),
                    Action::PageDown => details.scroll += 10,
                    Action::PageUp => details.scroll = details.scroll.saturating_sub(10),
                    _ => {}
                }
                self.mode = Mode::Details(details);
                Effect::None
            }
            Mode::Progress(grid) => self.progress(grid, action),
            Mode::Output(mut out) => {
                match action {
                    Action::Back => return Effect::None,
                    Action::Down => out.scroll += 1,
                    Action::Up => out.scroll = out.scroll.saturating_sub(1),
                    Action::PageDown => out.scroll += 10,
                    Action::PageUp => out.scroll = out.scroll.saturating_sub(10),
                    _ => {}
                }
                self.mode = Mode::Output(out);
                Effect::None
            }
        }
    }

    fn form(&mut self, mut form: super::overlays::form::Form, action: Action) -> Effect {
        if form.discarding {
            match action {
                Action::Yes => {
                    self.message = Some(Message::Info("cancelled; nothing written".into()));
                    return Effect::None;
                }
                Action::No | Action::Back => form.discarding = false,
                _ => {}
            }
            self.mode = Mode::Form(form);
            return Effect::None;
        }
        let effect = match action {
            Action::Back if form.changed() => {
                form.discarding = true;
                Effect::None
            }
            Action::Back => {
                self.message = Some(Message::Info("cancelled; nothing written".into()));
                return Effect::None;
            }
            Action::Down => {
                form.next();
                Effect::None
            }
            Action::Up => {
                form.previous();
                Effect::None
            }
            Action::Submit => match form.missing() {
                Some((i, e)) => {
                    form.focus_on(i);
                    form.error = Some((Some(i), e));
                    Effect::None
                }
                None => match tabs::build(&form, self.ctx.today) {
                    Ok(Built::Command(c)) => match &form.guard {
                        Some((record, was)) => {
                            Effect::Run(Box::new(crate::ops::Command::Guarded {
                                record: record.clone(),
                                was: was.clone(),
                                then: c,
                            }))
                        }
                        None => Effect::Run(c),
                    },
                    // The first-run form is handled before the workbench opens.
                    Ok(Built::Program(_)) => Effect::None,
                    Err(e) => {
                        form.show_error(&e);
                        Effect::None
                    }
                },
            },
            _ => Effect::None,
        };
        self.mode = Mode::Form(form);
        effect
    }

    /// Keys of the progress grid: move, mark started or finished, save the row, leave.
    fn progress(&mut self, mut grid: super::overlays::progress::Grid, action: Action) -> Effect {
        let mut effect = Effect::None;
        let count = grid.rows.as_ref().map_or(0, Vec::len);
        match action {
            Action::Down | Action::Up if !grid.edit.is_empty() => {
                let key = grid.current().map(|r| r.key.clone()).unwrap_or_default();
                self.message = Some(Message::Info(format!(
                    "{key} has changes: Enter saves them, Esc undoes them"
                )));
            }
            Action::Down => grid.selected = (grid.selected + 1).min(count.saturating_sub(1)),
            Action::Up => grid.selected = grid.selected.saturating_sub(1),
            Action::Started => grid.mark(false),
            Action::Finished => grid.mark(true),
            Action::Yesterday => grid.edit.yesterday = true,
            Action::Back if !grid.edit.is_empty() => grid.edit = Default::default(),
            Action::Back => return Effect::None,
            Action::Submit => {
                let Some(row) = grid.current().cloned() else {
                    self.mode = Mode::Progress(grid);
                    return Effect::None;
                };
                match grid.patch(self.ctx.today) {
                    // Saved, the next row is selected (`App::run`); refused, the edit stays.
                    Ok(Some(fields)) => {
                        effect = Effect::Run(Box::new(crate::ops::Command::SetTask {
                            key: row.key,
                            fields,
                        }));
                    }
                    // Nothing typed: Enter moves on.
                    Ok(None) => grid.selected = (grid.selected + 1).min(count.saturating_sub(1)),
                    Err(e) => self.message = Some(Message::Error(e.lines().join("; "))),
                }
            }
            _ => {}
        }
        self.mode = Mode::Progress(grid);
        effect
    }

    fn normal(&mut self, action: Action) -> Effect {
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
            // The Status tab's panel scrolls; the other tabs page through their rows.
            Action::PageDown if self.tab == Tab::Status => {
                self.status_scroll.offset += page as usize
            }
            Action::PageUp if self.tab == Tab::Status => {
                self.status_scroll.offset = self.status_scroll.offset.saturating_sub(page as usize)
            }
            Action::PageDown => self.move_to(sel + page),
            Action::PageUp => self.move_to(sel - page),
            Action::Details => self.open_details(),
            Action::Filter => {
                let mut input =
                    super::widgets::text_input::TextInput::new(&self.filter[self.tab.index()]);
                input.focus();
                self.mode = Mode::Filter(input);
            }
            Action::Sort => {
                let i = self.tab.index();
                let columns = self.table().columns.len().max(1);
                // Each press sorts by the next column; past the last, back to the natural order.
                self.sort[i] = match self.sort[i] {
                    None => Some((0, true)),
                    Some((c, _)) if c + 1 < columns => Some((c + 1, true)),
                    Some(_) => None,
                };
                self.selected[i] = 0;
                self.ensure_window();
            }
            Action::Reverse => {
                let i = self.tab.index();
                if let Some((c, up)) = self.sort[i] {
                    self.sort[i] = Some((c, !up));
                    self.ensure_window();
                }
            }
            Action::CommandLine => self.mode = Mode::Command(Default::default()),
            Action::Help => self.mode = Mode::Help(Default::default()),
            Action::Back => {
                if !self.filter[self.tab.index()].is_empty() {
                    self.refilter("");
                }
            }
            Action::Undo => self.undo_redo(true),
            Action::Redo => self.undo_redo(false),
            Action::ToggleView => {
                if self.tab == Tab::Budget {
                    self.budget_view = self.budget_view.next();
                    self.fetch_other_view();
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
            Action::Add => {
                let open = tabs::add(self.tab, &self.here());
                self.open(open);
            }
            Action::Edit => {
                let open = tabs::edit(self.tab, &self.here());
                self.open(open);
            }
            Action::Delete => {
                let open = tabs::delete(self.tab, &self.here());
                self.open(open);
            }
            Action::Done => {
                let open = tabs::done(self.tab, &self.here());
                self.open(open);
            }
            Action::MoveDown | Action::MoveUp if self.tab == Tab::Status => {
                let by = if action == Action::MoveDown { 1 } else { -1 };
                let moved = tabs::status::moved(&self.here(), self.workspace(), by);
                if let Some((command, row)) = moved {
                    self.follow = Some(row.key());
                    return Effect::Run(Box::new(command));
                }
            }
            Action::PrevWeek | Action::NextWeek if self.tab == Tab::Status => {
                self.step_week(if action == Action::NextWeek { 1 } else { -1 })
            }
            Action::Preview if self.tab == Tab::Status => match self.workspace() {
                Some(w) => {
                    let text = crate::io::status_md::to_markdown(&w.status);
                    let title = format!(
                        "{} status, as of {}: what status export writes",
                        w.status.week, w.status.as_of
                    );
                    self.mode = Mode::Output(Output::new(&title, &text));
                }
                None => self.message = Some(Message::Info("the status is being computed".into())),
            },
            Action::Export if self.tab == Tab::Status => self.export(false),
            Action::MoveDown
            | Action::MoveUp
            | Action::PrevWeek
            | Action::NextWeek
            | Action::Preview
            | Action::Export => self.message = Some(Message::Info(
                "on the Status tab: [ ] step weeks, P previews, E exports, J K move a note's entry"
                    .into(),
            )),
            Action::Progress => self.open_progress(),
            Action::MilestonesView => self.toggle_milestones_view(),
            Action::Fold => self.fold(None),
            Action::Collapse => self.fold(Some(false)),
            Action::Expand => self.fold(Some(true)),
            Action::Submit
            | Action::Complete
            | Action::Yes
            | Action::No
            | Action::Pick(_)
            | Action::FilterWords
            | Action::Started
            | Action::Finished
            | Action::Yesterday => {}
        }
        Effect::None
    }

    /// A key that is not bound in a typing mode: edit the field, filter, line or help filter.
    pub(super) fn type_key(&mut self, key: &KeyEvent) -> bool {
        match &mut self.mode {
            Mode::Form(form) if !form.discarding => {
                let i = form.focus;
                let Some(field) = form.fields.get_mut(i) else {
                    return false;
                };
                let handled = field.input.handle(key);
                if handled && form.error.as_ref().is_some_and(|(f, _)| *f == Some(i)) {
                    form.error = None;
                }
                handled
            }
            Mode::Command(line) => {
                let handled = line.input.handle(key);
                line.browsing = None;
                handled
            }
            Mode::Help(help) => {
                let handled = help.filter.handle(key);
                help.scroll = 0;
                handled
            }
            Mode::Progress(grid) => match key.code {
                // (Alt-4 is not a 4: a quick Esc then 4 arrives as one.)
                crossterm::event::KeyCode::Char(c)
                    if !key
                        .modifiers
                        .intersects(KeyModifiers::ALT | KeyModifiers::CONTROL) =>
                {
                    grid.type_char(c)
                }
                crossterm::event::KeyCode::Backspace => grid.backspace(),
                _ => false,
            },
            Mode::Filter(input) => {
                if !input.handle(key) {
                    return false;
                }
                let text = input.value().to_string();
                self.refilter(&text);
                true
            }
            _ => false,
        }
    }
}
