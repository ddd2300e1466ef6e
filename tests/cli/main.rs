//! The integration tests: one binary (link time matters on two cores), one module per
//! area, each test with its own temporary vault and key (see [`support::TestEnv`]).

mod api;
mod apps;
mod backup;
mod canary;
mod config;
mod connectors;
mod consent;
mod crash;
mod docs;
mod doctor;
mod example_app;
mod grants;
mod hygiene;
mod interactive;
mod keyring;
mod mcp;
mod newcomer;
mod oidc;
mod pg_only;
mod pinned;
mod providers;
mod sandbox;
mod scale;
mod secrets;
mod support;
mod tamper;
mod vault;
mod views_h1;
mod views_h2;
mod views_h3;
