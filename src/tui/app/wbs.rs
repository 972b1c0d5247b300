//! Folding the WBS on the Milestones tab: `z` hides or shows a summary task's subtasks, `Left`
//! hides them (or, on a subtask, goes to its summary), `Right` shows them.

use super::{App, Message};
use crate::tui::tabs::{RowRef, Tab};

impl App {
    /// `Some(true)`: unfold, `Some(false)`: fold, `None`: toggle; the selected summary stays
    /// selected.
    pub(in crate::tui) fn fold(&mut self, unfold: Option<bool>) {
        if self.tab != Tab::Milestones {
            self.message = Some(Message::Info(
                "z, Left and Right fold summary tasks on the Milestones tab".into(),
            ));
            return;
        }
        let Some(RowRef::Task(key)) = self.selected_ref().cloned() else {
            return;
        };
        let db = self.store.read();
        let summary = db.children(&key).is_ok_and(|c| !c.is_empty());
        let folded = self.collapsed.contains(&key);
        if !summary {
            // Left on a subtask goes to its summary; elsewhere there is nothing to fold.
            match db.task(&key).ok().and_then(|t| t.parent) {
                Some(parent) if unfold == Some(false) => self.select_key(parent),
                _ => {
                    self.message = Some(Message::Info(format!("{key} has no subtasks to fold")));
                }
            }
            return;
        }
        let fold = match unfold {
            Some(u) => !u,
            None => !folded,
        };
        if fold == folded {
            return;
        }
        if fold {
            self.collapsed.push(key.clone());
        } else {
            self.collapsed.retain(|k| *k != key);
        }
        self.select_key(key);
    }

    /// Ask for the window around `key` on the current tab, and select it when it arrives.
    fn select_key(&mut self, key: String) {
        self.locate = Some((self.tab, key));
        self.ensure_window();
    }
}
