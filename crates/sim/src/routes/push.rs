//! The user's phone as controls: list the pending mobile authentication requests and answer
//! one (`/_sim/push`), for tests and for the phone page.

use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_TYPE, LOCATION};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::caller::client_ip;
use crate::errors;
use crate::mobile_auth::{Answer, AnswerError, PushStatus, PushTransaction};
use crate::store::SimState;

/// Where a form answer goes back to.
const PHONE_PAGE: &str = "/_sim/phone";

/// A request as the phone shows it.
#[derive(Serialize)]
struct PushRow {
    transaction_id: String,
    user_id: String,
    device_id: String,
    device_name: String,
    application: &'static str,
    message: String,
    status: PushStatus,
    /// Whole seconds left, 0 unless pending.
    expires_in: i64,
}

impl PushRow {
    fn new(transaction: PushTransaction, now_ms: i64) -> PushRow {
        PushRow {
            expires_in: transaction.expires_in(now_ms),
            transaction_id: transaction.id,
            user_id: transaction.user_id,
            device_id: transaction.device_id,
            device_name: transaction.device_name,
            application: transaction.application,
            message: transaction.message,
            status: transaction.status,
        }
    }
}

/// `GET /_sim/push`: the pending requests, newest first.
pub(crate) async fn pending(state: web::Data<SimState>) -> HttpResponse {
    let now = state.now_ms();
    let rows: Vec<PushRow> = state
        .pending_pushes()
        .into_iter()
        .map(|t| PushRow::new(t, now))
        .collect();
    HttpResponse::Ok().json(rows)
}

#[derive(Deserialize)]
struct AnswerBody {
    answer: String,
}

/// Whether the request is a form post (from the phone page) rather than JSON.
fn is_form(req: &HttpRequest) -> bool {
    req.headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        })
}

/// The `answer` of a form or JSON body.
fn answer_of(body: &[u8], form: bool) -> Option<Answer> {
    let text = if form {
        url::form_urlencoded::parse(body)
            .find(|(key, _)| key == "answer")
            .map(|(_, value)| value.into_owned())
    } else {
        serde_json::from_slice::<AnswerBody>(body)
            .ok()
            .map(|b| b.answer)
    };
    Answer::parse(text?.as_str())
}

/// `POST /_sim/push/{transaction_id}` with `{"answer":"approve"|"deny"|"expire"}` (200, the
/// request as `GET /_sim/push` shows it) or the same as a form (303 to the phone page).
pub(crate) async fn answer(
    state: web::Data<SimState>,
    path: web::Path<String>,
    req: HttpRequest,
    body: web::Bytes,
) -> HttpResponse {
    let form = is_form(&req);
    let Some(answer) = answer_of(&body, form) else {
        return errors::control(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Body must be {\"answer\":\"approve\"|\"deny\"|\"expire\"} or the same as a form",
        );
    };
    match state.answer_push(&path, answer, &client_ip(&req)) {
        Ok(_) if form => HttpResponse::SeeOther()
            .insert_header((LOCATION, PHONE_PAGE))
            .finish(),
        Ok(transaction) => HttpResponse::Ok().json(PushRow::new(transaction, state.now_ms())),
        Err(AnswerError::Unknown) => errors::control(
            StatusCode::NOT_FOUND,
            "not_found",
            "No such mobile authentication request",
        ),
        Err(AnswerError::NotPending) => errors::control(
            StatusCode::CONFLICT,
            "not_pending",
            "The request was answered already or has expired",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_come_as_json_or_as_a_form() {
        assert_eq!(
            answer_of(br#"{"answer":"approve"}"#, false),
            Some(Answer::Approve)
        );
        assert_eq!(answer_of(b"answer=deny", true), Some(Answer::Deny));
        assert_eq!(answer_of(b"answer=deny", false), None);
        assert_eq!(answer_of(br#"{"answer":"maybe"}"#, false), None);
        assert_eq!(answer_of(b"", true), None);
    }
}
