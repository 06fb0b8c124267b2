//! The vendor's configuration names (ONEGINI-APIS §8), read as aliases of ours, so an operator of
//! the vendor's Customer Service can start this one with the environment they have. Our own
//! `CS__` variables win where both are set; a vendor name this service does not support stops the
//! start, naming it, rather than being silently ignored.

use serde_json::{Map, Value};

use super::SettingsError;

/// The prefix of every vendor name.
pub(crate) const PREFIX: &str = "ONEGINI_IDP_CCC_";

/// How a vendor value becomes one of ours.
#[derive(Clone, Copy)]
enum Kind {
    /// As text.
    Text,
    /// A whole number.
    Number,
    /// `true` or `false`.
    Flag,
    /// An API's base URI ending in its documented path, which is cut off: ours are roots.
    ApiBase(&'static str),
}

/// The vendor names we read, each with the keys it sets (the first is its own; the others are the
/// product-wide defaults it also provides, overridden by anything more specific).
const ALIASES: &[(&str, &[&str], Kind)] = &[
    (
        "IDP_PERSON_API_BASE_URI",
        &["cim.persons_api.base_url", "cim.base_url"],
        Kind::ApiBase("/api/persons"),
    ),
    (
        "IDP_PERSON_API_USERNAME",
        &["cim.persons_api.username", "cim.username"],
        Kind::Text,
    ),
    (
        "IDP_PERSON_API_PASSWORD",
        &["cim.persons_api.password", "cim.password"],
        Kind::Text,
    ),
    (
        "IDP_PERSON_API_MAX_RESULTS",
        &["cim.search_max_results"],
        Kind::Number,
    ),
    (
        "IDP_EVENTS_API_BASE_URI",
        &["cim.events_api.base_url"],
        Kind::ApiBase("/api/events"),
    ),
    (
        "IDP_EVENTS_API_USERNAME",
        &["cim.events_api.username"],
        Kind::Text,
    ),
    (
        "IDP_EVENTS_API_PASSWORD",
        &["cim.events_api.password"],
        Kind::Text,
    ),
    (
        "IDP_EVENTS_API_PAGE_SIZE",
        &["cim.events_page_size"],
        Kind::Number,
    ),
    (
        "IDP_CONFIGURATION_API_USERNAME",
        &["cim.configuration_api.username"],
        Kind::Text,
    ),
    (
        "IDP_CONFIGURATION_API_PASSWORD",
        &["cim.configuration_api.password"],
        Kind::Text,
    ),
    (
        "TOKEN_SERVER_BASE_URI",
        &["token_server.base_url"],
        Kind::Text,
    ),
    (
        "TOKEN_SERVER_END_USER_API_USERNAME",
        &[
            "token_server.end_user_api.username",
            "token_server.username",
        ],
        Kind::Text,
    ),
    (
        "TOKEN_SERVER_END_USER_API_PASSWORD",
        &[
            "token_server.end_user_api.password",
            "token_server.password",
        ],
        Kind::Text,
    ),
    (
        "TOKEN_SERVER_EVENTS_API_USERNAME",
        &["token_server.events_api.username"],
        Kind::Text,
    ),
    (
        "TOKEN_SERVER_EVENTS_API_PASSWORD",
        &["token_server.events_api.password"],
        Kind::Text,
    ),
    (
        "TOKEN_SERVER_MOBILE_AUTHENTICATION_API_USERNAME",
        &["token_server.mobile_authentication_api.username"],
        Kind::Text,
    ),
    (
        "TOKEN_SERVER_MOBILE_AUTHENTICATION_API_PASSWORD",
        &["token_server.mobile_authentication_api.password"],
        Kind::Text,
    ),
    ("COOKIE_CONFIG_SECURE", &["auth.secure_cookies"], Kind::Flag),
];

/// Vendor names we accept only with the one value this service has (its behaviour is fixed).
const FIXED: &[(&str, &str)] = &[
    ("COOKIE_CONFIG_PATH", "/"),
    ("COOKIE_CONFIG_SAMESITE", "lax"),
    ("COOKIE_CONFIG_XSRFCOOKIENAME", "XSRF-TOKEN"),
];

/// Every vendor name Customer Service reads, for the documentation and its tests.
pub fn names() -> impl Iterator<Item = String> {
    ALIASES
        .iter()
        .map(|(name, ..)| *name)
        .chain(FIXED.iter().map(|(name, _)| *name))
        .chain(COMPOSED)
        .map(|name| format!("{PREFIX}{name}"))
}

/// Vendor names read together rather than each on its own.
const COMPOSED: [&str; 4] = [
    "IDP_PROTOCOL",
    "IDP_HOST",
    "IDP_PORT",
    "COOKIE_CONFIG_PREFIXCOOKIESFORMORESECURITY",
];

/// The process's environment variables carrying a vendor name. A value that is not UTF-8 cannot
/// be one of ours: it is refused, named, rather than skipped.
pub(crate) fn from_env() -> Result<Vec<(String, String)>, SettingsError> {
    std::env::vars_os()
        .filter_map(|(name, value)| {
            let name = name.into_string().ok()?;
            name.starts_with(PREFIX).then_some((name, value))
        })
        .map(|(name, value)| match value.into_string() {
            Ok(value) => Ok((name, value)),
            Err(_) => Err(SettingsError(format!("{name} is not valid UTF-8"))),
        })
        .collect()
}

/// Our settings (as nested keys) from the vendor names among `vars`.
pub(crate) fn settings(vars: &[(String, String)]) -> Result<Value, SettingsError> {
    let vendor: Vec<(&str, &str)> = vars
        .iter()
        .filter_map(|(name, value)| Some((name.strip_prefix(PREFIX)?, value.as_str())))
        // Empty is unset, as an env file or a compose entry without a value leaves it.
        .filter(|(_, value)| !value.trim().is_empty())
        .collect();
    let mut out = Value::Object(Map::new());
    let unsupported = |name: &str, why: &str| {
        SettingsError(format!(
            "{PREFIX}{name} is not supported by Customer Service: {why} (see the README's \
             \"Migrating from the vendor's Customer Service\")"
        ))
    };
    // Product defaults first, so that each API's own key is written over them.
    let mut writes: Vec<(&str, Value)> = Vec::new();
    for (name, value) in &vendor {
        if let Some((_, keys, kind)) = ALIASES.iter().find(|(alias, ..)| alias == name) {
            let converted = convert(name, value, *kind)?;
            for key in keys.iter().rev() {
                writes.push((key, converted.clone()));
            }
        } else if let Some((_, only)) = FIXED.iter().find(|(alias, _)| alias == name) {
            if !value.trim().eq_ignore_ascii_case(only) {
                return Err(unsupported(name, &format!("only {only:?} is")));
            }
        } else if !COMPOSED.contains(name) {
            return Err(unsupported(name, "no setting of ours stands for it"));
        }
    }
    // Defaults go in before specific keys: sort so that the product-wide ones come first.
    writes.sort_by_key(|(key, _)| key.matches('.').count());
    // The composed root is what the vendor's other CIM APIs (Configuration) are called at, so it
    // wins over the Person API's root as the product-wide default.
    if let Some(root) = idp_root(&vendor)? {
        writes.push(("cim.base_url", Value::String(root)));
    }
    for (key, value) in writes {
        set(&mut out, key, value);
    }
    check_prefix(&vendor, &out)
        .map_err(|why| unsupported("COOKIE_CONFIG_PREFIXCOOKIESFORMORESECURITY", &why))?;
    Ok(out)
}

/// `IDP_PROTOCOL`, `IDP_HOST` and `IDP_PORT` compose CIM's root, as the vendor's defaults do.
fn idp_root(vendor: &[(&str, &str)]) -> Result<Option<String>, SettingsError> {
    let get = |name: &str| {
        vendor
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.trim())
    };
    let Some(host) = get("IDP_HOST") else {
        if get("IDP_PROTOCOL").is_some() || get("IDP_PORT").is_some() {
            return Err(SettingsError(format!(
                "{PREFIX}IDP_PROTOCOL and {PREFIX}IDP_PORT need {PREFIX}IDP_HOST"
            )));
        }
        return Ok(None);
    };
    let protocol = get("IDP_PROTOCOL").unwrap_or("https");
    Ok(Some(match get("IDP_PORT") {
        Some(port) => format!("{protocol}://{host}:{port}"),
        None => format!("{protocol}://{host}"),
    }))
}

/// We prefix the session cookie (`__Host-`) exactly when cookies are secure.
fn check_prefix(vendor: &[(&str, &str)], out: &Value) -> Result<(), String> {
    let Some((_, prefix)) = vendor
        .iter()
        .find(|(n, _)| *n == "COOKIE_CONFIG_PREFIXCOOKIESFORMORESECURITY")
    else {
        return Ok(());
    };
    let prefix = flag(prefix).ok_or("it must be true or false")?;
    let secure = out["auth"]["secure_cookies"].as_bool().unwrap_or(true);
    if prefix == secure {
        Ok(())
    } else {
        Err("cookies are prefixed exactly when they are secure here".into())
    }
}

fn flag(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

fn convert(name: &str, value: &str, kind: Kind) -> Result<Value, SettingsError> {
    let bad = |what: &str| SettingsError(format!("{PREFIX}{name} must be {what}"));
    Ok(match kind {
        Kind::Text => Value::String(value.to_owned()),
        Kind::Number => Value::from(value.trim().parse::<u64>().map_err(|_| bad("a number"))?),
        Kind::Flag => Value::Bool(flag(value).ok_or_else(|| bad("true or false"))?),
        Kind::ApiBase(path) => {
            let trimmed = value.trim().trim_end_matches('/');
            let root = trimmed
                .strip_suffix(path)
                .ok_or_else(|| bad(&format!("a URL ending in {path}")))?;
            Value::String(root.to_owned())
        }
    })
}

/// Sets `a.b.c` in a nested object.
fn set(out: &mut Value, key: &str, value: Value) {
    let mut node = out;
    let mut parts = key.split('.').peekable();
    while let Some(part) = parts.next() {
        let Value::Object(map) = node else {
            return;
        };
        if parts.peek().is_none() {
            map.insert(part.to_owned(), value);
            return;
        }
        node = map
            .entry(part.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (format!("{PREFIX}{n}"), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn vendor_names_become_our_keys() {
        let out = settings(&vars(&[
            (
                "IDP_PERSON_API_BASE_URI",
                "https://idp.example.com/api/persons",
            ),
            ("IDP_PERSON_API_USERNAME", "person_api_user"),
            ("IDP_PERSON_API_PASSWORD", "p"),
            ("IDP_PERSON_API_MAX_RESULTS", "25"),
            (
                "IDP_EVENTS_API_BASE_URI",
                "https://events.example.com/idp/api/events/",
            ),
            ("IDP_EVENTS_API_USERNAME", "events_user"),
            ("IDP_EVENTS_API_PAGE_SIZE", "100"),
            ("TOKEN_SERVER_BASE_URI", "https://ts.example.com/oauth"),
            ("TOKEN_SERVER_END_USER_API_USERNAME", "end_user_api_user"),
            ("COOKIE_CONFIG_SECURE", "TRUE"),
            ("COOKIE_CONFIG_SAMESITE", "Lax"),
        ]))
        .unwrap();

        assert_eq!(out["cim"]["base_url"], "https://idp.example.com");
        assert_eq!(
            out["cim"]["persons_api"]["base_url"],
            "https://idp.example.com"
        );
        assert_eq!(out["cim"]["username"], "person_api_user");
        assert_eq!(out["cim"]["search_max_results"], 25);
        assert_eq!(
            out["cim"]["events_api"]["base_url"],
            "https://events.example.com/idp"
        );
        assert_eq!(out["cim"]["events_page_size"], 100);
        assert_eq!(out["token_server"]["username"], "end_user_api_user");
        assert_eq!(out["auth"]["secure_cookies"], json!(true));
    }

    #[test]
    fn an_empty_value_is_no_value() {
        let out = settings(&vars(&[("IDP_PORT", ""), ("IDP_PERSON_API_USERNAME", " ")])).unwrap();
        assert_eq!(out, json!({}));
    }

    #[test]
    fn protocol_host_and_port_compose_the_idp_root() {
        let out = settings(&vars(&[
            ("IDP_PROTOCOL", "http"),
            ("IDP_HOST", "idp"),
            ("IDP_PORT", "7979"),
        ]))
        .unwrap();
        assert_eq!(out["cim"]["base_url"], "http://idp:7979");

        let out = settings(&vars(&[
            ("IDP_HOST", "idp"),
            (
                "IDP_PERSON_API_BASE_URI",
                "https://persons.example.com/api/persons",
            ),
        ]))
        .unwrap();
        assert_eq!(out["cim"]["base_url"], "https://idp");
        assert_eq!(
            out["cim"]["persons_api"]["base_url"],
            "https://persons.example.com"
        );
    }

    #[test]
    fn names_we_do_not_support_or_values_we_cannot_honour_are_named() {
        for (pairs, named) in [
            (
                vec![("IDP_SOMETHING_NEW", "x")],
                "ONEGINI_IDP_CCC_IDP_SOMETHING_NEW",
            ),
            (vec![("COOKIE_CONFIG_PATH", "/cs")], "COOKIE_CONFIG_PATH"),
            (
                vec![("COOKIE_CONFIG_XSRFCOOKIENAME", "CSRF")],
                "XSRFCOOKIENAME",
            ),
            (
                vec![("IDP_PERSON_API_BASE_URI", "https://idp/persons")],
                "PERSON_API_BASE_URI",
            ),
            (
                vec![("IDP_EVENTS_API_PAGE_SIZE", "many")],
                "EVENTS_API_PAGE_SIZE",
            ),
            (
                vec![
                    ("COOKIE_CONFIG_SECURE", "true"),
                    ("COOKIE_CONFIG_PREFIXCOOKIESFORMORESECURITY", "false"),
                ],
                "PREFIXCOOKIESFORMORESECURITY",
            ),
        ] {
            let error = settings(&vars(&pairs)).unwrap_err().to_string();
            assert!(error.contains(named), "{named}: {error}");
        }
    }
}
