//! The command line: parses arguments, calls the pipeline, renders, writes, and maps failures
//! to exit codes. No metric and no pipeline step here.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::output::{OutputError, Target};
use crate::pipeline::{self, PrRequest, Progress, Request};
use crate::report::{self, escape, text::TextOptions};
use crate::{atomic_file, git, time};

#[derive(Parser)]
#[command(
    name = "mlowners",
    version,
    about = "Who really knows which part of an ML codebase, from its Git history"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Mine the history and report ownership, bus factor, staleness and the DS/SE boundary.
    Scan(ScanArgs),
    /// Judge a pull request: whose knowledge it touches, the boundary it crosses, what it does to
    /// the bus factor, and who should review it.
    Pr(PrArgs),
    /// The state at each period end (bus factor, orphaned share, crossings…) of the repository,
    /// each area and each side, as long rows for dashboards.
    Timeline(TimelineArgs),
    /// List every contributor with the e-mails and names joined into it and why, and the near
    /// misses that were not joined.
    Identities(IdentitiesArgs),
    /// Write a CODEOWNERS file from history (each directory's active authors), or with --check
    /// report the drift between a declared CODEOWNERS file and history.
    Codeowners(CodeownersArgs),
    /// Write a starter .mlowners.toml from the repository's layout and history: areas with
    /// sides, tests and build files first, the inferred roles as comments. Never overwrites.
    Init(InitArgs),
    /// Print the JSON Schema (draft 2020-12) of a JSON output; the same schemas are committed
    /// under schema/ in mlowners' source.
    Schema {
        /// The output: `scan` and `pr` (`--format json`), `timeline` (`--format json`, an array
        /// of rows; each line of `--format jsonl` is one row, `#/$defs/TimelineRow`).
        #[arg(value_enum)]
        output: SchemaOutput,
    },
    /// Manage the cache of mined commits (kept under the repository's git directory).
    Cache {
        #[command(subcommand)]
        action: CacheAction,
    },
}

#[derive(Subcommand)]
enum CacheAction {
    /// Remove every cached row of the repository.
    Clear {
        /// The repository (or a directory inside it).
        #[arg(default_value = ".")]
        path: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemaOutput {
    Scan,
    Pr,
    Timeline,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Text,
    Json,
    /// GitHub-flavoured Markdown, under 60,000 characters (job summaries, comments)
    Markdown,
    /// One self-contained page (treemap, trends, tables) that opens from disk with no network
    Html,
}

/// `pr --format`: the scan's formats but the page.
#[derive(Clone, Copy, ValueEnum)]
enum PrFormat {
    Text,
    Json,
    /// GitHub-flavoured Markdown, under 60,000 characters (the pull request's comment)
    Markdown,
}

#[derive(clap::Args)]
struct PrArgs {
    /// The repository (or a directory inside it).
    #[arg(default_value = ".")]
    path: PathBuf,
    /// The branch the pull request goes into (its merge-base with head is the history judged).
    #[arg(long, value_name = "REV")]
    base: String,
    /// The pull request's last commit (default: HEAD).
    #[arg(long, value_name = "REV")]
    head: Option<String>,
    /// Configuration file (default: .mlowners.toml at the repository root, if any).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    format: PrFormat,
    /// Write the report to FILE (atomically; `-` is standard output) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Mention suggested reviewers with @login in the Markdown (default: logins in backticks).
    #[arg(long)]
    mention: bool,
    /// Suggest at most N reviewers.
    #[arg(long, value_name = "N", default_value_t = 2)]
    reviewers: usize,
    /// Exit with 1 (after writing the report) if a touched area with a side has a bus factor
    /// below N after the change.
    #[arg(long, value_name = "N")]
    fail_under_bus_factor: Option<u32>,
    /// Mine with N threads (default: one per core; at most 4 per core).
    #[arg(long, short, value_name = "N")]
    jobs: Option<usize>,
    /// Neither read nor write the cache of mined commits.
    #[arg(long)]
    no_cache: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Every {
    Week,
    Month,
    Quarter,
}

#[derive(Clone, Copy, ValueEnum)]
enum TimelineFormat {
    /// one JSON object per line (BigQuery, DuckDB, warehouses)
    Jsonl,
    /// one JSON array (Grafana Infinity, Superset)
    Json,
    /// RFC 4180, with a header line (spreadsheets, Grafana, Superset)
    Csv,
}

#[derive(clap::Args)]
struct TimelineArgs {
    /// The repository (or a directory inside it).
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Configuration file (default: .mlowners.toml at the repository root, if any).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The length of a period: ISO weeks, calendar months or quarters (UTC).
    #[arg(long, value_enum, default_value = "month")]
    every: Every,
    /// The first period is the one holding this date (default: 24 periods up to --to).
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// The last period is the one holding this date (default: the head commit's date).
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    #[arg(long, value_enum, default_value = "jsonl")]
    format: TimelineFormat,
    /// One row per period and scope, one column per metric (for alerting and spreadsheets).
    #[arg(long)]
    wide: bool,
    /// Write to FILE (atomically; `-` is standard output) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Mine with N threads (default: one per core; at most 4 per core).
    #[arg(long, short, value_name = "N")]
    jobs: Option<usize>,
    /// Neither read nor write the cache of mined commits.
    #[arg(long)]
    no_cache: bool,
}

#[derive(clap::Args)]
struct IdentitiesArgs {
    /// The repository (or a directory inside it).
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Configuration file (default: .mlowners.toml at the repository root, if any).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Neither read nor write the cache of mined commits.
    #[arg(long)]
    no_cache: bool,
}

#[derive(clap::Args)]
struct CodeownersArgs {
    /// The repository (or a directory inside it).
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Configuration file (default: .mlowners.toml at the repository root, if any).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Report drift between this CODEOWNERS file and history instead of writing one.
    #[arg(long, value_name = "FILE")]
    check: Option<PathBuf>,
    /// Write to FILE (atomically; `-` is standard output) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// text: the CODEOWNERS file (or the drift report); json: the same as data.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Analyse history up to this commit instead of HEAD (branch, tag or commit id).
    #[arg(long, value_name = "REV")]
    at: Option<String>,
    /// At most N rules besides `*` (small directories share their parent's rule).
    #[arg(long, value_name = "N", default_value_t = 40)]
    max_rules: usize,
    /// With --check: exit with 1 (after writing the report) when there is any drift.
    #[arg(long, requires = "check")]
    fail_on_drift: bool,
    /// Neither read nor write the cache of mined commits.
    #[arg(long)]
    no_cache: bool,
}

#[derive(clap::Args)]
struct InitArgs {
    /// The repository (or a directory inside it).
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Write to FILE (`-` is standard output) instead of .mlowners.toml at the repository root.
    /// An existing file is never overwritten.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(clap::Args)]
struct ScanArgs {
    /// The repository (or a directory inside it).
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Configuration file (default: .mlowners.toml at the repository root, if any).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Analyse history up to this commit instead of HEAD (branch, tag or commit id).
    #[arg(long, value_name = "REV")]
    at: Option<String>,
    /// The state as of this date (YYYY-MM-DD: its end, 23:59:59 UTC; or RFC 3339): the last
    /// first-parent commit at or before it, every age measured from it.
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// Only commits authored on or after this date (YYYY-MM-DD or RFC 3339).
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    format: ReportFormat,
    /// Write the report to FILE (atomically; `-` is standard output) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Show every row of every list in the text and Markdown reports (the HTML page has its
    /// own limits).
    #[arg(long)]
    all: bool,
    /// Exit with 1 (after writing the report) if the repository or any sided area has a bus
    /// factor below N.
    #[arg(long, value_name = "N")]
    fail_under_bus_factor: Option<u32>,
    /// Mine with N threads (default: one per core; at most 4 per core).
    #[arg(long, short, value_name = "N")]
    jobs: Option<usize>,
    /// Neither read nor write the cache of mined commits.
    #[arg(long)]
    no_cache: bool,
}

/// A failure to report: one line, and the exit code that goes with it.
struct Failure {
    message: String,
    code: u8,
}

fn bad_input(message: impl std::fmt::Display) -> Failure {
    Failure {
        message: message.to_string(),
        code: 2,
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(e) = atomic_file::remove_on_signal() {
        warn(&format!(
            "cannot watch for signals ({e}); an interrupted write may leave a temporary file"
        ));
    }
    let result = match cli.command {
        Command::Scan(args) => scan(args),
        Command::Pr(args) => pr(args),
        Command::Timeline(args) => timeline(args),
        Command::Identities(args) => identities(args),
        Command::Codeowners(args) => codeowners_command(args),
        Command::Init(args) => init(args),
        Command::Schema { output } => schema(output),
        Command::Cache {
            action: CacheAction::Clear { path },
        } => cache_clear(&path),
    };
    match result {
        Ok(code) => code,
        Err(f) => {
            say(&format!("error: {}", f.message));
            ExitCode::from(f.code)
        }
    }
}

/// One line on stderr, escaped for the terminal. A stderr that cannot be written (a full disk,
/// a closed descriptor) must not cost the report or the exit code, so its errors are dropped.
fn say(line: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", escape::terminal(line));
}

fn warn(message: &str) {
    say(&format!("warning: {message}"));
}

fn scan(args: ScanArgs) -> Result<ExitCode, Failure> {
    let target = Target::new(args.output.as_deref());
    target.check().map_err(bad_input)?;
    let since = args.since.as_deref().map(parse_since).transpose()?;
    let as_of = args.as_of.as_deref().map(parse_as_of).transpose()?;
    let bar = ProgressBarDisplay(progress_bar());
    let scan = pipeline::scan(&Request {
        path: &args.path,
        config: args.config.as_deref(),
        at: args.at.as_deref(),
        as_of,
        since,
        jobs: args.jobs,
        cache: !args.no_cache,
        trends: matches!(args.format, ReportFormat::Html),
        progress: &bar,
    })
    .map_err(bad_input)?;
    finish(&bar, &scan.warnings);

    let report = &scan.report;
    let rendered = match args.format {
        ReportFormat::Json => report::json::render(report),
        ReportFormat::Markdown => {
            report::markdown::render(report, &report::markdown::MarkdownOptions { all: args.all })
        }
        ReportFormat::Html => report::html::render(report, &scan.trends),
        ReportFormat::Text => report::text::render(
            report,
            &TextOptions {
                color: target == Target::Stdout
                    && std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
                all: args.all,
            },
        ),
    };
    if !write(&target, &rendered, &scan.git_dir)? {
        return Ok(ExitCode::SUCCESS);
    }

    Ok(gate(args.fail_under_bus_factor, "", |min| {
        report::gate::bus_factor_below(report, min)
    }))
}

fn pr(args: PrArgs) -> Result<ExitCode, Failure> {
    let target = Target::new(args.output.as_deref());
    target.check().map_err(bad_input)?;
    let bar = ProgressBarDisplay(progress_bar());
    let scan = pipeline::pull_request(&PrRequest {
        path: &args.path,
        config: args.config.as_deref(),
        base: &args.base,
        head: args.head.as_deref(),
        jobs: args.jobs,
        cache: !args.no_cache,
        max_reviewers: args.reviewers,
        progress: &bar,
    })
    .map_err(bad_input)?;
    finish(&bar, &scan.warnings);
    let report = &scan.report;
    let rendered = match args.format {
        PrFormat::Json => report::pr::json(report),
        PrFormat::Text => report::pr::text::render(report),
        PrFormat::Markdown => report::pr::markdown::render(report, args.mention),
    };
    if !write(&target, &rendered, &scan.git_dir)? {
        return Ok(ExitCode::SUCCESS);
    }
    Ok(gate(
        args.fail_under_bus_factor,
        " after this change",
        |min| report::gate::pr_bus_factor_below(report, min),
    ))
}

fn timeline(args: TimelineArgs) -> Result<ExitCode, Failure> {
    use report::timeline as render;
    let target = Target::new(args.output.as_deref());
    target.check().map_err(bad_input)?;
    let date = |flag: &str, s: &Option<String>| {
        s.as_deref()
            .map(|s| {
                time::parse_date(s).ok_or_else(|| {
                    bad_input(format!(
                        "{flag} {s}: not a date (use YYYY-MM-DD, or RFC 3339 such as 2024-01-31T12:00:00Z)"
                    ))
                })
            })
            .transpose()
    };
    let bar = ProgressBarDisplay(progress_bar());
    let timeline = pipeline::timeline(&pipeline::TimelineRequest {
        path: &args.path,
        config: args.config.as_deref(),
        every: match args.every {
            Every::Week => time::Every::Week,
            Every::Month => time::Every::Month,
            Every::Quarter => time::Every::Quarter,
        },
        from: date("--from", &args.from)?,
        to: date("--to", &args.to)?,
        jobs: args.jobs,
        cache: !args.no_cache,
        progress: &bar,
    })
    .map_err(bad_input)?;
    finish(&bar, &timeline.warnings);
    let rows = &timeline.rows;
    let rendered = match (args.format, args.wide) {
        (TimelineFormat::Jsonl, false) => render::jsonl(rows),
        (TimelineFormat::Json, false) => render::json(rows),
        (TimelineFormat::Csv, false) => render::csv(rows),
        (TimelineFormat::Jsonl, true) => render::wide_jsonl(rows),
        (TimelineFormat::Json, true) => render::wide_json(rows),
        (TimelineFormat::Csv, true) => render::wide_csv(rows),
    };
    write(&target, &rendered, &timeline.git_dir)?;
    Ok(ExitCode::SUCCESS)
}

fn identities(args: IdentitiesArgs) -> Result<ExitCode, Failure> {
    let scan = pipeline::scan(&Request {
        path: &args.path,
        config: args.config.as_deref(),
        at: None,
        as_of: None,
        since: None,
        jobs: None,
        cache: !args.no_cache,
        trends: false,
        progress: &pipeline::Silent,
    })
    .map_err(bad_input)?;
    for w in &scan.warnings {
        warn(w);
    }
    let rendered = match args.format {
        Format::Json => report::identities::json(&scan.report),
        Format::Text => report::identities::text(&scan.report),
    };
    match Target::Stdout.write(rendered.as_bytes(), &scan.git_dir) {
        Ok(()) | Err(OutputError::ClosedPipe) => Ok(ExitCode::SUCCESS),
        Err(e) => Err(bad_input(e)),
    }
}

fn codeowners_command(args: CodeownersArgs) -> Result<ExitCode, Failure> {
    use crate::codeowners::{self, render};
    let target = Target::new(args.output.as_deref());
    target.check().map_err(bad_input)?;
    let declared = args.check.as_deref().map(read_codeowners).transpose()?;
    let bar = ProgressBarDisplay(progress_bar());
    let scan = pipeline::scan(&Request {
        path: &args.path,
        config: args.config.as_deref(),
        at: args.at.as_deref(),
        as_of: None,
        since: None,
        jobs: None,
        cache: !args.no_cache,
        trends: false,
        progress: &bar,
    })
    .map_err(bad_input)?;
    finish(&bar, &scan.warnings);
    let mut findings = 0;
    let rendered = match &declared {
        Some((name, text)) => {
            let parsed = codeowners::Codeowners::parse(text);
            let drift = codeowners::drift(&scan.report, &parsed, &Default::default());
            findings = drift.findings();
            match args.format {
                Format::Text => render::drift_text(&drift, name),
                Format::Json => render::drift_json(&drift, name),
            }
        }
        None => {
            let opts = codeowners::GenerateOptions {
                max_rules: args.max_rules,
                ..Default::default()
            };
            let generated = codeowners::generate(&scan.report, &opts);
            for w in &generated.warnings {
                warn(w);
            }
            match args.format {
                Format::Text => generated.text(),
                Format::Json => render::generated_json(&generated),
            }
        }
    };
    if !write(&target, &rendered, &scan.git_dir)? {
        return Ok(ExitCode::SUCCESS);
    }
    if args.fail_on_drift && findings > 0 {
        say(&format!("mlowners: {findings} CODEOWNERS drift findings"));
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// `--check FILE`: its name as the user gave it, and its text (a pipe such as `<(git show
/// HEAD:CODEOWNERS)` is read too). GitHub ignores a file of 3 MB or more; a file that is not
/// UTF-8 is read with replacement characters.
fn read_codeowners(path: &Path) -> Result<(String, String), Failure> {
    let name = path.display().to_string();
    let cannot = |why: String| bad_input(format!("--check {name}: {why}"));
    let meta = std::fs::metadata(path).map_err(|e| cannot(format!("cannot read it: {e}")))?;
    if meta.is_dir() {
        return Err(cannot("is a directory (name a CODEOWNERS file)".into()));
    }
    let bytes = std::fs::read(path).map_err(|e| cannot(format!("cannot read it: {e}")))?;
    if bytes.len() >= crate::codeowners::parse::MAX_BYTES {
        warn(&format!(
            "--check {name}: {} bytes; GitHub ignores a CODEOWNERS file of 3 MB or more",
            bytes.len()
        ));
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            warn(&format!(
                "--check {name}: not UTF-8; invalid bytes read as U+FFFD"
            ));
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    };
    Ok((name, text))
}

fn init(args: InitArgs) -> Result<ExitCode, Failure> {
    let target = match &args.output {
        Some(p) => Target::new(Some(p)),
        None => match pipeline::config_path(&args.path).map_err(bad_input)? {
            Some(p) => Target::File(p),
            None => {
                return Err(bad_input(
                    "a bare repository has no work tree: pass --output FILE",
                ));
            }
        },
    };
    // refused before the history is mined, and again (atomically) when the file is written
    if let Target::File(p) = &target
        && target.exists()
    {
        return Err(bad_input(OutputError::Exists(p.clone())));
    }
    target.check().map_err(bad_input)?;
    let bar = ProgressBarDisplay(progress_bar());
    let made = pipeline::init(&pipeline::InitRequest {
        path: &args.path,
        jobs: None,
        cache: true,
        progress: &bar,
    })
    .map_err(bad_input)?;
    finish(&bar, &made.warnings);
    match target.create(made.text.as_bytes(), &made.git_dir) {
        Ok(()) | Err(OutputError::ClosedPipe) => {}
        Err(e) => return Err(bad_input(e)),
    }
    if let Target::File(p) = &target {
        say(&format!(
            "wrote {}: {} areas; {} crossings with them ({} with the built-in areas). Check the roles it lists, then run `mlowners scan`.",
            p.display(),
            made.areas.len(),
            made.report.boundary.crossings,
            made.builtin.boundary.crossings,
        ));
    }
    Ok(ExitCode::SUCCESS)
}

fn schema(output: SchemaOutput) -> Result<ExitCode, Failure> {
    use report::schema::Output;
    let output = match output {
        SchemaOutput::Scan => Output::Scan,
        SchemaOutput::Pr => Output::Pr,
        SchemaOutput::Timeline => Output::Timeline,
    };
    write(
        &Target::Stdout,
        &report::schema::text(output),
        Path::new(""),
    )?;
    Ok(ExitCode::SUCCESS)
}

fn cache_clear(path: &Path) -> Result<ExitCode, Failure> {
    let repo = git::open(path).map_err(bad_input)?;
    let dir = git::cache::dir(repo.path());
    match git::cache::clear(repo.path()) {
        Ok(true) => say(&format!("removed {}", dir.display())),
        Ok(false) => say(&format!("no cache at {}", dir.display())),
        Err(e) => return Err(bad_input(format!("cannot remove {}: {e}", dir.display()))),
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes a rendered report; `false` when the reader closed the pipe early (not an error).
fn write(target: &Target, rendered: &str, git_dir: &Path) -> Result<bool, Failure> {
    match target.write(rendered.as_bytes(), git_dir) {
        Ok(()) => Ok(true),
        Err(OutputError::ClosedPipe) => Ok(false),
        Err(e) => Err(bad_input(e)),
    }
}

/// Clears the progress bar, then says what the user should know.
fn finish(bar: &ProgressBarDisplay, warnings: &[String]) {
    bar.0.finish_and_clear();
    for w in warnings {
        warn(w);
    }
}

/// `--fail-under-bus-factor`: exit 1, naming the scopes below the minimum, after the report.
fn gate(min: Option<u32>, when: &str, failing: impl FnOnce(u32) -> Vec<String>) -> ExitCode {
    let Some(min) = min else {
        return ExitCode::SUCCESS;
    };
    let failing = failing(min);
    if failing.is_empty() {
        return ExitCode::SUCCESS;
    }
    say(&format!(
        "mlowners: bus factor below {min}{when}: {}",
        failing.join(", ")
    ));
    ExitCode::from(1)
}

struct ProgressBarDisplay(ProgressBar);

impl Progress for ProgressBarDisplay {
    fn start(&self, total: u64) {
        self.0.set_length(total);
    }
    fn advance(&self, n: u64) {
        self.0.inc(n);
    }
}

fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("mining {bar:30} {pos}/{len} commits  {rate}  {eta} left")
            .expect("the template is valid")
            .with_key(
                "rate",
                |s: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0}/s", s.per_sec());
                },
            ),
    );
    bar
}

fn parse_as_of(s: &str) -> Result<i64, Failure> {
    time::parse_as_of(s).ok_or_else(|| {
        bad_input(format!(
            "--as-of {s}: not a date (use YYYY-MM-DD, or RFC 3339 such as 2024-01-31T12:00:00Z)"
        ))
    })
}

fn parse_since(s: &str) -> Result<i64, Failure> {
    time::parse_date(s).ok_or_else(|| {
        bad_input(format!(
            "--since {s}: not a date (use YYYY-MM-DD, or RFC 3339 such as 2024-01-31T12:00:00Z)"
        ))
    })
}
