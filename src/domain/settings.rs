//! Per-program settings: the RAG thresholds of SPEC §6, with their defaults.

use crate::error::{Error, Result};
use std::collections::BTreeMap;

/// The kind of value a setting holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Whole working days, 0-10,000.
    Days,
    /// A performance index threshold with up to four decimals, 0-10.
    Index,
    /// A risk score, 1-25.
    Score,
}

/// (key, default, kind, what it means)
const SETTINGS: [(&str, &str, Kind, &str); 8] = [
    (
        "rag.slip_red",
        "10",
        Kind::Days,
        "schedule is red when a task slips more than this many working days",
    ),
    (
        "rag.slip_amber",
        "1",
        Kind::Days,
        "schedule is amber when a task slips at least this many working days",
    ),
    (
        "rag.spi_red",
        "0.85",
        Kind::Index,
        "schedule is red when SPI is below this",
    ),
    (
        "rag.spi_amber",
        "0.95",
        Kind::Index,
        "schedule is amber when SPI is below this",
    ),
    (
        "rag.cpi_red",
        "0.85",
        Kind::Index,
        "cost is red when CPI is below this",
    ),
    (
        "rag.cpi_amber",
        "0.95",
        Kind::Index,
        "cost is amber when CPI is below this",
    ),
    (
        "rag.risk_red",
        "20",
        Kind::Score,
        "RAID is red when an open risk scores at least this",
    ),
    (
        "rag.risk_amber",
        "10",
        Kind::Score,
        "RAID is amber when an open risk scores at least this",
    ),
];

/// One setting as `settings list` shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Setting {
    pub key: &'static str,
    pub value: String,
    pub default: &'static str,
    pub description: &'static str,
}

/// Parse a decimal with up to four decimals into ten-thousandths: `0.85` -> 8500.
fn ten_thousandths(field: &str, text: &str) -> Result<i64> {
    let bad = || {
        Error::invalid(
            field,
            text,
            "expected a number with up to 4 decimals, like 0.85",
        )
    };
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    if int.is_empty()
        || int.len() > 3
        || frac.len() > 4
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    let int: i64 = int.parse().map_err(|_| bad())?;
    let frac: i64 = format!("{frac:0<4}").parse().map_err(|_| bad())?;
    Ok(int * 10_000 + frac)
}

fn kind_of(key: &str) -> Result<Kind> {
    SETTINGS
        .iter()
        .find(|(k, ..)| *k == key)
        .map(|(_, _, kind, _)| *kind)
        .ok_or_else(|| {
            let keys: Vec<&str> = SETTINGS.iter().map(|(k, ..)| *k).collect();
            Error::invalid(
                "setting",
                key,
                format!("unknown setting (known: {})", keys.join(", ")),
            )
        })
}

/// Check that a setting exists.
pub fn check_key(key: &str) -> Result<()> {
    kind_of(key).map(|_| ())
}

/// Check a setting's key and value; returns the value in its canonical form.
pub fn parse(key: &str, value: &str) -> Result<String> {
    let kind = kind_of(key)?;
    let v = value.trim();
    match kind {
        Kind::Days => Ok(super::enums::parse_in_range(key, v, 0, 10_000)?.to_string()),
        Kind::Score => Ok(super::enums::parse_in_range(key, v, 1, 25)?.to_string()),
        Kind::Index => {
            let t = ten_thousandths(key, v)?;
            if t > 100_000 {
                return Err(Error::invalid(key, v, "must be between 0 and 10"));
            }
            let s = format!("{}.{:04}", t / 10_000, t % 10_000);
            Ok(s.trim_end_matches('0').trim_end_matches('.').to_string())
        }
    }
}

/// Every setting with its value in `stored` or its default.
pub fn list(stored: &BTreeMap<String, String>) -> Vec<Setting> {
    SETTINGS
        .iter()
        .map(|(key, default, _, description)| Setting {
            key,
            value: stored
                .get(*key)
                .cloned()
                .unwrap_or_else(|| default.to_string()),
            default,
            description,
        })
        .collect()
}

/// The RAG thresholds (SPEC §6). Index thresholds are in ten-thousandths (0.85 = 8500).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RagThresholds {
    pub slip_red: i64,
    pub slip_amber: i64,
    pub spi_red: i64,
    pub spi_amber: i64,
    pub cpi_red: i64,
    pub cpi_amber: i64,
    pub risk_red: i64,
    pub risk_amber: i64,
}

impl Default for RagThresholds {
    fn default() -> Self {
        RagThresholds::from_settings(&BTreeMap::new())
    }
}

impl RagThresholds {
    /// Thresholds from stored settings, defaults for the rest.
    pub fn from_settings(stored: &BTreeMap<String, String>) -> RagThresholds {
        let get = |key: &str| -> i64 {
            let (_, default, kind, _) = SETTINGS
                .iter()
                .find(|(k, ..)| *k == key)
                .expect("known key");
            let text = stored.get(key).map(String::as_str).unwrap_or(default);
            let parsed = match kind {
                Kind::Index => ten_thousandths(key, text),
                _ => text
                    .parse()
                    .map_err(|_| Error::invalid(key, text, "not a number")),
            };
            // Stored values were checked on the way in; fall back to the default if not.
            parsed.unwrap_or_else(|_| match kind {
                Kind::Index => ten_thousandths(key, default).unwrap_or(0),
                _ => default.parse().unwrap_or(0),
            })
        };
        RagThresholds {
            slip_red: get("rag.slip_red"),
            slip_amber: get("rag.slip_amber"),
            spi_red: get("rag.spi_red"),
            spi_amber: get("rag.spi_amber"),
            cpi_red: get("rag.cpi_red"),
            cpi_amber: get("rag.cpi_amber"),
            risk_red: get("rag.risk_red"),
            risk_amber: get("rag.risk_amber"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_defaults() {
        assert_eq!(parse("rag.cpi_red", "0.8").unwrap(), "0.8");
        assert_eq!(parse("rag.cpi_red", "0.8500").unwrap(), "0.85");
        assert_eq!(parse("rag.cpi_red", "1").unwrap(), "1");
        assert!(parse("rag.cpi_red", "0.85555").is_err());
        assert!(parse("rag.cpi_red", "-1").is_err());
        assert!(parse("rag.cpi_red", "11").is_err());
        assert!(parse("rag.risk_red", "26").is_err());
        assert_eq!(
            parse("rag.cpi", "1")
                .unwrap_err()
                .to_string()
                .split(" (known")
                .next()
                .unwrap(),
            "setting \"rag.cpi\": unknown setting"
        );
        let t = RagThresholds::default();
        assert_eq!(
            (
                t.slip_red,
                t.slip_amber,
                t.spi_red,
                t.cpi_amber,
                t.risk_red,
                t.risk_amber
            ),
            (10, 1, 8500, 9500, 20, 10)
        );
        let stored = BTreeMap::from([("rag.cpi_red".to_string(), "0.8".to_string())]);
        assert_eq!(RagThresholds::from_settings(&stored).cpi_red, 8000);
        assert_eq!(list(&stored)[4].value, "0.8");
    }
}
