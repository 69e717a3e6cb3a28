//! The options object a host passes to `checkVersions` / `guardLogin`, read field by field:
//! a scalar as JavaScript holds it, a list or an object through `JSON.stringify` and the
//! crate's JSON reader (the one every answer goes through). An option of the wrong type
//! becomes a diagnostic in an admin's words and its default, never an exception, so a host's
//! slip cannot stop the guard.

use js_sys::{Function, Reflect, JSON};
use serde::de::DeserializeOwned;
use tsify::Tsify;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;

use std::collections::BTreeMap;

use super::block_ui::Texts;
use crate::base::limits::{MAX_BODY_BYTES, MAX_SERVERS};
use crate::login::options::{
    max_body_bytes, NumberOption, REDIRECT_AFTER_SECONDS, STORE_TIMEOUT_MS, TIMEOUT_MS,
};
use crate::login::preference::DEFAULT_PROPERTY;
use crate::servers::host::{from_host_entries, host_list_unusable, HostServer, APP_NAME};
use crate::servers::protocol::{ServicePaths, LABEL_PREFIX};
use crate::servers::wire::{ServerDefinition, ServerDefinitionsData};
use crate::texts::notices::TicketCounts;

/// One option as the host gave it: absent, a value of the expected type, or something else
/// (with what the reader found, for the diagnostics).
enum Lenient<T> {
    /// Not given (or `undefined` / `null`).
    Absent,
    /// Given with the expected type.
    Given(T),
    /// Given with another type or shape.
    Invalid(String),
}

/// The host's options object (or `undefined`), read one option at a time.
struct Given(JsValue);

impl Given {
    /// The option `name`, or `None` when absent, `undefined` or `null`.
    fn raw(&self, name: &str) -> Option<JsValue> {
        let value = Reflect::get(&self.0, &JsValue::from_str(name)).ok()?;
        (!value.is_undefined() && !value.is_null()).then_some(value)
    }

    fn string(&self, name: &str) -> Lenient<String> {
        self.scalar(name, JsValue::as_string)
    }

    fn number(&self, name: &str) -> Lenient<f64> {
        self.scalar(name, |v| v.as_f64())
    }

    fn boolean(&self, name: &str) -> Lenient<bool> {
        self.scalar(name, |v| v.as_bool())
    }

    fn scalar<T>(&self, name: &str, read: impl Fn(&JsValue) -> Option<T>) -> Lenient<T> {
        match self.raw(name) {
            None => Lenient::Absent,
            Some(value) => read(&value).map_or(Lenient::Invalid(String::new()), Lenient::Given),
        }
    }

    /// A list or an object, as its JSON text reads.
    fn data<T: DeserializeOwned>(&self, name: &str) -> Lenient<T> {
        let Some(value) = self.raw(name) else { return Lenient::Absent };
        let text = JSON::stringify(&value).ok().and_then(|text| text.as_string());
        let Some(text) = text else {
            return Lenient::Invalid("it cannot be written as JSON".into());
        };
        if text.len() > MAX_BODY_BYTES {
            return Lenient::Invalid(format!("it is over {MAX_BODY_BYTES} bytes as JSON"));
        }
        match crate::base::json::from_str(&text) {
            Ok(value) => Lenient::Given(value),
            Err(e) => Lenient::Invalid(e.message().to_owned()),
        }
    }

    /// The option `name` as a list read one entry at a time: each entry `T`, or `None` where
    /// it is not one; at most `limit` entries and [`MAX_BODY_BYTES`] of JSON in all.
    fn entries<T: DeserializeOwned>(&self, name: &str, limit: usize) -> Lenient<Vec<Option<T>>> {
        let Some(value) = self.raw(name) else { return Lenient::Absent };
        let Some(list) = value.dyn_ref::<js_sys::Array>() else {
            return Lenient::Invalid("it is not a list".into());
        };
        if list.length() as usize > limit {
            return Lenient::Invalid(format!("it has {} entries (limit {limit})", list.length()));
        }
        let mut bytes = 0;
        let mut entries = Vec::with_capacity(list.length() as usize);
        for entry in list.iter() {
            let text = JSON::stringify(&entry).ok().and_then(|text| text.as_string());
            bytes += text.as_ref().map_or(0, String::len);
            if bytes > MAX_BODY_BYTES {
                return Lenient::Invalid(format!("it is over {MAX_BODY_BYTES} bytes as JSON"));
            }
            entries.push(text.and_then(|text| crate::base::json::from_str(&text).ok()));
        }
        Lenient::Given(entries)
    }
}

/// An object's fields, each a string, in the order given (a later field of the same name wins
/// where they are applied in order); read without a map type, so the wasm holds no B-tree.
struct Pairs(Vec<(String, String)>);

impl<'de> serde::Deserialize<'de> for Pairs {
    fn deserialize<D: serde::Deserializer<'de>>(reader: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> serde::de::Visitor<'de> for Fields {
            type Value = Pairs;
            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str("an object of strings")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Pairs, A::Error> {
                let mut pairs = Vec::new();
                while let Some(pair) = map.next_entry()? {
                    pairs.push(pair);
                }
                Ok(Pairs(pairs))
            }
        }
        reader.deserialize_map(Fields)
    }
}

/// Options of `checkVersions` and `guardLogin`. Every field is optional.
///
/// This declaration is the options' TypeScript type (`GuardOptions`, generated); the guard
/// reads the host's object field by field ([`Options::read`]), under these names.
#[derive(Debug, Default, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct GuardOptions {
    /// The terminal's search key (default: the page URL's `terminal` parameter).
    #[tsify(optional, type = "string")]
    pub terminal: Option<String>,
    /// This page's server base URL, e.g. `https://central.example/openbravo` (default: derived
    /// from the page URL).
    #[tsify(optional, type = "string")]
    pub server_url: Option<String>,
    /// Time limit of each request to central in milliseconds (default 5000, 100 to 120000).
    #[tsify(optional, type = "number")]
    pub timeout_ms: Option<f64>,
    /// Time limit of the request to the store server in milliseconds: what a hanging store
    /// costs a login at most (default 2000, 100 to 120000).
    #[tsify(optional, type = "number")]
    pub store_timeout_ms: Option<f64>,
    /// Largest response body read, in bytes (default and maximum 4194304).
    #[tsify(optional, type = "number")]
    pub max_body_bytes: Option<f64>,
    /// Central's server definitions, when the host already has them (else fetched).
    #[tsify(optional, type = "ServerDefinition[]")]
    pub servers: Option<Vec<ServerDefinition>>,
    /// The terminal's store server key, when the host knows it (else fetched).
    #[tsify(optional, type = "string")]
    pub store_server: Option<String>,
    /// The WebPOS's own server list (the entries of `OB.RR.RequestRouter.servers`, or the stored
    /// raw answer `WebPOS.servers`), when `servers` is not given: central is its `mainServer`
    /// entry, the terminal's store server its first other entry by priority, so no request is
    /// spent finding them; its `currentServer` entry is where the page runs. Addresses are
    /// normalised as mobile core does (the page's scheme where there is none, a trailing `/`).
    #[tsify(optional, type = "HostServer[]")]
    pub host_servers: Option<Vec<HostServer>>,
    /// The host's resolved ignore-version-check permission: reported in the diagnostics beside
    /// what the preference's records say, never trusted alone (Openbravo resolves system-level
    /// and filtered records too, which the hot-fix rule does not honour).
    #[tsify(optional, type = "boolean")]
    pub ignore_version_check: Option<bool>,
    /// The preference's property name (default `EXVG_IgnoreVersionCheck`).
    #[tsify(optional, type = "string")]
    pub preference_property: Option<String>,
    /// Where the services are, below a server's URL, by short name (`StoreStatus`,
    /// `VersionInformation`, `Preferences`, `TerminalInfo`, `ServerDefinitions`, ...); each
    /// defaults to the module's own `org.example.versionguard/<Service>` (docs/INTEGRATION.md).
    #[tsify(optional, type = "Record<string, string>")]
    pub service_paths: Option<BTreeMap<String, String>>,
    /// The prefix of the label keys a host's labels use (default `EXVG_`).
    #[tsify(optional, type = "string")]
    pub label_prefix: Option<String>,
    /// How many tickets this till holds in the WebPOS from central, as the host counts them:
    /// the message says they stay there, with these numbers.
    #[tsify(optional, type = "TicketCounts")]
    pub tickets: Option<TicketCounts>,
    /// The host's storage wrapper (`OB.UTIL.localStorage`: `getItem`, `removeItem`): the
    /// guard's logout removes the authentication keys through it, as the host stores them.
    #[tsify(
        optional,
        type = "{ getItem(key: string): string | null; removeItem(key: string): void }"
    )]
    pub host_storage: Option<JsValue>,
    /// The host application's name, which its storage wrapper puts before every key
    /// (`WebPOS.authenticationToken`); default `WebPOS`.
    #[tsify(optional, type = "string")]
    pub app_name: Option<String>,
    /// `guardLogin`: the host's logout (the Openbravo WebPOS passes
    /// `OB.MobileApp.model.logout`); default: the server's logout endpoint.
    #[tsify(optional, type = "() => unknown")]
    pub logout: Option<Function>,
    /// `guardLogin`: message language, `en` or `es` (default: the page's `lang`, then the
    /// browser's).
    #[tsify(optional, type = "string")]
    pub language: Option<String>,
    /// `guardLogin`: label templates by key (`%0`, `%1` placeholders) overriding the shipped
    /// ones; `OB.I18N.getLabel` is used when present.
    #[tsify(optional, type = "Record<string, string>")]
    pub labels: Option<JsValue>,
    /// `guardLogin`: redirect to store mode after this many seconds, with a visible,
    /// cancellable countdown (default 0: never).
    #[tsify(optional, type = "number")]
    pub redirect_after_seconds: Option<f64>,
    /// `guardLogin`: where to put the dialog (default `document.body`).
    #[tsify(optional, type = "Element")]
    pub container: Option<Element>,
    /// `guardLogin`: after the guard's own logout (no `logout` given), reload the page, as the
    /// WebPOS's own logout ends; the message comes back at the next start
    /// (`guardStartup`). Default false.
    #[tsify(optional, type = "boolean")]
    pub reload_after_logout: Option<bool>,
}

/// The parsed options, with their defaults.
pub(super) struct Options {
    /// The terminal's search key (default: the page URL's `terminal` parameter).
    pub terminal: Option<String>,
    /// This page's server base URL (default: two levels up from the WebPOS page).
    pub server_url: String,
    /// Time limit per request to central.
    pub timeout_ms: u32,
    /// Time limit of the request to the store.
    pub store_timeout_ms: u32,
    /// Body cap per request.
    pub max_body_bytes: usize,
    /// Central's server definitions, when the host has them.
    pub servers: Option<Vec<ServerDefinition>>,
    /// The terminal's store server key, when the host knows it.
    pub store_server: Option<String>,
    /// The server this page runs on, as it said (the host list's `currentServer`).
    pub page_server: Option<String>,
    /// The host's resolved ignore-version-check permission (reported only).
    pub host_permission: Option<bool>,
    /// The preference's property name.
    pub preference_property: String,
    /// Where the services are.
    pub paths: ServicePaths,
    /// The prefix of label keys.
    pub label_prefix: String,
    /// The host's ticket counts.
    pub tickets: Option<TicketCounts>,
    /// The message's language tag: the option, else the page's or the browser's (resolved to
    /// English or Spanish by the message).
    pub language: String,
    /// The language option exactly as the host gave it, which the store-mode URL carries.
    pub host_language: Option<String>,
    /// Host label templates by key (`undefined` when none).
    pub labels: JsValue,
    /// The host's logout.
    pub logout: Option<Function>,
    /// The host's storage wrapper, when it has one.
    pub host_storage: Option<JsValue>,
    /// The prefix of the host's storage keys.
    pub app_name: String,
    /// Seconds before redirecting to store mode automatically (0: never).
    pub redirect_after_seconds: u32,
    /// Where the dialog goes (default `document.body`).
    pub container: Option<Element>,
    /// Reload the page after the guard's own logout.
    pub reload_after_logout: bool,
    /// What could not be read, for the verdict's diagnostics.
    pub problems: Vec<String>,
}

/// Collects the notes about options that were given with the wrong type.
struct Reader(Vec<String>);

impl Reader {
    fn value<T>(&mut self, name: &str, option: Lenient<T>, instead: &str) -> Option<T> {
        match option {
            Lenient::Absent => None,
            Lenient::Given(value) => Some(value),
            Lenient::Invalid(_) => {
                self.0.push(format!("option {name} is not {instead}"));
                None
            }
        }
    }

    /// A number option, by the core's rule for it (`login::options`).
    fn number(&mut self, spec: NumberOption, option: Lenient<f64>) -> u32 {
        let instead = format!("a number; using {}", spec.default);
        let given = self.value(spec.name, option, &instead);
        spec.value(given).unwrap_or_else(|default| {
            self.0.push(format!("option {} is not {instead}", spec.name));
            default
        })
    }

    fn object<T: JsCast>(
        &mut self,
        name: &str,
        option: Option<JsValue>,
        instead: &str,
    ) -> Option<T> {
        match option?.dyn_into::<T>() {
            Ok(value) => Some(value),
            Err(_) => {
                self.0.push(format!("option {name} is not {instead}"));
                None
            }
        }
    }
}

impl Options {
    /// Reads `options` (any JS value; `undefined` gives every default).
    pub(super) fn read(options: &JsValue) -> Self {
        let mut problems = Vec::new();
        let given = if options.is_undefined() || options.is_null() || options.is_object() {
            Given(options.clone())
        } else {
            problems.push("the options are not an object; defaults are used".to_owned());
            Given(JsValue::UNDEFINED)
        };
        let mut r = Reader(problems);
        const STRING: &str = "a string; ignored";
        let terminal = r.value("terminal", given.string("terminal"), STRING).or_else(page_terminal);
        let server_url = r
            .value("serverUrl", given.string("serverUrl"), STRING)
            .unwrap_or_else(default_server_url);
        let mut store_server = r.value("storeServer", given.string("storeServer"), STRING);
        let preference_property = r
            .value("preferenceProperty", given.string("preferenceProperty"), STRING)
            .unwrap_or_else(|| DEFAULT_PROPERTY.into());
        let host_language =
            r.value("language", given.string("language"), STRING).filter(|l| !l.is_empty());
        let language = host_language.clone().or_else(page_language);
        let timeout_ms = r.number(TIMEOUT_MS, given.number(TIMEOUT_MS.name));
        let store_timeout_ms = r.number(STORE_TIMEOUT_MS, given.number(STORE_TIMEOUT_MS.name));
        let overrides = r
            .value::<Pairs>(
                "servicePaths",
                given.data("servicePaths"),
                "an object of strings; defaults used",
            )
            .map_or_else(Vec::new, |p| p.0);
        let (paths, refused) =
            ServicePaths::with_overrides(overrides.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        r.0.extend(
            refused
                .into_iter()
                .map(|why| format!("option servicePaths: {why}; its default is used")),
        );
        let label_prefix = r
            .value("labelPrefix", given.string("labelPrefix"), STRING)
            .unwrap_or_else(|| LABEL_PREFIX.into());
        let tickets = r.value(
            "tickets",
            given.data::<TicketCounts>("tickets"),
            "{ unpaid, paidNotSent } with two whole numbers; the counts are not shown",
        );
        let body_spec = max_body_bytes(MAX_BODY_BYTES as u32);
        let max_body_bytes = r.number(body_spec, given.number(body_spec.name)) as usize;
        let redirect_after_seconds =
            r.number(REDIRECT_AFTER_SECONDS, given.number(REDIRECT_AFTER_SECONDS.name));
        let host_permission = r.value(
            "ignoreVersionCheck",
            given.boolean("ignoreVersionCheck"),
            "a boolean; ignored",
        );
        let reload_after_logout = r
            .value(
                "reloadAfterLogout",
                given.boolean("reloadAfterLogout"),
                "a boolean; not reloading",
            )
            .unwrap_or(false);
        let logout = r.object::<Function>(
            "logout",
            given.raw("logout"),
            "a function; the server's logout is used",
        );
        let host_storage = given.raw("hostStorage").filter(|storage| {
            let usable = ["getItem", "removeItem"].iter().all(|name| {
                js_sys::Reflect::get(storage, &JsValue::from_str(name))
                    .is_ok_and(|f| f.is_function())
            });
            if !usable {
                r.0.push("option hostStorage has no getItem and removeItem functions; the guard uses localStorage itself".into());
            }
            usable
        });
        let app_name = r
            .value("appName", given.string("appName"), STRING)
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| APP_NAME.into());
        let container = r.object::<Element>(
            "container",
            given.raw("container"),
            "an element; document.body is used",
        );
        let mut page_server = None;
        let mut servers = match given.data::<Vec<ServerDefinition>>("servers") {
            Lenient::Absent => None,
            Lenient::Given(servers) => {
                match (ServerDefinitionsData { servers, current_server: None }).validate() {
                    Ok(servers) => Some(servers),
                    Err(e) => {
                        r.0.push(format!(
                            "option servers is invalid ({e}); they are fetched instead"
                        ));
                        None
                    }
                }
            }
            // In an admin's words, never serde's.
            Lenient::Invalid(_) => {
                r.0.push("option servers is not a list of server definitions (key, name, type MAIN or STORE, url, status ON, OFF, TON or TOFF); they are fetched instead".to_owned());
                None
            }
        };
        if servers.is_none() {
            match given.entries::<HostServer>("hostServers", MAX_SERVERS) {
                Lenient::Absent => {}
                // One unreadable entry costs that entry; the core says what follows.
                Lenient::Given(entries) => match from_host_entries(entries, &page_protocol()) {
                    Ok((host, notes)) => {
                        r.0.extend(notes);
                        servers = Some(host.servers);
                        store_server = store_server.or(host.store_server);
                        page_server = host.current_server;
                    }
                    Err(said) => r.0.push(said),
                },
                // Not a list, or over its limits: said in an admin's words, never serde's.
                Lenient::Invalid(why) => r.0.push(host_list_unusable(&why)),
            }
        }
        Self {
            terminal,
            server_url: server_url.trim_end_matches('/').to_owned(),
            timeout_ms,
            store_timeout_ms,
            max_body_bytes,
            servers,
            store_server,
            page_server,
            host_permission,
            preference_property,
            paths,
            label_prefix,
            tickets,
            language: language.unwrap_or_default(),
            host_language,
            // Read by the message, which takes only an object's string entries.
            labels: given.raw("labels").unwrap_or(JsValue::UNDEFINED),
            logout,
            host_storage,
            app_name,
            redirect_after_seconds,
            container,
            reload_after_logout,
            problems: r.0,
        }
    }

    /// The message's words: language, host labels and their key prefix.
    pub(super) fn texts(&self) -> Texts<'_> {
        Texts { language: &self.language, labels: &self.labels, prefix: &self.label_prefix }
    }

    /// Whether `guardLogin` reloads the page after its own logout (no host logout given).
    pub(super) fn reloads_after_logout(&self) -> bool {
        self.reload_after_logout && self.logout.is_none()
    }
}

fn location() -> Option<web_sys::Location> {
    web_sys::window().map(|w| w.location())
}

/// The page's scheme with its colon (`http:` or `https:`), which mobile core puts on a server
/// address that has none.
fn page_protocol() -> String {
    location().and_then(|l| l.protocol().ok()).unwrap_or_else(|| "https:".to_owned())
}

fn page_terminal() -> Option<String> {
    let search = location()?.search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(crate::servers::protocol::TERMINAL_PARAM)
}

/// `<base>` for a page at `<base>/web/<module>/…` (Openbravo's layout), else the origin.
pub(super) fn default_server_url() -> String {
    let Some(loc) = location() else { return String::new() };
    let href = loc.href().unwrap_or_default();
    // A window search: no substring searcher in the wasm for this one use.
    match href.as_bytes().windows(5).position(|w| w == b"/web/") {
        Some(at) => href[..at].to_owned(),
        None => loc.origin().unwrap_or_default(),
    }
}

fn page_language() -> Option<String> {
    let window = web_sys::window()?;
    let lang = window.document()?.document_element()?.get_attribute("lang");
    lang.filter(|l| !l.is_empty()).or_else(|| window.navigator().language())
}
