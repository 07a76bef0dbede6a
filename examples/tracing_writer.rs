//! A service scrubs its own logs before they leave the process: `ScrubWriter` is the
//! sink of `tracing-subscriber`'s fmt layer.
//!
//! ```text
//! cargo run --example tracing_writer
//! ```
//!
//! Prints log lines on standard error with e-mails, IPs, cards and tokens already scrubbed.

use std::io;
use std::sync::{Arc, Mutex};

use piiscrub::{ScrubWriter, Scrubber};

fn main() {
    let scrubber = Arc::new(Scrubber::default());
    // `Mutex<W: Write>` is a `MakeWriter`: every event is formatted, then written as one
    // complete line, which the writer scrubs and passes on at once.
    let sink = Mutex::new(ScrubWriter::new(Arc::clone(&scrubber), io::stderr()));
    tracing_subscriber::fmt()
        .with_writer(sink)
        .with_ansi(false)
        .init();

    tracing::info!(user = "alice@example.com", ip = "203.0.113.77", "login");
    tracing::warn!("payment declined for card 4111 1111 1111 1111");
    tracing::info!(
        headers = "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
        "upstream call"
    );
    tracing::info!("nothing personal here");
}
