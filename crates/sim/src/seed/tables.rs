//! Word lists the seeded data is drawn from. Realistic on purpose: the demo shows them.

/// (first name, ascii slug for e-mail addresses, gender).
pub(crate) const FIRST_NAMES: &[(&str, &str, &str)] = &[
    ("Jan", "jan", "M"),
    ("Sanne", "sanne", "F"),
    ("Daan", "daan", "M"),
    ("Emma", "emma", "F"),
    ("Lotte", "lotte", "F"),
    ("Bram", "bram", "M"),
    ("Femke", "femke", "F"),
    ("Thijs", "thijs", "M"),
    ("Anouk", "anouk", "F"),
    ("Ruben", "ruben", "M"),
    ("Zoë", "zoe", "F"),
    ("Renée", "renee", "F"),
    ("José", "jose", "M"),
    ("Mohammed", "mohammed", "M"),
    ("Fatima", "fatima", "F"),
    ("Priya", "priya", "F"),
    ("Wei", "wei", "M"),
    ("Olga", "olga", "F"),
    ("Liam", "liam", "M"),
    ("Noah", "noah", "M"),
    ("Sophie", "sophie", "F"),
    ("Sem", "sem", "M"),
    ("Mila", "mila", "F"),
    ("Lucas", "lucas", "M"),
    ("Julia", "julia", "F"),
    ("Ahmet", "ahmet", "M"),
    ("Yara", "yara", "F"),
    ("Kees", "kees", "M"),
    ("Annelies", "annelies", "F"),
    ("Pieter", "pieter", "M"),
    ("Maarten", "maarten", "M"),
    ("Isabel", "isabel", "F"),
    ("Chloé", "chloe", "F"),
    ("Björn", "bjorn", "M"),
    ("Siobhán", "siobhan", "F"),
    ("Joe", "joe", "M"),
    ("Sam", "sam", "U"),
    ("Kim", "kim", "U"),
    ("Alex", "alex", "U"),
    ("Robin", "robin", "U"),
];

/// (last name, ascii slug for e-mail addresses).
pub(crate) const LAST_NAMES: &[(&str, &str)] = &[
    ("de Vries", "devries"),
    ("Jansen", "jansen"),
    ("van den Berg", "vandenberg"),
    ("Bakker", "bakker"),
    ("Visser", "visser"),
    ("Smit", "smit"),
    ("Meijer", "meijer"),
    ("de Boer", "deboer"),
    ("Mulder", "mulder"),
    ("de Groot", "degroot"),
    ("Bos", "bos"),
    ("Vos", "vos"),
    ("Peters", "peters"),
    ("Hendriks", "hendriks"),
    ("van Dijk", "vandijk"),
    ("Dekker", "dekker"),
    ("Doe", "doe"),
    ("Smith", "smith"),
    ("García", "garcia"),
    ("Müller", "muller"),
    ("Nguyen", "nguyen"),
    ("Yılmaz", "yilmaz"),
    ("El Amrani", "elamrani"),
    ("Kowalski", "kowalski"),
    ("O'Brien", "obrien"),
    ("Rossi", "rossi"),
    ("Patel", "patel"),
    ("Chen", "chen"),
    ("Silva", "silva"),
    ("Dubois", "dubois"),
    ("Andersen", "andersen"),
    ("van der Linden", "vanderlinden"),
    ("Brouwer", "brouwer"),
    ("Wolters", "wolters"),
];

/// Put between first and last name in a few display names, so the UI meets emoji.
pub(crate) const NAME_EMOJI: &[&str] = &["🚀", "🌷", "⚽", "🎸", "🐱", "☕"];

/// Reserved example domains only: seeded addresses must never reach a real mailbox.
pub(crate) const DOMAINS: &[&str] = &["example.com", "example.org", "example.nl"];

/// Locales, Dutch first because the simulated customer is Dutch.
pub(crate) const LOCALES: &[&str] = &[
    "nl_NL", "nl_NL", "nl_NL", "en_US", "en_GB", "de_DE", "fr_FR",
];

/// (street, postal code, city) for opaque address objects.
pub(crate) const STREETS: &[(&str, &str, &str)] = &[
    ("Keizersgracht", "1015 CJ", "Amsterdam"),
    ("Coolsingel", "3011 AD", "Rotterdam"),
    ("Oudegracht", "3511 AP", "Utrecht"),
    ("Lange Voorhout", "2514 EA", "Den Haag"),
    ("Stratumseind", "5611 ET", "Eindhoven"),
    ("Vismarkt", "9712 CB", "Groningen"),
];

/// (application name, OAuth client id) of the mobile apps devices registered with.
pub(crate) const APPS: &[(&str, &str)] = &[
    ("Example Bank app", "873BE1F4C2A94D0E"),
    ("Example Bank Business", "5D21A7C09B3E4F18"),
    ("Example Wallet", "C0FFEE1234ABCD56"),
    ("Example Insurance", "91E0D2B7A6C54F33"),
];

/// Cumulative weights (out of 100) for [`APPS`]: most devices run the main app.
pub(crate) const APP_WEIGHTS: &[u32] = &[50, 70, 90, 100];

/// iOS device models.
pub(crate) const IOS_MODELS: &[&str] = &[
    "iPhone 15 Pro",
    "iPhone 14",
    "iPhone 13 mini",
    "iPhone XR",
    "iPhone SE (3rd generation)",
    "iPad Air",
    "iPad Pro 11-inch",
];

/// Android device models.
pub(crate) const ANDROID_MODELS: &[&str] = &[
    "Pixel 8",
    "Pixel 7a",
    "Samsung Galaxy S23",
    "Samsung Galaxy A54",
    "Samsung GT-9100",
    "OnePlus 11",
    "Fairphone 5",
    "Xiaomi Redmi Note 12",
];

/// Windows device models (only with `SimSettings::windows_devices_percent` above 0).
pub(crate) const WINDOWS_MODELS: &[&str] = &[
    "Surface Pro 9",
    "Surface Laptop 5",
    "ThinkPad X1 Carbon",
    "Dell XPS 13",
    "HP EliteBook 840",
];

/// Device name templates; `{first}` and `{model}` are filled in. Some hold emoji on purpose.
pub(crate) const DEVICE_NAMES: &[&str] = &[
    "{first}'s {model}",
    "{model} van {first}",
    "{first}'s 📱",
    "Werktelefoon",
    "My {model}",
    "{model}",
    "Tablet 🏠",
    "Oude telefoon",
    "{first} privé",
    "📱 {first} 🔒",
];

/// (event type, event name, is it an API call by an agent, weight).
pub(crate) const TS_EVENT_TYPES: &[(&str, &str, bool, u32)] = &[
    ("API_DEVICES_LISTED", "Api devices listed", true, 3),
    ("API_DEVICE_REMOVED", "Api device removed", true, 1),
    (
        "API_DEVICE_REMOVAL_FAILED",
        "Api device removal failed",
        true,
        1,
    ),
    (
        "API_DEVICE_REMOVED_FOR_ONE_PROFILE",
        "Api device removed for one profile",
        true,
        1,
    ),
    ("DYNAMIC_REG_SUCCESS", "Dynamic reg success", false, 3),
    ("KEY_ENROLLMENT_SUCCESS", "Key enrollment success", false, 2),
    (
        "PUSH_ENROLLMENT_SUCCESS",
        "Push enrollment success",
        false,
        2,
    ),
    ("PUSH_AUTH_INITIALIZED", "Push auth initialized", false, 6),
    (
        "MOBILE_AUTH_AUTHENTICATED",
        "Mobile auth authenticated",
        false,
        8,
    ),
    (
        "MOBILE_AUTH_NOT_AUTHENTICATED",
        "Mobile auth not authenticated",
        false,
        2,
    ),
    (
        "TOKEN_REQUEST_ACCESS_TOKEN_CREATED",
        "Token request access token created",
        false,
        10,
    ),
    (
        "TOKEN_REQUEST_ACCESS_TOKEN_REFRESHED",
        "Token request access token refreshed",
        false,
        12,
    ),
    (
        "ADMIN_PUSH_ENROLLMENT_REVOKED",
        "Admin push enrollment revoked",
        true,
        1,
    ),
    ("ACCOUNT_CREATED", "Account created", false, 1),
];

/// (event type, event name, reason, weight) of CIM person events.
pub(crate) const CIM_EVENT_TYPES: &[(&str, &str, Option<&str>, u32)] = &[
    (
        "person.SessionLoginSucceededEvent",
        "Session login succeeded",
        None,
        12,
    ),
    (
        "person.IdentityProviderLoginSucceededEvent",
        "Identity provider login succeeded",
        None,
        5,
    ),
    (
        "person.AuthenticationTokensRemovedEvent",
        "Authentication tokens removed",
        Some("Logout"),
        3,
    ),
    (
        "person.PersonAttributeVerifiedEvent",
        "Person attribute verified",
        None,
        2,
    ),
    (
        "person.AttributeVerificationFailedEvent",
        "Attribute verification failed",
        Some("Invalid verification code"),
        1,
    ),
    (
        "person.VerificationCodeCreatedEvent",
        "Verification code created",
        None,
        2,
    ),
    (
        "person.AttributesUpdatedEvent",
        "Attributes updated",
        None,
        2,
    ),
];

/// The CIM event a person's history starts with, for persons created in the last 90 days.
pub(crate) const CIM_PERSON_CREATED: (&str, &str) = ("person.PersonCreatedEvent", "Person created");

/// Helpdesk agents and API clients that appear as `event_agent_user`.
pub(crate) const AGENTS: &[&str] = &["helpdesk-agent-1", "helpdesk-agent-2", "customer-service"];

/// User agents of the mobile SDKs, for Token Server events.
pub(crate) const MOBILE_USER_AGENTS: &[&str] = &[
    "ExampleBank/5.2.1 (iPhone; iOS 17.4; Scale/3.00) OneginiSDK/12.3.0",
    "ExampleBank/5.2.0 (Android 14; Pixel 8) OneginiSDK/13.0.1",
    "ExampleWallet/2.8.4 (iPad; iOS 16.6) OneginiSDK/12.1.2",
    "okhttp/4.12.0",
];

/// Browser user agents, for CIM events and API calls.
pub(crate) const BROWSER_USER_AGENTS: &[&str] = &[
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
];
