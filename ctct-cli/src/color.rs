//! `--color auto|always|never`: whether stderr gets ANSI colour codes.
//!
//! Only the `-v` request trace and clap's own help and errors are coloured. `auto` colours
//! when stderr is a terminal and `NO_COLOR` is unset or empty (<https://no-color.org>), so
//! `ctct -v … 2>log` writes a plain log file.

use std::io::IsTerminal as _;

use clap::ValueEnum;

/// The `--color` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stderr is a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// Whether to write colour codes to stderr.
    pub fn enabled(self) -> bool {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        self.decide(no_color, std::io::stderr().is_terminal())
    }

    fn decide(self, no_color: bool, terminal: bool) -> bool {
        match self {
            Self::Always => true,
            Self::Never => false,
            Self::Auto => terminal && !no_color,
        }
    }

    /// The choice as clap takes it, for its help and error output.
    pub fn for_clap(self) -> clap::ColorChoice {
        match self {
            Self::Auto => clap::ColorChoice::Auto,
            Self::Always => clap::ColorChoice::Always,
            Self::Never => clap::ColorChoice::Never,
        }
    }

    /// The `--color` value in raw arguments, read before clap parses them so that clap's own
    /// help and errors follow it too. The last one wins; anything unreadable is `auto` (clap
    /// then reports it properly).
    pub fn from_args<S: AsRef<str>>(args: &[S]) -> Self {
        let mut choice = Self::Auto;
        let mut it = args.iter().map(AsRef::as_ref);
        while let Some(arg) = it.next() {
            if arg == "--" {
                break;
            }
            let value = match arg.strip_prefix("--color") {
                Some("") => it.next(),
                Some(rest) => rest.strip_prefix('='),
                None => None,
            };
            if let Some(v) = value.and_then(|v| Self::from_str(v, true).ok()) {
                choice = v;
            }
        }
        choice
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_colours_only_a_terminal_without_no_color() {
        assert!(ColorChoice::Auto.decide(false, true));
        assert!(!ColorChoice::Auto.decide(true, true));
        assert!(!ColorChoice::Auto.decide(false, false));
        assert!(ColorChoice::Always.decide(true, false));
        assert!(!ColorChoice::Never.decide(false, true));
    }

    #[test]
    fn the_choice_is_read_from_raw_arguments() {
        assert_eq!(
            ColorChoice::from_args(&["ctct", "--color", "never"]),
            ColorChoice::Never
        );
        assert_eq!(
            ColorChoice::from_args(&["ctct", "--color=always", "x"]),
            ColorChoice::Always
        );
        assert_eq!(
            ColorChoice::from_args(&["ctct", "--", "--color=always"]),
            ColorChoice::Auto
        );
        assert_eq!(
            ColorChoice::from_args(&["ctct", "--color=purple"]),
            ColorChoice::Auto
        );
    }
}
