//! What the servers say: service names and paths, the wire types shared with the simulator,
//! the one JSON parser path, and the limits every answer is held to.

pub mod host;
pub mod json;
pub mod limits;
pub mod protocol;
pub mod wire;
