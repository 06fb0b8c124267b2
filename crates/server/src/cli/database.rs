//! `migrate` and `audit verify`: the database, outside of serving.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use cs_auth::{AuditStore, Database, DatabaseLocation, PoolLimits};
use cs_clock::Clock;

use crate::Settings;

/// Options of `migrate`.
#[derive(Debug, Clone, Args)]
pub struct MigrateArgs {
    /// Copy this SQLite database (audit trail, cookie key, live sessions) ...
    #[arg(long, requires = "to")]
    pub from: Option<PathBuf>,
    /// ... into this new PostgreSQL database (a `postgres://` URL); its schema is made first.
    #[arg(long, requires = "from")]
    pub to: Option<String>,
}

/// What `audit` does.
#[derive(Debug, Clone, Subcommand)]
pub enum AuditCommand {
    /// Check the audit trail's hash chain against its records; exit code 1 names the first
    /// broken record.
    Verify,
}

/// `migrate`: brings `auth.database` up to date, or copies one database into another.
pub async fn migrate(args: MigrateArgs, settings: &Settings) -> Result<(), String> {
    let limits = settings.auth.pool_limits();
    let (Some(from), Some(to)) = (args.from, args.to) else {
        let database = open(&settings.auth.database, limits).await?;
        let (applied, latest) = database.schema_version().await.map_err(|e| e.to_string())?;
        println!(
            "{}: schema version {applied} (this program knows {latest})",
            settings.auth.database
        );
        return Ok(());
    };
    let to = DatabaseLocation::try_from(to).map_err(|e| format!("--to: {e}"))?;
    if !matches!(to, DatabaseLocation::Postgres(_)) {
        return Err("--to must be a postgres:// URL".into());
    }
    if !from.is_file() {
        return Err(format!("--from: {} does not exist", from.display()));
    }
    let source = open(&DatabaseLocation::from(from), limits).await?;
    // A trail written before the chain existed is chained first, so it arrives verifiable.
    AuditStore::new(source.clone(), Clock::system())
        .seal_unchained()
        .await
        .map_err(|e| e.to_string())?;
    let target = open(&to, limits).await?;
    let report = cs_auth::db::copy::copy_all(&source, &target, Clock::system().unix_ms())
        .await
        .map_err(|e| format!("copying into {to}: {e}"))?;
    println!(
        "copied {} audit records ({} chain entries), {} secrets and {} live sessions into {to}",
        report.audit_records, report.chain_entries, report.secrets, report.sessions
    );
    let verified = AuditStore::new(target, Clock::system())
        .verify()
        .await
        .map_err(|e| e.to_string())?;
    match verified.broken {
        None => {
            println!("the audit chain verifies in {to}: head {}", verified.head);
            Ok(())
        }
        Some(broken) => Err(format!(
            "the copied audit chain does not verify: {broken:?}"
        )),
    }
}

/// `audit verify`: true when the chain is intact.
pub async fn audit(command: AuditCommand, settings: &Settings) -> Result<bool, String> {
    let AuditCommand::Verify = command;
    let database = open(&settings.auth.database, settings.auth.pool_limits()).await?;
    let report = AuditStore::new(database, Clock::system())
        .verify()
        .await
        .map_err(|e| e.to_string())?;
    match &report.broken {
        None => {
            println!(
                "intact: {} records, {} chain entries, head {}",
                report.records, report.entries, report.head
            );
            Ok(true)
        }
        Some(broken) => {
            let at = match (broken.record_id, broken.seq) {
                (Some(record), Some(seq)) => format!("record {record} (chain entry {seq})"),
                (Some(record), None) => format!("record {record}"),
                (None, Some(seq)) => format!("chain entry {seq}"),
                (None, None) => "an unknown place".into(),
            };
            println!("BROKEN at {at}: {}", broken.reason);
            println!(
                "{} chain entries before the break were intact",
                broken.seq.map_or(report.entries, |seq| seq - 1)
            );
            Ok(false)
        }
    }
}

async fn open(location: &DatabaseLocation, limits: PoolLimits) -> Result<Database, String> {
    Database::open(location, limits)
        .await
        .map_err(|e| format!("the database {location}: {e}"))
}
