//! Pieces the screens are drawn from: the text input of every field and line, the paged table
//! with columns that fit, and the three charts.

pub mod burn;
pub mod gantt;
pub mod heatmap;
pub mod table;
pub mod text_input;
