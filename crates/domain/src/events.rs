//! The events timeline: both products' events merged newest first, with a cursor for older pages.
//!
//! CIM pages by offset only, the Token Server by page and an end date; neither knows the other's
//! events. A page is made by reading from each source the events older than the cursor (up to one
//! more than asked, to know whether more exist), merging, and cutting at the limit. The cursor names
//! the last event shown, so new events arriving meanwhile do not shift the next page.

use std::cmp::Reverse;
use std::future::Future;
use std::sync::Arc;

use cs_api::{Event, EventSource, EventsPage, SourceName};
use cs_upstream::{TsEventsQuery, UpstreamError};

use crate::caches::EventsPageKey;
use crate::error::DomainError;
use crate::mapping;
use crate::service::CustomerService;
use crate::unavailable::unavailable;

/// The largest page a client may ask for.
pub const MAX_EVENTS_LIMIT: u32 = 100;
/// The page size when a client names none.
pub const DEFAULT_EVENTS_LIMIT: u32 = 20;
/// How many upstream pages one source may be read for one answer: bounds the cost of deep paging
/// and of a type filter that CIM must apply on our side.
const MAX_PAGES_PER_SOURCE: u32 = 20;
/// The Token Server's largest page.
const TOKEN_SERVER_MAX_SIZE: u32 = 1000;

/// Where the previous page ended: the last event it showed. As text (see [`CURSOR_PATTERN`]):
/// `<epoch ms>.<c|t>.<event id as hex>`. Any text of that form is a position in the timeline,
/// whether this service gave it out or not, so the OpenAPI pattern says exactly what is valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventsCursor {
    occurred_ms: i64,
    source: EventSource,
    id: Vec<u8>,
}

/// The longest event id a cursor carries, in bytes.
const MAX_CURSOR_ID_BYTES: usize = 256;

/// The cursors accepted, as a regular expression.
pub const CURSOR_PATTERN: &str = r"^[0-9]{1,16}\.[ct]\.([0-9a-f]{2}){1,256}$";

impl EventsCursor {
    fn after(event: &Event) -> Self {
        let id = event.id.as_bytes();
        EventsCursor {
            occurred_ms: epoch_ms(event),
            source: event.source,
            id: id[..id.len().min(MAX_CURSOR_ID_BYTES)].to_vec(),
        }
    }

    /// The text form given to clients.
    pub fn encode(&self) -> String {
        let source = match self.source {
            EventSource::Cim => 'c',
            EventSource::TokenServer => 't',
        };
        let mut text = format!("{}.{source}.", self.occurred_ms.max(0));
        for byte in &self.id {
            text.push_str(&format!("{byte:02x}"));
        }
        text
    }

    /// Reads a cursor a client sent back.
    pub fn decode(text: &str) -> Result<Self, DomainError> {
        let invalid = || {
            DomainError::InvalidInput(
                "`before` must be `nextBefore` of an earlier page (digits, `.c.` or `.t.`, and hex digits)".into(),
            )
        };
        let mut parts = text.splitn(3, '.');
        let (Some(ms), Some(source), Some(hex)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(invalid());
        };
        if ms.is_empty() || ms.len() > 16 || !ms.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        let occurred_ms = ms.parse().map_err(|_| invalid())?;
        let source = match source {
            "c" => EventSource::Cim,
            "t" => EventSource::TokenServer,
            _ => return Err(invalid()),
        };
        let lower_hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
        if hex.is_empty()
            || hex.len() % 2 != 0
            || hex.len() > 2 * MAX_CURSOR_ID_BYTES
            || !hex.bytes().all(lower_hex)
        {
            return Err(invalid());
        }
        let id = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| invalid()))
            .collect::<Result<_, _>>()?;
        Ok(EventsCursor {
            occurred_ms,
            source,
            id,
        })
    }

    /// The timeline position of this cursor; later positions are older events.
    fn key(&self) -> (Reverse<i64>, u8, &[u8]) {
        (
            Reverse(self.occurred_ms),
            source_rank(self.source),
            &self.id,
        )
    }
}

/// What page of the timeline to give.
#[derive(Debug, Clone)]
pub struct EventsQuery {
    /// How many events, 1 to [`MAX_EVENTS_LIMIT`].
    pub limit: u32,
    /// Only this source, or both.
    pub source: Option<EventSource>,
    /// Only these event types (any of them), or all.
    pub types: Vec<String>,
    /// Only events older than this cursor.
    pub before: Option<EventsCursor>,
}

impl Default for EventsQuery {
    fn default() -> Self {
        EventsQuery {
            limit: DEFAULT_EVENTS_LIMIT,
            source: None,
            types: Vec::new(),
            before: None,
        }
    }
}

fn source_rank(source: EventSource) -> u8 {
    match source {
        EventSource::TokenServer => 0,
        EventSource::Cim => 1,
    }
}

/// When `event` happened, epoch ms.
pub(crate) fn epoch_ms(event: &Event) -> i64 {
    i64::try_from(event.occurred_at.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

/// The timeline order: newest first, ties broken by source and id so the order is total.
fn key(event: &Event) -> (Reverse<i64>, u8, &[u8]) {
    (
        Reverse(epoch_ms(event)),
        source_rank(event.source),
        event.id.as_bytes(),
    )
}

/// The events one source contributed: at most `want + 1`, and whether it may hold more than that.
struct SourceEvents {
    events: Vec<Event>,
    more: bool,
}

/// Reads pages of one source until it has more than `want` events that pass `keep` (while the
/// source answers newest first), the source ends, or the page budget is spent. `fetch(n)` gives
/// page `n` and whether it was the last.
///
/// Stopping early is right only when the source answers newest first, which CIM does not
/// document: once an event arrives newer than one before it, the rest of the source is read
/// (within the budget) and sorted here, so the timeline is right in any order.
async fn collect<F, Fut>(
    want: usize,
    keep: impl Fn(&Event) -> bool,
    fetch: F,
) -> Result<SourceEvents, UpstreamError>
where
    F: Fn(u32) -> Fut,
    Fut: Future<Output = Result<(Vec<Event>, bool), UpstreamError>>,
{
    let mut events = Vec::new();
    let mut oldest_so_far = i64::MAX;
    let mut newest_first = true;
    for page in 0..MAX_PAGES_PER_SOURCE {
        let (batch, last) = fetch(page).await?;
        for event in &batch {
            let at = epoch_ms(event);
            newest_first &= at <= oldest_so_far;
            oldest_so_far = oldest_so_far.min(at);
        }
        events.extend(batch.into_iter().filter(|e| keep(e)));
        if newest_first && events.len() > want {
            events.sort_by(|a, b| key(a).cmp(&key(b)));
            events.truncate(want + 1);
            return Ok(SourceEvents { events, more: true });
        }
        if last {
            events.sort_by(|a, b| key(a).cmp(&key(b)));
            let more = events.len() > want;
            events.truncate(want + 1);
            return Ok(SourceEvents { events, more });
        }
    }
    events.sort_by(|a, b| key(a).cmp(&key(b)));
    events.truncate(want + 1);
    Ok(SourceEvents { events, more: true })
}

impl CustomerService {
    /// A page of the user's events from both products, newest first, a removal made through
    /// Customer Service naming the agent who made it. A failed source is named in
    /// `unavailable`; the page holds the other's events.
    pub async fn events(
        &self,
        user_id: &str,
        query: &EventsQuery,
    ) -> Result<EventsPage, DomainError> {
        if query.limit == 0 || query.limit > MAX_EVENTS_LIMIT {
            return Err(DomainError::InvalidInput(format!(
                "`limit` must be between 1 and {MAX_EVENTS_LIMIT}"
            )));
        }
        let want = query.limit as usize;
        let wants = |source| query.source.is_none_or(|s| s == source);
        let (token_server, cim) = tokio::join!(
            async {
                if wants(EventSource::TokenServer) {
                    Some(self.token_server_events(user_id, query, want).await)
                } else {
                    None
                }
            },
            async {
                if wants(EventSource::Cim) {
                    Some(self.cim_events(user_id, query, want).await)
                } else {
                    None
                }
            },
        );
        let mut merged = Vec::new();
        let mut more = false;
        let mut missing = Vec::new();
        for (source, result) in [
            (SourceName::TokenServerEvents, token_server),
            (SourceName::CimEvents, cim),
        ] {
            match result {
                Some(Ok(part)) => {
                    more |= part.more;
                    merged.extend(part.events);
                }
                Some(Err(error)) => missing.push(unavailable(source, &error)),
                None => {}
            }
        }
        merged.sort_by(|a, b| key(a).cmp(&key(b)));
        more |= merged.len() > want;
        merged.truncate(want);
        self.name_agents(user_id, &mut merged).await;
        let next_before = more
            .then(|| merged.last().map(|e| EventsCursor::after(e).encode()))
            .flatten();
        Ok(EventsPage {
            events: merged,
            next_before,
            unavailable: missing,
        })
    }

    fn keep<'q>(query: &'q EventsQuery) -> impl Fn(&Event) -> bool + 'q {
        move |event| {
            let older = query
                .before
                .as_ref()
                .is_none_or(|cursor| key(event) > cursor.key());
            let typed = query.types.is_empty() || query.types.contains(&event.event_type);
            older && typed
        }
    }

    async fn token_server_events(
        &self,
        user_id: &str,
        query: &EventsQuery,
        want: usize,
    ) -> Result<SourceEvents, UpstreamError> {
        // One more than wanted tells whether more exist; a little slack covers events sharing the
        // cursor's millisecond, which the end date cannot exclude.
        let size = u32::try_from(want + 8)
            .unwrap_or(TOKEN_SERVER_MAX_SIZE)
            .min(TOKEN_SERVER_MAX_SIZE);
        collect(want, Self::keep(query), |page| async move {
            let key = EventsPageKey {
                user_id: user_id.to_owned(),
                start: page,
                size,
                types: query.types.clone(),
                end_date: query.before.as_ref().map(|c| c.occurred_ms),
            };
            let answer = self
                .caches
                .token_server_events
                .get_or_load(key.clone(), move || async move {
                    let mut request = TsEventsQuery::for_user(key.user_id);
                    request.page = key.start;
                    request.size = key.size;
                    request.event_types = key.types;
                    request.end_date = key.end_date;
                    self.token_server.events(&request).await.map(Arc::new)
                })
                .await?;
            let last = answer
                .pagination
                .last_page
                .unwrap_or(answer.received < size as usize)
                || answer.received == 0;
            Ok((
                answer
                    .events
                    .iter()
                    .filter_map(mapping::token_server_event)
                    .collect(),
                last,
            ))
        })
        .await
    }

    async fn cim_events(
        &self,
        user_id: &str,
        query: &EventsQuery,
        want: usize,
    ) -> Result<SourceEvents, UpstreamError> {
        let size = self.cim.events_page_size().clamp(1, 1000);
        collect(want, Self::keep(query), |page| async move {
            let key = EventsPageKey {
                user_id: user_id.to_owned(),
                start: page * size,
                size,
                types: Vec::new(),
                end_date: None,
            };
            let answer = self
                .caches
                .cim_events
                .get_or_load(key, || async move {
                    self.cim
                        .events(user_id, size, page * size)
                        .await
                        .map(Arc::new)
                })
                .await?;
            let last = answer.received < size as usize;
            Ok((
                answer
                    .events
                    .iter()
                    .filter_map(mapping::cim_event)
                    .collect(),
                last,
            ))
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_survives_its_text_form() {
        let cursor = EventsCursor {
            occurred_ms: 1_712_000_000_000,
            source: EventSource::Cim,
            id: b"a|b.c".to_vec(),
        };
        let text = cursor.encode();
        assert_eq!(text, "1712000000000.c.617c622e63");
        assert_eq!(EventsCursor::decode(&text).ok(), Some(cursor));
    }

    #[test]
    fn texts_not_of_the_cursor_form_are_invalid_input() {
        for bad in [
            "",
            "!!!",
            "x.c.61",
            "1.z.61",
            "1.c.",
            "1.c.6",
            "1.c.6G",
            "1.c.6A",
            "-1.c.61",
            "12345678901234567.c.61",
            &format!("1.c.{}", "61".repeat(257)),
        ] {
            assert!(
                matches!(EventsCursor::decode(bad), Err(DomainError::InvalidInput(_))),
                "{bad:?}"
            );
        }
    }
}
