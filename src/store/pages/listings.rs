//! The SQL of each listing the workbench pages through: tasks, RAID items, spend entries,
//! budget lines and the log.

use super::filter::{FilterField, SortKey};
use super::{Listing, Terms};
use crate::domain::RaidKind;
use crate::store::items::RAID_COLUMNS;

/// `CASE` that is true when a RAID item's status closes it, from the domain's vocabulary.
pub(super) fn raid_closed() -> String {
    let mut sql = String::from("(CASE r.kind");
    for kind in RaidKind::ALL {
        let statuses: Vec<String> = kind
            .closed_statuses()
            .iter()
            .map(|s| format!("'{s}'"))
            .collect();
        sql.push_str(&format!(
            " WHEN '{}' THEN r.status IN ({})",
            kind.as_str(),
            statuses.join(", ")
        ));
    }
    sql.push_str(" ELSE 0 END)");
    sql
}

const TASK_STATUS: &str = "CASE WHEN t.percent = 100 THEN 'done' WHEN f.total_float < 0 THEN 'late'
    WHEN t.actual_start IS NOT NULL THEN 'in progress' ELSE 'not started' END";

/// Tasks in WBS order (once the forecast, which knows it, is installed; until then in the
/// order they were added). For a flat program the two are the same, and [`tasks`] keeps the
/// cheaper plain order, which SQLite reads without sorting.
pub(super) fn tasks_in_wbs_order() -> Listing {
    Listing {
        natural: &[("COALESCE(f.rank, t.id * 1024)", true), ("t.id", true)],
        ..tasks()
    }
}

pub(super) fn tasks() -> Listing {
    Listing {
        from: "task t JOIN workstream w ON w.id = t.workstream_id
               LEFT JOIN temp.page_forecast f ON f.task_id = t.id"
            .into(),
        select: "t.key, t.title, w.key, t.owner, t.percent, t.duration = 0,
                 t.actual_start IS NOT NULL, f.start, f.finish, f.slip, f.total_float, f.critical,
                 f.level, f.summary, f.percent",
        columns: &[
            (SortKey::Key, &["w.key", "t.number"]),
            (SortKey::Title, &["t.title"]),
            (SortKey::Workstream, &["w.key"]),
            (SortKey::Owner, &["t.owner"]),
            (SortKey::Start, &["f.start"]),
            (SortKey::Finish, &["f.finish"]),
            (SortKey::Percent, &["t.percent"]),
            (SortKey::Slip, &["f.slip"]),
            (SortKey::Status, &[TASK_STATUS]),
        ],
        text: &["t.key", "t.title", "w.key", "t.owner", TASK_STATUS],
        field: |f| match f {
            FilterField::Owner => Some("t.owner"),
            FilterField::Workstream => Some("w.key"),
            FilterField::Status => Some(TASK_STATUS),
            FilterField::Kind => Some("CASE WHEN t.duration = 0 THEN 'milestone' ELSE 'task' END"),
            FilterField::Vendor => None,
        },
        due: Some("f.finish"),
        overdue: Some("(t.percent < 100 AND f.total_float < 0)".into()),
        terms: Terms {
            open: Some("(t.percent < 100)".into()),
            critical: Some("(t.percent < 100 AND f.critical)"),
            slip: Some("f.slip"),
            path: Some("f.path"),
            ..Terms::default()
        },
        natural: &[("t.id", true)],
    }
}

/// Risks first, then issues (the two an APM works daily), assumptions and dependencies.
const RAID_KIND_RANK: &str =
    "CASE r.kind WHEN 'risk' THEN 0 WHEN 'issue' THEN 1 WHEN 'assumption' THEN 2 ELSE 3 END";

const RISK_SCORE: &str = "CASE WHEN r.kind = 'risk' THEN r.probability * r.impact END";

pub(super) fn raid() -> Listing {
    Listing {
        from: "raid r LEFT JOIN workstream w ON w.id = r.workstream_id".into(),
        select: RAID_COLUMNS,
        columns: &[
            (SortKey::Key, &[RAID_KIND_RANK, "r.number"]),
            (SortKey::Kind, &["r.kind"]),
            (SortKey::Title, &["r.title"]),
            (SortKey::Owner, &["r.owner"]),
            (SortKey::Status, &["r.status"]),
            (SortKey::Score, &[RISK_SCORE]),
            (SortKey::Due, &["r.due"]),
            (SortKey::Workstream, &["w.key"]),
        ],
        text: &["r.key", "r.kind", "r.title", "r.owner", "r.status", "w.key"],
        field: |f| match f {
            FilterField::Owner => Some("r.owner"),
            FilterField::Workstream => Some("w.key"),
            FilterField::Status => Some("r.status"),
            FilterField::Kind => Some("r.kind"),
            FilterField::Vendor => None,
        },
        due: Some("r.due"),
        overdue: Some(format!("(NOT {} AND r.due < ?)", raid_closed())),
        terms: Terms {
            open: Some(format!("(NOT {})", raid_closed())),
            score: Some(RISK_SCORE),
            escalated: Some("(r.kind = 'issue' AND r.escalated)"),
            ..Terms::default()
        },
        natural: &[(RAID_KIND_RANK, true), ("r.number", true), ("r.id", true)],
    }
}

pub(super) fn spend() -> Listing {
    Listing {
        from: "spend s JOIN workstream w ON w.id = s.workstream_id".into(),
        select: "s.key, s.date, w.key, s.category, s.amount, s.vendor, s.reference, s.status",
        columns: &[
            (SortKey::Key, &["s.number"]),
            (SortKey::Date, &["s.date"]),
            (SortKey::Workstream, &["w.key"]),
            (SortKey::Category, &["s.category"]),
            (SortKey::Amount, &["s.amount"]),
            (SortKey::Vendor, &["s.vendor"]),
            (SortKey::Reference, &["s.reference"]),
            (SortKey::Status, &["s.status"]),
        ],
        text: &[
            "s.key",
            "w.key",
            "s.category",
            "s.vendor",
            "s.reference",
            "s.status",
        ],
        field: |f| match f {
            FilterField::Workstream => Some("w.key"),
            FilterField::Status => Some("s.status"),
            FilterField::Kind => Some("s.category"),
            FilterField::Vendor => Some("s.vendor"),
            FilterField::Owner => None,
        },
        due: Some("s.date"),
        overdue: None,
        terms: Terms::default(),
        natural: &[("s.date", false), ("s.id", false)],
    }
}

pub(super) fn budget_lines() -> Listing {
    Listing {
        from: "budget_line b JOIN workstream w ON w.id = b.workstream_id".into(),
        select: "w.key, b.category, b.month, b.amount",
        columns: &[
            (SortKey::Workstream, &["w.key"]),
            (SortKey::Category, &["b.category"]),
            (SortKey::Month, &["b.month"]),
            (SortKey::Amount, &["b.amount"]),
        ],
        text: &["w.key", "b.category", "b.month"],
        field: |f| match f {
            FilterField::Workstream => Some("w.key"),
            FilterField::Kind => Some("b.category"),
            _ => None,
        },
        due: Some("b.month"),
        overdue: None,
        terms: Terms::default(),
        natural: &[("w.key", true), ("b.category", true), ("b.month", true)],
    }
}

pub(super) fn log() -> Listing {
    Listing {
        from: "(SELECT 0 AS part, id, key, date AS at, title AS what,
                       decision || coalesce(' (' || made_by || ')', '') AS detail,
                       NULL AS delta
                FROM decision
                UNION ALL
                SELECT 1, id, key, raised, title, status, budget_delta FROM change_request
                UNION ALL
                SELECT 2, id, '#' || id, at, summary,
                       CASE WHEN undone THEN 'undone' ELSE '' END, NULL
                FROM journal) g"
            .into(),
        select: "g.part, g.key, g.at, g.what, g.detail, g.delta",
        columns: &[
            (SortKey::Key, &["g.part", "g.id"]),
            (SortKey::When, &["g.at"]),
            (SortKey::What, &["g.what"]),
            (SortKey::Detail, &["g.detail"]),
        ],
        text: &["g.key", "g.at", "g.what", "g.detail"],
        field: |f| match f {
            FilterField::Status => Some("g.detail"),
            _ => None,
        },
        due: None,
        overdue: None,
        terms: Terms::default(),
        natural: &[("g.part", true), ("g.id", false)],
    }
}
