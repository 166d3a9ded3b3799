//! The team's shape in the report: people × ML-flow stage (`team_shape`).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use super::inline::{Inline, count};
use super::views::{
    Align::{Left, Right},
    columns::Columns,
};

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

/// Rows the text report shows of the matrix (`--all` shows every one).
pub const TOP_PEOPLE: usize = 12;

/// One person's row of the matrix, as every renderer shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonRow<'r> {
    pub id: &'r str,
    pub active: bool,
    /// Their staged changes.
    pub staged: u64,
    /// Changes per stage, in the order of [`TeamShape::stages`].
    pub cells: Vec<u64>,
    pub specialisation: Option<f64>,
}

/// What a lead must see about one stage: it rests on one person, or on nobody active.
#[derive(Debug, Clone, PartialEq)]
pub enum StageRisk<'r> {
    /// One person ever changed it.
    Only {
        stage: &'r str,
        id: &'r str,
        active: bool,
    },
    /// Several did, one of them is active.
    OnlyActive {
        stage: &'r str,
        id: &'r str,
        people: u64,
    },
    /// Several did, none is active.
    NobodyActive { stage: &'r str, people: u64 },
}

/// A stage's name in a narrow column header.
pub fn short_name(name: &str) -> &str {
    match name {
        "investigation" => "invest",
        "modelling" => "model",
        "offline-validation" => "valid",
        "product-implementation" => "prod",
        "ab-test" => "ab",
        "evaluation" => "eval",
        other => other,
    }
}

impl TeamShape {
    /// The people with staged changes: active first, then by staged changes (most first), then id.
    pub fn rows<'r>(&'r self, r: &'r super::Report) -> Vec<PersonRow<'r>> {
        let who: std::collections::HashMap<&str, &super::Contributor> =
            r.contributors.iter().map(|c| (c.id.as_str(), c)).collect();
        let mut rows: Vec<PersonRow<'r>> = self
            .matrix
            .iter()
            .map(|(id, row)| {
                let cells: Vec<u64> = self
                    .stages
                    .iter()
                    .map(|s| row.get(&s.name).copied().unwrap_or(0))
                    .collect();
                let c = who.get(id.as_str());
                PersonRow {
                    id,
                    active: c.is_some_and(|c| c.active),
                    staged: cells.iter().sum(),
                    cells,
                    specialisation: c.and_then(|c| c.specialisation),
                }
            })
            .collect();
        rows.sort_by(|a, b| {
            b.active
                .cmp(&a.active)
                .then(b.staged.cmp(&a.staged))
                .then(a.id.cmp(b.id))
        });
        rows
    }

    /// Stages held by one person (or one active person, or nobody active), in stage order.
    pub fn risks<'r>(&'r self, r: &'r super::Report) -> Vec<StageRisk<'r>> {
        let rows = self.rows(r);
        let mut out = Vec::new();
        for (s, stage) in self.stages.iter().enumerate() {
            let holders: Vec<&PersonRow<'_>> = rows.iter().filter(|p| p.cells[s] > 0).collect();
            let active: Vec<&&PersonRow<'_>> = holders.iter().filter(|p| p.active).collect();
            let name = stage.name.as_str();
            match (holders.as_slice(), active.as_slice()) {
                ([], _) => {}
                ([one], _) => out.push(StageRisk::Only {
                    stage: name,
                    id: one.id,
                    active: one.active,
                }),
                (_, [one]) => out.push(StageRisk::OnlyActive {
                    stage: name,
                    id: one.id,
                    people: holders.len() as u64,
                }),
                (_, []) => out.push(StageRisk::NobodyActive {
                    stage: name,
                    people: holders.len() as u64,
                }),
                _ => {}
            }
        }
        out
    }

    /// Stages no change falls in.
    pub fn empty_stages(&self) -> Vec<&str> {
        self.stages
            .iter()
            .filter(|s| s.changes == 0)
            .map(|s| s.name.as_str())
            .collect()
    }
}

/// A specialisation as reports print it: two decimals, `-` for none.
pub fn spec_text(s: Option<f64>) -> String {
    s.map_or("-".into(), |s| format!("{s:.2}"))
}

/// [`spec_text`] for Markdown and HTML (whose text escaping would write `0\.90`).
pub fn spec<M: Inline>(s: Option<f64>) -> M {
    let text = spec_text(s);
    match text.split_once('.') {
        Some((whole, frac)) => M::text(whole).then(".").and(M::text(frac)),
        None => M::lit("-"),
    }
}

/// `2 generalists (3+ stages), 5 specialists (1 stage); mean specialisation 0.90 (active 0.88)`.
pub fn summary_line<M: Inline>(t: &TeamShape) -> M {
    count::<M>(t.generalists.len() as u64, "generalist", "generalists")
        .then(" (3+ stages), ")
        .and(count(
            t.specialists.len() as u64,
            "specialist",
            "specialists",
        ))
        .then(" (1 stage); mean specialisation ")
        .and(spec(t.mean_specialisation))
        .then(" (active people ")
        .and(spec(t.active_mean_specialisation))
        .then(")")
}

/// `ab-test: only ana (inactive)`, with people named by `who`.
pub fn risk_line<M: Inline>(risk: &StageRisk<'_>, who: impl Fn(&str) -> M) -> M {
    match *risk {
        StageRisk::Only { stage, id, active } => {
            let line = M::code(stage).then(": only ").and(who(id));
            if active {
                line
            } else {
                line.then(" (inactive)")
            }
        }
        StageRisk::OnlyActive { stage, id, people } => M::code(stage)
            .then(": only ")
            .and(who(id))
            .then(" is active (of ")
            .and(M::num(people))
            .then(")"),
        StageRisk::NobodyActive { stage, people } => M::code(stage)
            .then(": nobody active (of ")
            .and(M::num(people))
            .then(")"),
    }
}

/// `model 67 %, invest 33 %`: a person's stages, largest share first.
pub fn spread<M: Inline>(t: &TeamShape, p: &PersonRow<'_>) -> M {
    let mut cells: Vec<(usize, u64)> = p
        .cells
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, c)| *c > 0)
        .collect();
    cells.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    M::join(
        cells.into_iter().map(|(s, c)| {
            M::text(short_name(&t.stages[s].name))
                .then(" ")
                .and(M::pct(c as f64 / p.staged as f64))
        }),
        ", ",
    )
}

/// The columns and the note the Markdown report and the page share.
pub const STAGE_COLUMNS: Columns<6> = [
    ("Stage", Left),
    ("Files", Right),
    ("Changes", Right),
    ("People", Right),
    ("Active", Right),
    ("Bus factor", Right),
];
pub const PEOPLE_COLUMNS: Columns<5> = [
    ("Person", Left),
    ("Active", Left),
    ("Staged changes", Right),
    ("Stages", Left),
    ("Specialisation", Right),
];
pub const NOTE: &str = "Specialisation: 1 − the normalised entropy of a person's changes over \
                        the stages (1 = one stage only, 0 = all stages evenly).";
