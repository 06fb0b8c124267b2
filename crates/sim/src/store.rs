//! The shared simulator state: immutable persons, per-person device lists and event logs
//! behind their own locks (so requests for different persons never contend), fault rules and
//! request counters.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, OnceLock, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;

use crate::faults::{self, FaultPlan, FaultRule, FaultRuleError};
use crate::mobile_auth::PushTransactions;
use crate::model::{CimEvent, Device, Person, PersonSummary, TsEvent};
use crate::route_id::{Api, RouteId};
use crate::seed;
use crate::settings::{PUSH_VALIDITY_SECONDS, SimSettings};
use crate::stats::Stats;
use crate::variants::{CimEventsUserParam, EventOrder, MigrationNotFound};

/// A cheap, clonable handle to the simulator's state.
#[derive(Clone)]
pub struct SimState {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for SimState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimState")
            .field("seed", &self.inner.seed)
            .field("persons", &self.inner.slots.len())
            .finish_non_exhaustive()
    }
}

/// How the vendor routes answer where products differ between versions or the documentation
/// leaves a choice (copied from [`SimSettings`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Variants {
    pub(crate) migration_status: bool,
    pub(crate) migration_not_found: MigrationNotFound,
    pub(crate) person_search: bool,
    pub(crate) cim_events_user_param: CimEventsUserParam,
    pub(crate) cim_events_order: EventOrder,
    pub(crate) ts_events_order: EventOrder,
}

impl Variants {
    fn of(settings: &SimSettings) -> Variants {
        Variants {
            migration_status: settings.migration_status,
            migration_not_found: settings.migration_not_found,
            person_search: settings.person_search,
            cim_events_user_param: settings.cim_events_user_param,
            cim_events_order: settings.cim_events_order,
            ts_events_order: settings.ts_events_order,
        }
    }
}

/// One pair of HTTP Basic credentials.
pub(crate) struct Credentials {
    pub(crate) user: String,
    pub(crate) password: String,
}

struct Inner {
    seed: u64,
    anchor_ms: i64,
    /// How far [`SimState::advance_clock`] moved the clock on, in ms.
    clock_offset_ms: AtomicI64,
    slots: Vec<PersonSlot>,
    by_id: HashMap<String, usize>,
    by_email: HashMap<String, Vec<usize>>,
    faults: RwLock<Arc<[FaultRule]>>,
    stats: Stats,
    /// The HTTP Basic pair of each API, indexed by [`Api::index`].
    credentials: [Credentials; Api::ALL.len()],
    variants: Variants,
    cim_config: Value,
    identity_providers: Value,
    /// Every seeded Token Server event, newest first, built on the first query without a user.
    ts_index: OnceLock<Vec<EventRef>>,
    /// Every seeded CIM event, newest first, built on the first query by actor alone.
    cim_index: OnceLock<Vec<EventRef>>,
    /// Mobile authentication requests (pushes) of every user, answered or not.
    push: RwLock<PushTransactions>,
    /// How long a push can be answered, in ms.
    push_validity_ms: i64,
}

/// Where a seeded event lives: (person index, position in that person's list).
pub(crate) type EventRef = (u32, u32);

/// One person with everything that hangs off it.
pub(crate) struct PersonSlot {
    pub(crate) index: usize,
    pub(crate) person: Person,
    seeded_devices: Vec<Device>,
    devices: RwLock<Vec<Device>>,
    /// Generated on first use: most persons are never asked for their events.
    ts_seeded: OnceLock<Vec<TsEvent>>,
    /// Events recorded at run time, oldest first (appended as they happen).
    ts_recorded: RwLock<Vec<TsEvent>>,
    cim_seeded: OnceLock<Vec<CimEvent>>,
    /// The user was signed out everywhere: no session left until the data is reset.
    signed_out: std::sync::atomic::AtomicBool,
}

/// Reads a lock, recovering from poisoning: the data stays consistent because every writer
/// finishes its change before anything can panic.
pub(crate) fn read<T>(lock: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(PoisonError::into_inner)
}

/// Writes a lock, recovering from poisoning (see [`read`]).
pub(crate) fn write<T>(lock: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(PoisonError::into_inner)
}

/// Wall-clock time in epoch ms.
pub(crate) fn system_now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

impl SimState {
    /// Generates the data of `settings` (without starting a server). Fault rules are taken as
    /// they are; [`crate::RunningSim::start`] validates them first.
    pub fn new(settings: &SimSettings) -> SimState {
        let anchor_ms = settings.clock_anchor_ms.unwrap_or_else(system_now_ms);
        let drafted = seed::persons::generate(settings.seed, settings.persons);
        let mut slots: Vec<PersonSlot> = drafted
            .into_iter()
            .enumerate()
            .map(|(index, d)| {
                let mut devices =
                    seed::devices::generate(settings.seed, index, d.first_name, anchor_ms);
                seed::devices::make_windows_devices(
                    settings.seed,
                    index,
                    d.first_name,
                    &mut devices,
                    settings.windows_devices_percent,
                );
                PersonSlot {
                    index,
                    person: d.person,
                    seeded_devices: devices,
                    devices: RwLock::new(Vec::new()),
                    ts_seeded: OnceLock::new(),
                    ts_recorded: RwLock::new(Vec::new()),
                    signed_out: std::sync::atomic::AtomicBool::new(false),
                    cim_seeded: OnceLock::new(),
                }
            })
            .collect();
        mark_special_devices(&mut slots);
        let mut by_id = HashMap::with_capacity(slots.len());
        let mut by_email: HashMap<String, Vec<usize>> = HashMap::with_capacity(slots.len() * 2);
        for slot in &mut slots {
            *write(&slot.devices) = slot.seeded_devices.clone();
            by_id.insert(slot.person.person_id.to_ascii_lowercase(), slot.index);
            for email in &slot.person.email_addresses {
                by_email
                    .entry(email.value.to_lowercase())
                    .or_default()
                    .push(slot.index);
            }
        }
        SimState {
            inner: Arc::new(Inner {
                seed: settings.seed,
                anchor_ms,
                clock_offset_ms: AtomicI64::new(0),
                slots,
                by_id,
                by_email,
                faults: RwLock::new(settings.faults.clone().into()),
                stats: Stats::default(),
                credentials: Api::ALL.map(|api| {
                    let (user, password) = settings.api_credentials(api);
                    Credentials {
                        user: user.to_owned(),
                        password: password.to_owned(),
                    }
                }),
                variants: Variants::of(settings),
                cim_config: seed::config::cim_config(),
                identity_providers: seed::config::identity_providers(),
                ts_index: OnceLock::new(),
                cim_index: OnceLock::new(),
                push: RwLock::new(PushTransactions::default()),
                // Out of range acts as the nearest bound, like a fault rate above 1;
                // `RunningSim::start` refuses it first.
                push_validity_ms: i64::from(
                    settings
                        .push_validity_seconds
                        .clamp(*PUSH_VALIDITY_SECONDS.start(), *PUSH_VALIDITY_SECONDS.end()),
                ) * 1000,
            }),
        }
    }

    // ---- faults and stats -------------------------------------------------------------

    /// Replaces the fault rules. Out-of-range values are not refused here (a rate above 1
    /// acts as 1); use [`SimState::try_set_faults`] to have them checked.
    pub fn set_faults(&self, rules: Vec<FaultRule>) {
        *write(&self.inner.faults) = rules.into();
    }

    /// Replaces the fault rules after checking them all; on error nothing changes.
    pub fn try_set_faults(&self, rules: Vec<FaultRule>) -> Result<(), FaultRuleError> {
        faults::validate_all(&rules)?;
        self.set_faults(rules);
        Ok(())
    }

    /// The fault rules in force.
    pub fn faults(&self) -> Vec<FaultRule> {
        read(&self.inner.faults).to_vec()
    }

    /// Removes every fault rule.
    pub fn clear_faults(&self) {
        self.set_faults(Vec::new());
    }

    /// Request count per route id, every route id present.
    pub fn stats(&self) -> BTreeMap<String, u64> {
        self.inner.stats.snapshot()
    }

    /// Sets every request count to zero.
    pub fn reset_stats(&self) {
        self.inner.stats.reset();
    }

    pub(crate) fn count(&self, route: RouteId) {
        self.inner.stats.count(route);
    }

    pub(crate) fn fault_plan(&self, route: RouteId) -> FaultPlan {
        let rules = Arc::clone(&read(&self.inner.faults));
        if rules.is_empty() {
            return FaultPlan::default();
        }
        faults::plan(&rules, route, &mut rand::rng())
    }

    /// The credentials `api` accepts.
    pub(crate) fn credentials(&self, api: Api) -> Option<&Credentials> {
        self.inner.credentials.get(api.index())
    }

    /// How the vendor routes answer where the vendor's products differ.
    pub(crate) fn variants(&self) -> Variants {
        self.inner.variants
    }

    pub(crate) fn cim_config(&self) -> &Value {
        &self.inner.cim_config
    }

    pub(crate) fn identity_providers(&self) -> &Value {
        &self.inner.identity_providers
    }

    // ---- persons ----------------------------------------------------------------------

    /// The seed the data was generated from.
    pub fn seed(&self) -> u64 {
        self.inner.seed
    }

    /// How many persons exist.
    pub fn person_count(&self) -> usize {
        self.inner.slots.len()
    }

    /// The first `limit` persons in seed order, with or without devices.
    pub fn persons(&self, limit: usize) -> Vec<PersonSummary> {
        self.inner
            .slots
            .iter()
            .take(limit)
            .map(PersonSlot::summary)
            .collect()
    }

    /// The first `n` persons (in seed order) that have at least one device right now. With the
    /// seeded data, the first holds the device named [`crate::HOSTILE_DEVICE_NAME`] and the
    /// second the 200-character name.
    pub fn sample_persons(&self, n: usize) -> Vec<PersonSummary> {
        self.inner
            .slots
            .iter()
            .filter(|s| !read(&s.devices).is_empty())
            .take(n)
            .map(PersonSlot::summary)
            .collect()
    }

    /// One person as the CIM answers it.
    pub fn person(&self, person_id: &str) -> Option<Person> {
        self.slot(person_id).map(|s| s.person.clone())
    }

    /// Persons with `email` among their addresses, case-insensitively.
    pub fn find_persons_by_email(&self, email: &str) -> Vec<PersonSummary> {
        self.slots_by_email(email)
            .map(PersonSlot::summary)
            .collect()
    }

    /// The user's devices now (empty for an unknown user).
    pub fn devices_of(&self, user_id: &str) -> Vec<Device> {
        self.slot(user_id)
            .map(|s| read(&s.devices).clone())
            .unwrap_or_default()
    }

    /// The user's sessions at the Token Server: one per registered device (its app, registered
    /// and last used when the device was), none once the user was signed out everywhere.
    pub fn sessions_of(&self, user_id: &str) -> Vec<serde_json::Value> {
        let Some(slot) = self.slot(user_id) else {
            return Vec::new();
        };
        if slot.signed_out.load(std::sync::atomic::Ordering::Relaxed) {
            return Vec::new();
        }
        read(&slot.devices)
            .iter()
            .map(|device| {
                serde_json::json!({
                    "id": format!("sess-{}", device.id.chars().take(16).collect::<String>()),
                    "client_name": device.application,
                    "created_at": device.created_at,
                    "last_used": device.last_login,
                })
            })
            .collect()
    }

    /// Ends every session of the user (and their tokens). Records no event: the sessions
    /// route does that, knowing who asked.
    pub fn sign_out(&self, user_id: &str) {
        if let Some(slot) = self.slot(user_id) {
            slot.signed_out
                .store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// The user's Token Server events, newest first.
    pub fn ts_events_of(&self, user_id: &str) -> Vec<TsEvent> {
        self.slot(user_id)
            .map(|s| {
                let mut events: Vec<TsEvent> = read(&s.ts_recorded).iter().rev().cloned().collect();
                events.extend(self.ts_seeded(s).iter().cloned());
                events
            })
            .unwrap_or_default()
    }

    /// The person's CIM events, newest first.
    pub fn cim_events_of(&self, person_id: &str) -> Vec<CimEvent> {
        self.slot(person_id)
            .map(|s| self.cim_seeded(s).to_vec())
            .unwrap_or_default()
    }

    /// Moves the simulator's clock forward by `by`: times it records and expiries it checks
    /// (a push's validity) see the later time, so a test need not sleep. The clock never goes
    /// back, not even on [`SimState::reset_data`].
    pub fn advance_clock(&self, by: Duration) {
        let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.inner.clock_offset_ms.fetch_add(ms, Ordering::Relaxed);
    }

    /// Puts every device back as seeded and forgets the events recorded and the mobile
    /// authentication requests made since the start.
    pub fn reset_data(&self) {
        write(&self.inner.push).clear();
        for slot in &self.inner.slots {
            slot.signed_out
                .store(false, std::sync::atomic::Ordering::Relaxed);
            *write(&slot.devices) = slot.seeded_devices.clone();
            write(&slot.ts_recorded).clear();
        }
    }

    // ---- crate-internal access --------------------------------------------------------

    /// Now in epoch ms (moved on by [`SimState::advance_clock`]), never before the clock
    /// anchor so recorded events sort first.
    pub(crate) fn now_ms(&self) -> i64 {
        let offset = self.inner.clock_offset_ms.load(Ordering::Relaxed);
        system_now_ms()
            .saturating_add(offset)
            .max(self.inner.anchor_ms.saturating_add(1))
    }

    /// The mobile authentication requests.
    pub(crate) fn push_transactions(&self) -> &RwLock<PushTransactions> {
        &self.inner.push
    }

    /// How long a push can be answered, in ms.
    pub(crate) fn push_validity_ms(&self) -> i64 {
        self.inner.push_validity_ms
    }

    pub(crate) fn slots(&self) -> &[PersonSlot] {
        &self.inner.slots
    }

    /// Looks a person up by id, case-insensitively (ids are UUIDs; clients vary in case).
    pub(crate) fn slot(&self, id: &str) -> Option<&PersonSlot> {
        let index = if id.bytes().any(|b| b.is_ascii_uppercase()) {
            self.inner.by_id.get(&id.to_ascii_lowercase())
        } else {
            self.inner.by_id.get(id)
        };
        index.and_then(|&i| self.inner.slots.get(i))
    }

    pub(crate) fn ts_index(&self) -> &OnceLock<Vec<EventRef>> {
        &self.inner.ts_index
    }

    pub(crate) fn cim_index(&self) -> &OnceLock<Vec<EventRef>> {
        &self.inner.cim_index
    }

    pub(crate) fn slots_by_email(&self, email: &str) -> impl Iterator<Item = &PersonSlot> {
        self.inner
            .by_email
            .get(&email.to_lowercase())
            .into_iter()
            .flatten()
            .filter_map(|&i| self.inner.slots.get(i))
    }

    pub(crate) fn ts_seeded<'a>(&self, slot: &'a PersonSlot) -> &'a [TsEvent] {
        slot.ts_seeded.get_or_init(|| {
            seed::events::token_server(
                self.inner.seed,
                slot.index,
                &slot.person.person_id,
                &slot.seeded_devices,
                self.inner.anchor_ms,
            )
        })
    }

    pub(crate) fn cim_seeded<'a>(&self, slot: &'a PersonSlot) -> &'a [CimEvent] {
        slot.cim_seeded.get_or_init(|| {
            seed::events::cim(
                self.inner.seed,
                slot.index,
                &slot.person.person_id,
                self.inner.anchor_ms,
            )
        })
    }
}

impl PersonSlot {
    fn summary(&self) -> PersonSummary {
        PersonSummary {
            id: self.person.person_id.clone(),
            display_name: self.person.name.display_name.clone(),
            emails: self
                .person
                .email_addresses
                .iter()
                .map(|e| e.value.clone())
                .collect(),
            devices: read(&self.devices).len(),
        }
    }

    pub(crate) fn devices(&self) -> &RwLock<Vec<Device>> {
        &self.devices
    }

    pub(crate) fn ts_recorded(&self) -> &RwLock<Vec<TsEvent>> {
        &self.ts_recorded
    }
}

/// Gives the first person with devices the hostile device name and the second the long one,
/// so that `sample_persons` (and so every demo) meets them.
fn mark_special_devices(slots: &mut [PersonSlot]) {
    let mut with_devices = slots.iter_mut().filter(|s| !s.seeded_devices.is_empty());
    if let Some(device) = with_devices
        .next()
        .and_then(|s| s.seeded_devices.first_mut())
    {
        device.name = seed::devices::HOSTILE_DEVICE_NAME.to_owned();
    }
    if let Some(device) = with_devices
        .next()
        .and_then(|s| s.seeded_devices.first_mut())
    {
        device.name = seed::devices::long_device_name();
    }
}
