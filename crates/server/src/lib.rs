//! The Customer Service backend-for-frontend: the REST API under `/api/v1`, its OpenAPI document
//! and Swagger UI, health, readiness and metrics, and the `demo` mode with the simulator embedded.

pub mod audited;
pub mod auth_state;
pub mod bearer;
pub mod body;
pub mod caller;
pub mod cli;
pub mod context;
pub mod demo;
pub mod error;
pub mod fallback;
pub mod headers;
pub mod metrics;
pub mod observe;
pub mod openapi;
pub mod removed_by;
mod routes;
pub mod settings;
mod spa;
pub mod startup;
pub mod telemetry;

pub use settings::Settings;
pub use startup::{Application, StartError};
