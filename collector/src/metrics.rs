//! `/metrics` in the Prometheus text format (prometheus-client), for the operations team: per
//! store its version status, pending batches, reachability and whether it would block logins
//! now; the totals; the last pass's duration. Built from the collector's light per-store
//! figures (no module lists copied), at most once a second however often it is scraped. Label
//! values are escaped as the text format requires (`\\`, `\"`, `\n`: prometheus-client writes
//! them as given), so a store key holding a quote or a line break cannot forge a sample.

use prometheus_client::encoding::text::encode;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;
use std::sync::atomic::AtomicU64;

use webpos_version_guard::versions::compare::VersionStatusCode;

use crate::collector::Collector;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StoreLabels {
    store: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StatusLabels {
    store: String,
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct TotalLabels {
    status: String,
}

/// A label value as the Prometheus text format reads it: backslash, quote and line feed
/// escaped.
pub fn escape_label(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// The metrics text.
pub fn render(collector: &Collector) -> String {
    let mut registry = Registry::with_prefix("openbravo_version_overview");
    let status = Family::<StatusLabels, Gauge>::default();
    let pending = Family::<StoreLabels, Gauge>::default();
    let reachable = Family::<StoreLabels, Gauge>::default();
    let blocks = Family::<StoreLabels, Gauge>::default();
    let unchecked = Family::<StoreLabels, Gauge>::default();
    let totals = Family::<TotalLabels, Gauge>::default();
    let blocking = Gauge::<i64>::default();
    let duration = Gauge::<f64, AtomicU64>::default();
    let passes = Gauge::<i64>::default();
    for row in collector.metric_rows() {
        let store = escape_label(&row.key);
        for code in VersionStatusCode::ALL {
            let labels = StatusLabels { store: store.clone(), status: code.as_str().into() };
            status.get_or_create(&labels).set(i64::from(row.version_status_code == code));
        }
        if let Some(count) = row.pending_batches {
            pending
                .get_or_create(&StoreLabels { store: store.clone() })
                .set(i64::try_from(count).unwrap_or(i64::MAX));
        }
        let labels = StoreLabels { store };
        reachable.get_or_create(&labels).set(i64::from(row.reachable));
        blocks.get_or_create(&labels).set(i64::from(row.blocks_logins));
        unchecked.get_or_create(&labels).set(i64::from(row.logins_unchecked));
        totals
            .get_or_create(&TotalLabels { status: row.version_status_code.as_str().into() })
            .inc();
        if row.blocks_logins {
            blocking.inc();
        }
    }
    let pass = collector.pass();
    // The chain's tills in the last hour, by what they went through (two labels, whatever the
    // number of tills or stores).
    let tills = Family::<TotalLabels, Gauge>::default();
    let rows = collector.metric_rows();
    let blocked: u32 = rows.iter().map(|r| r.tills_blocked).sum();
    let unchecked_tills: u32 = rows.iter().map(|r| r.tills_could_not_check).sum();
    tills.get_or_create(&TotalLabels { status: "blocked".into() }).set(i64::from(blocked));
    tills
        .get_or_create(&TotalLabels { status: "couldNotCheck".into() })
        .set(i64::from(unchecked_tills));
    registry.register(
        "tills_last_hour",
        "Tills that reported a blocked login, or a check that could not run, in the last hour (status: blocked, couldNotCheck)",
        tills,
    );
    duration.set(pass.last_duration_ms.unwrap_or(0) as f64 / 1000.0);
    passes.set(i64::try_from(pass.number).unwrap_or(i64::MAX));
    registry.register(
        "store_version_status",
        "1 for the store's version status (same, different from central, unknown), else 0",
        status,
    );
    registry.register(
        "store_pending_batches",
        "The store's batches pending sync to central",
        pending,
    );
    registry.register(
        "store_reachable",
        "1 when the store answered its status in the last pass",
        reachable,
    );
    registry.register(
        "store_blocks_logins",
        "1 when a WebPOS loaded from central would be blocked on this store now (the guard's decision table: rows 6 and 7, not while a hot fix skips the check)",
        blocks,
    );
    registry.register(
        "store_logins_unchecked",
        "1 when the ignore-version-check preference in force for the store's client skips the check (a hot fix): then the store blocks no login, and the blocking alert stays silent",
        unchecked,
    );
    registry.register("stores", "Stores by version status", totals);
    registry.register(
        "stores_blocking_logins",
        "Stores that would block logins from central now",
        blocking,
    );
    registry.register(
        "last_pass_duration_seconds",
        "How long the last finished pass took",
        duration,
    );
    registry.register("passes", "Passes started since the collector started", passes);
    let mut out = String::new();
    let _ = encode(&mut out, &registry);
    out
}

#[cfg(test)]
mod tests {
    use super::escape_label;

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(escape_label(r#"a"b"#), r#"a\"b"#);
        assert_eq!(escape_label("a\nb"), r"a\nb");
        assert_eq!(escape_label(r"a\b"), r"a\\b");
        assert_eq!(escape_label("store1"), "store1");
    }
}
