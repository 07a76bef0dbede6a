//! Keys in structured events: keyed field rules (`pseudonymize`, `encrypt`), key
//! references, the text scrubber's key, and per-tenant keys.

// Policies are built field by field, as callers do.
#![allow(clippy::field_reassign_with_default)]

use std::sync::Arc;

use piiscrub::{
    pseudonymize_value, Action, EncryptMode, ErrorKind, EventScrubber, FieldAction, FieldRule,
    Findings, Key, KeyRef, Keyring, Kind, Policy, TenantKeys,
};

fn key() -> Key {
    Key::from_bytes(&(0u8..32).collect::<Vec<_>>()).unwrap()
}

fn ring() -> Keyring {
    Keyring::new(key())
}

fn pseudo(domain: &str) -> FieldAction {
    FieldAction::Pseudonymize {
        domain: domain.into(),
        key: None,
        lowercase: false,
    }
}

fn run(ev: &EventScrubber, json: &str) -> String {
    ev.scrub_event_str(json).unwrap()
}

#[test]
fn fields_sharing_a_domain_join_and_match_the_spec() {
    let mut p = Policy::default();
    p.fields = vec![
        FieldRule::path("user.id", pseudo("user")),
        FieldRule::path("account.owner_id", pseudo("user")),
        FieldRule::path("device", pseudo("device")),
    ];
    let ev = EventScrubber::with_keyring(&p, ring()).unwrap();
    let out = run(
        &ev,
        r#"{"user":{"id":"u-1842"},"account":{"owner_id":"u-1842"},"device":"u-1842","n":7}"#,
    );
    let want = pseudonymize_value(&key(), "user", b"u-1842", false).unwrap();
    assert_eq!(want, "user_7kqrwiu2e7a6i7wxbxk3x35rfa"); // checked with Python's hmac
    let dev = pseudonymize_value(&key(), "device", b"u-1842", false).unwrap();
    assert_eq!(
        out,
        format!(
            r#"{{"user":{{"id":"{want}"}},"account":{{"owner_id":"{want}"}},"device":"{dev}","n":7}}"#
        )
    );
    // Scrubbing the output again changes nothing.
    assert_eq!(run(&ev, &out), out);
    // The serde_json::Value walker gives the same tokens; numbers become strings.
    let mut v = serde_json::json!({"user": {"id": "u-1842"}, "device": 42});
    ev.scrub_json(&mut v).unwrap();
    assert_eq!(v["user"]["id"], want.as_str());
    assert_eq!(
        v["device"],
        pseudonymize_value(&key(), "device", b"42", false).unwrap()
    );
}

#[test]
fn lowercase_and_bad_domains() {
    let mut p = Policy::default();
    p.fields = vec![FieldRule::path(
        "email",
        FieldAction::Pseudonymize {
            domain: "email".into(),
            key: None,
            lowercase: true,
        },
    )];
    let ev = EventScrubber::with_keyring(&p, ring()).unwrap();
    assert_eq!(
        run(&ev, r#"{"email":"Ann@X.org"}"#),
        run(&ev, r#"{"email":"ann@x.org"}"#)
    );
    p.fields = vec![FieldRule::path("u", pseudo("User_Id"))];
    let err = EventScrubber::with_keyring(&p, ring()).unwrap_err();
    assert!(
        err.to_string().starts_with("fields[0]: pseudonym domain"),
        "{err}"
    );
    assert!(p.validate().is_err());
}

#[test]
fn encrypt_ip_fields() {
    let mut p = Policy::default();
    p.fields = vec![FieldRule::path(
        "ip",
        FieldAction::Encrypt {
            mode: EncryptMode::Pfx,
            key: None,
        },
    )];
    let ev = EventScrubber::with_keyring(&p, ring()).unwrap();
    let a = run(&ev, r#"{"ip":"10.1.2.3"}"#);
    let b = run(&ev, r#"{"ip":"10.1.2.4"}"#);
    let ip = |s: &str| {
        let v: serde_json::Value = serde_json::from_str(s).unwrap();
        v["ip"]
            .as_str()
            .unwrap()
            .parse::<std::net::Ipv4Addr>()
            .unwrap()
    };
    assert_ne!(ip(&a).to_string(), "10.1.2.3");
    // Prefix-preserving: the first 24 bits of two addresses in one /24 stay shared.
    assert_eq!(ip(&a).octets()[..3], ip(&b).octets()[..3]);
    // A value that is no address is scanned as text.
    assert_eq!(
        run(&ev, r#"{"ip":"mail bob@example.com"}"#),
        r#"{"ip":"mail [EMAIL]"}"#
    );
}

#[test]
fn free_text_pseudonymizing_policies_get_the_key() {
    let mut p = Policy::pseudonymizing();
    p.fields = vec![FieldRule::path("ip", FieldAction::Keep)];
    assert!(EventScrubber::new(&p).is_err());
    let ev = EventScrubber::with_keyring(&p, ring()).unwrap();
    assert_eq!(
        run(&ev, r#"{"by":"Alice@Example.com","ip":"10.1.2.3"}"#),
        r#"{"by":"email_dgp22mgtmkmx5h32pyz2dvaznq","ip":"10.1.2.3"}"#
    );
    // Lines that are not JSON get the key too.
    let mut out = Vec::new();
    ev.scrub_ndjson_line(
        b"by Alice@Example.com\n",
        &mut out,
        &mut Findings::default(),
    );
    assert_eq!(out, b"by email_dgp22mgtmkmx5h32pyz2dvaznq\n");
}

#[test]
fn key_references() {
    let hex: String = (0u8..32).map(|b| format!("{b:02x}")).collect();
    let var = "PIISCRUB_TEST_STRUCTURED_KEY_REF";
    std::env::set_var(var, &hex);
    let mut p = Policy::default();
    p.fields = vec![FieldRule::path(
        "u",
        FieldAction::Pseudonymize {
            domain: "user".into(),
            key: Some(KeyRef::Env(var.into())),
            lowercase: false,
        },
    )];
    // A rule naming its key needs nothing from the caller.
    let ev = EventScrubber::new(&p).unwrap();
    let want = pseudonymize_value(&key(), "user", b"u-1842", false).unwrap();
    assert_eq!(
        run(&ev, r#"{"u":"u-1842"}"#),
        format!(r#"{{"u":"{want}"}}"#)
    );

    // The policy's key, from a file.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.hex");
    std::fs::write(&path, format!("{hex}\n")).unwrap();
    p.fields = vec![FieldRule::path("u", pseudo("user"))];
    p.key = KeyRef::File(path.display().to_string());
    let ev = EventScrubber::new(&p).unwrap();
    assert_eq!(
        run(&ev, r#"{"u":"u-1842"}"#),
        format!(r#"{{"u":"{want}"}}"#)
    );

    // Inline only when allowed; errors never show the key.
    p.key = KeyRef::Inline(hex.clone());
    let err = EventScrubber::new(&p).unwrap_err();
    assert!(err.to_string().contains("allow_inline_key"), "{err}");
    assert!(!err.to_string().contains(&hex[..16]));
    p.allow_inline_key = true;
    assert!(EventScrubber::new(&p).is_ok());

    // A missing variable is a key error naming the variable only.
    p.key = KeyRef::Env("PIISCRUB_TEST_NO_SUCH_VAR".into());
    let err = EventScrubber::new(&p).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Key);
    assert!(
        err.to_string().contains("PIISCRUB_TEST_NO_SUCH_VAR"),
        "{err}"
    );
}

#[test]
fn per_tenant_keys_and_crypto_shredding() {
    let mut p = Policy::default();
    p.tenant_field = Some("tenant.id".into());
    p.kinds.insert(Kind::Email, Action::pseudonymize());
    p.fields = vec![FieldRule::path("user", pseudo("user"))];
    // Without a provider: fail closed.
    let err = EventScrubber::with_keyring(&p, ring()).unwrap_err();
    assert!(err.to_string().starts_with("tenant_field"), "{err}");

    let mut tenants = TenantKeys::default();
    tenants.insert("acme", key());
    tenants.insert("globex", Key::from_bytes(&[9u8; 32]).unwrap());
    let ev = EventScrubber::with_keys(&p, None, Some(Arc::new(tenants))).unwrap();
    let acme = run(
        &ev,
        r#"{"tenant":{"id":"acme"},"user":"ann","note":"Alice@Example.com"}"#,
    );
    let user = pseudonymize_value(&key(), "user", b"ann", false).unwrap();
    assert_eq!(
        acme,
        format!(
            r#"{{"tenant":{{"id":"acme"}},"user":"{user}","note":"email_dgp22mgtmkmx5h32pyz2dvaznq"}}"#
        )
    );
    // Another tenant, another key: no link between tenants.
    let globex = run(&ev, r#"{"user":"ann","tenant":{"id":"globex"}}"#);
    assert!(!globex.contains(&user) && globex.contains("user_"));
    // A tenant without a key (deleted) or no tenant at all: redacted and counted.
    let mut counts = Findings::default();
    for json in [
        r#"{"tenant":{"id":"gone"},"user":"ann","note":"Alice@Example.com"}"#,
        r#"{"user":"ann","note":"Alice@Example.com"}"#,
    ] {
        let mut out = Vec::new();
        ev.scrub_event(json.as_bytes(), &mut out, &mut counts)
            .unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.contains(r#""user":"[REDACTED]","note":"[EMAIL]""#),
            "{out}"
        );
    }
    assert_eq!(counts.missing_key(), 4);
    // The Value walker reads the tenant too.
    let mut v = serde_json::json!({"tenant": {"id": "acme"}, "user": "ann"});
    ev.scrub_json(&mut v).unwrap();
    assert_eq!(v["user"], user.as_str());
}
