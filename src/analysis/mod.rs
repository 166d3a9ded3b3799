//! Pure functions from the model (and the config) to the parts of a report. No I/O here.

pub mod assemble;
pub mod boundary;
pub mod bus_factor;
pub mod classify;
pub mod coupling;
pub mod directories;
pub mod identities;
pub mod layout;
pub mod ownership;
pub mod pr;
pub mod silos;
pub mod stages;
pub mod staleness;
pub mod timeline;
