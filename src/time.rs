//! Times as git stores them (seconds since the epoch, any `i64`) to and from text. jiff's range
//! ends in the year 9999 less a day; a commit's time and a `--since` date may lie anywhere.

const DAY: i64 = 86_400;

/// `YYYY-MM-DD` (midnight UTC) or an RFC 3339 time with an offset, to seconds since the epoch.
pub fn parse_date(s: &str) -> Option<i64> {
    parse(s).map(|(t, _)| t)
}

/// `--as-of`: a date means its end (23:59:59 UTC), so that the day's commits count; an RFC 3339
/// time means that instant.
pub fn parse_as_of(s: &str) -> Option<i64> {
    parse(s).map(|(t, date_only)| if date_only { t + DAY - 1 } else { t })
}

/// The time, and whether it was a date alone.
fn parse(s: &str) -> Option<(i64, bool)> {
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
    Some((
        days * DAY + seconds_of_day - offset,
        pieces.time().is_none(),
    ))
}

/// How long a timeline's periods are: ISO weeks (from Monday), calendar months or quarters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Every {
    Week,
    Month,
    Quarter,
}

/// A period of days (UTC), first and last included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// Days since 1970-01-01.
    pub first: i64,
    pub last: i64,
}

impl Period {
    /// The period's last second: its state is the state at this instant.
    pub fn end(&self) -> i64 {
        (self.last + 1) * DAY - 1
    }

    pub fn first_date(&self) -> String {
        date(self.first)
    }

    pub fn last_date(&self) -> String {
        date(self.last)
    }
}

impl Every {
    /// The period that holds the instant `t`.
    pub fn containing(self, t: i64) -> Period {
        let day = t.div_euclid(DAY);
        match self {
            Every::Week => {
                // 1970-01-01 was a Thursday
                let first = day - (day + 3).rem_euclid(7);
                Period {
                    first,
                    last: first + 6,
                }
            }
            Every::Month | Every::Quarter => {
                let (y, m, _) = civil_from_days(day);
                let months = if self == Every::Month { 1 } else { 3 };
                let m = (i64::from(m) - 1) / months * months + 1;
                let y = y as i64;
                let (ny, nm) = if m + months > 12 {
                    (y + 1, m + months - 12)
                } else {
                    (y, m + months)
                };
                Period {
                    first: days_from_civil(y, m, 1),
                    last: days_from_civil(ny, nm, 1) - 1,
                }
            }
        }
    }

    pub fn before(self, p: Period) -> Period {
        self.containing((p.first - 1) * DAY)
    }

    /// The periods from the one holding `from` to the one holding `to`, oldest first.
    pub fn between(self, from: i64, to: i64) -> Vec<Period> {
        let last = self.containing(to);
        let mut out = vec![last];
        let first = self.containing(from).first;
        while out.last().is_some_and(|p| p.first > first) {
            let p = self.before(*out.last().expect("not empty"));
            out.push(p);
        }
        out.reverse();
        out
    }

    /// The `n` periods that end with the one holding `to`.
    pub fn last_n(self, to: i64, n: usize) -> Vec<Period> {
        let mut out = vec![self.containing(to)];
        while out.len() < n {
            let p = self.before(*out.last().expect("not empty"));
            out.push(p);
        }
        out.reverse();
        out
    }
}

/// `YYYY-MM-DD` of a day since 1970-01-01.
pub fn date(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
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
    fn periods_are_iso_weeks_months_and_quarters() {
        let t = parse_date("2024-02-29T12:00:00Z").unwrap();
        let w = Every::Week.containing(t);
        assert_eq!(
            (w.first_date(), w.last_date()),
            ("2024-02-26".into(), "2024-03-03".into())
        );
        let m = Every::Month.containing(t);
        assert_eq!(
            (m.first_date(), m.last_date()),
            ("2024-02-01".into(), "2024-02-29".into())
        );
        assert_eq!(rfc3339(m.end()), "2024-02-29T23:59:59Z");
        let q = Every::Quarter.containing(parse_date("2024-12-31").unwrap());
        assert_eq!(
            (q.first_date(), q.last_date()),
            ("2024-10-01".into(), "2024-12-31".into())
        );
        let months = Every::Month.last_n(t, 3);
        let firsts: Vec<String> = months.iter().map(Period::first_date).collect();
        assert_eq!(firsts, ["2023-12-01", "2024-01-01", "2024-02-01"]);
        let from = parse_date("2023-12-15").unwrap();
        assert_eq!(Every::Month.between(from, t), months);
    }

    #[test]
    fn as_of_a_date_is_its_last_second() {
        assert_eq!(
            parse_as_of("2024-01-31").map(rfc3339).as_deref(),
            Some("2024-01-31T23:59:59Z")
        );
        assert_eq!(
            parse_as_of("2024-01-31T12:00:00Z"),
            parse_date("2024-01-31T12:00:00Z")
        );
    }

    #[test]
    fn dates_and_offsets() {
        assert_eq!(parse_date("2024-01-31"), Some(1_706_659_200));
        assert_eq!(parse_date("2024-01-31T12:00:00+02:00"), Some(1_706_695_200));
        assert_eq!(parse_date("2024-01-31T12:00:00"), None);
        assert_eq!(parse_date("last tuesday"), None);
    }
}
