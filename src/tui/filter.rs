//! Filter and sort a tab's rows. The filter is typed after `/`: free words match any cell;
//! `owner:`, `ws:`, `status:`, `kind:` and `vendor:` match that column (`status:open` and
//! `status:closed` follow each kind's closed states); `due:<DATE` keeps rows due before the
//! date; `overdue`, `crit` and `escalated` keep late, critical and escalated rows; `slip:>N` and
//! `score:>=N` compare. A word the tab does not understand is an error, shown at once; `?`
//! lists the words. Case does not matter.

use super::tabs::{BudgetView, Tab, TableData, filter_words};
use crate::store::pages::{Compare, FilterField, RowFilter};
use std::cmp::Ordering;

/// The filter as typed, for the store to push down into SQL; an error names the word a tab
/// does not understand.
pub fn parse(text: &str, tab: Tab, view: BudgetView) -> Result<RowFilter, String> {
    let known = filter_words(tab, view);
    let supports = |word: &str| known.iter().any(|(w, _)| w.split(':').next() == Some(word));
    let refuse = |term: &str| {
        Err(format!(
            "the {} tab has no filter word {term:?} (? lists the words)",
            tab.title()
        ))
    };
    let mut filter = RowFilter::default();
    for term in text.split_whitespace() {
        let lower = term.to_lowercase();
        match lower.as_str() {
            "overdue" if supports("overdue") => {
                filter.overdue = true;
                continue;
            }
            "crit" | "critical" if supports("crit") => {
                filter.critical = true;
                continue;
            }
            "escalated" if supports("escalated") => {
                filter.escalated = true;
                continue;
            }
            _ => {}
        }
        let Some((name, value)) = term.split_once(':') else {
            filter.words.push(term.to_string());
            continue;
        };
        let name = name.to_lowercase();
        let name = if name == "workstream" {
            "ws".to_string()
        } else {
            name
        };
        if !supports(&name) {
            return refuse(term);
        }
        match name.as_str() {
            "due" => match value.strip_prefix('<') {
                Some(limit) => filter.due_before = Some(limit.to_string()),
                None => return Err(format!("{term:?}: write due:<DATE, like due:<2026-12-01")),
            },
            "slip" | "score" => {
                let parsed = Compare::split(value)
                    .and_then(|(c, n)| n.trim().parse::<i64>().ok().map(|n| (c, n)));
                let Some(cmp) = parsed else {
                    return Err(format!("{term:?}: write {name}:>N, like {name}:>=3"));
                };
                if name == "slip" {
                    filter.slip = Some(cmp);
                } else {
                    filter.score = Some(cmp);
                }
            }
            "status" if value.eq_ignore_ascii_case("open") && supports_open(tab, view) => {
                filter.open = Some(true)
            }
            "status" if value.eq_ignore_ascii_case("closed") && supports_open(tab, view) => {
                filter.open = Some(false)
            }
            _ => match FilterField::parse(&name) {
                Some(field) => filter.fields.push((field, value.to_string())),
                None => return refuse(term),
            },
        }
    }
    Ok(filter)
}

/// Whether `status:open` means open and closed states on this tab (tasks, RAID).
fn supports_open(tab: Tab, _view: BudgetView) -> bool {
    matches!(tab, Tab::Milestones | Tab::Raid)
}

/// The column a `name:` term refers to (a workstream is the SCOPE of a per-workstream table).
fn column(table: &TableData, name: &str) -> Option<usize> {
    let titles: &[&str] = match name {
        "ws" | "workstream" => &["WS", "SCOPE"],
        "owner" => &["OWNER"],
        "status" => &["STATUS"],
        "kind" => &["KIND"],
        "due" => &["DUE"],
        _ => return None,
    };
    table.columns.iter().position(|c| titles.contains(&c.title))
}

fn matches(table: &TableData, row: &[String], term: &str) -> bool {
    let term = term.to_lowercase();
    if term == "overdue" {
        return column(table, "due").is_some_and(|c| row[c].ends_with('!'));
    }
    if let Some((name, value)) = term.split_once(':') {
        if let Some(c) = column(table, name) {
            let cell = row[c].to_lowercase();
            return match value.strip_prefix('<') {
                Some(limit) => !cell.is_empty() && cell.as_str() < limit,
                None => cell.contains(value),
            };
        }
    }
    row.iter().any(|cell| cell.to_lowercase().contains(&term))
}

/// A cell as an exact decimal: digits scaled to 6 places (`1,250.50` -> 1250500000), with
/// separators, a sign, `%` and markers allowed. Amounts never go through floating point.
fn decimal(cell: &str) -> Option<i128> {
    let s = cell.trim_end_matches(['%', '!', ' ', '*']).replace(',', "");
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest.to_string()),
        None => (false, s.strip_prefix('+').unwrap_or(&s).to_string()),
    };
    let (whole, fraction) = s.split_once('.').unwrap_or((&s, ""));
    let all_digits = |t: &str| t.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) || fraction.len() > 6 {
        return None;
    }
    let mut value: i128 = whole.parse().ok()?;
    for i in 0..6 {
        let digit = fraction.as_bytes().get(i).map_or(0, |d| (d - b'0') as i128);
        value = value.checked_mul(10)?.checked_add(digit)?;
    }
    Some(if negative { -value } else { value })
}

/// Numbers (with separators, signs and `%`) compare as numbers, everything else as text.
fn compare(a: &str, b: &str) -> Ordering {
    match (decimal(a), decimal(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => a.to_lowercase().cmp(&b.to_lowercase()),
    }
}

/// The indices of the rows to show, filtered and sorted (stable: ties keep their order).
pub fn order(table: &TableData, filter: &str, sort: Option<(usize, bool)>) -> Vec<usize> {
    let terms: Vec<&str> = filter.split_whitespace().collect();
    let mut rows: Vec<usize> = (0..table.rows.len())
        .filter(|&i| terms.iter().all(|t| matches(table, &table.rows[i], t)))
        .collect();
    if let Some((c, ascending)) = sort.filter(|(c, _)| *c < table.columns.len()) {
        rows.sort_by(|&x, &y| {
            let o = compare(&table.rows[x][c], &table.rows[y][c]);
            if ascending { o } else { o.reverse() }
        });
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::tabs::{Column, RowRef, Tone, col};

    const COLUMNS: &[Column] = &[
        col("KEY", 5, 0),
        col("OWNER", 5, 0),
        col("SCORE", 5, 0),
        col("DUE", 12, 0),
        col("WS", 4, 0),
    ];

    fn table() -> TableData {
        TableData {
            columns: COLUMNS,
            rows: vec![
                vec![
                    "R-1".into(),
                    "Sam Lee".into(),
                    "20".into(),
                    "2026-11-12 !".into(),
                    "APP".into(),
                ],
                vec![
                    "R-2".into(),
                    "Priya".into(),
                    "9".into(),
                    "2026-12-01".into(),
                    "DATA".into(),
                ],
                vec![
                    "R-10".into(),
                    "Sam Lee".into(),
                    "12".into(),
                    "".into(),
                    "PLT".into(),
                ],
            ],
            tones: vec![Tone::Normal; 3],
            refs: vec![RowRef::Scope(None); 3],
        }
    }

    #[test]
    fn filters_by_column_and_text() {
        let t = table();
        assert_eq!(order(&t, "", None), vec![0, 1, 2]);
        assert_eq!(order(&t, "owner:sam", None), vec![0, 2]);
        assert_eq!(order(&t, "ws:plt", None), vec![2]);
        assert_eq!(order(&t, "overdue", None), vec![0]);
        assert_eq!(order(&t, "due:<2026-11-30", None), vec![0]);
        assert_eq!(order(&t, "priya", None), vec![1]);
        assert_eq!(order(&t, "sam r-10", None), vec![2]);
        assert_eq!(
            order(&t, "sam 12", None),
            vec![0, 2],
            "12 is in a date and a score"
        );
    }

    #[test]
    fn parses_terms_for_sql() {
        let raid = |t: &str| parse(t, Tab::Raid, BudgetView::Plan);
        let f =
            raid("Owner:Sam  overdue due:<2026-12 vendor ws:plt status:open score:>=12 escalated")
                .unwrap();
        assert_eq!(f.words, vec!["vendor"]);
        assert_eq!(
            f.fields,
            vec![
                (FilterField::Owner, "Sam".to_string()),
                (FilterField::Workstream, "plt".to_string())
            ]
        );
        assert_eq!(f.due_before.as_deref(), Some("2026-12"));
        assert!(f.overdue && f.escalated);
        assert_eq!(f.open, Some(true));
        assert_eq!(f.score, Some((Compare::AtLeast, 12)));
        assert_eq!(
            raid("status:mitigating").unwrap().fields,
            vec![(FilterField::Status, "mitigating".to_string())]
        );
        assert!(raid("  ").unwrap().is_empty());
        // Words a tab does not understand are errors, not silently free text.
        assert_eq!(
            raid("crit x:y").unwrap_err(),
            "the RAID tab has no filter word \"x:y\" (? lists the words)"
        );
        assert!(raid("slip:>3").is_err(), "no slip on RAID items");
        let tasks = parse(
            "crit slip:>3 kind:milestone",
            Tab::Milestones,
            BudgetView::Plan,
        )
        .unwrap();
        assert!(tasks.critical);
        assert_eq!(tasks.slip, Some((Compare::More, 3)));
        assert!(parse("score:>x", Tab::Raid, BudgetView::Plan).is_err());
        let spend = parse("vendor:acme", Tab::Budget, BudgetView::Spend).unwrap();
        assert_eq!(
            spend.fields,
            vec![(FilterField::Vendor, "acme".to_string())]
        );
        assert!(parse("vendor:acme", Tab::Raid, BudgetView::Plan).is_err());
    }

    #[test]
    fn decimals_compare_exactly() {
        assert_eq!(decimal("1,250.50"), Some(1_250_500_000));
        assert_eq!(decimal("-0.01"), Some(-10_000));
        assert_eq!(decimal("+4"), Some(4_000_000));
        assert_eq!(decimal("45%"), Some(45_000_000));
        assert_eq!(decimal("2026-11-12 !"), None);
        assert_eq!(decimal("-"), None);
        // One cent apart at 10^15: floating point would call these equal.
        assert_eq!(
            compare("9,007,199,254,740,993.01", "9,007,199,254,740,993.00"),
            Ordering::Greater
        );
    }

    #[test]
    fn sorts_numbers_as_numbers() {
        let t = table();
        assert_eq!(order(&t, "", Some((2, true))), vec![1, 2, 0]);
        assert_eq!(order(&t, "", Some((2, false))), vec![0, 2, 1]);
        assert_eq!(
            order(&t, "", Some((0, true))),
            vec![0, 2, 1],
            "R-1, R-10, R-2 as text"
        );
    }
}
