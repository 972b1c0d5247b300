//! The weekly jobs on the app: the Status tab's week and its export, the progress grid, the
//! milestones-only view.

use super::{App, Message, Mode, Tab, Then};
use crate::domain::IsoWeek;
use crate::tui::overlays::progress::GridRow;
use crate::tui::pager::Job;

impl App {
    /// The week the Status tab shows.
    pub fn week(&self) -> IsoWeek {
        self.status_week
            .unwrap_or_else(|| IsoWeek::of(self.ctx.today))
    }

    /// Step the Status week by `by` weeks; a week that has not started is refused.
    pub(in crate::tui) fn step_week(&mut self, by: i64) {
        let monday = self.week().monday() + chrono::Duration::weeks(by);
        let week = IsoWeek::of(monday);
        if monday > self.ctx.today {
            self.message = Some(Message::Info(format!(
                "{week} has not started yet; {} is the latest week",
                IsoWeek::of(self.ctx.today)
            )));
            return;
        }
        self.status_week = (week != IsoWeek::of(self.ctx.today)).then_some(week);
        let i = Tab::Status.index();
        self.selected[i] = 0;
        self.ensure_window();
    }

    /// `p`: the weekly progress grid, from any tab.
    pub(in crate::tui) fn open_progress(&mut self) {
        self.mode = Mode::Progress(Default::default());
        self.request_grid();
    }

    /// Ask for the grid's rows (again, after a save: the forecast and slip change).
    pub(super) fn request_grid(&mut self) {
        if let Some(loader) = &self.loader {
            let _ = loader.requests.send(Job::Grid(self.generation));
        } else if let Some(pager) = self.pager.as_mut() {
            let rows = pager.grid(self.generation).map_err(|e| e.to_string());
            self.install_grid(rows);
        }
    }

    pub(super) fn install_grid(&mut self, rows: Result<Vec<GridRow>, String>) {
        let Mode::Progress(grid) = &mut self.mode else {
            return;
        };
        match rows {
            Ok(rows) => {
                // The selected row stays selected by its key; a row that left the grid (a
                // task finished) gives its place to the one after it.
                let key = grid.current().map(|r| r.key.clone());
                if let Some(at) = key.and_then(|k| rows.iter().position(|r| r.key == k)) {
                    grid.selected = at;
                }
                grid.selected = grid.selected.min(rows.len().saturating_sub(1));
                grid.set_rows(rows);
            }
            Err(e) => self.message = Some(Message::Error(e)),
        }
    }

    /// `m` on Milestones: only milestones, with how far they moved since last week.
    pub(in crate::tui) fn toggle_milestones_view(&mut self) {
        if self.tab != Tab::Milestones {
            self.message = Some(Message::Info(
                "m shows only milestones on the Milestones tab".into(),
            ));
            return;
        }
        self.milestones_view = !self.milestones_view;
        self.fetch_other_view();
    }

    /// The tab shows another view with other columns: nothing until it arrives, and a filter
    /// or sort of the view before does not carry over.
    pub(in crate::tui) fn fetch_other_view(&mut self) {
        let i = self.tab.index();
        self.windows[i] = None;
        self.selected[i] = 0;
        self.sort[i] = None;
        self.filter[i].clear();
        self.ensure_window();
    }

    /// The Status workspace on screen, once it has arrived.
    pub fn workspace(&self) -> Option<&crate::tui::tabs::status::Workspace> {
        self.windows[Tab::Status.index()]
            .as_ref()
            .and_then(|w| w.workspace.as_deref())
    }

    /// Where `E` writes a week's status: the export folder (config `export_dir`, else beside
    /// the database), `<database>-status-<week>.json` and `.md`.
    pub fn export_paths(&self, week: IsoWeek) -> (std::path::PathBuf, std::path::PathBuf) {
        let db = self.store.path();
        let dir = self
            .export_dir
            .clone()
            .or_else(|| db.parent().map(std::path::Path::to_path_buf))
            .unwrap_or_default();
        let stem = db
            .file_stem()
            .map_or("milepost".into(), |s| s.to_string_lossy().into_owned());
        (
            dir.join(format!("{stem}-status-{week}.json")),
            dir.join(format!("{stem}-status-{week}.md")),
        )
    }

    /// `E`: the Status week as JSON and Markdown, byte for byte what `status export` writes,
    /// each file written whole or not at all; files already there are replaced only after a
    /// yes.
    pub(in crate::tui) fn export(&mut self, confirmed: bool) {
        let Some(w) = self.workspace() else {
            self.message = Some(Message::Info(
                "the status is being computed; E writes it once it is on screen".into(),
            ));
            return;
        };
        let week = w.status.week;
        let (json, md) = self.export_paths(week);
        if !confirmed && (json.exists() || md.exists()) {
            self.mode = Mode::Confirm {
                question: format!("Replace {} and {}?", json.display(), md.display()),
                then: Then::Export,
            };
            return;
        }
        let written = crate::io::status_json(&w.status).and_then(|text| {
            crate::io::write_atomic(&json, &text)?;
            crate::io::write_atomic(&md, &crate::io::status_md::to_markdown(&w.status))
        });
        self.message = Some(match written {
            Ok(()) => Message::Info(format!(
                "wrote the {week} status to {} and {}",
                json.display(),
                md.display()
            )),
            Err(e) => Message::Error(e.lines().join("; ")),
        });
    }
}
