//! Serde helpers for the vendor rule that optional fields may be absent or `null` at any time.

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
