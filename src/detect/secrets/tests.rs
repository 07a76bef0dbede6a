use crate::{Action, Kind, Scrubber, ScrubberBuilder};

fn secrets_only() -> Scrubber {
    crate::detect::only(Kind::Secret)
}

/// Scrubs with the secret detector only, and checks idempotence on the way.
fn scrub(input: &str) -> String {
    let s = secrets_only();
    let out = s.scrub_str(input).into_owned();
    assert_eq!(s.scrub_str(&out), out, "not idempotent on {input:?}");
    out
}

/// The pattern rule names (`secret.jwt` …) of the findings, left to right.
fn rules(input: &str) -> Vec<String> {
    let opts = crate::detect::DetectOptions::default();
    let pats = super::patterns(&opts);
    let names: Vec<String> = pats.iter().map(|p| p.rule.clone()).collect();
    let engine = crate::scan::Engine::new(pats.into_iter().enumerate().collect(), opts).unwrap();
    let mut out = Vec::new();
    engine.scan(input.as_bytes(), |h| out.push(names[h.rule].clone()));
    out
}

#[track_caller]
fn same(input: &str) {
    assert_eq!(scrub(input), input, "changed: {input:?}");
}

const JWT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

#[test]
fn jwt() {
    assert_eq!(scrub(&format!("jwt {JWT} ok")), "jwt [SECRET] ok");
    assert_eq!(scrub(&format!("got {JWT}")), "got [SECRET]");
    let f = secrets_only().find(format!("x {JWT}"));
    assert_eq!((f.len(), f[0].range.clone()), (1, 2..2 + JWT.len()));
    // Unsecured JWT (alg none), empty signature.
    assert_eq!(
        scrub("t eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0. end"),
        "t [SECRET] end"
    );
    // Two parts only, not JSON with alg, inside a longer base64 run.
    same("x eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NSJ9 y");
    same("x eyJmb28iOiJiYXIiLCJiYXoiOjF9.eyJhIjoxfQ.abc y");
    same("x aeyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhIjoxfQ.abc y");
    same("eyJ eyJhbGci eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9");
}

#[test]
fn bearer_and_basic() {
    assert_eq!(
        scrub("Authorization: Bearer abc.def-ghi"),
        "Authorization: Bearer [SECRET]"
    );
    assert_eq!(
        scrub("proxy-authorization: basic dXNlcjpwYXNz\r\n"),
        "proxy-authorization: basic [SECRET]\r\n"
    );
    assert_eq!(
        scrub(r#"curl -H 'Authorization: Bearer tok' https://x.test/"#),
        r#"curl -H 'Authorization: Bearer [SECRET]' https://x.test/"#
    );
    assert_eq!(
        scrub(r#"{"headers":{"authorization":"bearer abc123"}}"#),
        r#"{"headers":{"authorization":"bearer [SECRET]"}}"#
    );
    assert_eq!(
        scrub("sent Bearer ya29a0AfH6SMBx12 ok"),
        "sent Bearer [SECRET] ok"
    );
    assert_eq!(
        scrub("auth Basic dXNlcjpwYXNzd29yZA== ok"),
        "auth Basic [SECRET] ok"
    );
    assert_eq!(
        scrub("Authorization: Digest username=\"bob\", response=\"6629fae4\""),
        "Authorization: Digest [SECRET]"
    );
    same("the bearer of bad news; Bearer token expired; Bearer");
    same("Basic Usage: see basic settings");
    same("Authorization: Bearer [SECRET]");
    same("Authorization: Bearer ");
    // The keep-domain pseudonym of an e-mail after a bare `Bearer ` is no token (the
    // first pass found the address, not a token); a token glued to anything else is.
    same("Bearer dcfbx7isif2mlvvhntrmk6cidq@corp.example.co.uk");
    same("Bearer email_lu2qutyquqpkn7sjrbi3mehily-mhgrlwn9vf-xcs7j");
    // Any rendering domain (`a-z`, digits, `-`), as `is_plain_rendering` reads it.
    same("Bearer app-2_lu2qutyquqpkn7sjrbi3mehily-mhgrlwn9vf-xcs7j");
    assert_eq!(
        scrub("Bearer dcfbx7isif2mlvvhntrmk6cidq:x"),
        "Bearer [SECRET]:x"
    );
}

#[test]
fn vendor_keys() {
    assert_eq!(scrub("key AKIAIOSFODNN7EXAMPLE."), "key [SECRET].");
    same("AKIAIOSFODNN7EXAMPL short, AKIAIOSFODNN7EXAMPLE1 long, XAKIAIOSFODNN7EXAMPLE");
    let gh = format!("ghp_{}", "a1B2c3D4e5".repeat(3) + "F6g7H8");
    assert_eq!(scrub(&format!("t={gh}")), "t=[SECRET]");
    assert_eq!(scrub(&format!("use {gh} now")), "use [SECRET] now");
    let pat = format!("github_pat_{}", "A1b2C3d4E5_".repeat(7) + "f6G7H8i9J0");
    assert_eq!(pat.len(), 11 + 87);
    assert_eq!(scrub(&format!("pat {pat}")), "pat [SECRET]");
    assert_eq!(
        scrub("slack xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx end"),
        "slack [SECRET] end"
    );
    same("xoxb-abcdefghijkl no digit");
    assert_eq!(
        scrub(
            "post https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX ok"
        ),
        "post https://hooks.slack.com/services/[SECRET] ok"
    );
    assert_eq!(
        scrub("stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc"),
        "stripe [SECRET]"
    );
    assert_eq!(
        scrub("stripe rk_test_4eC39HqLyjWDarjtT1zdp7dc"),
        "stripe [SECRET]"
    );
    same("stripe pk_live_4eC39HqLyjWDarjtT1zdp7dc");
    let fcm = "dGVzdC1pbnN0YW5jZS1pZA:APA91bHun4MxP5egoKMwt2KZFBaFUH-1RYqx5cV3zXxAXmTXyLh4Lq_u5_7Vz4h8pQ2rWc9bN3mK6jT1yF0dS";
    assert_eq!(scrub(&format!("push {fcm} sent")), "push [SECRET] sent");
    assert_eq!(
        scrub(&format!("push {} sent", &fcm[23..])),
        "push [SECRET] sent"
    );
    assert_eq!(
        scrub("maps AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe x"),
        "maps [SECRET] x"
    );
}

#[test]
fn pem() {
    let one = r#"{"key":"-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----\n","n":1}"#;
    assert_eq!(scrub(one), r#"{"key":"[SECRET]\n","n":1}"#);
    let kv = one.replace("\"key\"", "\"private_key\"");
    assert_eq!(scrub(&kv), r#"{"private_key":"[SECRET]","n":1}"#);
    let multi =
        "a\n-----BEGIN PRIVATE KEY-----\r\nMIIEvQ\r\nAbCd\r\n-----END PRIVATE KEY----- tail\nb\n";
    assert_eq!(
        scrub(multi),
        "a\n[SECRET]\r\n[SECRET]\r\n[SECRET]\r\n[SECRET] tail\nb\n"
    );
    assert_eq!(
        scrub("x -----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\nmore"),
        "x [SECRET]\n[SECRET]\n[SECRET]"
    );
    assert_eq!(
        scrub("private_key: -----BEGIN EC PRIVATE KEY-----\nMHcC\n-----END EC PRIVATE KEY-----"),
        "private_key: [SECRET]\n[SECRET]\n[SECRET]"
    );
    same("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----");
    same("-----BEGIN PUBLIC KEY-----");
}

#[test]
fn pem_blocks_glued_together() {
    // Two blocks with no line break between END and BEGIN: one span, both bodies hidden.
    let two = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY----------BEGIN PRIVATE KEY-----\nBBBB\n-----END PRIVATE KEY----- ok";
    assert_eq!(
        scrub(two),
        "[SECRET]\n[SECRET]\n[SECRET]\n[SECRET]\n[SECRET] ok"
    );
    let escaped = two.replace('\n', "\\n");
    assert_eq!(scrub(&escaped), "[SECRET] ok");
    assert_eq!(
        scrub("-----BEGIN PRIVATE KEY-----\nA\n-----END PRIVATE KEY-----x9-----BEGIN EC PRIVATE KEY-----\nB"),
        "[SECRET]\n[SECRET]\n[SECRET]\n[SECRET]"
    );
}

#[test]
fn a_value_never_swallows_a_pem_marker() {
    // The value ends before the marker; the block is found on its own.
    assert_eq!(
        scrub("\"password\":\"worker-7-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\" n"),
        "\"password\":\"[SECRET][SECRET]\n[SECRET]\n[SECRET]\" n"
    );
    assert_eq!(
        scrub(
            "Authorization: Bearer -----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY----- n"
        ),
        "Authorization: Bearer [SECRET]\n[SECRET]\n[SECRET] n"
    );
    assert_eq!(
        scrub("token abcdefghijklmnop0123-----BEGIN PRIVATE KEY-----\nMIIE\n"),
        "token [SECRET][SECRET]\n[SECRET]\n"
    );
    // A key shape whose run takes dashes (AIza…) glued to the marker.
    let glued = format!(
        "k AIza{}-----BEGIN PRIVATE KEY-----\nMIIE\n",
        "a".repeat(32)
    );
    assert_eq!(scrub(&glued), "k [SECRET][SECRET]\n[SECRET]\n");
}

#[test]
fn url_credentials() {
    assert_eq!(
        scrub("GET https://bob:hunter2@example.com/x"),
        "GET https://[SECRET]@example.com/x"
    );
    assert_eq!(
        scrub("dsn=postgres://app:s3cr%40t@db:5432/app"),
        "dsn=postgres://[SECRET]@db:5432/app"
    );
    assert_eq!(
        scrub("redis://:pw@cache:6379"),
        "redis://[SECRET]@cache:6379"
    );
    assert_eq!(
        scrub("u https://bob:p@ss@host/"),
        "u https://[SECRET]@host/"
    );
    assert_eq!(
        scrub("v6 http://a:b@[2001:db8::1]:80/"),
        "v6 http://[SECRET]@[2001:db8::1]:80/"
    );
    same("https://bob@example.com/ and http://host:8080/a?x=a@b and https://user:@host/");
}

#[test]
fn key_values() {
    assert_eq!(
        scrub("password=hunter2 user=bob"),
        "password=[SECRET] user=bob"
    );
    assert_eq!(
        scrub(r#"{"password": "hun\"ter2", "a": 1}"#),
        r#"{"password": "[SECRET]", "a": 1}"#
    );
    assert_eq!(scrub("password: hunter2"), "password: [SECRET]");
    assert_eq!(scrub("api_key='abc'"), "api_key='[SECRET]'");
    assert_eq!(
        scrub("db_password=x1&next=2"),
        "db_password=[SECRET]&next=2"
    );
    assert_eq!(scrub("X-Api-Key: k123\r\n"), "X-Api-Key: [SECRET]\r\n");
    assert_eq!(
        scrub("userPassword=p, dbpassword=q"),
        "userPassword=[SECRET], dbpassword=[SECRET]"
    );
    assert_eq!(
        scrub("client_secret => 'abc'"),
        "client_secret => '[SECRET]'"
    );
    assert_eq!(
        scrub("User(name=a, password=b)"),
        "User(name=a, password=[SECRET])"
    );
    assert_eq!(
        scrub(r#"msg "{\"token\":\"abc\"}""#),
        r#"msg "{\"token\":\"[SECRET]\"}""#
    );
    assert_eq!(
        scrub("<password>pw</password>"),
        "<password>[SECRET]</password>"
    );
    assert_eq!(scrub("password2=x"), "password2=[SECRET]");
    assert_eq!(
        scrub(r#""credentials": {"u": "a", "p": [1]} ok"#),
        r#""credentials": [SECRET] ok"#
    );
    assert_eq!(scrub("Cookie: a=1; b=2"), "Cookie: [SECRET]");
    assert_eq!(
        scrub("Set-Cookie: sid=abc; Path=/; HttpOnly\r\n"),
        "Set-Cookie: [SECRET]\r\n"
    );
    assert_eq!(
        scrub("curl -H 'Cookie: a=1; b=2' https://x"),
        "curl -H 'Cookie: [SECRET]' https://x"
    );
    assert_eq!(
        scrub("JSESSIONID=ABC123; Path=/"),
        "JSESSIONID=[SECRET]; Path=/"
    );
    let big = format!("Cookie: {}", "k=v; ".repeat(2000));
    assert_eq!(scrub(&big), "Cookie: [SECRET] ");
    assert_eq!(
        scrub("device_token=abcd fcm: x1"),
        "device_token=[SECRET] fcm: [SECRET]"
    );
    // Negative: the key rule, empty values, labels, object renderings, paths.
    same("password_reset_count=3 token_count=5 max_tokens=10 bypass=1");
    same("password reset requested; session started; cookies enabled; password for");
    same("password= token=\"\" secret:");
    same("password=[SECRET] \"token\": \"[SECRET]\" Cookie: [SECRET]");
    same("password=null secret: true token=**** ");
    same("AppWindowToken{9f4ef63 token=Token{a64f992 ActivityRecord{de9231d}}}");
    same("Token: Token { kind: ContainerToken, service: 10.0.0.1:28345 }");
    same("CBS Session: 30546173_4261722401 init; sessionid: 0x14ede63a5a70001 ok");
    assert_eq!(
        scrub("sessionid=0x14ede63a5a70001ff9 PHPSESSID=9"),
        "sessionid=[SECRET] PHPSESSID=[SECRET]"
    );
    same("Bad activity token: android.os.BinderProxy@2bd79ce");
    same("open /etc/passwd: denied; Session::start(); token == null");
}

#[test]
fn oauth_and_words() {
    assert_eq!(
        scrub("GET /cb?code=4/P7q7W91&state=xyz"),
        "GET /cb?code=[SECRET]&state=xyz"
    );
    assert_eq!(
        scrub("https://app/#access_token=ya.29&token_type=bearer"),
        "https://app/#access_token=[SECRET]&token_type=bearer"
    );
    assert_eq!(
        scrub(r#"u "https://x/?a=1\u0026id_token=abc""#),
        r#"u "https://x/?a=1\u0026id_token=[SECRET]""#
    );
    same("GET /cb?code=&state=xyz");
    assert_eq!(
        scrub("using token 8f14e45fceea167a5a36dedd4bea2543 for x"),
        "using token [SECRET] for x"
    );
    same("token expired for 8f14e45fceea167a5a36dedd4bea2543; token abcdefghijklmnopqrstu");
    same("commit 3f786850e387550fdab836ed7e6dc881de23001b trace 4bf92f3577b34da6a3ce929d0e0e4736");
    same("Failed password for invalid user admin from 1.2.3.4 port 22 ssh2");
}

#[test]
fn rule_names() {
    let gh = format!("ghp_{}", "a1B2c3D4e5".repeat(3) + "F6g7H8");
    let cases: [(&str, &[&str]); 16] = [
        (&format!("a {JWT}"), &["secret.jwt"]),
        ("Authorization: Bearer abc", &["secret.bearer"]),
        ("Authorization: Basic dTpw", &["secret.basic"]),
        (
            "x Bearer ya29a0AfH6SMBx12 Basic dTpwYXNz",
            &["secret.bearer", "secret.basic"],
        ),
        ("AKIAIOSFODNN7EXAMPLE", &["secret.aws"]),
        (&gh, &["secret.github"]),
        ("xoxp-1234567890-abcdef", &["secret.slack"]),
        ("sk_live_4eC39HqLyjWDarjtT1zdp7dc", &["secret.stripe"]),
        (
            "AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe",
            &["secret.google"],
        ),
        ("-----BEGIN PRIVATE KEY-----", &["secret.pem"]),
        ("https://a:b@h", &["secret.url"]),
        (
            "password=x Authorization: Digest y",
            &["secret.kv", "secret.kv"],
        ),
        ("/cb?code=x", &["secret.oauth"]),
        ("fcm_token=x apns: y", &["secret.push", "secret.push"]),
        ("token 8f14e45fceea167a5a36dedd4bea2543", &["secret.word"]),
        ("nothing here", &[]),
    ];
    for (input, want) in cases {
        assert_eq!(rules(input), want, "{input}");
    }
}

#[test]
fn default_policy_and_never_panics() {
    let s = Scrubber::default();
    assert_eq!(s.scrub_str("password=hunter2"), "password=[SECRET]");
    let nasty: [&[u8]; 8] = [
        b"password=\"\\",
        b"password='",
        b"-----BEGIN PRIVATE KEY-----",
        b"Authorization: Bearer",
        b"eyJhbGciOiJIUzI1NiJ9.",
        b"https://a:b@",
        b"\xffpassword=\xff\xfe token \xff",
        b"{\"token\":{\"a\":[\"\\",
    ];
    for n in nasty {
        let _ = s.scrub_bytes(n);
        for cut in 0..n.len() {
            let _ = secrets_only().scrub_bytes(&n[..cut]);
        }
    }
}

/// Replays `tests/vectors/secrets.toml` with the default policy (until the shared
/// vector runner covers it): output, idempotence and the kinds found.
/// Random mixes of the pieces detectors react to: never a panic, always idempotent.
#[test]
fn random_pieces_idempotent() {
    const PIECES: [&str; 32] = [
        "password",
        "token",
        "Cookie",
        "Authorization",
        ": ",
        "=",
        "\"",
        "'",
        "\\\"",
        " ",
        "Bearer ",
        "Basic ",
        "eyJhbGciOiJIUzI1NiJ9",
        ".",
        "abc123XYZ",
        "[SECRET]",
        "https://",
        "u:p@",
        "@",
        "?code=",
        "&",
        "#",
        "-----BEGIN PRIVATE KEY-----",
        "-----END PRIVATE KEY-----",
        "\n",
        "{",
        "}",
        "[",
        "]",
        ";",
        "\u{e9}",
        "\\n",
    ];
    let s = secrets_only();
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..4000 {
        let mut input = String::new();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let n = (seed % 12) as usize + 1;
        let mut r = seed;
        for _ in 0..n {
            r = r
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            input.push_str(PIECES[(r >> 33) as usize % PIECES.len()]);
        }
        let once = s.scrub_str(&input).into_owned();
        assert_eq!(s.scrub_str(&once), once, "input {input:?}");
    }
}

/// Every regex is bounded by its `max_len`, even with lists grown by a policy.
#[test]
fn max_len_is_a_true_bound() {
    let mut opts = crate::detect::DetectOptions::default();
    opts.lists
        .secret_keys
        .push("a very_long-key.name with spaces".to_owned());
    for p in super::patterns(&opts) {
        let hir = regex_syntax::ParserBuilder::new()
            .unicode(false)
            .utf8(false)
            .build()
            .parse(&p.regex)
            .unwrap();
        let max = hir.properties().maximum_len();
        assert!(
            max.is_some_and(|m| m <= p.max_len),
            "{} {:?} > {}",
            p.rule,
            max,
            p.max_len
        );
    }
    // A non-ASCII entry compiles and matches its UTF-8 bytes.
    let mut lists = crate::ContextLists::default();
    lists.secret_keys.push("contraseña".to_owned());
    let s = ScrubberBuilder::empty()
        .kind(Kind::Secret, Action::redact())
        .context(lists)
        .build()
        .unwrap();
    assert_eq!(s.scrub_str("CONTRASEñA=x1"), "CONTRASEñA=[SECRET]");
    // Emptied lists: no pattern, no panic.
    opts.lists.secret_keys.clear();
    opts.lists.secret_url_params.clear();
    let n = super::patterns(&opts).len();
    assert!(n > 0 && super::patterns(&opts).iter().all(|p| p.rule != "secret.kv"));
}

#[test]
fn a_pseudonym_in_a_secret_place_is_own_output() {
    // Outside an `Authorization` header, the MAC after `Bearer` is no token (`:`); a
    // pseudonymizing policy turns it into `mac_<token>`, and scrubbing that output
    // again must change nothing.
    let input = "[SECRET] Bearer DC:50:34:53:1E:98";
    let s = ScrubberBuilder::new()
        .kind(Kind::Mac, Action::pseudonymize())
        .keyring(crate::Keyring::new(
            crate::Key::from_bytes(&[9u8; 32]).unwrap(),
        ))
        .build()
        .unwrap();
    let once = s.scrub_str(input).into_owned();
    assert!(once.starts_with("[SECRET] Bearer mac_"), "{once}");
    assert_eq!(s.scrub_str(&once), once);
    same("password=mac_mwg2msdaicdzdq6p4ta5xcyjoa");
    // One character off the shape is a secret again.
    assert_eq!(
        scrub("password=mac_mwg2msdaicdzdq6p4ta5xcyjo1"),
        "password=[SECRET]"
    );
}
