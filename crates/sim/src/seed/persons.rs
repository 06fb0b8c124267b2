//! Seeded CIM persons: names, e-mail addresses (some shared, some mixed case), phones, addresses.

use std::collections::HashSet;

use rand::{Rng, seq::IndexedRandom};
use serde_json::{Map, Value, json};

use super::{Purpose, rng_for, tables, uuid};
use crate::model::{EmailAddress, Person, PersonName, PhoneNumber};

/// Every this many persons, a person shares a family address with the one before it, so an
/// e-mail search can return two persons.
const FAMILY_EVERY: usize = 37;
const FAMILY_OFFSET: usize = 20;

/// A generated person plus the table picks later stages need.
pub(crate) struct Drafted {
    pub(crate) person: Person,
    pub(crate) first_name: &'static str,
}

/// Generates `count` persons. E-mail addresses are unique (case-insensitively) except the
/// deliberately shared family addresses.
pub(crate) fn generate(seed: u64, count: usize) -> Vec<Drafted> {
    let mut taken: HashSet<String> = HashSet::with_capacity(count * 2);
    let mut out: Vec<Drafted> = Vec::with_capacity(count);
    for index in 0..count {
        let mut rng = rng_for(seed, index, Purpose::Person);
        let family = index % FAMILY_EVERY == FAMILY_OFFSET;
        let last = if family {
            // Same family name as the previous person: they share an address.
            out.last()
                .and_then(|prev| {
                    tables::LAST_NAMES
                        .iter()
                        .find(|(name, _)| *name == prev.person.name.last_name)
                })
                .copied()
        } else {
            None
        };
        let mut drafted = person(&mut rng, &mut taken, last);
        if let (true, Some(prev)) = (family, out.last_mut()) {
            share_family_address(&mut drafted, prev, &mut taken);
        }
        out.push(drafted);
    }
    out
}

fn person(
    rng: &mut impl Rng,
    taken: &mut HashSet<String>,
    last: Option<(&'static str, &'static str)>,
) -> Drafted {
    let (first, first_slug, name_gender) = *tables::FIRST_NAMES
        .choose(rng)
        .unwrap_or(&("Joe", "joe", "M"));
    let (last, last_slug) =
        last.unwrap_or_else(|| *tables::LAST_NAMES.choose(rng).unwrap_or(&("Doe", "doe")));
    let person_id = uuid(rng);
    let display_name = if rng.random_bool(0.03) {
        let emoji = tables::NAME_EMOJI.choose(rng).copied().unwrap_or("🚀");
        format!("{first} {emoji} {last}")
    } else {
        format!("{first} {last}")
    };
    let initials = first
        .chars()
        .next()
        .map(|c| format!("{c}."))
        .unwrap_or_default();
    let gender = if rng.random_bool(0.05) {
        "U"
    } else {
        name_gender
    };
    let birth_year: u16 = rng.random_range(1940..=2006);

    let mut email_addresses = vec![EmailAddress {
        primary: true,
        verified: rng.random_bool(0.9),
        value: email(rng, taken, first_slug, last_slug, birth_year),
    }];
    let extra = match rng.random_range(0..100) {
        0..75 => 0,
        75..92 => 1,
        _ => 2,
    };
    for _ in 0..extra {
        email_addresses.push(EmailAddress {
            primary: false,
            verified: rng.random_bool(0.6),
            value: email(rng, taken, first_slug, last_slug, birth_year),
        });
    }

    Drafted {
        person: Person {
            person_id,
            gender,
            name: PersonName {
                first_name: first.to_owned(),
                last_name: last.to_owned(),
                initials,
                display_name,
            },
            date_of_birth: rng
                .random_bool(0.95)
                .then(|| date_of_birth(rng, birth_year)),
            email_addresses,
            phone_numbers: phones(rng),
            addresses: addresses(rng),
            preferred_locale: tables::LOCALES.choose(rng).copied().unwrap_or("nl_NL"),
            custom_attributes: custom_attributes(rng),
        },
        first_name: first,
    }
}

/// A unique address; about one in ten is stored in mixed case (`Joe.Doe@Example.org`),
/// because real users type them that way and searches must still find them.
fn email(
    rng: &mut impl Rng,
    taken: &mut HashSet<String>,
    first: &str,
    last: &str,
    birth_year: u16,
) -> String {
    let domain = tables::DOMAINS
        .choose(rng)
        .copied()
        .unwrap_or("example.com");
    let initial = first.get(..1).unwrap_or("x");
    let local = match rng.random_range(0..5) {
        0 | 1 => format!("{first}.{last}"),
        2 => format!("{initial}.{last}"),
        3 => format!("{first}{last}"),
        _ => format!("{first}.{last}{}", birth_year % 100),
    };
    let lower = unique(taken, &local, domain);
    if rng.random_bool(0.1) {
        mixed_case(&lower)
    } else {
        lower
    }
}

/// `local@domain`, numbered (`local2@domain`, ...) until no one has it yet.
fn unique(taken: &mut HashSet<String>, local: &str, domain: &str) -> String {
    let mut candidate = format!("{local}@{domain}");
    let mut n = 2u32;
    while !taken.insert(candidate.clone()) {
        candidate = format!("{local}{n}@{domain}");
        n += 1;
    }
    candidate
}

/// Upper-cases the first letter of every dot- or @-separated part.
fn mixed_case(address: &str) -> String {
    let mut out = String::with_capacity(address.len());
    let mut start = true;
    for c in address.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = c == '.' || c == '@';
    }
    // The top-level domain stays lower case, as people type it.
    match out.rfind('.') {
        Some(dot) if dot > out.find('@').unwrap_or(usize::MAX) => {
            let (head, tld) = out.split_at(dot);
            format!("{head}{}", tld.to_lowercase())
        }
        _ => out,
    }
}

/// Adds one address to both persons: lower case on the earlier one, mixed case on the later.
fn share_family_address(this: &mut Drafted, prev: &mut Drafted, taken: &mut HashSet<String>) {
    let slug: String = this
        .person
        .name
        .last_name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let shared = unique(taken, &format!("familie.{slug}"), "example.nl");
    prev.person.email_addresses.push(EmailAddress {
        primary: false,
        verified: true,
        value: shared.clone(),
    });
    this.person.email_addresses.push(EmailAddress {
        primary: false,
        verified: true,
        value: mixed_case(&shared),
    });
}

fn date_of_birth(rng: &mut impl Rng, year: u16) -> String {
    let month: u8 = rng.random_range(1..=12);
    let last_day = match month {
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let day: u8 = rng.random_range(1..=last_day);
    format!("{year:04}-{month:02}-{day:02}")
}

fn phones(rng: &mut impl Rng) -> Vec<PhoneNumber> {
    let mut phones = Vec::new();
    if rng.random_bool(0.85) {
        phones.push(PhoneNumber {
            primary: true,
            verified: rng.random_bool(0.8),
            tag: "MOBILE",
            value: format!("+31 6 {:08}", rng.random_range(10_000_000..100_000_000u32)),
        });
    }
    if rng.random_bool(0.15) {
        phones.push(PhoneNumber {
            primary: phones.is_empty(),
            verified: false,
            tag: "HOME",
            value: format!("+31 20 {:07}", rng.random_range(1_000_000..10_000_000u32)),
        });
    }
    phones
}

fn addresses(rng: &mut impl Rng) -> Vec<Value> {
    if !rng.random_bool(0.6) {
        return Vec::new();
    }
    let (street, postal_code, city) =
        tables::STREETS
            .choose(rng)
            .copied()
            .unwrap_or(("Damrak", "1012 LG", "Amsterdam"));
    vec![json!({
        "tag": "HOME",
        "street": street,
        "house_number": rng.random_range(1..400u16).to_string(),
        "postal_code": postal_code,
        "city": city,
        "country_code": "NL",
    })]
}

fn custom_attributes(rng: &mut impl Rng) -> Map<String, Value> {
    let mut attributes = Map::new();
    if rng.random_bool(0.35) {
        attributes.insert(
            "customer_number".into(),
            format!("C{:07}", rng.random_range(0..10_000_000u32)).into(),
        );
        let segment = ["retail", "business", "private"]
            .choose(rng)
            .copied()
            .unwrap_or("retail");
        attributes.insert("segment".into(), segment.into());
        if rng.random_bool(0.5) {
            attributes.insert("newsletter".into(), rng.random_bool(0.5).into());
        }
    }
    attributes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixed_case_capitalises_parts_but_not_the_tld() {
        assert_eq!(mixed_case("joe.doe@example.org"), "Joe.Doe@Example.org");
    }

    #[test]
    fn unique_numbers_taken_addresses() {
        let mut taken = HashSet::new();
        assert_eq!(unique(&mut taken, "a", "example.com"), "a@example.com");
        assert_eq!(unique(&mut taken, "a", "example.com"), "a2@example.com");
    }
}
