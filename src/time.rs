//! Times as git stores them (seconds since the epoch, any `i64`) to and from text. jiff's range
//! ends in the year 9999 less a day; a commit's time and a `--since` date may lie anywhere.

const DAY: i64 = 86_400;

/// `YYYY-MM-DD` (midnight UTC) or an RFC 3339 time with an offset, to seconds since the epoch.
pub fn parse_date(s: &str) -> Option<i64> {
    let pieces = jiff::fmt::temporal::Pieces::parse(s).ok()?;
    let d = pieces.date();
    let seconds_of_day = pieces.time().map_or(0, |t| {
        i64::from(t.hour()) * 3600 + i64::from(t.minute()) * 60 + i64::from(t.second())
    });
    let offset = match pieces.offset() {
        None if pieces.time().is_none() => 0,
        None => return None, // a time of day needs an offset: whose noon?
        Some(o) => i64::from(o.to_numeric_offset().seconds()),
    };
    let days = days_from_civil(
        i64::from(d.year()),
        i64::from(d.month()),
        i64::from(d.day()),
    );
    Some(days * DAY + seconds_of_day - offset)
}

/// RFC 3339 in UTC (`2024-01-31T12:00:00Z`); years beyond 0000–9999 in ISO 8601's expanded
/// form (`+10000-…`), so that no time is unprintable.
pub fn rfc3339(seconds: i64) -> String {
    let days = seconds.div_euclid(DAY);
    let secs = seconds.rem_euclid(DAY);
    let (y, m, d) = civil_from_days(days);
    let year = if (0..=9999).contains(&y) {
        format!("{y:04}")
    } else {
        format!("{y:+05}")
    };
    format!(
        "{year}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

// Howard Hinnant's algorithms (chrono-compatible days since 1970-01-01), in i128 for the far ends.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i128, u32, u32) {
    let z = i128::from(days) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i128::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_jiff_where_jiff_reaches() {
        for s in [
            0,
            1_700_000_000,
            -1,
            951_782_400,
            253_402_128_000,
            -62_135_596_800,
        ] {
            let jiff = jiff::Timestamp::from_second(s).unwrap().to_string();
            assert_eq!(rfc3339(s), jiff, "{s}");
            assert_eq!(parse_date(&jiff), Some(s), "{jiff}");
        }
    }

    #[test]
    fn every_i64_prints_and_the_last_day_of_9999_parses() {
        assert_eq!(parse_date("9999-12-31"), Some(253_402_214_400));
        assert_eq!(rfc3339(253_402_300_799), "9999-12-31T23:59:59Z");
        assert_eq!(rfc3339(253_402_300_800), "+10000-01-01T00:00:00Z");
        assert!(rfc3339(i64::MAX).starts_with('+'));
        assert!(rfc3339(i64::MIN).starts_with('-'));
    }

    #[test]
    fn dates_and_offsets() {
        assert_eq!(parse_date("2024-01-31"), Some(1_706_659_200));
        assert_eq!(parse_date("2024-01-31T12:00:00+02:00"), Some(1_706_695_200));
        assert_eq!(parse_date("2024-01-31T12:00:00"), None);
        assert_eq!(parse_date("last tuesday"), None);
    }
}
