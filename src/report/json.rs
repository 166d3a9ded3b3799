//! JSON: the report as it is, for dashboards.

use super::{Report, escape};

pub fn render(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(report).expect("the report serialises");
    s.push('\n');
    escape::json(s)
}
