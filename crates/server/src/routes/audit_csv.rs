//! The audit trail as CSV (RFC 4180), safe to open in a spreadsheet: a cell that a spreadsheet
//! would read as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is
//! prefixed with `'`, so an agent's reason or an upstream name can never run as one.

use cs_api::{AuditRecord, AuthMethod};
use time::format_description::well_known::Rfc3339;

/// The header row.
pub(crate) const HEADER: &str = "id,occurred_at,agent,auth_method,action,user_id,device_id,\
application,reason,outcome,detail,request_id,client_ip\r\n";

/// One cell: defused, and quoted when it holds a separator, a quote or a line break.
fn cell(text: &str) -> String {
    let defused = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if defused.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

/// The wire name of a snake_case enum, as the JSON form spells it.
fn name<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => text,
        _ => String::new(),
    }
}

/// One record as a CSV line, ending in CRLF.
pub(crate) fn line(record: &AuditRecord) -> String {
    let optional = |value: &Option<String>| cell(value.as_deref().unwrap_or(""));
    let method: &AuthMethod = &record.auth_method;
    let cells = [
        record.id.to_string(),
        record.occurred_at.format(&Rfc3339).unwrap_or_default(),
        cell(&record.agent),
        name(method),
        name(&record.action),
        optional(&record.user_id),
        optional(&record.device_id),
        optional(&record.application),
        optional(&record.reason),
        name(&record.outcome),
        optional(&record.detail),
        optional(&record.request_id),
        optional(&record.client_ip),
    ];
    let mut line = cells.join(",");
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_separators_quoted() {
        assert_eq!(cell("lost phone"), "lost phone");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+31 6 1234"), "'+31 6 1234");
        assert_eq!(cell("-1"), "'-1");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("\tx"), "'\tx");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(cell("a-b=c"), "a-b=c");
    }

    #[test]
    fn a_line_has_every_column_of_the_header() {
        let record: AuditRecord = serde_json::from_value(serde_json::json!({
            "id": 7, "occurredAt": "2026-12-01T10:00:00Z", "agent": "ann", "authMethod": "password",
            "action": "device_delete", "userId": "u1", "deviceId": "d1", "reason": "=1+1, really",
            "outcome": "failed", "detail": "kept"
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        let line = line(&record);
        assert_eq!(
            line,
            "7,2026-12-01T10:00:00Z,ann,password,device_delete,u1,d1,,\"'=1+1, really\",failed,kept,,\r\n"
        );
        assert_eq!(line.matches(',').count(), HEADER.matches(',').count() + 1);
    }
}
