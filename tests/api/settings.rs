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

/// Why `serve` would not start with `settings`.
async fn refusal(settings: &cs_server::Settings) -> String {
    match cs_server::Application::build(settings).await {
        Ok(app) => {
            drop(app.handle().stop(false));
            panic!("it started");
        }
        Err(error) => error.to_string(),
    }
}

#[tokio::test]
async fn serve_refuses_what_is_unsafe_unless_a_setting_allows_it() {
    let base = crate::helpers::settings_for("http://127.0.0.1:9", "http://127.0.0.1:9/oauth");

    let mut clear_credentials = base.clone();
    clear_credentials.token_server.base_url = Some("http://ts.example.com/oauth".parse().unwrap());
    let error = refusal(&clear_credentials).await;
    assert!(error.contains("token_server.allow_http"), "{error}");

    let mut clear_cookies = base.clone();
    clear_cookies.server.listen = "0.0.0.0:0".parse().unwrap();
    let error = refusal(&clear_cookies).await;
    assert!(error.contains("auth.allow_insecure_cookies"), "{error}");

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("accounts.toml");
    let hash = cs_auth::password::hash_password("demo").unwrap();
    std::fs::write(
        &file,
        format!(
            "[[agents]]\nusername = \"ann\"\ndisplay_name = \"Ann\"\npassword_hash = \"{hash}\"\n"
        ),
    )
    .unwrap();
    let mut demo_passwords = base.clone();
    demo_passwords.auth.accounts_file = Some(file);
    let error = refusal(&demo_passwords).await;
    assert!(
        error.contains("auth.allow_demo_passwords") && error.contains("ann"),
        "{error}"
    );

    // Each is allowed when said so (on loopback here: tests listen nowhere else).
    clear_credentials.token_server.allow_http = true;
    demo_passwords.auth.allow_demo_passwords = true;
    for allowed in [clear_credentials, demo_passwords] {
        let app = cs_server::Application::build(&allowed).await.unwrap();
        drop(app.handle().stop(false));
    }
    let mut allowed_cookies = base;
    allowed_cookies.server.listen = "0.0.0.0:0".parse().unwrap();
    allowed_cookies.auth.allow_insecure_cookies = true;
    allowed_cookies.check_safe().unwrap();
}

#[tokio::test]
async fn secure_cookies_come_with_strict_transport_security() {
    let secure = crate::helpers::spawn_app_with(|s| s.auth.secure_cookies = true).await;
    let plain = crate::helpers::spawn_app().await;

    let hsts = |response: &reqwest::Response| {
        response
            .headers()
            .get("strict-transport-security")
            .map(|v| v.to_str().unwrap().to_owned())
    };
    let answer = secure.get("/healthz").await;
    assert_eq!(
        hsts(&answer).as_deref(),
        Some("max-age=31536000; includeSubDomains")
    );
    assert_eq!(hsts(&plain.get("/healthz").await), None);
}

#[test]
fn every_vendor_name_we_read_is_in_the_readme() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let names: Vec<String> = cs_server::config::vendor_names().collect();

    assert!(names.len() >= 20, "{names:?}");
    for name in names {
        assert!(
            readme.contains(&format!("`{name}`")),
            "{name} is not in the README"
        );
    }
}
