//! Exporters: turn parsed values into bytes; the caller decides where they go.

pub mod csv;
pub mod json;

pub use json::{JsonWriter, JsonlWriter};
