//! Local agent accounts: a TOML file of agents (with Argon2id password hashes) and groups.
//!
//! ```toml
//! [[groups]]
//! name = "helpdesk-viewers"
//! permissions = ["USERS_READ", "EMAIL_ADDRESS", "DISPLAY_NAME"]
//!
//! [[agents]]
//! username = "ann"
//! display_name = "Ann Agent"
//! password_hash = "$argon2id$v=19$m=19456,t=2,p=1$..."   # `customer-service hash-password`
//! authorities = ["USERS_ALL"]
//! groups = []
//! ```

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;

use cs_api::AuthMethod;
use serde::{Deserialize, Serialize};

use crate::password::{HashingBusy, HashingPool, hash_password, is_valid_hash, verify_password};
use crate::principal::{AGENTS_READ, Principal, USERS_ALL, USERS_READ, is_known_permission};

/// Verified against when the username is unknown, so an unknown username costs the same work as
/// a wrong password. The hash of a random password nobody knows, with the parameters
/// `hash_password` uses; a constant, because hashing one at start holds Argon2's 19 MiB of
/// working memory before anyone logs in.
const DECOY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$QSqxiee80rV/mop5hUzG9w$4uBOVBHf7fiNmOOgeDw5Hi2vflXQauN8nu/tXHZoptw";

/// Passwords everyone knows: the demo's. `serve` refuses agents who have one.
const WELL_KNOWN_PASSWORDS: [&str; 1] = ["demo"];

/// One agent in the accounts file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentAccount {
    /// Login name.
    pub username: String,
    /// Name to show.
    pub display_name: String,
    /// Argon2id PHC hash; absent for agents who only sign in through SSO.
    #[serde(default)]
    pub password_hash: Option<String>,
    /// Authorities and permissions granted directly.
    #[serde(default)]
    pub authorities: Vec<String>,
    /// Groups the agent belongs to.
    #[serde(default)]
    pub groups: Vec<String>,
    /// Identities asserted elsewhere (a bearer token's or SSO provider's issuer and subject)
    /// that are this agent: only these get the agent's authorities and groups on top of their
    /// own claims.
    #[serde(default)]
    pub identities: Vec<ExternalIdentity>,
}

/// Who an issuer says a caller is: its `iss` and `sub`, compared exactly (case-sensitive).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExternalIdentity {
    /// The issuer (`iss`), e.g. `https://login.example.com`.
    pub issuer: String,
    /// The subject (`sub`) that issuer gives the agent.
    pub subject: String,
}

/// A named set of permissions.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// The group's name, referenced from agents (and from SSO and token authorities).
    pub name: String,
    /// What membership grants.
    pub permissions: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AccountsFile {
    #[serde(default)]
    agents: Vec<AgentAccount>,
    #[serde(default)]
    groups: Vec<Group>,
}

/// Why the accounts cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("agent accounts: {0}")]
pub struct AccountsError(String);

/// The known agents and groups.
#[derive(Debug, Clone)]
pub struct Accounts {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    agents: HashMap<String, AgentAccount>,
    groups: HashMap<String, Group>,
    /// Which agent (lower-case username) each external identity is.
    identities: HashMap<ExternalIdentity, String>,
}

impl Accounts {
    /// Reads and checks an accounts file.
    pub fn load(path: &Path) -> Result<Accounts, AccountsError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| AccountsError(format!("cannot read {}: {e}", path.display())))?;
        let file: AccountsFile =
            toml::from_str(&text).map_err(|e| AccountsError(format!("{}: {e}", path.display())))?;
        Accounts::new(file.agents, file.groups)
    }

    /// Checks and indexes agents and groups: unknown permissions, unknown groups, duplicate
    /// names and unreadable hashes are refused.
    pub fn new(agents: Vec<AgentAccount>, groups: Vec<Group>) -> Result<Accounts, AccountsError> {
        let mut group_index = HashMap::new();
        for group in groups {
            if let Some(bad) = group.permissions.iter().find(|p| !is_known_permission(p)) {
                return Err(AccountsError(format!(
                    "group {}: unknown permission {bad}",
                    group.name
                )));
            }
            if group_index.insert(group.name.clone(), group).is_some() {
                return Err(AccountsError("two groups have the same name".into()));
            }
        }
        let mut agent_index = HashMap::new();
        let mut identities = HashMap::new();
        for agent in agents {
            let name = &agent.username;
            if name.is_empty() || name.len() > 128 {
                return Err(AccountsError(
                    "a username is empty or longer than 128 characters".into(),
                ));
            }
            if let Some(bad) = agent.authorities.iter().find(|a| !is_known_permission(a)) {
                return Err(AccountsError(format!(
                    "agent {name}: unknown authority {bad}"
                )));
            }
            if let Some(bad) = agent.groups.iter().find(|g| !group_index.contains_key(*g)) {
                return Err(AccountsError(format!("agent {name}: unknown group {bad}")));
            }
            if agent
                .password_hash
                .as_deref()
                .is_some_and(|h| !is_valid_hash(h))
            {
                return Err(AccountsError(format!(
                    "agent {name}: password_hash is not a PHC hash (make one with `customer-service hash-password`)"
                )));
            }
            for identity in &agent.identities {
                if identity.issuer.is_empty() || identity.subject.is_empty() {
                    return Err(AccountsError(format!(
                        "agent {name}: an identity needs an issuer and a subject"
                    )));
                }
                if identities
                    .insert(identity.clone(), agent.username.to_lowercase())
                    .is_some()
                {
                    return Err(AccountsError(format!(
                        "two agents name the identity {} of {}",
                        identity.subject, identity.issuer
                    )));
                }
            }
            if agent_index
                .insert(agent.username.to_lowercase(), agent)
                .is_some()
            {
                return Err(AccountsError("two agents have the same username".into()));
            }
        }
        Ok(Accounts {
            inner: Arc::new(Inner {
                agents: agent_index,
                groups: group_index,
                identities,
            }),
        })
    }

    /// The demo's agents, all with password `demo`: `agent` (USERS_ALL), `viewer` (reads users
    /// without phone numbers and dates of birth, cannot delete) and `supervisor` (AGENTS_READ).
    pub fn demo() -> Result<Accounts, AccountsError> {
        let hash = hash_password("demo").map_err(|e| AccountsError(e.to_string()))?;
        let agent = |username: &str, display_name: &str, authorities: &[&str], groups: &[&str]| {
            AgentAccount {
                username: username.into(),
                display_name: display_name.into(),
                password_hash: Some(hash.clone()),
                authorities: authorities.iter().map(|a| (*a).to_owned()).collect(),
                groups: groups.iter().map(|g| (*g).to_owned()).collect(),
                identities: Vec::new(),
            }
        };
        let viewers = Group {
            name: "helpdesk-viewers".into(),
            permissions: [
                USERS_READ,
                "EMAIL_ADDRESS",
                "DISPLAY_NAME",
                "PREFERRED_LOCALE",
                "GENDER",
                "ADDRESSES",
            ]
            .map(str::to_owned)
            .to_vec(),
        };
        Accounts::new(
            vec![
                agent("agent", "Ann Agent", &[USERS_ALL], &[]),
                agent("viewer", "Vic Viewer", &[], &["helpdesk-viewers"]),
                agent("supervisor", "Sam Supervisor", &[AGENTS_READ], &[]),
            ],
            vec![viewers],
        )
    }

    /// The grants of these authorities, with group names replaced by the groups' permissions.
    /// Names that are neither known permissions nor groups are dropped (tokens and SSO claims
    /// may carry authorities of other systems).
    pub fn expand(&self, authorities: &[String]) -> BTreeSet<String> {
        let mut grants = BTreeSet::new();
        for authority in authorities {
            if let Some(group) = self.inner.groups.get(authority) {
                grants.extend(group.permissions.iter().cloned());
            } else if is_known_permission(authority) {
                grants.insert(authority.clone());
            }
        }
        grants
    }

    /// A principal for an identity asserted elsewhere (SSO, bearer token): its rights come from
    /// its own `authorities` (group names expanded). A local account adds its authorities and
    /// groups only when it names `identity` among its `identities`; a mere equal username does not.
    pub fn external_principal(
        &self,
        identity: &ExternalIdentity,
        username: &str,
        display_name: Option<&str>,
        method: AuthMethod,
        authorities: &[String],
    ) -> Principal {
        let mut all = authorities.to_vec();
        let linked = self
            .inner
            .identities
            .get(identity)
            .and_then(|agent| self.inner.agents.get(agent));
        if let Some(account) = linked {
            all.extend(account.authorities.iter().cloned());
            all.extend(account.groups.iter().cloned());
        }
        Principal {
            username: username.to_owned(),
            display_name: display_name
                .map(str::to_owned)
                .or_else(|| linked.map(|a| a.display_name.clone()))
                .unwrap_or_else(|| username.to_owned()),
            method,
            grants: self.expand(&all),
        }
    }

    /// The local agent `username` with their current rights; `None` when there is none (any more).
    pub fn local_principal(&self, username: &str, method: AuthMethod) -> Option<Principal> {
        let account = self.inner.agents.get(&username.to_lowercase())?;
        let mut authorities = account.authorities.clone();
        authorities.extend(account.groups.iter().cloned());
        Some(Principal {
            username: account.username.clone(),
            display_name: account.display_name.clone(),
            method,
            grants: self.expand(&authorities),
        })
    }

    /// The agent, when the username and password match a local account, checked in `pool`.
    /// Unknown usernames cost the same hashing work as wrong passwords, so timing does not tell
    /// which it was.
    pub async fn verify_password(
        &self,
        username: &str,
        password: &str,
        pool: &HashingPool,
    ) -> Result<Option<Principal>, HashingBusy> {
        let account = self.inner.agents.get(&username.to_lowercase());
        let hash = account
            .and_then(|a| a.password_hash.as_deref())
            .unwrap_or(DECOY_HASH);
        let matches = pool.verify(hash.to_owned(), password.to_owned()).await?;
        if !account.is_some_and(|a| matches && a.password_hash.is_some()) {
            return Ok(None);
        }
        Ok(self.local_principal(username, AuthMethod::Password))
    }

    /// The agents whose password is a well-known one (the demo's `demo`), by username. Checks
    /// one hash per agent: for the start, not for requests.
    pub fn with_well_known_password(&self) -> Vec<String> {
        let mut weak: Vec<String> = self
            .inner
            .agents
            .values()
            .filter(|agent| {
                agent.password_hash.as_deref().is_some_and(|hash| {
                    WELL_KNOWN_PASSWORDS
                        .iter()
                        .any(|password| verify_password(hash, password))
                })
            })
            .map(|agent| agent.username.clone())
            .collect();
        weak.sort();
        weak
    }

    /// Whether any local agent can log in with a password.
    pub fn has_password_logins(&self) -> bool {
        self.inner
            .agents
            .values()
            .any(|a| a.password_hash.is_some())
    }

    /// No local agents (logins only through SSO or tokens).
    pub fn empty() -> Result<Accounts, AccountsError> {
        Accounts::new(Vec::new(), Vec::new())
    }

    /// The display name and authorities of a local agent (for minting demo tokens).
    pub fn agent(&self, username: &str) -> Option<AgentAccount> {
        self.inner.agents.get(&username.to_lowercase()).cloned()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn the_decoy_hash_is_valid_and_has_the_parameters_of_new_hashes() {
        let fresh = hash_password("x").unwrap();
        let params = |hash: &str| hash.split('$').nth(3).unwrap_or_default().to_owned();
        assert!(is_valid_hash(DECOY_HASH));
        assert_eq!(
            params(DECOY_HASH),
            params(&fresh),
            "same cost as a real hash"
        );
    }

    #[tokio::test]
    async fn demo_agents_log_in_with_demo_and_get_their_permissions() {
        let accounts = Accounts::demo().unwrap();
        let pool = HashingPool::new(2, 2);
        let verify = |username: &'static str, password: &'static str| {
            let (accounts, pool) = (accounts.clone(), pool.clone());
            async move {
                accounts
                    .verify_password(username, password, &pool)
                    .await
                    .unwrap()
            }
        };

        let agent = verify("agent", "demo").await.unwrap();
        let viewer = verify("VIEWER", "demo").await.unwrap();

        assert!(agent.may_delete_devices());
        assert!(viewer.may_read_users() && !viewer.may_delete_devices());
        assert!(!viewer.field_access().phone_number && !viewer.field_access().date_of_birth);
        assert!(verify("agent", "wrong").await.is_none());
        assert!(verify("nobody", "demo").await.is_none());
    }

    #[test]
    fn agents_with_the_demo_password_are_named() {
        let mut accounts = vec![AgentAccount {
            username: "own".into(),
            display_name: "Own".into(),
            password_hash: Some(hash_password("a long password of its own").unwrap()),
            authorities: vec![],
            groups: vec![],
            identities: vec![],
        }];
        assert!(
            Accounts::new(accounts.clone(), vec![])
                .unwrap()
                .with_well_known_password()
                .is_empty()
        );
        accounts.push(AgentAccount {
            username: "weak".into(),
            password_hash: Some(hash_password("demo").unwrap()),
            ..accounts[0].clone()
        });
        assert_eq!(
            Accounts::new(accounts, vec![])
                .unwrap()
                .with_well_known_password(),
            ["weak"]
        );
    }

    #[test]
    fn bad_accounts_are_refused_with_a_reason() {
        let agent =
            |authorities: Vec<String>, groups: Vec<String>, hash: Option<String>| AgentAccount {
                username: "x".into(),
                display_name: "X".into(),
                password_hash: hash,
                authorities,
                groups,
                identities: Vec::new(),
            };
        for (agents, reason) in [
            (
                vec![agent(vec!["USERS_EVERYTHING".into()], vec![], None)],
                "unknown authority",
            ),
            (
                vec![agent(vec![], vec!["nope".into()], None)],
                "unknown group",
            ),
            (vec![agent(vec![], vec![], Some("plain".into()))], "PHC"),
            (
                vec![agent(vec![], vec![], None), agent(vec![], vec![], None)],
                "same username",
            ),
        ] {
            let error = Accounts::new(agents, vec![]).unwrap_err().to_string();
            assert!(error.contains(reason), "{error}");
        }
    }

    fn identity(issuer: &str, subject: &str) -> ExternalIdentity {
        ExternalIdentity {
            issuer: issuer.into(),
            subject: subject.into(),
        }
    }

    #[test]
    fn group_names_in_asserted_authorities_expand() {
        let accounts = Accounts::demo().unwrap();
        let p = accounts.external_principal(
            &identity("https://idp", "s-1"),
            "sso-user",
            Some("S"),
            AuthMethod::Oidc,
            &["helpdesk-viewers".into(), "SOMETHING_ELSE".into()],
        );
        assert!(p.may_read_users() && !p.may_delete_devices());
        assert!(!p.grants.contains("SOMETHING_ELSE"));
    }

    #[test]
    fn an_external_identity_gets_a_local_agents_rights_only_when_the_agent_names_it() {
        let mut ann = AgentAccount {
            username: "ann".into(),
            display_name: "Ann".into(),
            password_hash: None,
            authorities: vec![USERS_ALL.into(), AGENTS_READ.into()],
            groups: vec![],
            identities: vec![identity("https://idp", "s-ann")],
        };
        let accounts = Accounts::new(vec![ann.clone()], vec![]).unwrap();
        let principal = |issuer: &str, subject: &str, username: &str| {
            accounts.external_principal(
                &identity(issuer, subject),
                username,
                None,
                AuthMethod::Bearer,
                &[],
            )
        };

        for (issuer, subject, username) in [
            ("https://idp", "someone", "ann"),
            ("https://idp", "SOMEONE", "ANN"),
            ("https://idp", "S-ANN", "x"),
            ("https://other-idp", "s-ann", "x"),
        ] {
            let p = principal(issuer, subject, username);
            assert!(p.grants.is_empty(), "{issuer} {subject}: {:?}", p.grants);
        }
        let linked = principal("https://idp", "s-ann", "whoever");
        assert!(linked.may_read_users() && linked.may_read_audit());
        assert_eq!(linked.display_name, "Ann");

        ann.username = "bob".into();
        let twice = Accounts::new(
            vec![
                ann.clone(),
                AgentAccount {
                    username: "cid".into(),
                    ..ann
                },
            ],
            vec![],
        );
        assert!(
            twice
                .unwrap_err()
                .to_string()
                .contains("two agents name the identity")
        );
    }
}
