//! Which person fields an agent may read, and applying that to data after the cache.

use std::collections::BTreeSet;

/// Which custom attributes an agent may read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomAttributeAccess {
    /// Every custom attribute.
    All,
    /// Only the attributes with these names (`CUSTOM_ATTRIBUTE.<name>` permissions).
    Only(BTreeSet<String>),
}

/// The person fields an agent may read (the Onegini field permissions). A field the agent may not
/// read is absent from every answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldAccess {
    /// `EMAIL_ADDRESS`.
    pub email_address: bool,
    /// `PHONE_NUMBER`.
    pub phone_number: bool,
    /// `DATE_OF_BIRTH`.
    pub date_of_birth: bool,
    /// `DISPLAY_NAME`: the display name and the name parts.
    pub display_name: bool,
    /// `PREFERRED_LOCALE`.
    pub preferred_locale: bool,
    /// `GENDER`.
    pub gender: bool,
    /// `ADDRESSES`.
    pub addresses: bool,
    /// `CUSTOM_ATTRIBUTE.<name>`.
    pub custom_attributes: CustomAttributeAccess,
}

impl FieldAccess {
    /// Every field (`USERS_ALL`).
    pub fn all() -> Self {
        FieldAccess {
            email_address: true,
            phone_number: true,
            date_of_birth: true,
            display_name: true,
            preferred_locale: true,
            gender: true,
            addresses: true,
            custom_attributes: CustomAttributeAccess::All,
        }
    }

    /// No field but the person id.
    pub fn none() -> Self {
        FieldAccess {
            email_address: false,
            phone_number: false,
            date_of_birth: false,
            display_name: false,
            preferred_locale: false,
            gender: false,
            addresses: false,
            custom_attributes: CustomAttributeAccess::Only(BTreeSet::new()),
        }
    }

    pub(crate) fn may_read_custom_attribute(&self, name: &str) -> bool {
        match &self.custom_attributes {
            CustomAttributeAccess::All => true,
            CustomAttributeAccess::Only(names) => names.contains(name),
        }
    }
}
