//! The timeline's output: long rows (one metric of one scope at one period end), and their
//! renderings for warehouses (JSON Lines), Grafana and Superset (a JSON array, CSV) and alerting
//! (`--wide`: one row per period and scope, one column per metric).

use std::collections::BTreeSet;

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Map, Value};

use super::SCHEMA_VERSION;

/// One metric of one scope, as of the end of one period: an element of `mlowners timeline
/// --format json`, and one line of `--format jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct TimelineRow {
    /// 1, as in the scan report.
    #[schemars(extend("const" = SCHEMA_VERSION))]
    pub schema_version: u32,
    /// The period's first day (UTC, `YYYY-MM-DD`).
    pub period_start: String,
    /// The period's last day (UTC, `YYYY-MM-DD`): the state is that of `scan --as-of` this day,
    /// its end (23:59:59 UTC) being the reference time.
    pub period_end: String,
    /// The last first-parent commit of the head at or before the period's end.
    pub as_of_commit: String,
    /// What `name` names: the whole repository, an area, or a side.
    pub scope: Scope,
    /// `repository` for the repository scope; the area's or the side's name otherwise.
    pub name: String,
    /// The metric's name (`bus_factor`, `files`, …).
    pub metric: String,
    /// `null` where the metric has no value (the bus factor or a share of a scope with no files).
    /// Counts are written as integers.
    #[serde(serialize_with = "integral")]
    pub value: Option<f64>,
}

/// The kind of scope a row describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Repository,
    Area,
    Side,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Repository => "repository",
            Scope::Area => "area",
            Scope::Side => "side",
        }
    }
}

impl TimelineRow {
    pub fn new(
        period: (&str, &str),
        as_of_commit: &str,
        scope: (Scope, &str),
        metric: &str,
        value: Option<f64>,
    ) -> Self {
        TimelineRow {
            schema_version: SCHEMA_VERSION,
            period_start: period.0.to_owned(),
            period_end: period.1.to_owned(),
            as_of_commit: as_of_commit.to_owned(),
            scope: scope.0,
            name: scope.1.to_owned(),
            metric: metric.to_owned(),
            value,
        }
    }
}

/// One JSON object per line.
pub fn jsonl(rows: &[TimelineRow]) -> String {
    let mut out = String::new();
    for row in rows {
        out.push_str(&serde_json::to_string(row).expect("rows serialise"));
        out.push('\n');
    }
    out
}

/// One JSON array.
pub fn json(rows: &[TimelineRow]) -> String {
    let mut out = serde_json::to_string_pretty(rows).expect("rows serialise");
    out.push('\n');
    out
}

const KEY_COLUMNS: [&str; 6] = [
    "schema_version",
    "period_start",
    "period_end",
    "as_of_commit",
    "scope",
    "name",
];

/// CSV (RFC 4180): a header, then one line per row; an absent value is an empty field.
pub fn csv(rows: &[TimelineRow]) -> String {
    let mut out = String::new();
    let header: Vec<&str> = KEY_COLUMNS
        .iter()
        .copied()
        .chain(["metric", "value"])
        .collect();
    push_line(&mut out, header.iter().map(|h| h.to_string()));
    for r in rows {
        push_line(
            &mut out,
            keys(r)
                .into_iter()
                .chain([r.metric.clone(), number(r.value)]),
        );
    }
    out
}

/// The rows pivoted: one per (period, scope, name), one field per metric (in first-seen order
/// of the metrics, so every line has the same columns).
pub fn wide(rows: &[TimelineRow]) -> Vec<Map<String, Value>> {
    let mut out: Vec<Map<String, Value>> = Vec::new();
    let mut last: Option<(String, Scope, String)> = None;
    let metrics = metric_names(rows);
    for r in rows {
        let key = (r.period_end.clone(), r.scope, r.name.clone());
        if last.as_ref() != Some(&key) {
            let mut m = Map::new();
            for (k, v) in KEY_COLUMNS.iter().zip(keys(r)) {
                let v = if *k == "schema_version" {
                    Value::from(r.schema_version)
                } else {
                    Value::from(v)
                };
                m.insert((*k).to_owned(), v);
            }
            for name in &metrics {
                m.insert(name.clone(), Value::Null);
            }
            out.push(m);
            last = Some(key);
        }
        let row = out.last_mut().expect("a row was pushed");
        row.insert(r.metric.clone(), value(r.value));
    }
    out
}

/// `--wide` as CSV: the key columns, then one column per metric.
pub fn wide_csv(rows: &[TimelineRow]) -> String {
    let metrics = metric_names(rows);
    let mut out = String::new();
    let header = KEY_COLUMNS
        .iter()
        .map(|s| s.to_string())
        .chain(metrics.iter().cloned());
    push_line(&mut out, header);
    for m in wide(rows) {
        let fields = KEY_COLUMNS
            .iter()
            .map(|k| k.to_string())
            .chain(metrics.iter().cloned())
            .map(|k| match &m[&k] {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                v => v.to_string(),
            });
        push_line(&mut out, fields);
    }
    out
}

pub fn wide_jsonl(rows: &[TimelineRow]) -> String {
    let mut out = String::new();
    for m in wide(rows) {
        out.push_str(&serde_json::to_string(&m).expect("rows serialise"));
        out.push('\n');
    }
    out
}

pub fn wide_json(rows: &[TimelineRow]) -> String {
    let mut out = serde_json::to_string_pretty(&wide(rows)).expect("rows serialise");
    out.push('\n');
    out
}

fn metric_names(rows: &[TimelineRow]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    rows.iter()
        .filter(|r| seen.insert(r.metric.as_str()))
        .map(|r| r.metric.clone())
        .collect()
}

fn keys(r: &TimelineRow) -> Vec<String> {
    vec![
        r.schema_version.to_string(),
        r.period_start.clone(),
        r.period_end.clone(),
        r.as_of_commit.clone(),
        r.scope.as_str().to_owned(),
        r.name.clone(),
    ]
}

/// A whole number as an integer (`3`, not `3.0`), so that counts read as counts.
fn value(v: Option<f64>) -> Value {
    match v {
        None => Value::Null,
        Some(v) if v.fract() == 0.0 && v.abs() < 2f64.powi(53) => Value::from(v as i64),
        Some(v) => Value::from(v),
    }
}

fn integral<S: serde::Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    value(*v).serialize(s)
}

/// Numbers as JSON writes them, so CSV and JSON agree.
fn number(v: Option<f64>) -> String {
    v.map_or(String::new(), |v| value(Some(v)).to_string())
}

fn push_line(out: &mut String, fields: impl Iterator<Item = String>) {
    let mut first = true;
    for f in fields {
        if !first {
            out.push(',');
        }
        first = false;
        out.push_str(&csv_field(&f));
    }
    out.push_str("\r\n");
}

/// A field quoted when it holds a comma, quote or line break; a leading `=`, `+`, `-` or `@`
/// (spreadsheet formula injection, from an area name) is prefixed with `'`.
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '@']) || (s.starts_with('-') && s.parse::<f64>().is_err()) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(end: &str, scope: Scope, name: &str, metric: &str, value: Option<f64>) -> TimelineRow {
        TimelineRow::new(("2026-01-01", end), "abc", (scope, name), metric, value)
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let rows = [row(
            "2026-01-31",
            Scope::Area,
            "=HYPERLINK(\"x\"),y",
            "files",
            Some(3.0),
        )];
        let text = csv(&rows);
        assert!(
            text.contains("\"'=HYPERLINK(\"\"x\"\"),y\",files,3\r\n"),
            "{text}"
        );
    }

    #[test]
    fn wide_pivots_one_row_per_period_and_scope() {
        let rows = [
            row(
                "2026-01-31",
                Scope::Repository,
                "repository",
                "files",
                Some(3.0),
            ),
            row(
                "2026-01-31",
                Scope::Repository,
                "repository",
                "bus_factor",
                None,
            ),
            row(
                "2026-02-28",
                Scope::Repository,
                "repository",
                "files",
                Some(4.0),
            ),
        ];
        let w = wide(&rows);
        assert_eq!(w.len(), 2);
        assert_eq!(w[0]["files"], Value::from(3));
        assert_eq!(w[0]["bus_factor"], Value::Null);
        assert_eq!(w[1]["bus_factor"], Value::Null);
        assert_eq!(
            wide_csv(&rows).lines().next().unwrap(),
            "schema_version,period_start,period_end,as_of_commit,scope,name,files,bus_factor"
        );
    }

    #[test]
    fn integers_print_without_a_fraction() {
        assert_eq!(number(Some(3.0)), "3");
        assert_eq!(number(Some(0.25)), "0.25");
        assert_eq!(number(None), "");
    }
}
