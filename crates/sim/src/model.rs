//! The simulated data, serialized exactly as the vendor APIs answer it (ONEGINI-APIS.md §1–§4).

use std::borrow::Cow;

use serde::Serialize;
use serde_json::{Map, Value};

/// A CIM person (§3), snake_case on the wire.
#[derive(Clone, Debug, Serialize)]
pub struct Person {
    /// The person id; also the Token Server `userId`.
    pub person_id: String,
    /// `M`, `F` or `U`.
    pub gender: &'static str,
    /// The person's name parts.
    pub name: PersonName,
    /// `YYYY-MM-DD`; absent for a few persons.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    /// E-mail addresses; the first is primary.
    pub email_addresses: Vec<EmailAddress>,
    /// Phone numbers.
    pub phone_numbers: Vec<PhoneNumber>,
    /// Postal addresses, opaque JSON objects.
    pub addresses: Vec<Value>,
    /// e.g. `nl_NL`.
    pub preferred_locale: &'static str,
    /// Free-form attributes, opaque JSON.
    pub custom_attributes: Map<String, Value>,
}

/// The `name` object of a person.
#[derive(Clone, Debug, Serialize)]
pub struct PersonName {
    /// Given name.
    pub first_name: String,
    /// Family name, with any prefix (`van den Berg`).
    pub last_name: String,
    /// e.g. `J.`.
    pub initials: String,
    /// What the person is called in lists; may hold emoji.
    pub display_name: String,
}

/// One e-mail address of a person.
#[derive(Clone, Debug, Serialize)]
pub struct EmailAddress {
    /// Whether this is the primary address.
    pub primary: bool,
    /// Whether the address was verified.
    pub verified: bool,
    /// The address, in the case the person typed it.
    pub value: String,
}

/// One phone number of a person.
#[derive(Clone, Debug, Serialize)]
pub struct PhoneNumber {
    /// Whether this is the primary number.
    pub primary: bool,
    /// Whether the number was verified.
    pub verified: bool,
    /// `MOBILE` or `HOME`.
    pub tag: &'static str,
    /// e.g. `+31 6 12345678`.
    pub value: String,
}

/// A Token Server device (§1, v4), camelCase on the wire.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Device {
    /// 64 lowercase hex characters, or a UUID for older records.
    pub id: String,
    /// Name the end user gave the device.
    pub name: String,
    /// The mobile app.
    pub application: &'static str,
    /// `android` / `ios`, or `ANDROID` in old records (`windows` with
    /// [`crate::SimSettings::windows_devices_percent`]).
    pub platform: &'static str,
    /// e.g. `17.4`; absent on some records.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os_version: Option<String>,
    /// e.g. `iPhone XR`; absent on some records.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<&'static str>,
    /// Registration time, epoch ms; absent on old records.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<i64>,
    /// Last login, epoch ms.
    pub last_login: i64,
    /// e.g. `DEFAULT`, `FINGER_PRINT`.
    pub token_types: Vec<&'static str>,
    /// Enrolled for mobile authentication.
    pub mobile_authentication_enabled: bool,
    /// Enrolled for push.
    pub push_authentication_enabled: bool,
}

/// A Token Server event (§2), snake_case on the wire.
#[derive(Clone, Debug, Serialize)]
pub struct TsEvent {
    /// A UUID.
    pub event_identifier: String,
    /// e.g. `API_DEVICE_REMOVED`.
    pub event_type: &'static str,
    /// e.g. `Api device removed`.
    pub event_name: &'static str,
    /// The OAuth client id of the app involved.
    pub client_id: Option<&'static str>,
    /// The app involved.
    pub app_name: Option<&'static str>,
    /// e.g. `ONEGINI_6a1c...`.
    pub transaction_id: String,
    /// The user (a CIM person id).
    pub user_id: String,
    /// Caller address.
    pub client_ip: String,
    /// Caller user agent.
    pub user_agent: Cow<'static, str>,
    /// The API client that acted for the user, on API events only.
    pub event_agent_user: Option<String>,
    /// Epoch ms.
    pub occurred: i64,
}

/// A CIM event (§4), snake_case on the wire.
#[derive(Clone, Debug, Serialize)]
pub struct CimEvent {
    /// A UUID.
    pub event_identifier: String,
    /// The person the event is about.
    pub person_id: String,
    /// Epoch ms.
    pub occurred: i64,
    /// e.g. `person.SessionLoginSucceededEvent`.
    pub event_type: &'static str,
    /// e.g. `Session login succeeded`.
    pub event_name: &'static str,
    /// Caller address.
    pub client_ip: String,
    /// Caller user agent.
    pub user_agent: &'static str,
    /// The persons partition, where partitioning is on.
    pub partition_id: Option<&'static str>,
    /// The agent that acted for the person, if any.
    pub event_agent_user: Option<&'static str>,
    /// Why it happened, for failures and removals.
    pub reason: Option<&'static str>,
    /// Who acted (the person or the agent); the `actor` query matches it. Not on the wire.
    #[serde(skip)]
    pub actor: String,
}

/// A short description of a person, for tests, demos and `GET /_sim/persons`.
///
/// Serialized camelCase: `{"id","displayName","emails","devices"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonSummary {
    /// The person id (= Token Server user id).
    pub id: String,
    /// The display name.
    pub display_name: String,
    /// All e-mail addresses, primary first, in their stored case.
    pub emails: Vec<String>,
    /// How many devices the person has now.
    pub devices: usize,
}
