//! Client for the Onegini CIM (IdP) APIs: persons, events, configuration.

mod configuration;
mod events;
mod persons;
mod search;

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

use reqwest::Method;
use reqwest::header::{HeaderName, HeaderValue};
use url::Url;

use crate::config::UpstreamConfig;
use crate::error::BuildError;
use crate::http::{HttpClient, Request};

pub use configuration::{CimConfiguration, ConfigurationOutcome, IdentityProvider};
pub use events::{CimEvent, CimEventsPage};
pub use persons::{EmailAddress, Person, PersonName, PersonSearch, PhoneNumber};
pub use search::{SearchStrategies, SearchStrategy};

/// The most persons one search returns unless configured: the vendor's default.
const DEFAULT_SEARCH_MAX_RESULTS: u32 = 50;
/// Events per read unless configured: the vendor's default.
const DEFAULT_EVENTS_PAGE_SIZE: u32 = 50;

/// Header that selects the persons partition where CIM has partitioning on.
const PARTITION_HEADER: HeaderName = HeaderName::from_static("x-onegini-persons-partition-id");

/// Typed client for CIM. Cloning is cheap and shares the connections.
#[derive(Clone)]
pub struct CimClient {
    inner: Arc<Inner>,
    search_max_results: u32,
    events_page_size: u32,
    /// The ways to search by e-mail address, in the order they are tried.
    search: Arc<[SearchStrategy]>,
    /// Where trying them starts: past those CIM turned out not to have (shared by clones).
    search_from: Arc<AtomicUsize>,
}

/// The connection of each CIM API: the vendor configures each with its own base URI and
/// credentials (ONEGINI-APIS §8).
pub struct CimApis {
    /// The Person API (persons, search, the migration status lookup).
    pub persons: UpstreamConfig,
    /// The Events API.
    pub events: UpstreamConfig,
    /// The Configuration API.
    pub configuration: UpstreamConfig,
}

struct Inner {
    persons: HttpClient,
    events: HttpClient,
    configuration: HttpClient,
    partition: Option<HeaderValue>,
}

impl CimClient {
    /// Builds the client with one connection for all three APIs; `partition_id` is sent as
    /// `X-Onegini-Persons-Partition-Id` on Person API calls. Fails on a base URL that cannot take
    /// paths or a partition id that is no header value.
    pub fn new(config: UpstreamConfig, partition_id: Option<String>) -> Result<Self, BuildError> {
        let apis = CimApis {
            persons: config.clone(),
            events: config.clone(),
            configuration: config,
        };
        Self::with_apis(apis, partition_id)
    }

    /// Builds the client with a connection of its own per API.
    pub fn with_apis(apis: CimApis, partition_id: Option<String>) -> Result<Self, BuildError> {
        let partition = partition_id
            .map(|id| {
                HeaderValue::try_from(id).map_err(|_| BuildError::InvalidHeaderValue {
                    setting: "partition_id",
                })
            })
            .transpose()?;
        Ok(CimClient {
            inner: Arc::new(Inner {
                persons: HttpClient::new(apis.persons)?,
                events: HttpClient::new(apis.events)?,
                configuration: HttpClient::new(apis.configuration)?,
                partition,
            }),
            search: SearchStrategies::default().in_order().into(),
            search_from: Arc::default(),
            search_max_results: DEFAULT_SEARCH_MAX_RESULTS,
            events_page_size: DEFAULT_EVENTS_PAGE_SIZE,
        })
    }

    /// This client with the most persons one search returns and the page size of event reads
    /// (the vendor configures both per API connection).
    pub fn with_limits(self, search_max_results: u32, events_page_size: u32) -> Self {
        CimClient {
            search_max_results,
            events_page_size,
            ..self
        }
    }

    /// This client searching by e-mail address in these ways (an empty list keeps the default).
    pub fn with_search(self, strategies: &SearchStrategies) -> Self {
        let order = strategies.in_order();
        if order.is_empty() {
            return self;
        }
        CimClient {
            search: order.into(),
            search_from: Arc::default(),
            ..self
        }
    }

    /// The most persons one search returns.
    pub fn search_max_results(&self) -> u32 {
        self.search_max_results
    }

    /// How many events one read of the Events API asks for.
    pub fn events_page_size(&self) -> u32 {
        self.events_page_size
    }

    /// The base URL Person API calls are made against (credentials removed).
    pub fn base_url(&self) -> &Url {
        self.inner.persons.base()
    }

    fn persons(&self) -> &HttpClient {
        &self.inner.persons
    }

    fn events_api(&self) -> &HttpClient {
        &self.inner.events
    }

    fn configuration_api(&self) -> &HttpClient {
        &self.inner.configuration
    }

    /// A Person API GET, carrying the partition header when one is configured.
    fn persons_request(&self, template: &'static str, url: Url) -> Request {
        self.persons_call(Method::GET, template, url)
    }

    /// A Person API call, carrying the partition header when one is configured.
    fn persons_call(&self, method: Method, template: &'static str, url: Url) -> Request {
        let request = Request::new(crate::UpstreamApi::CimPersons, method, template, url);
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
