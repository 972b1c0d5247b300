//! The Status tab drawn: the scopes (the program, then each workstream) listed on the left with
//! their RAG and the RAG of the last eight weeks, and the panel of the selected scope on the
//! right: RAG (computed and override, with the reason), every reason in full, the summary, the
//! accomplishments and next steps, key milestones and the budget line. Text wraps; nothing is
//! cut. The panel scrolls to keep the selected entry in view, and PgDn/PgUp scroll it.
//! Narrower than [`TWO_PANES`] columns, the panel takes the whole width.

use crate::domain::text::for_display;
use crate::domain::{Money, Rag};
use crate::engine::evm::{money_text, ratio_text};
use crate::engine::rag::Reason;
use crate::engine::status::{MilestoneEntry, WorkstreamBudget};
use crate::tui::tabs::Tone;
use crate::tui::tabs::status::Workspace;
use crate::tui::theme::Theme;
use crate::tui::widgets::table::tone_style;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use std::collections::HashMap;

/// From this width on, the scope list sits beside the panel.
pub const TWO_PANES: u16 = 70;

/// Where the panel is scrolled to, kept between frames: the selected row it was computed for
/// and the first line shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scroll {
    pub row: usize,
    pub offset: usize,
}

/// Cut text into lines of at most `width` characters, at spaces where it can.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(8);
    let mut lines = vec![];
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word = word.to_string();
        while word.chars().count() > width {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let head: String = word.chars().take(width).collect();
            word = word.chars().skip(width).collect();
            lines.push(head);
        }
        if line.is_empty() {
            line = word;
        } else if line.chars().count() + 1 + word.chars().count() <= width {
            line.push(' ');
            line.push_str(&word);
        } else {
            lines.push(std::mem::replace(&mut line, word));
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

pub fn rag_word(r: Rag) -> &'static str {
    match r {
        Rag::Green => "green",
        Rag::Amber => "amber",
        Rag::Red => "red",
    }
}

pub fn rag_tone(r: Rag) -> Tone {
    match r {
        Rag::Red => Tone::Bad,
        Rag::Amber => Tone::Warn,
        Rag::Green => Tone::Good,
    }
}

/// One scope as drawn: its RAG, what the panel says, and its first row in the table.
struct Scope<'a> {
    key: String,
    title: String,
    rag: Rag,
    computed: Rag,
    override_reason: &'a Option<String>,
    reasons: &'a [Reason],
    summary: &'a Option<String>,
    done: &'a [String],
    next: &'a [String],
    /// The workstream (`None`: the program), for the milestones and budget of its panel.
    workstream: Option<&'a str>,
    /// (RAG, overridden) for each week of the trend, oldest first; empty until computed.
    trend: Vec<(Rag, bool)>,
    first_row: usize,
}

/// BAC, AC, CPI, SPI and EAC on one line.
fn budget_line(
    bac: Money,
    ac: Money,
    cpi: Option<f64>,
    spi: Option<f64>,
    eac: Option<Money>,
) -> String {
    format!(
        "BAC {} · AC {} · CPI {} · SPI {} · EAC {}",
        bac.grouped(),
        ac.grouped(),
        ratio_text(cpi),
        ratio_text(spi),
        money_text(eac)
    )
}

fn ws_budget(b: &WorkstreamBudget) -> String {
    budget_line(b.bac, b.ac, b.cpi, b.spi, b.eac)
}

fn milestone_line(m: &MilestoneEntry) -> String {
    let t = &m.task;
    let signed = |d: Option<i64>| d.map_or("-".to_string(), |d| format!("{d:+}"));
    format!(
        "{} {} · baseline {} · forecast {} · slip {} · moved {}",
        t.key,
        t.title,
        t.baseline_finish.map_or("-".into(), |d| d.to_string()),
        t.forecast_finish,
        signed(t.slip_days),
        signed(m.moved_days)
    )
}

fn scopes(w: &Workspace) -> Vec<Scope<'_>> {
    let s = &w.status;
    let weeks: HashMap<Option<&str>, Vec<(Rag, bool)>> = w
        .trend
        .iter()
        .flat_map(|t| {
            std::iter::once((None, &t.program)).chain(
                t.workstreams
                    .iter()
                    .map(|h| (Some(h.key.as_str()), &h.weeks)),
            )
        })
        .map(|(k, ws)| {
            let cells = ws
                .iter()
                .map(|x| (x.rag, x.rag != x.computed_rag))
                .collect();
            (k, cells)
        })
        .collect();
    let trend = |key: Option<&str>| weeks.get(&key).cloned().unwrap_or_default();
    let program = &s.overall;
    let mut out = vec![Scope {
        key: "PROGRAM".into(),
        title: s.program.name.clone(),
        rag: program.rag,
        computed: program.computed_rag,
        override_reason: &program.override_reason,
        reasons: &program.reasons,
        summary: &program.summary,
        done: &program.accomplishments,
        next: &program.next_steps,
        workstream: None,
        trend: trend(None),
        first_row: 0,
    }];
    for ws in &s.workstreams {
        out.push(Scope {
            key: ws.key.clone(),
            title: format!(
                "{}{}",
                ws.name,
                ws.owner
                    .as_ref()
                    .map(|o| format!(" · {o}"))
                    .unwrap_or_default()
            ),
            rag: ws.rag,
            computed: ws.computed_rag,
            override_reason: &ws.override_reason,
            reasons: &ws.reasons,
            summary: &ws.summary,
            done: &ws.accomplishments,
            next: &ws.next_steps,
            workstream: Some(&ws.key),
            trend: trend(Some(&ws.key)),
            first_row: 0,
        });
    }
    // Rows as the tab's table has them: each scope, then its accomplishments and next steps.
    let mut row = 0;
    for scope in &mut out {
        scope.first_row = row;
        row += 1 + scope.done.len() + scope.next.len();
    }
    out
}

/// The trend as cells: coloured squares, or the RAG's letter without colour; an override
/// is marked `*` when `marks` asks for it.
fn trend_spans<'a>(trend: &[(Rag, bool)], theme: &Theme, marks: bool) -> Vec<Span<'a>> {
    trend
        .iter()
        .map(|(r, overridden)| {
            let cell = match (theme.color, r) {
                (true, _) => "■",
                (false, Rag::Green) => "G",
                (false, Rag::Amber) => "A",
                (false, Rag::Red) => "R",
            };
            let star = if marks && *overridden { "*" } else { "" };
            Span::styled(format!("{cell}{star}"), tone_style(theme, rag_tone(*r)))
        })
        .collect()
}

/// A scope's panel as lines, built once per workspace, scope and width and kept between
/// frames (a program's panel can hold thousands of reasons); the selection is laid over the
/// lines on screen.
pub struct Panel {
    /// (workspace version, scope, width, colour) it was built for.
    key: (u64, usize, u16, bool),
    lines: Vec<Line<'static>>,
    /// (row of the table, first line, end line)
    anchors: Vec<(usize, usize, usize)>,
    width: usize,
}

impl Panel {
    /// `lead` on the first line, the text wrapped and indented under it.
    fn text(&mut self, lead: &str, text: &str, style: Style, lead_style: Style) {
        let indent = lead.chars().count();
        for (i, l) in wrap(text, self.width.saturating_sub(indent))
            .into_iter()
            .enumerate()
        {
            let lead = if i == 0 {
                Span::styled(lead.to_string(), lead_style)
            } else {
                Span::raw(" ".repeat(indent))
            };
            self.lines
                .push(Line::from(vec![lead, Span::styled(for_display(&l), style)]));
        }
    }

    fn label(&mut self, text: &str, theme: &Theme) {
        self.lines
            .push(Line::from(Span::styled(text.to_string(), theme.header)));
    }

    /// Lines from here on belong to `row` (until the next call).
    fn anchor(&mut self, row: usize) {
        let at = self.lines.len();
        if let Some(last) = self.anchors.last_mut() {
            last.2 = last.2.min(at);
        }
        self.anchors.push((row, at, usize::MAX));
    }

    /// Close the last anchor here.
    fn close(&mut self) {
        let at = self.lines.len();
        if let Some(last) = self.anchors.last_mut() {
            last.2 = last.2.min(at);
        }
    }
}

fn panel(w: &Workspace, scope: &Scope, key: (u64, usize, u16, bool), theme: &Theme) -> Panel {
    let s = &w.status;
    let mut p = Panel {
        key,
        lines: vec![],
        anchors: vec![],
        width: key.2 as usize,
    };
    p.anchor(scope.first_row);
    p.text(
        "",
        &format!("{}  {}", scope.key, scope.title),
        theme.title,
        Style::default(),
    );
    p.close();
    let rag = if scope.rag == scope.computed {
        format!("RAG {}", rag_word(scope.rag))
    } else {
        format!(
            "RAG {} (computed {}, overridden)",
            rag_word(scope.rag),
            rag_word(scope.computed)
        )
    };
    p.text(
        "",
        &rag,
        tone_style(theme, rag_tone(scope.rag)),
        Style::default(),
    );
    if let Some(reason) = scope.override_reason {
        p.label("override", theme);
        p.text("", reason, Style::default(), Style::default());
    }
    if !scope.trend.is_empty() {
        let mut spans = vec![Span::styled("last 8 weeks  ", theme.muted)];
        spans.extend(trend_spans(&scope.trend, theme, true));
        p.lines.push(Line::from(spans));
    }
    // Why: red first, then amber, each in the engine's order.
    if !scope.reasons.is_empty() {
        p.label("why", theme);
        let mut reasons: Vec<&Reason> = scope.reasons.iter().collect();
        reasons.sort_by_key(|r| std::cmp::Reverse(r.level));
        for r in reasons {
            let style = tone_style(theme, rag_tone(r.level));
            p.text("• ", &r.text, style, style);
        }
    }
    p.label("summary", theme);
    match scope.summary {
        Some(s) if !s.is_empty() => p.text("", s, Style::default(), Style::default()),
        _ => p.text("", "(none)", theme.muted, Style::default()),
    }
    let mut row = scope.first_row + 1;
    for (label, items) in [("done", scope.done), ("next", scope.next)] {
        p.label(label, theme);
        if items.is_empty() {
            p.text("", "(none)", theme.muted, Style::default());
        }
        for (i, item) in items.iter().enumerate() {
            p.anchor(row);
            p.text(
                &format!("{:>2}. ", i + 1),
                item,
                Style::default(),
                Style::default(),
            );
            p.close();
            row += 1;
        }
    }
    // Key milestones still open: five for the program, four for a workstream.
    let milestones: Vec<&MilestoneEntry> = s
        .schedule
        .milestones
        .iter()
        .filter(|m| m.task.percent_complete < 100)
        .filter(|m| scope.workstream.is_none_or(|k| m.task.workstream == k))
        .take(if scope.workstream.is_none() { 5 } else { 4 })
        .collect();
    if !milestones.is_empty() {
        p.label("milestones", theme);
        for m in milestones {
            p.text("◆ ", &milestone_line(m), Style::default(), theme.muted);
        }
    }
    let budget = match scope.workstream {
        None => budget_line(
            s.budget.bac,
            s.budget.ac,
            s.budget.cpi,
            s.budget.spi,
            s.budget.eac,
        ),
        Some(k) => s
            .workstreams
            .iter()
            .find(|x| x.key == k)
            .map(|x| ws_budget(&x.budget))
            .unwrap_or_default(),
    };
    p.label("budget", theme);
    p.text("", &budget, Style::default(), Style::default());
    p
}

/// Draw the workspace with `selected` the selected row of the tab's table; `version` changes
/// whenever the workspace does (the panel in `cache` is built again). Returns where the panel
/// is scrolled to, for the next frame.
#[allow(clippy::too_many_arguments)]
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    w: &Workspace,
    version: u64,
    selected: usize,
    scroll: Scroll,
    cache: &mut Option<Panel>,
    theme: &Theme,
) -> Scroll {
    let scopes = scopes(w);
    let Some(at) = scopes.iter().rposition(|s| s.first_row <= selected) else {
        return scroll;
    };
    let right = if area.width >= TWO_PANES {
        let keys = scopes
            .iter()
            .map(|s| s.key.chars().count())
            .max()
            .unwrap_or(7);
        // mark, key, RAG, eight weeks, the border
        let list_width = (2 + keys + 1 + 5 + 1 + 8 + 1) as u16;
        let left = Rect {
            width: list_width,
            ..area
        };
        draw_list(frame, left, &scopes, at, theme);
        Rect {
            x: area.x + list_width + 1,
            width: area.width.saturating_sub(list_width + 1),
            ..area
        }
    } else {
        area
    };
    let key = (version, at, right.width, theme.color);
    let p = match cache.take() {
        Some(p) if p.key == key => p,
        _ => panel(w, &scopes[at], key, theme),
    };
    let height = right.height as usize;
    let (start, end) = p
        .anchors
        .iter()
        .find(|(r, _, _)| *r == selected)
        .map_or((0, 1), |(_, s, e)| (*s, *e));
    let mut offset = scroll.offset;
    if scroll.row != selected {
        // The selection moved: a new scope starts at its top; the selected entry stays in view.
        let before = scopes.iter().rposition(|s| s.first_row <= scroll.row);
        if before != Some(at) {
            offset = 0;
        }
        if start < offset {
            offset = start;
        } else if start >= offset + height {
            offset = start + 1 - height;
        }
    }
    let total = p.lines.len();
    offset = offset.min(total.saturating_sub(height));
    let mut lines: Vec<Line> = p.lines.iter().skip(offset).take(height).cloned().collect();
    for (i, line) in lines.iter_mut().enumerate() {
        if (start..end).contains(&(offset + i)) {
            for span in &mut line.spans {
                span.style = span.style.patch(theme.selected);
            }
        }
    }
    // What lies past the bottom is counted on the last line, never silently dropped.
    let below = total.saturating_sub(offset + height);
    if below > 0 && height > 1 {
        lines.pop();
        lines.push(Line::from(Span::styled(
            format!("↓ {} more lines (PgDn)", below + 1),
            theme.muted,
        )));
    }
    frame.render_widget(Paragraph::new(lines), right);
    *cache = Some(p);
    Scroll {
        row: selected,
        offset,
    }
}

/// The scope list: key, RAG and the trend; the selected scope highlighted.
fn draw_list(frame: &mut Frame, area: Rect, scopes: &[Scope], at: usize, theme: &Theme) {
    let keys = scopes
        .iter()
        .map(|s| s.key.chars().count())
        .max()
        .unwrap_or(7);
    let height = area.height as usize;
    let skip = (at + 1).saturating_sub(height);
    let lines: Vec<Line> = scopes
        .iter()
        .enumerate()
        .skip(skip)
        .take(height)
        .map(|(i, s)| {
            let (mark, style) = if i == at {
                ("▸ ", theme.selected)
            } else {
                ("  ", Style::default())
            };
            let mut spans = vec![
                Span::styled(format!("{mark}{:<keys$} ", for_display(&s.key)), style),
                Span::styled(
                    format!("{:<5} ", rag_word(s.rag)),
                    tone_style(theme, rag_tone(s.rag)),
                ),
            ];
            spans.extend(trend_spans(&s.trend, theme, false));
            Line::from(spans)
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::new()
                .borders(Borders::RIGHT)
                .border_style(theme.muted),
        ),
        area,
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn wraps_at_spaces_and_cuts_long_words() {
        assert_eq!(
            super::wrap("DATA-5 slips 9 working days (amber at 1 or more)", 20),
            ["DATA-5 slips 9", "working days (amber", "at 1 or more)"]
        );
        assert_eq!(super::wrap("abcdefghijkl", 8), ["abcdefgh", "ijkl"]);
        assert_eq!(super::wrap("", 10), [""]);
    }
}
