//! Pure computations over plain data: no SQL, no terminal.

pub mod budget;
pub mod evm;
pub mod forecast;
pub mod graph;
pub mod rag;
pub mod schedule;
pub mod status;
