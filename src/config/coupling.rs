//! `[coupling]` and `[[pairs]]`: co-change across the DS/SE boundary (DESIGN.md §2 "Coupling").
//!
//! ```toml
//! [coupling]
//! window_days = 14   # a change set: a commit, and every change within this many days after it
//! min_shared = 3     # history candidates need this many shared change sets
//! min_degree = 0.3   # and this degree (shared ÷ the average of the two files' change sets)
//!
//! [[pairs]]          # declared twins: every ds file matching `ds` with every se file matching `se`
//! ds = "ml/features/**/*.py"
//! se = "serving/**/features/*.scala"
//! ```

use globset::GlobMatcher;
use serde::Deserialize;
use toml::Spanned;

use super::{Checker, ConfigError, path_glob};

pub const DEFAULT_WINDOW_DAYS: u32 = 14;
pub const DEFAULT_MIN_SHARED: u32 = 3;
pub const DEFAULT_MIN_DEGREE: f64 = 0.3;

/// The thresholds of `[coupling]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Coupling {
    pub window_days: u32,
    pub min_shared: u32,
    pub min_degree: f64,
}

impl Default for Coupling {
    fn default() -> Self {
        Coupling {
            window_days: DEFAULT_WINDOW_DAYS,
            min_shared: DEFAULT_MIN_SHARED,
            min_degree: DEFAULT_MIN_DEGREE,
        }
    }
}

/// One `[[pairs]]` entry: a ds glob and an se glob.
#[derive(Debug, Clone)]
pub struct Pair {
    pub ds: String,
    pub se: String,
    pub ds_matcher: GlobMatcher,
    pub se_matcher: GlobMatcher,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCoupling {
    window_days: Option<Spanned<i64>>,
    min_shared: Option<Spanned<i64>>,
    min_degree: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPair {
    ds: Spanned<String>,
    se: Spanned<String>,
}

impl Checker<'_> {
    pub(super) fn coupling(&self, raw: Option<RawCoupling>) -> Result<Coupling, ConfigError> {
        let raw = raw.unwrap_or_default();
        let d = Coupling::default();
        let count =
            |key: &str, v: Option<Spanned<i64>>, default: u32, what: &str, least: u32| match v {
                None => Ok(default),
                Some(v) => u32::try_from(*v.get_ref())
                    .ok()
                    .filter(|&n| n >= least)
                    .ok_or_else(|| {
                        self.err(
                            v.span().start,
                            format!(
                                "`coupling.{key}` is {}: give {what} ({least} or more)",
                                v.get_ref()
                            ),
                        )
                    }),
            };
        let window_days = count("window_days", raw.window_days, d.window_days, "days", 0)?;
        // a pair that shares no change set is no history pair
        let min_shared = count(
            "min_shared",
            raw.min_shared,
            d.min_shared,
            "a number of change sets",
            1,
        )?;
        let min_degree = match raw.min_degree {
            None => d.min_degree,
            Some(v) => {
                let x = *v.get_ref();
                if !(0.0..=1.0).contains(&x) {
                    return Err(self.err(
                        v.span().start,
                        format!("`coupling.min_degree` is {x}: give a fraction from 0 to 1"),
                    ));
                }
                x
            }
        };
        Ok(Coupling {
            window_days,
            min_shared,
            min_degree,
        })
    }

    pub(super) fn pairs(&self, raw: &[RawPair]) -> Result<Vec<Pair>, ConfigError> {
        raw.iter()
            .enumerate()
            .map(|(i, p)| {
                let glob = |key: &str, g: &Spanned<String>| {
                    path_glob(g.get_ref())
                        .map(|g| g.compile_matcher())
                        .map_err(|e| {
                            self.err(
                                g.span().start,
                                format!("bad glob in `pairs[{i}].{key}`: {}", e.kind()),
                            )
                        })
                };
                Ok(Pair {
                    ds_matcher: glob("ds", &p.ds)?,
                    se_matcher: glob("se", &p.se)?,
                    ds: p.ds.get_ref().clone(),
                    se: p.se.get_ref().clone(),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::config::Config;

    fn parse(text: &str) -> Result<Config, String> {
        Config::parse(text, Path::new(".mlowners.toml")).map_err(|e| e.to_string())
    }

    #[test]
    fn defaults_and_values() {
        let c = parse("").unwrap();
        assert_eq!(c.coupling, super::Coupling::default());
        assert!(c.pairs.is_empty());
        let c = parse(
            "[coupling]\nwindow_days = 0\nmin_shared = 5\nmin_degree = 1.0\n\
             [[pairs]]\nds = \"ml/**/*.py\"\nse = \"serving/**/*.scala\"\n\
             [[pairs]]\nds = \"a.py\"\nse = \"B.scala\"\n",
        )
        .unwrap();
        assert_eq!(
            (
                c.coupling.window_days,
                c.coupling.min_shared,
                c.coupling.min_degree
            ),
            (0, 5, 1.0)
        );
        assert_eq!(c.pairs.len(), 2);
        assert!(c.pairs[0].ds_matcher.is_match("ml/x/y.py"));
        assert!(!c.pairs[0].ds_matcher.is_match("ml.py"));
        assert!(c.pairs[1].se_matcher.is_match("B.scala"));
    }

    #[test]
    fn bad_values_name_file_line_and_key() {
        let e = parse("[coupling]\nmin_shared = 3\nwindow_days = -1\n").unwrap_err();
        assert!(e.starts_with(".mlowners.toml:3:"), "{e}");
        assert!(e.contains("`coupling.window_days` is -1"), "{e}");
        let e = parse("[coupling]\nmin_shared = -2\n").unwrap_err();
        assert!(e.starts_with(".mlowners.toml:2:") && e.contains("coupling.min_shared"));
        let e = parse("[coupling]\nmin_degree = 1.5\n").unwrap_err();
        assert!(e.starts_with(".mlowners.toml:2:"), "{e}");
        assert!(e.contains("`coupling.min_degree` is 1.5"), "{e}");
        let e = parse("[coupling]\nmin_degree = -0.1\n").unwrap_err();
        assert!(e.contains("coupling.min_degree"), "{e}");
        let e = parse("[coupling]\nwindow = 3\n").unwrap_err();
        assert!(
            e.starts_with(".mlowners.toml:2:") && e.contains("window"),
            "{e}"
        );
        let e = parse(
            "[[pairs]]\nds = \"a.py\"\nse = \"b.scala\"\n[[pairs]]\nds = \"ok\"\nse = \"a/[b\"\n",
        )
        .unwrap_err();
        assert!(e.starts_with(".mlowners.toml:6:"), "{e}");
        assert!(e.contains("`pairs[1].se`"), "{e}");
        let e = parse("[[pairs]]\nds = \"a.py\"\n").unwrap_err();
        assert!(e.contains("se"), "a pair needs both globs: {e}");
        let e = parse("[[pairs]]\nds = \"a.py\"\nse = \"b\"\nsd = \"c\"\n").unwrap_err();
        assert!(
            e.starts_with(".mlowners.toml:4:") && e.contains("sd"),
            "{e}"
        );
    }
}
