//! The terminal report: what a team lead reads, in 100 columns.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::Report;

mod team_shape;
use super::escape::terminal;
use super::views::{self, num, pct};

pub struct TextOptions {
    pub color: bool,
    /// Show every row instead of the first few of each list.
    pub all: bool,
}

struct Out {
    s: String,
    color: bool,
}

impl Out {
    fn line(&mut self, text: impl AsRef<str>) {
        self.s.push_str(text.as_ref());
        self.s.push('\n');
    }
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
    fn heading(&mut self, text: &str) {
        self.line("");
        let h = self.paint("1", text);
        self.line(h);
    }
    fn more(&mut self, shown: usize, total: usize) {
        if total > shown {
            self.line(format!(
                "  … {} more (--all shows every row)",
                total - shown
            ));
        }
    }
}

/// Columns the text takes on a terminal: CJK characters and emoji take two.
fn width_of(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// The longest prefix of `s` that fits in `width` columns.
fn take_width(s: &str, width: usize) -> &str {
    let mut used = 0;
    for (i, c) in s.char_indices() {
        used += UnicodeWidthChar::width(c).unwrap_or(0);
        if used > width {
            return &s[..i];
        }
    }
    s
}

/// The longest suffix of `s` that fits in `width` columns.
fn take_width_end(s: &str, width: usize) -> &str {
    let mut used = 0;
    for (i, c) in s.char_indices().rev() {
        used += UnicodeWidthChar::width(c).unwrap_or(0);
        if used > width {
            return &s[i + c.len_utf8()..];
        }
    }
    s
}

/// Escaped, then cut to `width` columns with an ellipsis.
fn fit(s: &str, width: usize) -> String {
    let s = terminal(s);
    if width_of(&s) <= width {
        return s;
    }
    let mut t = take_width(&s, width.saturating_sub(1)).to_owned();
    t.push('…');
    t
}

/// "1 file", "2 files".
fn count(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", num(n), if n == 1 { one } else { many })
}

/// Paths keep their end, which names the file: `cognitive/…/speech/Speech.scala`.
fn fit_path(s: &str, width: usize) -> String {
    let s = terminal(s);
    if width_of(&s) <= width {
        return s;
    }
    let head = take_width(&s, width / 3);
    let tail = take_width_end(&s, width - width_of(head) - 1);
    format!("{head}…{tail}")
}

/// Pads with spaces to exactly `width` columns (a cut wide character leaves one column).
fn fill(s: String, width: usize) -> String {
    let n = width_of(&s);
    format!("{s}{}", " ".repeat(width.saturating_sub(n)))
}

fn pad_path(s: &str, width: usize) -> String {
    fill(fit_path(s, width), width)
}

/// The first person and how many more: `ana@x.org +2`.
fn people(ids: &[String], width: usize) -> String {
    match ids {
        [] => String::new(),
        [one] => fit(one, width),
        [first, rest @ ..] => {
            let more = format!(" +{}", rest.len());
            format!("{}{more}", fit(first, width - width_of(&more)))
        }
    }
}

fn pad(s: &str, width: usize) -> String {
    fill(fit(s, width), width)
}

fn bus(b: Option<u32>) -> String {
    b.map_or_else(|| "-".into(), |v| v.to_string())
}

fn date(t: &Option<String>) -> String {
    views::day(t.as_deref())
}

pub fn render(r: &Report, opts: &TextOptions) -> String {
    let mut o = Out {
        s: String::new(),
        color: opts.color,
    };
    headline(&mut o, r);
    areas(&mut o, r);
    boundary(&mut o, r, opts.all);
    couplings(&mut o, r, opts.all);
    team_shape::render(&mut o, r, opts.all);
    knowledge(&mut o, r, opts.all);
    silos(&mut o, r, opts.all);
    untouched(&mut o, r, opts.all);
    contributors(&mut o, r, opts.all);
    o.s
}

fn headline(o: &mut Out, r: &Report) {
    let repo = &r.repository;
    o.line(format!(
        "{} at {} ({}): {}, {} skipped, {} excluded",
        o.paint("1", "mlowners"),
        &repo.head[..repo.head.len().min(12)],
        date(&Some(repo.reference_time.clone())),
        count(repo.commits_analyzed, "commit", "commits"),
        count(repo.merges_skipped, "merge", "merges"),
        count(repo.bot_commits_excluded, "bot commit", "bot commits"),
    ));
    if repo.shallow {
        o.line(o.paint("33", "shallow clone: history is cut, numbers are partial"));
    }
    let s = &r.summary;
    let bf = match s.bus_factor {
        Some(1) | Some(0) => o.paint("1;31", &bus(s.bus_factor)),
        _ => o.paint("1", &bus(s.bus_factor)),
    };
    let named: Vec<String> = s
        .key_people
        .iter()
        .map(|p| {
            let gone = s.inactive_key_people.contains(p);
            format!("{}{}", terminal(p), if gone { " (inactive)" } else { "" })
        })
        .collect();
    o.line(format!(
        "Bus factor {bf}{}",
        if named.is_empty() {
            String::new()
        } else {
            format!(": {}", fit(&named.join(", "), 84))
        }
    ));
    // orphaned and unmaintained first: nobody active knows these files or still changes them
    o.line(format!(
        "{} ({} lines), {} in areas: {} orphaned and unmaintained, {} orphaned",
        count(s.files, "file", "files"),
        num(s.lines),
        num(s.area_files),
        pct(s.area_orphaned_unmaintained_share),
        pct(s.area_orphaned_share),
    ));
    o.line(format!(
        "{} of the area files untouched for {} days",
        pct(s.area_untouched_share),
        r.settings.stale_days,
    ));
    o.line(format!(
        "{}, {} active in the last {} days",
        count(s.contributors, "contributor", "contributors"),
        num(s.active_contributors),
        r.settings.active_days
    ));
}

/// The two roles with the largest shares, in percent: `mixed 64 se 31`.
fn shares(map: &std::collections::BTreeMap<String, f64>) -> String {
    views::leading_roles(map, 2)
        .iter()
        .map(|(role, x)| format!("{role} {:.0}", x * 100.0))
        .collect::<Vec<_>>()
        .join(" ")
}

fn areas(o: &mut Out, r: &Report) {
    o.heading("AREAS");
    // 100 columns; orphaned and unmaintained ("unmaint") before all orphaned and untouched
    o.line(format!(
        "{} {} {:>6} {:>8} {:>3} {} {} {:>5} {:>7} {:>6} {:>5}",
        pad("area", 14),
        pad("side", 4),
        "files",
        "lines",
        "bus",
        pad("key people", 16),
        pad("% of changes", 16),
        "cross",
        "unmaint",
        "orphan",
        "stale"
    ));
    for a in &r.areas {
        o.line(format!(
            "{} {} {:>6} {:>8} {:>3} {} {} {:>5} {:>7} {:>6} {:>5}",
            pad(&a.name, 14),
            pad(a.side.as_deref().unwrap_or("-"), 4),
            num(a.files),
            num(a.lines),
            bus(a.bus_factor),
            pad(&people(&a.key_people, 16), 16),
            pad(&shares(&a.role_shares), 16),
            num(a.crossings),
            num(a.orphaned_unmaintained_files()),
            num(a.orphaned_files),
            num(a.untouched_files),
        ));
    }
    let gone: Vec<&super::Area> = r
        .areas
        .iter()
        .filter(|a| !a.inactive_key_people.is_empty())
        .collect();
    if !gone.is_empty() {
        o.line(format!(
            "  key people no longer active (no change in {} days):",
            r.settings.active_days
        ));
        for a in gone {
            o.line(format!(
                "    {} {} of {}: {}",
                pad(&a.name, 14),
                a.inactive_key_people.len(),
                a.key_people.len(),
                fit(&a.inactive_key_people.join(", "), 70)
            ));
        }
    }
    o.line(format!(
        "  unmaint: orphaned (no active author) and no active non-author changed it in {} days",
        r.settings.active_days
    ));
}

fn boundary(o: &mut Out, r: &Report, all: bool) {
    let b = &r.boundary;
    o.heading(&format!(
        "DS/SE BOUNDARY: {} changes by people of the other side",
        num(b.crossings)
    ));
    if !b.crossers.is_empty() {
        o.line("  who crosses it:");
        let n = views::shown(&b.crossers, all).len();
        for c in &b.crossers[..n] {
            o.line(format!(
                "    {} {} {:>6}",
                pad(&c.id, 40),
                pad(&c.role, 8),
                num(c.crossings)
            ));
        }
        o.more(n, b.crossers.len());
    }
    if !b.crossed_files.is_empty() {
        o.line("  files crossed most:");
        let n = views::shown(&b.crossed_files, all).len();
        for f in &b.crossed_files[..n] {
            o.line(format!(
                "    {} {} {:>6}",
                pad_path(&f.path, 68),
                pad(f.area.as_deref().unwrap_or("-"), 14),
                num(f.crossings)
            ));
        }
        o.more(n, b.crossed_files.len());
    }
    o.line(format!(
        "  files with authors from both sides: {}",
        num(b.boundary_files.len() as u64)
    ));
    if !b.mixed_people.is_empty() {
        let n = views::shown(&b.mixed_people, all).len();
        let list: Vec<String> = b.mixed_people[..n].iter().map(|p| terminal(p)).collect();
        o.line(format!(
            "  whole-flow people (mixed): {}{}",
            fit(&list.join(", "), 66),
            if n < b.mixed_people.len() {
                format!(" … {} more", b.mixed_people.len() - n)
            } else {
                String::new()
            }
        ));
    }
}

/// Co-change across the boundary: pending ports first, then the pairs by degree.
fn couplings(o: &mut Out, r: &Report, all: bool) {
    use super::couplings::{degree, lag, pending, pending_ports};
    if r.couplings.is_empty() {
        return;
    }
    let n_pending = pending_ports(r);
    o.heading(&format!(
        "CO-CHANGE ACROSS THE BOUNDARY (ds ↔ se, change sets of a commit and {} days): {}, {}",
        r.settings.coupling.window_days,
        count(r.couplings.len() as u64, "pair", "pairs"),
        count(n_pending as u64, "pending port", "pending ports"),
    ));
    if n_pending > 0 {
        o.line("  pending ports (the ds side changed, the se side has not followed):");
        let rows: Vec<(&super::Coupling, String)> = r
            .couplings
            .iter()
            .filter_map(|c| Some((c, pending(c)?)))
            .collect();
        let n = views::shown(&rows, all).len();
        for (c, what) in &rows[..n] {
            o.line(format!(
                "    {} → {}",
                fit_path(&c.ds_path, 45),
                fit_path(&c.se_path, 45)
            ));
            o.line(format!("      {}", o.paint("1;31", what)));
        }
        o.more(n, n_pending);
    }
    o.line(format!(
        "  {} {} {:>6} {:>6} {:>11} {}",
        pad("ds file", 30),
        pad("se file", 30),
        "shared",
        "degree",
        "lag med/p90",
        "source"
    ));
    let n = views::shown(&r.couplings, all).len();
    for c in &r.couplings[..n] {
        o.line(format!(
            "  {} {} {:>6} {:>6} {:>11} {}{}",
            pad_path(&c.ds_path, 30),
            pad_path(&c.se_path, 30),
            num(c.shared.into()),
            degree(c),
            lag(c),
            c.source,
            if c.pending_since.is_some() { " !" } else { "" }
        ));
    }
    o.more(n, r.couplings.len());
}

fn knowledge(o: &mut Out, r: &Report, all: bool) {
    let k = &r.knowledge_at_risk;
    o.heading("KNOWLEDGE AT RISK (files with a single author)");
    for (title, rows) in [
        ("held only by inactive people", &k.departed),
        ("would leave with active people", &k.sole_owners),
    ] {
        if rows.is_empty() {
            continue;
        }
        o.line(format!("  {title}:"));
        let n = views::shown(rows, all).len();
        for row in &rows[..n] {
            // the largest file, by name: its directory rarely fits
            let example = row
                .files
                .first()
                .map_or("", |p| p.rsplit('/').next().unwrap_or(p));
            o.line(format!(
                "    {} last {} {:>5} files {:>8} lines  e.g. {}",
                pad(&row.id, 28),
                date(&row.last_change),
                num(row.files.len() as u64),
                num(row.lines),
                fit_path(example, 16)
            ));
        }
        o.more(n, rows.len());
    }
    if k.departed.is_empty() && k.sole_owners.is_empty() {
        o.line("  no file has a single author");
    }
}

fn silos(o: &mut Out, r: &Report, all: bool) {
    if r.silos.is_empty() {
        return;
    }
    o.heading("SILOS (one person authors every file of the directory)");
    let n = views::shown(&r.silos, all).len();
    for s in &r.silos[..n] {
        o.line(format!(
            "  {} {} {:>6} files",
            pad_path(&s.directory, 54),
            pad(&s.owner, 28),
            num(s.files)
        ));
    }
    o.more(n, r.silos.len());
}

fn untouched(o: &mut Out, r: &Report, all: bool) {
    if r.untouched_directories.is_empty() {
        return;
    }
    o.heading(&format!(
        "UNTOUCHED DIRECTORIES (no change in {} days)",
        r.settings.stale_days
    ));
    let dirs = views::untouched_directories_by_size(r);
    let n = views::shown(&dirs, all).len();
    for d in &dirs[..n] {
        o.line(format!(
            "  {} {:>6} files {:>9} lines  last {}",
            pad_path(&d.path, 50),
            num(d.files),
            num(d.lines),
            date(&d.last_change)
        ));
    }
    o.more(n, r.untouched_directories.len());
}

fn contributors(o: &mut Out, r: &Report, all: bool) {
    o.heading("CONTRIBUTORS (by files authored, then commits)");
    o.line(format!(
        "  {} {} {:>7} {:>9} {:>9} {:>6} {:>10}  {}",
        pad("id", 30),
        pad("role", 8),
        "commits",
        "+lines",
        "-lines",
        "files",
        "last",
        "active"
    ));
    let rows = views::contributors_by_knowledge(r);
    let n = views::shown(&rows, all).len();
    for c in &rows[..n] {
        let role = if c.role_source == "config" {
            c.role.clone()
        } else {
            format!("{}*", c.role)
        };
        o.line(format!(
            "  {} {} {:>7} {:>9} {:>9} {:>6} {:>10}  {}",
            pad(&c.id, 30),
            pad(&role, 8),
            num(c.commits),
            num(c.lines_added),
            num(c.lines_removed),
            num(c.files_authored as u64),
            date(&c.last_change),
            if c.active { "yes" } else { "no" }
        ));
    }
    o.more(n, rows.len());
    o.line("  * role inferred from changes (configure [roles] to set it)");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_cells() {
        assert_eq!(num(0), "0");
        assert_eq!(num(1234567), "1,234,567");
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(fit("a\x1bb", 10), "a\\u{1b}b");
    }
}

#[cfg(test)]
mod width_tests {
    use super::*;

    #[test]
    fn wide_characters_keep_the_columns() {
        assert_eq!(width_of(&pad("张伟", 6)), 6);
        assert_eq!(width_of(&pad("张伟张伟张伟", 6)), 6, "cut, then filled");
        assert_eq!(width_of(&pad("🦀 crab", 4)), 4);
        assert_eq!(
            width_of(&pad_path("模型/训练/很长的路径名/train.py", 16)),
            16
        );
        assert!(fit_path("模型/训练/很长的路径名/train.py", 16).ends_with("train.py"));
        assert_eq!(pad("ana", 5), "ana  ");
    }
}
