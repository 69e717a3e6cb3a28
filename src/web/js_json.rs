//! Response bodies parsed by the browser's own `JSON.parse` and read, field by field with strict
//! types, into the core's wire types; the core's validation then runs exactly as natively. So
//! the wasm carries no JSON parser (serde_json is the native path, `crate::json`).

use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

use super::http::js_error_text;
use crate::limits::MAX_PENDING_BATCHES;
use crate::preference::{PreferenceContext, PreferenceRecord};
#[cfg(doc)]
use crate::wire::PreferencesData;
use crate::wire::{
    check_body_size, check_preferences, looks_like_html, Envelope, ErrorBody, PendingSyncData,
    Response, ServerDefinition, ServerDefinitionsData, ServerStatus, ServerType, TerminalInfoData,
    VersionInfo, VersionInfoData, WireError, WireModule,
};

fn wrong(path: &str, expected: &str) -> WireError {
    WireError::NotJson([path, ": expected ", expected].concat())
}

fn get(value: &JsValue, key: &str) -> JsValue {
    if value.is_object() {
        Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

fn is_absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}

fn object(value: JsValue, path: &str) -> Result<JsValue, WireError> {
    if value.is_object() && !Array::is_array(&value) {
        Ok(value)
    } else {
        Err(wrong(path, "an object"))
    }
}

/// Whether a string field must be there (else it may be absent or null).
const REQUIRED: bool = true;
const OPTIONAL: bool = false;

/// An object's string fields, read in one loop: one copy of this code serves every wire type,
/// instead of code (and clean-up on error) for each field of each type.
struct Fields(std::vec::IntoIter<Option<String>>);

impl Fields {
    /// Reads `keys` (name, required) of `value`, in order.
    fn read(value: &JsValue, keys: &[(&str, bool)]) -> Result<Self, WireError> {
        let mut texts = Vec::with_capacity(keys.len());
        for &(key, required) in keys {
            let field = get(value, key);
            texts.push(match field.as_string() {
                Some(text) => Some(text),
                None if !required && is_absent(&field) => None,
                None if required => return Err(wrong(key, "a string")),
                None => return Err(wrong(key, "a string or null")),
            });
        }
        Ok(Self(texts.into_iter()))
    }

    /// The next required field (`read` checked that it is there).
    fn text(&mut self) -> String {
        self.0.next().flatten().unwrap_or_default()
    }

    /// The next optional field.
    fn opt(&mut self) -> Option<String> {
        self.0.next().flatten()
    }
}

/// Every element of `list` read by `read`, in order.
fn each<T>(
    list: &Array,
    read: impl Fn(JsValue) -> Result<T, WireError>,
) -> Result<Vec<T>, WireError> {
    let mut out = Vec::with_capacity(list.length() as usize);
    for i in 0..list.length() {
        out.push(read(list.get(i))?);
    }
    Ok(out)
}

fn integer(value: &JsValue, key: &str) -> Result<Option<f64>, WireError> {
    let field = get(value, key);
    if field.is_undefined() {
        return Ok(None);
    }
    match field.as_f64() {
        Some(n) if n.is_finite() && n.fract() == 0.0 => Ok(Some(n)),
        _ => Err(wrong(key, "an integer")),
    }
}

fn boolean(value: &JsValue, key: &str, default: bool) -> Result<bool, WireError> {
    let field = get(value, key);
    if field.is_undefined() {
        return Ok(default);
    }
    field.as_bool().ok_or_else(|| wrong(key, "a boolean"))
}

fn array(value: &JsValue, key: &str) -> Result<Array, WireError> {
    get(value, key).dyn_into::<Array>().map_err(|_| wrong(key, "an array"))
}

fn strings(value: &JsValue, key: &str) -> Result<Vec<String>, WireError> {
    each(&array(value, key)?, |v| v.as_string().ok_or_else(|| wrong(key, "strings")))
}

// UTF-8 is checked by the browser's decoder as it makes the text for JSON.parse (a BOM is
// kept, so it fails as natively); the wasm then needs no UTF-8 validator of its own.
#[wasm_bindgen(module = "/src/web/glue.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = parseJsonBytes)]
    fn parse_json_bytes(bytes: &[u8]) -> Result<JsValue, JsValue>;
}

/// The parsed JSON of a body (size checked first; HTML named as such).
pub fn parse_body(body: &[u8]) -> Result<JsValue, WireError> {
    check_body_size(body.len())?;
    parse_json_bytes(body).map_err(|e| match e.as_string() {
        Some(not_utf8) => WireError::NotJson(not_utf8),
        None if looks_like_html(body) => WireError::Html,
        None => WireError::NotJson(js_error_text(&e)),
    })
}

/// The data inside Openbravo's envelope, or the error it carries.
pub fn envelope_data(body: &[u8]) -> Result<JsValue, WireError> {
    let response = object(get(&parse_body(body)?, "response"), "response")?;
    let status = integer(&response, "status")?.ok_or_else(|| wrong("status", "an integer"))?;
    let data = Some(get(&response, "data")).filter(|d| !is_absent(d));
    let message = get(&get(&response, "error"), "message").as_string();
    // The same envelope rules as natively: status, error message (truncated), missing data.
    Envelope {
        response: Response {
            // `as` saturates; no f64::clamp (its panic message pulls in float formatting).
            status: status as i32,
            data,
            error: message.map(|message| ErrorBody { message }),
        },
    }
    .into_data()
}

fn module(value: JsValue) -> Result<WireModule, WireError> {
    let value = object(value, "module")?;
    let keys =
        [("id", REQUIRED), ("name", REQUIRED), ("javaPackage", REQUIRED), ("version", REQUIRED)];
    let mut f = Fields::read(&value, &keys)?;
    Ok(WireModule { id: f.text(), name: f.text(), java_package: f.text(), version: f.text() })
}

/// A `VersionInformation` answer.
pub fn parse_version_info(body: &[u8]) -> Result<VersionInfo, WireError> {
    let data = object(envelope_data(body)?, "data")?;
    let keys = [
        ("serverKey", REQUIRED),
        ("serverVersion", REQUIRED),
        ("reloadStatus", OPTIONAL),
        ("computedAt", OPTIONAL),
    ];
    let mut f = Fields::read(&data, &keys)?;
    VersionInfoData {
        server_key: f.text(),
        server_version: f.text(),
        reload_status: f.opt(),
        computed_at: f.opt(),
        modules: each(&array(&data, "modules")?, module)?,
    }
    .validate()
}

/// A `PendingSync` answer.
pub fn parse_pending(body: &[u8]) -> Result<u64, WireError> {
    let data = object(envelope_data(body)?, "data")?;
    let count =
        integer(&data, "pendingBatches")?.ok_or_else(|| wrong("pendingBatches", "an integer"))?;
    if count < 0.0 || count > MAX_PENDING_BATCHES as f64 {
        return Err(wrong("pendingBatches", "a non-negative integer"));
    }
    PendingSyncData { pending_batches: count as u64 }.validate()
}

/// One server definition (also what a host passes as `options.servers`).
pub fn server_definition(value: JsValue) -> Result<ServerDefinition, WireError> {
    let value = object(value, "server")?;
    let keys = [
        ("type", REQUIRED),
        ("status", REQUIRED),
        ("key", REQUIRED),
        ("name", REQUIRED),
        ("description", OPTIONAL),
        ("url", REQUIRED),
    ];
    let mut f = Fields::read(&value, &keys)?;
    let server_type =
        ServerType::from_code(&f.text()).ok_or_else(|| wrong("type", "MAIN or STORE"))?;
    let status = ServerStatus::from_code(&f.text())
        .ok_or_else(|| wrong("status", "ON, OFF, TON or TOFF"))?;
    let priority = integer(&value, "priority")?.unwrap_or(10.0);
    let allowed_domains = if is_absent(&get(&value, "allowedDomains")) {
        Vec::new()
    } else {
        strings(&value, "allowedDomains")?
    };
    Ok(ServerDefinition {
        key: f.text(),
        name: f.text(),
        description: f.opt(),
        server_type,
        url: f.text(),
        status,
        priority: priority as i32, // `as` saturates
        allowed_domains,
    })
}

/// A list of server definitions, validated.
pub fn server_definitions(list: &JsValue) -> Result<Vec<ServerDefinition>, WireError> {
    let list = list.dyn_ref::<Array>().ok_or_else(|| wrong("servers", "an array"))?;
    let servers = each(list, server_definition)?;
    ServerDefinitionsData { servers }.validate()
}

/// A `ServerDefinitions` answer.
pub fn parse_server_definitions(body: &[u8]) -> Result<Vec<ServerDefinition>, WireError> {
    let data = object(envelope_data(body)?, "data")?;
    server_definitions(&get(&data, "servers"))
}

/// A `TerminalInfo` answer.
pub fn parse_terminal_info(body: &[u8]) -> Result<TerminalInfoData, WireError> {
    let data = object(envelope_data(body)?, "data")?;
    let keys = [("terminal", REQUIRED), ("name", REQUIRED), ("storeServer", OPTIONAL)];
    let mut f = Fields::read(&data, &keys)?;
    TerminalInfoData { terminal: f.text(), name: f.text(), store_server: f.opt() }.validate()
}

fn preference(value: JsValue) -> Result<PreferenceRecord, WireError> {
    let value = object(value, "record")?;
    let keys = [
        ("id", REQUIRED),
        ("client", REQUIRED),
        ("organization", REQUIRED),
        ("visibleAtClient", OPTIONAL),
        ("visibleAtOrganization", OPTIONAL),
        ("visibleAtRole", OPTIONAL),
        ("user", OPTIONAL),
        ("window", OPTIONAL),
        ("property", REQUIRED),
        ("value", REQUIRED),
    ];
    let mut f = Fields::read(&value, &keys)?;
    Ok(PreferenceRecord {
        id: f.text(),
        client: f.text(),
        org: f.text(),
        visible_at_client: f.opt(),
        visible_at_org: f.opt(),
        visible_at_role: f.opt(),
        user: f.opt(),
        window: f.opt(),
        property: f.text(),
        value: f.text(),
        selected: boolean(&value, "selected", false)?,
        active: boolean(&value, "active", true)?,
    })
}

/// A `Preferences` answer (the same checks as [`PreferencesData::validate`], on the core's
/// types directly).
pub fn parse_preferences(
    body: &[u8],
) -> Result<(PreferenceContext, Vec<PreferenceRecord>), WireError> {
    let data = object(envelope_data(body)?, "data")?;
    let context = object(get(&data, "context"), "context")?;
    let mut f =
        Fields::read(&context, &[("client", REQUIRED), ("user", REQUIRED), ("role", REQUIRED)])?;
    let context = PreferenceContext {
        client: f.text(),
        org_chain: strings(&context, "organizationChain")?,
        user: f.text(),
        role: f.text(),
        window: None,
    };
    check_preferences(context, each(&array(&data, "records")?, preference)?)
}

#[cfg(feature = "admin")]
/// Any serializable value as a plain JS value (`null` for `None`, objects for structs).
pub fn to_js<T: serde::Serialize>(value: &T) -> JsValue {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}
