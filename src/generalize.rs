//! [`Generalization`]: coarsening a value instead of removing it, as the HIPAA Safe
//! Harbor method asks (45 CFR 164.514(b)(2)(i)(B), (C)): ZIP codes to their first three
//! digits, dates to their year, ages over 89 to one `90+` class; and URLs to their
//! origin. The same functions serve text rules ([`Action::Generalize`](crate::Action))
//! and field rules ([`FieldAction::Generalize`](crate::FieldAction)).

use serde::{Deserialize, Serialize};

/// How a value is generalized (see `docs/policy.md`, "Generalizations").
///
/// ```
/// use piiscrub::{EventScrubber, FieldAction, FieldRule, Generalization, Policy};
/// let mut p = Policy::default();
/// p.fields = vec![
///     FieldRule::key_matches("^zip$", FieldAction::Generalize { to: Generalization::Zip3 }),
///     FieldRule::key_matches("^dob$", FieldAction::Generalize { to: Generalization::Year }),
///     FieldRule::key_matches("^age$", FieldAction::Generalize { to: Generalization::Age }),
/// ];
/// let ev = EventScrubber::new(&p)?;
/// assert_eq!(
///     ev.scrub_event_str(r#"{"zip":"03601","dob":"1957-03-14","age":93}"#)?,
///     r#"{"zip":"000","dob":"1957","age":"90+"}"#
/// );
/// # Ok::<(), piiscrub::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Generalization {
    /// A US ZIP code (`94107`, `94107-1234`, `941071234`) becomes its first three
    /// digits (`941`), or `000` when those three digits are one of the 17 areas of
    /// 20,000 people or fewer that the HHS de-identification guidance lists (2000
    /// census): 036, 059, 063, 102, 203, 556, 692, 790, 821, 823, 830, 831, 878, 879,
    /// 884, 890, 893. A three-digit value is already generalized (a restricted one
    /// still becomes `000`). A JSON number is a ZIP that lost its leading zeros
    /// (`3601` is `03601`).
    Zip3,
    /// A date becomes its year (`1957-03-14` → `1957`). Read: ISO 8601 / RFC 3339
    /// (`1957-03-14`, `1957-03-14T08:30:00Z`, `1957-03`, `19570314`, `1957/03/14`),
    /// US and EU numeric dates with a four-digit year (`03/14/1957`, `14.03.1957`,
    /// `14-03-1957`), the common log format (`14/Mar/1957:08:30:00 +0000`), and
    /// written months (`14 Mar 1957`, `March 14, 1957`, `Thu, 14 Mar 1957 08:30:00
    /// GMT`); a bare four-digit year is already generalized. A JSON number is a Unix
    /// time (seconds, milliseconds, microseconds or nanoseconds, by size), except a
    /// four-digit one, which is a year already.
    Year,
    /// An age above 89 becomes `90+`; ages up to 89 stay as they are.
    Age,
    /// A URL keeps its scheme, host and port and loses the rest (user info, path,
    /// query, fragment): `https://portal.example.org/patients/4711?visit=9` →
    /// `https://portal.example.org/`.
    UrlOrigin,
}

/// The three-digit ZIP areas of 20,000 people or fewer (HHS guidance, 2000 census).
pub(crate) const RESTRICTED_ZIP3: [&[u8; 3]; 17] = [
    b"036", b"059", b"063", b"102", b"203", b"556", b"692", b"790", b"821", b"823", b"830", b"831",
    b"878", b"879", b"884", b"890", b"893",
];

/// What a value becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Generalized {
    /// Already as general as the action makes it.
    Same,
    /// This text.
    New(Vec<u8>),
}

/// Longest value (date, URL …) a generalization reads; longer ones are not values.
const MAX_VALUE: usize = 4096;

impl Generalization {
    /// The action's name in policy files.
    pub fn name(self) -> &'static str {
        match self {
            Generalization::Zip3 => "zip3",
            Generalization::Year => "year",
            Generalization::Age => "age",
            Generalization::UrlOrigin => "url_origin",
        }
    }

    /// Generalizes a whole value; `None` when it is not a value of this kind.
    pub(crate) fn value(self, v: &[u8]) -> Option<Generalized> {
        if v.len() > MAX_VALUE {
            return None;
        }
        match self {
            Generalization::Zip3 => zip3(v),
            Generalization::Year => year(v).map(|y| {
                if y.len() == v.len() {
                    Generalized::Same
                } else {
                    Generalized::New(y.to_vec())
                }
            }),
            Generalization::Age => age(v),
            Generalization::UrlOrigin => url_origin(v),
        }
    }

    /// Generalizes the value inside a span a text rule found (`zip=94107` →
    /// `zip=941`): the text around the value stays. The value is the last digit run
    /// (ZIP, age), the longest date that ends the span (year), or the URL from its
    /// scheme on. `None` when the span holds no such value (callers redact it).
    pub(crate) fn in_span(self, span: &[u8]) -> Option<Generalized> {
        let (start, end) = match self {
            Generalization::Zip3 => zip_in(span)?,
            Generalization::Age => age_in(span)?,
            Generalization::Year => year_in(span)?,
            Generalization::UrlOrigin => (url_start(span)?, span.len()),
        };
        match self.value(&span[start..end])? {
            Generalized::Same => Some(Generalized::Same),
            Generalized::New(v) => {
                let mut out = Vec::with_capacity(span.len());
                out.extend_from_slice(&span[..start]);
                out.extend_from_slice(&v);
                out.extend_from_slice(&span[end..]);
                Some(Generalized::New(out))
            }
        }
    }
}

fn all_digits(v: &[u8]) -> bool {
    !v.is_empty() && v.iter().all(u8::is_ascii_digit)
}

fn zip3(v: &[u8]) -> Option<Generalized> {
    let v = v.trim_ascii();
    let ok = match v.len() {
        3 | 5 | 9 => all_digits(v),
        10 => all_digits(&v[..5]) && matches!(v[5], b'-' | b' ') && all_digits(&v[6..]),
        _ => false,
    };
    if !ok {
        return None;
    }
    let area: [u8; 3] = [v[0], v[1], v[2]];
    let out: &[u8] = if RESTRICTED_ZIP3.contains(&&area) {
        b"000"
    } else {
        &area
    };
    Some(if out == v {
        Generalized::Same
    } else {
        Generalized::New(out.to_vec())
    })
}

/// A JSON number holding a ZIP code: its digits, zero-padded to 5 (or 9) digits.
pub(crate) fn zip_number(v: &[u8]) -> Option<Vec<u8>> {
    if !all_digits(v) || v.len() > 9 {
        return None;
    }
    let width = if v.len() <= 5 { 5 } else { 9 };
    let mut out = vec![b'0'; width - v.len()];
    out.extend_from_slice(v);
    Some(out)
}

/// The last digit run of a span (start, end).
fn last_digits(span: &[u8]) -> Option<(usize, usize)> {
    let end = span.iter().rposition(u8::is_ascii_digit)? + 1;
    let start = span[..end]
        .iter()
        .rposition(|b| !b.is_ascii_digit())
        .map_or(0, |i| i + 1);
    Some((start, end))
}

fn zip_in(span: &[u8]) -> Option<(usize, usize)> {
    let (s, e) = last_digits(span)?;
    // A ZIP+4 ends in its four-digit extension.
    if e - s == 4 && s >= 6 && matches!(span[s - 1], b'-' | b' ') && all_digits(&span[s - 6..s - 1])
    {
        return Some((s - 6, e));
    }
    Some((s, e))
}

fn age(v: &[u8]) -> Option<Generalized> {
    let v = v.trim_ascii();
    if v == b"90+" {
        return Some(Generalized::Same);
    }
    let text = std::str::from_utf8(v).ok()?;
    // Plain decimal numbers only: no sign, no exponent, no `inf`.
    if !text.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        || !text.starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let x: f64 = text.parse().ok()?;
    Some(if x > 89.0 {
        Generalized::New(b"90+".to_vec())
    } else {
        Generalized::Same
    })
}

fn age_in(span: &[u8]) -> Option<(usize, usize)> {
    let (mut s, mut e) = last_digits(span)?;
    if span.get(e) == Some(&b'+') {
        e += 1;
    }
    // A decimal age (`92.5`): take the whole number.
    if s >= 2 && span[s - 1] == b'.' && span[s - 2].is_ascii_digit() {
        s = last_digits(&span[..s - 1])?.0;
    }
    Some((s, e))
}

/// The start of the URL in a span: the scheme before its `://`.
fn url_start(span: &[u8]) -> Option<usize> {
    let colon = span.windows(3).position(|w| w == b"://")?;
    let start = span[..colon]
        .iter()
        .rposition(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-')))
        .map_or(0, |i| i + 1);
    (start < colon).then_some(start)
}

fn url_origin(v: &[u8]) -> Option<Generalized> {
    let start = url_start(v)?;
    if start != 0 || !v[0].is_ascii_alphabetic() {
        return None;
    }
    let auth_start = v.windows(3).position(|w| w == b"://")? + 3;
    let auth_end = v[auth_start..]
        .iter()
        .position(|b| matches!(b, b'/' | b'?' | b'#'))
        .map_or(v.len(), |i| auth_start + i);
    let authority = &v[auth_start..auth_end];
    // User info (`user:pass@`) goes with the rest.
    let host = match authority.iter().rposition(|&b| b == b'@') {
        Some(at) => &authority[at + 1..],
        None => authority,
    };
    if host.is_empty() || host.iter().any(|b| b.is_ascii_whitespace()) {
        return None;
    }
    let mut out = Vec::with_capacity(auth_start + host.len() + 1);
    out.extend_from_slice(&v[..auth_start]);
    out.extend_from_slice(host);
    out.push(b'/');
    let rest = &v[auth_end..];
    Some(
        if host.len() == authority.len() && (rest.is_empty() || rest == b"/") {
            Generalized::Same
        } else {
            Generalized::New(out)
        },
    )
}

/// The year of a date (the four digits, a slice of `v`); `None` when `v` is not a
/// date in one of the documented formats.
pub(crate) fn year(v: &[u8]) -> Option<&[u8]> {
    let v = v.trim_ascii();
    if v.len() > 64 {
        return None;
    }
    iso(v).or_else(|| numeric_dmy(v)).or_else(|| written(v))
}

/// The longest date ending a span (at most 64 bytes, starting after a non-letter,
/// non-digit byte).
fn year_in(span: &[u8]) -> Option<(usize, usize)> {
    let end = span.len();
    let first = end.saturating_sub(64);
    (first..end)
        .filter(|&i| i == 0 || !span[i - 1].is_ascii_alphanumeric())
        .find(|&i| span[i].is_ascii_alphanumeric() && year(&span[i..]).is_some())
        .map(|i| (i, end))
}

/// A cursor over a date's bytes.
struct Cur<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Cur<'a> {
    fn new(s: &'a [u8]) -> Self {
        Cur { s, i: 0 }
    }
    /// A whole digit run of `min..=max` digits.
    fn num(&mut self, min: usize, max: usize) -> Option<&'a [u8]> {
        let n = self.s[self.i..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        (min..=max).contains(&n).then(|| {
            self.i += n;
            &self.s[self.i - n..self.i]
        })
    }
    fn byte(&mut self, set: &[u8]) -> Option<u8> {
        let b = *self.s.get(self.i)?;
        set.contains(&b).then(|| {
            self.i += 1;
            b
        })
    }
    fn word(&mut self) -> Option<&'a [u8]> {
        let n = self.s[self.i..]
            .iter()
            .take_while(|b| b.is_ascii_alphabetic())
            .count();
        (n > 0).then(|| {
            self.i += n;
            &self.s[self.i - n..self.i]
        })
    }
    fn done(&self) -> bool {
        self.i == self.s.len()
    }
    /// What may follow a date: nothing, or a time of day and zone (`T08:30:00Z`,
    /// ` 08:30 PM GMT`, `:08:30:00 +0000`).
    fn time_tail(&self) -> bool {
        let t = &self.s[self.i..];
        match t.first() {
            None => true,
            Some(b'T' | b't' | b' ' | b':') => {
                t.len() <= 40
                    && t.iter().any(u8::is_ascii_digit)
                    && t.iter().all(|b| {
                        b.is_ascii_alphanumeric()
                            || matches!(b, b':' | b'.' | b',' | b'+' | b'-' | b' ')
                    })
            }
            _ => false,
        }
    }
}

fn number(d: &[u8]) -> u32 {
    d.iter().fold(0, |n, b| n * 10 + u32::from(b - b'0'))
}
fn month_ok(d: &[u8]) -> bool {
    (1..=12).contains(&number(d))
}
fn day_ok(d: &[u8]) -> bool {
    (1..=31).contains(&number(d))
}

const MONTHS: [&[u8]; 12] = [
    b"january",
    b"february",
    b"march",
    b"april",
    b"may",
    b"june",
    b"july",
    b"august",
    b"september",
    b"october",
    b"november",
    b"december",
];
const DAYS: [&[u8]; 7] = [
    b"monday",
    b"tuesday",
    b"wednesday",
    b"thursday",
    b"friday",
    b"saturday",
    b"sunday",
];

/// A month or weekday name, written out or abbreviated to at least three letters
/// (`Mar`, `March`, `Sept`).
fn named(w: &[u8], names: &[&[u8]]) -> bool {
    w.len() >= 3
        && names.iter().any(|n| {
            w.len() <= n.len()
                && w.iter()
                    .zip(n.iter())
                    .all(|(a, b)| a.to_ascii_lowercase() == *b)
        })
}

/// `YYYY`, `YYYY-MM`, `YYYY-MM-DD` (or `/`, `.`), `YYYYMMDD`, each with an optional time.
fn iso(v: &[u8]) -> Option<&[u8]> {
    let mut c = Cur::new(v);
    if let Some(d) = c.num(8, 8) {
        let ok = month_ok(&d[4..6])
            && day_ok(&d[6..8])
            && (c.done() || (matches!(v[8], b'T' | b't') && c.time_tail()));
        return ok.then(|| &d[..4]);
    }
    let y = c.num(4, 4)?;
    if c.done() {
        return Some(y);
    }
    let sep = c.byte(b"-/.")?;
    if !month_ok(c.num(1, 2)?) {
        return None;
    }
    if c.done() {
        return Some(y);
    }
    c.byte(&[sep])?;
    (day_ok(c.num(1, 2)?) && c.time_tail()).then_some(y)
}

/// `MM/DD/YYYY` (US) or `DD.MM.YYYY`, `DD/MM/YYYY`, `DD-MM-YYYY` (EU), with a time.
fn numeric_dmy(v: &[u8]) -> Option<&[u8]> {
    let mut c = Cur::new(v);
    let a = c.num(1, 2)?;
    let sep = c.byte(b"/.-")?;
    let b = c.num(1, 2)?;
    c.byte(&[sep])?;
    let y = c.num(4, 4)?;
    let ok = day_ok(a) && day_ok(b) && (month_ok(a) || month_ok(b)) && c.time_tail();
    ok.then_some(y)
}

/// Dates with a written month: `14/Mar/1957:08:30:00 +0000` (common log format),
/// `14-Mar-1957`, `14 Mar 1957`, `March 14, 1957`, after an optional weekday.
fn written(v: &[u8]) -> Option<&[u8]> {
    let mut c = Cur::new(v);
    let start = c.i;
    if let Some(w) = c.word() {
        if named(w, &DAYS) {
            c.byte(b",");
            c.byte(b" ")?;
        } else {
            c.i = start;
        }
    }
    let at = c.i;
    // Day first.
    if let Some(d) = c.num(1, 2) {
        let sep = c.byte(b"/- ")?;
        let m = c.word()?;
        c.byte(&[sep])?;
        let y = c.num(4, 4)?;
        return (day_ok(d) && named(m, &MONTHS) && c.time_tail()).then_some(y);
    }
    // Month first.
    c.i = at;
    let m = c.word()?;
    c.byte(b".");
    c.byte(b" ")?;
    let d = c.num(1, 2)?;
    c.byte(b",");
    c.byte(b" ")?;
    let y = c.num(4, 4)?;
    (named(m, &MONTHS) && day_ok(d) && c.time_tail()).then_some(y)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(to: Generalization, v: &str) -> String {
        match to.value(v.as_bytes()) {
            Some(Generalized::Same) => "=".into(),
            Some(Generalized::New(n)) => String::from_utf8(n).unwrap(),
            None => "-".into(),
        }
    }
    fn s(to: Generalization, v: &str) -> String {
        match to.in_span(v.as_bytes()) {
            Some(Generalized::Same) => "=".into(),
            Some(Generalized::New(n)) => String::from_utf8(n).unwrap(),
            None => "-".into(),
        }
    }

    #[test]
    fn zips() {
        use Generalization::Zip3;
        assert_eq!(g(Zip3, "94107"), "941");
        assert_eq!(g(Zip3, "03601"), "000");
        assert_eq!(g(Zip3, "94107-1234"), "941");
        assert_eq!(g(Zip3, "941071234"), "941");
        assert_eq!(g(Zip3, "941"), "=");
        assert_eq!(g(Zip3, "000"), "=");
        assert_eq!(g(Zip3, "036"), "000");
        assert_eq!(g(Zip3, "9410"), "-");
        assert_eq!(g(Zip3, "SW1A 1AA"), "-");
        for r in RESTRICTED_ZIP3 {
            let z = format!("{}42", std::str::from_utf8(r).unwrap());
            assert_eq!(g(Zip3, &z), "000");
        }
        assert_eq!(zip_number(b"3601").unwrap(), b"03601");
        assert_eq!(s(Zip3, "zip=94107"), "zip=941");
        assert_eq!(s(Zip3, "zip: 94107-1234"), "zip: 941");
        assert_eq!(s(Zip3, "zip=941"), "=");
        assert_eq!(s(Zip3, "zip=x"), "-");
    }

    #[test]
    fn years() {
        use Generalization::Year;
        for d in [
            "1957-03-14",
            "1957-03-14T08:30:00Z",
            "1957-03-14T08:30:00.25+02:00",
            "1957-03-14 08:30",
            "1957-03",
            "19570314",
            "1957/03/14",
            "03/14/1957",
            "14.03.1957",
            "14-03-1957",
            "3/4/1957",
            "14/Mar/1957:08:30:00 +0000",
            "14-Mar-1957",
            "14 Mar 1957",
            "14 March 1957",
            "March 14, 1957",
            "Mar. 14 1957",
            "Thu, 14 Mar 1957 08:30:00 GMT",
            "Thursday, March 14, 1957",
        ] {
            assert_eq!(g(Year, d), "1957", "{d}");
        }
        assert_eq!(g(Year, "1957"), "=");
        for bad in [
            "13/14/1957",
            "1957-13-01",
            "yesterday",
            "14 Foo 1957",
            "57-03-14",
            "1957-03-14x",
        ] {
            assert_eq!(g(Year, bad), "-", "{bad}");
        }
        assert_eq!(s(Year, "dob=1957-03-14"), "dob=1957");
        assert_eq!(s(Year, "born: March 14, 1957"), "born: 1957");
        assert_eq!(s(Year, "dob=1957"), "=");
    }

    #[test]
    fn ages() {
        use Generalization::Age;
        assert_eq!(g(Age, "93"), "90+");
        assert_eq!(g(Age, "90"), "90+");
        assert_eq!(g(Age, "89"), "=");
        assert_eq!(g(Age, "89.5"), "90+");
        assert_eq!(g(Age, "90+"), "=");
        assert_eq!(g(Age, "-3"), "-");
        assert_eq!(g(Age, "old"), "-");
        assert_eq!(s(Age, "age=93"), "age=90+");
        assert_eq!(s(Age, "age=90+"), "=");
        assert_eq!(s(Age, "93 years old"), "90+ years old");
        assert_eq!(s(Age, "age: 92.5"), "age: 90+");
        assert_eq!(s(Age, "age=41"), "=");
    }

    #[test]
    fn urls() {
        use Generalization::UrlOrigin;
        assert_eq!(
            g(
                UrlOrigin,
                "https://portal.example.org/patients/4711?visit=9"
            ),
            "https://portal.example.org/"
        );
        assert_eq!(
            g(UrlOrigin, "https://u:p@x.org:8443/a"),
            "https://x.org:8443/"
        );
        assert_eq!(g(UrlOrigin, "https://x.org/"), "=");
        assert_eq!(g(UrlOrigin, "https://x.org"), "=");
        assert_eq!(g(UrlOrigin, "not a url"), "-");
        assert_eq!(s(UrlOrigin, "https://x.org/p/1"), "https://x.org/");
    }
}
