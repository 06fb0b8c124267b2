//! Fault rules: added latency, injected error statuses, deletes that silently do nothing, and
//! broken response bodies.
//!
//! Several rules may match one route (`*` matches every vendor route). They combine: latencies
//! add up, the first rule whose `error_status` fires wins, `silent_delete_failure` holds if any
//! rule sets it, and the first rule with a `body` fault decides the body.

use std::str::FromStr;

use rand::Rng;
use serde::{Deserialize, Serialize};

use crate::route_id::RouteId;

/// 50 MiB: large enough to trip any sane client body limit.
pub const DEFAULT_OVERSIZED_BYTES: u64 = 50 * 1024 * 1024;
/// Default pause between trickled chunks.
pub const DEFAULT_TRICKLE_INTERVAL_MS: u64 = 500;
/// Default bytes per trickled chunk.
pub const DEFAULT_TRICKLE_BYTES: usize = 4;
/// Upper bound of `latency_ms` and `trickle_interval_ms`, so that no rule hangs a client forever.
pub const MAX_DELAY_MS: u64 = 300_000;

/// How a response body is broken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyFault {
    /// Status 200, `application/json`, and a body that is not valid JSON.
    Malformed,
    /// Status 200 and a valid-looking JSON body of `oversized_bytes`, streamed.
    Oversized,
    /// The real status and body, dribbled out `trickle_bytes` every `trickle_interval_ms`.
    Trickle,
    /// The real status and body, labelled `text/html`.
    WrongContentType,
}

impl BodyFault {
    /// The wire name, e.g. `wrong_content_type`.
    pub const fn as_str(self) -> &'static str {
        match self {
            BodyFault::Malformed => "malformed",
            BodyFault::Oversized => "oversized",
            BodyFault::Trickle => "trickle",
            BodyFault::WrongContentType => "wrong_content_type",
        }
    }
}

/// One fault rule, as accepted by `POST /_sim/faults` and `--fault`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultRule {
    /// A route id (see [`RouteId`]) or `*` for every vendor route.
    pub route: String,
    /// Added latency before the route answers.
    #[serde(default)]
    pub latency_ms: u64,
    /// Answer this status (400..=599) instead of the real answer, with probability `error_rate`.
    #[serde(default)]
    pub error_status: Option<u16>,
    /// Probability (0..=1) that `error_status` applies to a request.
    #[serde(default = "default_error_rate")]
    pub error_rate: f64,
    /// Delete routes answer 204 but keep the device and record no event.
    #[serde(default)]
    pub silent_delete_failure: bool,
    /// Break the response body.
    #[serde(default)]
    pub body: Option<BodyFault>,
    /// Size of the `oversized` body.
    #[serde(default = "default_oversized_bytes")]
    pub oversized_bytes: u64,
    /// Pause between chunks of a `trickle` body.
    #[serde(default = "default_trickle_interval_ms")]
    pub trickle_interval_ms: u64,
    /// Bytes per chunk of a `trickle` body.
    #[serde(default = "default_trickle_bytes")]
    pub trickle_bytes: usize,
}

fn default_error_rate() -> f64 {
    1.0
}
fn default_oversized_bytes() -> u64 {
    DEFAULT_OVERSIZED_BYTES
}
fn default_trickle_interval_ms() -> u64 {
    DEFAULT_TRICKLE_INTERVAL_MS
}
fn default_trickle_bytes() -> usize {
    DEFAULT_TRICKLE_BYTES
}

impl Default for FaultRule {
    fn default() -> Self {
        FaultRule {
            route: "*".to_owned(),
            latency_ms: 0,
            error_status: None,
            error_rate: default_error_rate(),
            silent_delete_failure: false,
            body: None,
            oversized_bytes: DEFAULT_OVERSIZED_BYTES,
            trickle_interval_ms: DEFAULT_TRICKLE_INTERVAL_MS,
            trickle_bytes: DEFAULT_TRICKLE_BYTES,
        }
    }
}

/// Why a fault rule was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FaultRuleError {
    /// The route is neither a known route id nor `*`.
    #[error("unknown route id {0:?}; known: *, {known}", known = RouteId::all_ids())]
    UnknownRoute(String),
    /// `error_rate` is not a number in 0..=1.
    #[error("error_rate must be between 0 and 1, got {0}")]
    Rate(f64),
    /// `error_status` is outside 400..=599.
    #[error("error_status must be between 400 and 599, got {0}")]
    Status(u16),
    /// A delay is above [`MAX_DELAY_MS`].
    #[error("{0} must be at most {MAX_DELAY_MS} ms, got {1}")]
    Delay(&'static str, u64),
    /// A size is too small to be useful.
    #[error("{0} must be at least {1}")]
    TooSmall(&'static str, u64),
    /// A `--fault` spec could not be read.
    #[error("{0}")]
    Spec(String),
    /// One rule of a set is wrong.
    #[error("rule {index}: {source}")]
    InRule {
        /// Position of the rule in the set.
        index: usize,
        /// What is wrong with it.
        source: Box<FaultRuleError>,
    },
}

impl FaultRule {
    /// A rule for `route` that does nothing yet; set fields on it.
    pub fn for_route(route: impl Into<String>) -> FaultRule {
        FaultRule {
            route: route.into(),
            ..FaultRule::default()
        }
    }

    /// Checks the rule; [`crate::SimState::try_set_faults`] and the controls refuse bad rules.
    pub fn validate(&self) -> Result<(), FaultRuleError> {
        if self.route != "*" && RouteId::parse(&self.route).is_none() {
            return Err(FaultRuleError::UnknownRoute(self.route.clone()));
        }
        if !(0.0..=1.0).contains(&self.error_rate) {
            return Err(FaultRuleError::Rate(self.error_rate));
        }
        if let Some(status) = self.error_status
            && !(400..=599).contains(&status)
        {
            return Err(FaultRuleError::Status(status));
        }
        if self.latency_ms > MAX_DELAY_MS {
            return Err(FaultRuleError::Delay("latency_ms", self.latency_ms));
        }
        if self.trickle_interval_ms > MAX_DELAY_MS {
            return Err(FaultRuleError::Delay(
                "trickle_interval_ms",
                self.trickle_interval_ms,
            ));
        }
        if self.oversized_bytes < 2 {
            return Err(FaultRuleError::TooSmall("oversized_bytes", 2));
        }
        if self.trickle_bytes < 1 {
            return Err(FaultRuleError::TooSmall("trickle_bytes", 1));
        }
        Ok(())
    }

    /// Whether the rule applies to `route`.
    pub fn matches(&self, route: RouteId) -> bool {
        self.route == "*" || self.route == route.as_str()
    }
}

/// Checks every rule of a set, naming the first bad one.
pub fn validate_all(rules: &[FaultRule]) -> Result<(), FaultRuleError> {
    for (index, rule) in rules.iter().enumerate() {
        rule.validate().map_err(|e| FaultRuleError::InRule {
            index,
            source: Box::new(e),
        })?;
    }
    Ok(())
}

/// Parses the `--fault` syntax: `ROUTE:key=value[,key=value...]`, e.g.
/// `ts.devices.delete:silent_delete_failure=true` or `*:error_status=503,error_rate=0.05`.
impl FromStr for FaultRule {
    type Err = FaultRuleError;

    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        let (route, settings) = spec.split_once(':').ok_or_else(|| {
            FaultRuleError::Spec(format!(
                "fault {spec:?} must look like ROUTE:key=value[,key=value...]"
            ))
        })?;
        let mut rule = FaultRule::for_route(route.trim());
        for pair in settings.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').ok_or_else(|| {
                FaultRuleError::Spec(format!("fault setting {pair:?} must look like key=value"))
            })?;
            set_key(&mut rule, key.trim(), value.trim())?;
        }
        rule.validate()?;
        Ok(rule)
    }
}

fn set_key(rule: &mut FaultRule, key: &str, value: &str) -> Result<(), FaultRuleError> {
    fn parse<T: FromStr>(key: &str, value: &str) -> Result<T, FaultRuleError> {
        value
            .parse()
            .map_err(|_| FaultRuleError::Spec(format!("bad value {value:?} for {key}")))
    }
    match key {
        "latency_ms" => rule.latency_ms = parse(key, value)?,
        "error_status" => rule.error_status = Some(parse(key, value)?),
        "error_rate" => rule.error_rate = parse(key, value)?,
        "silent_delete_failure" => rule.silent_delete_failure = parse(key, value)?,
        "oversized_bytes" => rule.oversized_bytes = parse(key, value)?,
        "trickle_interval_ms" => rule.trickle_interval_ms = parse(key, value)?,
        "trickle_bytes" => rule.trickle_bytes = parse(key, value)?,
        "body" => {
            rule.body = Some(
                [
                    BodyFault::Malformed,
                    BodyFault::Oversized,
                    BodyFault::Trickle,
                    BodyFault::WrongContentType,
                ]
                .into_iter()
                .find(|b| b.as_str() == value)
                .ok_or_else(|| {
                    FaultRuleError::Spec(format!(
                        "body must be malformed, oversized, trickle or wrong_content_type, got {value:?}"
                    ))
                })?,
            );
        }
        _ => {
            return Err(FaultRuleError::Spec(format!(
                "unknown fault setting {key:?}; known: latency_ms, error_status, error_rate, \
                 silent_delete_failure, body, oversized_bytes, trickle_interval_ms, trickle_bytes"
            )));
        }
    }
    Ok(())
}

/// What the rules decide for one request.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct FaultPlan {
    pub(crate) latency_ms: u64,
    pub(crate) error_status: Option<u16>,
    pub(crate) silent_delete_failure: bool,
    pub(crate) body: Option<BodyPlan>,
}

/// A body fault with its parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct BodyPlan {
    pub(crate) fault: BodyFault,
    pub(crate) oversized_bytes: u64,
    pub(crate) trickle_interval_ms: u64,
    pub(crate) trickle_bytes: usize,
}

/// Combines the rules that match `route`, rolling the dice for error rates.
pub(crate) fn plan(rules: &[FaultRule], route: RouteId, rng: &mut impl Rng) -> FaultPlan {
    let mut plan = FaultPlan::default();
    for rule in rules.iter().filter(|r| r.matches(route)) {
        plan.latency_ms = plan.latency_ms.saturating_add(rule.latency_ms);
        if plan.error_status.is_none()
            && let Some(status) = rule.error_status
            // `<` against a draw in [0, 1) never fires for 0 and always for 1; NaN never fires.
            && rng.random::<f64>() < rule.error_rate
        {
            plan.error_status = Some(status);
        }
        plan.silent_delete_failure |= rule.silent_delete_failure;
        if plan.body.is_none()
            && let Some(fault) = rule.body
        {
            plan.body = Some(BodyPlan {
                fault,
                oversized_bytes: rule.oversized_bytes.max(2),
                trickle_interval_ms: rule.trickle_interval_ms.min(MAX_DELAY_MS),
                trickle_bytes: rule.trickle_bytes.max(1),
            });
        }
    }
    plan.latency_ms = plan.latency_ms.min(MAX_DELAY_MS);
    plan
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn parses_cli_specs() {
        let rule: FaultRule = "*:error_status=503,error_rate=0.05".parse().unwrap();
        assert_eq!(rule.route, "*");
        assert_eq!(rule.error_status, Some(503));
        assert!((rule.error_rate - 0.05).abs() < f64::EPSILON);
        let rule: FaultRule = "ts.devices.list:body=wrong_content_type".parse().unwrap();
        assert_eq!(rule.body, Some(BodyFault::WrongContentType));
        assert!("nope:latency_ms=1".parse::<FaultRule>().is_err());
        assert!("ts.events".parse::<FaultRule>().is_err());
        assert!("ts.events:error_status=200".parse::<FaultRule>().is_err());
        assert!("ts.events:colour=red".parse::<FaultRule>().is_err());
    }

    #[test]
    fn rules_combine() {
        let rules = vec![
            FaultRule {
                latency_ms: 10,
                ..FaultRule::default()
            },
            FaultRule {
                latency_ms: 5,
                error_status: Some(503),
                silent_delete_failure: true,
                ..FaultRule::for_route("ts.devices.delete")
            },
        ];
        let mut rng = rand::rng();
        let p = plan(&rules, RouteId::TsDevicesDelete, &mut rng);
        assert_eq!(p.latency_ms, 15);
        assert_eq!(p.error_status, Some(503));
        assert!(p.silent_delete_failure);
        let p = plan(&rules, RouteId::CimEvents, &mut rng);
        assert_eq!(p.latency_ms, 10);
        assert_eq!(p.error_status, None);
    }

    #[test]
    fn zero_rate_never_fires() {
        let rules = vec![FaultRule {
            error_status: Some(500),
            error_rate: 0.0,
            ..FaultRule::default()
        }];
        let mut rng = rand::rng();
        assert!((0..1000).all(|_| {
            plan(&rules, RouteId::TsEvents, &mut rng)
                .error_status
                .is_none()
        }));
    }
}
