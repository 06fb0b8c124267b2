//! Event queries of both products: filters, newest-first order and pagination.

use std::borrow::Cow;

use serde::Serialize;

use crate::model::{CimEvent, TsEvent};
use crate::store::{PersonSlot, SimState, read};

/// A Token Server events query (§2), already validated.
#[derive(Debug, Default, Clone)]
pub(crate) struct TsEventQuery {
    pub(crate) user_id: Option<String>,
    pub(crate) client_id: Option<String>,
    pub(crate) event_types: Vec<String>,
    pub(crate) exclude_event_types: Vec<String>,
    pub(crate) transaction_id: Option<String>,
    pub(crate) start_date: Option<i64>,
    pub(crate) end_date: Option<i64>,
    pub(crate) end_date_exclusive: bool,
    pub(crate) page: u64,
    pub(crate) size: u64,
}

impl TsEventQuery {
    fn matches(&self, e: &TsEvent) -> bool {
        self.client_id
            .as_deref()
            .is_none_or(|c| e.client_id == Some(c))
            && (self.event_types.is_empty() || self.event_types.iter().any(|t| t == e.event_type))
            && !self.exclude_event_types.iter().any(|t| t == e.event_type)
            && self
                .transaction_id
                .as_deref()
                .is_none_or(|t| e.transaction_id == t)
            && self.start_date.is_none_or(|s| e.occurred >= s)
            && self.end_date.is_none_or(|end| {
                if self.end_date_exclusive {
                    e.occurred < end
                } else {
                    e.occurred <= end
                }
            })
    }
}

/// The Token Server's answer: `{"result_set":[...],"pagination":{...}}`.
#[derive(Debug, Serialize)]
pub(crate) struct TsEventPage {
    pub(crate) result_set: Vec<TsEvent>,
    pub(crate) pagination: TsPagination,
}

/// The Token Server's pagination object, every documented field filled.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub(crate) struct TsPagination {
    pub(crate) total_results: u64,
    pub(crate) offset: u64,
    pub(crate) page_size: u64,
    pub(crate) number_of_pages: u64,
    pub(crate) first_page: bool,
    pub(crate) last_page: bool,
    pub(crate) previous_page: Option<u64>,
    pub(crate) next_page: Option<u64>,
}

impl TsPagination {
    pub(crate) fn new(total: u64, page: u64, size: u64) -> TsPagination {
        let size = size.max(1);
        let number_of_pages = total.div_ceil(size);
        TsPagination {
            total_results: total,
            offset: page.saturating_mul(size),
            page_size: size,
            number_of_pages,
            first_page: page == 0,
            last_page: page.saturating_add(1) >= number_of_pages,
            previous_page: page.checked_sub(1),
            next_page: Some(page.saturating_add(1)).filter(|&next| next < number_of_pages),
        }
    }
}

/// A CIM events query (§4), already validated.
#[derive(Debug, Default, Clone)]
pub(crate) struct CimEventQuery {
    pub(crate) user_id: Option<String>,
    pub(crate) actor: Option<String>,
    pub(crate) limit: u64,
    pub(crate) offset: u64,
}

/// The CIM's answer: `{"resultSet":[...],"pagination":{...}}` (camelCase `resultSet` [DOC]).
#[derive(Debug, Serialize)]
pub(crate) struct CimEventPage {
    #[serde(rename = "resultSet")]
    pub(crate) result_set: Vec<CimEvent>,
    pub(crate) pagination: CimPagination,
}

/// The CIM's pagination object.
#[derive(Debug, Serialize)]
pub(crate) struct CimPagination {
    pub(crate) total_results: u64,
    pub(crate) offset: u64,
    pub(crate) limit: u64,
}

fn to_u64(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// Newest first; the identifier breaks ties so pages never overlap.
fn newest_first<T>(items: &mut [Cow<'_, T>], key: impl Fn(&T) -> (i64, &str))
where
    T: Clone,
{
    items.sort_unstable_by(|a, b| key(b).cmp(&key(a)));
}

impl SimState {
    /// The persons a query with an optional user id looks at.
    fn scope(&self, user_id: Option<&str>) -> Vec<&PersonSlot> {
        match user_id {
            Some(id) => self.slot(id).into_iter().collect(),
            None => self.slots().iter().collect(),
        }
    }

    /// Answers a Token Server events query.
    pub(crate) fn query_ts_events(&self, q: &TsEventQuery) -> TsEventPage {
        let mut hits: Vec<Cow<'_, TsEvent>> = Vec::new();
        for slot in self.scope(q.user_id.as_deref()) {
            // Copy recorded hits out so the lock is held only for the scan.
            hits.extend(
                read(slot.ts_recorded())
                    .iter()
                    .filter(|e| q.matches(e))
                    .cloned()
                    .map(Cow::Owned),
            );
            hits.extend(
                self.ts_seeded(slot)
                    .iter()
                    .filter(|e| q.matches(e))
                    .map(Cow::Borrowed),
            );
        }
        newest_first(&mut hits, |e: &TsEvent| {
            (e.occurred, e.event_identifier.as_str())
        });
        let total = to_u64(hits.len());
        let offset = to_usize(q.page.saturating_mul(q.size));
        let result_set = hits
            .into_iter()
            .skip(offset)
            .take(to_usize(q.size))
            .map(Cow::into_owned)
            .collect();
        TsEventPage {
            result_set,
            pagination: TsPagination::new(total, q.page, q.size),
        }
    }

    /// Answers a CIM events query.
    pub(crate) fn query_cim_events(&self, q: &CimEventQuery) -> CimEventPage {
        let actor_matches = |e: &CimEvent| {
            q.actor
                .as_deref()
                .is_none_or(|a| e.actor.eq_ignore_ascii_case(a))
        };
        let mut hits: Vec<Cow<'_, CimEvent>> = self
            .scope(q.user_id.as_deref())
            .into_iter()
            .flat_map(|slot| self.cim_seeded(slot))
            .filter(|e| actor_matches(e))
            .map(Cow::Borrowed)
            .collect();
        newest_first(&mut hits, |e: &CimEvent| {
            (e.occurred, e.event_identifier.as_str())
        });
        let total = to_u64(hits.len());
        let result_set = hits
            .into_iter()
            .skip(to_usize(q.offset))
            .take(to_usize(q.limit))
            .map(Cow::into_owned)
            .collect();
        CimEventPage {
            result_set,
            pagination: CimPagination {
                total_results: total,
                offset: q.offset,
                limit: q.limit,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagination_fields() {
        let p = TsPagination::new(3, 0, 10);
        assert_eq!(p.number_of_pages, 1);
        assert!(p.first_page && p.last_page);
        assert_eq!((p.previous_page, p.next_page), (None, None));

        let p = TsPagination::new(45, 1, 20);
        assert_eq!(p.offset, 20);
        assert_eq!(p.number_of_pages, 3);
        assert!(!p.first_page && !p.last_page);
        assert_eq!((p.previous_page, p.next_page), (Some(0), Some(2)));

        let p = TsPagination::new(0, 0, 20);
        assert_eq!(p.number_of_pages, 0);
        assert!(p.first_page && p.last_page);
    }
}
