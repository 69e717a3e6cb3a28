//! Recompute: a store asked, with central's credential, to recompute its version
//! information, then its fresh status recorded; each store once, within the collector's
//! concurrency.

use futures::stream::{self, StreamExt};
use webpos_version_guard::servers::failure::Failure;
use webpos_version_guard::servers::json::parse_version_info;
use webpos_version_guard::servers::protocol::Service;
use webpos_version_guard::texts::cashier::Language;

use super::Collector;
use crate::fetch::Method;

/// The most stores one Recompute may name (each once).
pub const MAX_RECOMPUTE: usize = webpos_version_guard::base::limits::MAX_STORES;

impl Collector {
    /// Asks each of `keys` once (in their first order), within the collector's concurrency, to
    /// recompute: each store's outcome, as it answered.
    pub async fn recompute_many(
        &self,
        keys: &[String],
    ) -> Vec<(String, Result<(), RecomputeError>)> {
        let mut once = std::collections::HashSet::new();
        let keys: Vec<String> = keys.iter().filter(|k| once.insert(k.as_str())).cloned().collect();
        let asks = keys.into_iter().map(|key: String| self.recompute_one(key));
        stream::iter(asks).buffered(self.config.concurrency.max(1)).collect().await
    }

    async fn recompute_one(&self, key: String) -> (String, Result<(), RecomputeError>) {
        let _permit = self.asking.acquire().await;
        let outcome = self.recompute(&key).await;
        (key, outcome)
    }

    /// Asks store `key` to recompute its version information, with central's credential, then
    /// records its fresh status.
    async fn recompute(&self, key: &str) -> Result<(), RecomputeError> {
        let (definition, unaskable) = {
            let s = self.read();
            let entry = s.entries.get(key).ok_or(RecomputeError::UnknownStore)?;
            (entry.definition.clone(), entry.unaskable.clone())
        };
        // A store the pass does not ask (a duplicate key) gets no credential either; its URL is
        // checked again as the request is sent.
        if let Some(problem) = unaskable {
            return Err(RecomputeError::Store(Failure::NotAsked(problem)));
        }
        let path = self.config.paths.path(Service::RecomputeVersionInformation);
        self.fetcher
            .send_credential(
                Method::POST,
                &definition.url,
                path,
                &[("content-type", "application/json")],
            )
            .await
            .and_then(|body| parse_version_info(&body).map_err(Failure::Answer))
            .map_err(RecomputeError::Store)?;
        let answer = self.fetcher.get(&self.url(&definition.url, Service::StoreStatus)).await;
        let central = self.read().central().cloned().map_err(Clone::clone);
        self.record(definition, central.as_ref(), answer);
        Ok(())
    }
}

/// Why a store's Recompute did not happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecomputeError {
    /// No store of that key is in the overview.
    UnknownStore,
    /// The store's answer to Recompute.
    Store(Failure),
}

impl RecomputeError {
    /// In `language`, for the page.
    pub fn text(&self, language: Language) -> String {
        match (self, language) {
            (Self::UnknownStore, Language::En) => "no such store server in the overview".into(),
            (Self::UnknownStore, Language::Es) => {
                "no hay ningún servidor de tienda con esa clave en la vista general".into()
            }
            (Self::Store(failure), language) => {
                webpos_version_guard::texts::failure::failure_text(failure, language)
            }
        }
    }
}
