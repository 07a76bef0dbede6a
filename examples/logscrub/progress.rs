//! The progress bar: on standard error, only when it is a terminal and the input size
//! is known (regular files); otherwise nothing is drawn. The caller also leaves it out
//! when the output itself scrolls on the terminal.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Progress of a run, in input bytes written out.
pub struct Progress(Option<ProgressBar>);

impl Progress {
    /// A bar over `total` bytes when `wanted`, standard error is a terminal and the
    /// total is known; a no-op otherwise.
    pub fn new(wanted: bool, total: Option<u64>) -> Progress {
        let bar = match total {
            Some(total) if wanted && std::io::stderr().is_terminal() => {
                let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
                let style = ProgressStyle::with_template(
                    "{bar:40} {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta}",
                );
                if let Ok(style) = style {
                    bar.set_style(style);
                }
                Some(bar)
            }
            _ => None,
        };
        Progress(bar)
    }

    /// `bytes` more input bytes are done.
    pub fn add(&self, bytes: usize) {
        if let Some(bar) = &self.0 {
            bar.inc(bytes as u64);
        }
    }

    /// Removes the bar, so that what follows on standard error starts on a clean line.
    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    // A failed run clears the bar too, so its error message starts on a clean line.
    fn drop(&mut self) {
        self.finish();
    }
}
