//! What opens over the table: forms, the `a` and `x` menus, confirmations, details, help, the
//! list of filter words, and the output of a `:` command that did not fit the message line.
//! Each holds its own state and draws itself; the app decides what keys do to it.

pub mod command_line;
pub mod confirm;
pub mod details;
pub mod form;
pub mod help;
pub mod menu;
pub mod output;
pub mod progress;

use ratatui::layout::Rect;

/// A centred rectangle of at most `w` x `h` inside `area`.
pub fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Lines `scroll..` of `total` that fit `room`, and the scroll clamped so the last page is full.
pub fn scrolled(total: usize, room: usize, scroll: usize) -> usize {
    scroll.min(total.saturating_sub(room))
}
