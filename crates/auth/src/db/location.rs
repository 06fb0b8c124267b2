//! Where the database is: a SQLite file (one node) or a PostgreSQL URL (any number of replicas).

use std::path::PathBuf;

use secrecy::{ExposeSecret, SecretString};
use url::Url;

/// The value of `auth.database`: a `postgres://` (or `postgresql://`) URL, or a SQLite path
/// (`:memory:` for a private in-memory database). Shown without the URL's password.
#[derive(Clone, serde::Deserialize)]
#[serde(try_from = "String")]
pub enum DatabaseLocation {
    /// An embedded SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL server; the URL may hold a password.
    Postgres(SecretString),
}

impl DatabaseLocation {
    /// The URL sqlx connects to.
    pub(crate) fn url(&self) -> String {
        match self {
            DatabaseLocation::Sqlite(_) if self.is_memory() => "sqlite::memory:".to_owned(),
            DatabaseLocation::Sqlite(path) => {
                use sqlx::ConnectOptions as _;
                sqlx::sqlite::SqliteConnectOptions::new()
                    .filename(path)
                    .create_if_missing(true)
                    .to_url_lossy()
                    .to_string()
            }
            DatabaseLocation::Postgres(url) => url.expose_secret().to_owned(),
        }
    }

    /// A private in-memory SQLite database: it lives as long as its one connection.
    pub(crate) fn is_memory(&self) -> bool {
        matches!(self, DatabaseLocation::Sqlite(path) if path.as_os_str() == ":memory:")
    }
}

impl TryFrom<String> for DatabaseLocation {
    type Error = String;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        let lower = value.to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            // The error must not repeat the value: it may hold a password.
            let url =
                Url::parse(&value).map_err(|e| format!("not a valid PostgreSQL URL ({e})"))?;
            if url.host_str().is_none_or(str::is_empty)
                && !url.query_pairs().any(|(k, _)| k == "host")
            {
                return Err("a PostgreSQL URL needs a host".into());
            }
            return Ok(DatabaseLocation::Postgres(SecretString::from(value)));
        }
        if value.is_empty() {
            return Err("must be a SQLite path or a postgres:// URL".into());
        }
        Ok(DatabaseLocation::Sqlite(PathBuf::from(value)))
    }
}

impl From<PathBuf> for DatabaseLocation {
    fn from(path: PathBuf) -> Self {
        DatabaseLocation::Sqlite(path)
    }
}

impl From<&str> for DatabaseLocation {
    /// A path, or a URL when it is one. An unparsable URL falls back to a path (tests and code
    /// only: settings go through [`TryFrom<String>`], which refuses it).
    fn from(value: &str) -> Self {
        DatabaseLocation::try_from(value.to_owned())
            .unwrap_or_else(|_| DatabaseLocation::Sqlite(PathBuf::from(value)))
    }
}

impl std::fmt::Display for DatabaseLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DatabaseLocation::Sqlite(path) => write!(f, "{}", path.display()),
            DatabaseLocation::Postgres(url) => match Url::parse(url.expose_secret()) {
                Ok(mut url) => {
                    if url.password().is_some() {
                        let _ = url.set_password(Some("***"));
                    }
                    url.set_query(None);
                    write!(f, "{url}")
                }
                Err(_) => f.write_str("postgres://…"),
            },
        }
    }
}

impl std::fmt::Debug for DatabaseLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DatabaseLocation({self})")
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_postgres_url_is_shown_without_its_password_or_options() {
        let location = DatabaseLocation::try_from(
            "postgres://cs:s3cret@db:5432/cs?sslmode=require".to_owned(),
        )
        .unwrap();
        let shown = format!("{location} {location:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("postgres://cs:***@db:5432/cs"), "{shown}");
    }

    #[test]
    fn anything_else_is_a_sqlite_path_and_a_bad_url_is_refused_without_echoing_it() {
        assert!(matches!(
            DatabaseLocation::try_from("/var/lib/cs.db".to_owned()).unwrap(),
            DatabaseLocation::Sqlite(_)
        ));
        let error =
            DatabaseLocation::try_from("postgres://cs:s3cret@[bad/".to_owned()).unwrap_err();
        assert!(!error.contains("s3cret"), "{error}");
        assert!(DatabaseLocation::try_from(String::new()).is_err());
    }
}
