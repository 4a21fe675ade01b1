//! Pure engines: no I/O, no database, no HTTP. Given the same inputs they return the same outputs,
//! which is what lets us property-test and benchmark them in isolation.

pub mod allocation;
pub mod flow;
pub mod scoring;
pub mod taxonomy;
