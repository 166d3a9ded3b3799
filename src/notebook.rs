//! Jupyter notebooks read as their cells' sources: the text a person wrote, without the outputs,
//! execution counts and metadata a re-run rewrites (nbformat v4, and v3's `worksheets`).
//!
//! Pure: mining hands in a blob's bytes and gets the text whose lines it counts and diffs.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};

/// `[settings] notebook_lines`: how a notebook's lines are counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum NotebookLines {
    /// The lines of its cell sources; a change to outputs or metadata only is a re-run.
    #[default]
    Cells,
    /// The lines of its JSON, as `git log --numstat` counts them.
    Raw,
}

impl NotebookLines {
    pub fn as_str(self) -> &'static str {
        match self {
            NotebookLines::Cells => "cells",
            NotebookLines::Raw => "raw",
        }
    }

    /// Whether `path` is read as cells under this setting.
    pub fn reads_cells(self, path: &[u8]) -> bool {
        self == NotebookLines::Cells && is_notebook(path)
    }
}

pub fn is_notebook(path: &[u8]) -> bool {
    path.len() >= 6 && path[path.len() - 6..].eq_ignore_ascii_case(b".ipynb")
}

/// What a person wrote in a notebook: its cells' kinds and sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cells {
    /// The sources in order (code, markdown and raw cells alike), each cell ending in a newline
    /// so that no two cells share a line: the text whose lines are counted.
    pub text: Vec<u8>,
    /// Per cell: its type and the length of its source. Equal texts with another layout (a cell
    /// split, its type changed, an empty cell added) are an edit, not a re-run.
    layout: Vec<(Option<String>, usize)>,
}

impl Cells {
    /// Whether two versions hold the same cells: what differs between them is outputs,
    /// execution counts, metadata, attachments or ids (a re-run).
    pub fn same_cells(&self, other: &Cells) -> bool {
        self == other
    }
}

/// The cells of a notebook (nbformat 4, or 3's `worksheets`); `None` when the bytes are no
/// notebook (conflict markers, a truncated file): the caller counts them raw.
pub fn cells(data: &[u8]) -> Option<Cells> {
    let mut out = Cells {
        text: Vec::new(),
        layout: Vec::new(),
    };
    if data.iter().all(u8::is_ascii_whitespace) {
        // a notebook created empty and filled later: no cells yet
        return Some(out);
    }
    let nb: Notebook = serde_json::from_slice(data).ok()?;
    let cells: Vec<Cell> = match (nb.cells, nb.worksheets) {
        (Some(cells), _) => cells,
        (None, Some(sheets)) => sheets.into_iter().flat_map(|w| w.cells).collect(),
        (None, None) => return None,
    };
    for cell in cells {
        // v3 code cells hold their code in `input`; every other cell in `source`
        let src = cell.source.or(cell.input).map_or_else(String::new, |s| s.0);
        out.layout.push((cell.cell_type, src.len()));
        out.text.extend_from_slice(src.as_bytes());
        if !src.is_empty() && !src.ends_with('\n') {
            out.text.push(b'\n');
        }
    }
    Some(out)
}

// Unknown fields (outputs, metadata, attachments, ids, execution counts) are skipped by serde
// without being built: serde_json steps over their strings, however large their images.
#[derive(Deserialize)]
struct Notebook {
    cells: Option<Vec<Cell>>,
    worksheets: Option<Vec<Worksheet>>,
}

#[derive(Deserialize)]
struct Worksheet {
    #[serde(default)]
    cells: Vec<Cell>,
}

#[derive(Deserialize)]
struct Cell {
    cell_type: Option<String>,
    source: Option<Source>,
    input: Option<Source>,
}

/// A cell's text: nbformat allows one string or a list of strings (lines, each normally
/// ending in its newline).
struct Source(String);

impl<'de> Deserialize<'de> for Source {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Text;
        impl<'de> Visitor<'de> for Text {
            type Value = Source;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a list of strings")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Source, E> {
                Ok(Source(s.to_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Source, A::Error> {
                let mut text = String::new();
                while let Some(line) = seq.next_element::<std::borrow::Cow<'de, str>>()? {
                    text.push_str(&line);
                }
                Ok(Source(text))
            }
        }
        d.deserialize_any(Text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell_text(data: &[u8]) -> Option<Vec<u8>> {
        cells(data).map(|c| c.text)
    }

    fn text(json: &str) -> Option<String> {
        cell_text(json.as_bytes()).map(|t| String::from_utf8(t).unwrap())
    }

    #[test]
    fn v4_cells_in_order_without_outputs() {
        let nb = r##"{"cells": [
            {"cell_type": "markdown", "metadata": {}, "source": "# Churn"},
            {"cell_type": "code", "execution_count": 7, "id": "a1", "metadata": {"tags": []},
             "outputs": [{"output_type": "display_data",
                          "data": {"image/png": "iVBORw0KGgo=", "text/plain": ["<Figure>"]}}],
             "source": ["import pandas as pd\n", "df = pd.read_csv('x')"]},
            {"cell_type": "raw", "metadata": {}, "source": []},
            {"cell_type": "code", "outputs": [], "source": "df.describe()\n"}
          ], "metadata": {"kernelspec": {}}, "nbformat": 4, "nbformat_minor": 5}"##;
        assert_eq!(
            text(nb).unwrap(),
            "# Churn\nimport pandas as pd\ndf = pd.read_csv('x')\ndf.describe()\n"
        );
    }

    #[test]
    fn v3_worksheets_read_input_and_source() {
        let nb = r#"{"worksheets": [{"cells": [
            {"cell_type": "heading", "level": 1, "source": ["Title"]},
            {"cell_type": "code", "input": ["x = 1\n", "y = 2"], "language": "python",
             "outputs": [], "prompt_number": 3}
          ]}], "metadata": {}, "nbformat": 3}"#;
        assert_eq!(text(nb).unwrap(), "Title\nx = 1\ny = 2\n");
    }

    #[test]
    fn outputs_and_metadata_do_not_change_the_text() {
        let a = r#"{"cells": [{"cell_type": "code", "execution_count": 1, "outputs": [],
                    "source": ["a = 1\n"]}], "metadata": {}, "nbformat": 4}"#;
        let b = r#"{"cells": [{"cell_type": "code", "execution_count": 9,
                    "outputs": [{"data": {"image/png": "AAAA"}}], "source": ["a = 1\n"]}],
                    "metadata": {"widgets": {}}, "nbformat": 4}"#;
        assert_eq!(cell_text(a.as_bytes()), cell_text(b.as_bytes()));
    }

    #[test]
    fn a_split_cell_or_a_new_type_is_an_edit_with_the_same_text() {
        let one = cells(br#"{"cells": [{"cell_type": "code", "source": "a\nb\n"}]}"#).unwrap();
        let split = cells(
            br#"{"cells": [{"cell_type": "code", "source": "a\n"},
                           {"cell_type": "code", "source": "b\n"}]}"#,
        )
        .unwrap();
        let retyped =
            cells(br#"{"cells": [{"cell_type": "markdown", "source": "a\nb\n"}]}"#).unwrap();
        let rerun = cells(
            br#"{"cells": [{"cell_type": "code", "execution_count": 3, "source": ["a\n", "b\n"],
                            "outputs": [{"text": "x"}]}], "metadata": {"k": 1}}"#,
        )
        .unwrap();
        assert_eq!(one.text, split.text);
        assert!(!one.same_cells(&split));
        assert!(!one.same_cells(&retyped));
        assert!(one.same_cells(&rerun));
    }

    #[test]
    fn what_is_no_notebook_says_so() {
        assert_eq!(text("<<<<<<< HEAD\n{}\n=======\n"), None);
        assert_eq!(text(r#"{"cells": [{"source": "a"}"#), None, "truncated");
        assert_eq!(text(r#"{"metadata": {}}"#), None, "no cells at all");
        assert_eq!(text(r#"{"cells": [{"source": 3}]}"#), None);
        assert_eq!(text("").unwrap(), "");
    }

    #[test]
    fn notebooks_by_extension() {
        assert!(is_notebook(b"eda/Explore.IPYNB"));
        assert!(is_notebook(b"a.ipynb"));
        assert!(!is_notebook(b"ipynb"));
        assert!(!is_notebook(b"a.ipynb.bak"));
        assert!(NotebookLines::Cells.reads_cells(b"a.ipynb"));
        assert!(!NotebookLines::Raw.reads_cells(b"a.ipynb"));
    }
}
