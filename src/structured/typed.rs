//! The typed field actions on one scalar: IP truncation, number buckets and timestamp
//! truncation. Each takes the value's text and says what it becomes.

use crate::action::truncate_ip;
use crate::generalize::{zip_number, Generalized};
use crate::{Generalization, TimeUnit};

/// What a scalar becomes under a typed action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Typed {
    /// Unchanged.
    Same,
    /// A JSON string with this text.
    Str(Vec<u8>),
    /// A JSON number with this text.
    Num(Vec<u8>),
    /// `null`.
    Null,
    /// Not for this action: scan it as free text instead.
    Scan,
}

/// The IP address that is the whole (trimmed) value, truncated; `Scan` otherwise.
pub(crate) fn truncate(text: &[u8], v4_prefix: u8, v6_prefix: u8) -> Typed {
    let t = text.trim_ascii();
    if t.is_empty() || t.len() > 64 {
        return Typed::Scan;
    }
    match truncate_ip(t, v4_prefix, v6_prefix) {
        Some(ip) if ip.as_bytes() == text => Typed::Same,
        Some(ip) => Typed::Str(ip.as_bytes().to_vec()),
        None => Typed::Scan,
    }
}

/// Rounds a number down to a multiple of `width`. `is_number` says whether `text` is a
/// JSON number token (else it is a string's text).
pub(crate) fn bucket(text: &[u8], is_number: bool, width: f64) -> Typed {
    let Some(x) = std::str::from_utf8(text.trim_ascii())
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|x| x.is_finite())
    else {
        return Typed::Null;
    };
    let b = (x / width).floor() * width;
    if !b.is_finite() {
        return Typed::Null;
    }
    // Integral results print without a fraction; others in Rust's shortest form.
    let s = if b.fract() == 0.0 && b.abs() < 9.0e15 {
        format!("{}", b as i64)
    } else {
        format!("{b}")
    };
    let s = s.into_bytes();
    match (s == text, is_number) {
        (true, _) => Typed::Same,
        (false, true) => Typed::Num(s),
        (false, false) => Typed::Str(s),
    }
}

/// Generalizes a value (see [`Generalization`]); `Null` when it is not of the kind.
pub(crate) fn generalize(text: &[u8], is_number: bool, g: Generalization) -> Typed {
    let out = match (g, is_number) {
        // A four-digit number is a year already (scrubbing twice changes nothing).
        (Generalization::Year, true) if text.len() == 4 && text.iter().all(u8::is_ascii_digit) => {
            return Typed::Same
        }
        (Generalization::Year, true) => {
            return match epoch_year(text) {
                Some(y) if y == text => Typed::Same,
                Some(y) => Typed::Num(y),
                None => Typed::Null,
            }
        }
        (Generalization::Zip3, true) => zip_number(text).and_then(|z| g.value(&z)),
        (Generalization::Age, true) => match g.value(text) {
            // Numbers keep their type when they stay.
            Some(Generalized::Same) => return Typed::Same,
            other => other,
        },
        _ => g.value(text),
    };
    match out {
        // A number that "stays" still becomes its string form (a padded ZIP).
        Some(Generalized::Same) if is_number => Typed::Str(text.to_vec()),
        Some(Generalized::Same) => Typed::Same,
        Some(Generalized::New(v)) => Typed::Str(v),
        None => Typed::Null,
    }
}

/// The year (UTC) of a Unix time in seconds, milliseconds, microseconds or
/// nanoseconds, as a number's text; `None` outside years 1–9999.
fn epoch_year(t: &[u8]) -> Option<Vec<u8>> {
    let s = std::str::from_utf8(t).ok()?;
    let v: i128 = match s.parse::<i128>() {
        Ok(v) => v,
        Err(_) => s
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite() && f.abs() < 1e30)?
            .floor() as i128,
    };
    let days = v.div_euclid(epoch_scale(v) * 86_400);
    let year = civil_year(days)?;
    Some(year.to_string().into_bytes())
}

/// The units of a Unix time, told apart by size (as [`truncate_time`] reads them).
fn epoch_scale(v: i128) -> i128 {
    match v.unsigned_abs() {
        0..100_000_000_000 => 1,
        100_000_000_000..100_000_000_000_000 => 1_000,
        100_000_000_000_000..100_000_000_000_000_000 => 1_000_000,
        _ => 1_000_000_000,
    }
}

/// The proleptic Gregorian year of a day count since 1970-01-01 (the civil-from-days
/// algorithm: 400-year eras of 146,097 days).
fn civil_year(days: i128) -> Option<i64> {
    let z = days.checked_add(719_468)?;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i128::from(month <= 2);
    i64::try_from(year).ok().filter(|y| (1..=9999).contains(y))
}

/// Truncates an RFC 3339 / ISO 8601 timestamp, or a Unix time number, to `unit`.
pub(crate) fn truncate_time(text: &[u8], is_number: bool, unit: TimeUnit) -> Typed {
    let out = if is_number {
        epoch(text, unit)
    } else {
        iso(text, unit)
    };
    match out {
        Some(s) if s == text => Typed::Same,
        Some(s) if is_number => Typed::Num(s),
        Some(s) => Typed::Str(s),
        None => Typed::Null,
    }
}

/// `YYYY-MM-DD`, then optionally `T`/`t`/` ` `HH:MM[:SS[.frac]]` and an offset.
fn iso(t: &[u8], unit: TimeUnit) -> Option<Vec<u8>> {
    let digits =
        |r: std::ops::Range<usize>| t.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let date_ok = digits(0..4)
        && t.get(4) == Some(&b'-')
        && digits(5..7)
        && t.get(7) == Some(&b'-')
        && digits(8..10);
    if !date_ok {
        return None;
    }
    if t.len() == 10 {
        return Some(t.to_vec()); // a date is already coarser than an hour
    }
    if !matches!(t[10], b'T' | b't' | b' ')
        || !digits(11..13)
        || t.get(13) != Some(&b':')
        || !digits(14..16)
    {
        return None;
    }
    let mut i = 16;
    if t.get(i) == Some(&b':') {
        if !digits(i + 1..i + 3) {
            return None;
        }
        i += 3;
        if let Some(b'.' | b',') = t.get(i) {
            i += 1;
            let s = i;
            while t.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == s {
                return None;
            }
        }
    }
    let offset = &t[i..];
    let offset_ok = match offset {
        [] | [b'Z' | b'z'] => true,
        [b'+' | b'-', rest @ ..] => {
            let (h, m) = match rest {
                [h1, h2, b':', m1, m2] | [h1, h2, m1, m2] => ([*h1, *h2], [*m1, *m2]),
                [h1, h2] => ([*h1, *h2], [b'0', b'0']),
                _ => return None,
            };
            h.iter().chain(m.iter()).all(u8::is_ascii_digit)
        }
        _ => false,
    };
    if !offset_ok {
        return None;
    }
    let mut out = Vec::with_capacity(t.len());
    out.extend_from_slice(&t[..11]);
    match unit {
        TimeUnit::Hour => out.extend_from_slice(&t[11..13]),
        TimeUnit::Day => out.extend_from_slice(b"00"),
    }
    out.extend_from_slice(b":00:00");
    out.extend_from_slice(offset);
    Some(out)
}

/// A Unix time in seconds, milliseconds, microseconds or nanoseconds (told apart by
/// size), floored to the unit in the same scale.
fn epoch(t: &[u8], unit: TimeUnit) -> Option<Vec<u8>> {
    let s = std::str::from_utf8(t).ok()?;
    let v: i128 = match s.parse::<i128>() {
        Ok(v) => v,
        Err(_) => {
            let f = s
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite() && f.abs() < 1e30)?;
            f.floor() as i128
        }
    };
    let step = epoch_scale(v)
        * match unit {
            TimeUnit::Hour => 3_600,
            TimeUnit::Day => 86_400,
        };
    Some(
        v.div_euclid(step)
            .checked_mul(step)?
            .to_string()
            .into_bytes(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(t: Typed) -> String {
        match t {
            Typed::Str(v) | Typed::Num(v) => String::from_utf8(v).unwrap(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn ips() {
        assert_eq!(s(truncate(b"203.0.113.77", 24, 48)), "203.0.113.0");
        assert_eq!(s(truncate(b"2001:db8:1:2::9", 24, 48)), "2001:db8:1::");
        assert_eq!(truncate(b"203.0.113.0", 24, 48), Typed::Same);
        assert_eq!(truncate(b"near 1.2.3.4", 24, 48), Typed::Scan);
    }

    #[test]
    fn buckets() {
        assert_eq!(s(bucket(b"37", true, 10.0)), "30");
        assert_eq!(s(bucket(b"-3", true, 10.0)), "-10");
        assert_eq!(bucket(b"37.5", false, 0.5), Typed::Same);
        assert_eq!(s(bucket(b"37.7", false, 0.5)), "37.5");
        assert_eq!(s(bucket(b"19.99", true, 5.0)), "15");
        assert_eq!(bucket(b"1e999", true, 10.0), Typed::Null);
        assert_eq!(bucket(b"abc", false, 10.0), Typed::Null);
    }

    #[test]
    fn times() {
        let h = |t: &str| s(truncate_time(t.as_bytes(), false, TimeUnit::Hour));
        let d = |t: &str| s(truncate_time(t.as_bytes(), false, TimeUnit::Day));
        assert_eq!(
            h("2024-05-06T13:45:12.5+02:00"),
            "2024-05-06T13:00:00+02:00"
        );
        assert_eq!(h("2024-05-06 13:45Z"), "2024-05-06 13:00:00Z");
        assert_eq!(d("2024-05-06T13:45:12Z"), "2024-05-06T00:00:00Z");
        assert_eq!(
            truncate_time(b"2024-05-06", false, TimeUnit::Day),
            Typed::Same
        );
        assert_eq!(
            truncate_time(b"yesterday", false, TimeUnit::Day),
            Typed::Null
        );
        let n = |t: &str| s(truncate_time(t.as_bytes(), true, TimeUnit::Hour));
        assert_eq!(n("1715003112"), "1715000400");
        assert_eq!(n("1715003112345"), "1715000400000");
        assert_eq!(n("1715003112.9"), "1715000400");
    }

    #[test]
    fn generalizations() {
        let g = |t: &str, num: bool, to| s(generalize(t.as_bytes(), num, to));
        assert_eq!(g("94107", false, Generalization::Zip3), "941");
        assert_eq!(g("3601", true, Generalization::Zip3), "000");
        assert_eq!(g("94107", true, Generalization::Zip3), "941");
        assert_eq!(g("1957-03-14", false, Generalization::Year), "1957");
        // 1957-03-14T00:00:00Z in seconds and milliseconds; 1969-12-31 is day -1.
        assert_eq!(g("-404265600", true, Generalization::Year), "1957");
        assert_eq!(g("-404265600000", true, Generalization::Year), "1957");
        assert_eq!(g("-1", true, Generalization::Year), "1969");
        assert_eq!(g("951782400", true, Generalization::Year), "2000");
        assert_eq!(generalize(b"1957", true, Generalization::Year), Typed::Same);
        assert_eq!(g("93", true, Generalization::Age), "90+");
        assert_eq!(generalize(b"41", true, Generalization::Age), Typed::Same);
        assert_eq!(
            generalize(b"1957", false, Generalization::Year),
            Typed::Same
        );
        assert_eq!(
            generalize(b"soon", false, Generalization::Year),
            Typed::Null
        );
    }
}
