//! An authenticated agent and what the Onegini permission model lets them do.

use std::collections::BTreeSet;

use cs_api::{Agent, AuthMethod, Permissions};
use cs_domain::{CustomAttributeAccess, FieldAccess};
use serde::{Deserialize, Serialize};

/// Full user management: every user action and every field.
pub const USERS_ALL: &str = "USERS_ALL";
/// Supervising agents: reading the audit trail.
pub const AGENTS_READ: &str = "AGENTS_READ";
/// Reading statistics.
pub const STATISTICS_READ: &str = "STATISTICS_READ";
/// Reading users (a group permission of ours: Onegini groups grant fields and actions; this one
/// grants looking at users at all).
pub const USERS_READ: &str = "USERS_READ";
/// Deleting devices.
pub const DELETE_DEVICE: &str = "DELETE_DEVICE";
/// Verifying devices.
pub const VERIFY_DEVICE: &str = "VERIFY_DEVICE";
/// The prefix of a custom-attribute field permission; `CUSTOM_ATTRIBUTE.*` grants them all.
pub const CUSTOM_ATTRIBUTE_PREFIX: &str = "CUSTOM_ATTRIBUTE.";

/// The person field permissions, in the order the API lists them.
pub const FIELD_PERMISSIONS: [&str; 8] = [
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "DATE_OF_BIRTH",
    "DISPLAY_NAME",
    "PREFERRED_LOCALE",
    "GENDER",
    "ADDRESSES",
    "EXTERNAL_ATTRIBUTES",
];

/// Whether `name` is a permission this service knows (authorities, actions, fields).
pub fn is_known_permission(name: &str) -> bool {
    [
        USERS_ALL,
        AGENTS_READ,
        STATISTICS_READ,
        USERS_READ,
        DELETE_DEVICE,
        VERIFY_DEVICE,
    ]
    .contains(&name)
        || FIELD_PERMISSIONS.contains(&name)
        || name
            .strip_prefix(CUSTOM_ATTRIBUTE_PREFIX)
            .is_some_and(|rest| !rest.is_empty())
}

/// An authenticated agent with the permissions granted to them, groups already expanded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    /// Username (or token subject).
    pub username: String,
    /// Name to show.
    pub display_name: String,
    /// How they authenticated.
    pub method: AuthMethod,
    /// Authorities and group permissions.
    pub grants: BTreeSet<String>,
}

impl Principal {
    fn has(&self, grant: &str) -> bool {
        self.grants.contains(grant)
    }

    fn users_all(&self) -> bool {
        self.has(USERS_ALL)
    }

    /// May search users and read profiles, devices and events.
    pub fn may_read_users(&self) -> bool {
        self.users_all() || self.has(USERS_READ)
    }

    /// May delete devices.
    pub fn may_delete_devices(&self) -> bool {
        self.users_all() || self.has(DELETE_DEVICE)
    }

    /// May verify a caller by a push to the user's device.
    pub fn may_verify_devices(&self) -> bool {
        self.users_all() || self.has(VERIFY_DEVICE)
    }

    /// May read the audit trail.
    pub fn may_read_audit(&self) -> bool {
        self.has(AGENTS_READ)
    }

    fn may_read_field(&self, field: &str) -> bool {
        self.users_all() || self.has(field)
    }

    /// The person fields this agent may read.
    pub fn field_access(&self) -> FieldAccess {
        let custom = if self.users_all() || self.has("CUSTOM_ATTRIBUTE.*") {
            CustomAttributeAccess::All
        } else {
            CustomAttributeAccess::Only(
                self.grants
                    .iter()
                    .filter_map(|g| g.strip_prefix(CUSTOM_ATTRIBUTE_PREFIX))
                    .map(str::to_owned)
                    .collect(),
            )
        };
        FieldAccess {
            email_address: self.may_read_field("EMAIL_ADDRESS"),
            phone_number: self.may_read_field("PHONE_NUMBER"),
            date_of_birth: self.may_read_field("DATE_OF_BIRTH"),
            display_name: self.may_read_field("DISPLAY_NAME"),
            preferred_locale: self.may_read_field("PREFERRED_LOCALE"),
            gender: self.may_read_field("GENDER"),
            addresses: self.may_read_field("ADDRESSES"),
            custom_attributes: custom,
        }
    }

    /// The wire form of the agent.
    pub fn agent(&self) -> Agent {
        Agent {
            username: self.username.clone(),
            display_name: self.display_name.clone(),
        }
    }

    /// The wire form of the permissions.
    pub fn permissions(&self) -> Permissions {
        let mut fields: Vec<String> = FIELD_PERMISSIONS
            .iter()
            .filter(|f| self.may_read_field(f))
            .map(|f| (*f).to_owned())
            .collect();
        if self.users_all() {
            fields.push("CUSTOM_ATTRIBUTE.*".into());
        } else {
            fields.extend(
                self.grants
                    .iter()
                    .filter(|g| g.starts_with(CUSTOM_ATTRIBUTE_PREFIX))
                    .cloned(),
            );
        }
        Permissions {
            read_users: self.may_read_users(),
            delete_device: self.may_delete_devices(),
            verify_device: self.may_verify_devices(),
            read_audit: self.may_read_audit(),
            fields,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn principal(grants: &[&str]) -> Principal {
        Principal {
            username: "a".into(),
            display_name: "A".into(),
            method: AuthMethod::Password,
            grants: grants.iter().map(|g| (*g).to_owned()).collect(),
        }
    }

    #[test]
    fn users_all_grants_every_user_action_and_field() {
        let p = principal(&[USERS_ALL]);
        assert!(p.may_read_users() && p.may_delete_devices() && p.may_verify_devices());
        assert!(!p.may_read_audit());
        assert_eq!(p.field_access(), FieldAccess::all());
    }

    #[test]
    fn a_viewer_group_reads_only_its_fields_and_cannot_delete() {
        let p = principal(&[
            USERS_READ,
            "EMAIL_ADDRESS",
            "DISPLAY_NAME",
            "CUSTOM_ATTRIBUTE.loyalty",
        ]);
        let access = p.field_access();
        assert!(p.may_read_users() && !p.may_delete_devices());
        assert!(access.email_address && access.display_name);
        assert!(!access.phone_number && !access.date_of_birth);
        assert_eq!(
            access.custom_attributes,
            CustomAttributeAccess::Only(["loyalty".to_owned()].into())
        );
        assert_eq!(
            p.permissions().fields,
            ["EMAIL_ADDRESS", "DISPLAY_NAME", "CUSTOM_ATTRIBUTE.loyalty"]
        );
    }

    #[test]
    fn a_supervisor_reads_the_audit_trail_but_no_users() {
        let p = principal(&[AGENTS_READ]);
        assert!(p.may_read_audit() && !p.may_read_users() && !p.may_delete_devices());
    }

    #[test]
    fn verify_device_alone_verifies_without_deleting() {
        let p = principal(&[USERS_READ, VERIFY_DEVICE]);
        assert!(p.may_verify_devices() && !p.may_delete_devices());
        assert!(p.permissions().verify_device && !p.permissions().delete_device);
        assert!(!principal(&[USERS_READ, DELETE_DEVICE]).may_verify_devices());
    }

    #[test]
    fn permission_names_are_checked() {
        assert!(is_known_permission("CUSTOM_ATTRIBUTE.x") && is_known_permission(DELETE_DEVICE));
        assert!(
            !is_known_permission("CUSTOM_ATTRIBUTE.") && !is_known_permission("DELETE_DEVICES")
        );
    }
}
