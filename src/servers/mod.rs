//! What the servers say: service names and paths, the wire types shared with the simulator,
//! and the one JSON parser path.

pub mod failure;
pub mod host;
pub mod json;
pub mod protocol;
pub mod wire;
