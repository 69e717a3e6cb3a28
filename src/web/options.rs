//! The options object a host passes to `checkVersions` / `guardLogin`, read defensively: a
//! wrong type becomes a diagnostic and the default, never an exception.

use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;

use crate::limits::MAX_BODY_BYTES;
use crate::preference::DEFAULT_PROPERTY;
use crate::text::{decimal, find, Describe};
use crate::wire::ServerDefinition;

/// Default time limit of each request, in milliseconds.
pub const DEFAULT_TIMEOUT_MS: u32 = 5_000;

/// The parsed options.
pub struct Options {
    /// The terminal's search key (default: the page URL's `terminal` parameter).
    pub terminal: Option<String>,
    /// This page's server base URL (default: two levels up from the WebPOS page).
    pub server_url: String,
    /// Time limit per request.
    pub timeout_ms: u32,
    /// Body cap per request.
    pub max_body_bytes: usize,
    /// Central's server definitions, when the host has them.
    pub servers: Option<Vec<ServerDefinition>>,
    /// The terminal's store server key, when the host knows it.
    pub store_server: Option<String>,
    /// The host's resolved ignore-version-check permission.
    pub ignore_version_check: Option<bool>,
    /// The preference's property name.
    pub preference_property: String,
    /// The message's language tag, as given (the block message's module resolves it to
    /// English or Spanish).
    pub language: String,
    /// Host label templates by key.
    pub labels: Option<JsValue>,
    /// The host's logout.
    pub logout: Option<Function>,
    /// Seconds before redirecting to store mode automatically (0: never).
    pub redirect_after_seconds: u32,
    /// Where the dialog goes (default `document.body`).
    pub container: Option<Element>,
    /// What could not be read, for the verdict's diagnostics.
    pub problems: Vec<String>,
}

pub(crate) fn get(options: &JsValue, name: &str) -> Option<JsValue> {
    if !options.is_object() {
        return None;
    }
    Reflect::get(options, &JsValue::from_str(name))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

impl Options {
    /// Reads `options` (any JS value; `undefined` gives every default).
    pub fn read(options: &JsValue) -> Self {
        let mut problems = Vec::new();
        let mut string = |name: &str| match get(options, name) {
            None => None,
            Some(v) => match v.as_string() {
                Some(s) => Some(s),
                None => {
                    problems.push(["option ", name, " is not a string; ignored"].concat());
                    None
                }
            },
        };
        let terminal = string("terminal").or_else(page_terminal);
        let server_url = string("serverUrl").unwrap_or_else(default_server_url);
        let store_server = string("storeServer");
        let preference_property =
            string("preferenceProperty").unwrap_or_else(|| DEFAULT_PROPERTY.into());
        let language = string("language").or_else(page_language);

        let mut number = |name: &str, default: u32, min: u32, max: u32| match get(options, name) {
            None => default,
            Some(v) => match v.as_f64().filter(|n| n.is_finite()) {
                // max/min, not f64::clamp: clamp's panic message would pull float formatting
                // (about 18 KB) into the wasm.
                Some(n) => n.round().max(f64::from(min)).min(f64::from(max)) as u32,
                None => {
                    let using = decimal(default.into());
                    problems.push(["option ", name, " is not a number; using ", &using].concat());
                    default
                }
            },
        };
        let timeout_ms = number("timeoutMs", DEFAULT_TIMEOUT_MS, 100, 120_000);
        let max_body_bytes =
            number("maxBodyBytes", MAX_BODY_BYTES as u32, 1_024, MAX_BODY_BYTES as u32) as usize;
        let redirect_after_seconds = number("redirectAfterSeconds", 0, 0, 600);

        // An option of the wrong type is ignored, with a note saying what is used instead.
        let mut typed = |name: &str, ok: bool, instead: &str| {
            if !ok {
                problems.push(["option ", name, " is not ", instead].concat());
            }
            ok
        };
        let ignore_version_check = get(options, "ignoreVersionCheck")
            .filter(|v| typed("ignoreVersionCheck", v.as_bool().is_some(), "a boolean; ignored"))
            .and_then(|v| v.as_bool());
        let logout = get(options, "logout")
            .filter(|v| typed("logout", v.is_function(), "a function; the server's logout is used"))
            .map(JsCast::unchecked_into::<Function>);
        let container = get(options, "container")
            .filter(|v| {
                typed(
                    "container",
                    v.is_instance_of::<Element>(),
                    "an element; document.body is used",
                )
            })
            .map(JsCast::unchecked_into::<Element>);
        // Read by the block message's module, which takes only an object's string entries.
        let labels = get(options, "labels");
        let servers = get(options, "servers").and_then(|v| match read_servers(&v) {
            Ok(servers) => Some(servers),
            Err(e) => {
                let why = ["option servers is invalid (", &e, "); they are fetched instead"];
                problems.push(why.concat());
                None
            }
        });
        Self {
            terminal,
            server_url: server_url.trim_end_matches('/').to_owned(),
            timeout_ms,
            max_body_bytes,
            servers,
            store_server,
            ignore_version_check,
            preference_property,
            language: language.unwrap_or_default(),
            labels,
            logout,
            redirect_after_seconds,
            container,
            problems,
        }
    }
}

fn read_servers(value: &JsValue) -> Result<Vec<ServerDefinition>, String> {
    super::js_json::server_definitions(value).map_err(|e| e.describe())
}

fn location() -> Option<web_sys::Location> {
    web_sys::window().map(|w| w.location())
}

fn page_terminal() -> Option<String> {
    let search = location()?.search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(crate::protocol::TERMINAL_PARAM)
}

/// `<base>` for a page at `<base>/web/<module>/…` (Openbravo's layout), else the origin.
pub(crate) fn default_server_url() -> String {
    let Some(loc) = location() else { return String::new() };
    let href = loc.href().unwrap_or_default();
    match find(&href, "/web/") {
        Some(at) => href[..at].to_owned(),
        None => loc.origin().unwrap_or_default(),
    }
}

fn page_language() -> Option<String> {
    let window = web_sys::window()?;
    let lang = window.document()?.document_element()?.get_attribute("lang");
    lang.filter(|l| !l.is_empty()).or_else(|| window.navigator().language())
}
