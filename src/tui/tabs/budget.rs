//! The Budget tab, in three views (`v`): the plan and earned value per workstream, every budget
//! line, every spend entry. `a` records spend (an invoice) or sets a budget line; `e` edits the
//! line or entry under the selection (a line shows its current amount, and the message says
//! what it was); `d` deletes a spend entry.

use super::{BudgetView, Column, Here, Open, RowRef, TableData, Tone, col};
use crate::domain::{BudgetLine, Money, Month, Rag, RagThresholds, SpendEntry, SpendStatus};
use crate::engine::{budget, evm, rag};
use crate::error::{Error, Result};
use crate::ops::{Command, SpendPatch, input};
use crate::store::Db;
use crate::store::pages::SortKey;
use crate::tui::keymap::Item;
use crate::tui::overlays::form::{Form, Kind, Target, field};
use chrono::NaiveDate;

/// The plan per workstream: the figures an APM reads first are the last to go.
pub const PLAN: &[Column] = &[
    col("SCOPE", 7, 0).whole(),
    col("BAC", 12, 0).figure(),
    col("PV", 12, 2).figure(),
    col("EV", 12, 3).figure(),
    col("AC", 12, 1).figure(),
    col("COMMITTED", 9, 6).figure(),
    col("CV", 12, 4).figure(),
    col("SV", 12, 5).figure(),
    col("CPI", 4, 1).figure(),
    col("SPI", 4, 2).figure(),
    col("EAC", 12, 2).figure(),
    col("VAC", 12, 4).figure(),
    col("TCPI", 4, 6).figure(),
    col("CONTINGENCY", 11, 5).figure(),
];

pub const LINES: &[Column] = &[
    col("WS", 6, 0).whole().sort(SortKey::Workstream),
    col("CATEGORY", 12, 0).grow().sort(SortKey::Category),
    col("MONTH", 7, 0).whole().sort(SortKey::Month),
    col("AMOUNT", 12, 0).figure().sort(SortKey::Amount),
];

pub const SPEND: &[Column] = &[
    col("KEY", 7, 0).whole().sort(SortKey::Key),
    col("DATE", 10, 0).whole().sort(SortKey::Date),
    col("WS", 5, 3).whole().sort(SortKey::Workstream),
    col("CATEGORY", 10, 2).sort(SortKey::Category),
    col("AMOUNT", 12, 0).figure().sort(SortKey::Amount),
    col("VENDOR", 12, 1).grow().sort(SortKey::Vendor),
    col("REF", 10, 4).sort(SortKey::Reference),
    col("STATUS", 9, 1).sort(SortKey::Status),
];

pub fn columns(view: BudgetView) -> &'static [Column] {
    match view {
        BudgetView::Plan => PLAN,
        BudgetView::Lines => LINES,
        BudgetView::Spend => SPEND,
    }
}

pub const SPEND_FILTER_WORDS: &[(&str, &str)] = &[
    ("ws:KEY", "the workstream"),
    ("vendor:NAME", "the vendor contains NAME"),
    ("status:invoiced", "committed, accrued, invoiced or paid"),
    ("kind:CATEGORY", "the category"),
    ("due:<DATE", "dated before DATE"),
];

pub const LINE_FILTER_WORDS: &[(&str, &str)] = &[
    ("ws:KEY", "the workstream"),
    ("kind:CATEGORY", "the category"),
    ("due:<YYYY-MM", "months before"),
];

/// The plan: a row per workstream and one for the program, toned by CPI against the
/// program's thresholds.
pub fn plan(db: &Db, today: NaiveDate, thresholds: &RagThresholds) -> Result<TableData> {
    let program = db.program()?;
    let workstreams: Vec<String> = db.workstreams()?.into_iter().map(|w| w.key).collect();
    let lines = db.budget_lines()?;
    let spend = db.spend_totals(today)?;
    let tasks = db.task_progress()?;
    let risks = db.raid_items(Some(crate::domain::RaidKind::Risk))?;
    let report = budget::budget_report(
        &lines,
        &spend,
        &workstreams,
        budget::GroupBy::Workstream,
        today,
        &program.currency,
    );
    let ledger = evm::Ledger::new(&lines, &spend, &tasks);
    let parts = ledger.by_workstream();
    let empty = evm::Ledger::default();
    // A scope's figures, and its tone by the weekly status's own cost rule on the exact
    // values: CPI against the program's thresholds, actual cost over the budget.
    let scope = |inputs: evm::Inputs| {
        let cost = rag::cost(inputs.cpi().as_ref(), &inputs.ac, &inputs.bac, thresholds);
        let tone = match cost.rag {
            Rag::Red => Tone::Bad,
            Rag::Amber => Tone::Warn,
            Rag::Green => Tone::Normal,
        };
        (evm::figures(&inputs), tone)
    };
    let mut t = TableData::new(PLAN);
    let mut row =
        |scope: Option<&str>, row: &budget::BudgetRow, (f, tone): (evm::Figures, Tone)| {
            let contingency = crate::engine::status::contingency(
                risks
                    .iter()
                    .filter(|r| scope.is_none() || r.workstream.as_deref() == scope),
                today,
            );
            let mut cells = vec![
                scope.unwrap_or("PROGRAM").to_string(),
                row.planned.grouped(),
                row.planned_to_date.grouped(),
                f.ev.grouped(),
                row.actual.grouped(),
                row.committed.grouped(),
            ];
            cells.extend(crate::engine::evm::variance_cells(&f));
            cells.push(contingency.grouped());
            t.push(cells, tone, RowRef::Scope(scope.map(str::to_string)));
        };
    for r in &report.rows {
        let part = parts.get(r.group.as_str()).unwrap_or(&empty);
        row(Some(&r.group), r, scope(part.inputs(today)));
    }
    row(None, &report.total, scope(ledger.inputs(today)));
    Ok(t)
}

/// The program's burn: cumulative PV, EV and AC by month from the start's month.
pub fn burn_series(db: &Db, today: NaiveDate) -> Result<Vec<evm::BurnPoint>> {
    let program = db.program()?;
    let lines = db.budget_lines()?;
    let spend = db.spend_totals(today)?;
    let tasks = db.task_progress()?;
    let ledger = evm::Ledger::new(&lines, &spend, &tasks);
    Ok(ledger.burn_series(Month::of(program.start), today))
}

/// Budget lines; an emptied line (0) is muted.
pub fn line_rows(t: &mut TableData, rows: &[BudgetLine]) {
    for b in rows {
        t.push(
            vec![
                b.workstream.clone(),
                b.category.clone(),
                b.month.to_string(),
                b.amount.grouped(),
            ],
            if b.amount.cents() == 0 {
                Tone::Muted
            } else {
                Tone::Normal
            },
            RowRef::Line {
                workstream: b.workstream.clone(),
                category: b.category.clone(),
                month: b.month.to_string(),
                amount: b.amount,
            },
        );
    }
}

/// Spend rows: commitments muted, credit notes good.
pub fn spend_rows(t: &mut TableData, rows: &[SpendEntry]) {
    for s in rows {
        let tone = match s.status {
            SpendStatus::Committed => Tone::Muted,
            _ if s.amount.cents() < 0 => Tone::Good,
            _ => Tone::Normal,
        };
        t.push(s.cells(), tone, RowRef::Spend(s.key.clone()));
    }
}

pub fn add() -> Open {
    Open::Menu {
        title: "Add".into(),
        items: vec![Item::Spend, Item::BudgetLine],
    }
}

const STATUSES: &[&str] = &["committed", "accrued", "invoiced", "paid"];

fn spend_form(here: &Here) -> Form {
    let ws = here.workstream();
    let mut form = Form::new(
        "Record spend",
        Target::AddSpend,
        false,
        vec![
            field("workstream", "workstream", Kind::Text, &ws, true),
            field("category", "category", Kind::Text, "", true),
            field("amount", "amount", Kind::Money, "", true),
            field("vendor", "vendor", Kind::Text, "", false),
            field("reference", "reference", Kind::Text, "", false),
            field("date", "date", Kind::Date, &here.today.to_string(), true),
            field(
                "status",
                "status",
                Kind::Choice(STATUSES),
                "invoiced",
                false,
            ),
        ],
    );
    form.focus_id(if ws.is_empty() {
        "workstream"
    } else {
        "category"
    });
    form
}

/// A budget line form; `line` is (workstream, category, month, current amount) when it edits
/// an existing line.
fn line_form(ws: &str, category: &str, month: &str, amount: Option<Money>) -> Form {
    let mut form = Form::new(
        "Set a budget line",
        Target::BudgetLine(amount),
        false,
        vec![
            field("workstream", "workstream", Kind::Text, ws, true),
            field("category", "category", Kind::Text, category, true),
            field("month", "month", Kind::Text, month, true),
            field(
                "amount",
                "amount",
                Kind::Money,
                &amount.map(|a| a.to_string()).unwrap_or_default(),
                true,
            ),
        ],
    );
    form.focus_id(if category.is_empty() {
        "category"
    } else {
        "amount"
    });
    form
}

pub fn pick(item: Item, here: &Here) -> Open {
    match item {
        Item::Spend => Open::Form(spend_form(here)),
        Item::BudgetLine => Open::Form(line_form(
            &here.workstream(),
            "",
            &Month::of(here.today).to_string(),
            None,
        )),
        _ => Open::Nothing,
    }
}

pub fn edit(here: &Here) -> Open {
    match here.row {
        Some(RowRef::Line {
            workstream,
            category,
            month,
            amount,
        }) => Open::Form(line_form(workstream, category, month, Some(*amount))),
        Some(RowRef::Spend(key)) => match here.db.spend_entry(key) {
            Ok(s) => Open::Form(Form::new(
                format!("Edit {key}"),
                Target::EditSpend(key.clone()),
                true,
                vec![
                    field("workstream", "workstream", Kind::Text, &s.workstream, true),
                    field("category", "category", Kind::Text, &s.category, true),
                    field("amount", "amount", Kind::Money, &s.amount.to_string(), true),
                    field(
                        "vendor",
                        "vendor",
                        Kind::Text,
                        s.vendor.as_deref().unwrap_or(""),
                        false,
                    ),
                    field(
                        "reference",
                        "reference",
                        Kind::Text,
                        s.reference.as_deref().unwrap_or(""),
                        false,
                    ),
                    field("date", "date", Kind::Date, &s.date.to_string(), true),
                    field(
                        "status",
                        "status",
                        Kind::Choice(STATUSES),
                        s.status.as_str(),
                        true,
                    ),
                ],
            )),
            Err(e) => Open::Message(e.to_string()),
        },
        Some(RowRef::Scope(Some(ws))) => {
            Open::Form(line_form(ws, "", &Month::of(here.today).to_string(), None))
        }
        _ => Open::Nothing,
    }
}

pub fn delete(here: &Here) -> Open {
    match here.row {
        Some(RowRef::Spend(key)) => Open::Confirm {
            question: format!(
                "Delete spend {key} of {} dated {}?",
                here.cell(SPEND, "AMOUNT"),
                here.cell(SPEND, "DATE")
            ),
            command: Box::new(Command::RemoveSpend { key: key.clone() }),
        },
        _ => Open::Message("d deletes spend entries; set a budget line to 0 to empty it".into()),
    }
}

pub fn build(form: &Form, today: NaiveDate) -> Result<Command> {
    let status = || {
        form.given("status")
            .map(|s| SpendStatus::parse("status", s))
            .transpose()
    };
    Ok(match &form.target {
        Target::AddSpend => Command::AddSpend {
            date: input::date("date", form.value("date"), today)?,
            workstream: form.value("workstream").to_string(),
            category: form.value("category").to_string(),
            amount: input::money("amount", form.value("amount"))?,
            fields: SpendPatch {
                vendor: input::clear_text(form.given("vendor")),
                reference: input::clear_text(form.given("reference")),
                status: status()?,
                ..SpendPatch::default()
            },
        },
        Target::EditSpend(key) => Command::SetSpend {
            key: key.clone(),
            fields: SpendPatch {
                date: input::opt_date("date", form.given("date"), today)?,
                workstream: form.given("workstream").map(str::to_string),
                category: form.given("category").map(str::to_string),
                amount: input::opt_money("amount", form.given("amount"))?,
                vendor: input::clear_text(form.given("vendor")),
                reference: input::clear_text(form.given("reference")),
                status: status()?,
            },
        },
        Target::BudgetLine(_) => Command::SetBudget {
            workstream: form.value("workstream").to_string(),
            category: form.value("category").to_string(),
            month: Month::parse("month", form.value("month"))?,
            amount: input::money("amount", form.value("amount"))?,
        },
        other => return Err(Error::Conflict(format!("{other:?} is not a Budget form"))),
    })
}
