//! The audit trail filtered by action, outcome and time, and exported as CSV: every matching
//! record, streamed a page at a time, safe to open in a spreadsheet.

use serde_json::{Value, json};

use crate::delete::{AppOnFile, mount_delete, mount_devices_changing};
use crate::fixtures::{PERSON_ID, T0, device};
use crate::helpers::{TestApp, problem, token};

fn supervisor() -> String {
    token("sam", &["AGENTS_READ"])
}

async fn audit(app: &TestApp, query: &str, accept: &str) -> reqwest::Response {
    app.client
        .get(app.url(&format!("/api/v1/audit{query}")))
        .bearer_auth(supervisor())
        .header("accept", accept)
        .send()
        .await
        .unwrap()
}

/// The export's lines (without the final line break).
async fn csv_lines(app: &TestApp, query: &str) -> Vec<String> {
    let response = audit(app, query, "text/csv").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.starts_with("attachment; filename=\"audit-"),
        "{disposition}"
    );
    let body = response.text().await.unwrap();
    assert!(body.ends_with("\r\n"));
    body.trim_end_matches("\r\n")
        .split("\r\n")
        .map(str::to_owned)
        .collect()
}

/// A deletion with a reason a spreadsheet would run, and a failed login.
async fn app_with_records() -> AppOnFile {
    let on_file = AppOnFile::start("cs-audit-export").await;
    let app = &on_file.app;
    mount_devices_changing(app, vec![device("d1", T0, true, true)], 1, vec![]).await;
    mount_delete(app, "d1", 1).await;
    let deleted = app
        .request(
            reqwest::Method::DELETE,
            &format!("/api/v1/users/{PERSON_ID}/devices/d1"),
        )
        .json(&json!({"reason": "=HYPERLINK(\"http://evil\",\"click\"), lost"}))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    let refused = crate::helpers::client()
        .build()
        .unwrap()
        .post(app.url("/api/v1/session"))
        .json(&json!({"username": "@mallory", "password": "wrong"}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
    on_file
}

#[tokio::test]
async fn the_export_has_a_header_the_filtered_records_and_no_formulas() {
    let on_file = app_with_records().await;
    let app = &on_file.app;

    let lines = csv_lines(app, "?action=device_delete").await;
    assert_eq!(
        lines[0],
        "id,occurred_at,agent,auth_method,action,user_id,device_id,application,reason,outcome,detail,request_id,client_ip"
    );
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[1].contains(",agent,bearer,device_delete,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"click\"\"), lost\""),
        "the reason is quoted and defused: {}",
        lines[1]
    );

    let failed = csv_lines(app, "?outcome=failed").await;
    assert_eq!(failed.len(), 2, "{failed:?}");
    assert!(
        failed[1].contains(",'@mallory,password,login_failed,"),
        "{}",
        failed[1]
    );

    let future = csv_lines(app, "?from=2100-01-01T00:00:00Z").await;
    assert_eq!(future.len(), 1, "only the header: {future:?}");
}

#[tokio::test]
async fn filters_apply_to_the_json_pages_too() {
    let on_file = app_with_records().await;
    let page: Value = audit(
        &on_file.app,
        "?action=login_failed&limit=10",
        "application/json",
    )
    .await
    .json()
    .await
    .unwrap();
    let records = page["records"].as_array().unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["agent"], "@mallory");
    let until_then: Value = audit(&on_file.app, "?to=2000-01-01T00:00:00Z", "application/json")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(until_then["records"], json!([]));
}

#[tokio::test]
async fn an_export_of_more_than_a_page_holds_every_record_once() {
    let on_file = AppOnFile::start("cs-audit-export-many").await;
    on_file
        .execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 450)
             INSERT INTO audit (occurred_at, agent, auth_method, action, target_user, outcome)
             SELECT 1700000000000 + i, 'agent-' || i, 'password', 'device_delete', 'u1', 'succeeded' FROM n",
        )
        .await;
    let lines = csv_lines(&on_file.app, "?userId=u1").await;
    assert_eq!(lines.len(), 451);
    let ids: std::collections::BTreeSet<&str> = lines[1..]
        .iter()
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(ids.len(), 450, "each record once");
    assert!(
        lines[1].contains(",agent-450,"),
        "newest first: {}",
        lines[1]
    );
}

#[tokio::test]
async fn malformed_filters_and_missing_rights_are_refused() {
    let on_file = AppOnFile::start("cs-audit-export-bad").await;
    let app = &on_file.app;
    for query in [
        "?action=launch_missiles",
        "?outcome=maybe",
        "?from=yesterday",
        "?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z",
        "?sort=agent",
    ] {
        for accept in ["application/json", "text/csv"] {
            let detail = problem(audit(app, query, accept).await, 400).await;
            assert!(
                detail["detail"].as_str().is_some_and(|d| !d.is_empty()),
                "{query}: {detail}"
            );
        }
    }
    let agent = app
        .client
        .get(app.url("/api/v1/audit"))
        .bearer_auth(token("ann", &["USERS_ALL"]))
        .header("accept", "text/csv")
        .send()
        .await
        .unwrap();
    problem(agent, 403).await;
}
