//! What handlers take from a request beyond path, query and JSON: who calls, and optional bodies.

pub(crate) mod body;
pub(crate) mod caller;
pub(crate) mod origin;
