//! The overview's words for every code it shows (server status, version status, reload status, rebuild status,
//! the pending trend, the Differences field, the CSV header), in English and Spanish, so that no
//! raw code reaches an admin. The page's own chrome (headings, buttons) is in `www/admin/`.

use core::fmt;

use crate::servers::wire::{NodeReload, ServerStatus};
use crate::texts::cashier::Language;
use crate::versions::compare::VersionStatus;

// The status's label lives with its words, so that `versions` needs nothing of `texts`.
impl VersionStatus {
    /// The label Openbravo shows for this status.
    pub fn label(&self) -> &'static str {
        version_status(self, Language::En)
    }
}

/// The label, with the error when unknown.
impl fmt::Display for VersionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unknown { error } => write!(f, "Unknown: {error}"),
            other => f.write_str(other.label()),
        }
    }
}

/// A server status as people read it; TON and TOFF say which way they are going.
pub fn server_status(status: ServerStatus, language: Language) -> &'static str {
    use ServerStatus::*;
    match (language, status) {
        (Language::En, Online) => "online",
        (Language::En, Offline) => "offline",
        (Language::En, TransitionToOnline) => "transitioning (going online)",
        (Language::En, TransitionToOffline) => "transitioning (going offline)",
        (Language::Es, Online) => "en línea",
        (Language::Es, Offline) => "fuera de línea",
        (Language::Es, TransitionToOnline) => "en transición (a en línea)",
        (Language::Es, TransitionToOffline) => "en transición (a fuera de línea)",
    }
}

/// The version status as the seed names it (Same as Central, Different from Central, Unknown).
pub fn version_status(status: &VersionStatus, language: Language) -> &'static str {
    match (language, status) {
        (Language::En, VersionStatus::SameAsCentral) => "Same as Central",
        (Language::En, VersionStatus::DifferentFromCentral) => "Different from Central",
        (Language::En, VersionStatus::Unknown { .. }) => "Unknown",
        (Language::Es, VersionStatus::SameAsCentral) => "Igual que Central",
        (Language::Es, VersionStatus::DifferentFromCentral) => "Diferente de Central",
        (Language::Es, VersionStatus::Unknown { .. }) => "Desconocido",
    }
}

/// A rebuild status code (the agent's, from `AD_SYSTEM_INFO` and `AD_MODULE`: the database is
/// ahead of what the server runs) as people read it: `RESTART_PENDING` → "restart pending" /
/// "reinicio pendiente", and its other codes; an unknown code in words (underscores to spaces,
/// lower case).
pub fn rebuild_status(code: &str, language: Language) -> String {
    let known = match (language, code) {
        (Language::En, "RESTART_PENDING") => Some("restart pending"),
        (Language::En, "MODULES_PENDING") => Some("modules pending"),
        (Language::En, "MODULES_UNINSTALLED") => Some("modules uninstalled"),
        (Language::En, "NO_SYSTEM_STATUS") => Some("no system status"),
        (Language::Es, "RESTART_PENDING") => Some("reinicio pendiente"),
        (Language::Es, "MODULES_PENDING") => Some("módulos pendientes"),
        (Language::Es, "MODULES_UNINSTALLED") => Some("módulos desinstalados"),
        (Language::Es, "NO_SYSTEM_STATUS") => Some("sin estado del sistema"),
        _ => None,
    };
    match known {
        Some(label) => label.to_owned(),
        None => code
            .split('_')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// What central's answer says of a store's SymmetricDS (re)load, for its Reload Status.
#[derive(Clone, Copy, Debug)]
pub enum ReloadKnown<'a> {
    /// Central's SymmetricDS knows the store as a node.
    Node(&'a NodeReload),
    /// Central's SymmetricDS has no node with the store's key.
    NotANode,
    /// Central's SymmetricDS tables could not be read; why.
    Unreadable(&'a str),
    /// Central did not answer `ReloadStatus`; why.
    Unanswered(&'a str),
}

/// The code of a Reload Status (what a row's change is told by): the state's, or `unknown`.
pub fn reload_code(known: ReloadKnown<'_>) -> &'static str {
    match known {
        ReloadKnown::Node(node) => node.state.code(),
        _ => "unknown",
    }
}

/// A store's Reload Status in words: "initial load done 2026-11-30 08:12", "reload of 3 tables
/// requested", "loading: 3 of 12 batches", "never loaded", "unknown: SymmetricDS tables not
/// readable (…)".
pub fn reload_status(known: ReloadKnown<'_>, language: Language) -> String {
    use crate::servers::wire::{LoadKind::*, ReloadState::*};
    let es = language == Language::Es;
    let node = match known {
        ReloadKnown::Node(node) => node,
        ReloadKnown::NotANode if es => {
            return "desconocido: la central no la tiene como nodo de SymmetricDS".to_owned()
        }
        ReloadKnown::NotANode => return "unknown: not a SymmetricDS node of central".to_owned(),
        ReloadKnown::Unreadable(why) if es => {
            return format!("desconocido: no se pueden leer las tablas de SymmetricDS ({why})")
        }
        ReloadKnown::Unreadable(why) => {
            return format!("unknown: SymmetricDS tables not readable ({why})")
        }
        ReloadKnown::Unanswered(why) if es => {
            return format!("desconocido: la central no respondió ({why})")
        }
        ReloadKnown::Unanswered(why) => return format!("unknown: central did not answer ({why})"),
    };
    let at = node.at.as_deref().map(|at| [" ", at].concat()).unwrap_or_default();
    let tables = node.tables.unwrap_or(0);
    let what = match (node.load, es) {
        (Initial, false) => "initial load".to_owned(),
        (Initial, true) => "carga inicial".to_owned(),
        (Tables, false) if tables == 1 => "reload of 1 table".to_owned(),
        (Tables, false) if tables > 1 => format!("reload of {tables} tables"),
        (Tables, false) => "table reload".to_owned(),
        (Tables, true) if tables == 1 => "recarga de 1 tabla".to_owned(),
        (Tables, true) if tables > 1 => format!("recarga de {tables} tablas"),
        (Tables, true) => "recarga de tablas".to_owned(),
    };
    let detail = node.detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default();
    match (node.state, es) {
        (NeverLoaded, false) => "never loaded".to_owned(),
        (NeverLoaded, true) => "nunca cargada".to_owned(),
        (Requested, false) => format!("{what} requested{at}"),
        (Requested, true) => format!("{what} solicitada{at}"),
        (Loading, _) => {
            let progress = match (node.batches_loaded, node.batches, es) {
                (Some(done), Some(all), false) => format!(": {done} of {all} batches"),
                (Some(done), Some(all), true) => format!(": {done} de {all} lotes"),
                _ => String::new(),
            };
            match es {
                false => format!("loading{progress} ({what}, started{at})"),
                true => format!("cargando{progress} ({what}, iniciada{at})"),
            }
        }
        (Done, false) => format!("{what} done{at}"),
        (Done, true) => format!("{what} terminada{at}"),
        (Failed, false) => format!("{what} failed{at}{detail}"),
        (Failed, true) => format!("{what} fallida{at}{detail}"),
        (Cancelled, false) => format!("{what} cancelled{at}"),
        (Cancelled, true) => format!("{what} cancelada{at}"),
    }
}

/// A store's Reload Status as the table's narrow cell shows it (the whole words in its title,
/// the details and the CSV): the state and its day, "done 2026-11-30", "loading 3/12",
/// "requested 2026-12-01", "never loaded", "unknown".
pub fn reload_brief(known: ReloadKnown<'_>, language: Language) -> String {
    use crate::servers::wire::ReloadState::*;
    let es = language == Language::Es;
    let ReloadKnown::Node(node) = known else {
        return if es { "desconocido" } else { "unknown" }.to_owned();
    };
    // The day kept whole on its line: non-breaking hyphens.
    let day = node.at.as_deref().and_then(|at| at.split(' ').next()).unwrap_or("");
    let day = day.replace('-', "\u{2011}");
    let word = match (node.state, es) {
        (NeverLoaded, false) => return "never loaded".to_owned(),
        (NeverLoaded, true) => return "nunca cargada".to_owned(),
        (Loading, _) => {
            let word = if es { "cargando" } else { "loading" };
            return match (node.batches_loaded, node.batches) {
                (Some(done), Some(all)) => format!("{word} {done}/{all}"),
                _ => word.to_owned(),
            };
        }
        (Requested, false) => "requested",
        (Requested, true) => "solicitada",
        (Done, false) => "done",
        (Done, true) => "terminada",
        (Failed, false) => "failed",
        (Failed, true) => "fallida",
        (Cancelled, false) => "cancelled",
        (Cancelled, true) => "cancelada",
    };
    if day.is_empty() {
        word.to_owned()
    } else {
        [word, " ", &day].concat()
    }
}

/// What a row says of its tills (the overview's counts, here as plain figures: `texts` comes
/// before `overview`).
#[derive(Clone, Copy, Debug)]
pub struct TillsSaid<'a> {
    /// Tills blocked.
    pub blocked: u32,
    /// Tills that could not check.
    pub could_not_check: u32,
    /// Why, in words.
    pub reasons: &'a [String],
    /// Tills under the hot fix.
    pub hot_fix: u32,
}

/// What a store's tills went through in the last hour, in words ("2 tills blocked, 1 could not
/// check (timed out after 2000 ms), 3 under the hot fix, in the last hour"); none when nothing
/// of that happened.
pub fn tills_text(counts: TillsSaid<'_>, language: Language) -> Option<String> {
    let es = language == Language::Es;
    let mut said: Vec<String> = Vec::new();
    let tills = |n: u32| match (es, n) {
        (false, 1) => "1 till".to_owned(),
        (false, n) => format!("{n} tills"),
        (true, 1) => "1 terminal".to_owned(),
        (true, n) => format!("{n} terminales"),
    };
    if counts.blocked > 0 {
        said.push(match es {
            false => format!("{} blocked", tills(counts.blocked)),
            true => format!("{} bloqueados", tills(counts.blocked)),
        });
    }
    if counts.could_not_check > 0 {
        let reasons = if counts.reasons.is_empty() {
            String::new()
        } else {
            format!(" ({})", counts.reasons.join("; "))
        };
        said.push(match es {
            false => format!("{} could not check{reasons}", tills(counts.could_not_check)),
            true => format!("{} no pudieron comprobar{reasons}", tills(counts.could_not_check)),
        });
    }
    if counts.hot_fix > 0 {
        said.push(match es {
            false => format!("{} under the hot fix", tills(counts.hot_fix)),
            true => format!("{} con la corrección urgente", tills(counts.hot_fix)),
        });
    }
    if said.is_empty() {
        return None;
    }
    let window = if es { "en la última hora" } else { "in the last hour" };
    Some(format!("{}, {window}", crate::base::text::joined(&said, ", ")))
}

/// A hot fix in force, in words: the ignore-version-check preference of `client` skips the
/// check (record `record`, set by `by` at `at` when central says), so no store of that client
/// blocks logins.
pub fn logins_unchecked(
    client: &str,
    record: Option<&str>,
    set: (Option<&str>, Option<&str>),
    language: Language,
) -> String {
    use crate::base::text::quoted;
    let es = language == Language::Es;
    let mut said = match es {
        false => format!("logins are not checked for client {}", quoted(client)),
        true => {
            format!("los inicios de sesión no se comprueban para el cliente {}", quoted(client))
        }
    };
    let set = match (set, es) {
        ((Some(by), Some(at)), false) => format!(", set by {} at {at}", quoted(by)),
        ((Some(by), Some(at)), true) => format!(", fijada por {} el {at}", quoted(by)),
        ((Some(by), None), false) => format!(", set by {}", quoted(by)),
        ((Some(by), None), true) => format!(", fijada por {}", quoted(by)),
        ((None, Some(at)), false) => format!(", set at {at}"),
        ((None, Some(at)), true) => format!(", fijada el {at}"),
        ((None, None), _) => String::new(),
    };
    match (record.map(quoted), es) {
        (Some(r), false) => said.push_str(&format!(" (ignore-version-check preference {r}{set})")),
        (Some(r), true) => said.push_str(&format!(" (preferencia {r}{set})")),
        (None, _) if !set.is_empty() => said.push_str(&format!(" ({})", &set[2..])),
        (None, _) => {}
    }
    said
}

/// "not reachable from central", for a store central's collector could not reach.
pub fn not_reachable(language: Language) -> &'static str {
    match language {
        Language::En => "not reachable from central",
        Language::Es => "no accesible desde la central",
    }
}

/// The words of one line of the Differences field.
pub struct DifferenceWords {
    /// Before the store's version: "store" / "tienda".
    pub store: &'static str,
    /// "not on the store" / "no está en la tienda".
    pub not_on_store: &'static str,
    /// "not on central" / "no está en central".
    pub not_on_central: &'static str,
}

/// The Differences field's words.
pub fn difference_words(language: Language) -> DifferenceWords {
    match language {
        Language::En => DifferenceWords {
            store: "store",
            not_on_store: "not on the store",
            not_on_central: "not on central",
        },
        Language::Es => DifferenceWords {
            store: "tienda",
            not_on_store: "no está en la tienda",
            not_on_central: "no está en central",
        },
    }
}

/// The overview's column headings: the page's table, its details and the CSV all read these
/// (the page through `www/admin/texts.js`, which the crate writes out).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Headings {
    /// The server's key.
    pub server: &'static str,
    /// Its name.
    pub name: &'static str,
    /// Its server status.
    pub server_status: &'static str,
    /// Its reload status (SymmetricDS's initial load and table reloads).
    pub reload_status: &'static str,
    /// Its database ahead of what it runs (rebuilt, waiting for a restart).
    pub rebuild_status: &'static str,
    /// Its version status.
    pub version_status: &'static str,
    /// Whether it blocks logins from central now.
    pub blocks_logins: &'static str,
    /// Its server version.
    pub version: &'static str,
    /// Central's version (of the server, or of a module).
    pub central_version: &'static str,
    /// Its data pending to sync.
    pub pending_batches: &'static str,
    /// Its tills blocked in the last hour.
    pub tills_blocked: &'static str,
    /// Its tills that could not check in the last hour.
    pub tills_could_not_check: &'static str,
    /// What differs from central.
    pub differences: &'static str,
    /// Why its versions are unknown.
    pub error: &'static str,
    /// When central's collector asked it.
    pub checked_at: &'static str,
    /// Its URL.
    pub url: &'static str,
}

/// The column headings in `language`.
pub fn headings(language: Language) -> Headings {
    match language {
        Language::En => Headings {
            server: "Server",
            name: "Name",
            server_status: "Server Status",
            reload_status: "Reload Status",
            rebuild_status: "Rebuild Status",
            version_status: "Version Status",
            blocks_logins: "Blocks logins now",
            version: "Version",
            central_version: "Central version",
            pending_batches: "Data Pending to sync",
            tills_blocked: "Tills blocked (last hour)",
            tills_could_not_check: "Tills that could not check (last hour)",
            differences: "Differences",
            error: "Error",
            checked_at: "Checked at",
            url: "URL",
        },
        Language::Es => Headings {
            server: "Servidor",
            name: "Nombre",
            server_status: "Estado del servidor",
            reload_status: "Estado de la recarga",
            rebuild_status: "Estado de la recompilación",
            version_status: "Estado de la versión",
            blocks_logins: "Bloquea inicios de sesión ahora",
            version: "Versión",
            central_version: "Versión de la central",
            pending_batches: "Datos pendientes de sincronizar",
            tills_blocked: "Terminales bloqueados (última hora)",
            tills_could_not_check: "Terminales que no pudieron comprobar (última hora)",
            differences: "Diferencias",
            error: "Error",
            checked_at: "Hora de consulta",
            url: "URL",
        },
    }
}

/// The CSV header, in the overview's column order.
pub fn csv_header(language: Language) -> [&'static str; 16] {
    let h = headings(language);
    [
        h.server,
        h.name,
        h.server_status,
        h.reload_status,
        h.rebuild_status,
        h.version_status,
        h.blocks_logins,
        h.version,
        h.central_version,
        h.pending_batches,
        h.tills_blocked,
        h.tills_could_not_check,
        h.differences,
        h.error,
        h.checked_at,
        h.url,
    ]
}

/// Yes or no, in the CSV.
pub fn yes_no(value: bool, language: Language) -> &'static str {
    match (language, value) {
        (Language::En, true) => "Yes",
        (Language::En, false) => "No",
        (Language::Es, true) => "Sí",
        (Language::Es, false) => "No",
    }
}

/// The CSV's field separator: `,`, and `;` in Spanish, where spreadsheets read the comma as
/// the decimal mark.
pub fn csv_separator(language: Language) -> char {
    match language {
        Language::En => ',',
        Language::Es => ';',
    }
}

/// What a row says before the failure when central's own version information is unavailable
/// (no store can be compared).
pub fn central_unavailable(language: Language) -> &'static str {
    match language {
        Language::En => "central version information unavailable",
        Language::Es => "información de versiones de la central no disponible",
    }
}
