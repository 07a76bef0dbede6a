//! DataFusion UDFs (feature `datafusion`): the issue's SQL over a generated table equals
//! the library's own output row by row; NDJSON in, Parquet out (the example's path);
//! keyed functions fail closed without a key.
#![cfg(feature = "datafusion")]

mod support;

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, RecordBatch, StringArray, StringViewArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType;
use datafusion::dataframe::DataFrameWriteOptions;
use datafusion::prelude::{JsonReadOptions, ParquetReadOptions, SessionContext};
use piiscrub::{Action, EncryptMode, Key, Keyring, Kind, Rendering, Scrubber};
use support::corpus::{self, Rng};

const SQL: &str = "SELECT pii_scrub(message), ip_truncate(client_ip), \
                   pii_pseudonymize('email', email, 'user') FROM logs";

fn key() -> Key {
    Key::from_bytes(&[42u8; 32]).unwrap()
}

/// The library's own answer for each column of `SQL`.
struct Oracle {
    text: Scrubber,
    ips: Scrubber,
    emails: Scrubber,
}

impl Oracle {
    fn new() -> Oracle {
        let user = Action::Pseudonymize {
            domain: Some("user".into()),
            rendering: Rendering::Plain,
            tag_kid: false,
            lowercase: false,
            default_country: None,
        };
        Oracle {
            text: Scrubber::default(),
            ips: Scrubber::default(), // IPs truncated to /24 and /48
            emails: Scrubber::builder()
                .kind(Kind::Email, user)
                .keyring(Keyring::new(key()))
                .build()
                .unwrap(),
        }
    }
}

/// A generated log table: messages with personal data, IPv4/IPv6 addresses (some
/// missing), e-mail addresses in mixed case.
struct Table {
    message: Vec<Option<String>>,
    client_ip: Vec<Option<String>>,
    email: Vec<Option<String>>,
}

fn table(rows: usize) -> Table {
    let lines: Vec<String> = corpus::generate(5, rows, 0.4)
        .text
        .lines()
        .map(str::to_owned)
        .collect();
    let mut rng = Rng::new(9);
    let mut t = Table {
        message: Vec::new(),
        client_ip: Vec::new(),
        email: Vec::new(),
    };
    for (i, line) in lines.into_iter().enumerate().take(rows) {
        t.message.push((i % 11 != 5).then_some(line));
        t.client_ip.push(match i % 4 {
            0 => Some(format!("198.51.{}.{}", rng.below(256), rng.below(256))),
            1 => Some(format!(
                "2001:db8:{:x}::{:x}",
                rng.below(65536),
                rng.below(65536)
            )),
            2 => None,
            _ => Some(format!("203.0.113.{}", rng.below(256))),
        });
        t.email
            .push((i % 9 != 2).then(|| format!("User{}@Example.com", rng.below(500))));
    }
    t
}

fn batch(t: &Table) -> RecordBatch {
    let col = |v: &Vec<Option<String>>| -> ArrayRef { Arc::new(StringArray::from(v.clone())) };
    RecordBatch::try_from_iter([
        ("message", col(&t.message)),
        ("client_ip", col(&t.client_ip)),
        ("email", col(&t.email)),
    ])
    .unwrap()
}

fn context() -> SessionContext {
    let ctx = SessionContext::new();
    piiscrub::datafusion::register(
        &ctx,
        Arc::new(Scrubber::default()),
        Some(Keyring::new(key())),
    );
    ctx
}

/// The rows of the result's three columns, whatever string type they came as.
fn collect_rows(batches: &[RecordBatch]) -> Vec<[Option<String>; 3]> {
    let mut rows = Vec::new();
    for b in batches {
        let cols: Vec<ArrayRef> = (0..3)
            .map(|i| cast(b.column(i), &DataType::Utf8).unwrap())
            .collect();
        let s = |i: usize| {
            cols[i]
                .as_any()
                .downcast_ref::<StringArray>()
                .unwrap()
                .clone()
        };
        let (a, b2, c) = (s(0), s(1), s(2));
        for r in 0..b.num_rows() {
            let get = |x: &StringArray| (!x.is_null(r)).then(|| x.value(r).to_owned());
            rows.push([get(&a), get(&b2), get(&c)]);
        }
    }
    rows
}

fn check(t: &Table, rows: &[[Option<String>; 3]]) {
    let o = Oracle::new();
    assert_eq!(rows.len(), t.message.len());
    for (i, row) in rows.iter().enumerate() {
        let want = [
            t.message[i]
                .as_deref()
                .map(|m| o.text.scrub_str(m).into_owned()),
            t.client_ip[i]
                .as_deref()
                .map(|ip| o.ips.scrub_str(ip).into_owned()),
            t.email[i]
                .as_deref()
                .map(|e| o.emails.scrub_str(e).into_owned()),
        ];
        assert_eq!(row, &want, "row {i}");
    }
}

#[tokio::test]
async fn the_issues_sql_equals_the_library_row_by_row() {
    let t = table(5000);
    let ctx = context();
    ctx.register_batch("logs", batch(&t)).unwrap();
    let out = ctx.sql(SQL).await.unwrap().collect().await.unwrap();
    let rows = collect_rows(&out);
    check(&t, &rows);
    assert!(rows
        .iter()
        .any(|r| r[0].as_deref().is_some_and(|m| m.contains("[EMAIL]"))));
}

#[tokio::test]
async fn ndjson_in_parquet_out_and_string_views() {
    let t = table(1500);
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("logs.ndjson");
    let mut text = String::new();
    for i in 0..t.message.len() {
        let v = serde_json::json!({
            "message": t.message[i], "client_ip": t.client_ip[i], "email": t.email[i]
        });
        text.push_str(&v.to_string());
        text.push('\n');
    }
    std::fs::write(&input, text).unwrap();
    let ctx = context();
    let options = JsonReadOptions {
        file_extension: ".ndjson",
        ..JsonReadOptions::default()
    };
    ctx.register_json("logs", input.to_str().unwrap(), options)
        .await
        .unwrap();
    let output = dir.path().join("out.parquet");
    ctx.sql(SQL)
        .await
        .unwrap()
        .write_parquet(
            output.to_str().unwrap(),
            DataFrameWriteOptions::new().with_single_file_output(true),
            None,
        )
        .await
        .unwrap();
    // Parquet is read back as Utf8View by default: the UDFs' other string type.
    let back = ctx
        .read_parquet(output.to_str().unwrap(), ParquetReadOptions::default())
        .await
        .unwrap()
        .collect()
        .await
        .unwrap();
    check(&t, &collect_rows(&back));

    let views: ArrayRef = Arc::new(StringViewArray::from(t.message.clone()));
    let b = RecordBatch::try_from_iter([("message", views)]).unwrap();
    ctx.register_batch("views", b).unwrap();
    let out = ctx
        .sql("SELECT pii_scrub(message) FROM views")
        .await
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(out[0].column(0).data_type(), &DataType::Utf8View);
}

#[tokio::test]
async fn optional_arguments_constants_and_errors() {
    let ctx = context();
    let one = |sql: &'static str| {
        let ctx = ctx.clone();
        async move {
            let b = ctx.sql(sql).await?.collect().await?;
            let c = cast(b[0].column(0), &DataType::Utf8).unwrap();
            let c = c.as_any().downcast_ref::<StringArray>().unwrap().clone();
            Ok::<_, datafusion::error::DataFusionError>(
                (!c.is_null(0)).then(|| c.value(0).to_owned()),
            )
        }
    };
    assert_eq!(
        one("SELECT ip_truncate('198.51.100.23', 16, 32)")
            .await
            .unwrap()
            .as_deref(),
        Some("198.51.0.0")
    );
    assert_eq!(one("SELECT ip_truncate('not an ip')").await.unwrap(), None);
    assert_eq!(one("SELECT pii_scrub(NULL)").await.unwrap(), None);
    let det = Scrubber::builder()
        .kind(Kind::Ipv4, Action::encrypt(EncryptMode::Pfx))
        .keyring(Keyring::new(key()))
        .build()
        .unwrap();
    assert_eq!(
        one("SELECT ip_encrypt('192.0.2.1', 'pfx')")
            .await
            .unwrap()
            .as_deref(),
        Some(&*det.scrub_str("192.0.2.1"))
    );
    let p = one("SELECT pii_pseudonymize('phone', '+44 20 7946 0958')")
        .await
        .unwrap()
        .unwrap();
    assert!(p.starts_with("phone_"));
    assert_eq!(
        one("SELECT pii_pseudonymize('phone', '+44 (0)20 7946 0958')")
            .await
            .unwrap()
            .unwrap(),
        p,
        "the kind picks the canonical form"
    );
    for bad in [
        "SELECT ip_truncate('1.2.3.4', 33, 48)",
        "SELECT ip_encrypt('1.2.3.4', 'rot13')",
        "SELECT pii_pseudonymize('secret', 'x')",
        "SELECT pii_pseudonymize('email', 'a@b.c', 'Not_A_Domain')",
    ] {
        assert!(one(bad).await.is_err(), "{bad}");
    }

    // Without a key the keyed functions fail when planned: never raw output.
    let bare = SessionContext::new();
    piiscrub::datafusion::register(&bare, Arc::new(Scrubber::default()), None);
    let e = bare
        .sql("SELECT pii_pseudonymize('email', 'a@example.com')")
        .await;
    let e = match e {
        Ok(df) => df.collect().await.map(|_| ()),
        Err(e) => Err(e),
    };
    assert!(e.unwrap_err().to_string().contains("needs a key"));
    assert!(bare.sql("SELECT pii_scrub('a@example.com')").await.is_ok());
}
