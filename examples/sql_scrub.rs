//! sql_scrub: anonymize an NDJSON or Parquet file with SQL (DataFusion UDFs) and write
//! Parquet.
//!
//! ```text
//! export PIISCRUB_KEY=$(openssl rand -hex 32)   # the pseudonym key (hex, ≥ 32 bytes)
//! cargo run --release --features datafusion --example sql_scrub -- \
//!     examples/data/logs.ndjson /tmp/logs.scrubbed.parquet
//! ```
//!
//! The input is read as table `logs` (NDJSON unless the name ends in `.parquet`) and
//! queried with
//!
//! ```sql
//! SELECT pii_scrub(message) AS message, ip_truncate(client_ip) AS client_ip,
//!        pii_pseudonymize('email', email, 'user') AS user FROM logs
//! ```
//!
//! A third argument replaces the query.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use datafusion::arrow::array::{Array, UInt64Array};
use datafusion::dataframe::DataFrameWriteOptions;
use datafusion::prelude::{JsonReadOptions, ParquetReadOptions, SessionContext};
use piiscrub::{Key, Keyring, Scrubber};

const SQL: &str = "SELECT pii_scrub(message) AS message, ip_truncate(client_ip) AS client_ip, \
                   pii_pseudonymize('email', email, 'user') AS user FROM logs";

#[tokio::main(flavor = "multi_thread")]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(input), Some(output)) = (args.first(), args.get(1)) else {
        eprintln!("usage: sql_scrub INPUT.(ndjson|json|parquet) OUTPUT.parquet [SQL]");
        return ExitCode::from(2);
    };
    let sql = args.get(2).map_or(SQL, String::as_str);
    match run(input, output, sql).await {
        Ok(rows) => {
            eprintln!("sql_scrub: {rows} rows written to {output}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("sql_scrub: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(input: &str, output: &str, sql: &str) -> Result<u64, Box<dyn std::error::Error>> {
    // Fail closed: pseudonyms need a key; there is no default one.
    let key = Key::from_env_or_file(None)?
        .ok_or("set PIISCRUB_KEY to a key (64 hex digits), e.g. $(openssl rand -hex 32)")?;
    let ctx = SessionContext::new();
    piiscrub::datafusion::register(&ctx, Arc::new(Scrubber::default()), Some(Keyring::new(key)));

    let ext = Path::new(input)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("");
    if ext == "parquet" {
        ctx.register_parquet("logs", input, ParquetReadOptions::default())
            .await?;
    } else {
        let ext = format!(".{ext}");
        let options = JsonReadOptions {
            file_extension: &ext,
            ..JsonReadOptions::default()
        };
        ctx.register_json("logs", input, options).await?;
    }
    let written = ctx
        .sql(sql)
        .await?
        .write_parquet(
            output,
            DataFrameWriteOptions::new().with_single_file_output(true),
            None,
        )
        .await?;
    // The write answers with one `count` row.
    let count = written
        .first()
        .and_then(|b| b.column(0).as_any().downcast_ref::<UInt64Array>())
        .map_or(0, |c| c.value(0));
    Ok(count)
}
