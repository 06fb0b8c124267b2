//! The agents who can sign in at the provider: the demo's three, all with password `demo`, and
//! the same authorities as Customer Service's demo accounts.

use subtle::ConstantTimeEq;

/// A seeded agent.
#[derive(Debug)]
pub(crate) struct SimAgent {
    /// Login name, the ID token's `sub` and `preferred_username`.
    pub(crate) username: &'static str,
    /// The ID token's `name`.
    pub(crate) display_name: &'static str,
    /// The ID token's `authorities`.
    pub(crate) authorities: &'static [&'static str],
}

/// The password of every seeded agent.
pub(crate) const PASSWORD: &str = "demo";

/// `agent` (all rights), `viewer` (read only, through a group) and `supervisor` (audit trail).
pub(crate) const AGENTS: [SimAgent; 3] = [
    SimAgent {
        username: "agent",
        display_name: "Ann Agent",
        authorities: &["USERS_ALL"],
    },
    SimAgent {
        username: "viewer",
        display_name: "Vic Viewer",
        authorities: &["helpdesk-viewers"],
    },
    SimAgent {
        username: "supervisor",
        display_name: "Sam Supervisor",
        authorities: &["AGENTS_READ"],
    },
];

/// The agent, when the username (any case) and password match.
pub(crate) fn authenticate(username: &str, password: &str) -> Option<&'static SimAgent> {
    let password_ok = bool::from(password.as_bytes().ct_eq(PASSWORD.as_bytes()));
    AGENTS
        .iter()
        .find(|a| a.username.eq_ignore_ascii_case(username.trim()))
        .filter(|_| password_ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_agents_sign_in_with_demo_only() {
        assert_eq!(
            authenticate("Agent", "demo").map(|a| a.username),
            Some("agent")
        );
        assert!(authenticate("agent", "Demo").is_none());
        assert!(authenticate("nobody", "demo").is_none());
    }
}
