//! milepost: a terminal workbench for assistant program managers.
//!
//! One SQLite file holds a program's schedule, RAID log, budget ledger, decisions, change
//! requests and weekly status. The layers, bottom up: [`domain`] (plain types and validation),
//! [`engine`] (pure computations), [`store`] (the only place with SQL), [`ops`] (every change to
//! data passes through `ops::execute`), [`io`] (interchange files) and [`cli`].

pub mod cli;
pub mod domain;
pub mod engine;
pub mod error;
pub mod io;
pub mod ops;
pub mod store;
pub mod tui;
