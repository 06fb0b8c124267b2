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
        }
    }
}
