//! Property tests of the invariants in DESIGN.md, for the default policy.
//!
//! What this file proves, on arbitrary bytes, arbitrary strings, printable-ASCII "log
//! noise", and strings built from a grammar of personal-data fragments (values, whole
//! corpus lines, context keys, labels, separators, PEM blocks — see `grammar`):
//!
//! * **No panic** on any bytes (`scrub_bytes`, `scrub_into`, `find`, counted variants).
//! * **Idempotent**: `scrub(scrub(x)) == scrub(x)`.
//! * **Nothing is lost**: the output has exactly as many `\n` as the input.
//! * **No leak**: `find(scrub(x))` is empty, and no PEM body line survives (even with
//!   blocks glued END to BEGIN).
//! * **The APIs agree**: `scrub_bytes`, `scrub_str`, `scrub_into` give the same bytes,
//!   borrow/"changed" exactly when nothing/something was replaced, and the per-kind
//!   counts sum to the number of findings; UTF-8 in gives UTF-8 out.
//! * **Findings are exact**: `find` ranges are in order, non-overlapping, non-empty and
//!   in bounds, and the output is the input with exactly those ranges replaced (each by
//!   its label once per line, or, for IPs, by the truncated address): every byte
//!   outside a finding is untouched. Checked for the default policy and for a policy
//!   that redacts everything (where every replacement is known exactly).
//! * **Line by line = whole buffer**: detectors never look across a line break (except
//!   PEM blocks, so inputs with `-----BEGIN` are left out of that property).
//!
//! Case counts are modest so the file runs in well under a minute in a debug build;
//! `PROPTEST_CASES=5000 cargo test --release --test properties` searches deeper.

mod support;

use std::borrow::Cow;
use std::sync::OnceLock;

use piiscrub::{Action, Finding, Findings, Kind, Scrubber};
use proptest::prelude::*;
use proptest::sample::select;
use support::corpus;

fn default_scrubber() -> &'static Scrubber {
    static S: OnceLock<Scrubber> = OnceLock::new();
    S.get_or_init(Scrubber::default)
}

/// The default detectors, every kind redacted (IPs too): every replacement is a label.
fn redact_all() -> &'static Scrubber {
    static S: OnceLock<Scrubber> = OnceLock::new();
    S.get_or_init(|| {
        Scrubber::builder()
            .kind(Kind::Ipv4, Action::redact())
            .kind(Kind::Ipv6, Action::redact())
            .build()
            .expect("the default detectors with redaction compile")
    })
}

/// Pseudonymizing policies, one per rendering: the preset (plain tokens), the preset
/// with key-id tags and `keep_domain` e-mails, and `email_shaped` e-mails with
/// pseudonymized IBANs and SSNs and UUIDs everywhere. (Pseudonymized IPs are left out:
/// on glued input such as `5268::ffff:10.1.2.0` a token in place of the IPv4 part makes
/// the IPv6 detector see a different neighbourhood on the second pass.)
fn pseudonymizing() -> &'static [Scrubber] {
    use piiscrub::{Key, Keyring, Policy, Rendering, ScrubberBuilder};
    static S: OnceLock<Vec<Scrubber>> = OnceLock::new();
    S.get_or_init(|| {
        let ring = || Keyring::new(Key::from_bytes(&(0u8..40).collect::<Vec<_>>()).unwrap());
        let p = |rendering, tag_kid| Action::Pseudonymize {
            domain: None,
            rendering,
            tag_kid,
            lowercase: false,
            default_country: None,
        };
        let preset = || ScrubberBuilder::from_policy(Policy::pseudonymizing()).keyring(ring());
        vec![
            preset().build().unwrap(),
            preset()
                .kind(Kind::Email, p(Rendering::KeepDomain, false))
                .kind(Kind::Phone, p(Rendering::Plain, true))
                .kind(Kind::Card, p(Rendering::Plain, true))
                .build()
                .unwrap(),
            preset()
                .uuid_everywhere(true)
                .kind(Kind::Email, p(Rendering::EmailShaped, false))
                .kind(Kind::Iban, p(Rendering::Plain, false))
                .kind(Kind::Ssn, p(Rendering::Plain, true))
                .build()
                .unwrap(),
        ]
    })
}

/// IP encryption: the one action that is not idempotent (an encrypted address is still
/// an address), so only the other invariants are checked for it.
fn encrypting() -> &'static Scrubber {
    use piiscrub::{EncryptMode, Key, Keyring, ScrubberBuilder};
    static S: OnceLock<Scrubber> = OnceLock::new();
    S.get_or_init(|| {
        ScrubberBuilder::new()
            .kind(Kind::Ipv4, Action::encrypt(EncryptMode::Pfx))
            .kind(Kind::Ipv6, Action::encrypt(EncryptMode::Deterministic))
            .keyring(Keyring::new(Key::from_bytes(&[9u8; 32]).unwrap()))
            .build()
            .unwrap()
    })
}

/// `n` cases, or `PROPTEST_CASES` when set.
fn cases(n: u32) -> ProptestConfig {
    let n = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(n);
    ProptestConfig::with_cases(n)
}

// ---------------------------------------------------------------------------------
// Inputs.
// ---------------------------------------------------------------------------------

const SEPARATORS: &[&str] = &[
    " ", "  ", "\t", "\n", "\r\n", "=", ": ", ",", ", ", ";", "\"", "'", "<", ">", "(", ")", "[",
    "]", "/", "@", ".", "-", "_", "+", "%40", "?", "&", ":", "#", "", "",
];

const CONTEXTS: &[&str] = &[
    "phone=",
    "tel:",
    "msisdn=",
    "SMS to ",
    "ssn=",
    "SSN: ",
    "imei=",
    "device imei ",
    "device_id=",
    "\"userId\":\"",
    "X-Device-Id: ",
    "request_id=",
    "password=",
    "\"password\":\"",
    "Authorization: Bearer ",
    "Authorization: Basic ",
    "Cookie: sessionid=",
    "?code=",
    "&token=",
    "mailto:",
    "https://",
    "https://user:pass@",
    "iban ",
    "card ",
    "mac=",
    "from ",
    " port ",
    "Chrome/",
    "v",
    "[",
    "]:443",
    "::ffff:",
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.",
    "AKIA",
    "ghp_",
];

/// The default labels and truncated IPs: what scrubbed text is made of.
const SCRUBBED: &[&str] = &[
    "[EMAIL]",
    "[CARD]",
    "[PHONE]",
    "[IBAN]",
    "[SSN]",
    "[MAC]",
    "[UUID]",
    "[IMEI]",
    "[SECRET]",
    "10.1.2.0",
    "192.168.0.0",
    "2001:db8:1::",
    "::ffff:10.1.2.0",
];

/// A PEM block (the one kind of finding that spans lines).
fn pem() -> impl Strategy<Value = String> {
    (any::<u64>(), 1..4usize).prop_map(|(seed, n)| {
        let mut rng = corpus::Rng::new(seed);
        let mut s = String::from("-----BEGIN PRIVATE KEY-----\n");
        for _ in 0..n {
            s.push_str(&rng.chars(
                64,
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
            ));
            s.push('\n');
        }
        s.push_str("-----END PRIVATE KEY-----");
        s
    })
}

/// PEM blocks and other fragments glued together, with the blocks' body lines: some
/// blocks with `\n` escaped (one line), some glued END to BEGIN.
fn glued_pem_blocks() -> impl Strategy<Value = (String, Vec<String>)> {
    let block = (pem(), any::<bool>()).prop_map(|(block, escaped)| {
        let bodies: Vec<String> = block
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .map(String::from)
            .collect();
        let block = if escaped {
            block.replace('\n', "\\n")
        } else {
            block
        };
        (block, bodies)
    });
    let other = fragment(false).prop_map(|f| (f, Vec::new()));
    proptest::collection::vec(prop_oneof![1 => block, 1 => other], 1..8).prop_map(|parts| {
        let text = parts.iter().map(|(t, _)| t.as_str()).collect();
        (text, parts.into_iter().flat_map(|(_, b)| b).collect())
    })
}

/// One grammar fragment: personal data (bare or in a whole log line), look-alikes,
/// context keys, labels, separators, or a little noise.
fn fragment(with_pem: bool) -> BoxedStrategy<String> {
    let kinds = select(corpus::PII_KINDS.to_vec());
    let parts = prop_oneof![
        4 => (any::<u64>(), kinds.clone()).prop_map(|(seed, k)| corpus::sample_value(seed, k)),
        2 => (any::<u64>(), kinds).prop_map(|(seed, k)| corpus::sample_line(seed, k)),
        1 => any::<u64>().prop_map(|seed| corpus::sample_line(seed, "clean")),
        2 => any::<u64>().prop_map(|seed| corpus::sample_value(seed, "look-alike")),
        3 => select(CONTEXTS).prop_map(String::from),
        4 => select(SEPARATORS).prop_map(String::from),
        1 => select(SCRUBBED).prop_map(String::from),
        1 => "[ -~]{0,12}",
        1 => "\\PC{0,6}",
    ];
    if with_pem {
        prop_oneof![20 => parts, 1 => pem()].boxed()
    } else {
        parts.boxed()
    }
}

/// Strings built from up to 16 fragments, glued together without separators.
fn grammar(with_pem: bool) -> impl Strategy<Value = String> {
    proptest::collection::vec(fragment(with_pem), 0..16).prop_map(|v| v.concat())
}

/// Fragments joined by ` | `: every finding is delimited from its neighbours, the shape
/// the idempotence and no-leak guarantees are checked on today. Tokens glued to a
/// finding (`a@b.comc@d.com`), or digit groups right beside a grouped number, can read
/// differently once the finding is a label: see `glued_tokens_idempotent`.
fn delimited(with_pem: bool) -> impl Strategy<Value = String> {
    proptest::collection::vec(fragment(with_pem), 0..16).prop_map(|v| v.join(" | "))
}

/// Printable ASCII with tabs and line breaks: log noise.
fn log_noise() -> impl Strategy<Value = String> {
    "[ -~\t\n]{0,300}"
}

/// Arbitrary bytes, mostly small, with a bias towards the bytes that detectors use.
fn arbitrary_bytes() -> impl Strategy<Value = Vec<u8>> {
    let byte = prop_oneof![
        3 => any::<u8>(),
        2 => select(b"0123456789.:-@ \n=abcdefABCDEF[]%+".to_vec()),
    ];
    proptest::collection::vec(byte, 0..400)
}

/// Any of the above, as bytes.
fn any_input() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => grammar(true).prop_map(String::into_bytes),
        1 => log_noise().prop_map(String::into_bytes),
        1 => arbitrary_bytes(),
        1 => any::<String>().prop_map(String::into_bytes),
    ]
}

// ---------------------------------------------------------------------------------
// Checks.
// ---------------------------------------------------------------------------------

fn newlines(b: &[u8]) -> usize {
    b.iter().filter(|&&c| c == b'\n').count()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// `label` once per line of `span`, keeping its line breaks (and CRs before them).
fn per_line(label: &[u8], span: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut lines = span.split(|&b| b == b'\n').peekable();
    while let Some(line) = lines.next() {
        let last = lines.peek().is_none();
        if !(last && line.is_empty()) {
            out.extend_from_slice(label);
        }
        if !last {
            if line.last() == Some(&b'\r') {
                out.push(b'\r');
            }
            out.push(b'\n');
        }
    }
    out
}

/// The replacement the default policy writes for a finding over `span`.
fn default_replacement(f: &Finding, span: &[u8]) -> Result<Vec<u8>, TestCaseError> {
    if matches!(f.kind, Kind::Ipv4 | Kind::Ipv6) {
        // Truncation depends on the address only: scrubbing it alone shows the result.
        let alone = default_scrubber().find(span);
        prop_assert!(
            alone.len() == 1 && alone[0].range == (0..span.len()),
            "the {} span {:?} is not found whole on its own: {:?}",
            f.kind,
            String::from_utf8_lossy(span),
            alone
        );
        Ok(default_scrubber().scrub_bytes(span).into_owned())
    } else {
        Ok(per_line(f.kind.label().as_bytes(), span))
    }
}

fn redact_all_replacement(f: &Finding, span: &[u8]) -> Result<Vec<u8>, TestCaseError> {
    Ok(per_line(f.kind.label().as_bytes(), span))
}

/// `find` ranges are ordered, disjoint, non-empty and in bounds, and the output is the
/// input with exactly those ranges replaced.
fn check_findings_exact(
    s: &Scrubber,
    input: &[u8],
    replacement: fn(&Finding, &[u8]) -> Result<Vec<u8>, TestCaseError>,
) -> Result<(), TestCaseError> {
    let found = s.find(input);
    let mut end = 0;
    for f in &found {
        prop_assert!(
            f.range.start >= end,
            "findings overlap or are out of order: {found:?}"
        );
        prop_assert!(f.range.start < f.range.end, "empty finding: {f:?}");
        prop_assert!(f.range.end <= input.len(), "finding out of bounds: {f:?}");
        end = f.range.end;
    }
    let mut expected = Vec::with_capacity(input.len());
    let mut last = 0;
    for f in &found {
        expected.extend_from_slice(&input[last..f.range.start]);
        expected.extend(replacement(f, &input[f.range.clone()])?);
        last = f.range.end;
    }
    expected.extend_from_slice(&input[last..]);
    let out = s.scrub_bytes(input);
    prop_assert!(
        out[..] == expected[..],
        "output is not the input with its findings replaced\n  input:    {:?}\n  output:   {:?}\n  expected: {:?}\n  findings: {:?}",
        String::from_utf8_lossy(input),
        String::from_utf8_lossy(&out),
        String::from_utf8_lossy(&expected),
        found
    );
    Ok(())
}

fn check_apis_agree(input: &[u8]) -> Result<(), TestCaseError> {
    let s = default_scrubber();
    let bytes = s.scrub_bytes(input);
    let mut counts = Findings::default();
    let counted = s.scrub_bytes_counted(input, &mut counts);
    prop_assert_eq!(&bytes[..], &counted[..]);
    let found = s.find(input);
    prop_assert_eq!(
        counts.total(),
        found.len() as u64,
        "counts disagree with find"
    );
    for kind in Kind::BUILTIN {
        let n = found.iter().filter(|f| f.kind == kind).count() as u64;
        prop_assert_eq!(counts.get(&kind), n, "count of {}", kind);
    }

    let mut into = b"prefix".to_vec();
    let mut into_counts = Findings::default();
    let changed = s.scrub_into(input, &mut into, &mut into_counts);
    prop_assert_eq!(&into[..6], b"prefix");
    prop_assert_eq!(
        &into[6..],
        &bytes[..],
        "scrub_into differs from scrub_bytes"
    );
    prop_assert_eq!(&into_counts, &counts);
    prop_assert_eq!(
        changed,
        matches!(bytes, Cow::Owned(_)),
        "changed flag vs borrowed output"
    );
    prop_assert_eq!(changed, !found.is_empty(), "changed flag vs findings");
    if matches!(bytes, Cow::Borrowed(_)) {
        prop_assert_eq!(&bytes[..], input);
    }

    if let Ok(text) = std::str::from_utf8(input) {
        prop_assert!(
            std::str::from_utf8(&bytes).is_ok(),
            "UTF-8 in, not UTF-8 out"
        );
        let st = s.scrub_str(text);
        prop_assert_eq!(
            st.as_bytes(),
            &bytes[..],
            "scrub_str differs from scrub_bytes"
        );
        prop_assert_eq!(
            matches!(st, Cow::Borrowed(_)),
            matches!(bytes, Cow::Borrowed(_))
        );
    }
    Ok(())
}

fn check_idempotent(input: &[u8]) -> Result<(), TestCaseError> {
    check_idempotent_with(default_scrubber(), input)
}

fn check_idempotent_with(s: &Scrubber, input: &[u8]) -> Result<(), TestCaseError> {
    let once = s.scrub_bytes(input);
    let twice = s.scrub_bytes(&once);
    prop_assert!(
        once[..] == twice[..],
        "not idempotent\n  input: {:?}\n  once:  {:?}\n  twice: {:?}",
        String::from_utf8_lossy(input),
        String::from_utf8_lossy(&once),
        String::from_utf8_lossy(&twice)
    );
    Ok(())
}

fn check_no_leak(input: &[u8]) -> Result<(), TestCaseError> {
    check_no_leak_with(default_scrubber(), input)
}

fn check_no_leak_with(s: &Scrubber, input: &[u8]) -> Result<(), TestCaseError> {
    let once = s.scrub_bytes(input);
    let left = s.find(&once);
    prop_assert!(
        left.is_empty(),
        "scrubbed output still holds findings {:?}\n  input:  {:?}\n  output: {:?}",
        left,
        String::from_utf8_lossy(input),
        String::from_utf8_lossy(&once)
    );
    Ok(())
}

fn check_lines_kept(input: &[u8]) -> Result<(), TestCaseError> {
    for s in [default_scrubber(), redact_all()] {
        let out = s.scrub_bytes(input);
        prop_assert_eq!(
            newlines(&out),
            newlines(input),
            "the number of line breaks changed"
        );
    }
    Ok(())
}

fn check_line_by_line(input: &[u8]) -> Result<(), TestCaseError> {
    let s = default_scrubber();
    let whole = s.scrub_bytes(input);
    let mut by_line = Vec::with_capacity(whole.len());
    for line in input.split_inclusive(|&b| b == b'\n') {
        by_line.extend_from_slice(&s.scrub_bytes(line));
    }
    prop_assert!(
        whole[..] == by_line[..],
        "line by line differs from whole buffer\n  input:   {:?}\n  whole:   {:?}\n  by line: {:?}",
        String::from_utf8_lossy(input),
        String::from_utf8_lossy(&whole),
        String::from_utf8_lossy(&by_line)
    );
    Ok(())
}

// ---------------------------------------------------------------------------------
// Properties.
// ---------------------------------------------------------------------------------

proptest! {
    #![proptest_config(cases(512))]

    #[test]
    fn never_panics_on_arbitrary_bytes(input in arbitrary_bytes()) {
        let s = default_scrubber();
        let _ = s.scrub_bytes(&input);
        let _ = s.find(&input);
        let mut out = Vec::new();
        let mut counts = Findings::default();
        s.scrub_into(&input, &mut out, &mut counts);
        let _ = s.scrub_bytes_counted(&input, &mut counts);
        let _ = redact_all().scrub_bytes(&input);
    }
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn idempotent_on_arbitrary_strings(input in any::<String>()) {
        check_idempotent(input.as_bytes())?;
    }

    #[test]
    fn idempotent_on_log_noise(input in log_noise()) {
        check_idempotent(input.as_bytes())?;
    }

    #[test]
    fn idempotent_on_pii_grammar(input in delimited(true)) {
        check_idempotent(input.as_bytes())?;
    }

    /// Known gap, tracked for the reliability work: a token glued to a finding
    /// (`x@a.comy@b.com`, `c3c4+44 20 …`), or a grouped number beside other digit groups
    /// (`4748 0589 8614 1478 9cdb.156d.ec3d`), may read differently once its neighbour
    /// is a label. Run with `--ignored` to see current counterexamples.
    #[test]
    #[ignore]
    fn glued_tokens_idempotent(input in grammar(true)) {
        check_idempotent(input.as_bytes())?;
    }

    #[test]
    fn line_breaks_are_kept(input in any_input()) {
        check_lines_kept(&input)?;
    }

    #[test]
    fn nothing_leaks(input in prop_oneof![3 => delimited(true), 1 => log_noise()]) {
        check_no_leak(input.as_bytes())?;
    }

    /// `find` cannot see a leaked PEM body (base64 is no finding): look for the bodies.
    #[test]
    fn pem_bodies_never_show((input, bodies) in glued_pem_blocks()) {
        let out = default_scrubber().scrub_str(&input);
        for body in &bodies {
            prop_assert!(!out.contains(body.as_str()), "a PEM body shows\n  input:  {:?}\n  output: {:?}", input, out);
        }
    }

    #[test]
    fn apis_agree(input in any_input()) {
        check_apis_agree(&input)?;
    }

    #[test]
    fn findings_are_exact_under_the_default_policy(input in any_input()) {
        check_findings_exact(default_scrubber(), &input, default_replacement)?;
    }

    #[test]
    fn findings_are_exact_when_everything_is_redacted(input in any_input()) {
        check_findings_exact(redact_all(), &input, redact_all_replacement)?;
    }

    #[test]
    fn line_by_line_equals_whole_buffer(
        input in prop_oneof![
            3 => grammar(false).prop_map(String::into_bytes),
            1 => arbitrary_bytes(),
        ]
    ) {
        prop_assume!(!contains(&input, b"-----BEGIN"));
        check_line_by_line(&input)?;
    }
}

proptest! {
    #![proptest_config(cases(12))]

    /// A line longer than one scan is cut by the window rule: `find` reports what the
    /// output shows there too (cuts at every offset, thanks to the random filler).
    #[test]
    fn findings_are_exact_on_lines_longer_than_one_scan(
        pieces in proptest::collection::vec(grammar(true), 1..6),
        filler in 0usize..300,
    ) {
        let mut line = "x".repeat(filler).into_bytes();
        while line.len() < 3 * piiscrub::MIN_STREAM_BUFFER {
            for p in &pieces {
                line.extend(p.bytes().map(|b| if b == b'\n' { b' ' } else { b }));
                line.push(b' ');
            }
        }
        line.push(b'\n');
        check_findings_exact(default_scrubber(), &line, default_replacement)?;
    }
}

proptest! {
    #![proptest_config(cases(128))]

    #[test]
    fn pseudonymizing_policies_are_idempotent_and_leak_nothing(
        text in prop_oneof![3 => delimited(true), 1 => log_noise()],
        bytes in any_input()
    ) {
        for (s, input) in pseudonymizing().iter().flat_map(|s| [(s, text.as_bytes()), (s, &bytes[..])]) {
            let input = input.to_vec();
            // Isolate what pseudonymization adds: inputs on which the default policy
            // itself breaks an invariant are that policy's properties' business.
            if check_idempotent(&input).is_err() || check_no_leak(&input).is_err() {
                continue;
            }
            check_idempotent_with(s, &input)?;
            check_no_leak_with(s, &input)?;
            let out = s.scrub_bytes(&input);
            prop_assert_eq!(newlines(&out), newlines(&input));
        }
    }

    #[test]
    fn encryption_never_panics_and_keeps_lines(input in any_input()) {
        let s = encrypting();
        let out = s.scrub_bytes(&input);
        prop_assert_eq!(newlines(&out), newlines(&input));
        let _ = s.find(&input);
    }
}

/// A stray `%` before an address (`%heidi@…`): the pseudonym token that replaces the
/// address must not read as a `%XX` escape on a second pass (tokens may start with two
/// hex characters, `%c6…`). Found by the property test above with a random seed.
#[test]
fn a_stray_percent_before_an_address_keeps_pseudonymization_idempotent() {
    for input in [
        "%heidi.tanaka@dept.corp.example.co.uk",
        "to=%heidi.tanaka@dept.corp.example.co.uk&x=1",
        "(%bob@example.com) %%carol@example.org",
    ] {
        for s in pseudonymizing() {
            check_idempotent_with(s, input.as_bytes()).unwrap();
            check_no_leak_with(s, input.as_bytes()).unwrap();
        }
    }
}

/// The checks themselves, on a scrubber whose behaviour is known (custom rules: the
/// built-in detectors may not be there yet), so that a broken check cannot pass
/// silently.
#[test]
fn checks_hold_for_known_custom_rules() {
    use piiscrub::{Detector, ScrubberBuilder};
    let s = ScrubberBuilder::empty()
        .rule(
            Detector::regex("num", r"\b[0-9]{3}-[0-9]{4}\b"),
            Action::redact(),
        )
        .rule(Detector::dictionary("word", ["Bluebird"]), Action::redact())
        .build()
        .unwrap();
    let input = b"call 555-0134 or Bluebird\r\nthen 555-9999, done\n";
    let found = s.find(input);
    assert_eq!(found.len(), 3);
    let replace = |f: &Finding, span: &[u8]| Ok(per_line(f.kind.label().as_bytes(), span));
    check_findings_exact(&s, input, replace).unwrap();
    assert_eq!(
        &s.scrub_bytes(input)[..],
        b"call [NUM] or [WORD]\r\nthen [NUM], done\n"
    );
    // A wrong replacement model is caught.
    let wrong = |_: &Finding, _: &[u8]| Ok(b"[X]".to_vec());
    assert!(check_findings_exact(&s, input, wrong).is_err());
    assert_eq!(per_line(b"[L]", b"ab\r\ncd\nef"), b"[L]\r\n[L]\n[L]");
    assert_eq!(per_line(b"[L]", b"ab\n"), b"[L]\n");
}
