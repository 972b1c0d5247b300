//! The slow, thorough reader: walks a parsed JSON tree by hand so that it can report every
//! problem at once, each with its JSON path: unknown fields, wrong types, floats for money and
//! values the domain refuses. Record-level rules are checked afterwards by `validate_doc`.

use super::Problems;
use crate::domain::*;
use crate::error::Result;
use chrono::NaiveDate;
use serde_json::{Map, Value};
use std::cell::RefCell;

/// A JSON object being read: tracks which fields were asked for, to report unknown ones.
struct Obj<'v> {
    map: &'v Map<String, Value>,
    path: String,
    seen: RefCell<Vec<&'static str>>,
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn obj<'v>(p: &mut Problems, v: &'v Value, path: String) -> Option<Obj<'v>> {
    match v {
        Value::Object(map) => Some(Obj {
            map,
            path,
            seen: RefCell::new(Vec::new()),
        }),
        other => {
            p.at(
                &path,
                format!("expected an object, found {}", type_name(other)),
            );
            None
        }
    }
}

impl<'v> Obj<'v> {
    fn sub(&self, name: &str) -> String {
        if self.path.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", self.path)
        }
    }

    /// The field's value; `None` when missing or null.
    fn get(&self, name: &'static str) -> Option<&'v Value> {
        self.seen.borrow_mut().push(name);
        self.map.get(name).filter(|v| !v.is_null())
    }

    fn required(&self, p: &mut Problems, name: &'static str) -> Option<&'v Value> {
        let v = self.get(name);
        if v.is_none() {
            p.at(&self.sub(name), "missing");
        }
        v
    }

    fn as_str(&self, p: &mut Problems, name: &'static str, v: &'v Value) -> Option<&'v str> {
        match v {
            Value::String(s) => Some(s),
            other => {
                p.at(
                    &self.sub(name),
                    format!("expected a string, found {}", type_name(other)),
                );
                None
            }
        }
    }

    fn str(&self, p: &mut Problems, name: &'static str) -> Option<String> {
        let v = self.required(p, name)?;
        self.as_str(p, name, v).map(str::to_string)
    }

    fn opt_str(&self, p: &mut Problems, name: &'static str) -> Option<String> {
        let v = self.get(name)?;
        self.as_str(p, name, v).map(str::to_string)
    }

    fn parsed<T>(
        &self,
        p: &mut Problems,
        name: &'static str,
        required: bool,
        parse: impl Fn(&str, &str) -> Result<T>,
    ) -> Option<T> {
        let v = if required {
            self.required(p, name)?
        } else {
            self.get(name)?
        };
        let s = self.as_str(p, name, v)?;
        let path = self.sub(name);
        match parse(name, s) {
            Ok(x) => Some(x),
            Err(e) => {
                p.at(&path, e);
                None
            }
        }
    }

    fn date(&self, p: &mut Problems, name: &'static str) -> Option<NaiveDate> {
        self.parsed(p, name, true, dates::parse_date)
    }

    fn opt_date(&self, p: &mut Problems, name: &'static str) -> Option<NaiveDate> {
        self.parsed(p, name, false, dates::parse_date)
    }

    fn money_value(&self, p: &mut Problems, name: &'static str, v: &Value) -> Option<Money> {
        match v {
            Value::String(s) => match Money::parse_strict(name, s) {
                Ok(m) => Some(m),
                Err(e) => {
                    p.at(&self.sub(name), e);
                    None
                }
            },
            Value::Number(n) => {
                p.at(
                    &self.sub(name),
                    format!("money must be a string with 2 decimals (like \"12.50\"), not the number {n}"),
                );
                None
            }
            other => {
                p.at(
                    &self.sub(name),
                    format!("expected an amount string, found {}", type_name(other)),
                );
                None
            }
        }
    }

    fn money(&self, p: &mut Problems, name: &'static str) -> Option<Money> {
        let v = self.required(p, name)?;
        self.money_value(p, name, v)
    }

    fn opt_money(&self, p: &mut Problems, name: &'static str) -> Option<Money> {
        let v = self.get(name)?;
        self.money_value(p, name, v)
    }

    fn int_value(&self, p: &mut Problems, name: &'static str, v: &Value) -> Option<i64> {
        match v.as_i64() {
            Some(i) => Some(i),
            None => {
                p.at(
                    &self.sub(name),
                    format!("expected a whole number, found {}", v),
                );
                None
            }
        }
    }

    fn int(&self, p: &mut Problems, name: &'static str) -> Option<i64> {
        let v = self.required(p, name)?;
        self.int_value(p, name, v)
    }

    fn opt_int(&self, p: &mut Problems, name: &'static str) -> Option<i64> {
        let v = self.get(name)?;
        self.int_value(p, name, v)
    }

    fn bool(&self, p: &mut Problems, name: &'static str) -> Option<bool> {
        match self.get(name) {
            None => Some(false),
            Some(Value::Bool(b)) => Some(*b),
            Some(other) => {
                p.at(
                    &self.sub(name),
                    format!("expected true or false, found {}", type_name(other)),
                );
                None
            }
        }
    }

    /// An array field (missing = empty), as (path, element) pairs.
    fn list(&self, p: &mut Problems, name: &'static str) -> Vec<(String, &'v Value)> {
        match self.get(name) {
            None => vec![],
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("{}[{i}]", self.sub(name)), v))
                .collect(),
            Some(other) => {
                p.at(
                    &self.sub(name),
                    format!("expected an array, found {}", type_name(other)),
                );
                vec![]
            }
        }
    }

    fn strings(&self, p: &mut Problems, name: &'static str) -> Vec<String> {
        let mut out = vec![];
        for (path, v) in self.list(p, name) {
            match v {
                Value::String(s) => out.push(s.clone()),
                other => p.at(
                    &path,
                    format!("expected a string, found {}", type_name(other)),
                ),
            }
        }
        out
    }

    /// Report fields that were never asked for: a typo must not vanish.
    fn finish(self, p: &mut Problems) {
        let seen = self.seen.borrow();
        let mut unknown: Vec<&String> = self
            .map
            .keys()
            .filter(|k| !seen.contains(&k.as_str()))
            .collect();
        unknown.sort();
        for k in unknown {
            p.at(&self.sub(k), "unknown field");
        }
    }
}

pub(super) fn read_doc(p: &mut Problems, value: &Value) -> Option<ProgramDoc> {
    let root = match value {
        Value::Object(map) => Obj {
            map,
            path: String::new(),
            seen: RefCell::new(Vec::new()),
        },
        other => {
            p.at(
                "$",
                format!("expected an object, found {}", type_name(other)),
            );
            return None;
        }
    };
    let field_path = |name: &str| name.to_string();
    let format = root.get("format");
    if format != Some(&Value::String(PROGRAM_FORMAT.into())) {
        p.at(&field_path("format"), format!("must be {PROGRAM_FORMAT:?}"));
    }
    match root.get("version").and_then(Value::as_u64) {
        Some(1) => {}
        Some(v) => p.at(
            &field_path("version"),
            format!("version {v} is not supported (this milepost reads version 1)"),
        ),
        None => p.at(&field_path("version"), "missing or not a number"),
    }
    let program = root
        .required(p, "program")
        .and_then(|v| obj(p, v, field_path("program")))
        .and_then(|o| read_program(p, o));
    let mut doc = ProgramDoc::new(program.clone().unwrap_or(Program {
        name: String::new(),
        currency: String::new(),
        start: NaiveDate::MIN,
        calendar: CalendarSpec {
            workdays: vec![],
            holidays: vec![],
        },
    }));
    let list =
        |p: &mut Problems, name: &'static str| -> Vec<(String, &Value)> { root.list(p, name) };
    for (path, v) in list(p, "workstreams") {
        if let Some(o) = obj(p, v, path.clone()) {
            let ws = Workstream {
                key: o.str(p, "key").unwrap_or_default(),
                name: o.str(p, "name").unwrap_or_default(),
                owner: o.opt_str(p, "owner"),
            };
            o.finish(p);
            doc.workstreams.push(ws);
        }
    }
    for (path, v) in list(p, "tasks") {
        if let Some(t) = read_task(p, v, path) {
            doc.tasks.push(t);
        }
    }
    for (path, v) in list(p, "baselines") {
        if let Some(o) = obj(p, v, path) {
            let mut b = Baseline {
                name: o.str(p, "name").unwrap_or_default(),
                taken: o.date(p, "taken").unwrap_or(NaiveDate::MIN),
                tasks: vec![],
            };
            for (tpath, tv) in o.list(p, "tasks") {
                if let Some(to) = obj(p, tv, tpath) {
                    let bt = BaselineTask {
                        key: to.str(p, "key").unwrap_or_default(),
                        start: to.date(p, "start").unwrap_or(NaiveDate::MIN),
                        finish: to.date(p, "finish").unwrap_or(NaiveDate::MIN),
                    };
                    to.finish(p);
                    b.tasks.push(bt);
                }
            }
            o.finish(p);
            doc.baselines.push(b);
        }
    }
    for (path, v) in list(p, "raid") {
        if let Some(r) = read_raid(p, v, path) {
            doc.raid.push(r);
        }
    }
    for (path, v) in list(p, "budget") {
        if let Some(o) = obj(p, v, path.clone()) {
            let line = BudgetLine {
                workstream: o.str(p, "workstream").unwrap_or_default(),
                category: o.str(p, "category").unwrap_or_default(),
                month: o
                    .parsed(p, "month", true, Month::parse)
                    .unwrap_or(Month { year: 1, month: 1 }),
                amount: o.money(p, "amount").unwrap_or_default(),
            };
            o.finish(p);
            doc.budget.push(line);
        }
    }
    for (path, v) in list(p, "spend") {
        if let Some(o) = obj(p, v, path.clone()) {
            let s = SpendEntry {
                key: o.str(p, "key").unwrap_or_default(),
                date: o.date(p, "date").unwrap_or(NaiveDate::MIN),
                workstream: o.str(p, "workstream").unwrap_or_default(),
                category: o.str(p, "category").unwrap_or_default(),
                amount: o.money(p, "amount").unwrap_or_default(),
                vendor: o.opt_str(p, "vendor"),
                reference: o.opt_str(p, "reference"),
                status: o
                    .parsed(p, "status", false, SpendStatus::parse)
                    .unwrap_or(SpendStatus::Invoiced),
            };
            o.finish(p);
            doc.spend.push(s);
        }
    }
    for (path, v) in list(p, "changes") {
        if let Some(o) = obj(p, v, path.clone()) {
            let c = ChangeRequest {
                key: o.str(p, "key").unwrap_or_default(),
                title: o.str(p, "title").unwrap_or_default(),
                status: o
                    .parsed(p, "status", false, ChangeStatus::parse)
                    .unwrap_or(ChangeStatus::Proposed),
                raised: o.date(p, "raised").unwrap_or(NaiveDate::MIN),
                decided: o.opt_date(p, "decided"),
                workstream: o.opt_str(p, "workstream"),
                budget_delta: o.opt_money(p, "budget_delta"),
                schedule_delta: o.opt_int(p, "schedule_delta"),
            };
            o.finish(p);
            doc.changes.push(c);
        }
    }
    for (path, v) in list(p, "decisions") {
        if let Some(o) = obj(p, v, path.clone()) {
            let d = Decision {
                key: o.str(p, "key").unwrap_or_default(),
                date: o.date(p, "date").unwrap_or(NaiveDate::MIN),
                title: o.str(p, "title").unwrap_or_default(),
                decision: o.str(p, "decision").unwrap_or_default(),
                rationale: o.opt_str(p, "rationale"),
                by: o.opt_str(p, "by"),
            };
            o.finish(p);
            doc.decisions.push(d);
        }
    }
    for (path, v) in list(p, "status_notes") {
        if let Some(o) = obj(p, v, path.clone()) {
            let n = StatusNote {
                week: o
                    .parsed(p, "week", true, IsoWeek::parse)
                    .unwrap_or(IsoWeek { year: 1, week: 1 }),
                workstream: o.opt_str(p, "workstream"),
                rag: o.parsed(p, "rag", false, Rag::parse),
                reason: o.opt_str(p, "reason"),
                summary: o.opt_str(p, "summary"),
                accomplishments: o.strings(p, "accomplishments"),
                next_steps: o.strings(p, "next_steps"),
            };
            o.finish(p);
            doc.status_notes.push(n);
        }
    }
    if let Some(v) = root.get("settings") {
        match v {
            Value::Object(map) => {
                for (key, value) in map {
                    match value {
                        Value::String(s) => {
                            doc.settings.insert(key.clone(), s.clone());
                        }
                        other => p.at(
                            &format!("settings.{key}"),
                            format!("expected a string, found {}", type_name(other)),
                        ),
                    }
                }
            }
            other => p.at(
                "settings",
                format!("expected an object, found {}", type_name(other)),
            ),
        }
    }
    root.finish(p);
    program.map(|_| doc)
}

fn read_program(p: &mut Problems, o: Obj) -> Option<Program> {
    let name = o.str(p, "name");
    let currency = o.opt_str(p, "currency").unwrap_or_else(|| "USD".into());
    let start = o.date(p, "start");
    let mut calendar = CalendarSpec::weekdays(vec![]);
    if let Some(c) = o.get("calendar").and_then(|v| obj(p, v, o.sub("calendar"))) {
        if c.get("workdays").is_some() {
            calendar.workdays = c.strings(p, "workdays");
        }
        for (path, v) in c.list(p, "holidays") {
            match v.as_str().map(|s| dates::parse_date("holiday", s)) {
                Some(Ok(d)) => calendar.holidays.push(d),
                Some(Err(e)) => p.at(&path, e),
                None => p.at(&path, "expected a date string"),
            }
        }
        c.finish(p);
    }
    calendar.holidays.sort();
    calendar.holidays.dedup();
    o.finish(p);
    let program = Program {
        name: name?,
        currency,
        start: start?,
        calendar,
    };
    Some(program)
}

fn read_task(p: &mut Problems, v: &Value, path: String) -> Option<Task> {
    let o = obj(p, v, path.clone())?;
    let mut t = Task {
        key: o.str(p, "key").unwrap_or_default(),
        workstream: o.str(p, "workstream").unwrap_or_default(),
        title: o.str(p, "title").unwrap_or_default(),
        duration: o.int(p, "duration").unwrap_or(0),
        owner: o.opt_str(p, "owner"),
        budget: o.opt_money(p, "budget"),
        percent_complete: o.opt_int(p, "percent_complete").unwrap_or(0),
        actual_start: o.opt_date(p, "actual_start"),
        actual_finish: o.opt_date(p, "actual_finish"),
        not_before: o.opt_date(p, "not_before"),
        deadline: o.opt_date(p, "deadline"),
        acceptance: o.opt_str(p, "acceptance"),
        after: vec![],
        parent: o.opt_str(p, "parent"),
    };
    for (lpath, lv) in o.list(p, "after") {
        if let Some(lo) = obj(p, lv, lpath) {
            let link = Link {
                key: lo.str(p, "key").unwrap_or_default(),
                link_type: lo
                    .parsed(p, "type", false, LinkType::parse)
                    .unwrap_or(LinkType::Fs),
                lag: lo.opt_int(p, "lag").unwrap_or(0),
            };
            lo.finish(p);
            t.after.push(link);
        }
    }
    o.finish(p);
    Some(t)
}

fn read_raid(p: &mut Problems, v: &Value, path: String) -> Option<RaidItem> {
    let o = obj(p, v, path.clone())?;
    let kind = o.parsed(p, "kind", true, RaidKind::parse);
    let r = RaidItem {
        key: o.str(p, "key").unwrap_or_default(),
        kind: kind.unwrap_or(RaidKind::Risk),
        title: o.str(p, "title").unwrap_or_default(),
        description: o.opt_str(p, "description"),
        status: o.opt_str(p, "status").unwrap_or_else(|| "open".into()),
        owner: o.opt_str(p, "owner"),
        raised: o.date(p, "raised").unwrap_or(NaiveDate::MIN),
        due: o.opt_date(p, "due"),
        workstream: o.opt_str(p, "workstream"),
        closed: o.opt_date(p, "closed"),
        tasks: o.strings(p, "tasks"),
        probability: o.opt_int(p, "probability"),
        impact: o.opt_int(p, "impact"),
        probability_pct: o.opt_int(p, "probability_pct"),
        cost_impact: o.opt_money(p, "cost_impact"),
        response: o.parsed(p, "response", false, Response::parse),
        mitigation: o.opt_str(p, "mitigation"),
        residual_probability: o.opt_int(p, "residual_probability"),
        residual_impact: o.opt_int(p, "residual_impact"),
        escalated: o.bool(p, "escalated").unwrap_or(false),
        provider: o.opt_str(p, "provider"),
    };
    o.finish(p);
    kind?;
    Some(r)
}
