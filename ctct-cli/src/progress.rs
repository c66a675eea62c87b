//! Progress bars for long work, drawn only for a person watching.
//!
//! A bar is drawn on stderr when stdout and stderr are terminals and the output is a table;
//! piped or `--output json`, the same calls draw nothing, so scripts and logs get no escape
//! codes. `--quiet` hides them too.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A bar that is hidden unless `visible`.
pub fn bar(visible: bool, total: Option<u64>, what: &str) -> ProgressBar {
    let bar = match total {
        Some(n) => ProgressBar::new(n),
        None => ProgressBar::no_length(),
    };
    if !visible || crate::output::quiet() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
        return bar;
    }
    let template = if total.is_some() {
        "{spinner} {msg} [{bar:30}] {pos}/{len} ({elapsed})"
    } else {
        "{spinner} {msg} {pos} ({elapsed})"
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_owned());
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}
