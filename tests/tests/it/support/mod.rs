//! Helpers shared by the behaviour modules of this test binary.

pub mod client;
pub mod oauth;
pub mod plain_xml;
pub mod sandbox;
pub mod v3_client;
pub mod v3_sandbox;
