//! Interchange files: the program JSON (SPEC §8), the demo program and the synthetic generator.

pub mod demo;
pub mod generate;
pub mod program_json;
pub mod spend_csv;
pub mod status_md;
