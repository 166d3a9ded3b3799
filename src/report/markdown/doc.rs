//! A Markdown document that knows its budget: the hidden marker, a one-line verdict, then
//! blocks. Rendered longer than the budget, it cuts the longest lists first (one row at a time
//! from whichever table shows the most, so short lists stay whole), each cut list ending in a
//! `… N more` row, and says so in a last line; the marker and the verdict always stay.
//!
//! ```text
//! let mut doc = Document::new(verdict);
//! let mut t = Table::new([("File", Align::Left), ("Lines", Align::Right)]);
//! for f in shown { t.row([markdown::path(&f.path), Md::num(f.lines)]); }
//! doc.push(Block::Table(t.of_total(all.len())));
//! let text = doc.render();          // chars(&text) <= COMMENT_BUDGET
//! ```

use super::Md;
use crate::report::escape;

/// The hidden first line by which a workflow finds its earlier comment to update it.
pub const MARKER: &str = "<!-- mlowners -->";

/// GitHub rejects a comment longer than 65,536 characters ("body is too long"); 60,000 leaves
/// room for what a workflow adds around it.
pub const COMMENT_BUDGET: usize = 60_000;

/// A length as GitHub measures a comment: in characters, counted here as Unicode code points
/// (what a Ruby string's `length` counts; a byte count would overstate every non-ASCII name).
pub fn chars(s: &str) -> usize {
    s.chars().count()
}

pub use crate::report::views::Align;

/// A GitHub table: a header row and rows of inline cells. A `|` in a cell is written `\|`,
/// which the table reads as a character of the cell, also inside a code span (GFM's table
/// extension removes that backslash before it reads the cell's inlines).
#[derive(Clone, Debug)]
pub struct Table {
    columns: Vec<(Md, Align)>,
    rows: Vec<Vec<Md>>,
    total: usize,
}

impl Table {
    pub fn new(columns: impl IntoIterator<Item = (&'static str, Align)>) -> Table {
        Table {
            columns: columns.into_iter().map(|(h, a)| (Md::lit(h), a)).collect(),
            rows: Vec::new(),
            total: 0,
        }
    }

    /// One row, a cell per column.
    pub fn row(&mut self, cells: impl IntoIterator<Item = Md>) {
        let cells: Vec<Md> = cells.into_iter().collect();
        assert_eq!(cells.len(), self.columns.len(), "one cell per column");
        self.rows.push(cells);
        self.total = self.total.max(self.rows.len());
    }

    /// The list has `total` rows, of which the rows added are the first: the rest are counted
    /// in a `… N more` row.
    pub fn of_total(mut self, total: usize) -> Table {
        self.total = total.max(self.rows.len());
        self
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    fn line(cells: impl IntoIterator<Item = String>) -> String {
        let mut s = String::from("|");
        for c in cells {
            s.push(' ');
            s.push_str(&c);
            s.push_str(" |");
        }
        s.push('\n');
        s
    }

    fn head(&self) -> String {
        let mut s = Table::line(self.columns.iter().map(|(h, _)| cell(h)));
        s.push_str(&Table::line(self.columns.iter().map(|(_, a)| {
            match a {
                Align::Left => "---",
                Align::Right => "--:",
            }
            .to_owned()
        })));
        s
    }

    fn body_line(&self, row: usize) -> String {
        Table::line(self.rows[row].iter().map(cell))
    }

    fn more_line(&self, more: usize) -> String {
        Table::line(
            std::iter::once(format!("… {} more", crate::report::views::num(more as u64)))
                .chain((1..self.columns.len()).map(|_| String::new())),
        )
    }
}

fn cell(md: &Md) -> String {
    md.as_str().replace('|', "\\|")
}

#[derive(Clone, Debug)]
pub enum Block {
    /// `### text` (level 1 to 6).
    Heading(u8, Md),
    Paragraph(Md),
    /// `> text`: a warning that stands out.
    Quote(Md),
    Table(Table),
    /// `<details><summary>…</summary>`: collapsed detail. The summary is plain text, written
    /// for raw HTML ([`escape::html_text`]).
    Details(String, Vec<Block>),
}

/// The marker, the verdict, the blocks: see the module documentation.
#[derive(Clone, Debug)]
pub struct Document {
    verdict: Md,
    blocks: Vec<Block>,
    budget: usize,
}

impl Document {
    pub fn new(verdict: Md) -> Document {
        Document {
            verdict,
            blocks: Vec::new(),
            budget: COMMENT_BUDGET,
        }
    }

    /// Another budget, in [`chars`].
    pub fn with_budget(mut self, budget: usize) -> Document {
        self.budget = budget;
        self
    }

    pub fn push(&mut self, block: Block) {
        self.blocks.push(block);
    }

    /// The document, at most the budget long.
    pub fn render(&self) -> String {
        let tables = tables(&self.blocks);
        // every row written once; the cuts below count characters, they do not re-render
        let lines: Vec<Vec<String>> = tables
            .iter()
            .map(|t| (0..t.rows.len()).map(|i| t.body_line(i)).collect())
            .collect();
        let mut shown: Vec<usize> = tables.iter().map(|t| t.rows.len()).collect();
        let whole = self.emit(&self.blocks, &lines, &shown, None);
        if chars(&whole) <= self.budget {
            return whole;
        }

        // Cut rows, the note added, until the length (kept up to date) fits.
        let row_len: Vec<Vec<usize>> = lines
            .iter()
            .map(|rows| rows.iter().map(|l| chars(l)).collect())
            .collect();
        let more_len = |t: usize, shown: usize| {
            let more = tables[t].total - shown;
            if more > 0 {
                chars(&tables[t].more_line(more))
            } else {
                0
            }
        };
        let none = vec![0; tables.len()];
        let mut len = chars(&self.emit(&self.blocks, &lines, &none, Some(CUT)))
            - (0..tables.len()).map(|t| more_len(t, 0)).sum::<usize>();
        for t in 0..tables.len() {
            len += row_len[t].iter().sum::<usize>() + more_len(t, shown[t]);
        }
        while len > self.budget {
            // the table showing the most rows; of equals, the one whose last row is longest
            let Some(t) = (0..tables.len())
                .filter(|&t| shown[t] > 0)
                .max_by_key(|&t| (shown[t], row_len[t][shown[t] - 1], usize::MAX - t))
            else {
                break;
            };
            len -= row_len[t][shown[t] - 1] + more_len(t, shown[t]);
            shown[t] -= 1;
            len += more_len(t, shown[t]);
        }
        let cut = self.emit(&self.blocks, &lines, &shown, Some(CUT));
        if chars(&cut) <= self.budget {
            return cut;
        }

        // Longer than the budget with every list cut: leave out whole blocks from the end.
        for keep in (0..self.blocks.len()).rev() {
            let kept = &self.blocks[..keep];
            let doc = self.emit(kept, &lines, &none, Some(LEFT_OUT));
            if chars(&doc) <= self.budget {
                return doc;
            }
        }
        format!("{MARKER}\n{TOO_LONG}\n")
    }

    /// The document with the first `shown[i]` of `lines[i]`, the rows of the `i`-th table in
    /// reading order, and `note` at the end.
    fn emit(
        &self,
        blocks: &[Block],
        lines: &[Vec<String>],
        shown: &[usize],
        note: Option<&str>,
    ) -> String {
        let mut out = format!("{MARKER}\n{}\n", self.verdict);
        let mut w = Writer {
            out: &mut out,
            lines,
            shown,
            next: 0,
        };
        w.blocks(blocks);
        if let Some(note) = note {
            out.push('\n');
            out.push_str(note);
            out.push('\n');
        }
        out
    }
}

const CUT: &str = "*Some lists are cut short to keep this under GitHub's comment limit.*";
const LEFT_OUT: &str = "*Some sections are left out to keep this under GitHub's comment limit.*";
const TOO_LONG: &str = "*The report is too long for a GitHub comment.*";

fn tables(blocks: &[Block]) -> Vec<&Table> {
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::Table(t) => out.push(t),
            Block::Details(_, inner) => out.extend(tables(inner)),
            _ => {}
        }
    }
    out
}

/// Writes blocks, each after a blank line, taking the tables' rows from `lines`.
struct Writer<'a> {
    out: &'a mut String,
    lines: &'a [Vec<String>],
    shown: &'a [usize],
    /// The next table's index, in reading order.
    next: usize,
}

impl Writer<'_> {
    fn blocks(&mut self, blocks: &[Block]) {
        for b in blocks {
            self.out.push('\n');
            match b {
                Block::Heading(level, md) => {
                    let hashes = "#".repeat(usize::from((*level).clamp(1, 6)));
                    self.line(&format!("{hashes} {md}"));
                }
                Block::Paragraph(md) => self.line(md.as_str()),
                Block::Quote(md) => self.line(&format!("> {md}")),
                Block::Table(t) => {
                    let (n, rows) = (self.shown[self.next], &self.lines[self.next]);
                    self.next += 1;
                    self.out.push_str(&t.head());
                    for row in &rows[..n] {
                        self.out.push_str(row);
                    }
                    if t.total > n {
                        self.out.push_str(&t.more_line(t.total - n));
                    }
                }
                Block::Details(summary, inner) => {
                    let summary = escape::html_text(summary);
                    self.line(&format!("<details><summary>{summary}</summary>"));
                    self.blocks(inner);
                    self.out.push('\n');
                    self.line("</details>");
                }
            }
        }
    }

    fn line(&mut self, s: &str) {
        self.out.push_str(s);
        self.out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: usize, width: usize) -> Table {
        let mut t = Table::new([("Name", Align::Left), ("N", Align::Right)]);
        for i in 0..rows {
            t.row([Md::text(&"x".repeat(width)), Md::num(i as u64)]);
        }
        t
    }

    #[test]
    fn a_short_document_is_as_written() {
        let mut doc = Document::new(Md::lit("**Bus factor 2**"));
        doc.push(Block::Heading(3, Md::lit("Areas")));
        let mut t = table(2, 3).of_total(5);
        t.row([Md::code("a|b"), Md::text("c|d")]);
        doc.push(Block::Table(t));
        doc.push(Block::Details(
            "More <b>".into(),
            vec![Block::Paragraph(Md::lit("x"))],
        ));
        assert_eq!(
            doc.render(),
            "<!-- mlowners -->\n**Bus factor 2**\n\n### Areas\n\n\
             | Name | N |\n| --- | --: |\n| xxx | 0 |\n| xxx | 1 |\n| `a\\|b` | c\\\\|d |\n\
             | … 2 more |  |\n\n\
             <details><summary>More &lt;b&gt;</summary>\n\nx\n\n</details>\n"
        );
    }

    #[test]
    fn the_longest_list_is_cut_first() {
        let mut doc = Document::new(Md::lit("verdict")).with_budget(2_000);
        doc.push(Block::Table(table(5, 10)));
        doc.push(Block::Details(
            "all".into(),
            vec![Block::Table(table(500, 10))],
        ));
        let s = doc.render();
        assert!(chars(&s) <= 2_000, "{}", chars(&s));
        assert!(s.starts_with("<!-- mlowners -->\nverdict\n"));
        // the short list is whole, the long one cut with its count
        let first = s.split("<details>").next().unwrap();
        assert_eq!(first.matches("| xxxxxxxxxx |").count(), 5);
        assert!(!first.contains("more"));
        let shown = s.matches("| xxxxxxxxxx |").count() - 5;
        assert!(shown > 10, "{shown}");
        assert!(s.contains(&format!("| … {} more |", 500 - shown)), "{s}");
        assert!(s.trim_end().ends_with(CUT));
        // and as close to the budget as a row allows
        assert!(chars(&s) + 30 > 2_000);
    }

    #[test]
    fn lists_are_cut_to_equal_lengths() {
        let mut doc = Document::new(Md::lit("v")).with_budget(3_000);
        for rows in [300, 200, 20] {
            doc.push(Block::Table(table(rows, 10)));
        }
        let s = doc.render();
        assert!(chars(&s) <= 3_000);
        let counts: Vec<usize> = s
            .split("| Name |")
            .skip(1)
            .map(|t| t.matches("| xxxxxxxxxx |").count())
            .collect();
        assert_eq!(counts[2], 20, "{counts:?}");
        assert!(counts[0].abs_diff(counts[1]) <= 1, "{counts:?}");
    }

    #[test]
    fn blocks_too_long_to_cut_are_left_out_but_the_verdict_stays() {
        let mut doc = Document::new(Md::lit("verdict")).with_budget(500);
        doc.push(Block::Paragraph(Md::lit("short")));
        doc.push(Block::Paragraph(Md::text(&"y".repeat(1_000))));
        let s = doc.render();
        assert_eq!(
            s,
            format!("<!-- mlowners -->\nverdict\n\nshort\n\n{LEFT_OUT}\n")
        );
        let s = Document::new(Md::text(&"v".repeat(600)))
            .with_budget(500)
            .render();
        assert_eq!(s, format!("{MARKER}\n{TOO_LONG}\n"));
    }

    #[test]
    fn characters_are_code_points() {
        assert_eq!(chars("张伟 é"), 4);
        assert_eq!(chars("🦀"), 1);
    }
}
