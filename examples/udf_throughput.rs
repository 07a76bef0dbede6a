//! udf_throughput: rows/s and MB/s of `pii_scrub` in DataFusion SQL over a generated
//! table, beside the Arrow kernel and the plain library call on the same rows
//! (median of 5 runs each).
//!
//! ```text
//! cargo run --release --features datafusion --example udf_throughput -- 1000000
//! ```

use std::sync::Arc;
use std::time::Instant;

use datafusion::arrow::array::{ArrayRef, RecordBatch, StringArray};
use datafusion::datasource::MemTable;
use datafusion::prelude::{SessionConfig, SessionContext};
use piiscrub::{Findings, Scrubber};

/// Rows per record batch (DataFusion's default batch size).
const BATCH: usize = 8192;

/// A deterministic log line: about a third carry personal data.
fn line(i: u64, rng: &mut u64) -> String {
    *rng = rng
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let r = *rng >> 33;
    match r % 9 {
        0 => format!("user {i} signed in as user{}@example.com", r % 10_000),
        1 => format!(
            "GET /api/v1/items/{} from 198.51.100.{} 200",
            r % 977,
            r % 256
        ),
        2 => format!("payment {i} card 4111 1111 1111 1111 amount {}", r % 500),
        _ => format!(
            "GET /static/app.{}.js 200 {} bytes in {} ms cache=hit region=eu-west-1",
            r % 97,
            r % 40_000,
            r % 300
        ),
    }
}

fn median(mut runs: Vec<f64>) -> f64 {
    runs.sort_by(f64::total_cmp);
    runs[runs.len() / 2]
}

/// Median seconds of 5 runs of `f`.
fn time(mut f: impl FnMut()) -> f64 {
    median(
        (0..5)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_secs_f64()
            })
            .collect(),
    )
}

async fn sql_seconds(scrubber: &Arc<Scrubber>, batches: &[RecordBatch], partitions: usize) -> f64 {
    let ctx =
        SessionContext::new_with_config(SessionConfig::new().with_target_partitions(partitions));
    piiscrub::datafusion::register(&ctx, Arc::clone(scrubber), None);
    let schema = batches[0].schema();
    // One partition per target partition, so the plan scans them in parallel.
    let parts: Vec<Vec<RecordBatch>> = (0..partitions)
        .map(|p| {
            batches
                .iter()
                .skip(p)
                .step_by(partitions)
                .cloned()
                .collect()
        })
        .collect();
    let table = MemTable::try_new(schema, parts).expect("a table");
    ctx.register_table("logs", Arc::new(table))
        .expect("registered");
    let mut runs = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let out = ctx
            .sql("SELECT pii_scrub(message) FROM logs")
            .await
            .expect("planned")
            .collect()
            .await
            .expect("ran");
        runs.push(t.elapsed().as_secs_f64());
        std::hint::black_box(out);
    }
    median(runs)
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let rows: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let mut rng = 7u64;
    let lines: Vec<String> = (0..rows as u64).map(|i| line(i, &mut rng)).collect();
    let bytes: usize = lines.iter().map(String::len).sum();
    let batches: Vec<RecordBatch> = lines
        .chunks(BATCH)
        .map(|c| {
            let a: ArrayRef = Arc::new(StringArray::from_iter_values(c));
            RecordBatch::try_from_iter([("message", a)]).expect("a batch")
        })
        .collect();
    let scrubber = Arc::new(Scrubber::default());

    let plain = time(|| {
        let mut out = Vec::with_capacity(256);
        let mut counts = Findings::default();
        for l in &lines {
            out.clear();
            scrubber.scrub_into(l.as_bytes(), &mut out, &mut counts);
        }
        std::hint::black_box(&out);
    });
    let plain_str = time(|| {
        for l in &lines {
            std::hint::black_box(scrubber.scrub_str(l));
        }
    });
    let kernel = time(|| {
        for b in &batches {
            std::hint::black_box(piiscrub::arrow::scrub(&scrubber, b.column(0)).expect("strings"));
        }
    });
    let sql1 = sql_seconds(&scrubber, &batches, 1).await;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let sqln = sql_seconds(&scrubber, &batches, cores).await;

    let mb = bytes as f64 / 1e6;
    println!("{rows} rows, {mb:.1} MB of text, median of 5 runs");
    println!("| what | rows/s | MB/s | vs scrub_str |");
    println!("|---|---:|---:|---:|");
    for (what, secs) in [
        (
            "scrub_str per row (plain library call)".to_owned(),
            plain_str,
        ),
        ("scrub_into per row, reused buffer".to_owned(), plain),
        ("arrow::scrub per 8192-row batch".to_owned(), kernel),
        ("SQL pii_scrub, 1 partition".to_owned(), sql1),
        (format!("SQL pii_scrub, {cores} partitions"), sqln),
    ] {
        println!(
            "| {what} | {:.0} | {:.0} | {:.2}× |",
            rows as f64 / secs,
            mb / secs,
            plain_str / secs
        );
    }
}
