//! Device lists kept as the JSON they are answered with.
//!
//! A cached device list is answered far more often than it changes, and writing it out (string
//! escaping, timestamps) was the largest piece of our own work in the profile of a cached read.
//! The JSON is kept per user beside the list it was written from; a new list (the domain reloaded
//! or a deletion invalidated it) is a different `Arc`, so stale JSON is never served.

use std::sync::Arc;

use actix_web::web::Bytes;
use cs_api::{Device, DeviceList};
use moka::sync::Cache;

/// The most JSON kept, in bytes.
const MAX_BYTES: u64 = 4 * 1024 * 1024;

/// Serialised device lists by user id.
pub struct DeviceJson {
    cache: Cache<String, (Arc<Vec<Device>>, Bytes)>,
}

impl Default for DeviceJson {
    fn default() -> Self {
        DeviceJson {
            cache: Cache::builder()
                .max_capacity(MAX_BYTES)
                .weigher(|_, (_, json): &(Arc<Vec<Device>>, Bytes)| {
                    u32::try_from(json.len() + 64).unwrap_or(u32::MAX)
                })
                .build(),
        }
    }
}

impl DeviceJson {
    /// The JSON of `list`, the user's current device list.
    pub fn of(&self, user_id: &str, list: &DeviceList) -> Result<Bytes, serde_json::Error> {
        if let Some((written_from, json)) = self.cache.get(user_id) {
            if Arc::ptr_eq(&written_from, &list.devices) {
                return Ok(json);
            }
        }
        let json = Bytes::from(serde_json::to_vec(list)?);
        self.cache.insert(
            user_id.to_owned(),
            (Arc::clone(&list.devices), json.clone()),
        );
        Ok(json)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn list(names: &[&str]) -> DeviceList {
        DeviceList {
            devices: Arc::new(
                names
                    .iter()
                    .map(|name| Device {
                        id: (*name).to_owned(),
                        name: (*name).to_owned(),
                        application: "app".into(),
                        platform: cs_api::Platform::Ios,
                        os_version: None,
                        model: None,
                        created_at: None,
                        last_used_at: None,
                        token_types: vec![],
                        mobile_authentication: cs_api::MobileAuthentication::Activated,
                    })
                    .collect(),
            ),
        }
    }

    #[test]
    fn the_same_list_is_written_once_and_a_new_list_is_written_anew() {
        let json = DeviceJson::default();
        let first = list(&["a", "b"]);
        let once = json.of("u", &first).unwrap();
        let again = json.of("u", &first).unwrap();
        assert_eq!(once.as_ptr(), again.as_ptr(), "served from the cache");
        assert_eq!(serde_json::from_slice::<DeviceList>(&once).unwrap(), first);

        let reloaded = list(&["b"]);
        let fresh = json.of("u", &reloaded).unwrap();
        assert_eq!(
            serde_json::from_slice::<DeviceList>(&fresh).unwrap(),
            reloaded,
            "never the stale list"
        );
    }
}
