//! Fault injection: added latency, error statuses, dropped connections, truncated bodies,
//! lost answers and failed V3 bulk activities.
//!
//! Client resilience (retries, `Retry-After`, timeouts, decode errors on cut bodies, writes
//! whose answer never came) can only be tested for real against a server that misbehaves on
//! purpose. Faults are a list of rules, set with `--faults SPEC` or
//! [`crate::Sandbox::set_faults`] at any time. They apply to the V1 account paths and to the
//! V3 paths under `/v3/` alike (and to the OAuth 2.0 endpoints); the rules are read here and
//! applied by the `inject` middleware in front of every route.
//!
//! # SPEC grammar
//!
//! ```text
//! SPEC   = RULE *( ";" RULE )
//! RULE   = ITEM *( "," ITEM )           exactly one effect item per rule
//! effect = "latency=" DURATION          e.g. 250ms, 2s (added before the request is handled;
//!                                       a client that gives up meanwhile closes the
//!                                       connection, and the request is never handled)
//!        | "status=" CODE               answer CODE (400..=599) without touching the data:
//!                                       a plain-text body on V1 paths, a V3 JSON error body
//!                                       on /v3/ paths (429: `throttled`; see error-key=)
//!        | "drop"                       close the connection without answering, without
//!                                       handling the request
//!        | "truncate"                   handle the request, then send half the body and
//!                                       close (Content-Length announces the full length)
//!        | "lose"                       handle the request, then close the connection
//!                                       without answering: what a lost answer looks like
//!                                       (the change is made, the client hears nothing)
//!        | "fail-activity"              the next V3 bulk activity a request hit by the rule
//!                                       starts (an import, export, tagging, bulk or list
//!                                       delete …) is answered as usual but ends in state
//!                                       `failed`, with an `activity_errors` message and none
//!                                       of its work done. A hit counts only when a request
//!                                       does start one, so `times=1` fails exactly the next
//!                                       activity. Combines with the other effects
//! modifier = "rate=" FLOAT              share of matching requests hit, 0..=1 (default 1)
//!        | "path=" GLOB                 only paths matching GLOB (`*` = any characters):
//!                                       V1 paths relative to /ws/customers/{username}
//!                                       (e.g. `/contacts*`), V3 paths with their /v3
//!                                       prefix (`/v3/contacts*`), OAuth 2.0 paths as
//!                                       served (`/oauth2/*`). A glob that matches no path
//!                                       the sandbox serves is refused. Default: every path
//!        | "method=" METHOD             only this method (GET, POST, PUT, DELETE)
//!        | "times=" N                   only the first N requests the rule hits
//!        | "retry-after=" SECONDS       `Retry-After` on a status answer (default 1 for
//!                                       429 and 503, none otherwise)
//!        | "error-key=" KEY             the `error_key` of the V3 JSON body of a status
//!                                       answer (default `throttled` for 429, e.g.
//!                                       `quota_exceeded`; `injected.fault` otherwise)
//! ```
//!
//! Examples: `status=503,rate=0.1` (one request in ten answers 503);
//! `status=429,retry-after=2,path=/contacts*,times=3`; `latency=50ms;drop,rate=0.01`;
//! `truncate,method=GET,path=/lists`; `lose,method=POST,path=/contacts,times=1` (the first
//! contact created is created, and its answer lost); `status=429,error-key=quota_exceeded,
//! path=/v3/*`; `fail-activity,times=1` (the next activity fails).
//!
//! Latency rules add up, and a `fail-activity` rule applies besides any other; of the other
//! rules, the first one that hits decides the outcome.
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
        /// The `error_key` of the V3 JSON body (`None`: `throttled` for 429, else
        /// `injected.fault`); V1 answers are plain text.
        error_key: Option<String>,
    },
    /// Close the connection without an answer.
    Drop,
    /// Handle the request, then send only half of the response body and close.
    Truncate,
    /// Handle the request, then close the connection without answering.
    Lose,
    /// The next V3 bulk activity the request starts ends in state `failed`.
    FailActivity,
}

/// The message a failed activity reports in `activity_errors`.
pub const FAILED_ACTIVITY_MESSAGE: &str =
    "the activity failed: injected fault (ctct-sandbox); none of its work was done";

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
    let mut error_key = None;
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
                    error_key: None,
                })
            }
            "drop" => Some(Effect::Drop),
            "truncate" => Some(Effect::Truncate),
            "lose" => Some(Effect::Lose),
            "fail-activity" => Some(Effect::FailActivity),
            "rate" => {
                rule.rate = need(value)?
                    .parse::<f64>()
                    .ok()
                    .filter(|r| (0.0..=1.0).contains(r))
                    .ok_or_else(|| err(format!("rate must be 0..=1 in {item:?}")))?;
                None
            }
            "path" => {
                let glob = need(value)?;
                check_path(glob).map_err(err)?;
                rule.path = Some(glob.to_owned());
                None
            }
            "error-key" => {
                let key = need(value)?;
                if key.is_empty()
                    || !key
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
                {
                    return Err(err(format!(
                        "error-key must be letters, digits, '.', '_' or '-' in {item:?}"
                    )));
                }
                error_key = Some(key.to_owned());
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
            "rule {text:?} has no effect (latency=, status=, drop, truncate, lose, fail-activity)"
        ))
    })?;
    if let Effect::Status {
        code,
        retry_after: ra,
        error_key: key,
    } = &mut effect
    {
        *ra = retry_after.or(matches!(code, 429 | 503).then_some(1));
        *key = error_key;
    } else if retry_after.is_some() {
        return Err(err(format!("retry-after needs a status= rule in {text:?}")));
    } else if error_key.is_some() {
        return Err(err(format!("error-key needs a status= rule in {text:?}")));
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

/// Stands for a `{placeholder}` of a served path: one path segment (no `/`).
const SEGMENT: u8 = 0;

/// The paths the sandbox serves, as patterns: the V1 table's paths (relative to the account,
/// `{placeholders}` as [`SEGMENT`]), the V3 table's under `/v3`, and the OAuth 2.0 endpoints.
fn served_paths() -> impl Iterator<Item = Vec<u8>> {
    let v1 = ctct_models::v1::ENDPOINTS
        .iter()
        .map(|s| placeholders_to_segments(s.path));
    let v3 = ctct_models::v3::ENDPOINTS
        .iter()
        .map(|s| placeholders_to_segments(&format!("/v3{}", s.path)));
    v1.chain(v3).chain([b"/".to_vec(), b"/oauth2/*".to_vec()])
}

fn placeholders_to_segments(path: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(path.len());
    let mut in_placeholder = false;
    for &c in path.as_bytes() {
        match c {
            b'{' => {
                in_placeholder = true;
                out.push(SEGMENT);
            }
            b'}' => in_placeholder = false,
            c if !in_placeholder => out.push(c),
            _ => {}
        }
    }
    out
}

/// Refuses a `path=` glob that no request to the sandbox could match, saying why.
fn check_path(glob: &str) -> Result<(), String> {
    if let Some(rest) = glob.strip_prefix("/ws/customers/") {
        let relative = rest.find('/').map_or("", |i| &rest[i..]);
        return Err(format!(
            "path={glob:?} can never match: V1 paths are relative to /ws/customers/{{username}} \
             (write path={:?})",
            if relative.is_empty() { "/" } else { relative }
        ));
    }
    if served_paths().any(|p| globs_overlap(glob.as_bytes(), &p)) {
        return Ok(());
    }
    Err(format!(
        "path={glob:?} matches no path the sandbox serves (V1 paths relative to the account \
         such as /contacts*, V3 paths such as /v3/contacts*, OAuth 2.0 paths such as /oauth2/*)"
    ))
}

/// Whether some path matches both the glob `a` (`*` = any run of characters) and the served
/// pattern `b` (`*` likewise, [`SEGMENT`] = characters other than `/`).
fn globs_overlap(a: &[u8], b: &[u8]) -> bool {
    // memo[i][j]: whether a[i..] and b[j..] overlap, once known.
    let mut memo = vec![vec![None; b.len() + 1]; a.len() + 1];
    overlap_from(a, b, 0, 0, &mut memo)
}

fn overlap_from(a: &[u8], b: &[u8], i: usize, j: usize, memo: &mut Vec<Vec<Option<bool>>>) -> bool {
    if let Some(known) = memo[i][j] {
        return known;
    }
    let result = match (a.get(i), b.get(j)) {
        (None, None) => true,
        (Some(b'*'), _) => {
            overlap_from(a, b, i + 1, j, memo)
                || (j < b.len() && overlap_from(a, b, i, j + 1, memo))
        }
        (_, Some(b'*')) => {
            overlap_from(a, b, i, j + 1, memo)
                || (i < a.len() && overlap_from(a, b, i + 1, j, memo))
        }
        (x, Some(&SEGMENT)) => {
            overlap_from(a, b, i, j + 1, memo)
                || (x.is_some_and(|c| *c != b'/') && overlap_from(a, b, i + 1, j, memo))
        }
        (Some(x), Some(y)) => x == y && overlap_from(a, b, i + 1, j + 1, memo),
        _ => false,
    };
    memo[i][j] = Some(result);
    result
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
    /// The index of a `fail-activity` rule that applies, its hit not yet counted
    /// ([`Faults::spend`] counts it once an activity did fail).
    pub fail_activity: Option<usize>,
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
        for (index, a) in rules.iter_mut().enumerate() {
            if !a.rule.matches(method, path) || a.rule.times.is_some_and(|t| a.hits >= t) {
                continue;
            }
            if a.rule.effect == Effect::FailActivity {
                if d.fail_activity.is_none() && (a.rule.rate >= 1.0 || rng.f64() < a.rule.rate) {
                    d.fail_activity = Some(index);
                }
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

    /// Counts a hit of rule `index` (a `fail-activity` rule whose request did start an
    /// activity). Rules replaced meanwhile are left alone.
    pub fn spend(&self, index: usize) {
        let mut guard = self.rules.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(a) = guard.0.get_mut(index)
            && a.rule.effect == Effect::FailActivity
        {
            a.hits += 1;
        }
    }
}

/// A request extension set by the fault middleware: the next activity this request starts
/// fails, and [`FailActivity::spend`] counts the rule's hit once it did.
#[derive(Clone)]
pub(crate) struct FailActivity(pub std::sync::Arc<dyn Fn() + Send + Sync>);

impl FailActivity {
    /// Counts the hit of the rule that asked for the failure.
    pub fn spend(&self) {
        (self.0)();
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
                retry_after: Some(2),
                error_key: None,
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
                retry_after: Some(1),
                error_key: None,
            }
        );
        let s: FaultSpec = "lose,method=POST,path=/contacts,times=1;\
                            status=429,error-key=quota_exceeded,path=/v3/*"
            .parse()
            .unwrap();
        assert_eq!(s.rules[0].effect, Effect::Lose);
        assert_eq!(
            s.rules[1].effect,
            Effect::Status {
                code: 429,
                retry_after: Some(1),
                error_key: Some("quota_exceeded".into()),
            }
        );
    }

    #[test]
    fn paths_the_sandbox_cannot_fault_are_refused_with_the_reason() {
        for good in [
            "/contacts*",
            "/contacts",
            "/contacts/2",
            "/lists/*/members",
            "/activities",
            "/campaigns/*/schedules/1",
            "/v3/contacts*",
            "/v3/activities/contacts_file_import",
            "/oauth2/oauth/token",
            "*",
            "*/schedules*",
        ] {
            assert!(
                format!("drop,path={good}").parse::<FaultSpec>().is_ok(),
                "{good}"
            );
        }
        let e = "drop,path=/ws/customers/joesflowers/contacts"
            .parse::<FaultSpec>()
            .unwrap_err()
            .to_string();
        assert!(e.contains("relative to /ws/customers/{username}"), "{e}");
        assert!(e.contains("write path=\"/contacts\""), "{e}");
        for bad in [
            "contacts",
            "/contact",
            "/v3/nothing*",
            "/lists/*/nonesuch",
            "/v3",
        ] {
            let e = format!("drop,path={bad}")
                .parse::<FaultSpec>()
                .unwrap_err()
                .to_string();
            assert!(
                e.contains(&format!("path={bad:?} matches no path the sandbox serves")),
                "{bad}: {e}"
            );
        }
    }

    #[test]
    fn glob_overlap() {
        let served = placeholders_to_segments;
        assert!(globs_overlap(b"/contacts*", &served("/contacts/{id}")));
        assert!(globs_overlap(
            b"*/members",
            &served("/lists/{list}/members")
        ));
        assert!(!globs_overlap(b"/lists", &served("/lists/{list}")));
        assert!(globs_overlap(b"/lists*", &served("/lists/{list}")));
        assert!(globs_overlap(b"/lists/7", &served("/lists/{list}")));
        assert!(!globs_overlap(b"/lists/7/x", &served("/lists/{list}")));
        assert!(!globs_overlap(b"/a*b", b"/c*"));
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
            "lose,error-key=throttled",
            "status=429,error-key=bad key",
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

    #[test]
    fn a_fail_activity_hit_counts_only_when_spent() {
        let f = Faults::new(
            "fail-activity,times=1;status=503,path=/v3/contacts"
                .parse()
                .unwrap(),
        );
        let d = f.decide("POST", "/v3/contacts");
        assert_eq!(d.fail_activity, Some(0));
        assert!(matches!(d.action, Some(Effect::Status { code: 503, .. })));
        // Not spent: it still applies.
        assert_eq!(f.decide("GET", "/v3/activities").fail_activity, Some(0));
        f.spend(0);
        assert_eq!(
            f.decide("POST", "/v3/activities/contact_delete")
                .fail_activity,
            None
        );
    }
}
