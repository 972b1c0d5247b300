//! Pure computations over plain data: no SQL, no terminal.

pub mod schedule;
