//! The program calendar: working weekdays minus holidays, and working-day indices (SPEC §2).
//!
//! Index 0 is the first working day on or after the program start; dates before it get negative
//! indices. Conversions use whole-week arithmetic plus a binary search over the sorted holidays,
//! so they cost the same for a ten-year program as for a ten-day one.

use crate::error::{Error, Result};
use chrono::{Datelike, Days, NaiveDate, Weekday};

const WEEKDAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Which weekdays are working days, Monday first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Workdays(pub [bool; 7]);

impl Default for Workdays {
    fn default() -> Self {
        Workdays([true, true, true, true, true, false, false])
    }
}

impl Workdays {
    /// Parse a comma-separated list such as `mon,tue,wed,thu,fri`.
    pub fn parse(field: &str, text: &str) -> Result<Workdays> {
        let mut days = [false; 7];
        for part in text.split(',') {
            let name = part.trim().to_ascii_lowercase();
            let i = WEEKDAY_NAMES
                .iter()
                .position(|n| *n == name)
                .ok_or_else(|| {
                    Error::invalid(
                        field,
                        text,
                        format!("unknown weekday {name:?} (use mon..sun)"),
                    )
                })?;
            if days[i] {
                return Err(Error::invalid(
                    field,
                    text,
                    format!("{name} is listed twice"),
                ));
            }
            days[i] = true;
        }
        if !days.iter().any(|d| *d) {
            return Err(Error::invalid(
                field,
                text,
                "needs at least one working day",
            ));
        }
        Ok(Workdays(days))
    }

    pub fn names(&self) -> Vec<&'static str> {
        (0..7)
            .filter(|i| self.0[*i])
            .map(|i| WEEKDAY_NAMES[i])
            .collect()
    }

    pub fn is_working(&self, day: Weekday) -> bool {
        self.0[day.num_days_from_monday() as usize]
    }

    fn per_week(&self) -> i64 {
        self.0.iter().filter(|d| **d).count() as i64
    }
}

/// A program calendar with a fixed origin (index 0).
#[derive(Debug, Clone)]
pub struct Calendar {
    workdays: Workdays,
    /// Holidays that fall on working weekdays, sorted and unique.
    holidays: Vec<NaiveDate>,
    /// The Monday on or before the origin: the reference for week arithmetic.
    anchor_monday: NaiveDate,
    /// Working weekdays in [anchor_monday, origin), to offset raw counts.
    origin_offset: i64,
    origin: NaiveDate,
}

impl Calendar {
    /// A calendar whose index 0 is the first working day on or after `start`.
    pub fn new(start: NaiveDate, workdays: Workdays, holidays: &[NaiveDate]) -> Calendar {
        let mut hs: Vec<NaiveDate> = holidays
            .iter()
            .copied()
            .filter(|h| workdays.is_working(h.weekday()))
            .collect();
        hs.sort();
        hs.dedup();
        let mut cal = Calendar {
            workdays,
            holidays: hs,
            anchor_monday: start,
            origin_offset: 0,
            origin: start,
        };
        let mut origin = start;
        while !cal.is_working_day(origin) {
            origin = origin + Days::new(1);
        }
        cal.anchor_monday = origin - Days::new(u64::from(origin.weekday().num_days_from_monday()));
        cal.origin = origin;
        cal.origin_offset = cal.raw_count(origin);
        cal
    }

    /// The date of index 0.
    pub fn origin(&self) -> NaiveDate {
        self.origin
    }

    pub fn workdays(&self) -> Workdays {
        self.workdays
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.workdays.is_working(date.weekday()) && self.holidays.binary_search(&date).is_err()
    }

    /// Working weekdays (ignoring holidays) in [anchor_monday, date), negative before it.
    fn weekday_count(&self, date: NaiveDate) -> i64 {
        let days = (date - self.anchor_monday).num_days();
        let weeks = days.div_euclid(7);
        let rem = days.rem_euclid(7) as usize;
        let partial = self.workdays.0[..rem].iter().filter(|d| **d).count() as i64;
        weeks * self.workdays.per_week() + partial
    }

    /// Holidays (on working weekdays) strictly before `date`.
    fn holidays_before(&self, date: NaiveDate) -> i64 {
        self.holidays.partition_point(|h| *h < date) as i64
    }

    /// Working days in [anchor_monday, date), holidays excluded.
    fn raw_count(&self, date: NaiveDate) -> i64 {
        self.weekday_count(date) - self.holidays_before(date)
    }

    /// The working-day index of a date: the number of working days from the origin up to it.
    /// A non-working date gets the index of the next working day.
    pub fn index_of(&self, date: NaiveDate) -> i64 {
        self.raw_count(date) - self.origin_offset
    }

    /// Index of the last working day on or before `date` (used for deadlines).
    pub fn index_on_or_before(&self, date: NaiveDate) -> i64 {
        let i = self.index_of(date);
        if self.is_working_day(date) { i } else { i - 1 }
    }

    /// The working day `n` working days after `date` (before it for negative `n`); a date off
    /// the calendar counts from the next working day.
    pub fn add_working_days(&self, date: NaiveDate, n: i64) -> NaiveDate {
        self.date_of(self.index_of(date) + n)
    }

    /// Working days from `from` to `to`: positive when `to` is later.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        self.index_of(to) - self.index_of(from)
    }

    /// The date of a working-day index.
    pub fn date_of(&self, index: i64) -> NaiveDate {
        let per_week = self.workdays.per_week();
        let target = index + self.origin_offset; // raw count wanted
        // Working weekday number `n` (0-based from anchor, ignoring holidays) as a date.
        let nth_weekday = |n: i64| -> NaiveDate {
            let weeks = n.div_euclid(per_week);
            let mut within = n.rem_euclid(per_week);
            let mut day = 0usize;
            for (i, working) in self.workdays.0.iter().enumerate() {
                if *working {
                    if within == 0 {
                        day = i;
                        break;
                    }
                    within -= 1;
                }
            }
            self.anchor_monday + chrono::Duration::days(weeks * 7 + day as i64)
        };
        // Each holiday before the date pushes it one working weekday later; iterate to a fixpoint
        // (at most a few rounds, since each round only adds the holidays newly passed).
        let mut n = target;
        loop {
            let date = nth_weekday(n);
            let wanted = target + self.holidays_before(date);
            if wanted == n {
                if self.holidays.binary_search(&date).is_ok() {
                    n += 1;
                    continue;
                }
                return date;
            }
            n = wanted;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn weekends_are_skipped() {
        let cal = Calendar::new(d("2026-01-05"), Workdays::default(), &[]);
        assert_eq!(cal.date_of(0), d("2026-01-05"));
        assert_eq!(cal.date_of(4), d("2026-01-09"));
        assert_eq!(cal.date_of(5), d("2026-01-12"));
        assert_eq!(cal.index_of(d("2026-01-12")), 5);
        assert_eq!(cal.index_of(d("2026-01-10")), 5); // Saturday maps forward
        assert_eq!(cal.index_on_or_before(d("2026-01-10")), 4);
        assert_eq!(cal.date_of(-1), d("2026-01-02"));
        assert_eq!(cal.add_working_days(d("2026-01-09"), 1), d("2026-01-12"));
        assert_eq!(cal.add_working_days(d("2026-01-12"), -1), d("2026-01-09"));
        assert_eq!(
            cal.working_days_between(d("2026-01-05"), d("2026-01-19")),
            10
        );
    }

    #[test]
    fn holidays_and_saturday_start() {
        let holidays = [d("2026-01-19"), d("2026-01-17")]; // a Monday and a Saturday
        let cal = Calendar::new(d("2026-01-03"), Workdays::default(), &holidays);
        assert_eq!(cal.origin(), d("2026-01-05"));
        assert_eq!(cal.date_of(10), d("2026-01-20"));
        assert_eq!(cal.index_of(d("2026-01-20")), 10);
        assert_eq!(cal.index_of(d("2026-01-19")), 10);
        assert!(!cal.is_working_day(d("2026-01-19")));
    }

    #[test]
    fn round_trips_over_ten_years() {
        let holidays: Vec<NaiveDate> = (0..10)
            .flat_map(|y| {
                [
                    d(&format!("{}-12-25", 2026 + y)),
                    d(&format!("{}-01-01", 2027 + y)),
                ]
            })
            .collect();
        let cal = Calendar::new(
            d("2026-03-04"),
            Workdays::parse("w", "mon,tue,thu,fri").unwrap(),
            &holidays,
        );
        let mut date = d("2026-03-04");
        let mut expected = 0;
        while date < d("2036-03-04") {
            if cal.is_working_day(date) {
                assert_eq!(cal.index_of(date), expected, "{date}");
                assert_eq!(cal.date_of(expected), date);
                expected += 1;
            }
            date = date + Days::new(1);
        }
    }
}
