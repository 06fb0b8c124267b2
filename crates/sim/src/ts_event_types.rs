//! The Token Server event types the simulator records at run time, as `(event_type,
//! event_name)` pairs.
//!
//! Types the vendor documents are marked \[DOC\] (ONEGINI-APIS.md §2). The vendor documents no
//! event for some changes the end-user API makes; for those the Token Server surely writes
//! something down, so we record a type of our own, named like the documented ones (an `API_`
//! or `ADMIN_` prefix for a back office acting, the event name the type in sentence case)
//! and marked \[OURS\]. A client must show any event type, so a real name that differs only
//! changes a label.
//!
//! Seeded histories draw from `seed::tables::TS_EVENT_TYPES` instead; the \[OURS\] types are
//! kept out of it, so that the seeded data stays what it was.

/// An event type and its display name.
pub(crate) type EventType = (&'static str, &'static str);

/// \[DOC\] A device was deregistered through the end-user API.
pub(crate) const API_DEVICE_REMOVED: EventType = ("API_DEVICE_REMOVED", "Api device removed");

/// \[DOC\] A back office dropped a device's push token (`disablePushAuthentication`).
pub(crate) const ADMIN_PUSH_ENROLLMENT_REVOKED: EventType = (
    "ADMIN_PUSH_ENROLLMENT_REVOKED",
    "Admin push enrollment revoked",
);

/// \[OURS\] A back office withdrew a device from mobile authentication
/// (`disableMobileAuthentication`); the vendor does not document the event.
pub(crate) const ADMIN_MOBILE_AUTHENTICATION_REVOKED: EventType = (
    "ADMIN_MOBILE_AUTHENTICATION_REVOKED",
    "Admin mobile authentication revoked",
);

/// \[OURS\] A back office revoked a device's fingerprint token (`disableFingerprint`); the
/// vendor does not document the event.
pub(crate) const API_FINGERPRINT_TOKEN_REVOKED: EventType = (
    "API_FINGERPRINT_TOKEN_REVOKED",
    "Api fingerprint token revoked",
);

/// \[OURS\] A back office ended every session of the user (`DELETE .../sessions`); the vendor
/// does not document the event.
pub(crate) const API_SESSIONS_REMOVED: EventType = ("API_SESSIONS_REMOVED", "Api sessions removed");

/// \[DOC\] A mobile authentication request was sent to a device (Mobile Authentication API).
pub(crate) const PUSH_AUTH_INITIALIZED: EventType =
    ("PUSH_AUTH_INITIALIZED", "Push auth initialized");

/// \[DOC\] The user approved a mobile authentication request on the device.
pub(crate) const MOBILE_AUTH_AUTHENTICATED: EventType =
    ("MOBILE_AUTH_AUTHENTICATED", "Mobile auth authenticated");

/// \[DOC\] The user denied a mobile authentication request on the device.
pub(crate) const MOBILE_AUTH_NOT_AUTHENTICATED: EventType = (
    "MOBILE_AUTH_NOT_AUTHENTICATED",
    "Mobile auth not authenticated",
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::tables::TS_EVENT_TYPES;

    #[test]
    fn documented_types_carry_the_names_the_seeded_histories_use() {
        for (event_type, event_name) in [API_DEVICE_REMOVED, ADMIN_PUSH_ENROLLMENT_REVOKED] {
            assert!(
                TS_EVENT_TYPES
                    .iter()
                    .any(|t| (t.0, t.1) == (event_type, event_name)),
                "{event_type}"
            );
        }
    }
}
