//! CIM Person API: the migration status (ONEGINI-APIS.md §3 [DOC]), the one documented way
//! from an e-mail address to a person.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde_json::{Map, Value, json};

use crate::errors;
use crate::store::SimState;
use crate::variants::MigrationNotFound;

/// `status` when a person has the address. The values are not documented [OURS].
pub(crate) const FOUND_STATUS: &str = "EXISTS_IN_IDP";
/// `status` when nobody has the address [OURS].
pub(crate) const NOT_FOUND_STATUS: &str = "NOT_FOUND";

/// `POST /api/migration/status` with `{"email": "..."}`: the first person (in seed order)
/// with that address, compared case-insensitively like the search. The optional header
/// `X-Onegini-Persons-Partition-Id` is accepted and ignored: the simulator has one partition.
pub(crate) async fn status(state: web::Data<SimState>, body: web::Bytes) -> HttpResponse {
    let variants = state.variants();
    if !variants.migration_status {
        return errors::bodiless(StatusCode::SERVICE_UNAVAILABLE);
    }
    let email = match requested_email(&body) {
        Ok(email) => email,
        Err((code, message)) => return errors::cim(StatusCode::BAD_REQUEST, code, message),
    };
    let answer = match state.slots_by_email(&email).next() {
        Some(slot) => json!({ "status": FOUND_STATUS, "person_id": slot.person.person_id }),
        None => not_found(variants.migration_not_found),
    };
    HttpResponse::Ok().json(answer)
}

/// The e-mail address of the body, or the CIM error for a body without one.
fn requested_email(body: &[u8]) -> Result<String, (u32, &'static str)> {
    const MISSING: (u32, &str) = (4001, "email is required");
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(MISSING);
    }
    let value: Value =
        serde_json::from_slice(body).map_err(|_| (4000, "Request body is not valid JSON"))?;
    value
        .get("email")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(str::to_owned)
        .ok_or(MISSING)
}

fn not_found(shape: MigrationNotFound) -> Value {
    let mut answer = Map::new();
    answer.insert("status".to_owned(), NOT_FOUND_STATUS.into());
    match shape {
        MigrationNotFound::Absent => {}
        MigrationNotFound::Null => {
            answer.insert("person_id".to_owned(), Value::Null);
        }
        MigrationNotFound::Empty => {
            answer.insert("person_id".to_owned(), "".into());
        }
    }
    Value::Object(answer)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn reads_the_email_or_tells_what_is_wrong() {
        assert_eq!(
            requested_email(br#"{"email":" Joe@Example.com "}"#).unwrap(),
            "Joe@Example.com"
        );
        for missing in [
            &b""[..],
            b"  ",
            b"{}",
            br#"{"email":""}"#,
            br#"{"email":null}"#,
            br#"{"email":7}"#,
            b"[]",
        ] {
            assert_eq!(requested_email(missing).unwrap_err().0, 4001);
        }
        assert_eq!(requested_email(b"{email").unwrap_err().0, 4000);
    }

    #[test]
    fn not_found_has_each_shape() {
        assert_eq!(
            not_found(MigrationNotFound::Absent),
            json!({"status": "NOT_FOUND"})
        );
        assert_eq!(
            not_found(MigrationNotFound::Null),
            json!({"status": "NOT_FOUND", "person_id": null})
        );
        assert_eq!(
            not_found(MigrationNotFound::Empty),
            json!({"status": "NOT_FOUND", "person_id": ""})
        );
    }
}
