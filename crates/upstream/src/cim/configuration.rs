//! CIM Configuration API: message texts per locale and identity providers (ONEGINI-APIS §5).
//! Optional for Customer Service: a disabled API is an outcome, not an error.

use std::collections::BTreeMap;

use reqwest::{Method, StatusCode};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::CimClient;
use crate::error::{UpstreamApi, UpstreamError};
use crate::http::{RawResponse, Request};
use crate::lenient::null_as_default;

const API: UpstreamApi = UpstreamApi::CimConfiguration;
const CONFIG_PATH: &str = "/api/config";
const IDENTITY_PROVIDERS_PATH: &str = "/api/config/identity-providers";

/// The requested configuration sections.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CimConfiguration {
    /// `messages` section: locale (`default`, `nl`, ...) to message key to text. Entries that are
    /// not strings are skipped.
    pub messages: BTreeMap<String, BTreeMap<String, String>>,
    /// The whole answer, for sections not modelled here.
    pub raw: Value,
}

/// What `GET /api/config` gave.
#[derive(Debug, Clone, PartialEq)]
pub enum ConfigurationOutcome {
    /// The API answered.
    Available(CimConfiguration),
    /// The API is switched off (500 with no body); use built-in fallbacks.
    Disabled,
}

/// An identity provider configured in CIM.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityProvider {
    /// Id.
    #[serde(default, deserialize_with = "null_as_default")]
    pub id: String,
    /// Display name.
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// Kind, e.g. `SAML`.
    #[serde(default, rename = "type", deserialize_with = "null_as_default")]
    pub r#type: String,
}

#[derive(Deserialize)]
struct IdentityProvidersWire {
    #[serde(default, deserialize_with = "null_as_default")]
    result: Vec<IdentityProvider>,
}

impl CimClient {
    /// `GET /api/config?fields=a,b`: the named sections (all of them when `fields` is empty).
    pub async fn configuration(
        &self,
        fields: &[&str],
    ) -> Result<ConfigurationOutcome, UpstreamError> {
        let mut url = self.configuration_api().endpoint(&["api", "config"]);
        if !fields.is_empty() {
            url.query_pairs_mut()
                .append_pair("fields", &fields.join(","));
        }
        let request = Request::new(API, Method::GET, CONFIG_PATH, url);
        self.configuration_api()
            .call(request, |raw| {
                if raw.status() == StatusCode::INTERNAL_SERVER_ERROR && raw.has_empty_body() {
                    return Ok(ConfigurationOutcome::Disabled);
                }
                let raw: Value = raw.json()?;
                Ok(ConfigurationOutcome::Available(CimConfiguration {
                    messages: messages_of(&raw),
                    raw,
                }))
            })
            .await
    }

    /// `GET /api/config/identity-providers`.
    pub async fn identity_providers(&self) -> Result<Vec<IdentityProvider>, UpstreamError> {
        let url = self
            .configuration_api()
            .endpoint(&["api", "config", "identity-providers"]);
        let request = Request::new(API, Method::GET, IDENTITY_PROVIDERS_PATH, url);
        let wire: IdentityProvidersWire = self
            .configuration_api()
            .call(request, RawResponse::json)
            .await?;
        Ok(wire.result)
    }

    /// Readiness of the Configuration API: the `messages` section; a disabled API ("Api
    /// disabled") still answers.
    pub async fn probe_configuration(&self) -> Result<(), UpstreamError> {
        crate::http::as_probe(self.configuration(&["messages"]))
            .await
            .map(|_| ())
    }
}

/// Reads `messages` leniently: a malformed translation table must not cost the whole answer.
fn messages_of(raw: &Value) -> BTreeMap<String, BTreeMap<String, String>> {
    let Some(locales) = raw.get("messages").and_then(Value::as_object) else {
        return BTreeMap::new();
    };
    locales
        .iter()
        .filter_map(|(locale, texts)| {
            let texts = texts
                .as_object()?
                .iter()
                .filter_map(|(key, text)| Some((key.clone(), text.as_str()?.to_owned())))
                .collect();
            Some((locale.clone(), texts))
        })
        .collect()
}
