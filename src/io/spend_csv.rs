//! Spend import from a finance export (CSV): header `date,workstream,category,amount,vendor,
//! reference,status`, the last three optional (as columns or as empty values; status defaults
//! to `invoiced`). Quoted fields, commas inside quotes, a UTF-8 BOM and CRLF line ends are
//! handled by the `csv` crate. Every bad cell is reported as `line N, column NAME: ...`.

use super::sheet::{Problems, each_record};
use crate::domain::{Money, SpendStatus, dates, text};
use crate::error::{Error, Result};
use crate::ops::SpendRow;

const REQUIRED: [&str; 4] = ["date", "workstream", "category", "amount"];
const OPTIONAL: [&str; 3] = ["vendor", "reference", "status"];

/// Parse and check every row; all problems are returned together.
pub fn parse(input: &[u8], progress: &mut dyn FnMut(u64)) -> Result<Vec<SpendRow>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(input);
    let headers = reader
        .headers()
        .map_err(|e| Error::Invalid(vec![format!("line 1: {e}")]))?
        .clone();
    let mut errors = vec![];
    let mut position = [None::<usize>; 7];
    for (i, h) in headers.iter().enumerate() {
        let name = h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase();
        match REQUIRED.iter().chain(&OPTIONAL).position(|c| *c == name) {
            Some(c) if position[c].is_some() => {
                errors.push(format!("line 1, column {name}: listed twice"))
            }
            Some(c) => position[c] = Some(i),
            None => errors.push(format!(
                "line 1, column {}: unknown column {h:?} (expected {})",
                i + 1,
                REQUIRED
                    .iter()
                    .chain(&OPTIONAL)
                    .copied()
                    .collect::<Vec<_>>()
                    .join(",")
            )),
        }
    }
    for (c, name) in REQUIRED.iter().enumerate() {
        if position[c].is_none() {
            errors.push(format!("line 1: missing column {name}"));
        }
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let mut rows = vec![];
    let mut problems = Problems::default();
    each_record(
        &mut reader,
        input,
        &mut problems,
        progress,
        |_, line, record, problems| {
            let cell = |c: usize| position[c].and_then(|i| record.get(i)).unwrap_or("").trim();
            let mut bad = |column: &str, e: Error| problems.cell(line, column, e);
            let date = dates::parse_date("date", cell(0))
                .map_err(|e| bad("date", e))
                .ok();
            let workstream = cell(1).to_string();
            if workstream.is_empty() {
                bad(
                    "workstream",
                    Error::invalid("workstream", "", "must not be empty"),
                );
            }
            let category = text::required("category", cell(2))
                .map_err(|e| bad("category", e))
                .ok();
            let amount = Money::parse_cli("amount", cell(3))
                .map_err(|e| bad("amount", e))
                .ok();
            let vendor = text::optional("vendor", Some(cell(4)))
                .map_err(|e| bad("vendor", e))
                .ok();
            let reference = text::optional("reference", Some(cell(5)))
                .map_err(|e| bad("reference", e))
                .ok();
            let status = match cell(6) {
                "" => Some(SpendStatus::Invoiced),
                s => SpendStatus::parse("status", s)
                    .map_err(|e| bad("status", e))
                    .ok(),
            };
            if let (
                Some(date),
                Some(category),
                Some(amount),
                Some(vendor),
                Some(reference),
                Some(status),
            ) = (date, category, amount, vendor, reference, status)
            {
                rows.push(SpendRow {
                    line,
                    date,
                    workstream,
                    category,
                    amount,
                    vendor,
                    reference,
                    status,
                });
            }
        },
    );
    let problems = problems.into_list();
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Result<Vec<SpendRow>> {
        parse(text.as_bytes(), &mut |_| {})
    }

    #[test]
    fn quoted_bom_crlf_and_defaults() {
        let text = "\u{feff}date,workstream,category,amount,vendor,reference,status\r\n\
                    2026-02-03,PLT,Labor,\"12,500.00\",\"Acme, Inc.\",INV-1,paid\r\n\
                    2026-02-04,APP,Vendors,-300,,,\r\n";
        let r = rows(text).unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(
            (r[0].line, r[0].amount, r[0].vendor.as_deref(), r[0].status),
            (2, Money(1_250_000), Some("Acme, Inc."), SpendStatus::Paid)
        );
        assert_eq!(
            (r[1].amount, r[1].vendor.as_deref(), r[1].status),
            (Money(-30_000), None, SpendStatus::Invoiced)
        );
        // Optional columns may be left out altogether, in any order.
        let r = rows("amount,category,workstream,date\n10,Travel,OPS,2026-03-01\n").unwrap();
        assert_eq!(
            (
                r[0].workstream.as_str(),
                r[0].amount,
                r[0].reference.as_deref()
            ),
            ("OPS", Money(1000), None)
        );
    }

    #[test]
    fn every_bad_cell_is_listed_by_line_and_column() {
        let text = "date,workstream,category,amount,status\n\
                    2026-02-30,PLT,Labor,10,paid\n\
                    2026-02-03,PLT,,1.234,owed\n";
        let Err(Error::Invalid(errors)) = rows(text) else {
            panic!("expected errors")
        };
        assert_eq!(errors.len(), 4, "{errors:?}");
        assert!(
            errors[0].starts_with("line 2, column date: date \"2026-02-30\""),
            "{errors:?}"
        );
        assert!(
            errors[1].starts_with("line 3, column category"),
            "{errors:?}"
        );
        assert!(errors[2].starts_with("line 3, column amount"), "{errors:?}");
        assert!(errors[3].starts_with("line 3, column status"), "{errors:?}");
        let Err(Error::Invalid(errors)) = rows("date,ws,amount\n") else {
            panic!()
        };
        assert!(
            errors.iter().any(|e| e.contains("unknown column \"ws\"")),
            "{errors:?}"
        );
        assert!(
            errors
                .iter()
                .any(|e| e == "line 1: missing column workstream"),
            "{errors:?}"
        );
        assert!(
            errors
                .iter()
                .any(|e| e == "line 1: missing column category"),
            "{errors:?}"
        );
        let Err(Error::Invalid(errors)) =
            rows("date,workstream,category,amount\n2026-01-01,PLT,Labor\n")
        else {
            panic!()
        };
        assert!(errors[0].starts_with("line 2:"), "{errors:?}");
    }
}
