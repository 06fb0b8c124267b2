//! Serde helpers for the vendor rule that optional fields may be absent or `null` at any time.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

/// Reads `null` as the type's default, so `"devices": null` is an empty list, not an error.
/// Pair with `#[serde(default)]` so an absent field is tolerated too.
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// Reads a list item by item, leaving out (and counting, in `upstream_items_skipped_total`) the
/// items that lack a required field or have one of the wrong type: one odd event must not cost
/// its whole page. `null` or absent is an empty list, as with [`null_as_default`].
pub(crate) fn skip_invalid<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let items = Option::<Vec<serde_json::Value>>::deserialize(deserializer)?.unwrap_or_default();
    Ok(keep_valid(items))
}

/// The items that are a `T`; the others are left out and counted (see [`skip_invalid`]).
pub(crate) fn keep_valid<T: DeserializeOwned>(items: Vec<serde_json::Value>) -> Vec<T> {
    items
        .into_iter()
        .filter_map(|item| match serde_json::from_value::<T>(item) {
            Ok(item) => Some(item),
            Err(error) => {
                let kind = item_kind::<T>();
                metrics::counter!("upstream_items_skipped_total", "item" => kind).increment(1);
                // The position and field only: the value may hold personal data.
                tracing::debug!(
                    item = kind,
                    line = error.line(),
                    column = error.column(),
                    "an upstream item was skipped"
                );
                None
            }
        })
        .collect()
}

/// The short name of an item type, e.g. `CimEvent`.
fn item_kind<T>() -> &'static str {
    let name = std::any::type_name::<T>();
    name.rsplit("::").next().unwrap_or(name)
}
