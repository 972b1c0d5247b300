//! Plain domain types and their validation. Imports nothing else of ours.

pub mod aggregate;
pub mod calendar;
pub mod dates;
pub mod enums;
pub mod keys;
pub mod model;
pub mod money;
pub mod settings;
pub mod strict;
pub mod text;
pub mod validate;
pub mod wbs;

pub use aggregate::{Progress, SpendTotal, TaskProgress, percent_as_of, progress_as_of};
pub use calendar::{Calendar, Workdays};
pub use dates::{IsoWeek, Month};
pub use enums::{ChangeStatus, LinkType, Rag, RaidKind, Response, SpendStatus};
pub use model::*;
pub use money::Money;
pub use settings::RagThresholds;

/// Longest task duration accepted, in working days.
pub const MAX_DURATION: i64 = 10_000;
/// Largest lag or lead accepted on a link, in working days.
pub const MAX_LAG: i64 = 10_000;

/// Validate an ISO 4217-shaped currency code (three capital letters).
pub fn currency(field: &str, text: &str) -> crate::error::Result<String> {
    let c = text.trim();
    if c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(c.to_string())
    } else {
        Err(crate::error::Error::invalid(
            field,
            text,
            "a currency is an ISO 4217 code of three capital letters (like USD)",
        ))
    }
}
