//! [`Html`]: a piece of the page, made only of escaped repository text, numbers and our own
//! markup, so that no name, e-mail or path reaches the page unescaped.

use std::fmt;

pub use crate::report::inline::{Inline, count};
use crate::report::{escape, views};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Html(String);

impl Inline for Html {
    /// See [`escape::html`].
    fn text(untrusted: &str) -> Html {
        Html(escape::html(untrusted))
    }
    fn code(untrusted: &str) -> Html {
        Html::text(untrusted).wrap("code", "")
    }
    fn lit(ours: &'static str) -> Html {
        Html(ours.to_owned())
    }
    fn num(n: u64) -> Html {
        Html(views::num(n))
    }
    fn pct(x: f64) -> Html {
        Html(views::pct(x))
    }
    fn bold(self) -> Html {
        self.wrap("strong", "")
    }
    fn and(mut self, more: Html) -> Html {
        self.0.push_str(&more.0);
        self
    }
}

impl Html {
    /// Markup we generated from numbers and [`Html`] parts only (the SVG of a chart).
    pub(super) fn generated(ours: String) -> Html {
        Html(ours)
    }

    /// `<tag class="class">self</tag>` (no class attribute when `class` is empty).
    pub fn wrap(self, tag: &'static str, class: &'static str) -> Html {
        if class.is_empty() {
            Html(format!("<{tag}>{}</{tag}>", self.0))
        } else {
            Html(format!("<{tag} class=\"{class}\">{}</{tag}>", self.0))
        }
    }

    /// `<span title="title">self</span>`: the full text on hover (an e-mail, a whole path).
    pub fn titled(self, title: &str) -> Html {
        let title = crate::report::markdown::cut(title, TITLE_CHARS);
        Html(format!(
            "<span title=\"{}\">{}</span>",
            escape::html(&title),
            self.0
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Html {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Longest tooltip text, in characters.
const TITLE_CHARS: usize = 300;

pub use crate::report::views::Align;

/// A table: a header, rows, and (past the first [`views::TOP`]) the rest folded in a
/// `<details>` that says how many more there are.
pub struct Table {
    head: Vec<(&'static str, Align)>,
    rows: Vec<Vec<Html>>,
    /// Rows the report has, when more than the table was given.
    total: Option<usize>,
}

/// Rows a table holds at most (the rest are in the JSON report).
pub const MAX_ROWS: usize = 100;

impl Table {
    pub fn new<const N: usize>(head: [(&'static str, Align); N]) -> Table {
        Table {
            head: head.to_vec(),
            rows: Vec::new(),
            total: None,
        }
    }

    pub fn row<const N: usize>(&mut self, cells: [Html; N]) {
        debug_assert_eq!(N, self.head.len());
        self.rows.push(cells.into());
    }

    /// The table shows some of `total` rows.
    pub fn of_total(mut self, total: usize) -> Table {
        self.total = Some(total);
        self
    }

    pub fn render(&self) -> Html {
        let shown = self.rows.len().min(views::TOP);
        let mut out = self.part(&self.rows[..shown]);
        let rest = &self.rows[shown..];
        if !rest.is_empty() {
            out = out.and(
                Html::lit("<details><summary>")
                    .and(Html::num(rest.len() as u64))
                    .then(" more</summary>")
                    .and(self.part(rest))
                    .then("</details>"),
            );
        }
        let total = self.total.unwrap_or(self.rows.len());
        if total > self.rows.len() {
            out = out.and(
                Html::lit("… ")
                    .and(Html::num((total - self.rows.len()) as u64))
                    .then(" more in the JSON report (<code>--format json</code>)")
                    .wrap("p", "note"),
            );
        }
        out
    }

    fn part(&self, rows: &[Vec<Html>]) -> Html {
        let class = |a: Align| {
            if a == Align::Right {
                " class=\"r\""
            } else {
                ""
            }
        };
        let mut s = String::from("<table><thead><tr>");
        for (h, a) in &self.head {
            s.push_str(&format!("<th{}>{h}</th>", class(*a)));
        }
        s.push_str("</tr></thead><tbody>");
        for row in rows {
            s.push_str("<tr>");
            for (cell, (_, a)) in row.iter().zip(&self.head) {
                s.push_str(&format!("<td{}>{cell}</td>", class(*a)));
            }
            s.push_str("</tr>");
        }
        s.push_str("</tbody></table>");
        Html(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_ours_is_not() {
        let h = Html::lit("<b>")
            .and(Html::text("<i>&"))
            .then("</b>")
            .and(Html::num(12345u64));
        assert_eq!(h.as_str(), "<b>&lt;i&gt;&amp;</b>12,345");
        let t = Html::text("x").titled("a\"b<");
        assert_eq!(t.as_str(), "<span title=\"a&quot;b&lt;\">x</span>");
    }

    #[test]
    fn long_tables_fold_and_say_how_many_more() {
        let mut t = Table::new([("Name", Align::Left), ("N", Align::Right)]);
        for i in 0..15u64 {
            t.row([Html::text("x"), Html::num(i)]);
        }
        let out = t.of_total(40).render();
        let s = out.as_str();
        assert_eq!(s.matches("<tr>").count(), 2 + 15, "two headers, 15 rows");
        assert!(s.contains("<details><summary>5 more</summary>"));
        assert!(s.contains("… 25 more in the JSON report"));
        assert!(s.contains("<td class=\"r\">14</td>"));
    }
}
