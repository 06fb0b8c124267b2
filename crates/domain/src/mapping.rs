//! From upstream records to our wire types, with field access applied.

use cs_api::{
    Device, DeviceAction, Email, Event, EventSource, MobileAuthentication, Person, PersonName,
    Phone, Platform, UserSummary,
};
use cs_upstream as up;
use time::OffsetDateTime;

use crate::access::{CustomAttributeAccess, FieldAccess};

/// An epoch-millisecond instant, or `None` when it is outside what a date can hold.
pub(crate) fn from_epoch_ms(ms: i64) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok()
}

/// The name to show for a person: CIM's display name, or first and last name joined.
fn display_name(person: &up::Person) -> Option<String> {
    let name = person.name.as_ref()?;
    if let Some(display) = name
        .display_name
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        return Some(display.to_owned());
    }
    let joined = [name.first_name.as_deref(), name.last_name.as_deref()]
        .into_iter()
        .flatten()
        .filter(|part| !part.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (!joined.is_empty()).then_some(joined)
}

/// The person as this agent may see it.
pub(crate) fn person(person: &up::Person, access: &FieldAccess) -> Person {
    let mut emails: Vec<Email> = person
        .email_addresses
        .iter()
        .map(|e| Email {
            value: e.value.clone(),
            primary: e.primary,
            verified: e.verified,
        })
        .collect();
    emails.sort_by_key(|e| !e.primary);
    let mut phones: Vec<Phone> = person
        .phone_numbers
        .iter()
        .map(|p| Phone {
            value: p.value.clone(),
            primary: p.primary,
            verified: p.verified,
            tag: p.tag.clone(),
        })
        .collect();
    phones.sort_by_key(|p| !p.primary);
    let name = person.name.as_ref().map(|n| PersonName {
        first_name: n.first_name.clone(),
        last_name: n.last_name.clone(),
        initials: n.initials.clone(),
    });
    Person {
        person_id: person.person_id.clone(),
        display_name: access.display_name.then(|| display_name(person)).flatten(),
        name: access.display_name.then_some(name).flatten(),
        emails: access.email_address.then_some(emails),
        phones: access.phone_number.then_some(phones),
        date_of_birth: access
            .date_of_birth
            .then(|| person.date_of_birth.clone())
            .flatten(),
        locale: access
            .preferred_locale
            .then(|| person.preferred_locale.clone())
            .flatten(),
        gender: access.gender.then(|| person.gender.clone()).flatten(),
        addresses: access.addresses.then(|| match &person.addresses {
            serde_json::Value::Null => serde_json::Value::Array(Vec::new()),
            other => other.clone(),
        }),
        custom_attributes: custom_attributes(&person.custom_attributes, access),
    }
}

/// The custom attributes this agent may read. CIM's are opaque: an object is filtered by
/// attribute name; anything else (a list, a scalar) cannot be, so only an agent who may read every
/// custom attribute sees it, as it is.
fn custom_attributes(attributes: &serde_json::Value, access: &FieldAccess) -> serde_json::Value {
    match attributes {
        serde_json::Value::Object(map) => serde_json::Value::Object(
            map.iter()
                .filter(|(name, _)| access.may_read_custom_attribute(name))
                .map(|(name, value)| (name.clone(), value.clone()))
                .collect(),
        ),
        serde_json::Value::Null => serde_json::Value::Object(serde_json::Map::new()),
        other if access.custom_attributes == CustomAttributeAccess::All => other.clone(),
        _ => serde_json::Value::Object(serde_json::Map::new()),
    }
}

/// One search hit as this agent may see it.
pub(crate) fn summary(
    person: &up::Person,
    device_count: Option<usize>,
    access: &FieldAccess,
) -> UserSummary {
    let primary_email = person
        .email_addresses
        .iter()
        .find(|e| e.primary)
        .or_else(|| person.email_addresses.first())
        .map(|e| e.value.clone());
    UserSummary {
        person_id: person.person_id.clone(),
        display_name: access.display_name.then(|| display_name(person)).flatten(),
        primary_email: access.email_address.then_some(primary_email).flatten(),
        device_count: device_count.map(|n| u32::try_from(n).unwrap_or(u32::MAX)),
    }
}

/// A Token Server device as the agent sees it.
pub(crate) fn device(device: &up::Device) -> Device {
    Device {
        id: device.id.clone(),
        name: device.name.clone(),
        application: device.application.clone(),
        platform: match device.platform {
            up::Platform::Android => Platform::Android,
            up::Platform::Ios => Platform::Ios,
            up::Platform::Other(_) => Platform::Other,
        },
        platform_name: match &device.platform {
            up::Platform::Other(name) if !name.trim().is_empty() => Some(name.clone()),
            _ => None,
        },
        os_version: device.os_version.clone().filter(|v| !v.is_empty()),
        model: device.model.clone().filter(|m| !m.is_empty()),
        created_at: device.created_at.and_then(from_epoch_ms),
        last_used_at: device.last_login.and_then(from_epoch_ms),
        token_types: device.token_types.clone(),
        mobile_authentication: MobileAuthentication::from_flags(
            device.mobile_authentication_enabled,
            device.push_authentication_enabled,
        ),
        available_actions: available_actions(device),
    }
}

/// What an agent could still change on `device`: only what is there to take away.
fn available_actions(device: &up::Device) -> Vec<DeviceAction> {
    DeviceAction::ALL
        .into_iter()
        .filter(|action| match action {
            DeviceAction::DisablePush => device.push_authentication_enabled,
            DeviceAction::DisableMobileAuthentication => {
                device.mobile_authentication_enabled || device.push_authentication_enabled
            }
            DeviceAction::DisableFingerprint => {
                device.token_types.iter().any(|t| t == FINGERPRINT_TOKEN)
            }
        })
        .collect()
}

/// The token type of a fingerprint registration.
const FINGERPRINT_TOKEN: &str = "FINGER_PRINT";

/// Devices as the agent sees them, most recently used first.
pub(crate) fn devices(devices: &[up::Device]) -> Vec<Device> {
    let mut mapped: Vec<Device> = devices.iter().map(device).collect();
    // `None` sorts first in ascending order, so reversing puts unknown last-use times last.
    mapped.sort_by(|a, b| {
        b.last_used_at
            .cmp(&a.last_used_at)
            .then_with(|| a.id.cmp(&b.id))
    });
    mapped
}

/// Makes a readable name out of an event type when the upstream gave none:
/// `person.SessionLoginSucceededEvent` becomes "Session login succeeded",
/// `API_DEVICE_REMOVED` becomes "Api device removed".
pub(crate) fn humanize_event_type(event_type: &str) -> String {
    let base = event_type.rsplit('.').next().unwrap_or(event_type);
    let base = base.strip_suffix("Event").unwrap_or(base);
    let mut words: Vec<String> = Vec::new();
    if base.contains('_') || base.chars().all(|c| !c.is_lowercase()) {
        words.extend(
            base.split('_')
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase),
        );
    } else {
        let mut current = String::new();
        for c in base.chars() {
            if c.is_uppercase() && !current.is_empty() {
                words.push(std::mem::take(&mut current).to_lowercase());
            }
            current.push(c);
        }
        if !current.is_empty() {
            words.push(current.to_lowercase());
        }
    }
    let sentence = words.join(" ");
    let mut chars = sentence.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => event_type.to_owned(),
    }
}

fn non_empty(value: &Option<String>) -> Option<String> {
    value.as_ref().filter(|v| !v.trim().is_empty()).cloned()
}

/// A Token Server event on the timeline; `None` when its time is unusable.
pub(crate) fn token_server_event(event: &up::TsEvent) -> Option<Event> {
    Some(Event {
        id: event.event_identifier.clone(),
        source: EventSource::TokenServer,
        event_type: event.event_type.clone(),
        name: non_empty(&event.event_name)
            .unwrap_or_else(|| humanize_event_type(&event.event_type)),
        occurred_at: from_epoch_ms(event.occurred)?,
        application: non_empty(&event.app_name),
        client_ip: non_empty(&event.client_ip),
        user_agent: non_empty(&event.user_agent),
        actor: non_empty(&event.event_agent_user),
    })
}

/// A CIM event on the timeline; `None` when its time is unusable.
pub(crate) fn cim_event(event: &up::CimEvent) -> Option<Event> {
    Some(Event {
        id: event.event_identifier.clone(),
        source: EventSource::Cim,
        event_type: event.event_type.clone(),
        name: non_empty(&event.event_name)
            .unwrap_or_else(|| humanize_event_type(&event.event_type)),
        occurred_at: from_epoch_ms(event.occurred)?,
        application: None,
        client_ip: non_empty(&event.client_ip),
        user_agent: non_empty(&event.user_agent),
        actor: non_empty(&event.event_agent_user),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_types_become_readable_names() {
        assert_eq!(
            humanize_event_type("person.SessionLoginSucceededEvent"),
            "Session login succeeded"
        );
        assert_eq!(
            humanize_event_type("API_DEVICE_REMOVED"),
            "Api device removed"
        );
        assert_eq!(
            humanize_event_type("AttributesUpdatedEvent"),
            "Attributes updated"
        );
        assert_eq!(humanize_event_type(""), "");
    }

    #[test]
    fn epoch_milliseconds_out_of_range_are_unknown_not_a_panic() {
        assert!(from_epoch_ms(i64::MAX).is_none());
        assert_eq!(
            from_epoch_ms(1_712_000_000_000).map(|t| t.unix_timestamp()),
            Some(1_712_000_000)
        );
    }

    fn upstream_person(addresses: serde_json::Value, attributes: serde_json::Value) -> up::Person {
        serde_json::from_value(serde_json::json!({
            "person_id": "p1", "addresses": addresses, "custom_attributes": attributes
        }))
        .unwrap_or_else(|e| panic!("{e}"))
    }

    fn only(names: &[&str]) -> FieldAccess {
        FieldAccess {
            custom_attributes: CustomAttributeAccess::Only(
                names.iter().map(|n| (*n).to_owned()).collect(),
            ),
            ..FieldAccess::all()
        }
    }

    #[test]
    fn custom_attributes_of_any_shape_are_shown_as_they_are_to_whom_may_read_them() {
        use serde_json::json;
        let object = upstream_person(json!(null), json!({"loyalty": "gold", "risk": "low"}));
        assert_eq!(
            person(&object, &only(&["loyalty"])).custom_attributes,
            json!({"loyalty": "gold"})
        );
        let list = upstream_person(json!({"home": "Main 1"}), json!([{"loyalty": "gold"}]));
        let all = person(&list, &FieldAccess::all());
        assert_eq!(all.custom_attributes, json!([{"loyalty": "gold"}]));
        assert_eq!(all.addresses, Some(json!({"home": "Main 1"})));
        assert_eq!(
            person(&list, &only(&["loyalty"])).custom_attributes,
            json!({}),
            "a list cannot be filtered by name: only agents who may read all see it"
        );
        let absent = upstream_person(json!(null), json!(null));
        assert_eq!(
            person(&absent, &FieldAccess::all()).addresses,
            Some(json!([]))
        );
    }

    #[test]
    fn a_platform_we_do_not_know_keeps_its_name() {
        let windows: up::Device = serde_json::from_value(serde_json::json!({
            "id": "d1", "platform": "windows"
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        let mapped = device(&windows);
        assert_eq!(mapped.platform, Platform::Other);
        assert_eq!(mapped.platform_name.as_deref(), Some("windows"));
        let android: up::Device =
            serde_json::from_value(serde_json::json!({"id": "d2", "platform": "ANDROID"}))
                .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(device(&android).platform_name, None);
    }
}
