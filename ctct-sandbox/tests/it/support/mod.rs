//! Raw HTTP helpers shared by the behaviour modules (the `ctct-tests` crate includes them
//! too, by path).

pub mod v1;
pub mod v3;
