//! Every JSON output the tests parse goes through one helper per kind of output, which validates
//! it against its committed schema (`schema/NAME.json`, draft 2020-12), so the schemas are
//! checked against everything the suite produces. `tests/schema.rs` keeps the committed files
//! equal to what `mlowners schema NAME` generates.
//!
//! Outputs without a schema (`identities` and `codeowners` JSON, timeline `--wide`) go through
//! [`unvalidated_json`].

use std::path::Path;
use std::sync::OnceLock;

use jsonschema::Validator;
use serde_json::Value;

/// A JSON output with a committed schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `scan --format json`: `schema/scan.json`.
    Scan,
    /// `pr --format json`: `schema/pr.json`.
    Pr,
    /// `timeline --format json` (an array of rows): `schema/timeline.json`.
    Timeline,
    /// One row (a line of `timeline --format jsonl`): `schema/timeline.json#/$defs/TimelineRow`.
    TimelineRow,
}

impl Kind {
    fn file(self) -> &'static str {
        match self {
            Kind::Scan => "scan",
            Kind::Pr => "pr",
            Kind::Timeline | Kind::TimelineRow => "timeline",
        }
    }
}

/// The committed schema of an output, as JSON.
pub fn committed_schema(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schema")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}{}", path.display(), regenerate(name)));
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not JSON ({e}){}", path.display(), regenerate(name)))
}

fn regenerate(name: &str) -> String {
    format!(
        "\nregenerate it from the report types with: cargo run -- schema {name} > schema/{name}.json"
    )
}

fn validator(kind: Kind) -> &'static Validator {
    static VALIDATORS: [OnceLock<Validator>; 4] = [const { OnceLock::new() }; 4];
    VALIDATORS[kind as usize].get_or_init(|| {
        let mut schema = committed_schema(kind.file());
        if kind == Kind::TimelineRow {
            let root = schema.as_object_mut().expect("a schema object");
            root.remove("type");
            root.remove("items");
            root.insert("$ref".into(), "#/$defs/TimelineRow".into());
        }
        jsonschema::draft202012::new(&schema)
            .unwrap_or_else(|e| panic!("schema/{}.json is no valid schema: {e}", kind.file()))
    })
}

/// Panics, naming every violation, when `value` does not match the schema of `kind`.
pub fn validate(kind: Kind, value: &Value) {
    let errors: Vec<String> = validator(kind)
        .iter_errors(value)
        .take(20)
        .map(|e| {
            format!(
                "  at `{}`: {e} (schema: {})",
                e.instance_path(),
                e.schema_path()
            )
        })
        .collect();
    if !errors.is_empty() {
        let mut shown = serde_json::to_string_pretty(value).unwrap();
        if shown.len() > 4000 {
            let mut cut = 4000;
            while !shown.is_char_boundary(cut) {
                cut -= 1;
            }
            shown.truncate(cut);
            shown.push_str("\n…");
        }
        panic!(
            "the {kind:?} output does not match schema/{}.json:\n{}\n(if the report types changed \
             on purpose: cargo run -- schema {} > schema/{}.json)\n{shown}",
            kind.file(),
            errors.join("\n"),
            kind.file(),
            kind.file(),
        );
    }
}

/// JSON that has no schema (`identities`, `codeowners`, timeline `--wide`), parsed only.
pub fn unvalidated_json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}):\n{}",
            String::from_utf8_lossy(&bytes[..bytes.len().min(4000)])
        )
    })
}

fn parse_and_validate(kind: Kind, bytes: &[u8]) -> Value {
    let value = unvalidated_json(bytes);
    validate(kind, &value);
    value
}

/// A `scan --format json` report, parsed and validated against `schema/scan.json`.
pub fn scan_report(bytes: &[u8]) -> Value {
    parse_and_validate(Kind::Scan, bytes)
}

/// A `pr --format json` report, parsed and validated against `schema/pr.json`.
pub fn pr_report(bytes: &[u8]) -> Value {
    parse_and_validate(Kind::Pr, bytes)
}

/// `timeline --format json` (an array of rows), parsed and validated against
/// `schema/timeline.json`.
pub fn timeline_json(bytes: &[u8]) -> Value {
    parse_and_validate(Kind::Timeline, bytes)
}

/// `timeline --format jsonl`: each line parsed and validated as one row.
pub fn timeline_jsonl(bytes: &[u8]) -> Vec<Value> {
    let text = std::str::from_utf8(bytes).expect("JSON Lines are UTF-8");
    text.lines()
        .map(|line| parse_and_validate(Kind::TimelineRow, line.as_bytes()))
        .collect()
}

/// The output of `mlowners ARGS` parsed by the helper for its kind: `scan` and `pr` reports and
/// timeline rows (a JSON array, or JSON Lines as an array) are validated; other outputs are
/// parsed only.
pub fn output_json(args: &[&str], bytes: &[u8]) -> Value {
    match args.first().copied() {
        Some("scan") => scan_report(bytes),
        Some("pr") => pr_report(bytes),
        Some("timeline") if !args.contains(&"--wide") => {
            if bytes.trim_ascii_start().starts_with(b"[") {
                timeline_json(bytes)
            } else {
                Value::Array(timeline_jsonl(bytes))
            }
        }
        _ => unvalidated_json(bytes),
    }
}

/// Whether `value` matches the schema of `kind` (for tests of the schemas themselves).
pub fn is_valid(kind: Kind, value: &Value) -> bool {
    validator(kind).is_valid(value)
}
