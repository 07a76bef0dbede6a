//! Where the policy, the keys and the input format come from.
//!
//! * the key: `--key-file FILE`, else the `PIISCRUB_KEY` environment variable (hex);
//! * the policy: `--config FILE`; else, with a key, [`Policy::pseudonymizing`]; else
//!   [`Policy::default`];
//! * the format: `--format`, else the policy's `format`, else text.
//!
//! Every problem is a usage error (exit 2) before any output exists, never a silent
//! fallback to another policy (fail closed). Messages name the file, line and field,
//! the key's source (file or variable), never key material.

use std::path::Path;

use piiscrub::{ErrorKind, EventScrubber, Key, Keyring, Policy};

use crate::args::{Args, Format};
use crate::failure::Failure;

/// What a run scrubs with.
pub struct Setup {
    /// The compiled policy (its text scrubber for free text and text lines).
    pub events: EventScrubber,
    /// How lines are read.
    pub format: Format,
}

/// The policy, keys and format of this run.
pub fn setup(args: &Args) -> Result<Setup, Failure> {
    let key = load_key(args.key_file.as_deref())?;
    let policy = match &args.config {
        Some(path) => Policy::from_path(path).map_err(|e| Failure::Usage(e.to_string()))?,
        None if key.is_some() => Policy::pseudonymizing(),
        None => Policy::default(),
    };
    let events = EventScrubber::with_keys(&policy, key.map(Keyring::new), None).map_err(|e| {
        // "needs a key" errors already say how to give one (--key-file, PIISCRUB_KEY).
        match &args.config {
            Some(path) => Failure::Usage(format!("policy {}: {e}", path.display())),
            None => Failure::Usage(format!("policy: {e}")),
        }
    })?;
    let format = args.format.unwrap_or(match policy.format {
        piiscrub::Format::Ndjson => Format::Ndjson,
        piiscrub::Format::Auto => Format::Auto,
        _ => Format::Text,
    });
    Ok(Setup { events, format })
}

/// The key of the command line: the flag wins over the environment variable.
fn load_key(file: Option<&Path>) -> Result<Option<Key>, Failure> {
    Key::from_env_or_file(file).map_err(|e| {
        // The library's messages name the file or the variable, never the key.
        let what = match e.kind() {
            ErrorKind::Io => "cannot read the key",
            _ => "bad key",
        };
        Failure::Usage(format!("{what}: {e}"))
    })
}
