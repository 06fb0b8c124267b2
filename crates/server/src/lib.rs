//! The Customer Service backend-for-frontend: the REST API under `/api/v1`, its OpenAPI document
//! and Swagger UI, health, readiness and metrics, and the `demo` mode with the simulator embedded.
//!
//! The HTTP edge only: [`routes`] parse a request, call one use case of `cs-domain` or `cs-auth`,
//! and map its outcome; [`problem`] maps every failure to problem+json from one catalogue;
//! [`extractors`] say who is calling; [`middleware`] observes every request; [`config`] composes
//! the settings each crate owns; [`startup`] wires it all together.

pub mod cli;
pub mod config;
mod extractors;
mod middleware;
pub mod openapi;
pub mod problem;
mod routes;
pub mod startup;
pub mod telemetry;

pub use config::Settings;
pub use startup::{Application, StartError};
