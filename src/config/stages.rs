//! `[stages]`: the ML-flow stages (investigation → modelling → offline validation → product
//! implementation → A/B test → evaluation) as named sets of path globs, and the presets that
//! apply when the config has no `[stages]` table.
//!
//! A path's stage is the first stage, in match order, whose globs match it. For a configured
//! `[stages]` the match order is the file's order; the presets are listed in flow order but
//! matched in [`PRESET_MATCH_ORDER`], the more specific conventions first (an evaluation
//! notebook is evaluation, not the investigation every other notebook is).

use globset::{Candidate, GlobSet};

use super::glob_set;

/// One stage: its name and globs.
#[derive(Debug, Clone)]
pub struct Stage {
    pub name: String,
    pub paths: Vec<String>,
    pub matcher: GlobSet,
}

/// The stages in effect: listed in flow (or file) order, matched in `match_order`.
#[derive(Debug, Clone)]
pub struct Stages {
    /// In the order reports list them: the file's order, or the presets' flow order.
    pub stages: Vec<Stage>,
    /// Indices into `stages`, in the order a path is tried against them.
    pub match_order: Vec<usize>,
    /// `[stages]` came from the config (false: the presets).
    pub configured: bool,
}

/// The preset stages in flow order, with their globs (path conventions of ML repositories:
/// notes/ml-depth.md). `**/x/**` is a directory `x` at any depth.
pub const PRESETS: [(&str, &[&str]); 6] = [
    (
        "investigation",
        &[
            "**/notebooks/**",
            "**/notebook/**",
            "**/analysis/**",
            "**/analyses/**",
            "**/eda/**",
            "**/exploration/**",
            "**/explorations/**",
            "**/explore/**",
            "**/*.ipynb",
        ],
    ),
    (
        "modelling",
        &[
            "**/models/**",
            "**/model/**",
            "**/training/**",
            "**/train/**",
            "**/train*.py",
            "**/features/**",
        ],
    ),
    (
        "offline-validation",
        &[
            "**/eval/**",
            "**/evaluation/**",
            "**/validation/**",
            "**/backtest*/**",
            "**/backtest*",
        ],
    ),
    (
        "product-implementation",
        &[
            "**/serving/**",
            "**/inference/**",
            "**/api/**",
            "**/*.scala",
            "**/*.java",
        ],
    ),
    (
        "ab-test",
        &[
            "**/experiments/**",
            "**/experiment/**",
            "**/ab/**",
            "**/ab_test*/**",
            "**/ab_test*",
            "**/ab-test*/**",
            "**/ab-test*",
        ],
    ),
    (
        "evaluation",
        &[
            "**/reports/**",
            "**/report/**",
            "**/*eval*.ipynb",
            "**/*report*.ipynb",
            "**/eval/**/*.ipynb",
            "**/evaluation/**/*.ipynb",
        ],
    ),
];

/// The order the presets are tried in (indices into [`PRESETS`]): evaluation's reports and
/// notebooks before offline validation's `eval/` code, validation and A/B configs before the
/// generic notebooks of investigation, those before modelling's `models/` and `train*.py`, and
/// product implementation (`serving/`, any Scala or Java file) last, so that a notebook or a
/// model under `serving/` keeps its own stage.
pub const PRESET_MATCH_ORDER: [usize; 6] = [5, 2, 4, 0, 1, 3];

impl Stages {
    /// The presets (DESIGN.md §2, "Stage").
    pub fn presets() -> Stages {
        Stages {
            stages: PRESETS
                .iter()
                .map(|(name, globs)| {
                    let paths: Vec<String> = globs.iter().map(|g| g.to_string()).collect();
                    Stage {
                        name: name.to_string(),
                        matcher: glob_set(&paths).expect("preset globs are valid"),
                        paths,
                    }
                })
                .collect(),
            match_order: PRESET_MATCH_ORDER.to_vec(),
            configured: false,
        }
    }

    /// Configured stages, matched in the order given.
    pub fn configured(stages: Vec<Stage>) -> Stages {
        Stages {
            match_order: (0..stages.len()).collect(),
            stages,
            configured: true,
        }
    }

    /// The stage (index into `stages`) of a path: the first in match order whose globs match.
    pub fn stage_of(&self, path: &[u8]) -> Option<usize> {
        let path = Candidate::from_bytes(path);
        self.match_order
            .iter()
            .copied()
            .find(|&s| self.stages[s].matcher.is_match_candidate(&path))
    }

    /// The stages in match order: what `mlowners init` writes, so that the file it writes
    /// classifies every path as the presets do.
    pub fn in_match_order(&self) -> impl Iterator<Item = &Stage> + '_ {
        self.match_order.iter().map(|&s| &self.stages[s])
    }

    pub fn names(&self) -> Vec<String> {
        self.stages.iter().map(|s| s.name.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preset_match_order_is_a_permutation() {
        let mut order = PRESET_MATCH_ORDER.to_vec();
        order.sort_unstable();
        assert_eq!(order, [0, 1, 2, 3, 4, 5]);
    }

    /// Paths of ML repositories and the preset stage each one takes.
    #[test]
    fn presets_by_example_paths() {
        let table: &[(&str, Option<&str>)] = &[
            // investigation
            ("notebooks/eda.ipynb", Some("investigation")),
            ("notebooks/helpers/plot.py", Some("investigation")),
            ("analysis/churn_by_region.py", Some("investigation")),
            ("src/eda/summary.R", Some("investigation")),
            ("research/exploration/idea.py", Some("investigation")),
            ("scratch.ipynb", Some("investigation")),
            ("serving/demo.ipynb", Some("investigation")),
            // modelling
            ("models/gbm.py", Some("modelling")),
            ("src/model/net.py", Some("modelling")),
            ("ml/training/loop.py", Some("modelling")),
            ("train.py", Some("modelling")),
            ("scripts/train_ranker.py", Some("modelling")),
            ("features/user_age_bucket.py", Some("modelling")),
            ("models/spark/Forest.scala", Some("modelling")),
            // offline validation
            ("eval/metrics.py", Some("offline-validation")),
            ("src/evaluation/calibration.py", Some("offline-validation")),
            ("models/validation/holdout.py", Some("offline-validation")),
            ("backtest.py", Some("offline-validation")),
            ("backtests/2024/run.py", Some("offline-validation")),
            ("ml/backtesting/run.py", Some("offline-validation")),
            // product implementation
            (
                "serving/src/main/scala/Routes.scala",
                Some("product-implementation"),
            ),
            ("inference/predict.py", Some("product-implementation")),
            ("api/handlers.py", Some("product-implementation")),
            (
                "core/src/main/scala/Job.scala",
                Some("product-implementation"),
            ),
            (
                "app/src/main/java/Main.java",
                Some("product-implementation"),
            ),
            ("serving/models/loader.py", Some("modelling")),
            // A/B test
            ("experiments/2025-03-price.yaml", Some("ab-test")),
            ("config/ab/checkout.json", Some("ab-test")),
            ("ab_tests/ranking.yaml", Some("ab-test")),
            ("conf/ab_test_ranker.yaml", Some("ab-test")),
            ("ab-tests/x.yml", Some("ab-test")),
            // evaluation
            ("reports/q3.md", Some("evaluation")),
            ("notebooks/model_evaluation.ipynb", Some("evaluation")),
            ("notebooks/weekly_report.ipynb", Some("evaluation")),
            ("eval/lift.ipynb", Some("evaluation")),
            ("evaluation/ab/readout.ipynb", Some("evaluation")),
            // no stage
            ("README.md", None),
            ("setup.py", None),
            ("src/utils/io.py", None),
            ("docs/index.md", None),
            ("modelling.md", None),
        ];
        let stages = Stages::presets();
        let mut wrong = Vec::new();
        for &(path, want) in table {
            let got = stages
                .stage_of(path.as_bytes())
                .map(|s| stages.stages[s].name.as_str());
            if got != want {
                wrong.push(format!("{path}: {got:?}, want {want:?}"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn presets_list_the_flow_in_order() {
        assert_eq!(
            Stages::presets().names(),
            [
                "investigation",
                "modelling",
                "offline-validation",
                "product-implementation",
                "ab-test",
                "evaluation"
            ]
        );
    }
}
