//! CIM Person API: one person by id, and search by e-mail address (ONEGINI-APIS §3).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::CimClient;
use crate::error::{UpstreamApi, UpstreamError};
use crate::http::{RawResponse, checked_segment};
use crate::lenient::{null_as_default, skip_invalid};

const API: UpstreamApi = UpstreamApi::CimPersons;
const PERSON_PATH: &str = "/api/persons/{person_id}";
pub(super) const SEARCH_PATH: &str = "/api/persons/search";

/// A CIM person (snake_case JSON). Only `person_id` is required.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// Stable id; also the Token Server's `userId`.
    pub person_id: String,
    /// `M`, `F`, `U`, ... as CIM has it.
    #[serde(default)]
    pub gender: Option<String>,
    /// Name parts.
    #[serde(default)]
    pub name: Option<PersonName>,
    /// ISO date, e.g. `1990-01-31`.
    #[serde(default)]
    pub date_of_birth: Option<String>,
    /// E-mail addresses.
    #[serde(default, deserialize_with = "null_as_default")]
    pub email_addresses: Vec<EmailAddress>,
    /// Phone numbers.
    #[serde(default, deserialize_with = "null_as_default")]
    pub phone_numbers: Vec<PhoneNumber>,
    /// Postal addresses: opaque JSON (usually a list of objects); `Null` when absent.
    #[serde(default)]
    pub addresses: Value,
    /// Locale such as `en_US`.
    #[serde(default)]
    pub preferred_locale: Option<String>,
    /// Deployment-specific attributes: opaque JSON (usually an object by name); `Null` when
    /// absent.
    #[serde(default)]
    pub custom_attributes: Value,
}

/// Name parts of a person; each may be absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName {
    /// Given name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// Family name.
    #[serde(default)]
    pub last_name: Option<String>,
    /// Initials, e.g. `J.`.
    #[serde(default)]
    pub initials: Option<String>,
    /// Name to show.
    #[serde(default)]
    pub display_name: Option<String>,
}

/// One e-mail address of a person.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailAddress {
    /// The address.
    #[serde(default, deserialize_with = "null_as_default")]
    pub value: String,
    /// The person's primary address.
    #[serde(default, deserialize_with = "null_as_default")]
    pub primary: bool,
    /// Ownership was verified.
    #[serde(default, deserialize_with = "null_as_default")]
    pub verified: bool,
}

/// One phone number of a person.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneNumber {
    /// The number as entered, e.g. `+31 6 12345678`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub value: String,
    /// The person's primary number.
    #[serde(default, deserialize_with = "null_as_default")]
    pub primary: bool,
    /// Ownership was verified.
    #[serde(default, deserialize_with = "null_as_default")]
    pub verified: bool,
    /// Kind, e.g. `MOBILE`.
    #[serde(default)]
    pub tag: Option<String>,
}

/// Persons matching a search.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PersonSearch {
    /// The matches, at most the `max_results` asked for.
    pub persons: Vec<Person>,
    /// All matches upstream; the number of `persons` when the upstream leaves it out.
    pub total_results: u64,
}

#[derive(Deserialize)]
struct SearchWire {
    #[serde(default, deserialize_with = "skip_invalid")]
    result_set: Vec<Person>,
    #[serde(default)]
    total_results: Option<u64>,
}

impl From<SearchWire> for PersonSearch {
    fn from(wire: SearchWire) -> Self {
        let total_results = wire
            .total_results
            .unwrap_or_else(|| u64::try_from(wire.result_set.len()).unwrap_or(u64::MAX));
        PersonSearch {
            persons: wire.result_set,
            total_results,
        }
    }
}

/// A person id no one has, asked for by readiness probes.
const PROBE_PERSON_ID: &str = "_probe_";

impl CimClient {
    /// Readiness of the Person API: a person no one is (404 means CIM answered and took our
    /// credentials).
    pub async fn probe_persons(&self) -> Result<(), UpstreamError> {
        match crate::http::as_probe(self.person(PROBE_PERSON_ID)).await {
            Ok(_) | Err(UpstreamError::NotFound { .. }) => Ok(()),
            Err(error) => Err(error),
        }
    }

    /// `GET /api/persons/{person_id}`; an unknown person is [`UpstreamError::NotFound`].
    pub async fn person(&self, person_id: &str) -> Result<Person, UpstreamError> {
        let id = checked_segment(API, PERSON_PATH, person_id)?;
        let url = self.persons().endpoint(&["api", "persons", id]);
        let request = self.persons_request(PERSON_PATH, url);
        self.persons().call(request, RawResponse::json).await
    }

    /// Persons whose e-mail address equals `email` (case-insensitive), at most `max_results`:
    /// the `person-search` way (ONEGINI-APIS §3, marked OURS),
    /// `GET /api/persons/search?email=..&max_results=..`. A CIM without it reads `search` as a
    /// person id and answers 404: that (and 405, 501) is [`UpstreamError::NoSuchOperation`].
    pub async fn search_by_email(
        &self,
        email: &str,
        max_results: u32,
    ) -> Result<PersonSearch, UpstreamError> {
        let mut url = self.persons().endpoint(&["api", "persons", "search"]);
        url.query_pairs_mut()
            .append_pair("email", email)
            .append_pair("max_results", &max_results.to_string());
        let request = self.persons_request(SEARCH_PATH, url);
        let wire: SearchWire = self
            .persons()
            .call(request, |raw| {
                if super::search::missing_operation(raw.status()) {
                    return Err(UpstreamError::NoSuchOperation {
                        api: API,
                        path: SEARCH_PATH,
                    });
                }
                RawResponse::json(raw)
            })
            .await?;
        Ok(wire.into())
    }
}
