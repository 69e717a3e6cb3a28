//! Injectable faults, per server and per service.

use serde::{Deserialize, Serialize};
use webpos_version_guard::servers::protocol::Service;

/// What goes wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum FaultKind {
    /// Answer normally after `ms` milliseconds (adds up with other latency faults).
    Latency,
    /// Accept the request and never answer.
    Hang,
    /// Reset the TCP connection (RST) instead of answering.
    Reset,
    /// HTTP 500 with an HTML error page, as a servlet container sends it.
    Http500,
    /// HTTP 503 Service Unavailable.
    Http503,
    /// HTTP 200 with an HTML login page (an expired session or a proxy in the way).
    Html,
    /// The normal JSON answer cut in half (well-formed HTTP, broken JSON).
    Truncated,
    /// A valid JSON answer larger than the guard's body limit.
    Oversized,
    /// The normal answer with every JSON value of the data turned into the wrong type.
    WrongTypes,
    /// The normal answer with a byte that is not UTF-8 in its first string (a Latin-1 `é`, as
    /// a server with a broken encoding sends it).
    NotUtf8,
    /// The normal answer without CORS headers.
    NoCors,
    /// A 302 redirect to another origin (`localhost` instead of `127.0.0.1`).
    Redirect,
    /// The server is down: nothing listens on its port (connection refused). Whole server only.
    Down,
    /// HTTP 200 with Openbravo's error envelope (`status: -1`) carrying `message`, as a
    /// service that threw answers.
    ErrorMessage,
}

/// One fault: its kind, the service it hits (all services when absent), and a delay.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Fault {
    /// What goes wrong.
    pub kind: FaultKind,
    /// The service's short name (e.g. `StoreStatus`); every service when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// Milliseconds, for `latency`.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub ms: u64,
    /// The error text, for `errorMessage`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

fn is_zero(ms: &u64) -> bool {
    *ms == 0
}

impl Fault {
    /// Checks the service name and that `down` is not limited to a service.
    pub fn validate(&self) -> Result<(), String> {
        if let Some(name) = &self.service {
            if Service::from_name(name).is_none() {
                let names: Vec<&str> = Service::ALL.iter().map(|s| s.short_name()).collect();
                return Err(format!(
                    "unknown service {name:?} in a fault; use one of {}",
                    names.join(", ")
                ));
            }
            if self.kind == FaultKind::Down {
                return Err("a down fault takes the whole server down; remove its service".into());
            }
        }
        if self.kind == FaultKind::Latency && self.ms == 0 {
            return Err("a latency fault needs ms > 0".into());
        }
        if (self.kind == FaultKind::ErrorMessage) != self.message.is_some() {
            return Err("an errorMessage fault needs a message, and only it takes one".into());
        }
        Ok(())
    }

    fn applies_to(&self, service: Service) -> bool {
        self.service.as_deref().is_none_or(|name| Service::from_name(name) == Some(service))
    }
}

/// What the faults of a server do to one request of a service.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Effect {
    /// Total added latency in milliseconds.
    pub delay_ms: u64,
    /// The first non-latency fault that applies.
    pub kind: Option<FaultKind>,
    /// Its message, for `errorMessage`.
    pub message: Option<String>,
}

/// Combines a server's faults for one service.
pub fn effect(faults: &[Fault], service: Service) -> Effect {
    let mut out = Effect::default();
    for fault in faults.iter().filter(|f| f.applies_to(service)) {
        match fault.kind {
            FaultKind::Latency => out.delay_ms = out.delay_ms.saturating_add(fault.ms),
            FaultKind::Down => {}
            kind => {
                if out.kind.is_none() {
                    out.kind = Some(kind);
                    out.message.clone_from(&fault.message);
                }
            }
        }
    }
    out
}

/// Whether the server is down (nothing listens).
pub fn is_down(faults: &[Fault]) -> bool {
    faults.iter().any(|f| f.kind == FaultKind::Down)
}

/// Turns every JSON value into one of another type: strings → numbers, numbers → strings,
/// booleans → `"Y"`, arrays → objects, objects keep their keys with mangled values.
pub fn wrong_types(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Null => Value::Bool(false),
        Value::Bool(_) => Value::String("Y".into()),
        Value::Number(n) => Value::String(n.to_string()),
        Value::String(_) => Value::from(42),
        Value::Array(items) => Value::Object(
            items.into_iter().enumerate().map(|(i, v)| (i.to_string(), wrong_types(v))).collect(),
        ),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, wrong_types(v))).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fault(kind: FaultKind, service: Option<&str>, ms: u64) -> Fault {
        Fault { kind, service: service.map(str::to_owned), ms, message: None }
    }

    #[test]
    fn latencies_add_up_and_the_first_other_fault_wins() {
        let faults = [
            fault(FaultKind::Latency, None, 100),
            fault(FaultKind::Latency, Some("StoreStatus"), 50),
            fault(FaultKind::Http500, Some("StoreStatus"), 0),
            fault(FaultKind::Hang, None, 0),
        ];
        assert_eq!(
            effect(&faults, Service::StoreStatus),
            Effect { delay_ms: 150, kind: Some(FaultKind::Http500), message: None }
        );
        assert_eq!(
            effect(&faults, Service::VersionInformation),
            Effect { delay_ms: 100, kind: Some(FaultKind::Hang), message: None }
        );
    }

    #[test]
    fn validation_names_the_problem() {
        assert!(fault(FaultKind::Hang, Some("Nope"), 0).validate().unwrap_err().contains("Nope"));
        assert!(fault(FaultKind::Down, Some("StoreStatus"), 0).validate().is_err());
        assert!(fault(FaultKind::Latency, None, 0).validate().is_err());
        assert!(fault(FaultKind::Latency, None, 5).validate().is_ok());
        assert!(fault(FaultKind::ErrorMessage, None, 0).validate().is_err());
    }

    #[test]
    fn wrong_types_changes_every_leaf() {
        let v = serde_json::json!({"pendingBatches": 3, "list": ["a"], "ok": true});
        assert_eq!(
            wrong_types(v),
            serde_json::json!({"pendingBatches": "3", "list": {"0": 42}, "ok": "Y"})
        );
    }
}
