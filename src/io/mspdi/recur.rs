//! Recurring calendar exceptions of MS Project XML (SPEC §12): an `<Exception>` whose `Type`
//! says how it repeats, expanded into the days it covers. MS Project also writes the days out
//! as dated `DayType 0` entries; other tools may write only the rule, and when a file holds
//! both, the days are the same (a set holds each once).
//!
//! Types: 1 every day of the period; 7 every `Period` days; 6 every `Period` weeks on the
//! `DaysOfWeek` bits (1 Sunday ... 64 Saturday; weeks start on Sunday); 4 day `MonthDay` of
//! every `Period` months; 5 the `MonthPosition`-th (0 first ... 3 fourth, 4 last)
//! `MonthItem` (3 Sunday ... 9 Saturday) of every `Period` months; 2 and 3 the same once a
//! year in `Month` (0 January). The rule ends after `Occurrences` days or on `ToDate`.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

/// At most this many days come from one rule; a rule past this is a damaged file.
const LIMIT: usize = 5_000;

/// A recurring exception as the file states it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rule {
    pub kind: i64,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub occurrences: Option<i64>,
    pub period: Option<i64>,
    pub days_of_week: Option<i64>,
    pub month_item: Option<i64>,
    pub month_position: Option<i64>,
    pub month: Option<i64>,
    pub month_day: Option<i64>,
}

/// The days a rule covers, in order; `None` for a rule this reader cannot expand (an unknown
/// type, a missing part, or "weekday" and "weekend day" items).
pub fn days(rule: &Rule) -> Option<Vec<NaiveDate>> {
    let from = rule.from?;
    let to = rule
        .to
        .unwrap_or(NaiveDate::MAX)
        .min(from + Days::new(366 * 60));
    let wanted = match rule.occurrences {
        Some(n) if n > 0 => (n as usize).min(LIMIT),
        _ if rule.to.is_some() => LIMIT,
        _ => return None,
    };
    let period = rule.period.unwrap_or(1).clamp(1, 1000) as u64;
    let mut out: Vec<NaiveDate> = vec![];
    let mut push = |d: NaiveDate| -> bool {
        if d > to || out.len() >= wanted {
            return false;
        }
        if d >= from && out.last().is_none_or(|l| *l < d) {
            out.push(d);
        }
        true
    };
    match rule.kind {
        1 | 7 => {
            let step = if rule.kind == 1 { 1 } else { period };
            let mut d = from;
            while push(d) {
                d = d.checked_add_days(Days::new(step))?;
            }
        }
        6 => {
            let mask = rule.days_of_week.filter(|m| *m & 0x7f != 0)?;
            let sunday = from - Days::new(u64::from(from.weekday().num_days_from_sunday()));
            let mut week = sunday;
            'weeks: loop {
                for i in 0..7 {
                    if mask & (1 << i) != 0 && !push(week + Days::new(i)) {
                        break 'weeks;
                    }
                }
                week = week.checked_add_days(Days::new(7 * period))?;
            }
        }
        2..=5 => {
            let yearly = rule.kind <= 3;
            let step = if yearly { 12 } else { period as u32 };
            let mut month = if yearly {
                let m = u32::try_from(rule.month?).ok().filter(|m| *m < 12)?;
                let this = NaiveDate::from_ymd_opt(from.year(), m + 1, 1)?;
                if this < first_of_month(from) {
                    this.checked_add_months(Months::new(12))?
                } else {
                    this
                }
            } else {
                first_of_month(from)
            };
            loop {
                let d = if matches!(rule.kind, 2 | 4) {
                    day_of_month(month, rule.month_day?)
                } else {
                    nth_weekday(month, rule.month_item?, rule.month_position?)?
                };
                if !push(d) {
                    break;
                }
                month = month.checked_add_months(Months::new(step))?;
            }
        }
        _ => return None,
    }
    Some(out)
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// Day `n` of the month (the last day when the month is shorter).
fn day_of_month(first: NaiveDate, n: i64) -> NaiveDate {
    let last = first
        .checked_add_months(Months::new(1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(first);
    let n = n.clamp(1, 31) as u32;
    first.with_day(n).unwrap_or(last)
}

/// The `position`-th (0 first ... 3 fourth, 4 last) weekday `item` (3 Sunday ... 9 Saturday)
/// of the month starting on `first`.
fn nth_weekday(first: NaiveDate, item: i64, position: i64) -> Option<NaiveDate> {
    let weekday = match item {
        3 => Weekday::Sun,
        4 => Weekday::Mon,
        5 => Weekday::Tue,
        6 => Weekday::Wed,
        7 => Weekday::Thu,
        8 => Weekday::Fri,
        9 => Weekday::Sat,
        _ => return None,
    };
    let offset = (7 + weekday.num_days_from_monday() - first.weekday().num_days_from_monday()) % 7;
    let first_match = first + Days::new(u64::from(offset));
    match position {
        0..=3 => {
            let d = first_match + Days::new(7 * position as u64);
            (d.month() == first.month()).then_some(d)
        }
        4 => {
            let mut d = first_match;
            while (d + Days::new(7)).month() == first.month() {
                d = d + Days::new(7);
            }
            Some(d)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn rule(kind: i64, from: &str, occurrences: i64) -> Rule {
        Rule {
            kind,
            from: Some(d(from)),
            occurrences: Some(occurrences),
            ..Rule::default()
        }
    }

    fn shown(r: &Rule) -> Vec<String> {
        days(r).unwrap().iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn every_kind_of_recurrence() {
        // Every 3 days, four times.
        let r = Rule {
            period: Some(3),
            ..rule(7, "2026-02-02", 4)
        };
        assert_eq!(
            shown(&r),
            ["2026-02-02", "2026-02-05", "2026-02-08", "2026-02-11"]
        );
        // Every second Tuesday from a Thursday: the first Tuesday is in the next week's turn.
        let r = Rule {
            period: Some(2),
            days_of_week: Some(4),
            ..rule(6, "2026-01-01", 3)
        };
        assert_eq!(shown(&r), ["2026-01-13", "2026-01-27", "2026-02-10"]);
        // Mondays and Fridays, weekly.
        let r = Rule {
            days_of_week: Some(2 | 32),
            ..rule(6, "2026-03-04", 3)
        };
        assert_eq!(shown(&r), ["2026-03-06", "2026-03-09", "2026-03-13"]);
        // The 31st of every month: the last day of a short one.
        let r = Rule {
            month_day: Some(31),
            ..rule(4, "2026-01-15", 3)
        };
        assert_eq!(shown(&r), ["2026-01-31", "2026-02-28", "2026-03-31"]);
        // The last Friday of every third month.
        let r = Rule {
            period: Some(3),
            month_item: Some(8),
            month_position: Some(4),
            ..rule(5, "2026-01-01", 3)
        };
        assert_eq!(shown(&r), ["2026-01-30", "2026-04-24", "2026-07-31"]);
        // The second Sunday of May, yearly (Mother's Day), from after this year's.
        let r = Rule {
            month: Some(4),
            month_item: Some(3),
            month_position: Some(1),
            ..rule(3, "2026-06-01", 2)
        };
        assert_eq!(shown(&r), ["2027-05-09", "2028-05-14"]);
        // 25 December, yearly, until a date.
        let r = Rule {
            kind: 2,
            from: Some(d("2026-01-01")),
            to: Some(d("2028-12-31")),
            month: Some(11),
            month_day: Some(25),
            ..Rule::default()
        };
        assert_eq!(shown(&r), ["2026-12-25", "2027-12-25", "2028-12-25"]);
        // Every day of a period.
        let r = Rule {
            to: Some(d("2026-04-06")),
            ..rule(1, "2026-04-03", 0)
        };
        assert_eq!(
            shown(&r),
            ["2026-04-03", "2026-04-04", "2026-04-05", "2026-04-06"]
        );
    }

    #[test]
    fn rules_it_cannot_expand_say_so() {
        assert_eq!(days(&rule(9, "2026-01-01", 3)), None);
        let weekday_item = Rule {
            month_item: Some(1),
            month_position: Some(0),
            ..rule(5, "2026-01-01", 3)
        };
        assert_eq!(days(&weekday_item), None);
        let endless = Rule {
            occurrences: None,
            ..rule(7, "2026-01-01", 0)
        };
        assert_eq!(days(&endless), None);
        let huge = Rule {
            occurrences: Some(i64::MAX),
            ..rule(1, "2026-01-01", 0)
        };
        assert_eq!(days(&huge).unwrap().len(), LIMIT);
    }
}
