//! The closed vocabularies of the domain: link types, RAID kinds and statuses, spend status...
//!
//! Each parses from its lowercase name with an error that lists the accepted values.

use crate::error::{Error, Result};
use serde::{Serialize, Serializer};
use std::fmt;

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parse the name (case-insensitive); the error lists the accepted names.
            pub fn parse(field: &str, text: &str) -> Result<$name> {
                let t = text.trim();
                $(if t.eq_ignore_ascii_case($text) {
                    return Ok($name::$variant);
                })+
                Err(Error::invalid(
                    field,
                    text,
                    format!("must be one of {}", [$($text),+].join(", ")),
                ))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<$name, D::Error> {
                super::strict::via(d, $name::parse)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

vocabulary!(
    /// Dependency link type: finish-to-start, start-to-start, finish-to-finish, start-to-finish.
    #[derive(Default)]
    LinkType { #[default] Fs => "FS", Ss => "SS", Ff => "FF", Sf => "SF" }
);

vocabulary!(
    /// The four kinds of RAID item.
    RaidKind { Risk => "risk", Assumption => "assumption", Issue => "issue", Dependency => "dependency" }
);

impl RaidKind {
    /// Key prefix: `R`, `A`, `I`, `D`.
    pub fn prefix(self) -> &'static str {
        match self {
            RaidKind::Risk => "R",
            RaidKind::Assumption => "A",
            RaidKind::Issue => "I",
            RaidKind::Dependency => "D",
        }
    }

    /// The statuses an item of this kind can have; the first is the initial one.
    pub fn statuses(self) -> &'static [&'static str] {
        match self {
            RaidKind::Risk => &["open", "mitigating", "closed", "occurred"],
            RaidKind::Assumption => &["open", "validated", "invalid"],
            RaidKind::Issue => &["open", "in_progress", "resolved"],
            RaidKind::Dependency => &["open", "at_risk", "delivered"],
        }
    }

    /// Statuses that count as closed (SPEC §4).
    pub fn closed_statuses(self) -> &'static [&'static str] {
        match self {
            RaidKind::Risk => &["closed", "occurred"],
            RaidKind::Assumption => &["validated", "invalid"],
            RaidKind::Issue => &["resolved"],
            RaidKind::Dependency => &["delivered"],
        }
    }

    /// The status `raid close` uses when none is given.
    pub fn default_closed_status(self) -> &'static str {
        self.closed_statuses()[0]
    }

    pub fn parse_status(self, field: &str, text: &str) -> Result<String> {
        let lower = text.trim().to_ascii_lowercase();
        if self.statuses().contains(&lower.as_str()) {
            Ok(lower)
        } else {
            Err(Error::invalid(
                field,
                text,
                format!(
                    "{} {} status must be one of {}",
                    if self == RaidKind::Assumption || self == RaidKind::Issue {
                        "an"
                    } else {
                        "a"
                    },
                    self,
                    self.statuses().join(", ")
                ),
            ))
        }
    }

    pub fn is_closed_status(self, status: &str) -> bool {
        self.closed_statuses().contains(&status)
    }
}

vocabulary!(
    /// Risk response strategy.
    Response { Avoid => "avoid", Reduce => "reduce", Transfer => "transfer", Accept => "accept" }
);

vocabulary!(
    /// Spend status: committed (purchase order), accrued, invoiced, paid.
    /// Finance exports list invoices unless told otherwise, so that is the default.
    #[derive(Default)]
    SpendStatus { Committed => "committed", Accrued => "accrued", #[default] Invoiced => "invoiced", Paid => "paid" }
);

vocabulary!(
    /// Change request status.
    #[derive(Default)]
    ChangeStatus { #[default] Proposed => "proposed", Approved => "approved", Rejected => "rejected" }
);

vocabulary!(
    /// Red, amber, green.
    Rag { Green => "green", Amber => "amber", Red => "red" }
);

/// Check an integer against an inclusive range, naming the field.
pub fn in_range(field: &str, value: i64, low: i64, high: i64) -> Result<i64> {
    if value < low || value > high {
        return Err(Error::invalid(
            field,
            value,
            format!("must be between {low} and {high}"),
        ));
    }
    Ok(value)
}

/// Parse an integer from text and check its range.
pub fn parse_in_range(field: &str, text: &str, low: i64, high: i64) -> Result<i64> {
    let v: i64 = text
        .trim()
        .parse()
        .map_err(|_| Error::invalid(field, text, "not a whole number"))?;
    in_range(field, v, low, high)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_lists_choices() {
        assert_eq!(LinkType::parse("type", "ss").unwrap(), LinkType::Ss);
        assert_eq!(
            RaidKind::parse("kind", "ris").unwrap_err().to_string(),
            "kind \"ris\": must be one of risk, assumption, issue, dependency"
        );
        assert_eq!(
            RaidKind::Issue
                .parse_status("status", "In_Progress")
                .unwrap(),
            "in_progress"
        );
        assert!(RaidKind::Risk.parse_status("status", "resolved").is_err());
        assert!(RaidKind::Risk.is_closed_status("occurred"));
        assert!(!RaidKind::Dependency.is_closed_status("at_risk"));
        assert_eq!(
            parse_in_range("probability", "6", 1, 5)
                .unwrap_err()
                .to_string(),
            "probability \"6\": must be between 1 and 5"
        );
    }
}
