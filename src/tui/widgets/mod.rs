//! Pieces the screens are drawn from: the text input of every field and line, the paged table
//! with columns that fit, the three charts and the Status tab's workspace.

pub mod burn;
pub mod gantt;
pub mod heatmap;
pub mod table;
pub mod text_input;
pub mod workspace;
