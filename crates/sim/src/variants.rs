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
