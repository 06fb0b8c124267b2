//! Bearer tokens to principals, remembering tokens already verified.
//!
//! A tool sends the same token on every request; checking its signature and building its
//! permissions once per token instead of once per request is most of the cost of a cached read.
//! A remembered token still expires on time, and is forgotten at the latest when the JWKS would
//! be fetched again, so a key removed from the JWKS stops working for remembered tokens too.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::accounts::ExternalIdentity;
use crate::jwt::{BearerError, BearerSettings, BearerVerifier};
use crate::principal::Principal;
use crate::service::SharedAccounts;
use cs_api::AuthMethod;
use cs_clock::Clock;
use foldhash::fast::RandomState;
use moka::future::Cache;

/// The most tokens remembered.
const CAPACITY: u64 = 10_000;
/// The longest a token is remembered.
const TTL: Duration = Duration::from_secs(60);

#[derive(Clone)]
struct Known {
    principal: Arc<Principal>,
    expires_at: i64,
    /// When it was verified, by `BearerAuth::clock`.
    verified_at: Instant,
}

/// Verifies bearer tokens and turns them into principals.
pub struct BearerAuth {
    verifier: BearerVerifier,
    /// Keyed by the whole token. Hashed with foldhash rather than SipHash: tokens are long, and
    /// hashing them was a visible part of a cached read.
    known: Option<Cache<String, Known, RandomState>>,
    /// How long a token is remembered. The cache's own TTL (real time) bounds memory; this one,
    /// read from `clock`, is what a remembered token is judged by.
    ttl: Duration,
    clock: Clock,
}

impl BearerAuth {
    /// Over a verifier built from `settings`; `clock` tells when a remembered token expired.
    pub fn new(verifier: BearerVerifier, settings: &BearerSettings, clock: Clock) -> Self {
        let ttl = TTL.min(Duration::from_secs(settings.jwks_cache_ttl_secs));
        let known = (!ttl.is_zero()).then(|| {
            Cache::builder()
                .max_capacity(CAPACITY)
                .time_to_live(ttl)
                .build_with_hasher(RandomState::default())
        });
        BearerAuth {
            verifier,
            known,
            ttl,
            clock,
        }
    }

    /// The principal `token` speaks for.
    pub async fn principal(
        &self,
        token: &str,
        accounts: &SharedAccounts,
    ) -> Result<Arc<Principal>, BearerError> {
        let now = self.clock.unix_secs();
        if let Some(known) = &self.known {
            if let Some(hit) = known.get(token).await {
                if hit.expires_at > now && self.clock.elapsed(hit.verified_at) < self.ttl {
                    return Ok(hit.principal);
                }
                known.invalidate(token).await;
            }
        }
        // Boxed: verifying may fetch the JWKS, a large future that would otherwise be copied
        // into place on every call, remembered tokens included.
        Box::pin(self.verify(token, accounts)).await
    }

    /// Forgets every remembered token: the accounts changed, so their rights may have.
    pub fn forget_all(&self) {
        if let Some(known) = &self.known {
            known.invalidate_all();
        }
    }

    /// Verifies `token`, builds its principal and remembers it.
    async fn verify(
        &self,
        token: &str,
        accounts: &SharedAccounts,
    ) -> Result<Arc<Principal>, BearerError> {
        let verified = self.verifier.verify(token).await?;
        let identity = ExternalIdentity {
            issuer: verified.issuer,
            subject: verified.sub,
        };
        let principal = Arc::new(accounts.current().external_principal(
            &identity,
            &verified.subject,
            verified.display_name.as_deref(),
            AuthMethod::Bearer,
            &verified.authorities,
        ));
        if let Some(known) = &self.known {
            let entry = Known {
                principal: Arc::clone(&principal),
                expires_at: verified.expires_at,
                verified_at: self.clock.instant(),
            };
            known.insert(token.to_owned(), entry).await;
        }
        Ok(principal)
    }
}
