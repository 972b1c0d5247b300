//! iCalendar export (RFC 5545, SPEC §12): one all-day event per milestone on its forecast date
//! (with the baseline date and the slip in the description), and one per task deadline. UIDs are
//! stable (the key and what the event is), lines end in CRLF and fold at 75 octets, and text
//! is escaped, so a calendar subscribed to the file updates in place week after week.

use crate::domain::{Task, text};
use crate::engine::forecast::Forecast;
use chrono::{Days, NaiveDate};
use std::fmt::Write;

/// Escape a TEXT value: backslash, semicolon, comma and newline (RFC 5545 §3.3.11).
fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in text::terminal_safe(value).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// Append one content line, folded so that no line is longer than 75 octets (never inside a
/// UTF-8 sequence), each ending in CRLF.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

fn date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// A stable domain for UIDs from the program's name: letters and digits, lower case.
fn domain_of(program: &str) -> String {
    let slug: String = program
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if slug.is_empty() {
        "program".into()
    } else {
        slug
    }
}

fn event(
    out: &mut String,
    uid: &str,
    stamp: NaiveDate,
    day: NaiveDate,
    summary: &str,
    description: &str,
    category: &str,
) {
    line(out, "BEGIN:VEVENT");
    line(out, &format!("UID:{uid}"));
    line(out, &format!("DTSTAMP:{}T000000Z", date(stamp)));
    line(out, &format!("DTSTART;VALUE=DATE:{}", date(day)));
    line(
        out,
        &format!("DTEND;VALUE=DATE:{}", date(day + Days::new(1))),
    );
    line(out, &format!("SUMMARY:{}", escape(summary)));
    line(out, &format!("DESCRIPTION:{}", escape(description)));
    line(out, &format!("CATEGORIES:{}", escape(category)));
    line(out, "TRANSP:TRANSPARENT");
    line(out, "END:VEVENT");
}

/// The calendar of `program`'s milestones and deadlines from its forecast as of `forecast.as_of`
/// (`tasks` in the forecast's order, for the deadlines).
pub fn calendar(program: &str, tasks: &[Task], forecast: &Forecast) -> String {
    let mut out = String::new();
    let domain = domain_of(program);
    let stamp = forecast.as_of;
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(
        &mut out,
        &format!(
            "PRODID:-//milepost//milepost {}//EN",
            env!("CARGO_PKG_VERSION")
        ),
    );
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(
        &mut out,
        &format!(
            "X-WR-CALNAME:{}",
            escape(&format!("{program}: milestones and deadlines"))
        ),
    );
    for (t, f) in tasks.iter().zip(&forecast.tasks) {
        if f.milestone {
            let mut description = format!("{} {}: forecast {}", f.key, f.title, f.finish);
            match (f.baseline_finish, f.slip_days) {
                (Some(b), Some(s)) if s != 0 => {
                    let days = if s.abs() == 1 { "day" } else { "days" };
                    let way = if s > 0 { "late" } else { "early" };
                    let _ = write!(
                        description,
                        "; baseline {b}; {} working {days} {way}",
                        s.abs()
                    );
                }
                (Some(b), _) => {
                    let _ = write!(description, "; baseline {b}; on plan");
                }
                (None, _) => description.push_str("; no baseline"),
            }
            if f.percent_complete == 100 {
                description.push_str("; done");
            }
            event(
                &mut out,
                &format!("milestone-{}@{domain}.milepost", f.key),
                stamp,
                f.finish,
                &format!("◆ {} {}", f.key, f.title),
                &description,
                &f.workstream,
            );
        }
        if let Some(deadline) = t.deadline {
            let late = f.finish > deadline && f.percent_complete < 100;
            let description = format!(
                "{} {}: deadline {deadline}; forecast finish {}{}",
                f.key,
                f.title,
                f.finish,
                if late { " (misses it)" } else { "" }
            );
            event(
                &mut out,
                &format!("deadline-{}@{domain}.milepost", f.key),
                stamp,
                deadline,
                &format!("Deadline: {} {}", f.key, f.title),
                &description,
                &f.workstream,
            );
        }
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_fold_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "é".repeat(60));
        line(&mut out, &long);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("{long}\r\n"));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
        assert_eq!(escape("bell\u{7}"), "bell\\\\u{7}");
    }
}
