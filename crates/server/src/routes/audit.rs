//! The audit trail, for supervisors: as JSON pages, or all of it (filtered) as CSV.

use std::sync::Arc;

use actix_web::http::header::{ACCEPT, CONTENT_DISPOSITION, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, get, web};
use cs_api::{AuditAction, AuditOutcome, AuditPage, Problem};
use cs_auth::{AuditQuery, AuthService};
use futures::StreamExt as _;
use serde::Deserialize;
use time::OffsetDateTime;
use utoipa::IntoParams;

use super::audit_csv;
use crate::extractors::caller::Caller;
use crate::problem::ApiError;

/// Records read per query of an export.
const EXPORT_PAGE: u32 = 200;

/// Which records to list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct AuditParams {
    /// Only this agent's records.
    agent: Option<String>,
    /// Only records about this end user.
    user_id: Option<String>,
    /// Only this kind of action.
    action: Option<AuditAction>,
    /// Only records that ended so.
    outcome: Option<AuditOutcome>,
    /// Only records from this time on (RFC 3339, inclusive).
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[param(value_type = Option<String>, format = DateTime)]
    from: Option<OffsetDateTime>,
    /// Only records up to this time (RFC 3339, inclusive).
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[param(value_type = Option<String>, format = DateTime)]
    to: Option<OffsetDateTime>,
    /// How many, 1 to 200 (default 50). A CSV export holds every matching record.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u32>,
    /// The `nextBefore` of the previous page.
    before: Option<i64>,
}

fn epoch_ms(at: OffsetDateTime) -> i64 {
    i64::try_from(at.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

impl AuditParams {
    fn query(self) -> Result<AuditQuery, ApiError> {
        let (from_ms, to_ms) = (self.from.map(epoch_ms), self.to.map(epoch_ms));
        if let (Some(from), Some(to)) = (from_ms, to_ms)
            && from > to
        {
            return Err(ApiError::bad_request("`from` must not be after `to`"));
        }
        Ok(AuditQuery {
            agent: self.agent,
            user_id: self.user_id,
            action: self.action,
            outcome: self.outcome,
            from_ms,
            to_ms,
            limit: self.limit.unwrap_or(50),
            before: self.before,
        })
    }
}

/// Read the audit trail.
///
/// Every device deletion and change, sign-out, verification of a caller, login, failed login
/// and logout, newest first: who, how authenticated, what, about whom, why, and how it ended.
/// Filters combine. With `Accept: text/csv` the answer is every matching record as CSV (RFC
/// 4180, streamed, a header row first; cells a spreadsheet would run as a formula are prefixed
/// with `'`), and `limit` is ignored. Needs `AGENTS_READ`.
#[utoipa::path(
    operation_id = "listAudit",
    tag = "audit",
    params(AuditParams),
    responses(
        (status = 200, description = "A page of records (JSON), or every matching record (CSV).",
         content((AuditPage = "application/json"), (String = "text/csv"))),
        (status = 400, description = "A parameter is malformed.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not authenticated.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Without AGENTS_READ.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/audit")]
pub(crate) async fn list_audit(
    caller: Caller,
    auth: web::Data<AuthService>,
    params: web::Query<AuditParams>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    caller.require_read_audit()?;
    let query = params.into_inner().query()?;
    if wants_csv(&request) {
        return export(auth.into_inner(), query).await;
    }
    Ok(HttpResponse::Ok().json(auth.audit_page(query).await?))
}

/// Whether the client asked for CSV.
fn wants_csv(request: &HttpRequest) -> bool {
    request
        .headers()
        .get_all(ACCEPT)
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|media| {
            media
                .split(';')
                .next()
                .is_some_and(|m| m.trim().eq_ignore_ascii_case("text/csv"))
        })
}

/// Every record `query` selects as CSV, read a page at a time while it is sent. The first page
/// is read before answering, so an unreadable trail is a problem, not a broken download.
async fn export(auth: Arc<AuthService>, query: AuditQuery) -> Result<HttpResponse, ApiError> {
    let query = AuditQuery {
        limit: EXPORT_PAGE,
        before: None,
        ..query
    };
    let (first, next) = auth.audit_records(&query).await?;
    let mut head = String::from(audit_csv::HEADER);
    head.extend(first.iter().map(audit_csv::line));
    let rest = futures::stream::unfold(next, move |before| {
        let (auth, query) = (Arc::clone(&auth), query.clone());
        async move {
            let before = before?;
            let page = AuditQuery {
                before: Some(before),
                ..query
            };
            match auth.audit_records(&page).await {
                Ok((records, next)) => {
                    let text: String = records.iter().map(audit_csv::line).collect();
                    Some((Ok(web::Bytes::from(text)), next))
                }
                Err(error) => {
                    tracing::error!(error = %error, "the audit export stopped part-way");
                    Some((
                        Err(actix_web::error::ErrorServiceUnavailable(
                            "audit trail unreadable",
                        )),
                        None,
                    ))
                }
            }
        }
    });
    let body =
        futures::stream::once(async move { Ok::<_, actix_web::Error>(web::Bytes::from(head)) })
            .chain(rest);
    let stamp = OffsetDateTime::now_utc();
    let disposition = format!(
        "attachment; filename=\"audit-{:04}{:02}{:02}.csv\"",
        stamp.year(),
        u8::from(stamp.month()),
        stamp.day()
    );
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            CONTENT_DISPOSITION,
            HeaderValue::from_str(&disposition).unwrap_or(HeaderValue::from_static("attachment")),
        ))
        .streaming(body))
}
