//! Secrets and personal data never leak through `Debug`, `Display` or errors: keys
//! (`Key`, `Keyring`, `TenantKeys`, `SecretHex`, `KeyRef`, policies and scrubbers holding
//! them, errors from bad keys) and the personal data a finding, a count or an error is
//! about.

use piiscrub::{
    Action, EncryptMode, EventScrubber, Finding, Findings, Key, KeyRef, Keyring, Kind, LineOutcome,
    Policy, Scrubber, ScrubberBuilder, SecretHex, TenantKeys,
};

/// A key whose hex text is easy to spot in any output.
const HEX: &str = "c0ffee00deadbeef0123456789abcdef00112233445566778899aabbccddeeff";

fn raw() -> Vec<u8> {
    (0..HEX.len() / 2)
        .map(|i| u8::from_str_radix(&HEX[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

/// `text` holds no piece of the key: its hex (either case, any 8-digit window) nor its
/// bytes' `Debug` form.
fn assert_no_key(text: &str) {
    let lower = text.to_ascii_lowercase();
    for w in HEX.as_bytes().windows(8) {
        let w = std::str::from_utf8(w).unwrap();
        assert!(!lower.contains(w), "key material {w} in {text:?}");
    }
    let bytes = format!("{:?}", &raw()[..4]);
    let bytes = bytes.trim_matches(|c| c == '[' || c == ']');
    assert!(!text.contains(bytes), "key bytes in {text:?}");
}

#[test]
fn keys_never_show() {
    let key = Key::from_hex(HEX).unwrap();
    assert_no_key(&format!("{key:?}"));
    assert_no_key(&format!("{key:#?}"));
    let mut ring = Keyring::new(Key::from_bytes(&raw()).unwrap());
    ring.add(Key::from_bytes(&[7u8; 40]).unwrap()).unwrap();
    assert_no_key(&format!("{ring:?}"));
    assert_no_key(&format!("{ring:#?}"));
    let mut tenants = TenantKeys::default();
    tenants.insert("acme", Key::from_hex(HEX).unwrap());
    assert_no_key(&format!("{tenants:?}"));
    assert_no_key(&format!("{:?}", SecretHex::new(HEX)));

    let inline: KeyRef = format!("inline:{HEX}").parse().unwrap();
    assert_no_key(&format!("{inline:?}"));
    assert_no_key(&format!("{inline}"));

    // A scrubber holding keys, and the policy behind it.
    let s = ScrubberBuilder::new()
        .kind(Kind::Email, Action::pseudonymize())
        .kind(
            Kind::Ipv4,
            Action::Encrypt {
                mode: EncryptMode::Deterministic,
                key: Some(SecretHex::new(&HEX[..32])),
            },
        )
        .keyring(ring)
        .build()
        .unwrap();
    assert_no_key(&format!("{s:?}"));
    assert_no_key(&format!("{:?}", s.policy()));
}

fn inline_ref() -> KeyRef {
    KeyRef::Inline(HEX.to_owned())
}

#[test]
fn policies_with_inline_keys_never_show_them() {
    let toml = format!(
        "version = 1\nallow_inline_key = true\nkey = \"inline:{HEX}\"\n[kinds]\nemail = {{ action = \"pseudonymize\" }}\nipv4 = {{ action = \"encrypt\", mode = \"deterministic\", key = \"{}\" }}\n",
        &HEX[..32]
    );
    // Deserialized as policy files are (validation needs the key itself).
    let p: Policy = toml::from_str(&toml).unwrap();
    assert_eq!(p.key, inline_ref());
    assert_no_key(&format!("{:?}", Policy::from_toml_str(&toml)));
    assert_no_key(&format!("{p:?}"));
    assert_no_key(&format!("{p:#?}"));
    if let Ok(e) = EventScrubber::new(&p) {
        assert_no_key(&format!("{e:?}"));
    }
    // Inline keys refused without the opt-in: the error does not repeat them.
    let refused = toml.replace("allow_inline_key = true\n", "");
    let err = Policy::from_toml_str(&refused).unwrap_err();
    assert_no_key(&err.to_string());
    assert_no_key(&format!("{err:?}"));
    // Key text in a bad place of a policy: parse errors do not repeat it either.
    for bad in [
        format!("version = 1\nkey = \"inlin:{HEX}\"\n"),
        format!("version = 1\nkey = \"inline:\"\n[kinds]\nipv4 = {{ action = \"encrypt\", mode = \"pfx\", key = \"{HEX}zz\" }}\n"),
        format!("version = 1\n[kinds]\nipv4 = {{ action = \"encrypt\", mode = \"deterministic\", key = \"{HEX}\" }}\n"),
    ] {
        let r = Policy::from_toml_str(&bad).and_then(|p| Scrubber::new(&p).map(|_| ()));
        if let Err(err) = r {
            assert_no_key(&err.to_string());
            assert_no_key(&format!("{err:?}"));
        }
    }
}

#[test]
fn errors_from_bad_keys_never_show_them() {
    let cases = [
        format!("0x{HEX}"),
        format!("{HEX}g"),
        format!("{} {}", &HEX[..32], &HEX[32..]),
        HEX[..62].to_owned(),
        HEX[..63].to_owned(),
    ];
    for text in &cases {
        let err = Key::from_hex(text).unwrap_err();
        assert_no_key(&err.to_string());
        assert_no_key(&format!("{err:?}"));
    }
    let dir = std::env::temp_dir().join(format!("piiscrub-leaks-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (i, text) in cases.iter().enumerate() {
        let path = dir.join(format!("key{i}"));
        std::fs::write(&path, text).unwrap();
        let err = Key::from_file(&path).unwrap_err();
        assert_no_key(&err.to_string());
        assert_no_key(&format!("{err:?}"));
        let err = Key::from_env_or_file(Some(&path)).unwrap_err();
        assert_no_key(&err.to_string());
    }
    let _ = std::fs::remove_dir_all(&dir);
    // An environment variable read by this test only.
    let var = "PIISCRUB_LEAKS_TEST_KEY";
    std::env::set_var(var, format!("{HEX}x"));
    let err = Key::from_env(var).unwrap_err();
    assert_no_key(&err.to_string());
    std::env::remove_var(var);
    let err = Key::from_bytes(&raw()[..31]).unwrap_err();
    assert_no_key(&err.to_string());
}

/// Personal data that must not appear in findings, counts or errors.
const PII: &[&str] = &[
    "alice@example.com",
    "203.0.113.77",
    "4111 1111 1111 1111",
    "DE89370400440532013000",
    "123-45-6789",
    "hunter2secret",
];

fn assert_no_pii(text: &str) {
    for p in PII {
        assert!(!text.contains(p), "{p:?} in {text:?}");
    }
    for part in ["alice", "0113", "1111 1111", "0532", "45-6789", "hunter2"] {
        assert!(!text.contains(part), "{part:?} in {text:?}");
    }
}

#[test]
fn findings_and_counts_never_hold_the_data() {
    let s = Scrubber::default();
    let line = "user=alice@example.com ip=203.0.113.77 card=4111 1111 1111 1111 iban DE89370400440532013000 ssn: 123-45-6789 password=hunter2secret";
    let found: Vec<Finding> = s.find(line);
    assert!(found.len() >= 6, "{found:?}");
    assert_no_pii(&format!("{found:?}"));
    assert_no_pii(&format!("{found:#?}"));
    let mut counts = Findings::default();
    let out = s.scrub_str_counted(line, &mut counts);
    assert_no_pii(&out);
    assert_no_pii(&format!("{counts:?}"));
    assert_no_pii(&format!("{:?}", counts.iter().collect::<Vec<_>>()));
    // Streaming counts.
    let mut sink = Vec::new();
    let streamed = s.scrub_stream(line.as_bytes(), &mut sink).unwrap();
    assert_no_pii(&format!("{streamed:?}"));
}

#[test]
fn structured_errors_never_hold_the_data() {
    let events = EventScrubber::new(&Policy::default()).unwrap();
    let bad: &[&[u8]] = &[
        b"{\"user\": \"alice@example.com\", \"ip\": 203.0.113.77}",
        b"{\"user\": \"alice@example.com\" \"card\": \"4111 1111 1111 1111\"}",
        b"[\"DE89370400440532013000\", 123-45-6789]",
        b"{\"password\": \"hunter2secret",
        b"{\"a\": \"alice@example.com\xff\"}",
    ];
    for json in bad {
        let mut out = Vec::new();
        let mut counts = Findings::default();
        if let Err(err) = events.scrub_event(json, &mut out, &mut counts) {
            assert_no_pii(&err.to_string());
            assert_no_pii(&format!("{err:?}"));
        }
        let mut line = Vec::new();
        let outcome = events.scrub_ndjson_line(json, &mut line, &mut Findings::default());
        assert_no_pii(&format!("{outcome:?}"));
        assert!(matches!(
            outcome,
            LineOutcome::Text { .. } | LineOutcome::Event
        ));
        assert_no_pii(&String::from_utf8_lossy(&line));
    }
    let mut deep = "[".repeat(200).into_bytes();
    deep.extend_from_slice(b"\"alice@example.com\"");
    let err = events
        .scrub_event(&deep, &mut Vec::new(), &mut Findings::default())
        .unwrap_err();
    assert_no_pii(&err.to_string());
}

/// Policy errors name the place and quote *policy text* where that helps (an unknown
/// kind, a bad path): that is configuration, not data found by the scrubber. Key
/// material is never quoted, also when written where a key reference belongs.
#[test]
fn policy_errors_never_quote_key_material() {
    let cases = [
        format!("version = 1\nkey = \"{HEX}\"\n"),
        format!("version = 1\nkey = \"inline {HEX}\"\n"),
        format!("version = 1\nkey = \"inline:{HEX}\"\n"),
        format!("version = 1\n[[fields]]\npath = \"a\"\naction = {{ action = \"pseudonymize\", domain = \"d\", key = \"{HEX}\" }}\n"),
        format!("version = 1\n[kinds]\nipv4 = {{ action = \"encrypt\", mode = \"pfx\", key = \"{}\" }}\n", &HEX[..40]),
    ];
    for toml in &cases {
        let r = Policy::from_toml_str(toml).and_then(|p| EventScrubber::new(&p).map(|_| ()));
        let err = r.unwrap_err();
        assert_no_key(&format!("{err} {err:?}"));
    }
    let json = format!("{{\"version\": 1, \"key\": \"{HEX}\"}}");
    let err = Policy::from_json_str(&json).unwrap_err();
    assert_no_key(&format!("{err} {err:?}"));
}
