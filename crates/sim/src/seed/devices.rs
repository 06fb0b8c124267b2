//! Seeded Token Server devices: models matched to platforms, all mobile-authentication states,
//! old records (UUID ids, `ANDROID`, missing fields) and a few names meant to break UIs.

use rand::{Rng, SeedableRng, seq::IndexedRandom};
use rand_chacha::ChaCha8Rng;

use super::{DAY_MS, Purpose, hex, pick_cumulative, rng_for, tables, uuid};
use crate::model::Device;

/// The one device name that tries script injection; demos must show it as plain text.
pub const HOSTILE_DEVICE_NAME: &str = "<img src=x onerror=alert(1)>";

/// The length of the one very long device name.
pub const LONG_DEVICE_NAME_CHARS: usize = 200;

/// The devices of person `index`, whose first name is `first_name`.
pub(crate) fn generate(seed: u64, index: usize, first_name: &str, now_ms: i64) -> Vec<Device> {
    let mut rng = rng_for(seed, index, Purpose::Devices);
    let count = match rng.random_range(0..100) {
        0..8 => 0,
        8..43 => 1,
        43..68 => 2,
        68..83 => 3,
        83..93 => 4,
        _ => 5,
    };
    (0..count)
        .map(|_| device(&mut rng, first_name, now_ms))
        .collect()
}

/// Mixed into the seed of the stream that picks Windows devices, so that it is independent of
/// every other stream.
const WINDOWS_SALT: u64 = 0x5749_4e44_4f57_5321;

/// Turns about `percent` of the devices of person `index` into Windows devices (platform
/// `windows`, a laptop model, Windows 10 or 11), for clients that must show a platform other
/// than android/ios. It draws from a stream of its own, and only when `percent` is above 0,
/// so the default data stays exactly as without it; everything but platform, model, OS
/// version and name stays as generated.
pub(crate) fn make_windows_devices(
    seed: u64,
    index: usize,
    first_name: &str,
    devices: &mut [Device],
    percent: u8,
) {
    if percent == 0 || devices.is_empty() {
        return;
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ WINDOWS_SALT);
    rng.set_stream(index as u64);
    for device in devices {
        if rng.random_range(0..100u8) >= percent {
            continue;
        }
        let model = tables::WINDOWS_MODELS
            .choose(&mut rng)
            .copied()
            .unwrap_or("Surface Pro 9");
        device.platform = "windows";
        device.model = device.model.map(|_| model);
        device.os_version = device
            .os_version
            .as_ref()
            .map(|_| if rng.random_bool(0.7) { "11" } else { "10" }.to_owned());
        device.name = format!("{first_name}'s {model}");
    }
}

fn device(rng: &mut impl Rng, first_name: &str, now_ms: i64) -> Device {
    // Records from before v4 miss fields that v4 added, and used UUIDs and `ANDROID`.
    let legacy = rng.random_bool(0.08);
    let ios = rng.random_bool(0.5);
    let platform = match (ios, legacy) {
        (true, _) => "ios",
        (false, true) => "ANDROID",
        (false, false) => "android",
    };
    let models = if ios {
        tables::IOS_MODELS
    } else {
        tables::ANDROID_MODELS
    };
    let chosen_model = models.choose(rng).copied().unwrap_or("Pixel 8");
    let missing = |rng: &mut dyn rand::RngCore| {
        if legacy {
            rng.random_bool(0.7)
        } else {
            rng.random_bool(0.06)
        }
    };
    let model = (!missing(rng)).then_some(chosen_model);
    let os_version = (!missing(rng)).then(|| os_version(rng, ios));
    let id = if legacy { uuid(rng) } else { hex(rng, 32) };

    let created_age = rng.random_range(30 * DAY_MS..1100 * DAY_MS);
    let created_at = (!legacy && !rng.random_bool(0.04)).then_some(now_ms - created_age);
    let last_login = now_ms - rng.random_range(0..(60 * DAY_MS).min(created_age));

    let mut token_types = vec!["DEFAULT"];
    if rng.random_bool(0.4) {
        token_types.push("FINGER_PRINT");
    }
    if rng.random_bool(0.1) {
        token_types.push("CUSTOM_AUTHENTICATOR");
    }
    if rng.random_bool(0.05) {
        token_types.push("IMPLICIT_AUTHENTICATION");
    }
    let (mobile, push) = match rng.random_range(0..10) {
        0..3 => (false, false),
        3..6 => (true, false),
        _ => (true, true),
    };
    let application = tables::APPS
        .get(pick_cumulative(rng, tables::APP_WEIGHTS))
        .map_or("Example Bank app", |(name, _)| *name);

    let template = tables::DEVICE_NAMES
        .choose(rng)
        .copied()
        .unwrap_or("{model}");
    let name = template.replace("{first}", first_name).replace(
        "{model}",
        model.unwrap_or(if ios { "iPhone" } else { "telefoon" }),
    );

    Device {
        id,
        name,
        application,
        platform,
        os_version,
        model,
        created_at,
        last_login,
        token_types,
        mobile_authentication_enabled: mobile,
        push_authentication_enabled: push,
    }
}

fn os_version(rng: &mut impl Rng, ios: bool) -> String {
    if ios {
        let major: u8 = rng.random_range(15..=18);
        let minor: u8 = rng.random_range(0..=if major == 18 { 3 } else { 7 });
        if rng.random_bool(0.3) {
            format!("{major}.{minor}.{}", rng.random_range(1..=3u8))
        } else {
            format!("{major}.{minor}")
        }
    } else {
        rng.random_range(11..=15u8).to_string()
    }
}

/// The 200-character device name: long, but a realistic thing to type.
pub(crate) fn long_device_name() -> String {
    "Samsung Galaxy S23 Ultra (werktelefoon, gedeeld met het team van de klantenservice) "
        .chars()
        .cycle()
        .take(LONG_DEVICE_NAME_CHARS)
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn long_name_has_200_chars() {
        assert_eq!(long_device_name().chars().count(), 200);
    }

    #[test]
    fn windows_devices_change_only_platform_model_os_and_name() {
        let plain: Vec<Vec<Device>> = (0..100)
            .map(|i| generate(7, i, "Joe", 1_700_000_000_000))
            .collect();
        let mut none = plain.clone();
        let mut all = plain.clone();
        for (i, devices) in none.iter_mut().enumerate() {
            make_windows_devices(7, i, "Joe", devices, 0);
        }
        for (i, devices) in all.iter_mut().enumerate() {
            make_windows_devices(7, i, "Joe", devices, 100);
        }
        assert_eq!(none, plain);
        for (a, b) in plain.iter().flatten().zip(all.iter().flatten()) {
            assert_eq!(b.platform, "windows");
            assert_eq!(
                (&a.id, a.last_login, a.created_at),
                (&b.id, b.last_login, b.created_at)
            );
            assert_eq!(
                (a.model.is_some(), a.os_version.is_some()),
                (b.model.is_some(), b.os_version.is_some())
            );
        }
    }

    #[test]
    fn devices_are_reproducible_and_consistent() {
        let a = generate(7, 3, "Joe", 1_700_000_000_000);
        let b = generate(7, 3, "Joe", 1_700_000_000_000);
        assert_eq!(a, b);
        for index in 0..200 {
            for d in generate(7, index, "Joe", 1_700_000_000_000) {
                assert!(d.last_login >= d.created_at.unwrap_or(0));
                assert!(d.id.len() == 64 || d.id.len() == 36);
                assert_ne!(d.name, HOSTILE_DEVICE_NAME);
            }
        }
    }
}
