//! Dates, ISO weeks and budget months, parsed strictly with errors that name the field.

use crate::error::{Error, Result};
use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Serialize, Serializer};
use std::fmt;

/// Parse a calendar date `YYYY-MM-DD`; `2026-02-30` is an error.
pub fn parse_date(field: &str, text: &str) -> Result<NaiveDate> {
    let s = text.trim();
    let shaped = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shaped {
        return Err(Error::invalid(
            field,
            text,
            "not a date (expected YYYY-MM-DD)",
        ));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| Error::invalid(field, text, "not a calendar date"))
}

/// The forms [`parse_date_relative`] accepts, for error messages.
pub const DATE_FORMS: &str =
    "expected YYYY-MM-DD, today, yesterday, +3d, -1d, -2w or a weekday like fri";

/// Parse a date as a person types it: `2026-12-01`, `today`, `yesterday`, `+3d`, `-1d`, `+2w`,
/// `-2w`, or a weekday name (`fri`, `friday`: the next such day, today included).
pub fn parse_date_relative(field: &str, text: &str, today: NaiveDate) -> Result<NaiveDate> {
    let s = text.trim().to_ascii_lowercase();
    if s == "today" {
        return Ok(today);
    }
    if s == "yesterday" {
        return today
            .pred_opt()
            .ok_or_else(|| Error::invalid(field, text, "date out of range"));
    }
    if let Some(first) = s.chars().next()
        && (first == '+' || first == '-')
        && s.len() >= 3
    {
        let unit = s.chars().last().unwrap_or('d');
        let count: i64 = s[1..s.len() - unit.len_utf8()]
            .parse()
            .map_err(|_| Error::invalid(field, text, format!("not a date ({DATE_FORMS})")))?;
        let days = match unit {
            'd' => count,
            'w' => count.saturating_mul(7),
            _ => {
                return Err(Error::invalid(
                    field,
                    text,
                    format!("not a date ({DATE_FORMS})"),
                ));
            }
        };
        if !(-100_000..=100_000).contains(&days) {
            return Err(Error::invalid(field, text, "offset too large"));
        }
        let signed = if first == '-' { -days } else { days };
        return today
            .checked_add_signed(chrono::Duration::days(signed))
            .ok_or_else(|| Error::invalid(field, text, "date out of range"));
    }
    if let Ok(weekday) = s.parse::<Weekday>() {
        let ahead =
            (weekday.num_days_from_monday() + 7 - today.weekday().num_days_from_monday()) % 7;
        return Ok(today + Days::new(u64::from(ahead)));
    }
    let shaped = s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-';
    match parse_date(field, text) {
        // A date of the right shape that does not exist keeps its own message.
        Err(_) if !shaped => Err(Error::invalid(
            field,
            text,
            format!("not a date ({DATE_FORMS})"),
        )),
        other => other,
    }
}

/// An ISO 8601 week, `2026-W05`: Monday to Sunday, numbered in the ISO week-year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoWeek {
    pub year: i32,
    pub week: u32,
}

impl IsoWeek {
    /// Parse `YYYY-Www`; a week the year does not have (`2021-W53`) is an error.
    pub fn parse(field: &str, text: &str) -> Result<IsoWeek> {
        let s = text.trim();
        let bad = |reason: &str| Error::invalid(field, text, reason);
        let (y, w) = s
            .split_once("-W")
            .ok_or_else(|| bad("not an ISO week (expected YYYY-Www, like 2026-W05)"))?;
        if y.len() != 4 || w.len() != 2 || !(y.bytes().chain(w.bytes()).all(|b| b.is_ascii_digit()))
        {
            return Err(bad("not an ISO week (expected YYYY-Www, like 2026-W05)"));
        }
        let year: i32 = y.parse().map_err(|_| bad("not an ISO week"))?;
        let week: u32 = w.parse().map_err(|_| bad("not an ISO week"))?;
        if NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).is_none() {
            return Err(bad(&format!("{year} has no ISO week {week}")));
        }
        Ok(IsoWeek { year, week })
    }

    /// The ISO week containing a date.
    pub fn of(date: NaiveDate) -> IsoWeek {
        let iso = date.iso_week();
        IsoWeek {
            year: iso.year(),
            week: iso.week(),
        }
    }

    pub fn monday(self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon)
            .expect("IsoWeek is validated on construction")
    }

    pub fn sunday(self) -> NaiveDate {
        self.monday() + Days::new(6)
    }
}

impl fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-W{:02}", self.year, self.week)
    }
}

impl<'de> serde::Deserialize<'de> for IsoWeek {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<IsoWeek, D::Error> {
        super::strict::via(d, IsoWeek::parse)
    }
}

impl Serialize for IsoWeek {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A budget month `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn parse(field: &str, text: &str) -> Result<Month> {
        let s = text.trim();
        let bad = || Error::invalid(field, text, "not a month (expected YYYY-MM)");
        let (y, m) = s.split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) {
            return Err(bad());
        }
        Ok(Month { year, month })
    }

    pub fn of(date: NaiveDate) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("Month is validated")
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl<'de> serde::Deserialize<'de> for Month {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Month, D::Error> {
        super::strict::via(d, Month::parse)
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Format a date as stored and exchanged: `YYYY-MM-DD`.
pub fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_date("date", s).unwrap()
    }

    #[test]
    fn strict_dates() {
        assert_eq!(
            d("2026-02-28"),
            NaiveDate::from_ymd_opt(2026, 2, 28).unwrap()
        );
        let err = parse_date("date", "2026-02-30").unwrap_err().to_string();
        assert_eq!(err, "date \"2026-02-30\": not a calendar date");
        for bad in [
            "2026-2-3",
            "26-02-03",
            "2026/02/03",
            "tomorrow",
            "2026-02-03x",
        ] {
            assert!(parse_date("date", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn relative_dates() {
        let today = d("2026-11-18"); // a Wednesday
        assert_eq!(
            parse_date_relative("due", "+3d", today).unwrap(),
            d("2026-11-21")
        );
        assert_eq!(
            parse_date_relative("due", "-2w", today).unwrap(),
            d("2026-11-04")
        );
        assert_eq!(
            parse_date_relative("due", "fri", today).unwrap(),
            d("2026-11-20")
        );
        assert_eq!(
            parse_date_relative("due", "wed", today).unwrap(),
            d("2026-11-18")
        );
        assert_eq!(
            parse_date_relative("due", "Monday", today).unwrap(),
            d("2026-11-23")
        );
        assert_eq!(parse_date_relative("due", "today", today).unwrap(), today);
        assert_eq!(
            parse_date_relative("started", "yesterday", today).unwrap(),
            d("2026-11-17")
        );
        assert_eq!(
            parse_date_relative("started", "-1d", today).unwrap(),
            d("2026-11-17")
        );
        let err = parse_date_relative("started", "someday", today)
            .unwrap_err()
            .to_string();
        assert!(err.contains("yesterday") && err.contains("-2w"), "{err}");
        assert!(parse_date_relative("due", "+3x", today).is_err());
        assert!(parse_date_relative("due", "2026-02-30", today).is_err());
    }

    #[test]
    fn iso_weeks() {
        let w = IsoWeek::parse("week", "2026-W53").unwrap();
        assert_eq!(w.monday(), d("2026-12-28"));
        assert_eq!(w.sunday(), d("2027-01-03"));
        let err = IsoWeek::parse("week", "2021-W53").unwrap_err().to_string();
        assert_eq!(err, "week \"2021-W53\": 2021 has no ISO week 53");
        assert!(IsoWeek::parse("week", "2025-W53").is_err());
        assert!(IsoWeek::parse("week", "2026-W00").is_err());
        assert!(IsoWeek::parse("week", "2026-5").is_err());
        // ISO week-year differs from the calendar year around New Year.
        assert_eq!(IsoWeek::of(d("2027-01-01")).to_string(), "2026-W53");
        assert_eq!(IsoWeek::of(d("2024-12-30")).to_string(), "2025-W01");
    }

    #[test]
    fn months() {
        assert_eq!(
            Month::parse("month", "2026-12").unwrap().next().to_string(),
            "2027-01"
        );
        assert!(Month::parse("month", "2026-13").is_err());
        assert!(Month::parse("month", "2026-1").is_err());
    }
}
