//! What a cookie session holds, and its idle and absolute timeouts.

use std::time::Duration;

use actix_session::Session;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cs_api::AuthMethod;
use cs_clock::Clock;
use rand::RngCore;
use serde::{Deserialize, Serialize};

use crate::accounts::ExternalIdentity;

/// Where the session keeps its agent. (Renamed from `principal` when rights stopped being
/// frozen in the session: a session of the older form reads as no session.)
const AGENT: &str = "agent";
const CSRF: &str = "csrf";
const CREATED: &str = "created";
const SEEN: &str = "seen";
/// How stale the last-seen time may get before a request writes it again: bounds the writes to
/// one a minute per session instead of one per request.
const SEEN_RESOLUTION_SECS: i64 = 60;

/// How long sessions live.
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    /// A session unused this long ends.
    pub idle_timeout: Duration,
    /// A session ends this long after login, however busy.
    pub absolute_timeout: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            idle_timeout: Duration::from_secs(30 * 60),
            absolute_timeout: Duration::from_secs(8 * 3600),
        }
    }
}

/// Who a cookie session is of, as they logged in. Only who they are is kept: their rights are
/// read from the current accounts on every request, so a removed or downgraded agent loses
/// them at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionAgent {
    /// Username.
    pub username: String,
    /// Name to show, as known at login.
    pub display_name: String,
    /// How they authenticated.
    pub method: AuthMethod,
    /// For single sign-on: who the provider says this is.
    pub external: Option<ExternalIdentity>,
    /// For single sign-on: the authorities the provider asserted.
    pub authorities: Vec<String>,
}

/// The state of the request's cookie session.
#[derive(Debug)]
pub enum SessionStatus<A> {
    /// No one is logged in.
    Anonymous,
    /// Logged in.
    Active {
        /// Who.
        agent: A,
        /// The session's CSRF token.
        csrf_token: String,
        /// When the session ends at the latest (epoch seconds).
        expires_at: i64,
    },
    /// The session timed out and was ended now.
    Expired,
}

/// The session store could not be read or written.
#[derive(Debug, thiserror::Error)]
#[error("session storage failed: {0}")]
pub struct SessionError(String);

fn secs(duration: Duration) -> i64 {
    i64::try_from(duration.as_secs()).unwrap_or(i64::MAX)
}

/// A fresh random token (256 bits, URL-safe).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A session just started.
#[derive(Debug, Clone)]
pub struct Started {
    /// Its CSRF token, for the `XSRF-TOKEN` cookie.
    pub csrf_token: String,
    /// When it ends at the latest (epoch seconds).
    pub expires_at: i64,
}

/// Logs `agent` in: a new session id (the old one, if any, is dropped) holding the agent and a
/// new CSRF token. The session starts at the time `clock` tells.
pub fn start(
    session: &Session,
    agent: &SessionAgent,
    policy: &SessionPolicy,
    clock: &Clock,
) -> Result<Started, SessionError> {
    let error = |e: actix_session::SessionInsertError| SessionError(e.to_string());
    session.renew();
    session.clear();
    let token = random_token();
    let now = clock.unix_secs();
    session.insert(AGENT, agent).map_err(error)?;
    session.insert(CSRF, &token).map_err(error)?;
    session.insert(CREATED, now).map_err(error)?;
    session.insert(SEEN, now).map_err(error)?;
    Ok(Started {
        csrf_token: token,
        expires_at: now.saturating_add(secs(policy.absolute_timeout)),
    })
}

/// The request's session, ending it when it timed out by the time `clock` tells.
pub fn current(
    session: &Session,
    policy: &SessionPolicy,
    clock: &Clock,
) -> Result<SessionStatus<SessionAgent>, SessionError> {
    let get = |e: actix_session::SessionGetError| SessionError(e.to_string());
    let Some(agent) = session.get::<SessionAgent>(AGENT).map_err(get)? else {
        return Ok(SessionStatus::Anonymous);
    };
    let (Some(csrf_token), Some(created), Some(seen)) = (
        session.get::<String>(CSRF).map_err(get)?,
        session.get::<i64>(CREATED).map_err(get)?,
        session.get::<i64>(SEEN).map_err(get)?,
    ) else {
        session.purge();
        return Ok(SessionStatus::Expired);
    };
    let now = clock.unix_secs();
    let expires_at = created.saturating_add(secs(policy.absolute_timeout));
    if now >= expires_at || now.saturating_sub(seen) >= secs(policy.idle_timeout) {
        session.purge();
        return Ok(SessionStatus::Expired);
    }
    if now - seen >= SEEN_RESOLUTION_SECS {
        session
            .insert(SEEN, now)
            .map_err(|e| SessionError(e.to_string()))?;
    }
    Ok(SessionStatus::Active {
        agent,
        csrf_token,
        expires_at,
    })
}

/// Logs out: the session is deleted from the store, so its cookie is worthless from now on.
pub fn end(session: &Session) {
    session.purge();
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    use actix_session::SessionExt as _;
    use cs_clock::ManualClock;

    const MINUTE: Duration = Duration::from_secs(60);

    fn agent() -> SessionAgent {
        SessionAgent {
            username: "ann".into(),
            display_name: "Ann".into(),
            method: AuthMethod::Password,
            external: None,
            authorities: Vec::new(),
        }
    }

    /// A session, kept in a request's extensions as the middleware would, and the manual
    /// clock it was started by.
    struct Running {
        session: Session,
        policy: SessionPolicy,
        clock: Clock,
        time: ManualClock,
    }

    impl Running {
        fn now(idle_minutes: u32, absolute_minutes: u32) -> Running {
            let policy = SessionPolicy {
                idle_timeout: idle_minutes * MINUTE,
                absolute_timeout: absolute_minutes * MINUTE,
            };
            let (clock, time) = Clock::manual();
            let session = actix_web::test::TestRequest::default()
                .to_srv_request()
                .get_session();
            let started = start(&session, &agent(), &policy, &clock).unwrap();
            assert_eq!(
                started.expires_at,
                clock.unix_secs() + i64::from(absolute_minutes) * 60
            );
            Running {
                session,
                policy,
                clock,
                time,
            }
        }

        fn status(&self) -> SessionStatus<SessionAgent> {
            current(&self.session, &self.policy, &self.clock).unwrap()
        }

        fn is_active(&self) -> bool {
            matches!(self.status(), SessionStatus::Active { .. })
        }
    }

    #[test]
    fn a_session_unused_for_the_idle_timeout_ends() {
        let s = Running::now(30, 480);

        s.time.advance(29 * MINUTE);
        assert!(s.is_active(), "used within the idle timeout");
        s.time.advance(29 * MINUTE);
        assert!(s.is_active(), "each use starts the idle time again");
        s.time.advance(30 * MINUTE);
        assert!(matches!(s.status(), SessionStatus::Expired));
        assert!(matches!(s.status(), SessionStatus::Anonymous), "and gone");
    }

    #[test]
    fn a_busy_session_ends_at_the_absolute_timeout() {
        let s = Running::now(30, 60);
        let login = s.clock.unix_secs();

        for _ in 0..5 {
            s.time.advance(10 * MINUTE);
            assert!(s.is_active());
        }
        let SessionStatus::Active { expires_at, .. } = s.status() else {
            panic!("still active")
        };
        assert_eq!(expires_at, login + 3600);
        s.time.advance(10 * MINUTE);
        assert!(matches!(s.status(), SessionStatus::Expired));
    }

    #[test]
    fn tokens_are_random() {
        let (a, b) = (random_token(), random_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
    }
}
