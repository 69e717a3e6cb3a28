//! Response bodies parsed by the browser's own `JSON.parse` and read, field by field with strict
//! types, into the core's wire types; the core's validation then runs exactly as natively. So
//! the wasm carries no JSON parser (serde_json is the native path, `crate::json`).

use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};

use super::http::js_error_text;
use crate::limits::MAX_PENDING_BATCHES;
use crate::preference::{PreferenceContext, PreferenceRecord};
use crate::wire::{
    check_body_size, looks_like_html, Envelope, ErrorBody, PendingSyncData, PreferencesData,
    Response, ServerDefinition, ServerDefinitionsData, ServerStatus, ServerType, TerminalInfoData,
    VersionInfo, VersionInfoData, WireContext, WireError, WireModule, WirePreference,
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

fn string(value: &JsValue, key: &str) -> Result<String, WireError> {
    get(value, key).as_string().ok_or_else(|| wrong(key, "a string"))
}

fn opt_string(value: &JsValue, key: &str) -> Result<Option<String>, WireError> {
    let field = get(value, key);
    if is_absent(&field) {
        return Ok(None);
    }
    field.as_string().map(Some).ok_or_else(|| wrong(key, "a string or null"))
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
    array(value, key)?.iter().map(|v| v.as_string().ok_or_else(|| wrong(key, "strings"))).collect()
}

/// The parsed JSON of a body (size checked first; HTML named as such).
pub fn parse_body(body: &[u8]) -> Result<JsValue, WireError> {
    check_body_size(body.len())?;
    let text =
        core::str::from_utf8(body).map_err(|_| WireError::NotJson("not UTF-8 text".into()))?;
    JSON::parse(text).map_err(|e| {
        if looks_like_html(body) {
            WireError::Html
        } else {
            WireError::NotJson(js_error_text(&e))
        }
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
    Ok(WireModule {
        id: string(&value, "id")?,
        name: string(&value, "name")?,
        java_package: string(&value, "javaPackage")?,
        version: string(&value, "version")?,
    })
}

/// A `VersionInformation` answer.
pub fn parse_version_info(body: &[u8]) -> Result<VersionInfo, WireError> {
    let data = object(envelope_data(body)?, "data")?;
    VersionInfoData {
        server_key: string(&data, "serverKey")?,
        server_version: string(&data, "serverVersion")?,
        reload_status: opt_string(&data, "reloadStatus")?,
        computed_at: opt_string(&data, "computedAt")?,
        modules: array(&data, "modules")?.iter().map(module).collect::<Result<_, _>>()?,
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
    let server_type = ServerType::from_code(&string(&value, "type")?)
        .ok_or_else(|| wrong("type", "MAIN or STORE"))?;
    let status = ServerStatus::from_code(&string(&value, "status")?)
        .ok_or_else(|| wrong("status", "ON, OFF, TON or TOFF"))?;
    let priority = integer(&value, "priority")?.unwrap_or(10.0);
    let allowed_domains = if is_absent(&get(&value, "allowedDomains")) {
        Vec::new()
    } else {
        strings(&value, "allowedDomains")?
    };
    Ok(ServerDefinition {
        key: string(&value, "key")?,
        name: string(&value, "name")?,
        description: opt_string(&value, "description")?,
        server_type,
        url: string(&value, "url")?,
        status,
        priority: priority as i32, // `as` saturates
        allowed_domains,
    })
}

/// A list of server definitions, validated.
pub fn server_definitions(list: &JsValue) -> Result<Vec<ServerDefinition>, WireError> {
    let list = list.dyn_ref::<Array>().ok_or_else(|| wrong("servers", "an array"))?;
    let servers = list.iter().map(server_definition).collect::<Result<_, _>>()?;
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
    TerminalInfoData {
        terminal: string(&data, "terminal")?,
        name: string(&data, "name")?,
        store_server: opt_string(&data, "storeServer")?,
    }
    .validate()
}

fn preference(value: JsValue) -> Result<WirePreference, WireError> {
    let value = object(value, "record")?;
    Ok(WirePreference {
        id: string(&value, "id")?,
        client: string(&value, "client")?,
        organization: string(&value, "organization")?,
        visible_at_client: opt_string(&value, "visibleAtClient")?,
        visible_at_organization: opt_string(&value, "visibleAtOrganization")?,
        visible_at_role: opt_string(&value, "visibleAtRole")?,
        user: opt_string(&value, "user")?,
        window: opt_string(&value, "window")?,
        property: string(&value, "property")?,
        value: string(&value, "value")?,
        selected: boolean(&value, "selected", false)?,
        active: boolean(&value, "active", true)?,
    })
}

/// A `Preferences` answer.
pub fn parse_preferences(
    body: &[u8],
) -> Result<(PreferenceContext, Vec<PreferenceRecord>), WireError> {
    let data = object(envelope_data(body)?, "data")?;
    let context = object(get(&data, "context"), "context")?;
    PreferencesData {
        context: WireContext {
            client: string(&context, "client")?,
            organization_chain: strings(&context, "organizationChain")?,
            user: string(&context, "user")?,
            role: string(&context, "role")?,
        },
        records: array(&data, "records")?.iter().map(preference).collect::<Result<_, _>>()?,
    }
    .validate()
}

#[cfg(feature = "admin")]
/// Any serializable value as a plain JS value (`null` for `None`, objects for structs).
pub fn to_js<T: serde::Serialize>(value: &T) -> JsValue {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}
