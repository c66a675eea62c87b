//! Helpers shared by the behaviour modules of this test binary. The raw-HTTP sandbox helpers
//! live with the sandbox's own tests and are included from there.

pub mod client;
pub mod oauth;
pub mod plain_xml;
#[path = "../../../../ctct-sandbox/tests/it/support/v1.rs"]
pub mod sandbox;
pub mod v3_client;
#[path = "../../../../ctct-sandbox/tests/it/support/v3.rs"]
pub mod v3_sandbox;
