//! Wire types, JSON parsing and limits: every bad answer is a clear error, never a panic.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use webpos_version_guard::base::limits::{
    MAX_BODY_BYTES, MAX_ERROR_MESSAGE_LEN, MAX_MODULES, MAX_MODULE_NAME_LEN, MAX_PENDING_BATCHES,
};
use webpos_version_guard::login::preference::{evaluate, PreferenceFinding, DEFAULT_PROPERTY};
use webpos_version_guard::servers::json::{
    parse_preferences, parse_server_definitions, parse_store_status, parse_terminal_info,
    parse_version_info,
};
use webpos_version_guard::servers::wire::{
    Envelope, ServerStatus, ServerType, StoreStatusData, VersionInfoData, WireError, WireModule,
};

fn module_json(id: &str, version: &str) -> String {
    format!(
        r#"{{"id":"{id}","name":"Module {id}","javaPackage":"org.example.{id}","version":"{version}"}}"#
    )
}

fn version_body(modules: &[String]) -> String {
    format!(
        r#"{{"response":{{"status":0,"data":{{"serverKey":"store1","serverVersion":"5.9.28944 #0a0b0c0d","rebuildStatus":"RESTART_PENDING","computedAt":"2026-11-24T08:00:00Z","modules":[{}]}}}}}}"#,
        modules.join(",")
    )
}

#[test]
fn parses_version_information() {
    let body = version_body(&[module_json("core", "3.0.20991"), module_json("pos", "1.8.4503")]);
    let info = parse_version_info(body.as_bytes()).unwrap();
    assert_eq!(info.server_key, "store1");
    assert_eq!(info.rebuild_status.as_deref(), Some("RESTART_PENDING"));
    assert_eq!(info.modules.len(), 2);
    assert_eq!(info.modules.get("pos").unwrap().version.to_string(), "1.8.4503");
    assert_eq!(info.modules.get("core").unwrap().java_package, "org.example.core");
}

#[test]
fn serialized_data_parses_back() {
    // The simulator serializes these types; the guard parses them: one definition for both.
    let data = VersionInfoData {
        server_key: "central".into(),
        server_version: "1.0.0 #00000000".into(),
        rebuild_status: None,
        computed_at: None,
        modules: vec![WireModule {
            id: "core".into(),
            name: "Core".into(),
            java_package: "org.openbravo".into(),
            version: "3.0.20991".into(),
        }],
    };
    let body = serde_json::to_vec(&Envelope::ok(data.clone())).unwrap();
    assert_eq!(parse_version_info(&body).unwrap().modules.len(), 1);
    let status = StoreStatusData {
        server_key: "store1".into(),
        server_status: ServerStatus::Online,
        version_information: data,
        pending_batches: Some(7.into()),
        pending_error: None,
    };
    let body = serde_json::to_vec(&Envelope::ok(status)).unwrap();
    assert_eq!(parse_store_status(&body).unwrap().pending, Ok(7));
    let body = serde_json::to_vec(&Envelope::<StoreStatusData>::error("no session")).unwrap();
    assert_eq!(
        String::from_utf8(body.clone()).unwrap(),
        r#"{"response":{"status":-1,"error":{"message":"no session"}}}"#
    );
}

#[test]
fn an_error_envelope_carries_the_servers_message() {
    let body = br#"{"response":{"status":-1,"error":{"message":"Store server not ready"}}}"#;
    let error = parse_version_info(body).unwrap_err();
    assert_eq!(error, WireError::Server { status: -1, message: "Store server not ready".into() });
    assert_eq!(error.to_string(), "server error (status -1): Store server not ready");
    let body = br#"{"response":{"status":-1}}"#;
    assert_eq!(
        parse_store_status(body).unwrap_err().to_string(),
        "server error (status -1) without a message"
    );
}

#[test]
fn a_long_server_message_is_truncated_not_rejected() {
    let message = "é".repeat(2_000);
    let body = format!(r#"{{"response":{{"status":-1,"error":{{"message":"{message}"}}}}}}"#);
    let WireError::Server { message, .. } = parse_store_status(body.as_bytes()).unwrap_err() else {
        panic!()
    };
    assert!(message.len() <= MAX_ERROR_MESSAGE_LEN);
    assert!(message.ends_with('…'));
}

#[test]
fn success_without_data_is_an_error() {
    assert_eq!(parse_store_status(br#"{"response":{"status":0}}"#), Err(WireError::MissingData));
}

#[test]
fn an_html_login_page_is_named_as_such() {
    let body = b"\n  <!DOCTYPE html><html><body><form action=\"login\">Openbravo login</form></body></html>";
    let error = parse_version_info(body).unwrap_err();
    assert_eq!(error, WireError::Html);
    assert!(error.to_string().contains("HTML page instead of JSON"));
}

#[test]
fn truncated_json_is_an_error() {
    let body = version_body(&[module_json("core", "3.0.20991")]);
    let cut = &body.as_bytes()[..body.len() / 2];
    let error = parse_version_info(cut).unwrap_err();
    assert!(matches!(error, WireError::NotJson(_)), "{error:?}");
    assert!(
        error.to_string().starts_with("response is not valid JSON of the expected shape: EOF"),
        "{error}"
    );
}

#[test]
fn empty_and_oversized_bodies_are_rejected_before_parsing() {
    assert_eq!(parse_store_status(b""), Err(WireError::Empty));
    let huge = vec![b' '; MAX_BODY_BYTES + 1];
    assert_eq!(parse_store_status(&huge), Err(WireError::TooLarge { len: MAX_BODY_BYTES + 1 }));
    assert!(parse_store_status(&huge).unwrap_err().to_string().contains("limit 4194304"));
}

#[test]
fn wrong_json_types_are_errors() {
    // (A pending count of the wrong type is the store's answer with an invalid count: rule 7,
    // a_bad_pending_count_in_the_store_status_leaves_the_versions_usable.)
    for body in [
        r#"{"response":{"status":0,"data":{}}}"#,
        r#"{"response":{"status":0,"data":{"serverKey":"s","serverStatus":"ON","pendingBatches":1}}}"#,
        r#"{"response":{"status":"0","data":{"pendingBatches":1}}}"#,
        r#"{"response":[]}"#,
        r#"[]"#,
        r#"null"#,
    ] {
        let error = parse_store_status(body.as_bytes()).unwrap_err();
        assert!(matches!(error, WireError::NotJson(_)), "{body}: {error:?}");
    }
    let body = r#"{"response":{"status":0,"data":{"serverKey":"s","serverVersion":"x","modules":{"id":"a"}}}}"#;
    assert!(matches!(parse_version_info(body.as_bytes()), Err(WireError::NotJson(_))));
    let body = version_body(&[r#"{"id":"a","name":"A","javaPackage":"a","version":3.0}"#.into()]);
    assert!(matches!(parse_version_info(body.as_bytes()), Err(WireError::NotJson(_))));
}

#[test]
fn a_pending_count_at_the_end_of_the_exact_js_range_is_valid() {
    // One more is invalid: a_bad_pending_count_in_the_store_status_leaves_the_versions_usable.
    let ok = store_status_body(&format!(r#","pendingBatches":{MAX_PENDING_BATCHES}"#));
    assert_eq!(parse_store_status(ok.as_bytes()).unwrap().pending, Ok(MAX_PENDING_BATCHES));
}

#[test]
fn bad_module_versions_are_invalid_with_the_module_named() {
    let body = version_body(&[module_json("core", "3.0.20991"), module_json("pos", "1.8.x")]);
    let error = parse_version_info(body.as_bytes()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid response: module pos: invalid character \"x\" at position 5: a version has only ASCII digits and dots"
    );
}

#[test]
fn duplicate_module_ids_are_invalid() {
    let body = version_body(&[module_json("pos", "1.8.1"), module_json("pos", "1.8.2")]);
    assert_eq!(
        parse_version_info(body.as_bytes()).unwrap_err().to_string(),
        "invalid response: module id pos is listed twice"
    );
}

#[test]
fn module_count_and_field_lengths_are_limited() {
    let too_many: Vec<String> =
        (0..=MAX_MODULES).map(|i| module_json(&format!("m{i}"), "1.0.0")).collect();
    let error = parse_version_info(version_body(&too_many).as_bytes()).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("invalid response: {} modules listed (limit {MAX_MODULES})", MAX_MODULES + 1)
    );

    let at_limit: Vec<String> =
        (0..MAX_MODULES).map(|i| module_json(&format!("m{i}"), "1.0.0")).collect();
    assert_eq!(
        parse_version_info(version_body(&at_limit).as_bytes()).unwrap().modules.len(),
        MAX_MODULES
    );

    let long_name = "n".repeat(MAX_MODULE_NAME_LEN + 1);
    let body = version_body(&[format!(
        r#"{{"id":"a","name":"{long_name}","javaPackage":"a","version":"1.0.0"}}"#
    )]);
    assert_eq!(
        parse_version_info(body.as_bytes()).unwrap_err().to_string(),
        format!(
            "invalid response: module #1: name is {} bytes long (limit {MAX_MODULE_NAME_LEN})",
            MAX_MODULE_NAME_LEN + 1
        )
    );
    let body = version_body(&[module_json("", "1.0.0")]);
    assert_eq!(
        parse_version_info(body.as_bytes()).unwrap_err().to_string(),
        "invalid response: module #1 has an empty id"
    );
}

#[test]
fn parses_server_definitions_with_openbravo_codes() {
    let body = br#"{"response":{"status":0,"data":{"servers":[
        {"key":"central","name":"Central","type":"MAIN","url":"http://127.0.0.1:8610/openbravo","status":"ON"},
        {"key":"s1","name":"Store 1","type":"STORE","url":"http://127.0.0.1:8611/openbravo","status":"TOFF","priority":20,"allowedDomains":["127.0.0.1"]}
    ]}}}"#;
    let servers = parse_server_definitions(body).unwrap();
    assert_eq!(servers[0].server_type, ServerType::Main);
    assert_eq!(servers[0].priority, 10, "default priority");
    assert_eq!(servers[1].status, ServerStatus::TransitionToOffline);
    use webpos_version_guard::texts::cashier::Language::{En, Es};
    use webpos_version_guard::texts::overview::{rebuild_status, server_status};
    assert!(server_status(servers[1].status, En).starts_with("transitioning"));
    assert_eq!(server_status(ServerStatus::TransitionToOnline, En), "transitioning (going online)");
    assert_eq!(
        server_status(ServerStatus::TransitionToOffline, En),
        "transitioning (going offline)"
    );
    assert_eq!(server_status(ServerStatus::TransitionToOnline, Es), "en transición (a en línea)");
    assert_eq!(server_status(ServerStatus::Offline, En), "offline");
    assert_eq!(server_status(ServerStatus::Offline, Es), "fuera de línea");
    // An unknown code still reads as words, never as a raw code.
    assert_eq!(rebuild_status("NOT__STARTED_", En), "not started");
    assert_eq!(rebuild_status("NOT__STARTED_", Es), "not started");
    // The agent's codes for a database ahead of the running server.
    assert_eq!(rebuild_status("RESTART_PENDING", En), "restart pending");
    assert_eq!(rebuild_status("RESTART_PENDING", Es), "reinicio pendiente");
    assert_eq!(rebuild_status("MODULES_PENDING", Es), "módulos pendientes");
    assert_eq!(servers[1].priority, 20);
    let bad = br#"{"response":{"status":0,"data":{"servers":[{"key":"s","name":"S","type":"STORE","url":"u","status":"MAYBE"}]}}}"#;
    assert!(matches!(parse_server_definitions(bad), Err(WireError::NotJson(_))));
    let dup = br#"{"response":{"status":0,"data":{"servers":[
        {"key":"s","name":"S","type":"STORE","url":"u","status":"ON"},{"key":"s","name":"S","type":"STORE","url":"u","status":"ON"}]}}}"#;
    assert_eq!(
        parse_server_definitions(dup).unwrap_err().to_string(),
        "invalid response: server key s is listed twice"
    );
}

#[test]
fn parses_terminal_information() {
    let body = br#"{"response":{"status":0,"data":{"terminal":"VBS-1","name":"Till 1","storeServer":"s1"}}}"#;
    let info = parse_terminal_info(body).unwrap();
    assert_eq!((info.terminal.as_str(), info.store_server.as_deref()), ("VBS-1", Some("s1")));
}

#[test]
fn parsed_preferences_resolve_end_to_end() {
    let body = format!(
        r#"{{"response":{{"status":0,"data":{{
        "context":{{"client":"C1","organizationChain":["STORE1","0"],"user":"U1","role":"R1"}},
        "records":[
          {{"id":"S1","client":"0","organization":"0","property":"{p}","value":"N"}},
          {{"id":"P1","client":"C1","organization":"0","visibleAtClient":"C1","property":"{p}","value":"Y"}},
          {{"id":"P2","client":"C1","organization":"0","visibleAtClient":"C1","property":"{p}","value":"N","active":false}}
        ]}}}}}}"#,
        p = DEFAULT_PROPERTY
    );
    let (ctx, records) = parse_preferences(body.as_bytes()).unwrap();
    assert_eq!(records.len(), 3);
    assert!(records[0].active, "active defaults to true");
    assert_eq!(
        evaluate(&records, DEFAULT_PROPERTY, &ctx),
        PreferenceFinding::Honoured { skip: true, record_id: Some("P1".into()) }
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3_000))]

    /// No body, however broken, panics any parser.
    #[test]
    fn arbitrary_bodies_never_panic(body in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = parse_version_info(&body);
        let _ = parse_store_status(&body);
        let _ = parse_server_definitions(&body);
        let _ = parse_preferences(&body);
        let _ = parse_terminal_info(&body);
    }

    /// A valid body cut anywhere is an error, never a panic and never a success.
    #[test]
    fn every_truncation_is_an_error(cut in 0usize..200) {
        let body = version_body(&[module_json("core", "3.0.20991"), module_json("pos", "1.8.4503")]);
        let cut = cut.min(body.len() - 1);
        prop_assert!(parse_version_info(&body.as_bytes()[..cut]).is_err());
    }
}

#[test]
fn status_and_type_codes_are_the_wire_spelling() {
    use webpos_version_guard::servers::wire::ServerType;
    for status in ServerStatus::ALL {
        assert_eq!(serde_json::to_value(status).unwrap(), status.code());
        assert_eq!(ServerStatus::from_code(status.code()), Some(status));
    }
    for server_type in ServerType::ALL {
        assert_eq!(serde_json::to_value(server_type).unwrap(), server_type.code());
        assert_eq!(ServerType::from_code(server_type.code()), Some(server_type));
    }
    assert_eq!(ServerStatus::from_code("on"), None);
    assert_eq!(ServerType::from_code(""), None);
}

fn store_status_body(pending: &str) -> String {
    let info = r#"{"serverKey":"store1","serverVersion":"x","reloadStatus":"IN_PROGRESS","modules":[{"id":"core","name":"Core","javaPackage":"org.openbravo","version":"3.0.20991"}]}"#;
    format!(
        r#"{{"response":{{"status":0,"data":{{"serverKey":"store1","serverStatus":"TON","versionInformation":{info}{pending}}}}}}}"#
    )
}

#[test]
fn store_status_carries_versions_pending_and_statuses() {
    let status =
        parse_store_status(store_status_body(r#","pendingBatches":4"#).as_bytes()).unwrap();
    assert_eq!(status.server_status, ServerStatus::TransitionToOnline);
    // An agent before issue #39 named the rebuild status `reloadStatus`: still read.
    assert_eq!(status.info.rebuild_status.as_deref(), Some("IN_PROGRESS"));
    assert_eq!(status.info.modules.len(), 1);
    assert_eq!(status.pending, Ok(4));
}

#[test]
fn a_bad_pending_count_in_the_store_status_leaves_the_versions_usable() {
    let cases = [
        (
            r#","pendingBatches":"4""#,
            "invalid response: pendingBatches \"4\" is not a non-negative integer",
        ),
        (
            r#","pendingBatches":-1"#,
            "invalid response: pendingBatches -1 is not a non-negative integer",
        ),
        (
            r#","pendingBatches":1.5"#,
            "invalid response: pendingBatches 1.5 is not a non-negative integer",
        ),
        (r#","pendingBatches":null"#, "the store did not give its pending count"),
        ("", "the store did not give its pending count"),
        (
            r#","pendingError":"database down""#,
            "the store cannot count its pending batches: database down",
        ),
        (
            r#","pendingBatches":9007199254740992"#,
            "invalid response: pendingBatches 9007199254740992 is above 9007199254740991",
        ),
    ];
    for (pending, error) in cases {
        let status = parse_store_status(store_status_body(pending).as_bytes()).unwrap();
        assert_eq!(status.pending.map_err(|e| e.to_string()), Err(error.to_owned()), "{pending}");
        assert_eq!(status.info.modules.len(), 1, "{pending}");
    }
    // A broken version makes the whole answer invalid: versions are what the check compares.
    let broken = store_status_body(r#","pendingBatches":4"#).replace("3.0.20991", "3.x");
    assert!(parse_store_status(broken.as_bytes()).is_err());
}

#[test]
fn a_bearer_credential_matches_only_in_full() {
    use webpos_version_guard::servers::protocol::bearer_matches;
    assert!(bearer_matches(Some("Bearer s3cret"), "s3cret"));
    assert!(!bearer_matches(Some("Bearer s3cre"), "s3cret"));
    assert!(!bearer_matches(Some("Bearer s3cretX"), "s3cret"));
    assert!(!bearer_matches(Some("s3cret"), "s3cret"));
    assert!(!bearer_matches(None, "s3cret"));
    // The token read cyclically never lets a repetition or a prefix of it through, and an
    // empty token or an endless header matches nothing.
    assert!(!bearer_matches(Some("Bearer s3crets3cret"), "s3cret"));
    assert!(!bearer_matches(Some("Bearer s3"), "s3cret"));
    assert!(!bearer_matches(Some("Bearer "), ""));
    assert!(!bearer_matches(Some(&format!("Bearer {}", "s3cret".repeat(1000))), "s3cret"));
}

#[test]
fn a_host_server_entry_reads_null_as_openbravo_s_defaults() {
    use webpos_version_guard::servers::host::HostServer;
    // Mobile core's request router before login with terminal authentication.
    let entry: HostServer = serde_json::from_str(
        r#"{"name":"central","address":"http://c/openbravo","online":null,"priority":null,"mainServer":null,"currentServer":null}"#,
    )
    .unwrap();
    assert_eq!(
        (entry.online, entry.priority, entry.main_server, entry.current_server),
        (true, 10, false, false)
    );
    let absent: HostServer = serde_json::from_str(r#"{"name":"s"}"#).unwrap();
    assert_eq!((absent.online, absent.priority), (true, 10));
    assert!(serde_json::from_str::<HostServer>(r#"{"name":"s","priority":"high"}"#).is_err());
}

#[test]
fn openbravo_s_yes_no_is_exactly_y_or_n() {
    use webpos_version_guard::servers::protocol::YesNo;
    assert_eq!(YesNo::parse("Y"), Some(YesNo::Yes));
    assert_eq!(YesNo::parse("N"), Some(YesNo::No));
    for other in ["y", "n", "Yes", "", " Y", "Y ", "true", "1"] {
        assert_eq!(YesNo::parse(other), None, "{other:?}");
        assert!(!YesNo::is_yes(other), "{other:?}");
    }
    for yes in [true, false] {
        assert_eq!(YesNo::parse(YesNo::of(yes).as_str()).map(YesNo::yes), Some(yes));
    }
}
