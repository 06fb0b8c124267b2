//! The device platform, read case-insensitively because old data says `ANDROID` where v4 says
//! `android`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Operating system family of a registered device.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Platform {
    /// `android`, any case.
    Android,
    /// `ios`, any case (`iOS`, `IOS`).
    Ios,
    /// Anything else, as the upstream spelled it (empty when absent).
    Other(String),
}

impl Platform {
    /// Parses any spelling; never fails.
    pub fn parse(value: &str) -> Self {
        if value.eq_ignore_ascii_case("android") {
            Platform::Android
        } else if value.eq_ignore_ascii_case("ios") {
            Platform::Ios
        } else {
            Platform::Other(value.to_owned())
        }
    }

    /// `android`, `ios`, or the other value unchanged.
    pub fn as_str(&self) -> &str {
        match self {
            Platform::Android => "android",
            Platform::Ios => "ios",
            Platform::Other(other) => other,
        }
    }
}

impl Default for Platform {
    fn default() -> Self {
        Platform::Other(String::new())
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Platform {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Platform {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Option::<String>::deserialize(deserializer)?;
        Ok(value.map(|v| Platform::parse(&v)).unwrap_or_default())
    }
}
