//! Where a request comes from, as the audit trail and the login limits see it: the peer
//! address, or behind a trusted proxy the client address it forwarded.

use std::future::{Ready, ready};
use std::net::IpAddr;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use cs_domain::Origin;
use ipnet::IpNet;
use serde::Deserialize;

use crate::middleware::context::RequestContext;
use crate::problem::ApiError;

/// The proxies whose `X-Forwarded-For` is believed (`server.trusted_proxies`): addresses such
/// as `10.0.0.7` or networks such as `10.0.0.0/8`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct TrustedProxies(Vec<ProxyAddress>);

/// One trusted proxy: an address or a network.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct ProxyAddress(IpNet);

impl TryFrom<String> for ProxyAddress {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        text.parse::<IpNet>()
            .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
            .map(ProxyAddress)
            .map_err(|_| format!("{text:?} is not an IP address or network"))
    }
}

impl TrustedProxies {
    fn trusts(&self, address: IpAddr) -> bool {
        self.0.iter().any(|proxy| proxy.0.contains(&address))
    }

    /// The client address of `req`: its peer, unless the peer is a trusted proxy; then the
    /// nearest address in `X-Forwarded-For` that is not one (a client can write anything at
    /// the far end of that header, so it is read from the near end).
    pub(crate) fn client_of(&self, req: &HttpRequest) -> Option<IpAddr> {
        let peer = req.peer_addr()?.ip();
        if !self.trusts(peer) {
            return Some(peer);
        }
        let forwarded: Vec<IpAddr> = req
            .headers()
            .get_all("x-forwarded-for")
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(|entry| entry.trim().parse::<IpAddr>())
            .collect::<Result<_, _>>()
            // A garbled header says nothing reliable: the proxy itself is the client then.
            .unwrap_or_default();
        Some(
            forwarded
                .into_iter()
                .rev()
                .find(|address| !self.trusts(*address))
                .unwrap_or(peer),
        )
    }
}

/// The client address of `req`, as its app's trusted proxies say.
pub(crate) fn client_ip(req: &HttpRequest) -> Option<IpAddr> {
    match req.app_data::<web::Data<TrustedProxies>>() {
        Some(proxies) => proxies.client_of(req),
        None => req.peer_addr().map(|addr| addr.ip()),
    }
}

/// The request's id and the client address.
#[derive(Debug, Clone, Default)]
pub(crate) struct RequestOrigin(pub(crate) Origin);

impl RequestOrigin {
    /// The origin of `req`.
    pub(crate) fn of(req: &HttpRequest) -> Self {
        RequestOrigin(Origin {
            request_id: RequestContext::current().map(|c| c.id),
            client_ip: client_ip(req).map(|ip| ip.to_string()),
        })
    }
}

impl FromRequest for RequestOrigin {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        ready(Ok(RequestOrigin::of(req)))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use actix_web::test::TestRequest;

    fn proxies(list: &[&str]) -> TrustedProxies {
        TrustedProxies(
            list.iter()
                .map(|p| ProxyAddress::try_from((*p).to_owned()).unwrap())
                .collect(),
        )
    }

    fn from(peer: &str, forwarded: Option<&str>) -> HttpRequest {
        let mut request =
            TestRequest::default().peer_addr(format!("{peer}:40000").parse().unwrap());
        if let Some(header) = forwarded {
            request = request.insert_header(("x-forwarded-for", header));
        }
        request.to_http_request()
    }

    fn client(proxies: &TrustedProxies, req: &HttpRequest) -> String {
        proxies.client_of(req).unwrap().to_string()
    }

    #[test]
    fn forwarded_addresses_count_only_from_trusted_proxies() {
        let trusted = proxies(&["10.0.0.0/8", "192.0.2.1"]);

        assert_eq!(
            client(&trusted, &from("203.0.113.5", Some("198.51.100.1"))),
            "203.0.113.5"
        );
        assert_eq!(
            client(&trusted, &from("10.1.2.3", Some("198.51.100.1"))),
            "198.51.100.1"
        );
        // The far end is the client's to write: the nearest untrusted address counts.
        assert_eq!(
            client(
                &trusted,
                &from("10.1.2.3", Some("1.2.3.4, 198.51.100.1, 192.0.2.1"))
            ),
            "198.51.100.1"
        );
        assert_eq!(
            client(&trusted, &from("10.1.2.3", Some("not-an-address"))),
            "10.1.2.3"
        );
        assert_eq!(client(&trusted, &from("10.1.2.3", None)), "10.1.2.3");
        assert_eq!(
            client(
                &TrustedProxies::default(),
                &from("10.1.2.3", Some("1.2.3.4"))
            ),
            "10.1.2.3"
        );
        assert!(ProxyAddress::try_from("10.0.0.0/33".to_owned()).is_err());
    }
}
