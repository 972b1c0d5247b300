//! Text to typed values, in one place: the CLI's argument parsers and the workbench's form
//! fields both call these, so a date, an amount or a link reads the same wherever it is typed,
//! and an error names the field and the value in the same words.
//!
//! Optional fields come in two shapes: `opt_*` (absent or a value) and `clear_*` (absent, a
//! value, or cleared with an empty text or `none`), matching [`Clear`].

use super::{Clear, LinkSpec};
use crate::domain::enums::parse_in_range;
use crate::domain::{LinkType, MAX_LAG, Money, dates, keys};
use crate::error::{Error, Result};
use chrono::NaiveDate;

/// Whether a text asks to clear a field: `none` (any case).
pub fn is_none(s: &str) -> bool {
    s.trim().eq_ignore_ascii_case("none")
}

/// A date as a person types it: `2026-12-01`, `today`, `yesterday`, `+3d`, `-1d`, `-2w`, `fri`.
pub fn date(field: &str, text: &str, today: NaiveDate) -> Result<NaiveDate> {
    dates::parse_date_relative(field, text, today)
}

pub fn opt_date(field: &str, text: Option<&str>, today: NaiveDate) -> Result<Option<NaiveDate>> {
    text.map(|s| date(field, s, today)).transpose()
}

/// A date that `none` (or, from a form, an emptied field) clears.
pub fn clear_date(field: &str, text: Option<&str>, today: NaiveDate) -> Result<Clear<NaiveDate>> {
    match text {
        None => Ok(None),
        Some(s) if is_none(s) || s.trim().is_empty() => Ok(Some(None)),
        Some(s) => Ok(Some(Some(date(field, s, today)?))),
    }
}

/// A text that an empty value clears.
pub fn clear_text(text: Option<&str>) -> Clear<String> {
    text.map(|s| {
        if s.trim().is_empty() {
            None
        } else {
            Some(s.to_string())
        }
    })
}

/// An amount: `12,500.00`, `12500`, `-300.5` (at most two decimals).
pub fn money(field: &str, text: &str) -> Result<Money> {
    Money::parse_cli(field, text)
}

pub fn opt_money(field: &str, text: Option<&str>) -> Result<Option<Money>> {
    text.map(|s| money(field, s)).transpose()
}

pub fn clear_money(field: &str, text: Option<&str>) -> Result<Clear<Money>> {
    match text {
        None => Ok(None),
        Some(s) if is_none(s) || s.trim().is_empty() => Ok(Some(None)),
        Some(s) => Ok(Some(Some(money(field, s)?))),
    }
}

/// A whole number between `low` and `high`.
pub fn int(field: &str, text: &str, low: i64, high: i64) -> Result<i64> {
    parse_in_range(field, text, low, high)
}

pub fn opt_int(field: &str, text: Option<&str>, low: i64, high: i64) -> Result<Option<i64>> {
    text.map(|s| int(field, s, low, high)).transpose()
}

pub fn clear_int(field: &str, text: Option<&str>, low: i64, high: i64) -> Result<Clear<i64>> {
    match text {
        None => Ok(None),
        Some(s) if is_none(s) || s.trim().is_empty() => Ok(Some(None)),
        Some(s) => Ok(Some(Some(int(field, s, low, high)?))),
    }
}

/// A word of a vocabulary (`parse` is the domain's parser, like `Response::parse`) that `none`
/// or an empty value clears.
pub fn clear_word<T>(
    field: &str,
    text: Option<&str>,
    parse: fn(&str, &str) -> Result<T>,
) -> Result<Clear<T>> {
    match text {
        None => Ok(None),
        Some(s) if is_none(s) || s.trim().is_empty() => Ok(Some(None)),
        Some(s) => Ok(Some(Some(parse(field, s)?))),
    }
}

/// A predecessor link `KEY[:TYPE][+N|-N]`: `PLT-3`, `PLT-3:SS`, `PLT-3+2`, `PLT-3:FF-1`.
pub fn link_spec(field: &str, text: &str) -> Result<LinkSpec> {
    let s = text.trim();
    let bad = || {
        Error::invalid(
            field,
            text,
            "expected KEY[:TYPE][+N|-N], like PLT-3 or PLT-3:SS+2",
        )
    };
    let (key, rest) = match s.split_once(':') {
        Some((k, r)) => (k.to_string(), r.to_string()),
        None => {
            // The key ends where its number ends: PLT-3-2 is PLT-3 with a lead of 2.
            let dash = s.find('-').ok_or_else(bad)?;
            let digits = s[dash + 1..].bytes().take_while(u8::is_ascii_digit).count();
            let end = dash + 1 + digits;
            (s[..end].to_string(), s[end..].to_string())
        }
    };
    keys::task_key(field, &key)?;
    let split = rest.find(['+', '-']).unwrap_or(rest.len());
    let (kind, lag) = rest.split_at(split);
    let link_type = if kind.is_empty() {
        LinkType::Fs
    } else {
        LinkType::parse("type", kind)?
    };
    let lag = if lag.is_empty() {
        0
    } else {
        parse_in_range("lag", lag, -MAX_LAG, MAX_LAG)?
    };
    Ok(LinkSpec {
        key,
        link_type,
        lag,
    })
}

/// Split a list typed in one field: commas or spaces between items, blanks ignored.
fn items(text: &str) -> impl Iterator<Item = &str> {
    text.split([',', ' ', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Several predecessor links in one field: `PLT-1, APP-3:SS+2`. Empty (or `none`) is none.
pub fn link_list(field: &str, text: &str) -> Result<Vec<LinkSpec>> {
    if is_none(text) {
        return Ok(vec![]);
    }
    let links = items(text)
        .map(|s| link_spec(field, s))
        .collect::<Result<Vec<_>>>()?;
    for (i, l) in links.iter().enumerate() {
        if links[..i].iter().any(|o| o.key == l.key) {
            return Err(Error::invalid(field, &l.key, "is listed twice"));
        }
    }
    Ok(links)
}

/// Several task keys in one field: `PLT-1, APP-3`. Empty (or `none`) is none.
pub fn task_keys(field: &str, text: &str) -> Result<Vec<String>> {
    if is_none(text) {
        return Ok(vec![]);
    }
    let mut out: Vec<String> = vec![];
    for s in items(text) {
        let key = s.to_ascii_uppercase();
        keys::task_key(field, &key)?;
        if !out.contains(&key) {
            out.push(key);
        }
    }
    Ok(out)
}

/// A yes/no field: `yes`, `y`, `true`, `1` or `no`, `n`, `false`, `0` (empty: no).
pub fn yes_no(field: &str, text: &str) -> Result<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" => Ok(true),
        "" | "no" | "n" | "false" | "0" => Ok(false),
        _ => Err(Error::invalid(field, text, "expected yes or no")),
    }
}

/// How a link list reads back in a field: `PLT-1, APP-3:SS+2`.
pub fn show_links(links: &[crate::domain::Link]) -> String {
    links
        .iter()
        .map(|l| {
            let mut s = l.key.clone();
            if l.link_type != LinkType::Fs {
                s.push(':');
                s.push_str(l.link_type.as_str());
            }
            if l.lag != 0 {
                s.push_str(&format!("{:+}", l.lag));
            }
            s
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn link_specs() {
        let l = link_spec("after", "PLT-3").unwrap();
        assert_eq!(
            (l.key.as_str(), l.link_type, l.lag),
            ("PLT-3", LinkType::Fs, 0)
        );
        let l = link_spec("after", "PLT-3:ss+2").unwrap();
        assert_eq!(
            (l.key.as_str(), l.link_type, l.lag),
            ("PLT-3", LinkType::Ss, 2)
        );
        let l = link_spec("after", "PLT-3-2").unwrap();
        assert_eq!(
            (l.key.as_str(), l.link_type, l.lag),
            ("PLT-3", LinkType::Fs, -2)
        );
        let l = link_spec("after", "W2-10:FF-1").unwrap();
        assert_eq!(
            (l.key.as_str(), l.link_type, l.lag),
            ("W2-10", LinkType::Ff, -1)
        );
        assert!(link_spec("after", "PLT").is_err());
        assert!(link_spec("after", "PLT-3:XX").is_err());
        assert!(link_spec("after", "PLT-3+x").is_err());
    }

    #[test]
    fn lists_in_one_field() {
        let links = link_list("after", "PLT-1, APP-3:SS+2").unwrap();
        assert_eq!(
            links
                .iter()
                .map(|l| (l.key.as_str(), l.link_type, l.lag))
                .collect::<Vec<_>>(),
            [("PLT-1", LinkType::Fs, 0), ("APP-3", LinkType::Ss, 2)]
        );
        assert_eq!(link_list("after", " ").unwrap(), vec![]);
        assert_eq!(link_list("after", "none").unwrap(), vec![]);
        let twice = link_list("after", "PLT-1 PLT-1:SS")
            .unwrap_err()
            .to_string();
        assert_eq!(twice, "after \"PLT-1\": is listed twice");
        assert_eq!(
            task_keys("tasks", "plt-1,APP-2; plt-1").unwrap(),
            ["PLT-1", "APP-2"]
        );
        assert!(task_keys("tasks", "PLT").is_err());
        let shown = show_links(&[
            crate::domain::Link {
                key: "PLT-1".into(),
                link_type: LinkType::Fs,
                lag: 0,
            },
            crate::domain::Link {
                key: "APP-3".into(),
                link_type: LinkType::Ss,
                lag: 2,
            },
        ]);
        assert_eq!(shown, "PLT-1, APP-3:SS+2");
        assert_eq!(link_list("after", &shown).unwrap(), links);
    }

    #[test]
    fn clearing_and_optional_values() {
        let today = d("2026-12-01");
        assert_eq!(clear_date("due", None, today).unwrap(), None);
        assert_eq!(clear_date("due", Some("none"), today).unwrap(), Some(None));
        assert_eq!(clear_date("due", Some(""), today).unwrap(), Some(None));
        assert_eq!(
            clear_date("due", Some("yesterday"), today).unwrap(),
            Some(Some(d("2026-11-30")))
        );
        assert_eq!(clear_text(Some("  ")), Some(None));
        assert_eq!(clear_text(Some("Sam")), Some(Some("Sam".into())));
        assert_eq!(
            clear_money("budget", Some("12,500.5")).unwrap(),
            Some(Some(Money(1_250_050)))
        );
        assert_eq!(
            clear_int("probability", Some("6"), 1, 5)
                .unwrap_err()
                .to_string(),
            "probability \"6\": must be between 1 and 5"
        );
        assert!(yes_no("escalated", "Yes").unwrap());
        assert!(!yes_no("escalated", "").unwrap());
        assert!(yes_no("escalated", "maybe").is_err());
    }
}
