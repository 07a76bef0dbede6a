//! Policy files: good files load (TOML and JSON alike, old `Policy` serde shape
//! included); every kind of error names its place (file, line, field).

use piiscrub::{Action, ErrorKind, FieldAction, Format, KeyRef, Kind, Policy, TimeUnit};

const GOOD: &str = r#"
version = 1
format = "ndjson"
disable = ["imei"]
uuid_everywhere = false
allow_list = false
key = "env:PIISCRUB_KEY"

[kinds]
card = { action = "mask", keep_last = 4 }
ipv4 = { action = "truncate", v4_prefix = 16 }

[[extra_rules]]
detector = { detector = "dictionary", name = "codename", words = ["Bluebird"] }
action = { action = "redact" }

[[fields]]
path = "user.email"
action = "redact"

[[fields]]
key_matches = "password|secret|token"
action = "drop"

[[fields]]
path = "ts"
action = { action = "truncate_time", to = "day" }

[[fields]]
path = "user.id"
action = { action = "pseudonymize", domain = "user", key = "file:/etc/piiscrub/user.key" }

[limits]
max_depth = 64
"#;

#[test]
fn good_toml_loads() {
    let p = Policy::from_toml_str(GOOD).unwrap();
    assert_eq!(p.format, Format::Ndjson);
    assert_eq!(p.kinds[&Kind::Card], Action::mask_last(4));
    assert_eq!(p.disable, vec![Kind::Imei]);
    assert_eq!(p.key, KeyRef::Env("PIISCRUB_KEY".into()));
    assert_eq!(p.fields.len(), 4);
    assert_eq!(
        p.fields[2].action,
        FieldAction::TruncateTime { to: TimeUnit::Day }
    );
    assert_eq!(p.limits.max_depth, 64);
    // The effective rules: defaults minus IMEI, plus the dictionary.
    let rules = p.effective_rules();
    assert!(!rules.iter().any(|r| r.detector.kind() == Kind::Imei));
    assert!(rules
        .iter()
        .any(|r| r.detector.kind() == Kind::Custom("codename".into())));
}

#[test]
fn json_round_trip_gives_the_same_policy() {
    let p = Policy::from_toml_str(GOOD).unwrap();
    let json = serde_json::to_string_pretty(&p).unwrap();
    assert_eq!(Policy::from_json_str(&json).unwrap(), p);
    let toml_text = toml::to_string(&p).unwrap();
    assert_eq!(Policy::from_toml_str(&toml_text).unwrap(), p);
}

#[test]
fn the_original_rule_shape_still_loads() {
    let p = Policy::from_toml_str(
        r#"
version = 1
[[rules]]
detector = { detector = "builtin", kind = "email" }
action = { action = "redact", label = "<mail>" }
[[rules]]
detector = { detector = "regex", name = "order", pattern = 'ORD-[0-9]{6}' }
action = { action = "remove" }
"#,
    )
    .unwrap();
    assert_eq!(p.rules.len(), 2);
}

#[test]
fn from_path_by_extension() {
    let dir = std::env::temp_dir().join(format!("piiscrub-policy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let toml_path = dir.join("p.toml");
    std::fs::write(&toml_path, GOOD).unwrap();
    assert!(Policy::from_path(&toml_path).is_ok());
    let json_path = dir.join("p.json");
    std::fs::write(&json_path, r#"{"version": 1, "format": "auto"}"#).unwrap();
    assert_eq!(Policy::from_path(&json_path).unwrap().format, Format::Auto);
    let bad = dir.join("p.yaml");
    std::fs::write(&bad, "version: 1").unwrap();
    assert!(Policy::from_path(&bad)
        .unwrap_err()
        .to_string()
        .contains(".toml or .json"));
    let missing = Policy::from_path(dir.join("nope.toml")).unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::Io);
    // Errors from a file start with its name and the line.
    let broken = dir.join("broken.toml");
    std::fs::write(
        &broken,
        "version = 1\n\n[[fields]]\npath = \"a..b\"\naction = \"drop\"\n",
    )
    .unwrap();
    let err = Policy::from_path(&broken).unwrap_err().to_string();
    assert!(
        err.starts_with(&format!("{}:4: fields[0].path: bad path", broken.display())),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// (policy text, kind, what the message starts with, what it contains)
fn toml_cases() -> Vec<(&'static str, ErrorKind, &'static str, &'static str)> {
    vec![
        ("format = \"text\"\n", ErrorKind::Policy, "version", "missing `version = 1`"),
        ("version = 2\n", ErrorKind::Policy, "line 1: version", "not supported"),
        ("version = 1\nfrobnicate = true\n", ErrorKind::Parse, "line 2", "unknown field `frobnicate`"),
        ("version = 1\n[kinds]\nnope = { action = \"redact\" }\n", ErrorKind::Parse, "line 3", "unknown variant `nope`"),
        ("version = 1\ndisable = [\"emial\"]\n", ErrorKind::Parse, "line 2", "unknown variant `emial`"),
        ("version = 1\n[[fields]]\npath = \"a\"\naction = \"explode\"\n", ErrorKind::Parse, "line 4", "unknown variant `explode`"),
        ("version = 1\n[[fields]]\npath = \"a\"\naction = \"drop\"\ncolour = 1\n", ErrorKind::Parse, "line 5", "unknown field `colour`"),
        ("version = 1\n[[fields]]\nkey_matches = \"pass(word\"\naction = \"drop\"\n", ErrorKind::Policy, "line 3: fields[0].key_matches", "bad regex"),
        ("version = 1\n\n[[extra_rules]]\ndetector = { detector = \"regex\", name = \"order\", pattern = 'ORD-[0-9]+' }\naction = { action = \"redact\" }\n", ErrorKind::Policy, "line 4: extra_rules[0].detector.pattern", "bounded"),
        ("version = 1\n[[extra_rules]]\ndetector = { detector = \"regex\", name = \"x\", pattern = '[' }\naction = { action = \"redact\" }\n", ErrorKind::Policy, "line 3: extra_rules[0].detector.pattern", "bad regex"),
        ("version = 1\ndisable = [\"card\"]\n[kinds]\ncard = { action = \"redact\" }\n", ErrorKind::Policy, "line 4: kinds.card", "also in `disable`"),
        ("version = 1\n[kinds]\nemail = { action = \"truncate\" }\n", ErrorKind::Policy, "line 3: kinds.email", "IP addresses only"),
        ("version = 1\n[[fields]]\npath = \"a.b\"\naction = \"drop\"\n[[fields]]\npath = \"a.b\"\naction = \"keep\"\n", ErrorKind::Policy, "line 6: fields[1].path", "contradicts fields[0]"),
        ("version = 1\n[[fields]]\npath = \"a\"\nkey_matches = \"b\"\naction = \"drop\"\n", ErrorKind::Policy, "line 2: fields[0]", "exactly one of"),
        ("version = 1\n[[fields]]\npath = \"n\"\naction = { action = \"bucket\", width = 0 }\n", ErrorKind::Policy, "line 4: fields[0].action", "width"),
        ("version = 1\nallow_list = true\n", ErrorKind::Policy, "line 2: allow_list", "drop every field"),
        ("version = 1\nkey = \"inline:0011223344556677\"\n", ErrorKind::Policy, "line 2: key", "allow_inline_key"),
        ("version = 1\nkey = \"vault:x\"\n", ErrorKind::Parse, "line 2", "key reference"),
        ("version = 1\n[limits]\nmax_depth = 100000\n", ErrorKind::Policy, "line 3: limits.max_depth", "must be 1 to 512"),
        ("version = 1\n[kinds]\nemail = { action = \"redact\", label = \"a@example.com\" }\n", ErrorKind::Policy, "rules", "would itself be found"),
        ("version = 1\nformat = \"yaml\"\n", ErrorKind::Parse, "line 2", "unknown variant `yaml`"),
        ("version = 1\n[kinds]\nvin = { action = \"redact\" }\n", ErrorKind::Policy, "line 3: kinds.vin", "extra_rules"),
        ("version = ", ErrorKind::Parse, "line 1", ""),
    ]
}

#[test]
fn toml_errors_name_the_place() {
    for (text, kind, start, contains) in toml_cases() {
        let err = Policy::from_toml_str(text).unwrap_err();
        let msg = err.to_string();
        assert_eq!(err.kind(), kind, "{text}\n=> {msg}");
        assert!(msg.starts_with(start), "{text}\n=> {msg}");
        assert!(msg.contains(contains), "{text}\n=> {msg}");
    }
}

#[test]
fn json_errors_name_the_place() {
    let cases = [
        ("{\"version\": 1,\n \"nope\": 1}", ErrorKind::Parse, "line 2", "unknown field `nope`"),
        ("{\"version\": 1,\n \"fields\": [\n  {\"path\": \"a\", \"action\": \"drop\"},\n  {\"key_matches\": \"(\", \"action\": \"drop\"}]}", ErrorKind::Policy, "line 4: fields[1].key_matches", "bad regex"),
        ("{\"version\": 1, \"disable\": [\"nope\"]}", ErrorKind::Parse, "line 1", "unknown variant `nope`"),
        ("{\"version\": 1,\n\"kinds\": {\"ssn\": {\"action\": \"mask\", \"mask_char\": \"x\"}}}", ErrorKind::Policy, "line 2: kinds.ssn", "mask character"),
    ];
    for (text, kind, start, contains) in cases {
        let err = Policy::from_json_str(text).unwrap_err();
        let msg = err.to_string();
        assert_eq!(err.kind(), kind, "{text}\n=> {msg}");
        assert!(msg.starts_with(start), "{text}\n=> {msg}");
        assert!(msg.contains(contains), "{text}\n=> {msg}");
    }
}

#[test]
fn inline_keys_only_when_allowed_and_never_shown() {
    let material = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    let text = format!("version = 1\nallow_inline_key = true\nkey = \"inline:{material}\"\n");
    let p = Policy::from_toml_str(&text).unwrap();
    assert!(!format!("{p:?}").contains("0011223344"));
    let denied = format!("version = 1\nkey = \"inline:{material}\"\n");
    let err = Policy::from_toml_str(&denied).unwrap_err().to_string();
    assert!(!err.contains("0011223344"), "{err}");
    // A malformed reference is not echoed either.
    let err = Policy::from_toml_str("version = 1\nkey = \"secret-material-here\"\n")
        .unwrap_err()
        .to_string();
    assert!(!err.contains("secret-material"), "{err}");
}
