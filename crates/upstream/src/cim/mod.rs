//! Client for the Onegini CIM (IdP) APIs: persons, events, configuration.

mod configuration;
mod events;
mod persons;

use std::fmt;
use std::sync::Arc;

use reqwest::Method;
use reqwest::header::{HeaderName, HeaderValue};
use url::Url;

use crate::config::UpstreamConfig;
use crate::error::BuildError;
use crate::http::{HttpClient, Request};

pub use configuration::{CimConfiguration, ConfigurationOutcome, IdentityProvider};
pub use events::{CimEvent, CimEventsPage};
pub use persons::{EmailAddress, Person, PersonName, PersonSearch, PhoneNumber};

/// Header that selects the persons partition where CIM has partitioning on.
const PARTITION_HEADER: HeaderName = HeaderName::from_static("x-onegini-persons-partition-id");

/// Typed client for CIM. Cloning is cheap and shares one connection pool.
#[derive(Clone)]
pub struct CimClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: HttpClient,
    partition: Option<HeaderValue>,
}

impl CimClient {
    /// Builds the client; `partition_id` is sent as `X-Onegini-Persons-Partition-Id` on Person API
    /// calls. Fails on a base URL that cannot take paths or a partition id that is no header value.
    pub fn new(config: UpstreamConfig, partition_id: Option<String>) -> Result<Self, BuildError> {
        let partition = partition_id
            .map(|id| {
                HeaderValue::try_from(id).map_err(|_| BuildError::InvalidHeaderValue {
                    setting: "partition_id",
                })
            })
            .transpose()?;
        Ok(CimClient {
            inner: Arc::new(Inner {
                http: HttpClient::new(config)?,
                partition,
            }),
        })
    }

    /// The base URL calls are made against (credentials removed).
    pub fn base_url(&self) -> &Url {
        self.inner.http.base()
    }

    fn http(&self) -> &HttpClient {
        &self.inner.http
    }

    /// A Person API request, carrying the partition header when one is configured.
    fn persons_request(&self, template: &'static str, url: Url) -> Request {
        let request = Request::new(crate::UpstreamApi::CimPersons, Method::GET, template, url);
        match &self.inner.partition {
            Some(value) => request.header(PARTITION_HEADER, value.clone()),
            None => request,
        }
    }
}

impl fmt::Debug for CimClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CimClient")
            .field("base_url", &self.base_url().as_str())
            .field("partitioned", &self.inner.partition.is_some())
            .finish_non_exhaustive()
    }
}
