//! Paths and service names of the protocol (docs/PROTOCOL.md), shared by the guard and the
//! simulator so that neither can drift from the other.
//!
//! Paths are relative to a server's base URL (e.g. `http://store1:8080/openbravo`). The service
//! names for version information, pending sync, recompute, preference records and terminal
//! information are this project's own, in Openbravo's style; the JSON-service prefix, the
//! WebPOS page and the logout path are Openbravo's.

/// The JSON-service prefix: services are at `<base>/<JSONREST>/<service class>`.
pub const JSONREST: &str = "org.openbravo.mobile.core.service.jsonrest";

/// The WebPOS entry page (with `?terminal=<search key>`).
pub const POS_PAGE: &str = "web/org.openbravo.retail.posterminal/";

/// The version guard's own Openbravo module, as it is shipped (docs/INTEGRATION.md): its
/// folder under `<context>/web/`, from which the adapter's default package URL is built.
pub const MODULE: &str = "org.example.versionguard";

/// Where the guard's wasm package is served: the module's `js/pkg/` folder.
pub const MODULE_PKG: &str = "web/org.example.versionguard/js/pkg/";

/// Where mobile core writes the generated static resource, every module script of an app
/// concatenated (and minified) into `<md5>_<app>.js`; the WebPOS page loads that one file.
pub const GENERATED_SCRIPTS: &str = "web/js/gen/";

/// The admin pages (Store Server Version Overview), on central.
pub const ADMIN_PAGE: &str = "web/org.openbravo.mobile.core.versionoverview/";

/// Where the admin build of the wasm package is served, below the admin pages.
pub const ADMIN_PKG: &str = "web/org.openbravo.mobile.core.versionoverview/pkg/";

/// Login: `POST` with `{"user", "password", "terminal"}`; sets the session cookie.
pub const LOGIN: &str = "org.openbravo.retail.posterminal.POSLoginHandler";

/// Logout (Openbravo's path): ends the session. Local data in the browser is untouched.
pub const LOGOUT: &str = "org.openbravo.mobile.core.logout";

/// The URL parameter that names the terminal.
pub const TERMINAL_PARAM: &str = "terminal";

/// The WebPOS page's query parameter for the language (a tag such as `es_ES` or `es`): the
/// store-mode URL carries it, so that store mode opens in the cashier's language (the WebPOS
/// keeps it in localStorage `POSlanguageSK`, which is per origin).
pub const LANGUAGE_PARAM: &str = "lang";

/// The JSON services.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Service {
    /// `GET`: central's server definitions (every server serves its copy).
    ServerDefinitions,
    /// `GET`: this server's modules and computed version.
    VersionInformation,
    /// `POST`: recompute this server's version information, then answer it.
    RecomputeVersionInformation,
    /// `GET`: a store's count of data batches pending sync to central.
    PendingSync,
    /// `GET`: a store's version information, pending count, server status and reload status
    /// in one answer (what the overview and the login guard ask a store).
    StoreStatus,
    /// `GET ?property=NAME`: the preference records for the session's context.
    Preferences,
    /// `GET ?terminal=KEY`: which store server a terminal belongs to.
    TerminalInfo,
}

impl Service {
    /// Every service.
    pub const ALL: [Service; 7] = [
        Self::ServerDefinitions,
        Self::VersionInformation,
        Self::RecomputeVersionInformation,
        Self::PendingSync,
        Self::StoreStatus,
        Self::Preferences,
        Self::TerminalInfo,
    ];

    /// The service's class name, the last segment of its path.
    pub const fn class(self) -> &'static str {
        match self {
            Self::ServerDefinitions => {
                "org.openbravo.mobile.core.servercontroller.ServerDefinitions"
            }
            Self::VersionInformation => {
                "org.openbravo.mobile.core.servercontroller.VersionInformation"
            }
            Self::RecomputeVersionInformation => {
                "org.openbravo.mobile.core.servercontroller.RecomputeVersionInformation"
            }
            Self::PendingSync => "org.openbravo.mobile.core.servercontroller.DataPendingToSync",
            Self::StoreStatus => "org.openbravo.mobile.core.servercontroller.StoreStatus",
            Self::Preferences => "org.openbravo.mobile.core.preference.PreferenceRecords",
            Self::TerminalInfo => "org.openbravo.retail.posterminal.TerminalStoreServer",
        }
    }

    /// The short name used in scenario files and fault settings (e.g. `PendingSync`).
    pub const fn short_name(self) -> &'static str {
        match self {
            Self::ServerDefinitions => "ServerDefinitions",
            Self::VersionInformation => "VersionInformation",
            Self::RecomputeVersionInformation => "RecomputeVersionInformation",
            Self::PendingSync => "PendingSync",
            Self::StoreStatus => "StoreStatus",
            Self::Preferences => "Preferences",
            Self::TerminalInfo => "TerminalInfo",
        }
    }

    /// The service with this class name (what a path names).
    pub fn from_class(class: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.class() == class)
    }

    /// The service for a class name or short name (what scenario files and faults name).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.class() == name || s.short_name() == name)
    }

    /// The path below a server's base URL, e.g. `org.openbravo.mobile.core.service.jsonrest/…`.
    pub fn path(self) -> String {
        [JSONREST, "/", self.class()].concat()
    }
}
