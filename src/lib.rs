//! `connectors`: register OAuth connectors once per workspace, so that every app in it
//! can let each of its users connect their own account at a third-party provider.
//!
//! The binary is a thin shell around this library; the integration tests use both.

pub mod app;
pub mod audit;
pub mod cli;
pub mod config;
pub mod connection;
pub mod connector;
pub mod doctor;
pub mod error;
pub mod expiry;
pub mod flow;
pub mod hygiene;
pub mod limits;
pub mod oauth;
pub mod provider;
pub mod redirect;
pub mod sandbox;
pub mod scopes;
pub mod store;
pub mod time;
pub mod troubleshoot;
pub mod ui;
pub mod vault;
pub mod workspace;
