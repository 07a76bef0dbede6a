//! Telephone numbers.
//!
//! # What matches
//!
//! * **International** (`phone.e164`): `+`, a valid ITU-T E.164 country code, and 7–15
//!   digits in all, in groups separated by one space, tab, `.`, `-` or `/`, or written in
//!   parentheses (`(415)`, `(20)`, and the trunk prefix `(0)` that is not counted):
//!   `+44 (0)20 7946 0958`, `+1 (415) 555-2671`, `+33 1 23 45 67 89`, `+81-3-1234-5678`,
//!   `+14155552671`. For a few countries the national number's length is checked too
//!   (NANP `+1`: 10 digits, area code 2–9; `+7`: 10; `+33`: 9; `+44`: 9–10; …).
//! * **`00` international** (`phone.intl00`): `00` + country code as a group of its own,
//!   then at least one more separated group, same digit rules: `0044 20 7946 0958`,
//!   `0049 30 1234567`. The national number may not start with `0` (except Italy `0039`).
//! * **National formats**, separators required between groups, exact digit counts:
//!   * US/NANP (`phone.us`): `(415) 555-2671`, `(415)555-2671`, `415-555-2671`,
//!     `415.555.2671`, `1-800-555-0199`, `1 (800) 555-0199`: area code and exchange
//!     `[2-9]XX` but not `N11`; without parentheses one separator (`-` or `.`) throughout.
//!     A space-only `415 555 2671` is **not** matched (it looks like log counters).
//!   * Italian mobiles (`phone.it_mobile`): `3[2-9]X XXX XXX(X)` with single spaces.
//!   * French (`phone.fr`): `0[1-9]` + 4 pairs, one separator (space, `.` or `-`) throughout.
//!   * Trunk-`0` national numbers in three groups (`phone.trunk3`): `0` + area (1–4
//!     digits) + 3–4 + 3–4 digits, 10–12 digits in all: UK `020 7946 0958`,
//!     `0121 496 0000`, DE `089 1234-5678`, IT `06 1234 5678`, JP `03-1234-5678`,
//!     `090-1234-5678`. A `0D YYYY …` shape (`05 2024 1234`, a date) is rejected.
//!   * Trunk-`0` national numbers in two groups (`phone.trunk2`): `0` + area (1–4
//!     digits), one of space `/` `-`, then 5–8 digits, 10–12 digits in all (so a US
//!     EIN `01-1234567` or a 9-digit `012 345321` is not one): DE
//!     `030 12345678`, `030/12345678`, `0151 12345678`, UK `07700 900123`,
//!     `01632 960123`, NL `020-1234567`, `06-12345678`, `06 12345678`.
//!   * Brazil (`phone.br`): `(11) 91234-5678`, `(21) 2345-6789` (area code `[1-9][1-9]`).
//! * **Context** (`phone.key`, `phone.phrase`): after a key whose name has a phone word
//!   as a *word part* (list `phone_keys`; key names are split on `_ - .`, camelCase and
//!   letter/digit changes; `user_phone`, `phoneNumber`, `X-Mobile`, `tel:`, `<phone>`,
//!   `"phones":`, but not `hotel_id`, `intel`, `telemetry`) followed by `=`, `:`, `=>` or
//!   `>`; or after a phrase (list `phone_phrases`: `sms to`, `sent to`, `call from` …,
//!   optionally followed by `:`, `is`, `at` …): a bare digit run or a formatted number of
//!   7–15 digits, or a `+` number as above. The finding is the number, not the key.
//!   Values shaped like an IPv4 address, a date (`2024-01-05`, `05.01.2024`), a decimal
//!   (`12345.678`, also `+90.000000`) or all zeros are rejected. A bare value prefers a
//!   10–11 digit reading (`cell=415 555 2671 took 12` finds `415 555 2671`).
//! * **Extensions** are part of the finding: `x123`, ` ext. 123`, ` ext 123`,
//!   ` extension 123`, `;ext=123` (1–6 digits).
//!
//! # What does not match
//!
//! Bare digit runs without a key or phrase (ids, epoch times `1700000000`, byte counts,
//! durations), dates, times, IPs, versions, ports, process ids; numbers of more than 15
//! digits (a 16-digit card number is the card detector's, which also comes first at the
//! same start).
//!
//! # Boundary rule
//!
//! * Before a national or `00` number: the start of the line, or one of
//!   `space tab ( [ { " ' = , ; < > |`, or `:` not preceded by a digit; and when it is
//!   a space, the token before it is not a short grouped block (2–6 alphanumerics with
//!   a digit, or 4 upper-case letters/digits: `BE71 0961 2345 6760`, `GT82 TRAJ 0102 …`).
//! * Before a `+` number: not a letter, digit, `_`, `+`, `.`, `-`, `\` or `@`.
//! * After any number (or its extension): the end of the line, or not a letter, digit,
//!   `_` or `@`; not `.` followed by a digit; not `-` or `/` followed by a letter or
//!   digit; not `:` followed by anything but a space (`[0701/114930:WARNING:`).
//!   After a national number, also not a space and a 4-character group with a digit
//!   (`… 0012 1002 9690`), and after a French number not a sixth pair (`… 05 ab`, a MAC).
//!   Only a trailing group after a space can be left out of a finding.
//!
//! # Maximum match length
//!
//! Computed from each regex (`regex_syntax` `maximum_len`). With the default lists:
//! `e164` 49, `intl00` 55, `us` 33, `fr` 31, `it_mobile` 29, `trunk3` 32, `trunk2` 31,
//! `br` 32 bytes; `key` 109 and `phrase` 82 bytes (these grow with the longest list
//! entry; the words of a phrase are joined by 1–4 spaces or tabs).
//!
//! # Validation
//!
//! Each candidate is re-parsed into digit groups: the country code (ITU-T E.164 list of
//! assigned codes), digit counts, separator consistency, the NANP `N11` rule, the date
//! and IP shape rules, the key word-part rule and the boundary rule above all hold, or
//! the candidate is rejected. Per-country mobile prefix tables are *not* checked: a
//! `+` number of a plausible length in an assigned country code is scrubbed even if its
//! national prefix is unassigned (over-scrubbing an almost-number is the safe side).

use std::ops::Range;

use super::context::alternation;
use super::{shapes, words, Candidate, DetectOptions, Pattern, Trigger, Validate};
use crate::Kind;

/// An optional extension after the number.
const EXT: &str = r"(?:[ \t]?(?i:extension|ext\.?|x)[ \t]?\d{1,6}|;(?i:ext)=\d{1,6})?";
/// The value of a context key or phrase: a `+` or a digit, then phone characters.
const VALUE: &str = r#"["']?[ \t]{0,3}\+?\(?\d[\d \t.\-/()]{5,30}"#;

/// The rules whose patterns start from a key or a phrase (the others from a number's
/// shape): the engine searches the two sets as separate groups.
pub(crate) const KEYED_RULES: [&str; 2] = ["phone.key", "phone.phrase"];

/// The candidate patterns of the phone family, in their priority order.
pub(crate) fn patterns(opts: &DetectOptions) -> Vec<Pattern> {
    // `alternation` bounds the spaces inside a phrase (`[ \t]{1,3}`).
    let keys = alternation(&opts.lists.phone_keys);
    let phrases = alternation(&opts.lists.phone_phrases);
    let key_re = format!(
        r#"(?i:{keys})[A-Za-z0-9_.\-]{{0,32}}(?:["']?[ \t]{{0,3}}(?:=>|[:=])|>)[ \t]{{0,3}}{VALUE}{EXT}"#
    );
    let phrase_re = format!(
        r"\b(?i:{phrases})(?:[ \t]{{0,3}}[:=#][ \t]{{0,3}}|[ \t]{{1,3}}(?:(?i:is|was|at|on|to|from)[ \t]{{1,3}})?){VALUE}{EXT}"
    );
    // Each spec: rule, regex, validator, trigger (see `Trigger`: inside every match).
    let specs: Vec<(&str, String, Validate, Option<Trigger>)> = vec![
        (
            "phone.e164",
            format!(r"\+[1-9][\d \t.\-/()]{{5,30}}{EXT}"),
            validate_plus,
            shapes(r"\+[1-9][\d \t.\-/()]{5}"),
        ),
        (
            "phone.intl00",
            format!(r"\b00[1-9]\d{{0,2}}[ \t.\-]\(?\d[\d \t.\-/()]{{4,30}}{EXT}"),
            validate_00,
            shapes(r"\b00[1-9]\d{0,2}[ \t.\-]\(?\d"),
        ),
        (
            "phone.key",
            key_re,
            validate_key,
            words(format!("(?i:{keys})")),
        ),
        (
            "phone.phrase",
            phrase_re,
            validate_phrase,
            words(format!("(?i:{phrases})")),
        ),
        (
            "phone.us",
            format!(
                r"(?:\b1[.\-])?\b[2-9]\d\d[.\-][2-9]\d\d[.\-]\d{{4}}{EXT}|(?:\b1[ \t\-]?)?\([2-9]\d\d\)[ \t]?[2-9]\d\d[ .\-]\d{{4}}{EXT}"
            ),
            validate_us,
            shapes(r"\b[2-9]\d\d[.\-][2-9]\d\d[.\-]\d{4}|\([2-9]\d\d\)"),
        ),
        (
            "phone.fr",
            format!(r"\b0[1-9](?:[ .\-]\d\d){{4}}{EXT}"),
            validate_fr,
            shapes(r"\b0[1-9][ .\-]\d\d[ .\-]\d\d[ .\-]"),
        ),
        (
            "phone.it_mobile",
            format!(r"\b3[2-9]\d \d{{3}} \d{{3,4}}{EXT}"),
            validate_it_mobile,
            shapes(r"\b3[2-9]\d \d{3} \d{3}"),
        ),
        (
            "phone.trunk3",
            format!(r"\b0[1-9]\d{{0,3}}[ /\-]\d{{3,4}}[ \-]\d{{3,4}}{EXT}"),
            validate_trunk3,
            shapes(r"\b0[1-9]\d{0,3}[ /\-]\d{3,4}[ \-]\d{3}"),
        ),
        (
            "phone.trunk2",
            format!(r"\b0[1-9]\d{{0,3}}[ /\-]\d{{5,8}}{EXT}"),
            validate_trunk2,
            shapes(r"\b0[1-9]\d{0,3}[ /\-]\d{5}"),
        ),
        (
            "phone.br",
            format!(r"\([1-9][1-9]\)[ \t]?(?:9\d{{4}}|[2-8]\d{{3}})-\d{{4}}{EXT}"),
            validate_br,
            shapes(r"\([1-9][1-9]\)"),
        ),
    ];
    specs
        .into_iter()
        .map(|(rule, regex, validate, trigger)| Pattern {
            kind: Kind::Phone,
            rule: rule.to_owned(),
            max_len: max_len(&regex),
            regex,
            validate,
            trigger,
        })
        .collect()
}

/// The longest match of a candidate regex, as the engine parses it.
fn max_len(regex: &str) -> usize {
    super::parse(regex)
        .and_then(|h| h.properties().maximum_len())
        // Unreachable for these bounded patterns; the engine reports a bad regex itself.
        .unwrap_or(1024)
}

// ---------------------------------------------------------------------------------
// Byte helpers and boundaries

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn byte(hay: &[u8], i: usize) -> Option<u8> {
    hay.get(i).copied().filter(|&b| b != b'\n')
}

fn prev(hay: &[u8], i: usize, back: usize) -> Option<u8> {
    i.checked_sub(back).and_then(|j| byte(hay, j))
}

fn is_digit_at(hay: &[u8], i: usize) -> bool {
    byte(hay, i).is_some_and(|b| b.is_ascii_digit())
}

/// Before a national or `00` number.
fn before_ok_national(hay: &[u8], start: usize) -> bool {
    if matches!(prev(hay, start, 1), Some(b' ' | b'\t')) && grouped_token_before(hay, start - 1) {
        return false;
    }
    match prev(hay, start, 1) {
        None => true,
        Some(
            b' ' | b'\t' | b'(' | b'[' | b'{' | b'"' | b'\'' | b'=' | b',' | b';' | b'<' | b'>'
            | b'|',
        ) => true,
        Some(b':') => !prev(hay, start, 2).is_some_and(|b| b.is_ascii_digit()),
        Some(_) => false,
    }
}

/// Whether the token that ends at `end` is a short alphanumeric group with a digit
/// (`BE71`, `3704`, `0044`): the candidate is then the tail of a longer grouped number
/// (an IBAN, a card, an account number), not a phone number of its own.
fn grouped_token_before(hay: &[u8], end: usize) -> bool {
    let mut i = end;
    let mut digit = false;
    while i > 0 {
        match byte(hay, i - 1) {
            Some(b) if b.is_ascii_alphanumeric() => {
                digit |= b.is_ascii_digit();
                i -= 1;
                if end - i > 6 {
                    return false;
                }
            }
            _ => break,
        }
    }
    let boundary = !prev(hay, i, 1).is_some_and(|b| is_word(b) || b == b'-' || b == b'.');
    let len = end - i;
    // `GT82 TRAJ 0102 …`: a 4-character bank code block of an IBAN.
    let block = len == 4
        && hay.get(i..end).is_some_and(|t| {
            t.iter()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        });
    boundary && ((digit && len >= 2) || block)
}

/// Whether one space and a group of `len` alphanumerics (with a digit, unless
/// `hex_ok` and they are hex digits) follow `end`: the number goes on as a grouped
/// number (`… 0012 1002 9690`, a MAC `01 02 03 04 05 ab`).
fn grouped_token_after(hay: &[u8], end: usize, len: usize, hex_ok: bool) -> bool {
    if !matches!(byte(hay, end), Some(b' ' | b'\t')) {
        return false;
    }
    let Some(t) = hay.get(end + 1..end + 1 + len) else {
        return false;
    };
    let alnum = t.iter().all(u8::is_ascii_alphanumeric);
    let telling =
        t.iter().any(u8::is_ascii_digit) || (hex_ok && t.iter().all(u8::is_ascii_hexdigit));
    alnum && telling && !byte(hay, end + 1 + len).is_some_and(is_word)
}

/// Before a `+` number (`start` is the `+`). Not after `::`: a truncated IPv6 address
/// ends in `::`, and what followed its zone id (`fe80::1%2+31…`) must not turn into a
/// phone once the zone is dropped (idempotence).
fn before_ok_plus(hay: &[u8], start: usize) -> bool {
    match prev(hay, start, 1) {
        None => true,
        Some(b':') if prev(hay, start, 2) == Some(b':') => false,
        // Glued to a redaction label (`[MAC]+44…`): the original was glued to a token too.
        Some(b']') => false,
        Some(b) => !(is_word(b) || matches!(b, b'+' | b'.' | b'-' | b'\\' | b'@')),
    }
}

/// After a number or its extension.
fn after_ok(hay: &[u8], end: usize) -> bool {
    match byte(hay, end) {
        None => true,
        Some(b) if is_word(b) || b == b'@' => false,
        // `[0701/114930:WARNING:…]` (Chromium's MMDD/HHMMSS prefix), `host:port`.
        Some(b':') if !matches!(byte(hay, end + 1), None | Some(b' ' | b'\t')) => false,
        Some(b'-' | b'/') => !byte(hay, end + 1).is_some_and(|b| b.is_ascii_alphanumeric()),
        Some(b'.' | b':') => !is_digit_at(hay, end + 1),
        Some(_) => true,
    }
}

fn starts_with_ci(hay: &[u8], at: usize, word: &[u8]) -> bool {
    hay.get(at..at + word.len())
        .is_some_and(|s| s.eq_ignore_ascii_case(word))
}

/// Parses an extension at `at` (within `limit`); returns its end.
fn extension_end(hay: &[u8], at: usize, limit: usize) -> Option<usize> {
    let mut i = at;
    if starts_with_ci(hay, i, b";ext=") {
        i += 5;
    } else {
        if matches!(byte(hay, i), Some(b' ' | b'\t')) {
            i += 1;
        }
        let word = [&b"extension"[..], b"ext.", b"ext", b"x"]
            .into_iter()
            .find(|w| starts_with_ci(hay, i, w))?;
        i += word.len();
        if matches!(byte(hay, i), Some(b' ' | b'\t')) {
            i += 1;
        }
    }
    let digits_start = i;
    while i < limit && is_digit_at(hay, i) {
        i += 1;
    }
    let n = i - digits_start;
    ((1..=6).contains(&n) && i <= limit).then_some(i)
}

/// The end of a finding whose digits end at `core_end`: with its extension when one
/// follows, and only when the boundary rule holds.
fn finish(hay: &[u8], core_end: usize, limit: usize) -> Option<usize> {
    if let Some(e) = extension_end(hay, core_end, limit) {
        if after_ok(hay, e) {
            return Some(e);
        }
    }
    after_ok(hay, core_end).then_some(core_end)
}

/// [`finish`] for a national number, which must not go on as a grouped number.
fn finish_national(hay: &[u8], core_end: usize, limit: usize) -> Option<usize> {
    let end = finish(hay, core_end, limit)?;
    (!grouped_token_after(hay, end, 4, false)).then_some(end)
}

// ---------------------------------------------------------------------------------
// Digit groups

#[derive(Clone, Copy, Default, Debug)]
struct Group {
    start: usize,
    end: usize,
    /// The separator before the group (0 for none, or the first group).
    sep: u8,
    paren: bool,
}

impl Group {
    fn digits(&self) -> usize {
        let n = self.end - self.start;
        if self.paren {
            n.saturating_sub(2)
        } else {
            n
        }
    }
}

const MAX_GROUPS: usize = 12;

struct Groups {
    g: [Group; MAX_GROUPS],
    n: usize,
}

impl Groups {
    fn as_slice(&self) -> &[Group] {
        &self.g[..self.n]
    }
}

/// Splits the phone characters at `start` (up to `limit`) into digit groups.
fn groups(hay: &[u8], start: usize, limit: usize) -> Groups {
    let mut out = Groups {
        g: [Group::default(); MAX_GROUPS],
        n: 0,
    };
    let digit = |i: usize| i < limit && is_digit_at(hay, i);
    let mut i = start;
    let mut sep = 0u8;
    while out.n < MAX_GROUPS {
        let gstart = i;
        let paren;
        if i < limit && byte(hay, i) == Some(b'(') {
            let mut j = i + 1;
            while digit(j) && j - i <= 5 {
                j += 1;
            }
            if j == i + 1 || j - i > 5 || j >= limit || byte(hay, j) != Some(b')') {
                break;
            }
            i = j + 1;
            paren = true;
        } else if digit(i) {
            let mut j = i;
            while digit(j) && j - i <= 15 {
                j += 1;
            }
            if j - i > 15 {
                break;
            }
            i = j;
            paren = false;
        } else {
            break;
        }
        out.g[out.n] = Group {
            start: gstart,
            end: i,
            sep,
            paren,
        };
        out.n += 1;
        let next_starts_group = |k: usize| k < limit && (digit(k) || byte(hay, k) == Some(b'('));
        match byte(hay, i) {
            Some(b @ (b' ' | b'\t' | b'.' | b'-' | b'/'))
                if i < limit && next_starts_group(i + 1) =>
            {
                sep = b;
                i += 1;
            }
            Some(b'(') if i < limit => sep = 0,
            Some(b) if paren && b.is_ascii_digit() && i < limit => sep = 0,
            _ => break,
        }
    }
    out
}

/// The digits of groups `gs` (without an international trunk `(0)` when `intl`), into `buf`.
fn collect_digits<'b>(hay: &[u8], gs: &[Group], intl: bool, buf: &'b mut [u8; 64]) -> &'b [u8] {
    let mut n = 0;
    for g in gs {
        let (s, e) = if g.paren {
            (g.start + 1, g.end - 1)
        } else {
            (g.start, g.end)
        };
        let ds = hay.get(s..e).unwrap_or(&[]);
        if intl && g.paren && ds == b"0" {
            continue;
        }
        for &d in ds {
            if n < buf.len() {
                buf[n] = d;
                n += 1;
            }
        }
    }
    &buf[..n]
}

/// Two-digit ITU-T E.164 country codes.
const CC2: [u8; 44] = [
    20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56,
    57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
];
/// Leading two digits of the three-digit country codes (`21x`, `22x`, … `99x`).
const CC3: [u8; 23] = [
    21, 22, 23, 24, 25, 26, 29, 35, 37, 38, 42, 50, 59, 67, 68, 69, 80, 85, 87, 88, 96, 97, 99,
];

/// The length of the country code that starts `d`, if it is an assigned one.
fn cc_len(d: &[u8]) -> Option<usize> {
    let a = d.first()?.wrapping_sub(b'0');
    if a == 1 || a == 7 {
        return Some(1);
    }
    let b = d.get(1)?.wrapping_sub(b'0');
    if a > 9 || b > 9 {
        return None;
    }
    let two = a * 10 + b;
    if CC2.contains(&two) {
        Some(2)
    } else if CC3.contains(&two) && d.len() >= 3 {
        Some(3)
    } else {
        None
    }
}

/// Known national number lengths of large numbering plans (ITU-T E.164 national plans).
fn nsn_range(cc: &[u8]) -> Option<Range<usize>> {
    Some(match cc {
        b"1" | b"7" | b"91" => 10..11,
        b"33" | b"34" | b"31" | b"61" => 9..10,
        b"44" | b"81" => 9..11,
        b"86" | b"55" => 10..12,
        b"49" => 6..14,
        b"39" => 6..14,
        _ => return None,
    })
}

/// Whether the international digits `d` (country code first) make a plausible number.
fn intl_digits_ok(d: &[u8]) -> bool {
    if !(7..=15).contains(&d.len()) {
        return false;
    }
    let Some(cc) = cc_len(d) else { return false };
    let (code, nsn) = d.split_at(cc);
    if nsn.len() < 4 {
        return false;
    }
    if let Some(r) = nsn_range(code) {
        if !r.contains(&nsn.len()) {
            return false;
        }
    }
    if code == b"1" {
        // NANP: area code [2-9]XX, not N11.
        if !matches!(nsn.first(), Some(b'2'..=b'9')) || nsn.get(1..3) == Some(b"11") {
            return false;
        }
    }
    true
}

/// A date shape in the first three groups: `2024-01-05`, `05.01.2024`, `01/05/2024`.
fn looks_like_date(gs: &[Group]) -> bool {
    if gs.len() < 3 || gs[..3].iter().any(|g| g.paren) {
        return false;
    }
    let seps_ok = matches!(gs[1].sep, b'-' | b'.' | b'/') && gs[2].sep == gs[1].sep;
    let l = [gs[0].digits(), gs[1].digits(), gs[2].digits()];
    seps_ok
        && ((l[0] == 4 && l[1] <= 2 && l[2] <= 2)
            || (l[0] <= 2 && l[1] <= 2 && (l[2] == 4 || l[2] == 2)))
}

/// An IPv4 shape: four `.`-separated groups of 1–3 digits.
fn looks_like_ip(gs: &[Group]) -> bool {
    gs.len() >= 4
        && gs[..4]
            .iter()
            .all(|g| !g.paren && (1..=3).contains(&g.digits()))
        && gs[1..4].iter().all(|g| g.sep == b'.')
}

/// A decimal number: `12345.678`, `+90.000000`.
fn is_decimal(gs: &[Group]) -> bool {
    gs.len() == 2 && gs[1].sep == b'.'
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// After `+` or `00`: country code first.
    Intl,
    /// A bare value after a key or phrase.
    Context,
}

/// Chooses where a number of groups `gs` ends: the longest valid prefix of groups
/// (for bare context values, preferably one of 10–11 digits). Returns the finding's end.
fn pick_end(hay: &[u8], gs: &[Group], mode: Mode, limit: usize) -> Option<usize> {
    // A space-separated group after a group of 7+ digits is a different token.
    let mut last = gs.len();
    for k in 1..gs.len() {
        if matches!(gs[k].sep, b' ' | b'\t') && gs[k - 1].digits() >= 7 {
            last = k;
            break;
        }
    }
    let mut best: Option<(usize, usize)> = None; // (end, digits)
    let mut buf = [0u8; 64];
    for k in (0..last).rev() {
        let prefix = &gs[..=k];
        let d = collect_digits(hay, prefix, mode == Mode::Intl, &mut buf);
        let ok = match mode {
            Mode::Intl => intl_digits_ok(d),
            Mode::Context => (7..=15).contains(&d.len()) && d.iter().any(|&b| b != b'0'),
        };
        if !ok {
            continue;
        }
        let Some(end) = finish(hay, gs[k].end, limit) else {
            continue;
        };
        match mode {
            Mode::Intl => return Some(end),
            Mode::Context => {
                if (10..=11).contains(&d.len()) {
                    return Some(end);
                }
                if best.is_none() {
                    best = Some((end, d.len()));
                }
            }
        }
    }
    best.map(|(e, _)| e)
}

// ---------------------------------------------------------------------------------
// Validators

fn validate_plus(c: &Candidate<'_>) -> Option<Range<usize>> {
    if !before_ok_plus(c.hay, c.start) {
        return None;
    }
    let gs = groups(c.hay, c.start + 1, c.end);
    let end = pick_end(c.hay, gs.as_slice(), Mode::Intl, c.end)?;
    (!is_decimal(gs.as_slice())).then_some(c.start..end)
}

/// A 4-character hex word with a letter (a hex dump's column) at `at..at + 4`.
fn hex_word_at(hay: &[u8], at: usize) -> bool {
    hay.get(at..at + 4).is_some_and(|w| {
        w.iter().all(u8::is_ascii_hexdigit) && w.iter().any(u8::is_ascii_alphabetic)
    })
}

fn validate_00(c: &Candidate<'_>) -> Option<Range<usize>> {
    if !before_ok_national(c.hay, c.start) {
        return None;
    }
    let gs = groups(c.hay, c.start + 2, c.end);
    let gs = gs.as_slice();
    let first = gs.first()?;
    let code = c.hay.get(first.start..first.end)?;
    if first.paren || cc_len(code) != Some(code.len()) || gs.len() < 2 {
        return None;
    }
    // The national number does not start with 0 (a trunk prefix), except in Italy.
    let next = gs[1];
    let lead = c.hay.get(next.start + usize::from(next.paren)).copied();
    let trunk = next.paren && c.hay.get(next.start..next.end) == Some(b"(0)");
    if lead == Some(b'0') && !trunk && code != b"39" {
        return None;
    }
    let end = pick_end(c.hay, gs, Mode::Intl, c.end)?;
    // Hex dumps: `0045 4000 4001 b1e6`.
    let hex_before =
        c.start >= 5 && byte(c.hay, c.start - 1) == Some(b' ') && hex_word_at(c.hay, c.start - 5);
    let hex_after = byte(c.hay, end) == Some(b' ') && hex_word_at(c.hay, end + 1);
    if hex_before || hex_after {
        return None;
    }
    Some(c.start..end)
}

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')
}

/// Splits a key name into word parts: at `_ - .`, lower→upper (`phoneNumber`),
/// upper→upper+lower (`XMLPhone`) and letter↔digit changes.
fn key_parts(key: &[u8], out: &mut [(usize, usize); 16]) -> usize {
    let mut n = 0;
    let mut start: Option<usize> = None;
    for (i, &b) in key.iter().enumerate() {
        if !b.is_ascii_alphanumeric() {
            if let Some(s) = start.take() {
                if n < out.len() {
                    out[n] = (s, i);
                    n += 1;
                }
            }
            continue;
        }
        if let Some(s) = start {
            let p = key[i - 1];
            let split = (p.is_ascii_lowercase() && b.is_ascii_uppercase())
                || (p.is_ascii_uppercase()
                    && b.is_ascii_uppercase()
                    && key.get(i + 1).is_some_and(u8::is_ascii_lowercase))
                || (p.is_ascii_digit() != b.is_ascii_digit());
            if split {
                if n < out.len() {
                    out[n] = (s, i);
                    n += 1;
                }
                start = Some(i);
            }
        } else {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        if n < out.len() {
            out[n] = (s, key.len());
            n += 1;
        }
    }
    n
}

/// Whether consecutive word parts of `key` spell one of `entries` (ignoring separators
/// and case; a plural `s` is allowed).
fn key_matches(key: &[u8], entries: &[String]) -> bool {
    let mut parts = [(0, 0); 16];
    let n = key_parts(key, &mut parts);
    let parts = &parts[..n];
    entries.iter().any(|entry| {
        // The entry's letters and digits, lower case (compared without allocating).
        let want = || {
            entry
                .bytes()
                .filter(u8::is_ascii_alphanumeric)
                .map(|b| b.to_ascii_lowercase())
        };
        let want_len = want().count();
        if want_len == 0 {
            return false;
        }
        // Parts `i..=j` spell the entry (or the entry and a plural `s`).
        (0..parts.len()).any(|i| {
            let mut got = parts[i..]
                .iter()
                .flat_map(|&(s, e)| key[s..e].iter().map(u8::to_ascii_lowercase));
            let mut spelled = 0;
            for &(s, e) in &parts[i..] {
                spelled += e - s;
                if spelled >= want_len {
                    let same = want().zip(got.by_ref()).all(|(a, b)| a == b);
                    return same
                        && (spelled == want_len
                            || (spelled == want_len + 1
                                && key[e - 1].eq_ignore_ascii_case(&b's')));
                }
            }
            false
        })
    })
}

/// Validates the value at `at` (a `+` number or a bare/formatted run).
fn context_value(hay: &[u8], at: usize, limit: usize) -> Option<Range<usize>> {
    if byte(hay, at) == Some(b'+') {
        let gs = groups(hay, at + 1, limit);
        let end = pick_end(hay, gs.as_slice(), Mode::Intl, limit)?;
        return (!is_decimal(gs.as_slice())).then_some(at..end);
    }
    let gs = groups(hay, at, limit);
    let gs = gs.as_slice();
    if looks_like_date(gs) || looks_like_ip(gs) {
        return None;
    }
    if is_decimal(gs) {
        return None;
    }
    let end = pick_end(hay, gs, Mode::Context, limit)?;
    Some(at..end)
}

fn validate_key(c: &Candidate<'_>) -> Option<Range<usize>> {
    let hay = c.hay;
    // The whole key name around the matched key word.
    let mut ks = c.start;
    while ks > 0 && byte(hay, ks - 1).is_some_and(is_key_byte) {
        ks -= 1;
        if c.start - ks > 64 {
            return None;
        }
    }
    let mut ke = c.start;
    while ke < c.end && byte(hay, ke).is_some_and(is_key_byte) {
        ke += 1;
    }
    let key = hay.get(ks..ke)?;
    // A plain pseudonym (`phone_3xq…`) is the crate's own output, not a key: read as
    // one, it would make the next number a phone on a second pass (idempotence).
    if !key_matches(key, &c.opts.lists.phone_keys)
        || crate::action::pseudonymize::is_plain_rendering(key)
    {
        return None;
    }
    let mut at = ke;
    while at < c.end
        && matches!(
            byte(hay, at),
            Some(b'"' | b'\'' | b' ' | b'\t' | b':' | b'=' | b'>')
        )
    {
        at += 1;
    }
    context_value(hay, at, c.end)
}

fn validate_phrase(c: &Candidate<'_>) -> Option<Range<usize>> {
    let hay = c.hay;
    let at = (c.start + 1..c.end).find(|&i| {
        matches!(byte(hay, i), Some(b'0'..=b'9' | b'+' | b'('))
            && !prev(hay, i, 1).is_some_and(|b| b.is_ascii_alphanumeric())
    })?;
    context_value(hay, at, c.end)
}

/// Groups of a national candidate, after the boundary check before it.
fn national(c: &Candidate<'_>) -> Option<Groups> {
    before_ok_national(c.hay, c.start).then(|| groups(c.hay, c.start, c.end))
}

fn group_bytes<'h>(hay: &'h [u8], g: &Group) -> &'h [u8] {
    let (s, e) = if g.paren {
        (g.start + 1, g.end.saturating_sub(1))
    } else {
        (g.start, g.end)
    };
    hay.get(s..e).unwrap_or(&[])
}

fn validate_us(c: &Candidate<'_>) -> Option<Range<usize>> {
    let gs = national(c)?;
    let gs = gs.as_slice();
    let (lead, rest) = match gs.len() {
        4 => (Some(gs[0]), &gs[1..]),
        3 => (None, gs),
        _ => return None,
    };
    if let Some(l) = lead {
        if group_bytes(c.hay, &l) != b"1" {
            return None;
        }
    }
    let (area, exch, line) = (rest[0], rest[1], rest[2]);
    if area.digits() != 3 || exch.digits() != 3 || line.digits() != 4 || exch.paren || line.paren {
        return None;
    }
    if !area.paren {
        // One separator throughout: 415-555-2671, 415.555.2671, 1-800-555-0199.
        let s = exch.sep;
        if !matches!(s, b'-' | b'.') || line.sep != s || (lead.is_some() && area.sep != s) {
            return None;
        }
    }
    let n11 = |g: &Group| group_bytes(c.hay, g).get(1..3) == Some(b"11");
    if n11(&area) || n11(&exch) {
        return None;
    }
    let end = finish_national(c.hay, line.end, c.end)?;
    Some(c.start..end)
}

fn validate_fr(c: &Candidate<'_>) -> Option<Range<usize>> {
    let gs = national(c)?;
    let gs = gs.as_slice();
    if gs.len() != 5 || gs[2..].iter().any(|g| g.sep != gs[1].sep) {
        return None;
    }
    // A sixth pair: `01 02 03 04 05 ab` is a MAC address.
    if grouped_token_after(c.hay, gs[4].end, 2, true) {
        return None;
    }
    let end = finish_national(c.hay, gs[4].end, c.end)?;
    Some(c.start..end)
}

fn validate_it_mobile(c: &Candidate<'_>) -> Option<Range<usize>> {
    let gs = national(c)?;
    let last = gs.as_slice().get(2)?;
    let end = finish_national(c.hay, last.end, c.end)?;
    Some(c.start..end)
}

fn total_digits(gs: &[Group]) -> usize {
    gs.iter().map(Group::digits).sum()
}

fn validate_trunk3(c: &Candidate<'_>) -> Option<Range<usize>> {
    let gs = national(c)?;
    let gs = gs.as_slice();
    if gs.len() != 3 || !(10..=12).contains(&total_digits(gs)) {
        return None;
    }
    let (s1, s2) = (gs[1].sep, gs[2].sep);
    if (s1 == b'-' && s2 != b'-') || !matches!(s2, b' ' | b'-') {
        return None;
    }
    // `05 2024 1234`: a day and a year, not a phone number.
    let year = group_bytes(c.hay, &gs[1]);
    if gs[0].digits() == 2 && s1 == b' ' && (year.starts_with(b"19") || year.starts_with(b"20")) {
        return None;
    }
    let end = finish_national(c.hay, gs[2].end, c.end)?;
    Some(c.start..end)
}

fn validate_trunk2(c: &Candidate<'_>) -> Option<Range<usize>> {
    let gs = national(c)?;
    let gs = gs.as_slice();
    if gs.len() != 2 || !(10..=12).contains(&total_digits(gs)) {
        return None;
    }
    let end = finish_national(c.hay, gs[1].end, c.end)?;
    Some(c.start..end)
}

fn validate_br(c: &Candidate<'_>) -> Option<Range<usize>> {
    let gs = national(c)?;
    let last = gs.as_slice().get(2)?;
    let end = finish_national(c.hay, last.end, c.end)?;
    Some(c.start..end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scrubber;

    fn phone_only() -> Scrubber {
        crate::detect::only(Kind::Phone)
    }

    #[track_caller]
    fn yes(input: &str, expected: &str) {
        assert_eq!(phone_only().scrub_str(input), expected, "input: {input:?}");
    }

    #[track_caller]
    fn no(input: &str) {
        assert_eq!(phone_only().scrub_str(input), input, "input: {input:?}");
    }

    #[test]
    fn patterns_are_bounded() {
        for p in patterns(&DetectOptions::default()) {
            assert!(p.max_len < 400, "{} {}", p.rule, p.max_len);
            assert!(regex_syntax::ParserBuilder::new()
                .unicode(false)
                .utf8(false)
                .build()
                .parse(&p.regex)
                .is_ok());
        }
    }

    #[test]
    fn e164() {
        for n in [
            "+44 (0)20 7946 0958",
            "+1 (415) 555-2671",
            "+49 30 12345678",
            "+33 1 23 45 67 89",
            "+81-3-1234-5678",
            "+55 11 91234-5678",
            "+14155552671",
            "+4372876",
            "+1-800-555-0199",
            "+31(0)612345678",
            "+30 21 0 1234567",
            "+44 (20) 7123 4567",
        ] {
            yes(&format!("value {n} end"), "value [PHONE] end");
        }
        yes("call +1 415 555 2671 1234", "call [PHONE] 1234");
        yes("tel:+14155552671;ext=123 ok", "tel:[PHONE] ok");
        yes("(+14155552671)", "([PHONE])");
    }

    #[test]
    fn e164_negatives() {
        no("t=2024-01-05T10:15:43+01:00");
        no("offset +0000 and +05:30");
        no("x=1.5e+10 y=1E+1234567");
        no("+12345678 bytes");
        no("+1 800 555");
        no("+2812345678"); // 28 is not a country code
        no("a+14155552671");
        no("+14155552671234567");
        no("+1415555267:8080");
    }

    #[test]
    fn intl00() {
        yes("call 0044 20 7946 0958 now", "call [PHONE] now");
        yes("call 0049 30 1234567", "call [PHONE]");
        no("0010 0000 4500 003c");
        no("0045 4000 4001 b1e6");
        no("0044 0000 4500");
        no("id 0012345678901");
    }

    #[test]
    fn national() {
        for n in [
            "(415) 555-2671",
            "(415)555-2671",
            "415-555-2671",
            "415.555.2671",
            "1-800-555-0199",
            "020 7946 0958",
            "07700 900123",
            "01632 960123",
            "030 12345678",
            "030/12345678",
            "0151 12345678",
            "089 1234-5678",
            "01 23 45 67 89",
            "06.12.34.56.78",
            "06 1234 5678",
            "333 123 4567",
            "020-1234567",
            "06-12345678",
            "06 12345678",
            "(11) 91234-5678",
            "(21) 2345-6789",
            "03-1234-5678",
            "090-1234-5678",
            "415-555-2671 x123",
            "415-555-2671x123",
            "415-555-2671 ext. 123",
            "415-555-2671 ext 123",
            "415-555-2671;ext=123",
        ] {
            yes(&format!("call {n}, thanks"), "call [PHONE], thanks");
        }
    }

    #[test]
    fn national_negatives() {
        for s in [
            "2024-01-05",
            "05.01.2024",
            "01/05/2024",
            "10:15:43",
            "192.168.100.200",
            "Chrome/124.0.6367.91",
            "HTTP/1.1\" 200 5123",
            "took 1234 ms",
            "epoch 1700000000",
            "4155552671",
            "415 555 2671",
            "211-555-2671",
            "415-911-2671",
            "415-555.2671",
            "dsl-082-083-227-067.arcor-ip.net",
            "d96a117b-0193-4549-bdcc",
            "00:00:36.095 25746",
            "Sun Jul 10 07:24:24 2005",
            "on 05 2024 1234",
            "/data/05/2024567",
            "v1.415-555-2671",
            "id=a415-555-2671",
            "415-555-26712",
            "415-555-2671-1",
            "0193-4549",
            "01-23-45-67-89-10",
            "01-23.45-67-89",
            "ports 8080,8443,9090",
            "pid 12345 ppid 678",
            "order 123-4567890",
            "DE89 3704 0044 0532 0130 0012",
            "BE71 0961 2345 6760",
            "acct 1234 0151 12345678",
            "GT82 TRAJ 0102 0000 0012 1002 9690",
            "MU17 BOMM 0101 1010 3030 0200 000M US",
            "MAC: 01-23-45-67-89-AB",
            "mac 01 02 03 04 05 ab",
            "mac 01 02 03 04 05 06 07 ab",
            "EIN 01-1234567",
            "passport 012 345321",
            "at +90.000000, -180.00001",
            "(-120.969949, +203.969949)",
        ] {
            no(s);
        }
    }

    #[test]
    fn keys() {
        yes("user_phone=4155552671", "user_phone=[PHONE]");
        yes("phoneNumber: 4155552671", "phoneNumber: [PHONE]");
        yes("X-Mobile: 07700900123", "X-Mobile: [PHONE]");
        yes(r#"{"phone":"+14155552671"}"#, r#"{"phone":"[PHONE]"}"#);
        yes(
            r#"{"contactNumber": "4155552671"}"#,
            r#"{"contactNumber": "[PHONE]"}"#,
        );
        yes("msisdn=491711234567 ok", "msisdn=[PHONE] ok");
        yes("<tel>4155552671</tel>", "<tel>[PHONE]</tel>");
        yes("fax => 4155552671", "fax => [PHONE]");
        yes("cell_no=415 555 2671 took 12", "cell_no=[PHONE] took 12");
        yes("phones: 4155552671", "phones: [PHONE]");
        no("hotel_id=4155552671");
        no("intel_rp = 4155552671");
        no("telemetry_count=4155552671");
        // A plain pseudonym is not a key (the crate's own output scrubs to itself).
        no("phone_xfgdevujviuoq4frxkooik62wq=4155552671");
        no("phone=10.250.19.102");
        no("phone_verified_at=2024-01-05T10:15:43");
        no("phone=123456");
        no("phone=0000000000");
        no("phone=12345.678");
        no("phone=4111111111111111");
    }

    #[test]
    fn phrases() {
        yes("SMS to 4155552671 queued", "SMS to [PHONE] queued");
        yes("sms sent to +447700900123", "sms sent to [PHONE]");
        yes(
            "incoming call from: 4155552671",
            "incoming call from: [PHONE]",
        );
        no("sent to 10.1.2.3");
        no("sent to 12345 bytes");
        no("sent to 2024-01-05 archive");
    }

    #[test]
    fn key_parts_split() {
        let parts = |k: &str| {
            let mut out = [(0, 0); 16];
            let n = key_parts(k.as_bytes(), &mut out);
            out[..n]
                .iter()
                .map(|&(s, e)| k[s..e].to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(parts("user_phoneNumber"), ["user", "phone", "Number"]);
        assert_eq!(parts("XMLPhone-2"), ["XML", "Phone", "2"]);
        assert_eq!(parts("hotel.id"), ["hotel", "id"]);
    }

    #[test]
    fn default_policy_and_no_panic() {
        let s = Scrubber::default();
        assert_eq!(
            s.scrub_str("call +1 (415) 555-2671 now"),
            "call [PHONE] now"
        );
        let junk: Vec<u8> = (0..=255u8)
            .chain(b"+1 (415) 555-2671x".iter().copied())
            .collect();
        let _ = s.scrub_bytes(&junk);
        for cut in 0..40 {
            let t = "phone=+44 (0)20 7946 0958;ext=12 (415) 555-2671 x1";
            let _ = s.scrub_bytes(&t.as_bytes()[..cut.min(t.len())]);
            let _ = s.scrub_bytes(&t.as_bytes()[cut.min(t.len())..]);
        }
    }
}
