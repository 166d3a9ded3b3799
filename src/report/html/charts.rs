//! Trend charts: inline SVG line and bar charts of the timeline's rows (the last
//! [`PERIODS`] period ends), drawn here so that the page needs no script for them. Each point
//! has a tooltip with its value; a missing value is a gap in the line.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write;

use super::markup::{Html, Inline};
use crate::report::Report;
use crate::report::timeline::{Scope, TimelineRow};
use crate::report::views;

/// Period ends shown at most (the last ones).
pub const PERIODS: usize = 24;
/// Lines in one chart at most.
const SERIES: usize = 8;
/// Dashes after the first line, so that lines on the same values stay apart: the first is
/// wide and solid, the others thin and dashed over it.
const DASHES: [&str; SERIES] = ["", "6 3", "2 3", "8 3 2 3", "4 2", "1 2", "10 4", "3 3 1 3"];
const COLOURS: [&str; SERIES] = [
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
];

const W: f64 = 460.0;
const H: f64 = 200.0;
const LEFT: f64 = 46.0;
const RIGHT: f64 = 22.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 24.0;

struct Series {
    label: String,
    values: Vec<Option<f64>>,
    /// The colour of a role (as the page's role bars have it); else the next of [`COLOURS`].
    colour: Option<&'static str>,
}

/// The colours of the role bars (style.css), so that a role looks the same everywhere.
fn role_colour(role: &str) -> Option<&'static str> {
    Some(match role {
        "ds" => "#7b3294",
        "se" => "#008837",
        "mixed" => "#f1a340",
        "unknown" => "#8c8c8c",
        _ => return None,
    })
}

struct Chart {
    title: &'static str,
    note: &'static str,
    series: Vec<Series>,
    percent: bool,
    bars: bool,
}

/// The trends section's body: the charts, or one line saying why there are none.
pub fn trends(r: &Report, rows: &[TimelineRow]) -> Html {
    let periods: Vec<&str> = {
        let all: BTreeSet<&str> = rows.iter().map(|r| r.period_end.as_str()).collect();
        let skip = all.len().saturating_sub(PERIODS);
        all.into_iter().skip(skip).collect()
    };
    if periods.is_empty() {
        return Html::lit(
            "No trend yet: the history is shorter than one period, or the timeline was not \
             computed for this report.",
        )
        .wrap("p", "note");
    }
    let at: HashMap<&str, usize> = periods.iter().enumerate().map(|(i, p)| (*p, i)).collect();
    let mut values: BTreeMap<(Scope, &str, &str), Vec<Option<f64>>> = BTreeMap::new();
    for row in rows {
        if let Some(&i) = at.get(row.period_end.as_str()) {
            values
                .entry((row.scope, row.name.as_str(), row.metric.as_str()))
                .or_insert_with(|| vec![None; periods.len()])[i] = row.value;
        }
    }
    let series = |scope: Scope, name: &str, metric: &str, label: &str| -> Option<Series> {
        let v = values.get(&(scope, name, metric))?;
        v.iter().any(Option::is_some).then(|| Series {
            label: label.to_owned(),
            values: v.clone(),
            colour: metric.strip_prefix("role_share.").and_then(role_colour),
        })
    };
    let repo = |metric: &str, label: &str| series(Scope::Repository, "repository", metric, label);

    let mut bus = vec![repo("bus_factor", "repository")];
    for a in r.areas.iter().filter(|a| a.side.is_some()) {
        bus.push(series(Scope::Area, &a.name, "bus_factor", &a.name));
    }
    let roles: BTreeSet<&str> = rows
        .iter()
        .filter(|r| r.scope == Scope::Repository)
        .filter_map(|r| r.metric.strip_prefix("role_share."))
        .collect();
    let per = per_period(rows);
    let charts = [
        Chart {
            title: "Bus factor",
            note: "the repository and each area with a side",
            series: bus.into_iter().flatten().collect(),
            percent: false,
            bars: false,
        },
        Chart {
            title: "Orphaned and untouched files",
            note: "share of all files: no active author; no change in the stale period",
            series: [
                repo("orphaned_share", "orphaned"),
                repo("untouched_share", "untouched"),
            ]
            .into_iter()
            .flatten()
            .collect(),
            percent: true,
            bars: false,
        },
        Chart {
            title: "Contributors",
            note: "active at each period end; first and last change in the period",
            series: [
                repo("active_contributors", "active"),
                repo("new_contributors", "new"),
                repo("departures", "departed"),
            ]
            .into_iter()
            .flatten()
            .collect(),
            percent: false,
            bars: false,
        },
        Chart {
            title: "DS/SE crossings",
            note: per,
            series: repo("crossings", "crossings").into_iter().collect(),
            percent: false,
            bars: true,
        },
        Chart {
            title: "Changes by role",
            note: "share of the period's changes made by each role",
            series: roles
                .iter()
                .filter_map(|role| repo(&format!("role_share.{role}"), role))
                .collect(),
            percent: true,
            bars: false,
        },
        Chart {
            title: "Lines only inactive people know",
            note: "lines of files whose every author is inactive",
            series: repo("inactive_only_lines", "lines").into_iter().collect(),
            percent: false,
            bars: false,
        },
    ];
    let first: String = periods[0].chars().take(7).collect();
    let last: String = periods[periods.len() - 1].chars().take(7).collect();
    let mut out = Html::lit("Period ends ")
        .and(Html::text(&first))
        .then(" to ")
        .and(Html::text(&last))
        .then(" (")
        .and(Html::num(periods.len() as u64))
        .then(" points); hover a point for its value.")
        .wrap("p", "note");
    let mut grid = Html::default();
    for c in charts.iter().filter(|c| !c.series.is_empty()) {
        grid = grid.and(chart(c, &periods));
    }
    out = out.and(grid.wrap("div", "charts"));
    out
}

/// "per month" when every row's period is a calendar month, else "per period".
fn per_period(rows: &[TimelineRow]) -> &'static str {
    let monthly = rows.iter().all(|r| {
        r.period_start.ends_with("-01") && r.period_start.get(..7) == r.period_end.get(..7)
    });
    if monthly {
        "changes by people of the other side, per month"
    } else {
        "changes by people of the other side, per period"
    }
}

fn chart(c: &Chart, periods: &[&str]) -> Html {
    let series = &c.series[..c.series.len().min(SERIES)];
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .fold(0.0f64, |m, v| m.max(*v));
    let (step, top) = scale(max, c.percent);
    let n = periods.len();
    let pw = W - LEFT - RIGHT;
    let ph = H - TOP - BOTTOM;
    let x = |i: usize| LEFT + (i as f64 + 0.5) * pw / n as f64;
    let y = |v: f64| TOP + ph - v / top * ph;
    let label = |v: f64| {
        if c.percent {
            if step < 0.01 {
                format!("{:.1}%", v * 100.0)
            } else {
                format!("{:.0}%", v * 100.0)
            }
        } else if v.fract() == 0.0 {
            views::num(v as u64)
        } else {
            format!("{v:.2}")
        }
    };

    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{}\">",
        c.title
    );
    // grid and y labels
    let mut v = 0.0;
    while v <= top + step / 2.0 {
        let _ = write!(
            svg,
            "<line class=\"grid\" x1=\"{LEFT}\" x2=\"{}\" y1=\"{yv:.1}\" y2=\"{yv:.1}\"/>\
             <text class=\"ylab\" x=\"{}\" y=\"{:.1}\">{}</text>",
            W - RIGHT,
            LEFT - 4.0,
            y(v) + 3.5,
            label(v),
            yv = y(v),
        );
        v += step;
    }
    // x labels: at most 6
    let every = n.div_ceil(6);
    for (i, p) in periods.iter().enumerate() {
        if (n - 1 - i).is_multiple_of(every) {
            let month: String = p.chars().take(7).collect();
            let _ = write!(
                svg,
                "<text class=\"xlab\" x=\"{:.1}\" y=\"{}\">{}</text>",
                x(i),
                H - 8.0,
                Html::text(&month)
            );
        }
    }
    for (k, s) in series.iter().enumerate() {
        let colour = s.colour.unwrap_or(COLOURS[k]);
        let name = Html::text(&s.label);
        if c.bars {
            let bw = (pw / n as f64 * 0.7).max(1.0);
            for (i, v) in s.values.iter().enumerate() {
                let Some(v) = v else { continue };
                let _ = write!(
                    svg,
                    "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{bw:.1}\" height=\"{:.1}\" fill=\"{colour}\">\
                     <title>{}: {}</title></rect>",
                    x(i) - bw / 2.0,
                    y(*v),
                    (y(0.0) - y(*v)).max(0.0),
                    Html::text(periods[i]),
                    label(*v),
                );
            }
            continue;
        }
        let mut d = String::new();
        let mut pen_down = false;
        for (i, v) in s.values.iter().enumerate() {
            match v {
                Some(v) => {
                    let _ = write!(
                        d,
                        "{}{:.1} {:.1}",
                        if pen_down { " L" } else { " M" },
                        x(i),
                        y(*v)
                    );
                    pen_down = true;
                }
                None => pen_down = false,
            }
        }
        let (width, dash) = stroke(k, series.len());
        let _ = write!(
            svg,
            "<path d=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{width}\"{dash}/>",
            d.trim_start()
        );
        for (i, v) in s.values.iter().enumerate() {
            let Some(v) = v else { continue };
            let _ = write!(
                svg,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.5\" fill=\"{colour}\">\
                 <title>{name} {}: {}</title></circle>",
                x(i),
                y(*v),
                Html::text(periods[i]),
                label(*v),
            );
        }
    }
    svg.push_str("</svg>");

    let legend = Html::join(
        series.iter().enumerate().map(|(k, s)| {
            let colour = s.colour.unwrap_or(COLOURS[k]);
            let swatch = if c.bars {
                format!("<i style=\"background:{colour}\"></i>")
            } else {
                let (width, dash) = stroke(k, series.len());
                format!(
                    "<svg class=\"swatch\" viewBox=\"0 0 24 10\"><line x1=\"0\" x2=\"24\" y1=\"5\" \
                     y2=\"5\" stroke=\"{colour}\" stroke-width=\"{width}\"{dash}/></svg>"
                )
            };
            Html::generated(format!(
                "<span class=\"key\">{swatch}{}</span>",
                Html::text(&crate::report::markdown::cut(&s.label, 40))
            ))
        }),
        " ",
    );
    let more = if c.series.len() > SERIES {
        Html::lit(" (")
            .and(Html::num((c.series.len() - SERIES) as u64))
            .then(" more not drawn)")
    } else {
        Html::default()
    };
    Html::lit(c.title)
        .wrap("h3", "")
        .and(Html::lit(c.note).wrap("p", "note"))
        .and(Html::generated(svg))
        .and(legend.and(more).wrap("div", "legend"))
        .wrap("figure", "")
}

/// The width and dashes of the `k`th of `n` lines.
fn stroke(k: usize, n: usize) -> (&'static str, String) {
    let width = if k == 0 && n > 1 { "3.5" } else { "2" };
    let dash = match DASHES[k] {
        "" => String::new(),
        d => format!(" stroke-dasharray=\"{d}\""),
    };
    (width, dash)
}

/// The step between grid lines and the top of the axis: 1, 2, 2.5 or 5 times a power of ten,
/// about four steps up to `max` (whole steps for counts).
fn scale(max: f64, percent: bool) -> (f64, f64) {
    if max <= 0.0 {
        return if percent { (0.25, 1.0) } else { (1.0, 4.0) };
    }
    let rough = max / 4.0;
    let mag = 10f64.powf(rough.log10().floor());
    let mut step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * mag);
    if !percent {
        step = step.max(1.0).ceil();
    }
    (step, step * (max / step).ceil())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testkit::huge;

    fn row(end: &str, scope: Scope, name: &str, metric: &str, v: Option<f64>) -> TimelineRow {
        let start = format!("{}-01", &end[..7]);
        TimelineRow::new((&start, end), "abc", (scope, name), metric, v)
    }

    fn months(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| format!("{}-{:02}-28", 2020 + i / 12, i % 12 + 1))
            .collect()
    }

    #[test]
    fn no_rows_say_so() {
        let h = trends(&huge(1, 1), &[]);
        assert!(h.as_str().contains("No trend yet"));
        assert!(!h.as_str().contains("<svg"));
    }

    #[test]
    fn the_last_periods_are_charted_with_gaps() {
        let r = huge(1, 1);
        let mut rows = Vec::new();
        for (i, end) in months(30).iter().enumerate() {
            let bus = (i != 27).then_some(i as f64 % 4.0);
            rows.push(row(end, Scope::Repository, "repository", "bus_factor", bus));
            rows.push(row(end, Scope::Area, "area-0", "bus_factor", Some(2.0)));
            rows.push(row(
                end,
                Scope::Repository,
                "repository",
                "crossings",
                Some(3.0),
            ));
            rows.push(row(
                end,
                Scope::Repository,
                "repository",
                "role_share.ds",
                Some(0.25),
            ));
        }
        let h = trends(&r, &rows);
        let s = h.as_str();
        assert!(s.contains("2020-07 to 2022-06 (24 points)"), "{s}");
        assert!(!s.contains(">2020-06<"), "older periods are left out");
        // one gap: the repository's line is two pieces
        let repo_path = s.split("<path d=\"").nth(1).unwrap();
        assert_eq!(repo_path.split('"').next().unwrap().matches('M').count(), 2);
        assert!(s.contains("per month"));
        assert!(s.contains("<title>2022-06-28: 3</title>"), "a bar's value");
        assert!(s.contains("Changes by role") && s.contains("25%"));
        assert!(
            !s.contains("Contributors</h3>"),
            "a chart without data is left out"
        );
    }

    #[test]
    fn names_in_charts_are_escaped() {
        let mut r = huge(1, 1);
        r.areas[0].name = "<script>x</script>".into();
        let rows = [row(
            "2024-01-31",
            Scope::Area,
            "<script>x</script>",
            "bus_factor",
            Some(1.0),
        )];
        let s = trends(&r, &rows).as_str().to_owned();
        assert!(!s.contains("<script>"));
        assert!(s.contains("&lt;script&gt;x&lt;/script&gt;"));
    }

    #[test]
    fn scales_are_round() {
        assert_eq!(scale(7.0, false), (2.0, 8.0));
        assert_eq!(scale(1.0, false), (1.0, 1.0));
        assert_eq!(scale(0.3, true), (0.1, 0.30000000000000004));
        assert_eq!(scale(0.0, true), (0.25, 1.0));
        assert_eq!(scale(1234.0, false), (500.0, 1500.0));
    }
}
