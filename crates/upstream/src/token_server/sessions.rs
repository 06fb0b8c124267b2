//! Token Server end-user API v1: the user's sessions (ONEGINI-APIS §1). Listing answers
//! `{"result":[...]}` (404: none); ending them all answers 204 whatever happened, so callers that
//! must know list them again. The session object is not documented: it is read defensively, by
//! the names it is likely to use, and an entry without an id is skipped.

use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::Value;

use super::{TokenServerClient, text};
use crate::error::{UpstreamApi, UpstreamError};
use crate::http::{RawResponse, Request, checked_segment};

const API: UpstreamApi = UpstreamApi::TokenServerDevices;
const SESSIONS_PATH: &str = "/api/v1/users/{userId}/sessions";

/// One of the user's sessions at the Token Server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TsSession {
    /// Its id.
    pub id: String,
    /// The client or application it belongs to, when named.
    pub client: Option<String>,
    /// When it started, epoch milliseconds, when known.
    pub created_ms: Option<i64>,
    /// When it was last used, epoch milliseconds, when known.
    pub last_used_ms: Option<i64>,
}

#[derive(Deserialize)]
struct SessionsWire {
    #[serde(default)]
    result: Vec<Value>,
}

/// The first of `names` that `item` holds as epoch milliseconds.
fn millis(item: &Value, names: &[&str]) -> Option<i64> {
    names.iter().find_map(|name| item.get(*name)?.as_i64())
}

impl TsSession {
    fn read(item: &Value) -> Option<TsSession> {
        Some(TsSession {
            id: text(item, &["id", "session_id", "sessionId"])?,
            client: text(
                item,
                &[
                    "client_name",
                    "clientName",
                    "application_name",
                    "applicationName",
                    "client_id",
                    "clientId",
                ],
            ),
            created_ms: millis(
                item,
                &["created_at", "createdAt", "creation_date", "created"],
            ),
            last_used_ms: millis(
                item,
                &[
                    "last_used",
                    "lastUsed",
                    "last_used_at",
                    "lastUsedAt",
                    "last_activity",
                ],
            ),
        })
    }
}

impl TokenServerClient {
    /// `GET /api/v1/users/{userId}/sessions`; 404 is none.
    pub async fn sessions(&self, user_id: &str) -> Result<Vec<TsSession>, UpstreamError> {
        let user = checked_segment(API, SESSIONS_PATH, user_id)?;
        let url = self
            .end_user()
            .endpoint(&["api", "v1", "users", user, "sessions"]);
        let request = Request::new(API, Method::GET, SESSIONS_PATH, url);
        self.end_user()
            .call(request, |raw| {
                if raw.status() == StatusCode::NOT_FOUND {
                    return Ok(Vec::new());
                }
                let wire: SessionsWire = raw.json()?;
                Ok(wire.result.iter().filter_map(TsSession::read).collect())
            })
            .await
    }

    /// `DELETE /api/v1/users/{userId}/sessions?removeTokens=true`: ends every session and
    /// revokes its tokens. 204 whatever happened.
    pub async fn end_sessions(&self, user_id: &str) -> Result<(), UpstreamError> {
        let user = checked_segment(API, SESSIONS_PATH, user_id)?;
        let mut url = self
            .end_user()
            .endpoint(&["api", "v1", "users", user, "sessions"]);
        url.query_pairs_mut().append_pair("removeTokens", "true");
        let request = Request::new(API, Method::DELETE, SESSIONS_PATH, url);
        self.end_user().call(request, RawResponse::no_content).await
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn a_session_is_read_by_whichever_names_it_uses_and_one_without_an_id_is_skipped() {
        let snake = TsSession::read(&json!({"id": "s1", "client_name": "Example Bank app",
            "created_at": 1_700_000_000_000_i64, "last_used": 1_700_000_100_000_i64}));
        assert_eq!(
            snake,
            Some(TsSession {
                id: "s1".into(),
                client: Some("Example Bank app".into()),
                created_ms: Some(1_700_000_000_000),
                last_used_ms: Some(1_700_000_100_000),
            })
        );
        let camel = TsSession::read(&json!({"sessionId": 42, "clientId": "873BE1"})).unwrap();
        assert_eq!(
            (camel.id.as_str(), camel.client.as_deref()),
            ("42", Some("873BE1"))
        );
        assert_eq!(TsSession::read(&json!({"client_name": "x"})), None);
    }
}
