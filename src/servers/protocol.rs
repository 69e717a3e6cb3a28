//! Paths and service names of the protocol (docs/PROTOCOL.md), shared by the guard and the
//! simulator so that neither can drift from the other.
//!
//! Paths are relative to a server's base URL (e.g. `http://store1:8080/openbravo`). Every name
//! the module must own is in the module's own namespace (`org.example.versionguard`, database
//! prefix `EXVG`): its service classes, its pages, its label keys and its preference property,
//! so it ships without patching any Openbravo module. The service paths, the label prefix and
//! the property are only defaults: the guard takes each as a setting (docs/INTEGRATION.md,
//! "The module's names"). What stays Openbravo's is what the guard uses of Openbravo and never
//! defines: the JSON-service mount (`JSONREST`), the WebPOS page and the logout servlet.

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

/// The module's database prefix: its label keys and its preference property begin with it, as
/// Openbravo requires of a module's own messages and list values.
pub const DB_PREFIX: &str = "EXVG";

/// The prefix of the guard's label keys (`EXVG_VersionGuardTitle`, ...): a setting, this is
/// its default.
pub const LABEL_PREFIX: &str = "EXVG_";

/// The ignore-version-check preference's property (a value of the module's own list): a
/// setting, this is its default.
pub const PREFERENCE_PROPERTY: &str = "EXVG_IgnoreVersionCheck";

/// The admin pages (Store Server Version Overview), on central, in the module's folder.
pub const ADMIN_PAGE: &str = "web/org.example.versionguard/overview/";

/// Where a till reports its login's check, below central's base URL: the overview collector's
/// intake, below the admin page (`POST`, the session's cookie).
pub fn till_report_path() -> String {
    [ADMIN_PAGE, "api/till-report"].concat()
}

/// The header of a store's `StoreStatus` answer that says which tills' reports its agent
/// holds: `<inbox>.<last>`, the inbox's number (new at each start of the agent) and the
/// sequence number of its last report. Central's collector asks `TillReports` only when it
/// changed, so a pass makes no request more for a store without news.
pub const TILL_REPORTS_HEADER: &str = "x-version-guard-till-reports";

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
    /// `GET`: a store's version information, pending count, server status and rebuild status
    /// in one answer (what the overview and the login guard ask a store).
    StoreStatus,
    /// `GET ?property=NAME`: the preference records for the session's context.
    Preferences,
    /// `GET ?terminal=KEY`: which store server a terminal belongs to.
    TerminalInfo,
    /// `GET` with the session: who is logged in, and whether their role administers the client
    /// (what the overview's collector asks central before it answers a page).
    SessionInfo,
    /// `GET ?property=NAME` on central: the ignore-version-check preference in force for each
    /// server's client, as can be said without a session (what the overview's "blocks logins
    /// now" reads, as the guard's decision does).
    VersionCheckPreferences,
    /// `GET` on central, with central's credential: SymmetricDS's initial load and table
    /// reloads of every store server (the overview's Reload Status).
    ReloadStatus,
    /// `POST` on a store server, with the session: a till's report of a check on a page loaded
    /// from that store (store mode), held by the store's agent for central's collector.
    TillReport,
    /// `GET ?after=SEQ` on a store server, with central's credential: the tills' reports that
    /// store's agent holds (what central's collector fetches when the store's status says
    /// there are new ones, [`TILL_REPORTS_HEADER`]).
    TillReports,
}

impl Service {
    /// Every service.
    pub const ALL: [Service; 11] = [
        Self::ServerDefinitions,
        Self::VersionInformation,
        Self::RecomputeVersionInformation,
        Self::StoreStatus,
        Self::Preferences,
        Self::TerminalInfo,
        Self::SessionInfo,
        Self::VersionCheckPreferences,
        Self::ReloadStatus,
        Self::TillReport,
        Self::TillReports,
    ];

    /// The service's default class name, in the module's own package: the last segment of its
    /// default path.
    pub const fn class(self) -> &'static str {
        match self {
            Self::ServerDefinitions => "org.example.versionguard.service.ServerDefinitions",
            Self::VersionInformation => "org.example.versionguard.service.VersionInformation",
            Self::RecomputeVersionInformation => {
                "org.example.versionguard.service.RecomputeVersionInformation"
            }
            Self::StoreStatus => "org.example.versionguard.service.StoreStatus",
            Self::Preferences => "org.example.versionguard.service.PreferenceRecords",
            Self::TerminalInfo => "org.example.versionguard.service.TerminalStoreServer",
            Self::SessionInfo => "org.example.versionguard.service.SessionInfo",
            Self::VersionCheckPreferences => {
                "org.example.versionguard.service.VersionCheckPreferences"
            }
            Self::ReloadStatus => "org.example.versionguard.service.ReloadStatus",
            Self::TillReport => "org.example.versionguard.service.TillReport",
            Self::TillReports => "org.example.versionguard.service.TillReports",
        }
    }

    /// The short name used in scenario files and fault settings (e.g. `StoreStatus`).
    pub const fn short_name(self) -> &'static str {
        match self {
            Self::ServerDefinitions => "ServerDefinitions",
            Self::VersionInformation => "VersionInformation",
            Self::RecomputeVersionInformation => "RecomputeVersionInformation",
            Self::StoreStatus => "StoreStatus",
            Self::Preferences => "Preferences",
            Self::TerminalInfo => "TerminalInfo",
            Self::SessionInfo => "SessionInfo",
            Self::VersionCheckPreferences => "VersionCheckPreferences",
            Self::ReloadStatus => "ReloadStatus",
            Self::TillReport => "TillReport",
            Self::TillReports => "TillReports",
        }
    }

    /// The service for a class name or short name (what scenario files and faults name).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.class() == name || s.short_name() == name)
    }

    /// The default path below a server's base URL: the module's own path
    /// ([`Service::module_path`]), where a reverse proxy sends it to the agent beside the
    /// server (mobile core's `service.jsonrest` mount answers 401 without a session, so the
    /// pre-login and the cross-origin calls cannot live there).
    pub fn path(self) -> String {
        self.module_path()
    }

    /// The path of a Java service class under mobile core's JSON-service mount,
    /// `<JSONREST>/<class>`: where an integrator who writes the services in Java serves those
    /// that need a session (set with the `servicePaths` setting; docs/INTEGRATION.md).
    pub fn jsonrest_path(self) -> String {
        [JSONREST, "/", self.class()].concat()
    }

    /// The service a path's last segment names: a class name (`<JSONREST>/<class>`) or a
    /// simple name (`<MODULE>/<simple name>`).
    pub fn from_segment(segment: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.class() == segment || s.simple_name() == segment)
    }

    /// The service's name on the agent (`openbravo-version-agent`): its class's simple name
    /// (`StoreStatus`, `TerminalStoreServer`, `PreferenceRecords`, ...).
    pub fn simple_name(self) -> &'static str {
        let class = self.class();
        class.rsplit('.').next().unwrap_or(class)
    }

    /// Its path on the agent, below a server's base URL: `<MODULE>/<simple name>`, a path of
    /// the module's own outside mobile core's authenticated JSON-service mount, which a
    /// reverse proxy in front of Tomcat routes to the agent (docs/INTEGRATION.md).
    pub fn module_path(self) -> String {
        [MODULE, "/", self.simple_name()].concat()
    }
}

/// Where each service is, below a server's base URL: the defaults ([`Service::path`]), or the
/// paths an integrator set (the `servicePaths` setting, by short name).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServicePaths([String; Service::ALL.len()]);

impl Default for ServicePaths {
    fn default() -> Self {
        Self(Service::ALL.map(Service::path))
    }
}

impl ServicePaths {
    /// The defaults with `overrides` (short name → path below the base URL) applied. A name
    /// that is no service, or a path that is empty, absolute or has a query or fragment, is
    /// refused with the reason; the others still apply.
    pub fn with_overrides<'a>(
        overrides: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (Self, Vec<String>) {
        let mut paths = Self::default();
        let mut refused = Vec::new();
        for (name, path) in overrides {
            let path = path.trim_start_matches('/');
            match Service::from_name(name) {
                None => {
                    refused.push(format!("{} is not a service", crate::base::text::quoted(name)))
                }
                Some(_) if path.is_empty() || path.contains(['?', '#', ':']) => {
                    refused.push(format!(
                        "the path of {name} must be a path below the server's URL, not {}",
                        crate::base::text::quoted(path)
                    ))
                }
                Some(service) => paths.0[service as usize] = path.to_owned(),
            }
        }
        (paths, refused)
    }

    /// The path of `service` below a server's base URL.
    pub fn path(&self, service: Service) -> &str {
        &self.0[service as usize]
    }

    /// The absolute URL of `service` on the server whose base URL is `base`.
    pub fn url(&self, base: &str, service: Service) -> String {
        format!("{}/{}", base.trim_end_matches('/'), self.path(service))
    }
}

/// The longest bearer value compared (a longer one never matches, and is not read through).
pub const MAX_BEARER_LEN: usize = 4096;

/// Whether an `Authorization` header value is `Bearer <token>`, compared in constant time: the
/// work depends on the length of what was sent only, never on the token's length nor on how
/// much of it was right (every byte sent is compared, with the token read cyclically, and the
/// lengths' difference folded in). The agent's Recompute and Version Check Preferences and the
/// collector's `/metrics` check their tokens with it.
pub fn bearer_matches(authorization: Option<&str>, token: &str) -> bool {
    let given = authorization.and_then(|v| v.strip_prefix("Bearer ")).unwrap_or("").as_bytes();
    let token = token.as_bytes();
    if token.is_empty() || given.len() > MAX_BEARER_LEN {
        return false;
    }
    let mut difference = given.len() ^ token.len();
    for (i, x) in given.iter().enumerate() {
        difference |= usize::from(x ^ token[i % token.len()]);
    }
    core::hint::black_box(difference) == 0
}

/// The value of the cookie `name` in a request's `Cookie` header values (`a=1; b=2`), the first
/// one sent: how the simulator finds a session and the agent the one cookie it forwards.
pub fn cookie<'a>(header_values: impl IntoIterator<Item = &'a str>, name: &str) -> Option<&'a str> {
    header_values
        .into_iter()
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Openbravo's yes or no (its `YesNo` reference): how its database keeps a flag (`ISACTIVE`,
/// `SELECTED`, ...) and how the hot-fix preference's value reads: exactly `Y` or `N`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YesNo {
    /// `Y`.
    Yes,
    /// `N`.
    No,
}

impl YesNo {
    /// `Y` for true, `N` for false.
    pub fn of(yes: bool) -> Self {
        if yes {
            Self::Yes
        } else {
            Self::No
        }
    }

    /// The flag `text` spells, if it is exactly `Y` or `N`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "Y" => Some(Self::Yes),
            "N" => Some(Self::No),
            _ => None,
        }
    }

    /// Whether `text` is exactly `Y`.
    pub fn is_yes(text: &str) -> bool {
        Self::parse(text) == Some(Self::Yes)
    }

    /// `Y` or `N`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Yes => "Y",
            Self::No => "N",
        }
    }

    /// Whether it is `Y`.
    pub fn yes(self) -> bool {
        self == Self::Yes
    }
}
