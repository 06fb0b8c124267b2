//! `GET /_sim/phone`: the user's phone as a page a person (and a browser test) can use.

use aws_lc_rs::digest::{SHA256, digest};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use reqwest::Method;

use crate::helpers::{TestSim, spawn_sim};

const HOSTILE: &str = "<img src=x onerror=alert(1)>";

struct Page {
    content_type: String,
    csp: String,
    nosniff: String,
    body: String,
}

async fn phone(t: &TestSim) -> Page {
    let res = t.raw(Method::GET, "/_sim/phone").send().await.unwrap();
    assert_eq!(res.status(), 200);
    let header = |name: &str| {
        res.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    Page {
        content_type: header("content-type"),
        csp: header("content-security-policy"),
        nosniff: header("x-content-type-options"),
        body: res.text().await.unwrap(),
    }
}

/// The text between `open` and `close`.
fn between<'a>(text: &'a str, open: &str, close: &str) -> &'a str {
    let start = text.find(open).unwrap() + open.len();
    let end = start + text[start..].find(close).unwrap();
    &text[start..end]
}

fn sha256_source(text: &str) -> String {
    format!(
        "'sha256-{}'",
        STANDARD.encode(digest(&SHA256, text.as_bytes()))
    )
}

#[tokio::test]
async fn the_phone_page_is_html_under_a_policy_that_runs_only_its_own_script() {
    let t = spawn_sim().await;

    let page = phone(&t).await;

    assert_eq!(page.content_type, "text/html; charset=utf-8");
    assert_eq!(page.nosniff, "nosniff");
    let directives: Vec<&str> = page.csp.split(';').map(str::trim).collect();
    assert!(directives.contains(&"default-src 'none'"), "{}", page.csp);
    assert!(directives.contains(&"connect-src 'self'"));
    assert!(directives.contains(&"form-action 'self'"));
    assert!(directives.contains(&"frame-ancestors 'none'"));
    assert!(!page.csp.contains("unsafe"), "{}", page.csp);
    let script = between(&page.body, "<script>", "</script>");
    let style = between(&page.body, "<style>", "</style>");
    assert!(directives.contains(&format!("script-src {}", sha256_source(script)).as_str()));
    assert!(directives.contains(&format!("style-src {}", sha256_source(style)).as_str()));
    assert_eq!(page.body.matches("<script").count(), 1);
    assert!(page.body.contains("setInterval"), "it refreshes itself");
    assert!(page.body.contains("fetch(\"/_sim/push\""));
}

#[tokio::test]
async fn the_phone_page_is_accessible_markup_and_says_when_nothing_is_pending() {
    let t = spawn_sim().await;

    let page = phone(&t).await;

    assert!(page.body.starts_with("<!doctype html>"));
    assert!(page.body.contains("<html lang=\"en\">"));
    assert!(page.body.contains("<title>Phone"));
    assert!(page.body.contains("<h1>Phone</h1>"));
    assert!(page.body.contains("<main>"));
    assert!(page.body.contains("No pending requests"));
    assert!(!page.body.contains("<button"));
}

#[tokio::test]
async fn a_pending_request_is_listed_with_its_message_as_text_and_its_buttons() {
    let t = spawn_sim().await;
    let (person, device) = t.push_device();
    let id = t.push(&person.id, &device.id, HOSTILE).await;

    let page = phone(&t).await;

    assert!(!page.body.contains(HOSTILE), "the message is never markup");
    assert!(
        page.body
            .contains("<p class=\"message\">&lt;img src=x onerror=alert(1)&gt;</p>")
    );
    assert!(page.body.contains("1 pending request"));
    assert!(page.body.contains(&format!("<li data-id=\"{id}\">")));
    assert!(page.body.contains(&format!(
        "<form method=\"post\" action=\"/_sim/push/{id}\">"
    )));
    assert!(page.body.contains("name=\"answer\" value=\"approve\""));
    assert!(page.body.contains("name=\"answer\" value=\"deny\""));
    assert!(page.body.contains(">120</span> s left"));
    assert!(page.body.contains(device.application));
}

#[tokio::test]
async fn the_device_name_is_text_in_the_heading_and_the_button_names() {
    let t = spawn_sim().await;
    let state = t.sim.state();
    // The hostile seeded name has no push; an apostrophe must be escaped all the same.
    let (person, device) = state
        .sample_persons(usize::MAX)
        .into_iter()
        .find_map(|p| {
            let device = state
                .devices_of(&p.id)
                .into_iter()
                .find(|d| d.push_authentication_enabled && d.name.contains('\''))?;
            Some((p, device))
        })
        .unwrap();
    t.push(&person.id, &device.id, "m").await;

    let page = phone(&t).await;

    let name = escaped(&device.name);
    assert!(name.contains("&#39;"));
    assert!(page.body.contains(&format!("<h2>{name}</h2>")));
    assert!(
        page.body
            .contains(&format!("aria-label=\"Approve on {name}\""))
    );
    assert!(
        page.body
            .contains(&format!("aria-label=\"Deny on {name}\""))
    );
}

/// The escaping the page promises, written out again so the test does not trust the code.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[tokio::test]
async fn answered_requests_leave_the_page() {
    let t = spawn_sim().await;
    let (person, device) = t.push_device();
    let id = t.push(&person.id, &device.id, "m").await;
    t.answer(&id, "approve").await;

    let page = phone(&t).await;

    assert!(page.body.contains("No pending requests"));
    assert!(!page.body.contains(&id));
}
