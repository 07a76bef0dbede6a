//! Device, advertising and account identifiers: UUIDs in an identifier context, and IMEIs.
//!
//! # UUID (`uuid`, `uuid.any`)
//!
//! *What matches*: 8-4-4-4-12 hexadecimal digits, any case (any version or variant: the
//! UUID's role, not its version, makes it personal), after a key whose name contains an
//! entry of `opts.lists.uuid_keys` as a *word part*, then optional quotes and spaces and one
//! of `=`, `:`, `=>`, `:=` or `>` (XML), then an optional quote, `{` or `(`:
//! `device_id=…`, `"deviceId": "…"`, `X-Device-Id: …`, `<userId>…`, `advertisingId={…}`.
//! The finding is the UUID only. Other UUIDs (request, trace, instance ids) are left alone,
//! unless `opts.uuid_everywhere` is set: then every UUID between word boundaries is found
//! (a braced `{…}` UUID: the UUID inside).
//!
//! *Word part* (shared with the SSN and IMEI keys): the entry matches ASCII
//! case-insensitively at a word start (the byte before is not a letter, or is a lower-case
//! letter before an upper-case one: `myDeviceId`) and ends at a word end (the byte after is
//! not a letter, or the entry ends in lower case and an upper-case letter follows:
//! `deviceId`, `advertisingId`). The rest of the key name (`[A-Za-z0-9_.-]`, up to 32
//! bytes) may follow the entry: `device_id`, `X-Device-Id`, `user_uuid`.
//!
//! *Boundary rule*: a word boundary (`\b`) on both sides of the UUID.
//!
//! # IMEI (`imei`)
//!
//! *What matches*: 15 digits, or the grouped form `AA-BBBBBB-CCCCCC-D`, after a key or word
//! from `opts.lists.imei_keys` (a word part, as above), then optional quotes and spaces, an
//! optional `number`/`no.`/`nr`/`#`, an optional `=`, `:`, `#`, `=>`, `:=` or `>`:
//! `imei: 490154203237518`, `IMEI 490154203237518`, `device imei 490154203237518`,
//! `"imei":"490154203237518"`. *Validation*: the Luhn check digit (3GPP TS 23.003 §6.2.1).
//! The finding is the digits only. *Boundary rule*: a word boundary on both sides, and not
//! followed by `-` or `.` and a digit (`…-23`: an IMEISV or a longer number).
//!
//! # Maximum match length
//!
//! The longest key entry (a space counts 3 bytes) + 32 (rest of the key) + the bytes
//! between key and value (10 before a UUID; 19 before an IMEI: quotes, spaces, filler
//! word, assignment) + 36 (UUID) or 18 (IMEI). A bare UUID: 36 bytes.

use std::ops::Range;

use super::card::luhn;
use super::context::alternation;
use super::{digits_of, Candidate, DetectOptions, Pattern};
use crate::Kind;

/// 8-4-4-4-12 hexadecimal digits.
const UUID: &str = "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}";
/// The trigger of the UUID patterns: the inner groups and the last, up to the closing
/// `\b` every UUID pattern ends with. Being the pattern's own tail, a hit opens a
/// window behind it only (see `trigger::reach`): ~100 bytes, not ~180, around each of
/// the many UUIDs in logs that carry no key.
const UUID_TAIL: &str = r"-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\b";

/// The rest of a key name after the list entry.
pub(crate) const KEY_TAIL: &str = r"[A-Za-z0-9_.\-]{0,32}";

/// Bytes between a key and its value: quotes, spaces, an optional filler word and an
/// optional assignment; at most [`LOOSE_SEP_MAX`] bytes.
pub(crate) const LOOSE_SEP: &str = concat!(
    r#"["']?[ \t]{0,3}"#,
    r"(?:(?i:number|num|nr|no\.?|is|\#)[ \t]{0,3})?",
    r"(?:=>|:=|[:=>\#])?[ \t]{0,3}",
    r#"["']?"#
);
pub(crate) const LOOSE_SEP_MAX: usize = 1 + 3 + 6 + 3 + 2 + 3 + 1;

/// Bytes between a key and a UUID: an assignment is required.
const STRICT_SEP: &str = r#"["']?[ \t]{0,3}(?:=>|:=|[:=>])[ \t]{0,3}["'{(]?"#;
const STRICT_SEP_MAX: usize = 1 + 3 + 2 + 3 + 1;

/// A case-insensitive alternation of a key list, with bounded spaces, and its longest match.
pub(crate) fn key_regex(list: &[String]) -> (String, usize) {
    // `alternation` turns a space into `[ \t]{1,3}`: two bytes more, as `max` counts.
    let alt = alternation(list);
    let max = list
        .iter()
        .map(|w| w.len() + 2 * w.bytes().filter(|&b| b == b' ').count())
        .max()
        .unwrap_or(0);
    (format!("(?i:{alt})"), max)
}

/// The end of `entry` matched ASCII case-insensitively at `at` (a space matching 1–3 spaces
/// or tabs), if it matches.
fn match_entry(hay: &[u8], at: usize, entry: &[u8]) -> Option<usize> {
    let mut i = at;
    for &e in entry {
        if e == b' ' {
            let n = hay
                .get(i..)?
                .iter()
                .take(3)
                .take_while(|&&b| b == b' ' || b == b'\t')
                .count();
            if n == 0 {
                return None;
            }
            i += n;
        } else {
            if !hay.get(i)?.eq_ignore_ascii_case(&e) {
                return None;
            }
            i += 1;
        }
    }
    Some(i)
}

/// Whether a list entry starts at `at` as a word part (see the module docs).
pub(crate) fn key_ok(hay: &[u8], at: usize, list: &[String]) -> bool {
    let cur = hay.get(at).copied().unwrap_or(0);
    let starts_word = match at.checked_sub(1).and_then(|i| hay.get(i)) {
        Some(&p) if p.is_ascii_alphabetic() => p.is_ascii_lowercase() && cur.is_ascii_uppercase(),
        _ => true,
    };
    if !starts_word {
        return false;
    }
    list.iter().filter(|w| !w.is_empty()).any(|w| {
        let Some(end) = match_entry(hay, at, w.as_bytes()) else {
            return false;
        };
        match hay.get(end) {
            Some(&n) if n.is_ascii_alphabetic() => {
                n.is_ascii_uppercase()
                    && end
                        .checked_sub(1)
                        .and_then(|i| hay.get(i))
                        .is_some_and(u8::is_ascii_lowercase)
            }
            _ => true,
        }
    })
}

pub(crate) fn patterns_uuid(opts: &DetectOptions) -> Vec<Pattern> {
    let (key, key_max) = key_regex(&opts.lists.uuid_keys);
    let mut out = vec![Pattern {
        kind: Kind::Uuid,
        rule: "uuid".to_owned(),
        regex: format!(r"{key}{KEY_TAIL}{STRICT_SEP}\b{UUID}\b"),
        max_len: key_max + 32 + STRICT_SEP_MAX + 36,
        validate: validate_uuid_keyed,
        trigger: super::shapes(UUID_TAIL),
    }];
    if opts.uuid_everywhere {
        out.push(Pattern {
            kind: Kind::Uuid,
            rule: "uuid.any".to_owned(),
            regex: format!(r"\b{UUID}\b"),
            max_len: 36,
            validate: super::accept_all,
            trigger: super::shapes(UUID_TAIL),
        });
    }
    out
}

fn validate_uuid_keyed(c: &Candidate<'_>) -> Option<Range<usize>> {
    if !key_ok(c.hay, c.start, &c.opts.lists.uuid_keys) {
        return None;
    }
    let start = c.end.checked_sub(36)?;
    (start >= c.start).then_some(start..c.end)
}

pub(crate) fn patterns_imei(opts: &DetectOptions) -> Vec<Pattern> {
    let (key, key_max) = key_regex(&opts.lists.imei_keys);
    vec![Pattern {
        kind: Kind::Imei,
        rule: "imei".to_owned(),
        regex: format!(
            r"{key}{KEY_TAIL}{LOOSE_SEP}\b(?:[0-9]{{15}}|[0-9]{{2}}-[0-9]{{6}}-[0-9]{{6}}-[0-9])\b"
        ),
        max_len: key_max + 32 + LOOSE_SEP_MAX + 18,
        validate: validate_imei,
        trigger: super::words(key.clone()),
    }]
}

fn validate_imei(c: &Candidate<'_>) -> Option<Range<usize>> {
    if !key_ok(c.hay, c.start, &c.opts.lists.imei_keys) {
        return None;
    }
    let m = c.bytes();
    let grouped = m.len() >= 18 && {
        let g = &m[m.len() - 18..];
        g[2] == b'-' && g[9] == b'-' && g[16] == b'-'
    };
    let len = if grouped { 18 } else { 15 };
    let start = c.end.checked_sub(len)?;
    if start < c.start {
        return None;
    }
    let (digits, n) = digits_of::<15>(&c.hay[start..c.end])?;
    if n != 15 || !luhn(&digits) {
        return None;
    }
    if matches!(c.after(), Some(b'-' | b'.'))
        && c.hay.get(c.end + 1).is_some_and(u8::is_ascii_digit)
    {
        return None;
    }
    Some(start..c.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Action, Scrubber, ScrubberBuilder};

    fn only(kind: Kind) -> Scrubber {
        crate::detect::only(kind)
    }

    const U: &str = "A987FBC9-4BED-4078-8F07-9141BA07C9F3";

    #[test]
    fn uuid_in_context() {
        let s = only(Kind::Uuid);
        for (input, want) in [
            (format!("device_id={U} end"), "device_id=[UUID] end"),
            (
                format!("{{\"deviceId\":\"{U}\"}}"),
                "{\"deviceId\":\"[UUID]\"}",
            ),
            (format!("X-Device-Id: {U}"), "X-Device-Id: [UUID]"),
            (
                format!("deviceid: {}", U.to_lowercase()),
                "deviceid: [UUID]",
            ),
            (format!("user_id=\"{U}\""), "user_id=\"[UUID]\""),
            (format!("idfa={U}"), "idfa=[UUID]"),
            (
                format!("advertisingId = {{{U}}}"),
                "advertisingId = {[UUID]}",
            ),
            (
                format!("<customerId>{U}</customerId>"),
                "<customerId>[UUID]</customerId>",
            ),
            (format!("myAccountId => '{U}'"), "myAccountId => '[UUID]'"),
        ] {
            assert_eq!(s.scrub_str(&input), want, "{input}");
        }
    }

    #[test]
    fn uuid_elsewhere_stays() {
        let s = only(Kind::Uuid);
        for input in [
            format!("request_id={U}"),
            format!("trace {U}"),
            format!("username={U}"),
            format!("device {U}"),
            format!("device_id={U}0"),
            format!("device_id=x{U}"),
            format!("superuser={U}"),
        ] {
            assert_eq!(s.scrub_str(&input), input, "{input}");
        }
    }

    #[test]
    fn uuid_everywhere() {
        let s = ScrubberBuilder::empty()
            .kind(Kind::Uuid, Action::redact())
            .uuid_everywhere(true)
            .build()
            .unwrap();
        assert_eq!(s.scrub_str(&format!("req {{{U}}} x")), "req {[UUID]} x");
        assert_eq!(s.scrub_str(&format!("device_id={U}")), "device_id=[UUID]");
        assert_eq!(s.scrub_str(&format!("x{U}")), format!("x{U}"));
    }

    #[test]
    fn imei() {
        let s = only(Kind::Imei);
        for (input, want) in [
            ("imei: 490154203237518", "imei: [IMEI]"),
            ("IMEI 490154203237518 ok", "IMEI [IMEI] ok"),
            ("device imei 490154203237518 end", "device imei [IMEI] end"),
            ("{\"imei\":\"490154203237518\"}", "{\"imei\":\"[IMEI]\"}"),
            ("IMEI no. 35-209900-176148-1", "IMEI no. [IMEI]"),
            ("deviceImei=352099001761481", "deviceImei=[IMEI]"),
        ] {
            assert_eq!(s.scrub_str(input), want, "{input}");
        }
        for input in [
            "imei: 490154203237519",
            "490154203237518",
            "imei: 4901542032375180",
            "imei 35-209900-176148-23",
            "imeis 490154203237518",
            "imei: 490154203237518-1",
        ] {
            assert_eq!(s.scrub_str(input), input, "{input}");
        }
    }

    #[test]
    fn key_word_parts() {
        let list: Vec<String> = vec!["device".into(), "social security".into()];
        assert!(key_ok(b"deviceId", 0, &list));
        assert!(key_ok(b"x_device", 2, &list));
        assert!(key_ok(b"myDevice", 2, &list));
        assert!(!key_ok(b"devices", 0, &list));
        assert!(!key_ok(b"xdevice", 1, &list));
        assert!(key_ok(b"Social \tSecurity", 0, &list));
        assert!(!key_ok(b"social", 0, &list));
        assert!(!key_ok(b"", 0, &list));
        let (re, max) = key_regex(&list);
        assert!(
            re.contains("[ \\t]{1,3}") && !re.contains("[ \\t]+"),
            "{re}"
        );
        assert_eq!(max, "social security".len() + 2);
    }

    /// Every pattern of this family and of card, iban and ssn: the longest match on
    /// adversarial text stays within `max_len`.
    #[test]
    fn max_len_bounds_matches() {
        use regex_automata::{meta, util::syntax};
        let opts = DetectOptions {
            uuid_everywhere: true,
            ..DetectOptions::default()
        };
        let mut pats = patterns_uuid(&opts);
        pats.extend(patterns_imei(&opts));
        pats.extend(super::super::ssn::patterns(&opts));
        pats.extend(super::super::card::patterns(&opts));
        pats.extend(super::super::iban::patterns(&opts));
        let key = "_".to_owned() + &"a".repeat(31);
        let hays = [
            format!("Social \t Security{key}\"   number   =>   \"123-45-6789"),
            format!("installation_id{}\"   =>   {{{U}", "b".repeat(32)),
            format!(
                "device_imei{}'   no.   :=   '35-209900-176148-1",
                "c".repeat(32)
            ),
            "4111 111111 111111 111111 111111".to_owned(),
            "MT84 M A L T 0 1 1 0 0 0 0 1 2 3 4 5 M T L C A S T 0 0 1 S X Y Z".to_owned(),
        ];
        let mut seen = 0;
        for p in pats {
            let re = meta::Regex::builder()
                .syntax(syntax::Config::new().unicode(false).utf8(false))
                .build(&p.regex)
                .unwrap();
            for h in &hays {
                for m in re.find_iter(h.as_bytes()) {
                    assert!(
                        m.len() <= p.max_len,
                        "{} {} > {}",
                        p.rule,
                        m.len(),
                        p.max_len
                    );
                    seen += 1;
                }
            }
        }
        assert!(seen >= 7, "{seen}");
    }

    #[test]
    fn default_policy_and_junk() {
        let s = Scrubber::default();
        assert_eq!(
            s.scrub_str(&format!("device_id={U} end")),
            "device_id=[UUID] end"
        );
        assert_eq!(
            s.scrub_str("device imei 490154203237518 end"),
            "device imei [IMEI] end"
        );
        let _ = s.scrub_bytes(b"imei\xff: 490154203237518 device_id=\xffA987FBC9-");
    }
}
