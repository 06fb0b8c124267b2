//! How a simulator is started.

use std::net::{Ipv4Addr, SocketAddr};

use crate::faults::FaultRule;

/// Everything [`crate::RunningSim::start`] needs.
#[derive(Clone, Debug)]
pub struct SimSettings {
    /// Address to listen on; port 0 picks a free port.
    pub listen: SocketAddr,
    /// Seed of the generated data.
    pub seed: u64,
    /// How many persons to generate.
    pub persons: usize,
    /// HTTP Basic user of the Token Server APIs.
    pub token_server_user: String,
    /// HTTP Basic password of the Token Server APIs.
    pub token_server_password: String,
    /// HTTP Basic user of the CIM APIs.
    pub cim_user: String,
    /// HTTP Basic password of the CIM APIs.
    pub cim_password: String,
    /// Fault rules in force from the start.
    pub faults: Vec<FaultRule>,
    /// Epoch ms that seeded times are relative to; `None` means the start instant. Fix it to
    /// make timestamps reproducible too.
    pub clock_anchor_ms: Option<i64>,
    /// The client id of the OIDC provider's one registered client.
    pub oidc_client_id: String,
    /// That client's secret (HTTP Basic or form post at the token endpoint).
    pub oidc_client_secret: String,
    /// The client's registered redirect URIs, matched exactly. Empty registers any
    /// `http://127.0.0.1:PORT` or `http://localhost:PORT` URL whose path is
    /// `/api/v1/session/oidc/callback` (Customer Service on loopback).
    pub oidc_redirect_uris: Vec<String>,
}

impl Default for SimSettings {
    fn default() -> Self {
        SimSettings {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 7979)),
            seed: 42,
            persons: 1000,
            token_server_user: "end_user_api_user".to_owned(),
            token_server_password: "end_user_api_password".to_owned(),
            cim_user: "person_api_user".to_owned(),
            cim_password: "person_api_password".to_owned(),
            faults: Vec::new(),
            clock_anchor_ms: None,
            oidc_client_id: "customer-service".to_owned(),
            oidc_client_secret: "customer-service-secret".to_owned(),
            oidc_redirect_uris: Vec::new(),
        }
    }
}
