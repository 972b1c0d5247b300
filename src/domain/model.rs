//! The program as plain data (SPEC §1, §8): what `export` writes, `import` reads, the store
//! returns from its list queries and the engines compute over.
//!
//! Field order here is the field order of the interchange JSON, so keep it stable.

use super::dates::{IsoWeek, Month};
use super::enums::{ChangeStatus, LinkType, Rag, RaidKind, Response, SpendStatus};
use super::money::Money;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Identifies the interchange format.
pub const PROGRAM_FORMAT: &str = "milepost.program";
pub const PROGRAM_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgramDoc {
    pub format: String,
    pub version: u32,
    pub program: Program,
    #[serde(default)]
    pub workstreams: Vec<Workstream>,
    #[serde(default)]
    pub tasks: Vec<Task>,
    #[serde(default)]
    pub baselines: Vec<Baseline>,
    #[serde(default)]
    pub raid: Vec<RaidItem>,
    #[serde(default)]
    pub budget: Vec<BudgetLine>,
    #[serde(default)]
    pub spend: Vec<SpendEntry>,
    #[serde(default)]
    pub changes: Vec<ChangeRequest>,
    #[serde(default)]
    pub decisions: Vec<Decision>,
    #[serde(default)]
    pub status_notes: Vec<StatusNote>,
    /// Settings that differ from their defaults (RAG thresholds); left out when empty.
    #[serde(
        default,
        skip_serializing_if = "std::collections::BTreeMap::is_empty",
        deserialize_with = "unique_map"
    )]
    pub settings: std::collections::BTreeMap<String, String>,
}

/// Deserialize a string map, refusing a key given twice (for `settings`, which the fast path
/// reads straight into a map).
fn unique_map<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<std::collections::BTreeMap<String, String>, D::Error> {
    struct Unique;
    impl<'de> serde::de::Visitor<'de> for Unique {
        type Value = std::collections::BTreeMap<String, String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object of strings")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = std::collections::BTreeMap::new();
            while let Some((k, v)) = map.next_entry::<String, String>()? {
                if out.contains_key(&k) {
                    return Err(serde::de::Error::custom(format!("duplicate key {k:?}")));
                }
                out.insert(k, v);
            }
            Ok(out)
        }
    }
    d.deserialize_map(Unique)
}

impl ProgramDoc {
    /// An empty program document around the given program header.
    pub fn new(program: Program) -> ProgramDoc {
        ProgramDoc {
            format: PROGRAM_FORMAT.to_string(),
            version: PROGRAM_VERSION,
            program,
            workstreams: vec![],
            tasks: vec![],
            baselines: vec![],
            raid: vec![],
            budget: vec![],
            spend: vec![],
            changes: vec![],
            decisions: vec![],
            status_notes: vec![],
            settings: Default::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Program {
    pub name: String,
    #[serde(default = "default_currency")]
    pub currency: String,
    #[serde(with = "super::strict::date")]
    pub start: NaiveDate,
    #[serde(default)]
    pub calendar: CalendarSpec,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarSpec {
    /// Working weekdays as `mon`..`sun`, Monday first.
    #[serde(default = "default_workdays")]
    pub workdays: Vec<String>,
    /// Holidays, sorted.
    #[serde(default, with = "super::strict::date_list")]
    pub holidays: Vec<NaiveDate>,
}

impl CalendarSpec {
    /// Monday to Friday, with these holidays.
    pub fn weekdays(holidays: Vec<NaiveDate>) -> CalendarSpec {
        CalendarSpec {
            workdays: default_workdays(),
            holidays,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workstream {
    pub key: String,
    pub name: String,
    pub owner: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    pub key: String,
    pub workstream: String,
    pub title: String,
    /// Working days; 0 makes the task a milestone.
    pub duration: i64,
    pub owner: Option<String>,
    pub budget: Option<Money>,
    #[serde(default)]
    pub percent_complete: i64,
    #[serde(default, with = "super::strict::opt_date")]
    pub actual_start: Option<NaiveDate>,
    #[serde(default, with = "super::strict::opt_date")]
    pub actual_finish: Option<NaiveDate>,
    #[serde(default, with = "super::strict::opt_date")]
    pub not_before: Option<NaiveDate>,
    #[serde(default, with = "super::strict::opt_date")]
    pub deadline: Option<NaiveDate>,
    pub acceptance: Option<String>,
    /// Predecessor links.
    #[serde(default)]
    pub after: Vec<Link>,
    /// The summary task this one belongs to (SPEC §11), in the same workstream; `None` at the
    /// top of the workstream's WBS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

impl Task {
    /// A task not started, with no owner, budget, constraints or links.
    pub fn new(
        key: impl Into<String>,
        workstream: impl Into<String>,
        title: impl Into<String>,
        duration: i64,
    ) -> Task {
        Task {
            key: key.into(),
            workstream: workstream.into(),
            title: title.into(),
            duration,
            owner: None,
            budget: None,
            percent_complete: 0,
            actual_start: None,
            actual_finish: None,
            not_before: None,
            deadline: None,
            acceptance: None,
            after: vec![],
            parent: None,
        }
    }

    pub fn is_milestone(&self) -> bool {
        self.duration == 0
    }
}

/// A link from a predecessor (`key`) to the task that lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub key: String,
    #[serde(rename = "type", default)]
    pub link_type: LinkType,
    /// Working days; negative is a lead.
    #[serde(default)]
    pub lag: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub name: String,
    #[serde(with = "super::strict::date")]
    pub taken: NaiveDate,
    #[serde(default)]
    pub tasks: Vec<BaselineTask>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineTask {
    pub key: String,
    #[serde(with = "super::strict::date")]
    pub start: NaiveDate,
    #[serde(with = "super::strict::date")]
    pub finish: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RaidItem {
    pub key: String,
    pub kind: RaidKind,
    pub title: String,
    pub description: Option<String>,
    #[serde(default = "default_raid_status")]
    pub status: String,
    pub owner: Option<String>,
    #[serde(with = "super::strict::date")]
    pub raised: NaiveDate,
    #[serde(default, with = "super::strict::opt_date")]
    pub due: Option<NaiveDate>,
    pub workstream: Option<String>,
    #[serde(default, with = "super::strict::opt_date")]
    pub closed: Option<NaiveDate>,
    #[serde(default)]
    pub tasks: Vec<String>,
    /// Risks: 1-5. Issues: unused.
    pub probability: Option<i64>,
    /// Risks: 1-5. Issues: severity 1-5.
    pub impact: Option<i64>,
    pub probability_pct: Option<i64>,
    pub cost_impact: Option<Money>,
    pub response: Option<Response>,
    pub mitigation: Option<String>,
    pub residual_probability: Option<i64>,
    pub residual_impact: Option<i64>,
    /// Issues: escalated to leadership.
    #[serde(default)]
    pub escalated: bool,
    /// Dependencies: who provides it.
    pub provider: Option<String>,
}

impl RaidItem {
    /// A new item of `kind` in its first status, raised on `raised`, with nothing else set.
    pub fn new(key: String, kind: RaidKind, title: String, raised: NaiveDate) -> RaidItem {
        RaidItem {
            key,
            kind,
            title,
            description: None,
            status: kind.statuses()[0].to_string(),
            owner: None,
            raised,
            due: None,
            workstream: None,
            closed: None,
            tasks: vec![],
            probability: None,
            impact: None,
            probability_pct: None,
            cost_impact: None,
            response: None,
            mitigation: None,
            residual_probability: None,
            residual_impact: None,
            escalated: false,
            provider: None,
        }
    }

    pub fn is_open(&self) -> bool {
        !self.kind.is_closed_status(&self.status)
    }

    /// Risk score P x I (1-25), for risks with both set.
    pub fn score(&self) -> Option<i64> {
        match (self.kind, self.probability, self.impact) {
            (RaidKind::Risk, Some(p), Some(i)) => Some(p * i),
            _ => None,
        }
    }

    /// Open and due before the as-of date (SPEC §4).
    pub fn is_overdue(&self, as_of: NaiveDate) -> bool {
        self.is_open() && self.due.is_some_and(|d| d < as_of)
    }

    /// Raised by the end of `as_of` and not closed by then.
    pub fn open_as_of(&self, as_of: NaiveDate) -> bool {
        self.raised <= as_of
            && match self.closed {
                Some(c) => c > as_of,
                None => self.is_open(),
            }
    }

    /// Open as of the date and due before it.
    pub fn overdue_as_of(&self, as_of: NaiveDate) -> bool {
        self.open_as_of(as_of) && self.due.is_some_and(|d| d < as_of)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetLine {
    pub workstream: String,
    pub category: String,
    pub month: Month,
    pub amount: Money,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpendEntry {
    pub key: String,
    #[serde(with = "super::strict::date")]
    pub date: NaiveDate,
    pub workstream: String,
    pub category: String,
    pub amount: Money,
    pub vendor: Option<String>,
    pub reference: Option<String>,
    #[serde(default)]
    pub status: SpendStatus,
}

impl SpendEntry {
    /// The entry as `spend list` and the workbench show it: key, date, workstream, category,
    /// amount, vendor, reference, status.
    pub fn cells(&self) -> Vec<String> {
        vec![
            self.key.clone(),
            self.date.to_string(),
            self.workstream.clone(),
            self.category.clone(),
            self.amount.grouped(),
            self.vendor.clone().unwrap_or_default(),
            self.reference.clone().unwrap_or_default(),
            self.status.to_string(),
        ]
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeRequest {
    pub key: String,
    pub title: String,
    #[serde(default)]
    pub status: ChangeStatus,
    #[serde(with = "super::strict::date")]
    pub raised: NaiveDate,
    #[serde(default, with = "super::strict::opt_date")]
    pub decided: Option<NaiveDate>,
    pub workstream: Option<String>,
    pub budget_delta: Option<Money>,
    pub schedule_delta: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub key: String,
    #[serde(with = "super::strict::date")]
    pub date: NaiveDate,
    pub title: String,
    pub decision: String,
    pub rationale: Option<String>,
    pub by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusNote {
    pub week: IsoWeek,
    /// `None` is the program's own note (overall RAG override).
    pub workstream: Option<String>,
    pub rag: Option<Rag>,
    pub reason: Option<String>,
    pub summary: Option<String>,
    #[serde(default)]
    pub accomplishments: Vec<String>,
    #[serde(default)]
    pub next_steps: Vec<String>,
}

fn default_currency() -> String {
    "USD".into()
}

fn default_workdays() -> Vec<String> {
    super::Workdays::default()
        .names()
        .iter()
        .map(|d| d.to_string())
        .collect()
}

fn default_raid_status() -> String {
    "open".into()
}

impl Default for CalendarSpec {
    fn default() -> Self {
        CalendarSpec {
            workdays: default_workdays(),
            holidays: vec![],
        }
    }
}
