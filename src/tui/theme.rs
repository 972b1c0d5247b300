//! Semantic styles that read on dark and light terminals; plain when `NO_COLOR` is set.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub title: Style,
    pub tab: Style,
    pub tab_selected: Style,
    pub header: Style,
    pub selected: Style,
    pub muted: Style,
    pub warn: Style,
    pub bad: Style,
    pub good: Style,
    pub hint_key: Style,
    pub message: Style,
    pub error: Style,
    /// Colours are on (marks that only colour would carry need text without them).
    pub color: bool,
}

impl Theme {
    pub fn new(color: bool) -> Theme {
        let plain = Style::default();
        let bold = plain.add_modifier(Modifier::BOLD);
        let reversed = plain.add_modifier(Modifier::REVERSED);
        if !color {
            return Theme {
                title: bold,
                tab: plain,
                tab_selected: reversed,
                header: bold.add_modifier(Modifier::UNDERLINED),
                selected: reversed,
                muted: plain,
                warn: bold,
                bad: bold,
                good: plain,
                hint_key: bold,
                message: plain,
                error: bold,
                color: false,
            };
        }
        Theme {
            title: bold.fg(Color::Cyan),
            tab: plain,
            tab_selected: bold.fg(Color::Black).bg(Color::Cyan),
            header: bold.add_modifier(Modifier::UNDERLINED),
            selected: reversed,
            muted: plain.add_modifier(Modifier::DIM),
            warn: plain.fg(Color::Yellow),
            bad: bold.fg(Color::Red),
            good: plain.fg(Color::Green),
            hint_key: bold.fg(Color::Cyan),
            message: plain.fg(Color::Green),
            error: bold.fg(Color::Red),
            color: true,
        }
    }

    /// Colours unless `NO_COLOR` is set (to anything non-empty).
    pub fn from_env() -> Theme {
        Theme::new(std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()))
    }
}
