//! The team's shape in the report: people × ML-flow stage (`team_shape`).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

/// People × ML-flow stage: does everyone do the whole flow, or do people specialise, and which
/// stage rests on one person? A change's stage is the first stage (in match order) whose globs
/// match the path it wrote; changes in no stage, and those of ignored commits, are not counted;
/// co-authors are credited as authors are.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TeamShape {
    /// `config` when `[stages]` gives the stages, `presets` when path conventions do.
    #[schemars(extend("enum" = ["config", "presets"]))]
    pub source: String,
    /// The stages in effect, in the config's order (the presets: in flow order).
    pub stages: Vec<StageShape>,
    /// Contributor id → stage → changes, for every person with staged changes (every stage
    /// in effect is a key).
    pub matrix: BTreeMap<String, BTreeMap<String, u64>>,
    /// People with changes in 3 or more stages, sorted by id.
    pub generalists: Vec<String>,
    /// People whose staged changes are all in one stage, sorted by id.
    pub specialists: Vec<String>,
    /// The mean specialisation of the people with staged changes (3 decimals; null if none).
    pub mean_specialisation: Option<f64>,
    /// The same over active people: the team a lead has now (null if no active person has
    /// staged changes).
    pub active_mean_specialisation: Option<f64>,
}

impl Default for TeamShape {
    /// No stage, nobody: a report made up for a test.
    fn default() -> Self {
        TeamShape {
            source: "presets".into(),
            stages: Vec::new(),
            matrix: BTreeMap::new(),
            generalists: Vec::new(),
            specialists: Vec::new(),
            mean_specialisation: None,
            active_mean_specialisation: None,
        }
    }
}

/// One stage of the flow.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct StageShape {
    /// The stage's name.
    pub name: String,
    /// Its path globs.
    pub paths: Vec<String>,
    /// Analysed files at the reference commit in the stage.
    pub files: u64,
    /// Changes in the stage (each once, however many people it credits).
    pub changes: u64,
    /// People with changes in the stage: 1 is a stage held by one person.
    pub people: u64,
    /// Of them, the active ones.
    pub active_people: u64,
    /// The bus factor of the stage's files at the reference commit (null without files).
    pub bus_factor: Option<u32>,
    /// The key people of that bus factor, in order.
    pub key_people: Vec<String>,
}
