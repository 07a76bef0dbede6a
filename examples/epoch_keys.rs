//! Epoch keys: "data older than the retention window becomes anonymous".
//!
//! One key per month pseudonymizes that month's events (the key id in the token says
//! which month). Keys older than the retention window are deleted; from then on nobody,
//! not even the operator, can recompute or link those months' pseudonyms: the old data
//! is anonymous, while recent data still joins on stable tokens.
//!
//! ```text
//! cargo run --example epoch_keys
//! ```
//!
//! In production each month's key comes from a secret store (`Key::from_file`,
//! `Key::from_env`); here they are derived from a demo master secret so the example
//! runs anywhere.

use std::collections::BTreeMap;

use piiscrub::{Action, Error, Key, Keyring, Kind, Rendering, Scrubber, ScrubberBuilder};

/// Keys by epoch (`"2024-01"` …), pruned to a retention window.
struct EpochKeys {
    keys: BTreeMap<String, Keyring>,
    retention: usize,
}

impl EpochKeys {
    fn new(retention: usize) -> Self {
        EpochKeys {
            keys: BTreeMap::new(),
            retention,
        }
    }

    /// Adds the key of a new epoch and deletes (zeroizes) keys past the window.
    fn start_epoch(&mut self, epoch: &str, key: Key) {
        self.keys.insert(epoch.to_owned(), Keyring::new(key));
        while self.keys.len() > self.retention {
            self.keys.pop_first(); // dropped: the key is zeroized
        }
    }

    /// A scrubber for events of `epoch`, or `None` when its key is gone.
    fn scrubber(&self, epoch: &str) -> Option<Result<Scrubber, Error>> {
        let ring = self.keys.get(epoch)?.clone();
        Some(
            ScrubberBuilder::empty()
                .kind(
                    Kind::Email,
                    Action::Pseudonymize {
                        domain: None,
                        rendering: Rendering::Plain,
                        tag_kid: true,
                        lowercase: false,
                        default_country: None,
                    },
                )
                .keyring(ring)
                .build(),
        )
    }
}

/// A demo key per epoch (never derive real keys from a constant).
fn demo_key(epoch: &str) -> Key {
    let mut bytes = [0u8; 32];
    for (i, b) in epoch.bytes().cycle().take(32).enumerate() {
        bytes[i] = b ^ (i as u8).wrapping_mul(37);
    }
    Key::from_bytes(&bytes).expect("32 bytes")
}

fn run() -> Result<Vec<String>, Error> {
    let mut epochs = EpochKeys::new(3);
    let event = "login by alice@example.com";
    let mut out = Vec::new();
    for month in ["2024-01", "2024-02", "2024-03", "2024-04"] {
        epochs.start_epoch(month, demo_key(month));
        if let Some(s) = epochs.scrubber(month) {
            out.push(format!("{month}: {}", s?.scrub_str(event)));
        }
    }
    // Retention is 3 months: January's key is gone, its tokens are unlinkable.
    for month in ["2024-01", "2024-04"] {
        let state = match epochs.scrubber(month) {
            Some(_) => "key kept: tokens still join",
            None => "key deleted: that month's data is anonymous",
        };
        out.push(format!("{month}: {state}"));
    }
    Ok(out)
}

fn main() -> Result<(), Error> {
    for line in run()? {
        println!("{line}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_epochs_become_anonymous() {
        let lines = run().unwrap();
        // Each month pseudonymizes the same person differently (other key).
        let tokens: Vec<&str> = lines[..4].iter().map(|l| &l[9..]).collect();
        for (i, a) in tokens.iter().enumerate() {
            assert!(a.starts_with("login by email_"), "{a}");
            assert!(!a.contains("alice"));
            for b in &tokens[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert!(lines[4].ends_with("anonymous"));
        assert!(lines[5].ends_with("still join"));
    }
}
