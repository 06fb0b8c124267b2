//! A complete upstream response, read under a size cap, and the ONE place that turns an HTTP
//! status into an [`UpstreamError`].

use reqwest::StatusCode;
use reqwest::header::CONTENT_TYPE;
use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_json::error::Category;

use crate::error::{UpstreamApi, UpstreamError};

/// Longest upstream error message we keep; error bodies are not ours to trust in size.
const MAX_MESSAGE_CHARS: usize = 300;

/// Status, content type and body of one answer, with the call's names for errors.
pub(crate) struct RawResponse {
    api: UpstreamApi,
    template: &'static str,
    status: StatusCode,
    content_type: Option<String>,
    body: Body,
}

enum Body {
    Complete(Vec<u8>),
    /// Reading stopped at the cap; what was read is dropped.
    TooLarge {
        limit: usize,
    },
}

impl RawResponse {
    /// Reads the whole body chunk by chunk, stopping at `limit` bytes so memory stays bounded.
    pub(crate) async fn read(
        api: UpstreamApi,
        template: &'static str,
        mut response: reqwest::Response,
        limit: usize,
    ) -> Result<Self, UpstreamError> {
        let status = response.status();
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let too_large = || RawResponse {
            api,
            template,
            status,
            content_type: content_type.clone(),
            body: Body::TooLarge { limit },
        };
        let announced = response.content_length().unwrap_or(0);
        if usize::try_from(announced).ok().is_none_or(|n| n > limit) {
            return Ok(too_large());
        }
        let mut body = Vec::new();
        loop {
            let chunk = match response.chunk().await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break,
                Err(e) if e.is_timeout() => {
                    return Err(UpstreamError::Timeout {
                        api,
                        path: template,
                    });
                }
                Err(_) => {
                    return Err(UpstreamError::Unavailable {
                        api,
                        path: template,
                        reason: "connection lost while reading the response body".to_owned(),
                    });
                }
            };
            if body.len().saturating_add(chunk.len()) > limit {
                return Ok(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(RawResponse {
            api,
            template,
            status,
            content_type,
            body: Body::Complete(body),
        })
    }

    pub(crate) fn status(&self) -> StatusCode {
        self.status
    }

    /// True for a complete body holding nothing but whitespace.
    pub(crate) fn has_empty_body(&self) -> bool {
        matches!(&self.body, Body::Complete(b) if b.iter().all(u8::is_ascii_whitespace))
    }

    /// The 2xx body parsed as `T`; any other status is classified.
    pub(crate) fn json<T: DeserializeOwned>(self) -> Result<T, UpstreamError> {
        if !self.status.is_success() {
            return Err(self.into_error());
        }
        let body = match &self.body {
            Body::Complete(body) => body,
            Body::TooLarge { limit } => {
                return Err(self.invalid(format!("response body larger than {limit} bytes")));
            }
        };
        if let Some(content_type) = self.content_type.as_deref().filter(|c| !is_json(c)) {
            let shown: String = content_type.chars().take(64).collect();
            return Err(self.invalid(format!("content type {shown:?} is not JSON")));
        }
        serde_json::from_slice(body).map_err(|e| self.invalid(json_reason(&e)))
    }

    /// Ok for any 2xx (the body is ignored); any other status is classified.
    pub(crate) fn no_content(self) -> Result<(), UpstreamError> {
        if self.status.is_success() {
            Ok(())
        } else {
            Err(self.into_error())
        }
    }

    /// Classifies a status that the route did not treat as a success or a special outcome.
    pub(crate) fn into_error(self) -> UpstreamError {
        let api = self.api;
        let path = self.template;
        let body = match &self.body {
            Body::Complete(bytes) => serde_json::from_slice::<Value>(bytes).ok(),
            Body::TooLarge { .. } => None,
        };
        match self.status.as_u16() {
            400 => UpstreamError::BadRequest {
                api,
                path,
                message: body
                    .as_ref()
                    .and_then(error_message)
                    .unwrap_or_else(|| "no message".to_owned()),
            },
            401 => UpstreamError::BadCredentials { api },
            403 => UpstreamError::Forbidden { api },
            404 => UpstreamError::NotFound { api },
            500 if body.as_ref().and_then(|b| b.get("code")?.as_str())
                == Some("not_all_devices_deleted") =>
            {
                UpstreamError::NotAllDevicesDeleted {
                    not_deleted: body.as_ref().map(not_deleted_ids).unwrap_or_default(),
                }
            }
            408 | 429 | 500..=599 => UpstreamError::Unavailable {
                api,
                path,
                reason: format!("HTTP {}", self.status.as_u16()),
            },
            other => self.invalid(format!("unexpected HTTP {other}")),
        }
    }

    fn invalid(&self, reason: String) -> UpstreamError {
        UpstreamError::InvalidResponse {
            api: self.api,
            path: self.template,
            reason,
        }
    }
}

fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim();
    essence.to_ascii_lowercase().contains("json")
}

/// CIM says `error_message`, the Token Server `message`, OAuth `error_description`.
fn error_message(body: &Value) -> Option<String> {
    ["error_message", "message", "error_description", "error"]
        .iter()
        .find_map(|key| body.get(key)?.as_str())
        .map(|m| m.chars().take(MAX_MESSAGE_CHARS).collect())
}

fn not_deleted_ids(body: &Value) -> Vec<String> {
    body.get("details")
        .and_then(Value::as_array)
        .map(|details| {
            details
                .iter()
                .filter_map(|d| d.get("id")?.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// serde_json's data errors quote the offending value, which may be an e-mail address; keep only
/// the position, and the field name of a missing field (a name of ours).
fn json_reason(error: &serde_json::Error) -> String {
    let at = format!("line {} column {}", error.line(), error.column());
    match error.classify() {
        Category::Syntax => format!("malformed JSON at {at}"),
        Category::Eof => format!("truncated JSON at {at}"),
        Category::Io => "could not read the JSON body".to_owned(),
        Category::Data => {
            let message = error.to_string();
            match message
                .strip_prefix("missing field `")
                .and_then(|rest| rest.split('`').next())
            {
                Some(field) => format!("required field `{field}` is missing at {at}"),
                None => format!("JSON does not have the documented shape at {at}"),
            }
        }
    }
}
