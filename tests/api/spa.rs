//! The built SPA is served with deep links, caching and a strict Content-Security-Policy.

use tempfile::TempDir;

use crate::helpers::{problem, spawn_app_with};

/// A directory as `npm run build` leaves it, removed when dropped.
fn built_spa() -> TempDir {
    let spa = tempfile::tempdir().unwrap();
    let dir = spa.path();
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><title>Customer Service</title><div id=root></div>",
    )
    .unwrap();
    std::fs::write(dir.join("assets/index-abc123.js"), "console.log('app')").unwrap();
    std::fs::write(
        dir.join("favicon.svg"),
        "<svg xmlns='http://www.w3.org/2000/svg'/>",
    )
    .unwrap();
    spa
}

#[tokio::test]
async fn the_spa_is_served_with_deep_links_and_caching() {
    let spa = built_spa();
    let app = spawn_app_with(|s| s.server.static_dir = Some(spa.path().to_path_buf())).await;

    let root = app.get("/").await;
    assert_eq!(root.status(), 200);
    assert_eq!(root.headers()["cache-control"], "no-store");
    let csp = root.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(root.text().await.unwrap().contains("Customer Service"));

    let deep = app.get("/users/8a742ac4-fabd-4580-924c-0281777e3d39").await;
    assert_eq!(deep.status(), 200);
    assert_eq!(deep.headers()["cache-control"], "no-store");
    assert!(deep.text().await.unwrap().contains("<div id=root>"));

    let asset = app.get("/assets/index-abc123.js").await;
    assert_eq!(asset.status(), 200);
    assert_eq!(
        asset.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );

    let icon = app.get("/favicon.svg").await;
    assert_eq!(icon.headers()["cache-control"], "no-cache");

    problem(app.get("/api/v1/unknown").await, 404).await;
    problem(
        app.client.post(app.url("/users/1")).send().await.unwrap(),
        404,
    )
    .await;
}

#[test]
fn a_static_dir_without_index_html_stops_the_start() {
    let mut settings =
        crate::helpers::settings_for("http://127.0.0.1:1", "http://127.0.0.1:1/oauth");
    let empty = tempfile::tempdir().unwrap();
    settings.server.static_dir = Some(empty.path().join("no-such-spa"));

    let error = settings.validate().unwrap_err().to_string();

    assert!(error.contains("server.static_dir"), "{error}");
}
