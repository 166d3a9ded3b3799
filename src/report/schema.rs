//! The JSON Schemas (draft 2020-12) of the JSON outputs, generated from the report types, so
//! that a schema cannot drift from what the renderers write. `mlowners schema NAME` prints them;
//! the same text is committed under `schema/NAME.json` (a test keeps the two equal).

use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use schemars::{JsonSchema, Schema};

use super::Report;
use super::pr::PrReport;
use super::timeline::TimelineRow;

/// An output with a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// `scan --format json`.
    Scan,
    /// `pr --format json`.
    Pr,
    /// `timeline --format json`: an array of rows (each line of `--format jsonl` is one row,
    /// `#/$defs/TimelineRow`).
    Timeline,
}

impl Output {
    pub const ALL: [Output; 3] = [Output::Scan, Output::Pr, Output::Timeline];

    /// The name on the command line and of the committed file (`schema/NAME.json`).
    pub fn name(self) -> &'static str {
        match self {
            Output::Scan => "scan",
            Output::Pr => "pr",
            Output::Timeline => "timeline",
        }
    }
}

/// The schema as a JSON value.
pub fn schema(output: Output) -> Schema {
    match output {
        Output::Scan => root::<Report>(),
        Output::Pr => root::<PrReport>(),
        Output::Timeline => {
            let mut s = root::<Vec<TimelineRow>>();
            s.insert("title".into(), "Timeline".into());
            s.insert(
                "description".into(),
                "The rows of `mlowners timeline --format json`, in period order. Each line of \
                 `--format jsonl` is one row: `#/$defs/TimelineRow`. (`--wide` pivots the \
                 metrics into columns and is not described here.)"
                    .into(),
            );
            s
        }
    }
}

/// The schema as it is printed and committed: pretty JSON and a final newline.
pub fn text(output: Output) -> String {
    let mut s = serde_json::to_string_pretty(&schema(output)).expect("a schema serialises");
    s.push('\n');
    s
}

/// What the renderers write, not what a reader may omit: every field is required (an absent
/// value is `null`), and `Option` fields take `null`.
fn root<T: JsonSchema>() -> Schema {
    SchemaSettings::draft2020_12()
        .for_serialize()
        .with_transform(RecursiveTransform(unwrap_description))
        .into_generator()
        .into_root_schema_for::<T>()
}

/// A doc comment's lines are wrapped at 100 columns; a description is one line per paragraph.
fn unwrap_description(schema: &mut Schema) {
    if let Some(serde_json::Value::String(d)) = schema.get_mut("description") {
        *d = d
            .split("\n\n")
            .map(|p| p.split('\n').map(str::trim).collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>()
            .join("\n\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_is_draft_2020_12() {
        for o in Output::ALL {
            let s = schema(o);
            assert_eq!(
                s.get("$schema").and_then(|v| v.as_str()),
                Some("https://json-schema.org/draft/2020-12/schema"),
                "{}",
                o.name()
            );
        }
    }

    #[test]
    fn timeline_is_an_array_of_rows() {
        let s = schema(Output::Timeline);
        assert_eq!(s.get("type").unwrap(), "array");
        assert_eq!(s.get("items").unwrap()["$ref"], "#/$defs/TimelineRow");
        let row = &s.get("$defs").unwrap()["TimelineRow"];
        assert_eq!(
            row["properties"]["value"]["type"],
            serde_json::json!(["number", "null"])
        );
        assert!(
            row["description"]
                .as_str()
                .unwrap()
                .contains("`mlowners timeline --format json`"),
            "doc lines are joined: {}",
            row["description"]
        );
    }
}
