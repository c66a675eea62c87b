//! Fault injection: added latency, error statuses, dropped connections, truncated bodies.
//!
//! Client resilience (retries, `Retry-After`, timeouts, decode errors on cut bodies) can only
//! be tested for real against a server that misbehaves on purpose. Faults are a list of
//! rules, set with `--faults SPEC` or [`crate::Sandbox::set_faults`] at any time.
//!
//! # SPEC grammar
//!
//! ```text
//! SPEC   = RULE *( ";" RULE )
//! RULE   = ITEM *( "," ITEM )           exactly one effect item per rule
//! effect = "latency=" DURATION          e.g. 250ms, 2s (added before the request is handled)
//!        | "status=" CODE               answer CODE (400..=599) with a plain-text body,
//!                                       without touching the data
//!        | "drop"                       close the connection without answering
//!        | "truncate"                   handle the request, then send half the body and
//!                                       close (Content-Length announces the full length)
//! modifier = "rate=" FLOAT              share of matching requests hit, 0..=1 (default 1)
//!        | "path=" GLOB                 only paths matching GLOB (`*` = any characters),
//!                                       relative to /ws/customers/{username} (e.g.
//!                                       `/contacts*`); paths outside the account match
//!                                       as given. Default: every path
//!        | "method=" METHOD             only this method (GET, POST, PUT, DELETE)
//!        | "times=" N                   only the first N requests the rule hits
//!        | "retry-after=" SECONDS       `Retry-After` on a status answer (default 1 for
//!                                       429 and 503, none otherwise)
//! ```
//!
//! Examples: `status=503,rate=0.1` (one request in ten answers 503);
//! `status=429,retry-after=2,path=/contacts*,times=3`; `latency=50ms;drop,rate=0.01`;
//! `truncate,method=GET,path=/lists`.
//!
//! Latency rules add up; of the other rules, the first one that hits decides the outcome.
//! Rates draw from a seeded generator, so a run with the same request order hits the same
//! requests.

use std::fmt;
use std::str::FromStr;
use std::sync::Mutex;
use std::time::Duration;

/// What a rule does to a request it hits.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Wait this long before handling the request.
    Latency(Duration),
    /// Answer this status without handling the request.
    Status {
        /// The status code (400 to 599).
        code: u16,
        /// The `Retry-After` header, in seconds.
        retry_after: Option<u64>,
    },
    /// Close the connection without an answer.
    Drop,
    /// Handle the request, then send only half of the response body and close.
    Truncate,
}

/// One fault rule: an effect, which requests it applies to, and how often.
#[derive(Debug, Clone, PartialEq)]
pub struct FaultRule {
    /// What happens.
    pub effect: Effect,
    /// The share of matching requests hit, from 0 to 1.
    pub rate: f64,
    /// A path glob (`*` matches any characters); `None` matches every path.
    pub path: Option<String>,
    /// A method (`GET`, …); `None` matches every method.
    pub method: Option<String>,
    /// Hit only the first N matching requests.
    pub times: Option<u64>,
}

impl FaultRule {
    /// A rule hitting every request with `effect`.
    pub fn new(effect: Effect) -> Self {
        Self {
            effect,
            rate: 1.0,
            path: None,
            method: None,
            times: None,
        }
    }

    /// Restricts the rule to paths matching `glob`.
    pub fn on_path(mut self, glob: impl Into<String>) -> Self {
        self.path = Some(glob.into());
        self
    }

    /// Restricts the rule to `method`.
    pub fn on_method(mut self, method: impl Into<String>) -> Self {
        self.method = Some(method.into().to_ascii_uppercase());
        self
    }

    /// Hits only this share of matching requests.
    pub fn with_rate(mut self, rate: f64) -> Self {
        self.rate = rate;
        self
    }

    /// Hits only the first `n` matching requests.
    pub fn times(mut self, n: u64) -> Self {
        self.times = Some(n);
        self
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        self.method.as_deref().is_none_or(|m| m == method)
            && self.path.as_deref().is_none_or(|g| glob_match(g, path))
    }
}

/// A set of fault rules; parse one from the `--faults` grammar with [`str::parse`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FaultSpec {
    /// The rules, in order.
    pub rules: Vec<FaultRule>,
}

impl FaultSpec {
    /// No faults.
    pub fn none() -> Self {
        Self::default()
    }

    /// Adds a rule.
    pub fn with(mut self, rule: FaultRule) -> Self {
        self.rules.push(rule);
        self
    }
}

/// A `--faults` string that does not follow the grammar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultSpecError(String);

impl fmt::Display for FaultSpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid fault spec: {}", self.0)
    }
}

impl std::error::Error for FaultSpecError {}

/// Parses a duration as the fault grammar and the CLI write it: `250ms` or `2s` (under an hour).
pub fn parse_duration(s: &str) -> Option<Duration> {
    if let Some(ms) = s.strip_suffix("ms") {
        ms.parse().ok().map(Duration::from_millis)
    } else if let Some(secs) = s.strip_suffix('s') {
        secs.parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v >= 0.0 && *v < 3600.0)
            .map(Duration::from_secs_f64)
    } else {
        None
    }
}

fn parse_rule<'a>(text: &'a str) -> Result<FaultRule, FaultSpecError> {
    let err = |m: String| FaultSpecError(m);
    let mut effect = None;
    let mut rule = FaultRule::new(Effect::Drop);
    let mut retry_after = None;
    for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let (key, value) = match item.split_once('=') {
            Some((k, v)) => (k.trim(), Some(v.trim())),
            None => (item, None),
        };
        let need = |v: Option<&'a str>| -> Result<&'a str, FaultSpecError> {
            v.ok_or_else(|| err(format!("{key} needs a value")))
        };
        let new_effect = match key {
            "latency" => Some(Effect::Latency(parse_duration(need(value)?).ok_or_else(
                || err(format!("bad duration in {item:?} (use 250ms or 2s)")),
            )?)),
            "status" => {
                let code: u16 = need(value)?
                    .parse()
                    .ok()
                    .filter(|c| (400..=599).contains(c))
                    .ok_or_else(|| err(format!("status must be 400..=599 in {item:?}")))?;
                Some(Effect::Status {
                    code,
                    retry_after: None,
                })
            }
            "drop" => Some(Effect::Drop),
            "truncate" => Some(Effect::Truncate),
            "rate" => {
                rule.rate = need(value)?
                    .parse::<f64>()
                    .ok()
                    .filter(|r| (0.0..=1.0).contains(r))
                    .ok_or_else(|| err(format!("rate must be 0..=1 in {item:?}")))?;
                None
            }
            "path" => {
                rule.path = Some(need(value)?.to_owned());
                None
            }
            "method" => {
                rule.method = Some(need(value)?.to_ascii_uppercase());
                None
            }
            "times" => {
                rule.times = Some(
                    need(value)?
                        .parse()
                        .map_err(|_| err(format!("times must be a count in {item:?}")))?,
                );
                None
            }
            "retry-after" => {
                retry_after = Some(
                    need(value)?
                        .parse::<u64>()
                        .map_err(|_| err(format!("retry-after must be seconds in {item:?}")))?,
                );
                None
            }
            _ => return Err(err(format!("unknown item {item:?}"))),
        };
        if let Some(e) = new_effect {
            if effect.is_some() {
                return Err(err(format!("rule {text:?} has more than one effect")));
            }
            effect = Some(e);
        }
    }
    let mut effect = effect.ok_or_else(|| {
        err(format!(
            "rule {text:?} has no effect (latency=, status=, drop, truncate)"
        ))
    })?;
    if let Effect::Status {
        code,
        retry_after: ra,
    } = &mut effect
    {
        *ra = retry_after.or(matches!(code, 429 | 503).then_some(1));
    } else if retry_after.is_some() {
        return Err(err(format!("retry-after needs a status= rule in {text:?}")));
    }
    rule.effect = effect;
    Ok(rule)
}

impl FromStr for FaultSpec {
    type Err = FaultSpecError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let rules = s
            .split(';')
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(parse_rule)
            .collect::<Result<_, _>>()?;
        Ok(Self { rules })
    }
}

/// `*` matches any run of characters; everything else matches itself.
fn glob_match(glob: &str, text: &str) -> bool {
    let parts: Vec<&str> = glob.split('*').collect();
    let [first, middle @ .., last] = parts.as_slice() else {
        return glob == text;
    };
    if parts.len() == 1 {
        return glob == text;
    }
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    for part in middle {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// The outcome decided for one request.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Decision {
    pub latency: Duration,
    pub action: Option<Effect>,
}

struct Active {
    rule: FaultRule,
    hits: u64,
}

/// The live rules, shared by every connection.
pub(crate) struct Faults {
    rules: Mutex<(Vec<Active>, fastrand::Rng)>,
}

impl Faults {
    pub fn new(spec: FaultSpec) -> Self {
        let f = Self {
            rules: Mutex::new((Vec::new(), fastrand::Rng::with_seed(0x5EED))),
        };
        f.set(spec);
        f
    }

    pub fn set(&self, spec: FaultSpec) {
        let mut guard = self.rules.lock().unwrap_or_else(|p| p.into_inner());
        guard.0 = spec
            .rules
            .into_iter()
            .map(|rule| Active { rule, hits: 0 })
            .collect();
    }

    pub fn decide(&self, method: &str, path: &str) -> Decision {
        let mut guard = self.rules.lock().unwrap_or_else(|p| p.into_inner());
        let (rules, rng) = &mut *guard;
        let mut d = Decision::default();
        for a in rules.iter_mut() {
            if !a.rule.matches(method, path) || a.rule.times.is_some_and(|t| a.hits >= t) {
                continue;
            }
            let is_latency = matches!(a.rule.effect, Effect::Latency(_));
            if !is_latency && d.action.is_some() {
                continue;
            }
            if a.rule.rate < 1.0 && rng.f64() >= a.rule.rate {
                continue;
            }
            a.hits += 1;
            match &a.rule.effect {
                Effect::Latency(l) => d.latency += *l,
                other => d.action = Some(other.clone()),
            }
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_examples() {
        let s: FaultSpec =
            "status=429,retry-after=2,path=/contacts*,times=3;latency=50ms;drop,rate=0.01"
                .parse()
                .unwrap();
        assert_eq!(s.rules.len(), 3);
        assert_eq!(
            s.rules[0].effect,
            Effect::Status {
                code: 429,
                retry_after: Some(2)
            }
        );
        assert_eq!(s.rules[0].times, Some(3));
        assert_eq!(
            s.rules[1].effect,
            Effect::Latency(Duration::from_millis(50))
        );
        assert_eq!(s.rules[2].rate, 0.01);
        let s: FaultSpec = "status=503".parse().unwrap();
        assert_eq!(
            s.rules[0].effect,
            Effect::Status {
                code: 503,
                retry_after: Some(1)
            }
        );
    }

    #[test]
    fn refuses_bad_specs_with_a_reason() {
        for bad in [
            "status=200",
            "drop,truncate",
            "rate=0.5",
            "latency=fast",
            "bogus",
            "drop,rate=2",
            "truncate,retry-after=1",
        ] {
            let e = bad.parse::<FaultSpec>().unwrap_err();
            assert!(
                e.to_string().starts_with("invalid fault spec"),
                "{bad}: {e}"
            );
        }
    }

    #[test]
    fn globs_and_times() {
        assert!(glob_match("/contacts*", "/contacts/2"));
        assert!(glob_match("*", "/anything"));
        assert!(glob_match("/lists/*/members", "/lists/3/members"));
        assert!(!glob_match("/lists/*/members", "/lists/3"));
        assert!(!glob_match("/contacts", "/contacts/2"));
        let f = Faults::new("status=500,times=2,path=/contacts".parse().unwrap());
        let hit = |p| f.decide("GET", p).action.is_some();
        assert!(!hit("/lists"));
        assert!(hit("/contacts"));
        assert!(hit("/contacts"));
        assert!(!hit("/contacts"));
    }
}
