//! Loading and checking the configuration.

use cs_server::Settings;

/// An empty settings file, removed when dropped.
fn toml_file() -> tempfile::NamedTempFile {
    tempfile::Builder::new().suffix(".toml").tempfile().unwrap()
}

#[test]
fn missing_upstream_settings_are_named() {
    let settings = Settings::default();

    let error = settings.validate().unwrap_err().to_string();

    assert!(
        error.contains("cim.base_url") && error.contains("CS__CIM__BASE_URL"),
        "{error}"
    );
}

#[test]
fn a_settings_file_is_read_and_secrets_stay_out_of_debug_output() {
    let file = toml_file();
    std::fs::write(
        file.path(),
        r#"
[server]
listen = "127.0.0.1:9999"
[cim]
base_url = "http://127.0.0.1:7979"
username = "person_api_user"
password = "hunter2-cim"
search_max_results = 10
[token_server]
base_url = "http://127.0.0.1:7979/oauth"
username = "end_user_api_user"
password = "hunter2-ts"
request_timeout_ms = 750
[log]
format = "json"
"#,
    )
    .unwrap();

    let settings = Settings::load(Some(file.path())).unwrap();

    settings.validate().unwrap();
    assert_eq!(settings.server.listen.port(), 9999);
    assert_eq!(settings.cim.search_max_results, 10);
    assert_eq!(settings.token_server.request_timeout_ms, 750);
    let debug = format!("{settings:?}");
    assert!(
        !debug.contains("hunter2"),
        "a secret is in the Debug output: {debug}"
    );
}

#[test]
fn unknown_keys_and_bad_values_are_refused_with_the_key_named() {
    let file = toml_file();
    for (content, key) in [
        (
            "[cim]\nbase_url = \"http://x\"\npasword = \"typo\"\n",
            "pasword",
        ),
        (
            "[token_server]\nrequest_timeout_ms = \"soon\"\n",
            "request_timeout_ms",
        ),
        ("[log]\nformat = \"xml\"\n", "format"),
        (
            "[cache]\ndevices_max_mib = 0\n[cim]\nbase_url = \"http://a\"\nusername = \"u\"\npassword = \"p\"\n[token_server]\nbase_url = \"http://a\"\nusername = \"u\"\npassword = \"p\"\n",
            "cache.devices_max_mib",
        ),
    ] {
        std::fs::write(file.path(), content).unwrap();
        let error = Settings::load(Some(file.path()))
            .and_then(|s| s.validate().map(|()| s))
            .unwrap_err()
            .to_string();
        assert!(error.contains(key), "{key}: {error}");
    }
}
