//! The collector's pass: one at a time (a viewer that asks for one while a pass runs shares
//! it), central's definitions, versions and preferences, then every store within the
//! collector's concurrency, each answer recorded as it comes (its rows, its history, the state
//! file, the stream).

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;

use futures::stream::{self, StreamExt};
use webpos_version_guard::login::till_report::{parse_held_reports, HeldMark, HeldReport};
use webpos_version_guard::login::url_crate::UrlCrate;
use webpos_version_guard::overview::pass::{pass_targets, NO_STORES};
use webpos_version_guard::overview::row::{
    overview_rows, row_changes, with_tills, CentralSays, OverviewRow,
};
use webpos_version_guard::overview::trend::{pending_trend, pending_trend_label};
use webpos_version_guard::servers::failure::Failure;
use webpos_version_guard::servers::json::{
    parse_server_definitions, parse_store_status, parse_version_check_preferences,
    parse_version_info,
};
use webpos_version_guard::servers::protocol::Service;
use webpos_version_guard::servers::protocol::TILL_REPORTS_HEADER;
use webpos_version_guard::servers::wire::{ServerDefinition, StoreStatus};
use webpos_version_guard::versions::module::ModuleSet;

use super::state::{
    json, now_iso, CentralReloads, Entry, PassState, PendingPoint, State, StoreOrder, Update,
    HISTORY, LANGUAGES, PROGRESS_EVERY,
};
use super::Collector;

impl Collector {
    /// Starts a pass unless one is running (then the caller shares it); true when it started
    /// one.
    pub fn request_pass(self: &Arc<Self>) -> bool {
        if self.running.swap(true, Ordering::SeqCst) {
            return false;
        }
        let this = self.clone();
        let generation = self.generation.load(Ordering::SeqCst);
        tokio::spawn(async move {
            this.run_pass(generation).await;
            if this.current(generation) {
                this.running.store(false, Ordering::SeqCst);
                let _ = this.updates.send(Update::Pass);
            }
        });
        true
    }

    fn current(&self, generation: u64) -> bool {
        self.generation.load(Ordering::SeqCst) == generation
    }

    /// Ends every page's stream (as a shutdown or a network failure would); the pages reconnect
    /// by themselves and resume from their last event.
    pub fn disconnect_streams(&self) {
        let _ = self.updates.send(Update::Disconnect);
    }

    /// Forgets every store (central's world changed under it, as when the simulator switches
    /// scenarios): the pass in progress stops, pages start afresh, and the next page to open
    /// the stream starts a pass.
    pub fn restart(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        {
            let mut s = self.write();
            let seq = s.seq;
            *s = State { seq: seq + 1, list_changed_at: seq + 1, ..State::default() };
        }
        self.running.store(false, Ordering::SeqCst);
        let _ = self.updates.send(Update::Reset);
    }

    /// Runs a pass at the refresh interval, for as long as the program runs.
    pub fn run_every_interval(self: &Arc<Self>) {
        let this = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(this.config.interval);
            loop {
                tick.tick().await;
                this.request_pass();
            }
        });
    }

    async fn run_pass(self: &Arc<Self>, generation: u64) {
        let started = Instant::now();
        {
            let mut s = self.write();
            s.pass = PassState {
                number: s.pass.number + 1,
                running: true,
                started_at: Some(now_iso()),
                last_duration_ms: s.pass.last_duration_ms,
                central_version: s.pass.central_version.clone(),
                ..PassState::default()
            };
        }
        let _ = self.updates.send(Update::Pass);
        let central = &self.config.central;
        let (definitions_url, versions_url) = (
            self.url(central, Service::ServerDefinitions),
            self.url(central, Service::VersionInformation),
        );
        // The preference in force for each server's client: central's own property (its
        // agent's setting), asked with central's credential.
        let preferences = self.fetcher.send_credential(
            crate::fetch::Method::GET,
            central,
            self.config.paths.path(Service::VersionCheckPreferences),
            &[],
        );
        // The stores' SymmetricDS (re)loads, as central, the node that sends them, tells them.
        let reloads = self.fetcher.send_credential(
            crate::fetch::Method::GET,
            central,
            self.config.paths.path(Service::ReloadStatus),
            &[],
        );
        let (definitions, versions, preferences, reloads) = futures::join!(
            self.fetcher.get(&definitions_url),
            self.fetcher.get(&versions_url),
            preferences,
            reloads
        );
        let told = CentralReloads::of(reloads.as_deref().map_err(Clone::clone));
        if let Some(keeper) = &self.keeper {
            keeper.write(crate::keep::Write::Central {
                versions: versions.as_ref().ok().cloned(),
                preferences: preferences.as_ref().ok().cloned(),
                // Only an answer that reads: a restart shows the last one, not a failure.
                reloads: reloads.ok().filter(|_| matches!(told, CentralReloads::Answered { .. })),
            });
        }
        self.write().reloads = told;
        let preferences = preferences
            .and_then(|body| parse_version_check_preferences(&body).map_err(Failure::Answer));
        {
            let mut s = self.write();
            match preferences {
                Ok(data) => {
                    s.preferences =
                        data.servers.into_iter().map(|p| (p.server.clone(), p)).collect();
                    s.pass.preference_error = None;
                }
                Err(e) => {
                    s.preferences.clear();
                    s.pass.preference_error = Some(format!(
                        "central could not tell the ignore-version-check preference in force ({e}): stores are shown as if the check runs"
                    ));
                }
            }
        }
        // Through the guard's own parser and limits (count, lengths, keys).
        let definitions =
            definitions.and_then(|body| parse_server_definitions(&body).map_err(Failure::Answer));
        let central_modules = versions
            .and_then(|body| parse_version_info(&body).map_err(Failure::Answer))
            .map(|info| info.modules);
        let servers = match definitions {
            Ok(servers) => servers,
            Err(error) => {
                return self.end_pass(
                    started,
                    Some(format!("central's server definitions are unavailable: {error}")),
                );
            }
        };
        if !self.current(generation) {
            return;
        }
        let targets = pass_targets(&servers, &UrlCrate);
        self.set_stores(
            &targets.iter().map(|t| t.definition.clone()).collect::<Vec<_>>(),
            &central_modules,
        );
        if targets.is_empty() {
            return self.end_pass(started, Some(NO_STORES.to_owned()));
        }
        let central_result = central_modules.as_ref();
        // Each store asked in a task of its own, its answer read there too: the requests and
        // the reading go on, on every core, while this task records the answers that came.
        let asks = targets.into_iter().map(|target| {
            let this = Arc::clone(self);
            tokio::spawn(async move {
                let (answer, held) = match &target.problem {
                    Some(problem) => (Err(Failure::NotAsked(problem.clone())), None),
                    None => {
                        let _permit = this.asking.acquire().await;
                        let url = this.url(&target.definition.url, Service::StoreStatus);
                        match this.fetcher.get_with_header(&url, TILL_REPORTS_HEADER).await {
                            Ok((body, mark)) => {
                                let mark = mark.as_deref().and_then(HeldMark::parse);
                                let held = match mark {
                                    Some(mark) => this.fetch_held(&target.definition, mark).await,
                                    None => None,
                                };
                                (Ok(body), held)
                            }
                            Err(failure) => (Err(failure), None),
                        }
                    }
                };
                let status = read_status(&answer);
                (target.definition, answer, status, held)
            })
        });
        let mut answers = stream::iter(asks).buffer_unordered(self.config.concurrency.max(1));
        let mut checked = 0usize;
        while let Some(asked) = answers.next().await {
            if !self.current(generation) {
                return; // restarted: the stores asked may be gone
            }
            let Ok((definition, answer, status, held)) = asked else {
                continue; // a task that panicked: its store keeps its last row
            };
            let key = definition.key.clone();
            self.put(definition, central_result, answer, Some(status), now_iso(), None);
            if let Some((seen, held)) = held {
                self.record_held(&key, seen, held);
            }
            checked += 1;
            if checked % PROGRESS_EVERY == 0 {
                let _ = self.updates.send(Update::Pass);
            }
        }
        drop(answers);
        if !self.current(generation) {
            return;
        }
        let error = central_modules
            .as_ref()
            .err()
            .map(|e| format!("central's version information is unavailable: {e}"));
        self.end_pass(started, error);
    }

    /// The tills' reports the store `definition`'s agent holds that were not fetched yet, when
    /// its status says `mark` (asked with central's credential, to the store's base URL only);
    /// what was fetched, to be kept. A store whose reports cannot be fetched keeps its row:
    /// the next pass asks again.
    async fn fetch_held(
        &self,
        definition: &ServerDefinition,
        mark: HeldMark,
    ) -> Option<(HeldMark, Vec<HeldReport>)> {
        let after = mark.ask_after(self.held_seen(&definition.key))?;
        let path = format!("{}?after={after}", self.config.paths.path(Service::TillReports));
        let body = self
            .fetcher
            .send_credential(crate::fetch::Method::GET, &definition.url, &path, &[])
            .await;
        match body.map_err(|e| e.to_string()).and_then(|body| parse_held_reports(&body)) {
            Ok(data) => {
                let last = data.reports.last().map_or(data.last, |r| r.seq);
                Some((HeldMark { inbox: data.inbox, last }, data.reports))
            }
            Err(why) => {
                tracing::warn!(
                    "the tills' reports held by store {} could not be fetched: {why}",
                    definition.key
                );
                None
            }
        }
    }

    fn end_pass(&self, started: Instant, error: Option<String>) {
        let mut s = self.write();
        let total = s
            .order
            .iter()
            .filter_map(|k| s.entries.get(k)?.row().pending_batches)
            .fold(0u64, u64::saturating_add);
        let at = now_iso();
        s.totals.push(PendingPoint { at: at.clone(), pending: Some(total) });
        if s.totals.len() > HISTORY {
            s.totals.remove(0);
        }
        if let Some(keeper) = &self.keeper {
            keeper.write(crate::keep::Write::Totals(s.totals.clone()));
        }
        s.pass.running = false;
        s.pass.finished_at = Some(at);
        s.pass.last_duration_ms = Some(started.elapsed().as_millis() as u64);
        s.pass.error = error;
    }

    /// Central's list of stores for this pass; a changed list resets the pages' tables.
    fn set_stores(&self, stores: &[ServerDefinition], central: &Result<ModuleSet, Failure>) {
        // Once a pass: the keys in central's order, each once, and each one's place.
        let order = StoreOrder::of(stores.iter().map(|d| d.key.as_str()));
        let mut s = self.write();
        s.pass.total = order.len();
        s.pass.central_version = central.as_ref().ok().map(|m| {
            webpos_version_guard::versions::server_version::ServerVersion::of(m).to_string()
        });
        s.central = central.as_ref().ok().cloned();
        s.central_failure = central.as_ref().err().cloned();
        if s.order != order {
            if let Some(keeper) = &self.keeper {
                keeper.write(crate::keep::Write::Order(order.to_vec()));
            }
            s.entries.retain(|k, _| order.place(k).is_some());
            s.recomputed.retain(|k, _| order.place(k).is_some());
            s.order = order;
            // An update of its own: a page whose last event is the one before the change (or
            // that change's own number) resumes from before it, and starts afresh.
            s.seq += 1;
            s.list_changed_at = s.seq;
            drop(s);
            let _ = self.updates.send(Update::Reset);
        }
    }

    /// One store's answer (its `StoreStatus` body, or why there is none), now: its row, its
    /// history, what changed; kept in the state file; then the stream hears it.
    pub(super) fn record(
        &self,
        definition: ServerDefinition,
        central: Result<&ModuleSet, &Failure>,
        answer: Result<Vec<u8>, Failure>,
    ) {
        self.put(definition, central, answer, None, now_iso(), None);
    }

    /// A store's answer checked at `checked_at` (`status`: the answer read already, else read
    /// here); with `restored` (its kept history), replayed from the state file (nothing
    /// written, nothing sent).
    pub(super) fn put(
        &self,
        definition: ServerDefinition,
        central: Result<&ModuleSet, &Failure>,
        answer: Result<Vec<u8>, Failure>,
        status: Option<Result<StoreStatus, Failure>>,
        checked_at: String,
        restored: Option<Vec<PendingPoint>>,
    ) {
        let status = status.unwrap_or_else(|| read_status(&answer));
        let digest = answer.as_ref().ok().map(|body| {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            body.hash(&mut h);
            h.finish()
        });
        let (info, pending) = StoreStatus::split(status);
        let mut s = self.write();
        let Some(position) = s.order.place(&definition.key) else { return };
        let previous = s.entries.get(&definition.key).cloned();
        let preference = s.preferences.get(&definition.key).cloned();
        let live = restored.is_none();
        let history = match restored {
            Some(history) => history,
            None => {
                let mut history = previous.as_ref().map(|p| p.history.clone()).unwrap_or_default();
                history.push(PendingPoint {
                    at: checked_at.clone(),
                    pending: pending.as_ref().ok().copied(),
                });
                if history.len() > HISTORY {
                    history.remove(0);
                }
                history
            }
        };
        if let (true, Some(keeper)) = (live, &self.keeper) {
            let unchanged =
                digest.is_some() && previous.as_ref().and_then(|p| p.answer_digest) == digest;
            keeper.write(crate::keep::Write::Store(Box::new(crate::keep::StoreWrite {
                key: definition.key.clone(),
                position,
                definition: definition.clone(),
                answer: if unchanged { None } else { answer.as_ref().ok().cloned() },
                error: answer.as_ref().err().cloned(),
                checked_at: checked_at.clone(),
                history: history.clone(),
            })));
        }
        let trend = pending_trend(&history.iter().map(|p| p.pending).collect::<Vec<_>>());
        // Both languages' rows from one comparison with central.
        let mut fresh = overview_rows(
            &definition,
            central,
            info.as_ref(),
            pending.as_ref().copied(),
            CentralSays {
                preference: preference.as_ref(),
                reload: s.reloads.known(&definition.key),
            },
            LANGUAGES,
        )
        .into_iter();
        let since = super::tills::window_start(super::state::now_secs());
        let tills = super::tills::counts_of(&s, &definition.key, &since);
        let rows = LANGUAGES.map(|language| {
            let row = fresh.next().expect("a row for each language");
            let row = with_tills(row, tills.clone(), language);
            let changes = previous.as_ref().map(|p| row_changes(p.row(), &row)).unwrap_or_default();
            OverviewRow {
                checked_at: Some(checked_at.clone()),
                changes,
                pending_trend: trend,
                pending_trend_label: pending_trend_label(trend, language),
                ..row
            }
        });
        s.seq += 1;
        let seq = s.seq;
        s.pass.checked += 1;
        let key = definition.key.clone();
        s.entries.insert(
            key.clone(),
            Entry {
                rows: [json(&rows[0]), json(&rows[1])],
                localized: rows,
                modules: info.ok().map(|i| i.modules),
                definition,
                history,
                seq,
                answer_digest: digest,
                unaskable: match &answer {
                    Err(Failure::NotAsked(problem)) => Some(problem.clone()),
                    _ => None,
                },
            },
        );
        drop(s);
        if live {
            let _ = self.updates.send(Update::Row { seq, key });
        }
    }
}

/// A store's `StoreStatus` answer read through the guard's own parser and limits.
fn read_status(answer: &Result<Vec<u8>, Failure>) -> Result<StoreStatus, Failure> {
    answer
        .as_ref()
        .map_err(Clone::clone)
        .and_then(|body| parse_store_status(body).map_err(Failure::Answer))
}
