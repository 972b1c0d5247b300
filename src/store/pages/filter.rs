//! What a listing is asked for: the filter terms pushed down into its SQL, and the keys it
//! sorts by.

/// A column a `name:value` filter term names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterField {
    Owner,
    Workstream,
    Status,
    Kind,
    Vendor,
}

impl FilterField {
    /// The word before the colon, as typed (`ws:` also accepts `workstream:`).
    pub fn parse(name: &str) -> Option<FilterField> {
        Some(match name {
            "owner" => FilterField::Owner,
            "ws" | "workstream" => FilterField::Workstream,
            "status" => FilterField::Status,
            "kind" => FilterField::Kind,
            "vendor" => FilterField::Vendor,
            _ => return None,
        })
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            FilterField::Owner => "owner",
            FilterField::Workstream => "ws",
            FilterField::Status => "status",
            FilterField::Kind => "kind",
            FilterField::Vendor => "vendor",
        }
    }
}

/// What a listing can be sorted by. Each listing knows the SQL of the keys it has; a key it
/// does not have keeps the natural order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortKey {
    Key,
    Title,
    Kind,
    Workstream,
    Owner,
    Start,
    Finish,
    Percent,
    Slip,
    Float,
    Status,
    Score,
    Due,
    Date,
    Category,
    Amount,
    Vendor,
    Reference,
    Month,
    When,
    What,
    Detail,
}

/// A filter pushed down into a listing's query. Every term must hold; text matches ignore
/// ASCII case. A term a listing has no column for is looked for as free text instead.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowFilter {
    /// Words to find in any of the listing's text columns.
    pub words: Vec<String>,
    /// `owner:sam`: the column contains the value.
    pub fields: Vec<(FilterField, String)>,
    /// `due:<2026-12-01`: due (or finishing, or dated) before this text, compared as ISO text.
    pub due_before: Option<String>,
    /// `overdue`: open and due before the as-of date (late, for tasks).
    pub overdue: bool,
    /// `status:open` (true) or `status:closed` (false), by each kind's closed states.
    pub open: Option<bool>,
    /// `crit`: critical tasks.
    pub critical: bool,
    /// `slip:>N`: tasks slipping by more (or less, or as much) than N working days.
    pub slip: Option<(Compare, i64)>,
    /// `score:>=N`: risks scoring at least N (or other comparisons).
    pub score: Option<(Compare, i64)>,
    /// `escalated`: escalated issues.
    pub escalated: bool,
    /// Summary tasks whose subtasks are hidden (collapsed in the workbench), by key.
    pub collapsed: Vec<String>,
}

/// A comparison in a filter term: `slip:>3`, `score:>=12`, `score:=20`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compare {
    Less,
    AtMost,
    Equal,
    AtLeast,
    More,
}

impl Compare {
    /// Split `>=12` into the comparison and the rest.
    pub fn split(text: &str) -> Option<(Compare, &str)> {
        [
            (">=", Compare::AtLeast),
            ("<=", Compare::AtMost),
            (">", Compare::More),
            ("<", Compare::Less),
            ("=", Compare::Equal),
        ]
        .into_iter()
        .find_map(|(op, c)| text.strip_prefix(op).map(|rest| (c, rest)))
    }

    pub(crate) fn sql(self) -> &'static str {
        match self {
            Compare::Less => "<",
            Compare::AtMost => "<=",
            Compare::Equal => "=",
            Compare::AtLeast => ">=",
            Compare::More => ">",
        }
    }
}

impl RowFilter {
    pub fn is_empty(&self) -> bool {
        *self == RowFilter::default()
    }
}
