//! End users: search results and the profile.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::device::Device;
use crate::event::Event;
use crate::source::Unavailable;

/// One end user matching a search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({
    "personId": "8a742ac4-fabd-4580-924c-0281777e3d39",
    "displayName": "Joe Doe",
    "primaryEmail": "joe.doe@example.com",
    "deviceCount": 3
}))]
pub struct UserSummary {
    /// The CIM person id, also the Token Server's user id.
    pub person_id: String,
    /// The display name, when the agent may read it and the person has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// The primary e-mail address, when the agent may read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_email: Option<String>,
    /// How many devices the user registered; absent when the Token Server could not be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_count: Option<u32>,
}

/// The end users whose e-mail address matches a search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserSearchResults {
    /// The matches; empty when nobody has that address.
    pub users: Vec<UserSummary>,
    /// Sources that could not be read (device counts are missing when the Token Server is).
    pub unavailable: Vec<Unavailable>,
}

/// The parts of a person's name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PersonName {
    /// First name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Initials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initials: Option<String>,
}

/// An e-mail address of a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Email {
    /// The address.
    pub value: String,
    /// Whether it is the person's primary address.
    pub primary: bool,
    /// Whether the person verified it.
    pub verified: bool,
}

/// A phone number of a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Phone {
    /// The number as CIM holds it.
    pub value: String,
    /// Whether it is the person's primary number.
    pub primary: bool,
    /// Whether the person verified it.
    pub verified: bool,
    /// CIM's tag for the number, such as `MOBILE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
}

/// A person, as far as the agent may read it: a field the agent has no permission for is absent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({
    "personId": "8a742ac4-fabd-4580-924c-0281777e3d39",
    "displayName": "Joe Doe",
    "name": {"firstName": "Joe", "lastName": "Doe", "initials": "J."},
    "emails": [{"value": "joe.doe@example.com", "primary": true, "verified": true}],
    "phones": [{"value": "+31 6 12345678", "primary": true, "verified": true, "tag": "MOBILE"}],
    "dateOfBirth": "1990-01-31",
    "locale": "en_US",
    "gender": "M",
    "customAttributes": {}
}))]
pub struct Person {
    /// The CIM person id, also the Token Server's user id.
    pub person_id: String,
    /// The display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// The parts of the name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<PersonName>,
    /// E-mail addresses, primary first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emails: Option<Vec<Email>>,
    /// Phone numbers, primary first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phones: Option<Vec<Phone>>,
    /// Date of birth as `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    /// Preferred locale, such as `nl_NL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Gender as CIM records it: `M`, `F`, `U` (unknown) or another code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// Postal addresses, as CIM holds them: opaque JSON (usually a list of objects).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addresses: Option<serde_json::Value>,
    /// Custom attributes the agent may read: an object by name; where CIM holds them as
    /// something else (a list, a scalar), that value as it is, for agents who may read every
    /// custom attribute.
    pub custom_attributes: serde_json::Value,
}

/// Everything an agent needs about one end user on one screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserProfile {
    /// The person's fields the agent may read.
    pub person: Person,
    /// The registered devices, most recently used first; empty when the Token Server could not
    /// be read (see `unavailable`).
    pub devices: Vec<Device>,
    /// The latest events of both products, newest first.
    pub events: Vec<Event>,
    /// Pass this as `before` to the events endpoint for older events; absent when there are none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_events_before: Option<String>,
    /// Sources that could not be read: their part of the profile is missing.
    pub unavailable: Vec<Unavailable>,
}
