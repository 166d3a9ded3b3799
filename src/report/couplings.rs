//! What every human-facing renderer says about co-change across the boundary (`couplings`):
//! the same columns, words and cuts in text, Markdown and HTML. Pending ports come first (the
//! report's order): "ds changed DATE, not ported for N days" in text, "N days, since DATE" in
//! a table's cell.

use super::inline::{Inline, count};
use super::views::{self, Align, columns::Columns};
use super::{Coupling, Report};

use Align::{Left, Right};

/// The pending port right after the pair: it is what a lead reads first.
pub const COLUMNS: Columns<7> = [
    ("DS file", Left),
    ("SE file", Left),
    ("Pending port", Left),
    ("Shared", Right),
    ("Degree", Right),
    ("Port lag, days (median / p90)", Right),
    ("Source", Left),
];

/// `9.0 / 20.0`, or `-` without a completed port.
pub fn lag(c: &Coupling) -> String {
    c.port_lag_days
        .as_ref()
        .map_or_else(|| "-".into(), |l| format!("{:.1} / {:.1}", l.median, l.p90))
}

/// `0.57`.
pub fn degree(c: &Coupling) -> String {
    format!("{:.2}", c.degree)
}

/// "ds changed 2025-04-11, not ported for 230 days", for a pending port.
pub fn pending(c: &Coupling) -> Option<String> {
    let (since, days) = waiting(c)?;
    Some(format!("ds changed {since}, not ported for {days}"))
}

/// "1,522 days, since 2022-06-21": a pending port in a table's cell.
pub fn pending_cell(c: &Coupling) -> Option<String> {
    let (since, days) = waiting(c)?;
    Some(format!("{days}, since {since}"))
}

/// A pending port's first day and "N days".
fn waiting(c: &Coupling) -> Option<(String, String)> {
    let since = views::day(Some(c.pending_since.as_deref()?));
    let days = c.pending_days.unwrap_or(0);
    let unit = if days == 1 { "day" } else { "days" };
    Some((since, format!("{} {unit}", views::num(days))))
}

pub fn pending_ports(r: &Report) -> usize {
    r.couplings
        .iter()
        .filter(|c| c.pending_since.is_some())
        .count()
}

/// "3 pairs of a ds file and an se file change together (change sets: a commit and 14 days
/// after it); 1 pending port: the ds side changed and the se side has not followed."
pub fn line<M: Inline>(r: &Report) -> M {
    let n = r.couplings.len() as u64;
    let pending = pending_ports(r) as u64;
    let mut m = count::<M>(n, "pair", "pairs")
        .bold()
        .then(" of a ds-side file and an se-side file change together (change sets: a commit and the ")
        .and(M::num(r.settings.coupling.window_days.into()))
        .then(" days after it)");
    m = if pending > 0 {
        m.then("; ")
            .and(count::<M>(pending, "pending port", "pending ports").bold())
            .then(": the ds side changed and the se side has not followed.")
    } else {
        m.then("; no pending port.")
    };
    m
}
