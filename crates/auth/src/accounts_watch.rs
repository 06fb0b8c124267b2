//! Reading the accounts file again when it changes or on SIGHUP, so removing or downgrading an
//! agent takes effect on their next request, without a restart.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::accounts::Accounts;
use crate::service::AuthService;

/// Watches `path` for as long as the returned task runs: its content is compared every
/// `interval`, and read again at once on SIGHUP. A file that cannot be used is logged and the
/// accounts in force stay.
pub fn watch_accounts(
    auth: Arc<AuthService>,
    path: PathBuf,
    interval: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut seen = std::fs::read(&path).ok();
        let mut ticks = tokio::time::interval(interval);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut hangups = hangups();
        loop {
            let forced = tokio::select! {
                _ = ticks.tick() => false,
                Some(()) = next_hangup(&mut hangups) => true,
            };
            let now = std::fs::read(&path).ok();
            if !forced && now == seen {
                continue;
            }
            seen = now;
            match Accounts::load(&path) {
                Ok(accounts) => auth.reload_accounts(accounts),
                Err(error) => {
                    tracing::error!(error = %error, "the accounts file was not reloaded; the accounts in force stay");
                }
            }
        }
    })
}

#[cfg(unix)]
type Hangups = Option<tokio::signal::unix::Signal>;
#[cfg(not(unix))]
type Hangups = Option<()>;

#[cfg(unix)]
fn hangups() -> Hangups {
    use tokio::signal::unix::{SignalKind, signal};
    signal(SignalKind::hangup())
        .map_err(|error| tracing::warn!(error = %error, "SIGHUP cannot be watched"))
        .ok()
}

#[cfg(not(unix))]
fn hangups() -> Hangups {
    None
}

/// The next SIGHUP; never, when they cannot be watched.
async fn next_hangup(hangups: &mut Hangups) -> Option<()> {
    #[cfg(unix)]
    if let Some(signal) = hangups {
        return signal.recv().await;
    }
    let _ = hangups;
    std::future::pending().await
}
