//! Authorization codes: random, single-use, short-lived, bound to the request that made them.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;

use super::agents::SimAgent;

/// How long a code can be exchanged.
pub(crate) const CODE_TTL: Duration = Duration::from_secs(60);
/// Outstanding codes kept at most; a flood of logins that never exchange cannot grow memory.
const MAX_CODES: usize = 10_000;

/// What a code was issued for.
#[derive(Debug, Clone)]
pub(crate) struct Grant {
    /// The client it was issued to.
    pub(crate) client_id: String,
    /// The redirect URI of the authorization request (the token request must repeat it).
    pub(crate) redirect_uri: String,
    /// The client's nonce, copied into the ID token.
    pub(crate) nonce: Option<String>,
    /// The PKCE S256 challenge the verifier must answer.
    pub(crate) code_challenge: String,
    /// Who signed in.
    pub(crate) agent: &'static SimAgent,
    issued: Instant,
}

impl Grant {
    /// A grant issued now.
    pub(crate) fn new(
        client_id: String,
        redirect_uri: String,
        nonce: Option<String>,
        code_challenge: String,
        agent: &'static SimAgent,
    ) -> Grant {
        Grant {
            client_id,
            redirect_uri,
            nonce,
            code_challenge,
            agent,
            issued: Instant::now(),
        }
    }

    fn expired(&self) -> bool {
        self.issued.elapsed() >= CODE_TTL
    }
}

/// The outstanding codes.
#[derive(Debug, Default)]
pub(crate) struct Codes {
    grants: Mutex<HashMap<String, Grant>>,
}

/// A fresh random value (256 bits, base64url).
pub(crate) fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

impl Codes {
    /// Issues a code for `grant`.
    pub(crate) fn issue(&self, grant: Grant) -> String {
        let code = random_token();
        let mut grants = self.grants.lock().unwrap_or_else(|p| p.into_inner());
        if grants.len() >= MAX_CODES {
            grants.retain(|_, g| !g.expired());
        }
        if grants.len() >= MAX_CODES {
            // Still full of live codes: the oldest one goes.
            if let Some(oldest) = grants
                .iter()
                .min_by_key(|(_, g)| g.issued)
                .map(|(c, _)| c.clone())
            {
                grants.remove(&oldest);
            }
        }
        grants.insert(code.clone(), grant);
        code
    }

    /// Takes the grant of `code`: a code works once, and not after [`CODE_TTL`].
    pub(crate) fn take(&self, code: &str) -> Option<Grant> {
        let mut grants = self.grants.lock().unwrap_or_else(|p| p.into_inner());
        grants.remove(code).filter(|g| !g.expired())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::oidc::agents::AGENTS;

    #[test]
    fn a_code_works_once() {
        let codes = Codes::default();
        let grant = Grant::new("c".into(), "r".into(), None, "x".into(), &AGENTS[0]);
        let code = codes.issue(grant);
        assert_eq!(code.len(), 43);
        assert!(codes.take(&code).is_some());
        assert!(codes.take(&code).is_none());
        assert!(codes.take("made-up").is_none());
    }

    #[test]
    fn an_expired_code_is_refused() {
        let codes = Codes::default();
        let mut grant = Grant::new("c".into(), "r".into(), None, "x".into(), &AGENTS[0]);
        grant.issued = Instant::now().checked_sub(CODE_TTL).unwrap();
        let code = codes.issue(grant);
        assert!(codes.take(&code).is_none());
    }
}
