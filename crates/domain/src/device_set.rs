//! A user's devices as the cache holds them.

use std::ops::Deref;
use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use cs_api::{Device, DeviceList};

/// A user's devices, mapped and sorted once per load, and written as the JSON of a
/// [`DeviceList`] at most once.
///
/// A cached list is answered far more often than it changes, and writing it out (string
/// escaping, timestamps) was the largest piece of our own work in the profile of a cached read.
/// A new list (reloaded, or invalidated by a deletion) is a new value with no JSON yet, so stale
/// JSON is never served.
#[derive(Debug)]
pub struct Devices {
    list: DeviceList,
    json: OnceLock<Bytes>,
}

impl Devices {
    pub(crate) fn new(devices: Vec<Device>) -> Self {
        Devices {
            list: DeviceList {
                devices: Arc::new(devices),
            },
            json: OnceLock::new(),
        }
    }

    /// The list as answered.
    pub fn list(&self) -> &DeviceList {
        &self.list
    }

    /// The JSON of [`Devices::list`], written on first use.
    pub fn json(&self) -> Result<Bytes, serde_json::Error> {
        if let Some(json) = self.json.get() {
            return Ok(json.clone());
        }
        let json = Bytes::from(serde_json::to_vec(&self.list)?);
        // Two first readers may both write it; either copy is the same.
        Ok(self.json.get_or_init(|| json).clone())
    }
}

impl Deref for Devices {
    type Target = [Device];

    fn deref(&self) -> &[Device] {
        &self.list.devices
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn device(name: &str) -> Device {
        Device {
            id: name.to_owned(),
            name: name.to_owned(),
            application: "app".into(),
            platform: cs_api::Platform::Ios,
            platform_name: None,
            os_version: None,
            model: None,
            created_at: None,
            last_used_at: None,
            token_types: vec![],
            mobile_authentication: cs_api::MobileAuthentication::Activated,
            available_actions: vec![cs_api::DeviceAction::DisableMobileAuthentication],
        }
    }

    #[test]
    fn the_json_is_written_once_and_is_the_list() {
        let devices = Devices::new(vec![device("a"), device("b")]);
        let once = devices.json().unwrap();
        let again = devices.json().unwrap();
        assert_eq!(once.as_ptr(), again.as_ptr(), "written once");
        assert_eq!(
            serde_json::from_slice::<DeviceList>(&once).unwrap(),
            *devices.list()
        );
        assert_eq!(devices.len(), 2);
    }
}
