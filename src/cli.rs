//! Argument parsing and wiring: mining → model → analyses → report → renderer. No metric here.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::analysis::assemble::analyse;
use crate::config::Config;
use crate::git::{self, MineOptions, rename::DEFAULT_RENAME_LIMIT};
use crate::model::{self, BuildOptions};
use crate::path_filter::PathFilter;
use crate::report::{self, Report, text::TextOptions};

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
enum Format {
    Text,
    Json,
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
    /// Only commits authored on or after this date (YYYY-MM-DD or RFC 3339).
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Write the report to FILE (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Show every row of every list in the text report.
    #[arg(long)]
    all: bool,
    /// Exit with 1 (after writing the report) if the repository or any sided area has a bus
    /// factor below N.
    #[arg(long, value_name = "N")]
    fail_under_bus_factor: Option<u32>,
    /// Mine with N threads (default: all cores).
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
    let result = match cli.command {
        Command::Scan(args) => scan(args),
        Command::Cache {
            action: CacheAction::Clear { path },
        } => cache_clear(&path),
    };
    match result {
        Ok(code) => code,
        Err(f) => {
            eprintln!("error: {}", report::escape::terminal(&f.message));
            ExitCode::from(f.code)
        }
    }
}

fn warn(message: &str) {
    eprintln!("warning: {}", report::escape::terminal(message));
}

fn scan(args: ScanArgs) -> Result<ExitCode, Failure> {
    if let Some(out) = &args.output {
        check_output_dir(out)?;
    }
    if let Some(jobs) = args.jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build_global()
            .map_err(|e| bad_input(format!("--jobs {jobs}: {e}")))?;
    }
    let since = args.since.as_deref().map(parse_date).transpose()?;
    let repo = git::open(&args.path).map_err(bad_input)?;
    let root = git::root(&repo);
    let loaded = Config::load(args.config.as_deref(), Some(&root)).map_err(bad_input)?;
    for w in &loaded.warnings {
        warn(w);
    }
    let config = loaded.config;

    let bar = progress_bar();
    let mut history = git::mine(
        &repo,
        &MineOptions {
            at: args.at.as_deref(),
            since,
            bots: &config.bots,
            rename_limit: DEFAULT_RENAME_LIMIT,
            progress: &|n| bar.inc(n),
            start: &|n| bar.set_length(n),
            cache: !args.no_cache,
        },
    )
    .map_err(bad_input)?;
    bar.finish_and_clear();
    for w in &history.warnings {
        warn(w);
    }
    if history.shallow {
        warn(
            "shallow clone: history before the cut is missing, so ownership and bus factor are partial; run `git fetch --unshallow` (in GitHub Actions: actions/checkout with `fetch-depth: 0`)",
        );
    }
    if history.missing_blobs > 0 {
        warn(&format!(
            "{} blobs could not be read (partial clone or stripped mirror); their lines are not counted",
            history.missing_blobs
        ));
    }

    let filter = PathFilter::new(&config);
    let attributes = std::mem::take(&mut history.attributes);
    let analysed = |p: &str| filter.is_analysed(p, attributes.linguist_excluded(p));
    let model = model::build(
        history,
        &BuildOptions {
            aliases: &config.aliases,
            merge_same_name: config.merge_same_name,
            analysed: &analysed,
        },
    );
    let report = analyse(&model, &config, since);

    let rendered = match args.format {
        Format::Json => report::json::render(&report),
        Format::Text => report::text::render(
            &report,
            &TextOptions {
                color: args.output.is_none()
                    && std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
                all: args.all,
            },
        ),
    };
    match &args.output {
        Some(path) => write_atomically(path, rendered.as_bytes())?,
        None => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth a message.
            let _ = out.write_all(rendered.as_bytes()).and_then(|_| out.flush());
        }
    }

    if let Some(min) = args.fail_under_bus_factor {
        let failing = gate(&report, min);
        if !failing.is_empty() {
            eprintln!(
                "mlowners: bus factor below {min}: {}",
                report::escape::terminal(&failing.join(", "))
            );
            return Ok(ExitCode::from(1));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn cache_clear(path: &Path) -> Result<ExitCode, Failure> {
    let repo = git::open(path).map_err(bad_input)?;
    let dir = git::cache::dir(repo.path());
    match git::cache::clear(repo.path()) {
        Ok(true) => eprintln!("removed {}", dir.display()),
        Ok(false) => eprintln!("no cache at {}", dir.display()),
        Err(e) => return Err(bad_input(format!("cannot remove {}: {e}", dir.display()))),
    }
    Ok(ExitCode::SUCCESS)
}

/// The scopes whose bus factor is below `min`: the repository and every sided area.
fn gate(report: &Report, min: u32) -> Vec<String> {
    let mut failing = Vec::new();
    if let Some(b) = report.summary.bus_factor.filter(|&b| b < min) {
        failing.push(format!("repository ({b})"));
    }
    for a in &report.areas {
        if let (Some(_), Some(b)) = (&a.side, a.bus_factor.filter(|&b| b < min)) {
            failing.push(format!("area {} ({b})", a.name));
        }
    }
    failing
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

fn parse_date(s: &str) -> Result<i64, Failure> {
    if let Ok(t) = s.parse::<jiff::Timestamp>() {
        return Ok(t.as_second());
    }
    s.parse::<jiff::civil::Date>()
        .ok()
        .and_then(|d| d.to_zoned_datetime(jiff::tz::TimeZone::UTC).ok())
        .map(|z| z.timestamp().as_second())
        .ok_or_else(|| {
            bad_input(format!(
                "--since {s}: not a date (use YYYY-MM-DD, or RFC 3339 such as 2024-01-31T12:00:00Z)"
            ))
        })
}

/// The directory an output file goes in (`.` for a bare file name).
fn output_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

fn check_output_dir(path: &Path) -> Result<(), Failure> {
    let dir = output_dir(path);
    if !dir.is_dir() {
        return Err(bad_input(format!(
            "--output {}: directory {} does not exist (create it first)",
            path.display(),
            dir.display()
        )));
    }
    Ok(())
}

/// Writes through a temporary file in the same directory, so that a reader never sees half a
/// report and a failed run leaves no file behind.
fn write_atomically(path: &Path, data: &[u8]) -> Result<(), Failure> {
    let dir = output_dir(path);
    let fail = |e: &dyn std::fmt::Display| {
        bad_input(format!("--output {}: cannot write: {e}", path.display()))
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| fail(&e))?;
    tmp.write_all(data).map_err(|e| fail(&e))?;
    tmp.as_file().sync_all().map_err(|e| fail(&e))?;
    tmp.persist(path).map_err(|e| fail(&e.error))?;
    Ok(())
}
