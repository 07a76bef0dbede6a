//! End-to-end tests of the `logscrub` example binary: output on the sample logs shipped
//! in `examples/data/`, exit codes, `--check`, `--stats`, `--explain`, atomic `-o`,
//! thread-count independence and closed pipes; keys (`--key-file`, `PIISCRUB_KEY`),
//! policy files (`--config`), formats (`--format`) and lines longer than a chunk.
//!
//! Cargo gives integration tests no path to an example binary, so the first test to
//! need it builds it once with the cargo that runs the tests (a no-op when `cargo test`
//! already built it) and takes its path from cargo's JSON messages.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::OnceLock;

use assert_cmd::Command;
use predicates::prelude::*;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data");

fn binary() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let mut cargo = std::process::Command::new(env!("CARGO"));
        cargo.current_dir(env!("CARGO_MANIFEST_DIR")).args([
            "build",
            "--example",
            "logscrub",
            "--message-format=json",
        ]);
        if cfg!(feature = "reference") {
            cargo.args(["--features", "reference"]); // same build as the tests: no rebuild
        }
        let out = cargo.output().expect("cargo runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "logscrub")
            .find_map(|m| m["executable"].as_str().map(PathBuf::from))
            .expect("cargo reports the logscrub executable")
    })
}

fn logscrub() -> Command {
    let mut cmd = Command::new(binary());
    cmd.current_dir(DATA).env_remove("PIISCRUB_KEY");
    cmd
}

fn data(name: &str) -> String {
    std::fs::read_to_string(Path::new(DATA).join(name)).unwrap()
}

fn stdout_of(cmd: &mut Command) -> Vec<u8> {
    cmd.assert().success().get_output().stdout.clone()
}

/// Raw values planted in each shipped sample, which must never come out.
const PLANTED: &[(&str, &[&str])] = &[
    (
        "syslog.log",
        &[
            "203.0.113.77",
            "alice.smith@example.com",
            "00:1a:2b:3c:4d:5e",
            "8a2e:370:7334",
            "bob@example.org",
            "192.0.2.200",
        ],
    ),
    (
        "nginx_access.log",
        &[
            "203.0.113.77",
            "alice%40example.com",
            "198.51.100.7",
            "2001:db8::42",
            "SplxlOBeZQQYbYS6WxSbIA",
        ],
    ),
    (
        "app.ndjson",
        &[
            "Alice@Example.com",
            "7946 0958",
            "4111 1111",
            "8c1e5f4a-2b3d",
            "gho_16C7e42F292c",
        ],
    ),
    (
        "logfmt.log",
        &[
            "alice@example.com",
            "192.0.2.55",
            "4111-1111",
            "DE89",
            "123-45-6789",
            "8c1e5f4a",
            "00:1A:2B",
            "490154203237518",
            "AKIAIOSFODNN7EXAMPLE",
            "hunter2",
            "555-0143",
        ],
    ),
    (
        "http_dump.txt",
        &[
            "eyJhbGci",
            "9f86d081884c",
            "203.0.113.77",
            "carol%40example.net",
            "5500005555555559",
            "3b7f9c2e8d1a",
        ],
    ),
    (
        "sample.log",
        &[
            "alice%40example.com",
            "203.0.113.77",
            "Alice@Example.com",
            "4111-1111",
            "00:1A:2B",
            "eyJhbGci",
            "DE89",
            "123-45-6789",
        ],
    ),
];

#[test]
fn scrubs_every_shipped_format_line_for_line() {
    for (file, planted) in PLANTED {
        let out = String::from_utf8(stdout_of(logscrub().arg(file))).unwrap();
        let input = data(file);
        assert_eq!(out.lines().count(), input.lines().count(), "{file}");
        assert_eq!(
            out.matches("\r\n").count(),
            input.matches("\r\n").count(),
            "{file}"
        );
        for value in *planted {
            assert!(!out.contains(value), "{file}: `{value}` leaked");
        }
    }
    // What is not personal data stays.
    let out = String::from_utf8(stdout_of(logscrub().arg("sample.log"))).unwrap();
    assert!(out.contains("request_id=3f2b8c1e-9d4a-4e7b-a1c2-5d6e7f8a9b0c"));
    assert!(out.contains("from 203.0.113.0 port 51234"));
    assert!(out.contains("build v1.2.3.4 on host api-3.internal"));
}

#[test]
fn reads_standard_input_without_files_or_with_dash() {
    let input = data("logfmt.log");
    let from_file = stdout_of(logscrub().arg("logfmt.log"));
    assert_eq!(stdout_of(logscrub().write_stdin(input.clone())), from_file);
    let both = stdout_of(logscrub().args(["-", "logfmt.log"]).write_stdin(input));
    assert_eq!(both, [from_file.clone(), from_file].concat());
}

#[test]
fn check_lists_kind_rule_line_and_column_and_exits_1() {
    let assert = logscrub().args(["--check", "syslog.log"]).assert().code(1);
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(out.starts_with("syslog.log:1:69: ipv4 (ipv4)\n"), "{out}");
    assert!(out.contains("syslog.log:4:60: email (email)\n"), "{out}");
    assert!(out.contains("syslog.log:5:59: mac (mac)\n"), "{out}");
    for value in PLANTED[0].1 {
        assert!(!out.contains(value));
    }
    // Nothing found: exit 0, nothing printed.
    logscrub()
        .arg("--check")
        .write_stdin("GET /health 200 1.2ms\nbuild v1.2.3.4\n")
        .assert()
        .code(0)
        .stdout("")
        .stderr("");
    // Standard input is named as such; line numbers restart per input.
    logscrub()
        .args(["--check", "-", "-"])
        .write_stdin("ok\nmail a@example.com\n")
        .assert()
        .code(1)
        .stdout("<stdin>:2:6: email (email)\n");
}

#[test]
fn stats_count_kinds_on_stderr_never_values() {
    let assert = logscrub()
        .args(["--stats", "logfmt.log"])
        .assert()
        .success();
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(err.starts_with("logscrub: findings by kind\n"), "{err}");
    assert!(err.contains("  secret   2\n"), "{err}");
    assert!(err.contains("  total    11\n"), "{err}");
    let assert = logscrub()
        .args(["--stats=json", "logfmt.log"])
        .assert()
        .success();
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    let v: serde_json::Value = serde_json::from_str(&err).unwrap();
    assert_eq!(v["findings"]["email"], 1);
    assert_eq!(v["findings"]["iban"], 1);
    assert_eq!(v["total"], 11);
    for value in PLANTED[3].1 {
        assert!(!err.contains(value));
    }
    // Without --stats, and not on a terminal: nothing on stderr.
    logscrub().arg("logfmt.log").assert().success().stderr("");
}

#[test]
fn explain_marks_changes_and_shows_values_only_in_terminal_style() {
    let out = String::from_utf8(stdout_of(logscrub().args(["--explain", "logfmt.log"]))).unwrap();
    assert!(out.starts_with(
        "logfmt.log:1: ts=2024-03-05T10:15:46Z level=info msg=\"user login\" \
         user=[[email:email]] ip=[[ipv4:ipv4]] duration=12ms\n"
    ));
    assert!(out.contains("password=[[secret:secret.kv]] retries=3\n"));
    for value in PLANTED[3].1 {
        assert!(!out.contains(value), "`{value}` shown in plain style");
    }
    // Only changed lines.
    let out = String::from_utf8(stdout_of(
        logscrub()
            .arg("--explain")
            .write_stdin("quiet\nip 192.0.2.7\nquiet\n"),
    ))
    .unwrap();
    assert_eq!(out, "<stdin>:2: ip [[ipv4:ipv4]]\n");
    let out = String::from_utf8(stdout_of(
        logscrub()
            .args(["--explain", "--color=always"])
            .write_stdin("ip 192.0.2.7\x1b[2J\n"),
    ))
    .unwrap();
    assert!(
        out.contains("\x1b[1;7;31m192.0.2.7\x1b[0m\x1b[36m[ipv4:ipv4]"),
        "{out:?}"
    );
    assert!(
        out.contains("\\u{1b}[2J"),
        "escape sequences from the log are shown escaped"
    );
}

#[test]
fn output_file_is_written_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("clean.log");
    logscrub()
        .arg("-o")
        .arg(&target)
        .arg("sample.log")
        .assert()
        .success()
        .stdout("");
    let expected = stdout_of(logscrub().arg("sample.log"));
    assert_eq!(std::fs::read(&target).unwrap(), expected);

    // A failing run (the second input is missing) leaves the old file and no temp file.
    std::fs::write(&target, "old\n").unwrap();
    logscrub()
        .arg("-o")
        .arg(&target)
        .args(["sample.log", "missing.log"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("`missing.log`"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "old\n");
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["clean.log"]);

    // A failing run with no earlier file leaves nothing at all.
    let fresh = dir.path().join("fresh.log");
    logscrub()
        .arg("-o")
        .arg(&fresh)
        .arg("missing.log")
        .assert()
        .code(3);
    assert!(!fresh.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

    // A directory that does not exist is an I/O error naming the output.
    logscrub()
        .arg("-o")
        .arg(dir.path().join("no/such/dir/out.log"))
        .arg("sample.log")
        .assert()
        .code(3)
        .stderr(predicate::str::contains("out.log"));
}

#[test]
fn exit_codes_for_usage_and_io_errors() {
    // A bad key: exit 2, naming the source, never the key text.
    logscrub()
        .env("PIISCRUB_KEY", "0123456789abcdef0123456789abcdef")
        .arg("sample.log")
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::contains("PIISCRUB_KEY")
                .and(predicate::str::contains("0123456789abcdef").not()),
        );
    logscrub()
        .args(["--key-file", "no-such-key.hex", "sample.log"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-key.hex"));
    logscrub()
        .arg("--format=text")
        .arg("sample.log")
        .assert()
        .success();
    logscrub().arg("--no-such-flag").assert().code(2);
    logscrub().args(["--threads", "0"]).assert().code(2);
    logscrub()
        .arg("missing.log")
        .assert()
        .code(3)
        .stderr(predicate::str::contains("`missing.log`"));
    // A directory cannot be read as a file.
    logscrub()
        .arg(".")
        .assert()
        .code(3)
        .stderr(predicate::str::contains("`.`"));
}

#[test]
fn help_documents_examples_and_exit_codes() {
    logscrub().arg("--help").assert().success().stdout(
        predicate::str::contains("Exit codes:")
            .and(predicate::str::contains("1  personal data found"))
            .and(predicate::str::contains("3  I/O"))
            .and(predicate::str::contains("Examples:"))
            .and(predicate::str::contains("--threads")),
    );
}

/// 3 MiB of log lines from every sample, with PEM private-key blocks (one across
/// the first 1 MiB chunk boundary), a line longer than a chunk and bytes that are not
/// UTF-8.
fn big_input() -> Vec<u8> {
    let samples: Vec<String> = PLANTED.iter().map(|(f, _)| data(f)).collect();
    let lines: Vec<&str> = samples
        .iter()
        .flat_map(|s| s.split_inclusive('\n'))
        .collect();
    let pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0secretkeymaterial\nAAAAB3NzaC1yc2EAAAADAQABAAABAQ\n-----END RSA PRIVATE KEY-----\n";
    let mut out = Vec::new();
    let mut i = 0usize;
    let mut placed_at_boundary = false;
    while out.len() < 3 << 20 {
        if !placed_at_boundary && out.len() > (1 << 20) - 2000 {
            // The BEGIN line ends just before the 1 MiB mark: the block crosses it.
            let pad = (1 << 20) - 40 - out.len();
            out.extend_from_slice(&b"x".repeat(pad - 1));
            out.push(b'\n');
            out.extend_from_slice(pem.as_bytes());
            placed_at_boundary = true;
        }
        match i % 5000 {
            17 => out.extend_from_slice(pem.as_bytes()),
            2500 if placed_at_boundary => {
                out.extend_from_slice(b"long=");
                for j in 0..10_000 {
                    let filler = "abcdefghij".repeat(12);
                    out.extend_from_slice(
                        format!("{filler} user{j}@example.com 192.0.2.{} ", j % 250).as_bytes(),
                    );
                }
                out.push(b'\n');
            }
            3000 => out.extend_from_slice(b"latin1 caf\xe9 card 4111 1111 1111 1111 \xff\xfe\n"),
            _ => out.extend_from_slice(lines[i % lines.len()].as_bytes()),
        }
        i += 1;
    }
    out
}

#[test]
fn threads_give_byte_identical_output() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.log");
    let input = big_input();
    std::fs::write(&path, &input).unwrap();
    let run = |extra: &[&str]| stdout_of(logscrub().args(extra).arg(&path));
    let one = run(&["--threads", "1"]);
    assert_eq!(
        one.iter().filter(|&&b| b == b'\n').count(),
        input.iter().filter(|&&b| b == b'\n').count()
    );
    let text = String::from_utf8_lossy(&one);
    assert!(
        !text.contains("secretkeymaterial") && !text.contains("AAAAB3NzaC1yc2E"),
        "a key leaked"
    );
    assert!(
        !text.contains("@example.com 192.0.2."),
        "the long line was not scrubbed"
    );
    assert_eq!(run(&["--threads", "2"]), one);
    assert_eq!(run(&["--threads", "3"]), one);
    // Standard input takes the same path.
    let piped = stdout_of(
        logscrub()
            .args(["--threads", "2"])
            .write_stdin(input.clone()),
    );
    assert_eq!(piped, one);
    for mode in ["--check", "--explain"] {
        let a = logscrub()
            .args([mode, "--threads", "1"])
            .arg(&path)
            .output()
            .unwrap();
        let b = logscrub()
            .args([mode, "--threads", "2"])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(a.status.code(), b.status.code(), "{mode}");
        assert_eq!(a.stdout, b.stdout, "{mode}");
    }
}

#[test]
fn a_closed_pipe_ends_quietly_with_0() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.log");
    std::fs::write(&path, data("sample.log").repeat(40_000)).unwrap();
    for threads in ["1", "2"] {
        let mut child = std::process::Command::new(binary())
            .args(["--threads", threads])
            .arg(&path)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 4096];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout); // as `| head` does
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "threads {threads}: {stderr}");
        assert_eq!(stderr, "", "threads {threads}");
    }
}

#[test]
fn check_still_fails_when_its_reader_goes_away() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.log");
    std::fs::write(&path, data("sample.log").repeat(40_000)).unwrap();
    let mut child = std::process::Command::new(binary())
        .arg("--check")
        .arg(&path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    stdout.read_exact(&mut [0u8; 100]).unwrap();
    drop(stdout);
    assert_eq!(child.wait().unwrap().code(), Some(1));
}

#[test]
fn a_full_disk_is_an_io_error_and_input_may_be_the_output() {
    if Path::new("/dev/full").exists() {
        let full = std::fs::File::create("/dev/full").unwrap();
        let out = std::process::Command::new(binary())
            .current_dir(DATA)
            .arg("sample.log")
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("error writing standard output"), "{err}");
    }
    // The rename happens after the input was read whole: `-o` may name an input.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.log");
    std::fs::write(&path, data("logfmt.log")).unwrap();
    logscrub()
        .arg("-o")
        .arg(&path)
        .arg(&path)
        .assert()
        .success();
    assert_eq!(
        std::fs::read(&path).unwrap(),
        stdout_of(logscrub().arg("logfmt.log"))
    );
}

#[test]
fn a_live_stream_is_not_held_back() {
    use std::io::BufRead;
    for threads in ["1", "2"] {
        let mut child = std::process::Command::new(binary())
            .args(["--threads", threads])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
        // Each scrubbed line comes out while standard input is still open.
        for (i, ip) in ["192.0.2.7", "198.51.100.9"].iter().enumerate() {
            writeln!(stdin, "line {i} from {ip}").unwrap();
            stdin.flush().unwrap();
            let (tx, rx) = std::sync::mpsc::channel();
            let mut line = String::new();
            std::thread::scope(|s| {
                s.spawn(|| tx.send(stdout.read_line(&mut line).map(|_| ())).unwrap());
                // A guard against hanging forever, not a timing assertion.
                let got = rx.recv_timeout(std::time::Duration::from_secs(120));
                if got.is_err() {
                    let _ = child.kill();
                }
                assert!(
                    matches!(got, Ok(Ok(()))),
                    "threads {threads}: line {i} held back"
                );
            });
            assert!(
                line.starts_with(&format!("line {i} from ")) && !line.contains(ip),
                "{line}"
            );
        }
        drop(stdin);
        assert!(child.wait().unwrap().success());
    }
}

#[test]
fn standard_input_stream_is_scrubbed_as_it_comes() {
    // Writing line by line through a pipe gives the same result as one file.
    let mut child = std::process::Command::new(binary())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for line in data("syslog.log").lines() {
        writeln!(stdin, "{line}").unwrap();
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(out.stdout, stdout_of(logscrub().arg("syslog.log")));
}

// ---- keys, policy files, formats ----

const POLICIES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/policies");

/// The test key (bytes 00..1f) as hex, and as a key file in `dir`.
fn key_hex() -> String {
    (0u8..32).map(|b| format!("{b:02x}")).collect()
}

fn key_file(dir: &Path, hex: &str) -> PathBuf {
    let p = dir.join("key.hex");
    std::fs::write(&p, format!("{hex}\n")).unwrap();
    p
}

#[test]
fn a_key_turns_redaction_into_deterministic_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let key = key_file(dir.path(), &key_hex());
    let input = "a Alice@Example.com 10.1.2.3 card 4111 1111 1111 1111\nb alice@example.com\n";
    let by_flag = stdout_of(logscrub().arg("--key-file").arg(&key).write_stdin(input));
    // The spec's vector: this key, domain email, alice@example.com.
    assert_eq!(
        String::from_utf8(by_flag.clone()).unwrap(),
        "a email_dgp22mgtmkmx5h32pyz2dvaznq 10.1.2.0 card [CARD]\n\
         b email_dgp22mgtmkmx5h32pyz2dvaznq\n"
    );
    let by_env = stdout_of(logscrub().env("PIISCRUB_KEY", key_hex()).write_stdin(input));
    assert_eq!(by_env, by_flag);
    // The flag wins over the variable.
    let other_dir = tempfile::tempdir().unwrap();
    let other = key_file(other_dir.path(), &"ab".repeat(32));
    let mixed = stdout_of(
        logscrub()
            .env("PIISCRUB_KEY", "ab".repeat(32))
            .arg("--key-file")
            .arg(&key)
            .write_stdin(input),
    );
    assert_eq!(mixed, by_flag);
    let with_other = stdout_of(logscrub().arg("--key-file").arg(&other).write_stdin(input));
    assert_ne!(with_other, by_flag);
}

#[test]
fn a_policy_that_needs_a_key_without_one_exits_2() {
    logscrub()
        .arg("--config")
        .arg(Path::new(POLICIES).join("web-analytics.toml"))
        .write_stdin("{}\n")
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::contains("web-analytics.toml")
                .and(predicate::str::contains("needs a key"))
                .and(predicate::str::contains("--key-file")),
        );
}

#[test]
fn every_example_policy_gives_its_reviewed_output() {
    let dir = tempfile::tempdir().unwrap();
    let key = key_file(dir.path(), &key_hex());
    let mut seen = 0;
    for entry in std::fs::read_dir(POLICIES).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        let stem = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let sample = ["ndjson", "log"]
            .iter()
            .map(|e| Path::new(POLICIES).join(format!("{stem}.{e}")))
            .find(|p| p.exists())
            .unwrap();
        let want = std::fs::read(Path::new(POLICIES).join(format!("{stem}.expected"))).unwrap();
        for threads in ["1", "3"] {
            let got = stdout_of(
                logscrub()
                    .arg("--config")
                    .arg(&path)
                    .arg("--key-file")
                    .arg(&key)
                    .args(["--threads", threads])
                    .arg(&sample),
            );
            assert_eq!(
                String::from_utf8_lossy(&got),
                String::from_utf8_lossy(&want),
                "{stem}"
            );
        }
        seen += 1;
    }
    assert_eq!(seen, 7);
}

#[test]
fn ndjson_and_auto_formats() {
    let input = "{\"user\": \"bob@example.com\", \"n\": 1.50}\r\n\
                 not json bob@example.com\n\
                 \n   {\"ip\":\"10.1.2.3\"}\n\
                 {broken 10.1.2.3";
    let ndjson = stdout_of(logscrub().args(["--format", "ndjson"]).write_stdin(input));
    assert_eq!(
        String::from_utf8(ndjson.clone()).unwrap(),
        "{\"user\": \"[EMAIL]\", \"n\": 1.50}\r\n\
         not json [EMAIL]\n\
         \n   {\"ip\":\"10.1.2.0\"}\n\
         {broken 10.1.2.0"
    );
    // A field rule applies only to events: `keep` leaves the event's field alone.
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("p.toml");
    std::fs::write(
        &policy,
        "version = 1\nformat = \"auto\"\n[[fields]]\npath = \"ip\"\naction = \"keep\"\n",
    )
    .unwrap();
    let auto_in = "{\"ip\":\"10.1.2.3\"}\nip 10.1.2.3\n";
    let auto = stdout_of(logscrub().arg("--config").arg(&policy).write_stdin(auto_in));
    assert_eq!(auto, b"{\"ip\":\"10.1.2.3\"}\nip 10.1.2.0\n");
    // --format overrides the policy's format.
    let text = stdout_of(
        logscrub()
            .arg("--config")
            .arg(&policy)
            .args(["--format", "text"])
            .write_stdin(auto_in),
    );
    assert_eq!(text, b"{\"ip\":\"10.1.2.0\"}\nip 10.1.2.0\n");
    // Threads change nothing.
    let big = auto_in.repeat(40_000);
    let one = stdout_of(
        logscrub()
            .arg("--config")
            .arg(&policy)
            .args(["--threads", "1"])
            .write_stdin(big.clone()),
    );
    let two = stdout_of(
        logscrub()
            .arg("--config")
            .arg(&policy)
            .args(["--threads", "2"])
            .write_stdin(big),
    );
    assert_eq!(one, two);
}

#[test]
fn a_bad_policy_file_exits_2_naming_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("bad.toml");
    std::fs::write(
        &policy,
        "version = 1\n\n[[fields]]\npath = \"a..b\"\naction = \"drop\"\n",
    )
    .unwrap();
    logscrub()
        .arg("--config")
        .arg(&policy)
        .write_stdin("x\n")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("bad.toml:4: fields[0].path"));
    let json = dir.path().join("bad.json");
    std::fs::write(&json, "{\"version\": 1,\n \"disable\": [\"nope\"]}").unwrap();
    logscrub()
        .arg("--config")
        .arg(&json)
        .write_stdin("x\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.json:2"));
    logscrub()
        .args(["--config", "no-such-policy.toml"])
        .write_stdin("x\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-policy.toml"));
}

/// A line of `len` bytes with no newline: e-mails and IPs all along it.
fn long_line(len: usize) -> Vec<u8> {
    let unit = b"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz bob@example.com 10.1.2.3 ";
    let mut v = unit.repeat(len / unit.len() + 1);
    v.truncate(len);
    v
}

#[test]
fn a_line_longer_than_a_chunk_is_streamed_identically_on_any_thread_count() {
    let mut input = b"head 10.9.9.9\n".to_vec();
    input.extend_from_slice(&long_line(5 << 20));
    input.extend_from_slice(b"\nafter bob@example.com\n");
    input.extend_from_slice(&long_line(3 << 20)); // and no final newline
    let one = stdout_of(
        logscrub()
            .args(["--threads", "1", "--stats=json"])
            .write_stdin(input.clone()),
    );
    let two = stdout_of(
        logscrub()
            .args(["--threads", "2"])
            .write_stdin(input.clone()),
    );
    assert_eq!(one, two);
    let text = String::from_utf8(one).unwrap();
    assert!(!text.contains("bob@"), "an e-mail leaked");
    assert_eq!(text.lines().count(), 4);
    assert!(text.starts_with("head 10.9.9.0\n") && !text.ends_with('\n'));
    // Per-kind counts include the streamed lines.
    let out = logscrub()
        .arg("--stats=json")
        .write_stdin(input.clone())
        .output()
        .unwrap();
    let stats: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(
        stats["findings"]["email"].as_u64().unwrap(),
        text.matches("[EMAIL]").count() as u64
    );
    // `bytes` counts the input, streamed lines included (not the shorter output).
    assert_eq!(stats["bytes"].as_u64().unwrap(), input.len() as u64);
    let two = logscrub()
        .args(["--threads", "2", "--stats=json"])
        .write_stdin(input.clone())
        .output()
        .unwrap();
    let stats: serde_json::Value = serde_json::from_slice(&two.stderr).unwrap();
    assert_eq!(stats["bytes"].as_u64().unwrap(), input.len() as u64);
}

/// Peak memory of a 64 MiB line with no newline, read from `/proc` while the process
/// still runs: far below the line's size (the whole line was once held in memory).
#[cfg(target_os = "linux")]
#[test]
fn a_long_line_runs_in_bounded_memory() {
    let mut child = std::process::Command::new(binary())
        .env_remove("PIISCRUB_KEY")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let drain = std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    let mut stdin = child.stdin.take().unwrap();
    let piece = long_line(1 << 20);
    for _ in 0..64 {
        stdin.write_all(&piece).unwrap();
    }
    // All but a pipe's buffer has been read and scrubbed: the peak so far is the peak.
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap();
    drop(stdin);
    assert!(child.wait().unwrap().success());
    let written = drain.join().unwrap().unwrap();
    assert!(written > 50 << 20); // e-mails and IPs got shorter
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap();
    assert!(kib < 48 * 1024, "peak RSS {kib} KiB");
}
