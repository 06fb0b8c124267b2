//! A service over wiremock upstreams and an audit trail kept in memory.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use cs_api::{AuditAction, AuthMethod};
use cs_domain::{
    Actor, AgentChange, AuditId, AuditTrail, AuditUnavailable, CacheSettings, ChangeOutcome,
    CustomerService, Origin, PlannedChange,
};
use cs_upstream::{CimClient, TokenServerClient, UpstreamConfig};
use futures::future::BoxFuture;
use secrecy::SecretString;
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub const USER: &str = "8a742ac4-fabd-4580-924c-0281777e3d39";
/// Our Token Server API client: the actor the Token Server records for our removals.
pub const TS_CLIENT: &str = "end_user_api_user";

/// One record of the fake trail.
#[derive(Debug, Clone)]
pub struct Record {
    pub actor: Actor,
    pub change: PlannedChange,
    pub occurred_ms: i64,
    pub outcome: Option<ChangeOutcome>,
}

/// An audit trail in memory that can be broken.
#[derive(Default)]
pub struct MemoryAudit {
    records: Mutex<Vec<Record>>,
    broken: AtomicBool,
}

impl MemoryAudit {
    pub fn records(&self) -> Vec<Record> {
        self.records.lock().unwrap().clone()
    }

    /// From now on nothing can be written or read.
    pub fn break_down(&self) {
        self.broken.store(true, Ordering::SeqCst);
    }

    fn check(&self) -> Result<(), AuditUnavailable> {
        if self.broken.load(Ordering::SeqCst) {
            Err(AuditUnavailable("broken on purpose".into()))
        } else {
            Ok(())
        }
    }
}

pub fn now_ms() -> i64 {
    i64::try_from(time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000).unwrap()
}

impl AuditTrail for MemoryAudit {
    fn begin<'a>(
        &'a self,
        actor: &'a Actor,
        change: &'a PlannedChange,
    ) -> BoxFuture<'a, Result<AuditId, AuditUnavailable>> {
        Box::pin(async move {
            self.check()?;
            let mut records = self.records.lock().unwrap();
            records.push(Record {
                actor: actor.clone(),
                change: change.clone(),
                occurred_ms: now_ms(),
                outcome: None,
            });
            Ok(AuditId(i64::try_from(records.len()).unwrap()))
        })
    }

    fn complete<'a>(
        &'a self,
        id: AuditId,
        outcome: &'a ChangeOutcome,
    ) -> BoxFuture<'a, Result<(), AuditUnavailable>> {
        Box::pin(async move {
            self.check()?;
            let index = usize::try_from(id.0 - 1).unwrap();
            self.records.lock().unwrap()[index].outcome = Some(outcome.clone());
            Ok(())
        })
    }

    fn agent_changes<'a>(
        &'a self,
        user_id: &'a str,
        from_ms: i64,
        to_ms: i64,
    ) -> BoxFuture<'a, Result<Vec<AgentChange>, AuditUnavailable>> {
        Box::pin(async move {
            self.check()?;
            Ok(self
                .records()
                .into_iter()
                .filter(|r| {
                    r.change.user_id.as_deref() == Some(user_id)
                        && (r.change.action == AuditAction::DeviceVerify
                            || r.outcome == Some(ChangeOutcome::Succeeded))
                        && (from_ms..=to_ms).contains(&r.occurred_ms)
                })
                .map(|r| AgentChange {
                    occurred_ms: r.occurred_ms,
                    action: r.change.action,
                    agent: r.actor.username,
                    device_id: r.change.device_id,
                    application: r.change.application,
                })
                .collect())
        })
    }
}

/// The service, its two mocked upstreams and its audit trail.
pub struct Stack {
    pub service: CustomerService,
    pub cim: MockServer,
    pub token_server: MockServer,
    pub audit: Arc<MemoryAudit>,
}

fn config(url: &str, user: &str) -> UpstreamConfig {
    UpstreamConfig::new(url.parse().unwrap(), user, SecretString::from("secret"))
}

impl Stack {
    pub async fn start() -> Stack {
        Stack::start_with_events_page_size(50).await
    }

    /// CIM events read `page_size` at a time.
    pub async fn start_with_events_page_size(page_size: u32) -> Stack {
        let cim = MockServer::start().await;
        let token_server = MockServer::start().await;
        let audit = Arc::new(MemoryAudit::default());
        let service = CustomerService::new(
            CimClient::new(config(&cim.uri(), "person_api_user"), None)
                .unwrap()
                .with_limits(50, page_size),
            TokenServerClient::new(config(&format!("{}/oauth", token_server.uri()), TS_CLIENT))
                .unwrap(),
            &CacheSettings::default(),
            Arc::clone(&audit) as Arc<dyn AuditTrail>,
        );
        Stack {
            service,
            cim,
            token_server,
            audit,
        }
    }

    /// The Token Server lists `before` for the first `reads` reads, then `after`.
    pub async fn devices_changing(&self, before: &[&str], reads: u64, after: &[&str]) {
        for (list, priority, times) in [(before, 1, Some(reads)), (after, 2, None)] {
            let mock = Mock::given(method("GET"))
                .and(path(format!("/oauth/api/v4/users/{USER}/devices")))
                .respond_with(ResponseTemplate::new(200).set_body_json(devices(list)))
                .with_priority(priority);
            let mock = match times {
                Some(n) => mock.up_to_n_times(n),
                None => mock,
            };
            mock.mount(&self.token_server).await;
        }
    }

    /// The Token Server answers a deletion of `device` with `status`, expected `calls` times.
    pub async fn delete_answers(&self, device: &str, status: u16, calls: u64) {
        Mock::given(method("DELETE"))
            .and(path(format!("/oauth/api/v4/users/{USER}/devices/{device}")))
            .respond_with(ResponseTemplate::new(status))
            .expect(calls)
            .mount(&self.token_server)
            .await;
    }

    pub async fn person(&self) {
        Mock::given(method("GET"))
            .and(path(format!("/api/persons/{USER}")))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "person_id": USER,
                "name": { "display_name": "Joe Doe" },
                "email_addresses": [ { "primary": true, "verified": true, "value": "joe@example.com" } ]
            })))
            .mount(&self.cim)
            .await;
    }

    pub async fn token_server_events(&self, events: Vec<Value>) {
        let n = events.len();
        Mock::given(method("GET"))
            .and(path("/oauth/api/v1/events"))
            .and(query_param("user_id", USER))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "result_set": events,
                "pagination": { "total_results": n, "last_page": true }
            })))
            .mount(&self.token_server)
            .await;
    }

    /// CIM answers `events` (in the order given) `page_size` at a time, by offset.
    pub async fn cim_events_in_pages(&self, events: &[Value], page_size: usize) {
        for (page, chunk) in events.chunks(page_size).enumerate() {
            Mock::given(method("GET"))
                .and(path("/api/events"))
                .and(query_param("offset", (page * page_size).to_string()))
                .respond_with(
                    ResponseTemplate::new(200).set_body_json(json!({ "resultSet": chunk })),
                )
                .mount(&self.cim)
                .await;
        }
        // Past the end: nothing.
        Mock::given(method("GET"))
            .and(path("/api/events"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "resultSet": [] })))
            .with_priority(10)
            .mount(&self.cim)
            .await;
    }

    pub async fn no_token_server_events(&self) {
        self.token_server_events(Vec::new()).await;
    }

    pub async fn no_cim_events(&self) {
        Mock::given(method("GET"))
            .and(path("/api/events"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({ "resultSet": [], "pagination": {} })),
            )
            .mount(&self.cim)
            .await;
    }
}

pub fn agent(username: &str) -> Actor {
    Origin {
        request_id: Some("req-1".into()),
        client_ip: Some("127.0.0.1".into()),
    }
    .actor(username, AuthMethod::Password)
}

fn devices(ids: &[&str]) -> Value {
    let list: Vec<Value> = ids
        .iter()
        .map(|id| {
            json!({
                "id": id, "name": format!("Phone {id}"), "application": "Example Bank app",
                "platform": "ios", "lastLogin": 1_712_000_000_000_i64, "tokenTypes": ["DEFAULT"],
                "mobileAuthenticationEnabled": true, "pushAuthenticationEnabled": false
            })
        })
        .collect();
    json!({ "devices": list })
}

/// A CIM event of `occurred` (epoch ms).
pub fn cim_event(id: &str, occurred: i64) -> Value {
    json!({
        "event_identifier": id, "person_id": USER, "occurred": occurred,
        "event_type": "person.SessionLoginSucceededEvent"
    })
}

/// A Token Server removal event recorded under `actor` at `occurred` (epoch ms).
pub fn removal(id: &str, actor: &str, occurred: i64) -> Value {
    json!({
        "event_identifier": id, "event_type": "API_DEVICE_REMOVED", "event_name": "Api device removed",
        "user_id": USER, "event_agent_user": actor, "occurred": occurred
    })
}
