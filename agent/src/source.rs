//! Where the agent's answers come from, as two seams: a [`Source`] of the server's data (its
//! Openbravo tables and SymmetricDS's outgoing batches) and [`Sessions`], which tell whose an
//! Openbravo session is. A real server's agent reads PostgreSQL ([`crate::db::Db`]) and asks
//! Openbravo's own `ContextInformation` ([`crate::openbravo::OpenbravoSessions`]); the
//! simulator answers both from its scenario in memory, so its servers run the same service
//! code (`crate::service`) as a real one.
//!
//! Each method is one read a service makes, with the rows as Openbravo's tables hold them; the
//! rules on those rows (the server version, the preference in force, the protocol's limits)
//! stay in the service and the core.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use webpos_version_guard::servers::wire::WirePreference;

use crate::reload::SymmetricFacts;

/// A boxed future that can cross threads (the seams are trait objects).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Why a read failed, in words for the admin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DbError(pub String);

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the server's database could not be read: {}", self.0)
    }
}

/// One row of `AD_MODULE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModuleRow {
    /// `AD_MODULE_ID`.
    pub id: String,
    /// `NAME`.
    pub name: String,
    /// `JAVAPACKAGE`.
    pub java_package: String,
    /// `VERSION`.
    pub version: String,
    /// `STATUS`: `A` applied, `I` installed, `P` pending, `U` uninstalled.
    pub status: String,
}

/// One row of `OBMOBC_SERVER_DEFINITION`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefinitionRow {
    /// `MOBILE_SERVER_KEY`: the server's key in the protocol.
    pub key: String,
    /// `NAME`.
    pub name: String,
    /// `DESCRIPTION`.
    pub description: Option<String>,
    /// `SERVERTYPE`: `MAIN` or `STORE`.
    pub server_type: String,
    /// `URL`.
    pub url: String,
    /// `STATUS`.
    pub status: String,
    /// `PRIORITY`.
    pub priority: i32,
    /// `ALLOWEDDOMAINS`, split on commas, semicolons and white space.
    pub allowed_domains: Vec<String>,
    /// `AD_CLIENT_ID`: the client it belongs to.
    pub client: String,
}

/// One row of `OBPOS_APPLICATIONS`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TerminalRow {
    /// `VALUE`: the search key.
    pub key: String,
    /// `NAME`.
    pub name: String,
    /// `AD_CLIENT_ID`.
    pub client: String,
    /// `AD_ORG_ID`.
    pub organization: String,
}

/// When a record was last updated and by whom.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordUpdate {
    /// `UPDATED`, `YYYY-MM-DD HH:MM` as the database holds it.
    pub at: Option<String>,
    /// `UPDATEDBY`'s `AD_USER.USERNAME` (else `NAME`, else the id).
    pub by: Option<String>,
}

/// A server's own definition and central's, when they are there.
pub type OwnAndCentral = (Option<DefinitionRow>, Option<DefinitionRow>);

/// The server's data, as the services read it.
pub trait Source: Send + Sync + 'static {
    /// Every active module (`AD_MODULE`), by java package.
    fn modules(&self) -> BoxFuture<'_, Result<Vec<ModuleRow>, DbError>>;

    /// `AD_SYSTEM_INFO.SYSTEM_STATUS` (`RB70` when the running server matches its database).
    fn system_status(&self) -> BoxFuture<'_, Result<Option<String>, DbError>>;

    /// Every active server definition, central first, then by priority and name.
    fn definitions(&self) -> BoxFuture<'_, Result<Vec<DefinitionRow>, DbError>>;

    /// The active definitions of the server `key` and of central (the first `MAIN`), without
    /// reading the whole list (a store status is asked of every store at every pass).
    fn own_and_central<'a>(&'a self, key: &'a str)
        -> BoxFuture<'a, Result<OwnAndCentral, DbError>>;

    /// The active terminal with this search key.
    fn terminal<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Option<TerminalRow>, DbError>>;

    /// The terminal's store server: the store servers of its client with `ALLORGS = 'Y'` or a
    /// server organization equal to the terminal's (exact, no organization tree), the first by
    /// priority (then name).
    fn terminal_store<'a>(
        &'a self,
        client: &'a str,
        organization: &'a str,
    ) -> BoxFuture<'a, Result<Option<String>, DbError>>;

    /// Every preference record of `property` (a value of the property list), active or not.
    fn preferences<'a>(
        &'a self,
        property: &'a str,
    ) -> BoxFuture<'a, Result<Vec<WirePreference>, DbError>>;

    /// The organization's parent chain in the client's organization tree, from the
    /// organization itself up to `0`.
    fn org_chain<'a>(
        &'a self,
        client: &'a str,
        organization: &'a str,
    ) -> BoxFuture<'a, Result<Vec<String>, DbError>>;

    /// SymmetricDS's outgoing batches for `node` not yet acknowledged (`OK`) or ignored (`IG`),
    /// heartbeats left out.
    fn pending_batches<'a>(&'a self, node: &'a str) -> BoxFuture<'a, Result<u64, DbError>>;

    /// What SymmetricDS's tables hold of the store nodes' initial loads and table reloads
    /// (read on central, the node that sends them).
    fn symmetric_facts(&self) -> BoxFuture<'_, Result<SymmetricFacts, DbError>>;

    /// When a preference record was last updated and by whom (`AD_PREFERENCE.UPDATED`,
    /// `UPDATEDBY` as its user's name, else its id); `None` when there is no such record.
    fn preference_updated<'a>(
        &'a self,
        record: &'a str,
    ) -> BoxFuture<'a, Result<Option<RecordUpdate>, DbError>>;

    /// `AD_USER.USERNAME` (else `NAME`) of a user.
    fn user_name<'a>(&'a self, user: &'a str) -> BoxFuture<'a, Result<Option<String>, DbError>>;

    /// Whether a role administers its client (`AD_ROLE.IS_CLIENT_ADMIN`).
    fn role_administers_client<'a>(&'a self, role: &'a str)
        -> BoxFuture<'a, Result<bool, DbError>>;

    /// Whether `property` is a value of core's Property Configuration list (`AD_REF_LIST` of
    /// reference `A26BA480E2014707B47257024C3CBFF7`): the module that registers it is installed,
    /// so an admin can pick it in the Preference window.
    fn property_registered<'a>(&'a self, property: &'a str)
        -> BoxFuture<'a, Result<bool, DbError>>;
}

/// Whose a session is: mobile core's `ContextInformation` row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionContext {
    /// `AD_USER_ID`.
    pub user: String,
    /// `AD_ROLE_ID`.
    pub role: String,
    /// `AD_ORG_ID`.
    pub organization: String,
    /// `AD_CLIENT_ID`.
    pub client: String,
}

/// Why a session's context is not known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContextError {
    /// No session, or one that Openbravo does not know (401).
    NotLoggedIn,
    /// Openbravo could not be asked, or answered what is not a context (502), in words.
    Unavailable(String),
}

impl fmt::Display for ContextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotLoggedIn => f.write_str("Not logged in: log in first"),
            Self::Unavailable(why) => f.write_str(why),
        }
    }
}

/// Tells whose an Openbravo session is, from the session cookie's value (nothing else the
/// visitor sent).
pub trait Sessions: Send + Sync + 'static {
    /// The session `id`'s context.
    fn context<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<SessionContext, ContextError>>;
}
