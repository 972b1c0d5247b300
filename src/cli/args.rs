//! The command-line grammar (SPEC §7), as clap derive types. The TUI's `:` line will parse with
//! these same definitions.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "milepost", version, about = "A terminal workbench for assistant program managers", long_about = None)]
pub struct Cli {
    /// The program database (default: $MILEPOST_DB, else milepost.db in the user data directory).
    #[arg(long, global = true, env = "MILEPOST_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// The workbench does not take the mouse (clicks and scrolling stay with the terminal).
    #[arg(long, global = true)]
    pub no_mouse: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new program database.
    Init {
        name: String,
        #[arg(long, default_value = "USD")]
        currency: String,
        /// Program start date (default: today).
        #[arg(long, allow_hyphen_values = true)]
        start: Option<String>,
        /// Working weekdays, comma-separated.
        #[arg(long, default_value = "mon,tue,wed,thu,fri")]
        workdays: String,
        /// A non-working day; repeat for more.
        #[arg(long = "holiday", value_name = "DATE")]
        holidays: Vec<String>,
    },
    /// Build the sample program "Atlas" in its own file (or at --db when that file does not exist).
    Demo {
        /// Print a summary instead of opening the workbench.
        #[arg(long)]
        no_tui: bool,
    },
    /// The program itself: name, currency, start and calendar.
    #[command(subcommand)]
    Program(ProgramCommand),
    /// Workstreams.
    #[command(subcommand)]
    Ws(WsCommand),
    /// Tasks and milestones.
    #[command(subcommand)]
    Task(TaskCommand),
    /// Dependencies between tasks.
    #[command(subcommand)]
    Dep(DepCommand),
    /// Baselines: frozen copies of the plan.
    #[command(subcommand)]
    Baseline(BaselineCommand),
    /// The schedule: forecast and late dates, floats, critical path, slip against the baseline.
    Schedule {
        /// Status date (default: today).
        #[arg(long, allow_hyphen_values = true)]
        as_of: Option<String>,
        /// Critical tasks only.
        #[arg(long)]
        critical: bool,
        #[arg(long)]
        json: bool,
    },
    /// Program settings (the RAG thresholds).
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// The weekly status: export it, or see RAG week by week.
    #[command(subcommand)]
    Status(StatusCommand),
    /// Budget and earned-value reports.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Risks, assumptions, issues and dependencies.
    #[command(subcommand)]
    Raid(RaidCommand),
    /// Budget lines.
    #[command(subcommand)]
    Budget(BudgetCommand),
    /// Spend entries: purchase orders, accruals, invoices, payments.
    #[command(subcommand)]
    Spend(SpendCommand),
    /// Change requests.
    #[command(subcommand)]
    Change(ChangeCommand),
    /// Decisions.
    #[command(subcommand)]
    Decision(DecisionCommand),
    /// Write this week's status note for a workstream (or the program).
    Note(NoteArgs),
    /// Write the program as interchange JSON.
    Export {
        /// json (the program, for import), msp (MS Project XML: the plan) or ical
        /// (milestones and deadlines, for calendars).
        #[arg(long, default_value = "json", value_parser = ["json", "msp", "ical"])]
        format: String,
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Read a program (milepost JSON, MS Project XML) into a new or empty database, or add a
    /// spreadsheet's tasks or RAID items (CSV) to the program.
    #[command(after_help = IMPORT_HELP)]
    Import {
        file: PathBuf,
        /// Replace a non-empty database (the old file is backed up first); json and msp only.
        #[arg(long)]
        replace: bool,
        /// No progress bar.
        #[arg(long)]
        quiet: bool,
        /// Check the file and say what it would import; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// json (milepost's program file), msp (MS Project XML), csv-tasks (a plan kept in a
        /// spreadsheet) or csv-raid (a RAID register); json and msp by default from the name.
        #[arg(long, value_parser = ["json", "msp", "csv-tasks", "csv-raid"])]
        format: Option<String>,
        /// csv-tasks: the workstream (key or name) of rows that name none.
        #[arg(long, value_name = "WS")]
        ws: Option<String>,
        /// CSV: read column HEADER as FIELD (`--map "Risk Owner=owner"`), or leave it out
        /// with `HEADER=-`. Repeat for more columns.
        #[arg(long = "map", value_name = "HEADER=FIELD")]
        maps: Vec<String>,
        /// CSV: dates like 3/12/2026 are day first (3 December), not month first.
        #[arg(long)]
        day_first: bool,
    },
    /// The journal of changes, newest first.
    History {
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Undo the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Write a consistent copy of the database.
    Backup { file: PathBuf },
    /// Check the database's integrity.
    Check,
    /// Write a synthetic program JSON for benchmarks and scale tests.
    Generate {
        #[arg(long)]
        tasks: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// WBS levels: above the tasks, summaries of five subtasks each, this many levels in all.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=8))]
        depth: u8,
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// The workbench's config file (keys and mouse).
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Shell completions.
    Completions { shell: clap_complete::Shell },
    /// The man page (roff) on stdout.
    Man,
}

#[derive(Debug, Subcommand)]
pub enum ProgramCommand {
    /// Change the program's name, currency code, start or working calendar.
    Set {
        #[arg(long)]
        name: Option<String>,
        /// The currency code of every amount (amounts are not converted).
        #[arg(long)]
        currency: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        start: Option<String>,
        /// Working weekdays, like mon,tue,wed,thu,fri.
        #[arg(long)]
        workdays: Option<String>,
        /// Add a holiday; repeat for more.
        #[arg(long = "holiday", value_name = "DATE")]
        holidays: Vec<String>,
        /// Remove a holiday; repeat for more.
        #[arg(long = "no-holiday", value_name = "DATE")]
        no_holidays: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum WsCommand {
    /// Add a workstream.
    Add {
        key: String,
        name: String,
        #[arg(long)]
        owner: Option<String>,
    },
    /// Change a workstream's name or owner.
    Set {
        key: String,
        #[arg(long)]
        name: Option<String>,
        /// Owner ("" clears).
        #[arg(long)]
        owner: Option<String>,
    },
    /// Remove an empty workstream.
    Rm { key: String },
    /// List workstreams.
    List {
        #[arg(long)]
        json: bool,
    },
}

/// Task fields shared by `task add` and `task set`. Dates accept 2026-12-01, today, +3d, fri.
#[derive(Debug, Args, Default)]
pub struct TaskFields {
    /// Owner ("" clears).
    #[arg(long)]
    pub owner: Option<String>,
    /// Task budget, like 12,500.00 ("none" clears).
    #[arg(long)]
    pub budget: Option<String>,
    /// Earliest start date ("none" clears).
    #[arg(long, allow_hyphen_values = true)]
    pub not_before: Option<String>,
    /// Deadline ("none" clears).
    #[arg(long, allow_hyphen_values = true)]
    pub deadline: Option<String>,
    /// Acceptance criteria ("" clears).
    #[arg(long)]
    pub acceptance: Option<String>,
    /// The summary task this one belongs to, in the same workstream ("none": the top).
    #[arg(long, value_name = "KEY")]
    pub parent: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TaskCommand {
    /// Add a task (or a milestone) to a workstream; prints its key.
    Add {
        ws: String,
        title: String,
        /// Working days.
        #[arg(long, conflicts_with = "milestone")]
        duration: Option<String>,
        /// A milestone (duration 0).
        #[arg(long)]
        milestone: bool,
        /// Predecessor: KEY, KEY:SS, KEY+2, KEY:FF-1 ... ; repeat for more.
        #[arg(long, value_name = "KEY[:TYPE][+N|-N]")]
        after: Vec<String>,
        #[command(flatten)]
        fields: TaskFields,
    },
    /// Change a task.
    Set {
        key: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        duration: Option<String>,
        /// Percent complete 0-100 (100 finishes the task today unless --finished is given).
        #[arg(long)]
        percent: Option<String>,
        /// Actual start ("none" clears).
        #[arg(long, allow_hyphen_values = true)]
        started: Option<String>,
        /// Actual finish ("none" clears).
        #[arg(long, allow_hyphen_values = true)]
        finished: Option<String>,
        /// Replace the predecessors: repeat, or list them (`PLT-1,APP-3:SS+2`); "none" removes them.
        #[arg(long, value_name = "KEY[:TYPE][+N|-N]")]
        after: Vec<String>,
        #[command(flatten)]
        fields: TaskFields,
    },
    /// Remove a task.
    Rm {
        key: String,
        /// Also remove the links of tasks that depend on it, and a summary's subtasks.
        #[arg(long)]
        force: bool,
    },
    /// Move a task just before or after another, under that task's summary.
    Move {
        key: String,
        /// Put it just before this task.
        #[arg(
            long,
            value_name = "KEY",
            conflicts_with = "after",
            required_unless_present = "after"
        )]
        before: Option<String>,
        /// Put it just after this task.
        #[arg(long, value_name = "KEY")]
        after: Option<String>,
    },
    /// List tasks.
    List {
        #[arg(long)]
        ws: Option<String>,
        /// Show the WBS: codes, subtasks indented under their summaries.
        #[arg(long)]
        tree: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum DepCommand {
    /// Link PRED -> SUCC.
    Add {
        pred: String,
        succ: String,
        /// FS, SS, FF or SF.
        #[arg(long = "type", default_value = "FS")]
        link_type: String,
        /// Working days; negative for a lead.
        #[arg(long, default_value = "0", allow_hyphen_values = true)]
        lag: String,
    },
    /// Change the type or lag of the link PRED -> SUCC.
    Set {
        pred: String,
        succ: String,
        /// FS, SS, FF or SF.
        #[arg(long = "type")]
        link_type: Option<String>,
        /// Working days; negative for a lead.
        #[arg(long, allow_hyphen_values = true)]
        lag: Option<String>,
    },
    /// Remove the link PRED -> SUCC.
    Rm { pred: String, succ: String },
}

#[derive(Debug, Subcommand)]
pub enum BaselineCommand {
    /// Freeze the current forecast as a baseline.
    Set { name: Option<String> },
    /// List baselines.
    List {
        #[arg(long)]
        json: bool,
    },
}

/// RAID fields shared by `raid add` and `raid set`.
#[derive(Debug, Args, Default)]
pub struct RaidFields {
    #[arg(long)]
    pub owner: Option<String>,
    /// Due date (validate-by for assumptions, need-by for dependencies; "none" clears).
    #[arg(long, allow_hyphen_values = true)]
    pub due: Option<String>,
    #[arg(long)]
    pub description: Option<String>,
    /// Risk probability 1-5.
    #[arg(long)]
    pub probability: Option<String>,
    /// Risk impact, or issue severity, 1-5.
    #[arg(long)]
    pub impact: Option<String>,
    /// Risk probability as a percent 0-100.
    #[arg(long)]
    pub probability_pct: Option<String>,
    /// Risk cost impact.
    #[arg(long)]
    pub cost_impact: Option<String>,
    /// avoid, reduce, transfer or accept.
    #[arg(long)]
    pub response: Option<String>,
    #[arg(long)]
    pub mitigation: Option<String>,
    #[arg(long)]
    pub residual_probability: Option<String>,
    #[arg(long)]
    pub residual_impact: Option<String>,
    /// Workstream ("" clears).
    #[arg(long)]
    pub ws: Option<String>,
    /// Linked task; repeat for more (replaces the list on set).
    #[arg(long = "task", value_name = "KEY")]
    pub tasks: Vec<String>,
    /// Issue escalated to leadership.
    #[arg(long)]
    pub escalated: bool,
    /// Dependency provider.
    #[arg(long)]
    pub provider: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Check config.toml ($MILEPOST_CONFIG, else the user config directory) and list every problem.
    Check,
}

#[derive(Debug, Subcommand)]
pub enum StatusCommand {
    /// The weekly status of an ISO week (default: this week), as JSON or Markdown, as of the
    /// Sunday that ends it, or today while the week runs.
    Export {
        /// ISO week like 2026-W47.
        #[arg(long)]
        week: Option<String>,
        /// A day inside the week to report as of (default: its Sunday, or today).
        #[arg(long, allow_hyphen_values = true)]
        as_of: Option<String>,
        /// json or markdown.
        #[arg(long, default_value = "json")]
        format: String,
        /// Write to this file (atomically) instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Each workstream's RAG week by week, each week as of its Sunday (this week: today).
    History {
        /// How many weeks, ending with this one.
        #[arg(long, default_value_t = 8)]
        weeks: usize,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Set a setting, like `rag.cpi_red 0.8`.
    Set { key: String, value: String },
    /// Put a setting back to its default.
    Reset { key: String },
    /// Every setting with its value and default.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Planned, actual, committed and variance per workstream, category or month.
    Budget {
        /// ws, category or month.
        #[arg(long, default_value = "ws")]
        by: String,
        #[arg(long, allow_hyphen_values = true)]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Every earned-value figure for the program and each workstream.
    Evm {
        #[arg(long, allow_hyphen_values = true)]
        as_of: Option<String>,
        /// One workstream only.
        #[arg(long)]
        ws: Option<String>,
        /// Add the monthly burn series (cumulative PV, EV, AC).
        #[arg(long)]
        series: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum RaidCommand {
    /// Add a risk, assumption, issue or dependency; prints its key.
    Add {
        /// risk, assumption, issue or dependency.
        kind: String,
        title: String,
        #[command(flatten)]
        fields: RaidFields,
    },
    /// Change a RAID item.
    Set {
        key: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        status: Option<String>,
        /// Clear the escalated flag.
        #[arg(long, conflicts_with = "escalated")]
        deescalate: bool,
        #[command(flatten)]
        fields: RaidFields,
    },
    /// Close a RAID item (closed date: today unless --date).
    Close {
        key: String,
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        note: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        date: Option<String>,
    },
    /// Remove a RAID item.
    Rm { key: String },
    /// List RAID items.
    List {
        #[arg(long)]
        kind: Option<String>,
        /// Open items only.
        #[arg(long)]
        open: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum BudgetCommand {
    /// Set the planned amount for a workstream, category and month.
    Set {
        ws: String,
        category: String,
        month: String,
        #[arg(allow_hyphen_values = true)]
        amount: String,
    },
    /// List budget lines.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum SpendCommand {
    /// Record spend; prints its key.
    Add {
        date: String,
        ws: String,
        category: String,
        #[arg(allow_hyphen_values = true)]
        amount: String,
        #[arg(long)]
        vendor: Option<String>,
        #[arg(long = "ref")]
        reference: Option<String>,
        /// committed, accrued, invoiced (default) or paid.
        #[arg(long)]
        status: Option<String>,
    },
    /// Change a spend entry.
    Set {
        key: String,
        #[arg(long, allow_hyphen_values = true)]
        date: Option<String>,
        #[arg(long)]
        ws: Option<String>,
        #[arg(long)]
        category: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        amount: Option<String>,
        #[arg(long)]
        vendor: Option<String>,
        #[arg(long = "ref")]
        reference: Option<String>,
        #[arg(long)]
        status: Option<String>,
    },
    /// Remove a spend entry.
    Rm { key: String },
    /// Import a finance export (CSV: date,workstream,category,amount[,vendor,reference,status]);
    /// all or nothing, rows already present are skipped.
    Import {
        file: PathBuf,
        /// No progress bar.
        #[arg(long)]
        quiet: bool,
        /// Check every line against the program and say what it would import; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// List spend entries.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ChangeCommand {
    /// Propose a change request; prints its key.
    Add {
        title: String,
        #[arg(long)]
        ws: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        budget_delta: Option<String>,
        /// Working days.
        #[arg(long, allow_hyphen_values = true)]
        schedule_delta: Option<String>,
    },
    /// Approve a proposed change request.
    Approve {
        key: String,
        #[arg(long, allow_hyphen_values = true)]
        date: Option<String>,
        /// Budget category for the change's budget delta (default: Change).
        #[arg(long)]
        category: Option<String>,
        /// Budget month YYYY-MM for the delta (default: the decision's month).
        #[arg(long)]
        month: Option<String>,
    },
    /// Reject a proposed change request.
    Reject {
        key: String,
        #[arg(long, allow_hyphen_values = true)]
        date: Option<String>,
    },
    /// Change a proposed change request ("" or none clears a field).
    Set {
        key: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        ws: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        budget_delta: Option<String>,
        /// Working days.
        #[arg(long, allow_hyphen_values = true)]
        schedule_delta: Option<String>,
    },
    /// List change requests.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum DecisionCommand {
    /// Record a decision; prints its key.
    Add {
        title: String,
        #[arg(long)]
        decision: String,
        #[arg(long)]
        rationale: Option<String>,
        #[arg(long)]
        by: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        date: Option<String>,
    },
    /// Correct a recorded decision ("" clears the rationale or who made it).
    Set {
        key: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        decision: Option<String>,
        #[arg(long)]
        rationale: Option<String>,
        #[arg(long)]
        by: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        date: Option<String>,
    },
    /// List decisions.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct NoteArgs {
    /// The workstream (or --program).
    #[arg(required_unless_present = "program", conflicts_with = "program")]
    pub ws: Option<String>,
    /// The program's own note (overall RAG override).
    #[arg(long)]
    pub program: bool,
    /// ISO week like 2026-W05 (default: this week).
    #[arg(long)]
    pub week: Option<String>,
    /// Override the computed RAG: green, amber or red ("none" clears); needs --reason.
    #[arg(long)]
    pub rag: Option<String>,
    #[arg(long)]
    pub reason: Option<String>,
    #[arg(long)]
    pub summary: Option<String>,
    /// An accomplishment; repeat for more.
    #[arg(long)]
    pub done: Vec<String>,
    /// A next step; repeat for more.
    #[arg(long)]
    pub next: Vec<String>,
    /// Replace accomplishment N (from 1): `2="Design signed off"`.
    #[arg(long, value_name = "N=TEXT")]
    pub edit_done: Vec<String>,
    /// Replace next step N: `1="Book trainers"`.
    #[arg(long, value_name = "N=TEXT")]
    pub edit_next: Vec<String>,
    /// Move accomplishment N to position M: `3=1`.
    #[arg(long, value_name = "N=M")]
    pub move_done: Vec<String>,
    /// Move next step N to position M.
    #[arg(long, value_name = "N=M")]
    pub move_next: Vec<String>,
    /// Remove accomplishment N; repeat for more.
    #[arg(long, value_name = "N")]
    pub remove_done: Vec<String>,
    /// Remove next step N; repeat for more.
    #[arg(long, value_name = "N")]
    pub remove_next: Vec<String>,
}

/// The CSV fields `import --help` lists, with the headers each takes without a map.
const IMPORT_HELP: &str = "\
CSV columns are matched to fields by header, in any case; other columns are left out and named.
csv-tasks fields (headers):
  id (ID, Row)  title (Task Name, Name, Title)  workstream (Workstream, WS)
  level (Outline Level, Level)  wbs (WBS, Outline Number: its depth when there is no level)
  duration (Duration: 5, 5d, 2 wks, 16 hrs)  start (Start)  finish (Finish, End, Due)
  predecessors (Predecessors: 3FS+2d, 4SS, PLT-3)  percent (% Complete, Progress)
  owner (Resource Names, Owner, Assigned To)  budget (Cost, Budget)  deadline (Deadline)
  milestone (Milestone: yes/no)
csv-raid fields (headers):
  id (ID, Ref)  title (Title, Risk, Name, Summary)  kind (Type, Kind: risk, assumption, issue,
  dependency; risk when there is no such column)  description  probability (Probability,
  Likelihood: 1-5, Low..Very High, or 30%)  probability_pct (Probability %)  impact (Impact,
  Severity)  owner  status  due (Due, Target Date)  raised  closed  mitigation (Mitigation,
  Action)  response  workstream  cost_impact (Cost Impact)  provider  escalated  tasks
A CSV adds to the program in one change: every bad cell is listed as `line N, column NAME`, a
file with any adds nothing, and `undo` takes a whole import back. A plan imported into a new
database starts a program named after the file.";
