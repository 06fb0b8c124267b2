//! Event queries of both products: filters, order (newest first unless a setting says
//! otherwise) and pagination.

use serde::Serialize;

use crate::model::{CimEvent, TsEvent};
use crate::store::{EventRef, PersonSlot, SimState, read};
use crate::variants::EventOrder;

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

/// Sort key: newest first, the identifier breaking ties so that pages never overlap.
fn ts_key(e: &TsEvent) -> (i64, &str) {
    (e.occurred, e.event_identifier.as_str())
}

fn cim_key(e: &CimEvent) -> (i64, &str) {
    (e.occurred, e.event_identifier.as_str())
}

/// Merges two newest-first streams, counting every item and cloning only one page of them.
fn merged_page<'a, T: Clone + 'a>(
    recorded: Vec<T>,
    seeded: impl Iterator<Item = &'a T>,
    key: impl Fn(&T) -> (i64, &str),
    offset: usize,
    limit: usize,
) -> (u64, Vec<T>) {
    let mut recorded = recorded.into_iter().peekable();
    let mut seeded = seeded.peekable();
    let mut seen = 0usize;
    let mut page = Vec::with_capacity(limit.min(1000));
    loop {
        let from_recorded = match (recorded.peek(), seeded.peek()) {
            (None, None) => break,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (Some(a), Some(b)) => key(a) >= key(b),
        };
        let wanted = seen >= offset && seen - offset < limit;
        if from_recorded {
            if let Some(item) = recorded.next().filter(|_| wanted) {
                page.push(item);
            }
        } else if let Some(item) = seeded.next().filter(|_| wanted) {
            page.push(item.clone());
        }
        seen += 1;
    }
    (to_u64(seen), page)
}

/// Where an event goes in the shuffled order: a hash of the seed and its identifier (FNV-1a,
/// then the SplitMix64 finalizer), so the order is the same on every page and every run.
fn shuffle_key(seed: u64, identifier: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in seed.to_le_bytes().iter().chain(identifier.as_bytes()) {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// Like [`merged_page`], but the page is cut from the events in `order`. Any order but newest
/// first needs every matching event in memory; only tests choose one.
fn ordered_page<'a, T: Clone + 'a>(
    recorded: Vec<T>,
    seeded: impl Iterator<Item = &'a T>,
    key: impl Fn(&T) -> (i64, &str),
    offset: usize,
    limit: usize,
    order: EventOrder,
    seed: u64,
) -> (u64, Vec<T>) {
    if order == EventOrder::NewestFirst {
        return merged_page(recorded, seeded, key, offset, limit);
    }
    let (total, mut all) = merged_page(recorded, seeded, &key, 0, usize::MAX);
    match order {
        EventOrder::NewestFirst => {}
        EventOrder::OldestFirst => all.reverse(),
        // Stable: equal keys (never seen in practice) keep newest first.
        EventOrder::Shuffled => all.sort_by_cached_key(|e| shuffle_key(seed, key(e).1)),
    }
    (total, all.into_iter().skip(offset).take(limit).collect())
}

/// Sorts references to every person's seeded events, newest first.
fn build_index<'a, T: 'a>(
    lists: impl Iterator<Item = (usize, &'a [T])>,
    key: impl Fn(&T) -> (i64, &str),
) -> Vec<EventRef> {
    let mut refs: Vec<(EventRef, &T)> = lists
        .flat_map(|(slot, events)| {
            events.iter().enumerate().map(move |(i, e)| {
                let r = (
                    u32::try_from(slot).unwrap_or(u32::MAX),
                    u32::try_from(i).unwrap_or(u32::MAX),
                );
                (r, e)
            })
        })
        .collect();
    refs.sort_unstable_by(|a, b| key(b.1).cmp(&key(a.1)));
    refs.into_iter().map(|(r, _)| r).collect()
}

impl SimState {
    /// Every seeded Token Server event, newest first.
    fn all_ts_seeded(&self) -> impl Iterator<Item = &TsEvent> {
        let index = self.ts_index().get_or_init(|| {
            build_index(
                self.slots().iter().map(|s| (s.index, self.ts_seeded(s))),
                ts_key,
            )
        });
        index.iter().filter_map(|&(slot, i)| {
            let slot = self.slots().get(usize::try_from(slot).ok()?)?;
            self.ts_seeded(slot).get(usize::try_from(i).ok()?)
        })
    }

    /// Every seeded CIM event, newest first.
    fn all_cim_seeded(&self) -> impl Iterator<Item = &CimEvent> {
        let index = self.cim_index().get_or_init(|| {
            build_index(
                self.slots().iter().map(|s| (s.index, self.cim_seeded(s))),
                cim_key,
            )
        });
        index.iter().filter_map(|&(slot, i)| {
            let slot = self.slots().get(usize::try_from(slot).ok()?)?;
            self.cim_seeded(slot).get(usize::try_from(i).ok()?)
        })
    }

    /// Recorded events matching `q`, newest first, copied out so no lock outlives the scan.
    fn recorded_ts(&self, slots: &[&PersonSlot], q: &TsEventQuery) -> Vec<TsEvent> {
        let mut hits: Vec<TsEvent> = slots
            .iter()
            .flat_map(|slot| {
                read(slot.ts_recorded())
                    .iter()
                    .rev()
                    .filter(|e| q.matches(e))
                    .cloned()
                    .collect::<Vec<_>>()
            })
            .collect();
        if slots.len() > 1 {
            hits.sort_unstable_by(|a, b| ts_key(b).cmp(&ts_key(a)));
        }
        hits
    }

    /// Answers a Token Server events query.
    pub(crate) fn query_ts_events(&self, q: &TsEventQuery) -> TsEventPage {
        let offset = to_usize(q.page.saturating_mul(q.size));
        let limit = to_usize(q.size);
        let (order, seed) = (self.variants().ts_events_order, self.seed());
        let (total, result_set) = match q.user_id.as_deref() {
            Some(user_id) => match self.slot(user_id) {
                Some(slot) => ordered_page(
                    self.recorded_ts(&[slot], q),
                    self.ts_seeded(slot).iter().filter(|e| q.matches(e)),
                    ts_key,
                    offset,
                    limit,
                    order,
                    seed,
                ),
                None => (0, Vec::new()),
            },
            None => {
                let slots: Vec<&PersonSlot> = self.slots().iter().collect();
                ordered_page(
                    self.recorded_ts(&slots, q),
                    self.all_ts_seeded().filter(|e| q.matches(e)),
                    ts_key,
                    offset,
                    limit,
                    order,
                    seed,
                )
            }
        };
        TsEventPage {
            result_set,
            pagination: TsPagination::new(total, q.page, q.size),
        }
    }

    /// Answers a CIM events query.
    pub(crate) fn query_cim_events(&self, q: &CimEventQuery) -> CimEventPage {
        let actor_matches = |e: &&CimEvent| {
            q.actor
                .as_deref()
                .is_none_or(|a| e.actor.eq_ignore_ascii_case(a))
        };
        let offset = to_usize(q.offset);
        let limit = to_usize(q.limit);
        let (order, seed) = (self.variants().cim_events_order, self.seed());
        let (total, result_set) = match q.user_id.as_deref() {
            Some(user_id) => match self.slot(user_id) {
                Some(slot) => ordered_page(
                    Vec::new(),
                    self.cim_seeded(slot).iter().filter(actor_matches),
                    cim_key,
                    offset,
                    limit,
                    order,
                    seed,
                ),
                None => (0, Vec::new()),
            },
            None => ordered_page(
                Vec::new(),
                self.all_cim_seeded().filter(actor_matches),
                cim_key,
                offset,
                limit,
                order,
                seed,
            ),
        };
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
    fn merged_pages_interleave_both_streams() {
        fn key(x: &(i64, String)) -> (i64, &str) {
            (x.0, x.1.as_str())
        }
        let recorded = vec![(9, "r9".to_owned()), (5, "r5".to_owned())];
        let seeded = [
            (8, "s8".to_owned()),
            (5, "s5".to_owned()),
            (1, "s1".to_owned()),
        ];
        let (total, page) = merged_page(recorded.clone(), seeded.iter(), key, 1, 3);
        assert_eq!(total, 5);
        let names: Vec<&str> = page.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(names, ["s8", "s5", "r5"]);
        let (_, past) = merged_page(recorded, seeded.iter(), key, 10, 3);
        assert!(past.is_empty());
    }

    #[test]
    fn ordered_pages_cut_the_reordered_list() {
        fn key(x: &(i64, String)) -> (i64, &str) {
            (x.0, x.1.as_str())
        }
        let seeded: Vec<(i64, String)> = (0..20).rev().map(|i| (i, format!("e{i}"))).collect();
        let names = |order, offset, limit| -> Vec<String> {
            ordered_page(Vec::new(), seeded.iter(), key, offset, limit, order, 42)
                .1
                .into_iter()
                .map(|x| x.1)
                .collect()
        };
        assert_eq!(names(EventOrder::OldestFirst, 1, 3), ["e1", "e2", "e3"]);
        assert_eq!(names(EventOrder::NewestFirst, 1, 3), ["e18", "e17", "e16"]);
        let shuffled = names(EventOrder::Shuffled, 0, 20);
        assert_eq!(shuffled, names(EventOrder::Shuffled, 0, 20));
        assert_ne!(shuffled, names(EventOrder::NewestFirst, 0, 20));
        assert_ne!(shuffled, names(EventOrder::OldestFirst, 0, 20));
        let paged: Vec<String> = (0..4)
            .flat_map(|p| names(EventOrder::Shuffled, p * 5, 5))
            .collect();
        assert_eq!(paged, shuffled);
    }

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
