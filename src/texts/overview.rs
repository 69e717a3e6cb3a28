//! The overview's words for every code it shows (server status, version status, reload status,
//! the pending trend, the Differences field, the CSV header), in English and Spanish, so that no
//! raw code reaches an admin. The page's own chrome (headings, buttons) is in `www/admin/`.

use core::fmt;

use crate::servers::wire::ServerStatus;
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

/// A reload status code as people read it: `DONE` → "done" / "terminada", `IN_PROGRESS` →
/// "in progress" / "en curso", the agent's `RESTART_PENDING` → "restart pending" / "reinicio
/// pendiente" (and its other codes); an unknown code in words (underscores to spaces, lower
/// case).
pub fn reload_status(code: &str, language: Language) -> String {
    let known = match (language, code) {
        (Language::En, "DONE") => Some("done"),
        (Language::En, "IN_PROGRESS") => Some("in progress"),
        (Language::En, "PENDING") => Some("pending"),
        (Language::En, "ERROR") => Some("failed"),
        (Language::En, "RESTART_PENDING") => Some("restart pending"),
        (Language::En, "MODULES_PENDING") => Some("modules pending"),
        (Language::En, "MODULES_UNINSTALLED") => Some("modules uninstalled"),
        (Language::En, "NO_SYSTEM_STATUS") => Some("no system status"),
        (Language::Es, "DONE") => Some("terminada"),
        (Language::Es, "IN_PROGRESS") => Some("en curso"),
        (Language::Es, "PENDING") => Some("pendiente"),
        (Language::Es, "ERROR") => Some("fallida"),
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

/// A hot fix in force, in words: the ignore-version-check preference of `client` skips the
/// check (record `record`), so no store of that client blocks logins.
pub fn logins_unchecked(client: &str, record: Option<&str>, language: Language) -> String {
    let record = record.map(crate::base::text::quoted);
    match (language, record) {
        (Language::En, Some(r)) => format!(
            "logins are not checked for client {} (ignore-version-check preference {r})",
            crate::base::text::quoted(client)
        ),
        (Language::En, None) => {
            format!("logins are not checked for client {}", crate::base::text::quoted(client))
        }
        (Language::Es, Some(r)) => format!(
            "los inicios de sesión no se comprueban para el cliente {} (preferencia {r})",
            crate::base::text::quoted(client)
        ),
        (Language::Es, None) => format!(
            "los inicios de sesión no se comprueban para el cliente {}",
            crate::base::text::quoted(client)
        ),
    }
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
    /// Its reload status.
    pub reload_status: &'static str,
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
            version_status: "Version Status",
            blocks_logins: "Blocks logins now",
            version: "Version",
            central_version: "Central version",
            pending_batches: "Data Pending to sync",
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
            version_status: "Estado de la versión",
            blocks_logins: "Bloquea inicios de sesión ahora",
            version: "Versión",
            central_version: "Versión de la central",
            pending_batches: "Datos pendientes de sincronizar",
            differences: "Diferencias",
            error: "Error",
            checked_at: "Hora de consulta",
            url: "URL",
        },
    }
}

/// The CSV header, in the overview's column order.
pub fn csv_header(language: Language) -> [&'static str; 13] {
    let h = headings(language);
    [
        h.server,
        h.name,
        h.server_status,
        h.reload_status,
        h.version_status,
        h.blocks_logins,
        h.version,
        h.central_version,
        h.pending_batches,
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
