//! Where the policy, the keys and the input format come from.
//!
//! The one place to wire in policy files (`--config`), pseudonymization keys
//! (`--key-file`, `PIISCRUB_KEY`) and structured input (`--format auto|ndjson`) when the
//! library supports them. Until then each is a usage error (exit 2), never a silent
//! fallback to the default policy: an operator who asked for a policy must not get
//! another one (fail closed).

use piiscrub::Scrubber;

use crate::args::{Args, Format};
use crate::failure::Failure;

/// The environment variable that holds a pseudonymization key. Its value is never printed.
pub const KEY_ENV: &str = "PIISCRUB_KEY";

/// The scrubber for this run.
pub fn scrubber(args: &Args) -> Result<Scrubber, Failure> {
    if let Some(path) = &args.config {
        return Err(not_yet(&format!("--config `{}`", path.display())));
    }
    if let Some(path) = &args.key_file {
        return Err(not_yet(&format!("--key-file `{}`", path.display())));
    }
    if std::env::var_os(KEY_ENV).is_some() {
        return Err(Failure::Usage(format!(
            "{KEY_ENV} is set, but keys are not supported in this build yet \
             (unset it to use the default policy)"
        )));
    }
    match args.format {
        Format::Text => {}
        Format::Auto => return Err(not_yet("--format auto")),
        Format::Ndjson => return Err(not_yet("--format ndjson")),
    }
    Ok(Scrubber::default())
}

fn not_yet(what: &str) -> Failure {
    Failure::Usage(format!("{what}: not supported in this build yet"))
}
