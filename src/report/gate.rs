//! `--fail-under-bus-factor`: a judgement of the finished report, not of the history.

use super::Report;
use super::pr::PrReport;

/// The scopes whose bus factor is below `min`, as `repository (1)` / `area training (1)`:
/// the repository and every area with a side.
pub fn bus_factor_below(report: &Report, min: u32) -> Vec<String> {
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

/// The touched areas with a side whose bus factor after the pull request is below `min`.
pub fn pr_bus_factor_below(report: &PrReport, min: u32) -> Vec<String> {
    report
        .areas
        .iter()
        .filter(|a| a.side.is_some())
        .filter_map(|a| {
            let b = a.bus_factor_after.filter(|&b| b < min)?;
            Some(format!("area {} ({b})", a.name))
        })
        .collect()
}
