//! Finding persons by e-mail address, in the ways a CIM may offer (ONEGINI-APIS §3).
//!
//! - `migration-status` [DOC]: `POST /api/migration/status` with `{"email"}` answers the one
//!   person it names (`person_id`), then `GET /api/persons/{person_id}` reads it; 503 with no body
//!   means CIM has the migration feature switched off.
//! - `person-search` [OURS]: `GET /api/persons/search?email=&max_results=`, documented nowhere.
//!
//! `cim.search` names one, or several tried in turn: when an answer shows that CIM has no such
//! operation (404, 405, 501), the next is tried, and the one that worked is remembered for the
//! life of the process.

use std::sync::atomic::Ordering;

use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::json;

use super::CimClient;
use super::persons::PersonSearch;
use crate::error::{UpstreamApi, UpstreamError};
use crate::http::RawResponse;

const API: UpstreamApi = UpstreamApi::CimPersons;
const MIGRATION_STATUS_PATH: &str = "/api/migration/status";

/// One way to find persons by e-mail address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SearchStrategy {
    /// `POST /api/migration/status`, then the person it names: documented, one person at most.
    MigrationStatus,
    /// `GET /api/persons/search`: ours, up to `search_max_results` persons.
    PersonSearch,
}

impl SearchStrategy {
    /// The name `cim.search` uses.
    pub fn name(self) -> &'static str {
        match self {
            SearchStrategy::MigrationStatus => "migration-status",
            SearchStrategy::PersonSearch => "person-search",
        }
    }
}

/// `cim.search`: one strategy, or several tried in turn.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum SearchStrategies {
    /// Only this one.
    One(SearchStrategy),
    /// These, in this order, moving on where CIM has no such operation.
    InTurn(Vec<SearchStrategy>),
}

impl Default for SearchStrategies {
    /// The documented lookup first, then ours.
    fn default() -> Self {
        SearchStrategies::InTurn(vec![
            SearchStrategy::MigrationStatus,
            SearchStrategy::PersonSearch,
        ])
    }
}

impl SearchStrategies {
    /// The strategies in the order they are tried.
    pub fn in_order(&self) -> Vec<SearchStrategy> {
        match self {
            SearchStrategies::One(strategy) => vec![*strategy],
            SearchStrategies::InTurn(list) => list.clone(),
        }
    }
}

#[derive(Deserialize)]
struct MigrationStatus {
    #[serde(default)]
    person_id: Option<String>,
}

/// Whether a status says the operation does not exist (rather than a failure of it).
pub(super) fn missing_operation(status: StatusCode) -> bool {
    matches!(status.as_u16(), 404 | 405 | 501)
}

impl CimClient {
    /// Persons whose e-mail address equals `email`, found with the configured strategies.
    pub async fn find_by_email(&self, email: &str) -> Result<PersonSearch, UpstreamError> {
        let strategies = &self.search;
        let mut next = self.search_from.load(Ordering::Relaxed);
        loop {
            let Some(strategy) = strategies.get(next) else {
                return Err(UpstreamError::NoSuchOperation {
                    api: API,
                    path: "/api/persons",
                });
            };
            let found = match strategy {
                SearchStrategy::MigrationStatus => self.migration_status(email).await,
                SearchStrategy::PersonSearch => self.searched(email).await,
            };
            match found {
                Err(UpstreamError::NoSuchOperation { .. }) if next + 1 < strategies.len() => {
                    tracing::warn!(
                        cim.search = strategy.name(),
                        "CIM has no such operation; trying the next way to search"
                    );
                    next += 1;
                    self.search_from.store(next, Ordering::Relaxed);
                }
                other => return other,
            }
        }
    }

    async fn searched(&self, email: &str) -> Result<PersonSearch, UpstreamError> {
        self.search_by_email(email, self.search_max_results()).await
    }

    /// `migration-status`: the one person CIM names for `email`, read in full.
    async fn migration_status(&self, email: &str) -> Result<PersonSearch, UpstreamError> {
        let url = self.persons().endpoint(&["api", "migration", "status"]);
        let request = self
            .persons_call(Method::POST, MIGRATION_STATUS_PATH, url)
            .json(json!({ "email": email }));
        let status: MigrationStatus = self
            .persons()
            .call(request, |raw| {
                if missing_operation(raw.status()) {
                    return Err(UpstreamError::NoSuchOperation {
                        api: API,
                        path: MIGRATION_STATUS_PATH,
                    });
                }
                if raw.status() == StatusCode::SERVICE_UNAVAILABLE && raw.has_empty_body() {
                    return Err(UpstreamError::SwitchedOff {
                        api: API,
                        path: MIGRATION_STATUS_PATH,
                    });
                }
                RawResponse::json(raw)
            })
            .await?;
        let Some(person_id) = status.person_id.filter(|id| !id.trim().is_empty()) else {
            return Ok(PersonSearch::default());
        };
        match self.person(&person_id).await {
            Ok(person) => Ok(PersonSearch {
                persons: vec![person],
                total_results: 1,
            }),
            // Named by the lookup, gone by the read: nobody, as far as this search goes.
            Err(UpstreamError::NotFound { .. }) => Ok(PersonSearch::default()),
            Err(other) => Err(other),
        }
    }
}
