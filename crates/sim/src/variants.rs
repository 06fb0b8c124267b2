//! Where the vendor's products differ between versions or the documentation leaves a choice,
//! the simulator can answer each way, so that tests can check a client against every variant
//! (ONEGINI-APIS.md). The defaults are the simulator's original behaviour.

use clap::ValueEnum;

/// What `POST /api/migration/status` answers for an address nobody has. The documentation
/// only says that a missing or empty `person_id` means no person \[INFERRED\], so each shape a
/// CIM plausibly sends can be chosen; `status` is `NOT_FOUND` in all of them \[OURS\].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum MigrationNotFound {
    /// `{"status":"NOT_FOUND"}`: no `person_id` at all.
    #[default]
    Absent,
    /// `{"status":"NOT_FOUND","person_id":null}`.
    Null,
    /// `{"status":"NOT_FOUND","person_id":""}`.
    Empty,
}

impl MigrationNotFound {
    /// The flag value, e.g. `absent`.
    pub const fn as_str(self) -> &'static str {
        match self {
            MigrationNotFound::Absent => "absent",
            MigrationNotFound::Null => "null",
            MigrationNotFound::Empty => "empty",
        }
    }
}

/// Which spelling of the user parameter `GET /api/events` accepts (ONEGINI-APIS.md §4: current
/// CIM versions take `userId`, older ones `user_id`). A request with only the other spelling
/// (and no `actor`) gets 400 `{"error_code":4004,"error_message":"Both user ID and actor ID are
/// missing"}`, as the CIM answers for a parameter it does not know.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum CimEventsUserParam {
    /// `userId` or `user_id` (`userId` wins when both are given).
    #[default]
    Both,
    /// Only `user_id`, as older CIM versions.
    UserIdOnly,
    /// Only `userId`, as current CIM versions.
    CamelOnly,
}

impl CimEventsUserParam {
    /// The flag value, e.g. `user_id_only`.
    pub const fn as_str(self) -> &'static str {
        match self {
            CimEventsUserParam::Both => "both",
            CimEventsUserParam::UserIdOnly => "user_id_only",
            CimEventsUserParam::CamelOnly => "camel_only",
        }
    }

    /// The query keys accepted, in order of preference.
    pub(crate) const fn keys(self) -> &'static [&'static str] {
        match self {
            CimEventsUserParam::Both => &["userId", "user_id"],
            CimEventsUserParam::UserIdOnly => &["user_id"],
            CimEventsUserParam::CamelOnly => &["userId"],
        }
    }
}

/// The order events are answered in. The CIM does not document the order of its `resultSet`
/// (ONEGINI-APIS.md §4); the Token Server documents newest first (§2). Pages stay consistent in
/// every order: an event keeps its place from one request to the next.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum EventOrder {
    /// Newest first (by `occurred`, then by identifier).
    #[default]
    NewestFirst,
    /// Oldest first.
    OldestFirst,
    /// A pseudo-random order that depends only on the seed and each event's identifier.
    Shuffled,
}

impl EventOrder {
    /// The flag value, e.g. `oldest_first`.
    pub const fn as_str(self) -> &'static str {
        match self {
            EventOrder::NewestFirst => "newest_first",
            EventOrder::OldestFirst => "oldest_first",
            EventOrder::Shuffled => "shuffled",
        }
    }
}
