//! Money: exact integer minor units (cents), never floating point (SPEC §3).

use crate::error::{Error, Result};
use serde::{Serialize, Serializer};
use std::fmt;

/// An amount in minor units of the program's currency (two decimals in v1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(pub i64);

/// Amounts must stay below 10^13 currency units in absolute value.
const LIMIT_UNITS: i64 = 10_000_000_000_000;

impl Money {
    pub const ZERO: Money = Money(0);

    pub fn cents(self) -> i64 {
        self.0
    }

    /// Parse an amount as typed on the command line: optional `-`, digits with optional `,`
    /// thousands separators, optional `.` and one or two decimals.
    pub fn parse_cli(field: &str, text: &str) -> Result<Money> {
        Self::parse_inner(field, text, true)
    }

    /// Parse an amount from a file (JSON, CSV): as [`Money::parse_cli`] without separators.
    pub fn parse_strict(field: &str, text: &str) -> Result<Money> {
        Self::parse_inner(field, text, false)
    }

    fn parse_inner(field: &str, text: &str, allow_separators: bool) -> Result<Money> {
        let bad = |reason: &str| Error::invalid(field, text, reason);
        let s = text.trim();
        let (negative, body) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (int_part, frac_part) = match body.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (body, None),
        };
        let digits: String = if allow_separators && int_part.contains(',') {
            // Thousands separators must group by three: 12,500 or 1,234,567.
            let groups: Vec<&str> = int_part.split(',').collect();
            let first_ok = !groups[0].is_empty() && groups[0].len() <= 3;
            if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
                return Err(bad("misplaced thousands separator"));
            }
            groups.concat()
        } else {
            int_part.to_string()
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad(
                "not an amount (expected digits with up to 2 decimals, like 12500.00)",
            ));
        }
        let frac_cents = match frac_part {
            None => 0,
            Some(f) if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) => {
                return Err(bad(
                    "not an amount (expected digits with up to 2 decimals, like 12500.00)",
                ));
            }
            Some(f) if f.len() > 2 => return Err(bad("more than 2 decimals")),
            Some(f) if f.len() == 1 => f.parse::<i64>().unwrap_or(0) * 10,
            Some(f) => f.parse::<i64>().unwrap_or(0),
        };
        let trimmed = digits.trim_start_matches('0');
        if trimmed.len() > 13 {
            return Err(bad("too large (must be below 10^13)"));
        }
        let units: i64 = if trimmed.is_empty() {
            0
        } else {
            trimmed.parse().map_err(|_| bad("too large"))?
        };
        if units >= LIMIT_UNITS {
            return Err(bad("too large (must be below 10^13)"));
        }
        let cents = units * 100 + frac_cents;
        Ok(Money(if negative { -cents } else { cents }))
    }

    /// The bound on any amount and on any total, in cents: 10^13 major units.
    pub const LIMIT_CENTS: i64 = LIMIT_UNITS * 100;

    /// Check an amount read from storage or built in code against the same limit.
    pub fn checked(field: &str, cents: i64) -> Result<Money> {
        if cents.unsigned_abs() >= (LIMIT_UNITS as u64) * 100 {
            return Err(Error::invalid(
                field,
                Money(cents),
                "too large (must be below 10^13)",
            ));
        }
        Ok(Money(cents))
    }

    /// The amount with thousands separators and two decimals, for tables: `12,500.00`.
    pub fn grouped(self) -> String {
        let plain = self.to_string();
        let (sign, rest) = match plain.strip_prefix('-') {
            Some(r) => ("-", r),
            None => ("", plain.as_str()),
        };
        let (int_part, frac) = rest.split_once('.').unwrap_or((rest, "00"));
        let mut out = String::new();
        for (i, ch) in int_part.chars().enumerate() {
            if i > 0 && (int_part.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(ch);
        }
        format!("{sign}{out}.{frac}")
    }
}

impl fmt::Display for Money {
    /// Two decimals, no separators: `12500.00`, `-300.00`. This is the JSON form too.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl<'de> serde::Deserialize<'de> for Money {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Money, D::Error> {
        super::strict::via(d, Money::parse_strict)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exact_amounts() {
        assert_eq!(
            Money::parse_cli("amount", "12500").unwrap(),
            Money(1_250_000)
        );
        assert_eq!(
            Money::parse_cli("amount", "12,500.00").unwrap(),
            Money(1_250_000)
        );
        assert_eq!(
            Money::parse_cli("amount", "1,234,567.5").unwrap(),
            Money(123_456_750)
        );
        assert_eq!(
            Money::parse_cli("amount", "-300.05").unwrap(),
            Money(-30_005)
        );
        assert_eq!(Money::parse_cli("amount", "0.1").unwrap(), Money(10));
        assert_eq!(
            Money::parse_cli("amount", "9999999999999.99").unwrap(),
            Money(999_999_999_999_999)
        );
    }

    #[test]
    fn refuses_bad_amounts_naming_the_field() {
        for bad in [
            "12.345",
            "1e3",
            "NaN",
            "",
            "-",
            "1.",
            ".5",
            "12,50",
            "1,2345",
            "abc",
            "1.2.3",
            "10000000000000",
            "99999999999999",
            "--1",
            "+5",
        ] {
            let err = Money::parse_cli("amount", bad).unwrap_err().to_string();
            assert!(err.starts_with("amount "), "{bad}: {err}");
        }
        assert!(Money::parse_strict("amount", "12,500.00").is_err());
    }

    #[test]
    fn formats_two_decimals() {
        assert_eq!(Money(1_250_000).to_string(), "12500.00");
        assert_eq!(Money(-30_000).to_string(), "-300.00");
        assert_eq!(Money(-5).to_string(), "-0.05");
        assert_eq!(Money(123_456_789).grouped(), "1,234,567.89");
        assert_eq!(Money(-100_000).grouped(), "-1,000.00");
        assert_eq!(Money(99).grouped(), "0.99");
    }
}
