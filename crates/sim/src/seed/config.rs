//! The CIM configuration API's answers (§5): labels, translations, password policy, profile.

use serde_json::{Value, json};

use super::tables;

/// The full `GET /api/config` document; `fields` selects top-level sections from it.
pub(crate) fn cim_config() -> Value {
    let mut default = serde_json::Map::new();
    let mut nl = serde_json::Map::new();
    for (event_type, event_name, _, _) in tables::CIM_EVENT_TYPES {
        default.insert(format!("event.{event_type}"), (*event_name).into());
    }
    let (created_type, created_name) = tables::CIM_PERSON_CREATED;
    default.insert(format!("event.{created_type}"), created_name.into());
    for (key, text) in DUTCH {
        nl.insert((*key).to_owned(), (*text).into());
    }
    for (key, en, nl_text) in LABELS {
        default.insert((*key).to_owned(), (*en).into());
        nl.insert((*key).to_owned(), (*nl_text).into());
    }
    json!({
        "messages": { "default": default, "nl": nl },
        "password_policy": {
            "min_length": 8,
            "max_length": 128,
            "min_lowercase_characters": 1,
            "min_uppercase_characters": 1,
            "min_digits": 1,
            "min_special_characters": 0,
            "history_size": 5
        },
        "profile": {
            "gender_enabled": true,
            "date_of_birth_enabled": true,
            "phone_numbers_enabled": true,
            "addresses_enabled": true,
            "custom_attributes": ["customer_number", "segment", "newsletter"]
        }
    })
}

/// `GET /api/config/identity-providers`.
pub(crate) fn identity_providers() -> Value {
    json!({
        "result": [
            { "id": "google", "name": "Google", "type": "GOOGLE" },
            { "id": "idin", "name": "iDIN", "type": "IDIN" },
            { "id": "example-corp-saml", "name": "Example Corp (SAML)", "type": "SAML" },
            { "id": "username-password", "name": "Username & password", "type": "UNP" }
        ]
    })
}

const DUTCH: &[(&str, &str)] = &[
    (
        "event.person.SessionLoginSucceededEvent",
        "Sessie-login geslaagd",
    ),
    (
        "event.person.IdentityProviderLoginSucceededEvent",
        "Login via identiteitsprovider geslaagd",
    ),
    (
        "event.person.AuthenticationTokensRemovedEvent",
        "Authenticatietokens verwijderd",
    ),
    (
        "event.person.PersonAttributeVerifiedEvent",
        "Persoonsattribuut geverifieerd",
    ),
    (
        "event.person.AttributeVerificationFailedEvent",
        "Verificatie van attribuut mislukt",
    ),
    (
        "event.person.VerificationCodeCreatedEvent",
        "Verificatiecode aangemaakt",
    ),
    (
        "event.person.AttributesUpdatedEvent",
        "Attributen bijgewerkt",
    ),
    ("event.person.PersonCreatedEvent", "Persoon aangemaakt"),
];

const LABELS: &[(&str, &str, &str)] = &[
    ("gender.M", "Male", "Man"),
    ("gender.F", "Female", "Vrouw"),
    ("gender.U", "Unknown", "Onbekend"),
    (
        "custom_attribute.customer_number",
        "Customer number",
        "Klantnummer",
    ),
    ("custom_attribute.segment", "Segment", "Segment"),
    ("custom_attribute.newsletter", "Newsletter", "Nieuwsbrief"),
];
