//! The browser glue in headless Chromium (wasm-bindgen-test), against the simulator started by
//! scripts/test-browser.sh with the `_browser-tests` scenario: time limits, the size cap,
//! concurrent requests, the store-mode URL check with the browser's URL parser, the dialog.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Function, Reflect, JSON};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlDialogElement};
use webpos_version_guard::login::decision::Outcome;
use webpos_version_guard::servers::protocol::LABEL_PREFIX;
use webpos_version_guard::web::{check_report, check_versions, guard_login, show_block, Texts};

wasm_bindgen_test_configure!(run_in_browser);

mod json_corpus;

/// The reader every answer goes through, compiled to wasm, against serde_json on the corpus
/// (JSONTestSuite-style cases, the fuzzer's regressions, nesting at the limit, a body over the
/// cap): the same values and the same refusals as natively (`tests/json.rs`).
#[wasm_bindgen_test]
fn the_json_corpus_reads_in_the_browser_as_serde_json_reads_it() {
    let failures = json_corpus::compiled_corpus_differences();
    assert!(failures.is_empty(), "{} differences:\n{}", failures.len(), failures.join("\n"));
}

const CENTRAL_PORT: u16 = 17810;
const STORES: [&str; 11] = [
    "plain",
    "hang",
    "big",
    "slow",
    "hostile",
    "html",
    "truncated",
    "notutf8",
    "wrongtypes",
    "unavailable",
    "redirect",
];

fn base(port: u16) -> String {
    format!("http://127.0.0.1:{port}/openbravo")
}

fn servers(url_of: impl Fn(&str, String) -> String) -> String {
    let mut list = vec![format!(
        r#"{{"key":"central","name":"Central","type":"MAIN","url":"{}","status":"ON"}}"#,
        base(CENTRAL_PORT)
    )];
    for (i, key) in STORES.iter().enumerate() {
        let url = url_of(key, base(CENTRAL_PORT + 1 + i as u16));
        let url = JSON::stringify(&JsValue::from_str(&url)).unwrap().as_string().unwrap();
        list.push(format!(
            r#"{{"key":"{key}","name":"{key}","type":"STORE","url":{url},"status":"ON"}}"#
        ));
    }
    format!("[{}]", list.join(","))
}

fn options(store: &str, extra: &str) -> JsValue {
    options_with(store, &servers(|_, url| url), extra)
}

fn options_with(store: &str, servers: &str, extra: &str) -> JsValue {
    let text = format!(
        r#"{{"terminal":"VBS-1","serverUrl":"{}","servers":{servers},"storeServer":"{store}","ignoreVersionCheck":false,"timeoutMs":3000{extra}}}"#,
        base(CENTRAL_PORT)
    );
    JSON::parse(&text).expect("options JSON")
}

fn get(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |v, key| {
        Reflect::get(&v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    })
}

fn text(value: &JsValue, path: &str) -> String {
    get(value, path).as_string().unwrap_or_default()
}

fn number(value: &JsValue, path: &str) -> f64 {
    get(value, path).as_f64().unwrap_or(f64::NAN)
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

#[wasm_bindgen_test]
async fn a_blocking_state_is_decided_without_touching_the_page() {
    let verdict = check_versions(options("plain", "")).await;
    assert_eq!(text(&verdict, "outcome"), "block", "{}", text(&verdict, "reason"));
    assert_eq!(number(&verdict, "rule"), 6.0);
    assert_eq!(text(&verdict, "status"), "differentFromCentral");
    assert_eq!(number(&verdict, "pendingBatches"), 2.0);
    assert_eq!(text(&verdict, "differences.0.name"), "Web POS");
    assert!(
        document().query_selector("[role=alertdialog]").unwrap().is_none(),
        "checkVersions has no side effects"
    );
}

#[wasm_bindgen_test]
async fn the_time_limit_fires() {
    // The store's own limit (default 2 s) is what a hanging store costs.
    let verdict = check_versions(options("hang", r#","storeTimeoutMs":400"#)).await;
    assert_eq!(number(&verdict, "rule"), 3.0);
    assert_eq!(text(&verdict, "outcome"), "proceed");
    assert!(
        text(&verdict, "error").contains("timed out after 400 ms"),
        "{}",
        text(&verdict, "error")
    );
    let total = number(&verdict, "timings.total");
    assert!((390.0..900.0).contains(&total), "total {total} ms");
}

#[wasm_bindgen_test]
async fn a_body_declared_over_the_size_cap_is_refused_before_it_is_read() {
    let verdict = check_versions(options("big", "")).await;
    assert_eq!(number(&verdict, "rule"), 3.0);
    assert!(
        // The fixture declares its length: refused before the body is read, the limit named.
        text(&verdict, "error").contains("response too large: 4196606 bytes (limit 4194304)"),
        "{}",
        text(&verdict, "error")
    );
}

#[wasm_bindgen_test]
async fn a_slow_store_costs_one_request_time() {
    let verdict = check_versions(options("slow", "")).await;
    assert_eq!(number(&verdict, "rule"), 6.0, "{}", text(&verdict, "reason"));
    // The store's versions and pending count come in one answer (StoreStatus), asked beside
    // central's version information: a 300 ms store is one 300 ms wait, not two.
    let store = number(&verdict, "timings.storeStatus");
    let total = number(&verdict, "timings.total");
    assert!(store >= 300.0, "store {store}");
    assert!(total < 550.0, "total {total} ms: more than one store wait");
}

#[wasm_bindgen_test]
async fn the_store_mode_url_is_checked_with_the_browsers_parser() {
    let page = web_sys::window().unwrap().location().origin().unwrap();
    let refused = [
        ("javascript:alert(1)", "uses javascript:"),
        ("data:text/html,<b>x</b>", "uses data:"),
        ("ftp://127.0.0.1/openbravo", "uses ftp:"),
        ("http://user:pw@127.0.0.1:17811/openbravo", "user name or password"),
        ("http://127.0.0.1:17810@evil.example/openbravo", "user name or password"),
        ("http:\\\\evil.example\\openbravo", "malformed"),
        ("http://evil.example/open bravo", "malformed"),
        ("//127.0.0.1:17811/openbravo", "not a valid URL"),
        ("", "malformed: empty"),
    ];
    for (url, why) in refused {
        let servers = servers(|key, real| if key == "plain" { url.to_owned() } else { real });
        let verdict = check_versions(options_with("plain", &servers, r#","timeoutMs":300"#)).await;
        assert!(get(&verdict, "storeModeUrl").is_null(), "{url:?} was offered");
        let reason = text(&verdict, "storeModeRefused");
        assert!(reason.contains(why), "{url:?}: {reason}");
    }
    let own = format!("{page}/openbravo");
    let servers_own = servers(|key, real| if key == "plain" { own.clone() } else { real });
    let verdict = check_versions(options_with("plain", &servers_own, r#","timeoutMs":300"#)).await;
    assert!(text(&verdict, "storeModeRefused").contains("would loop"));

    for (url, expected) in [
        ("https://store1.example/openbravo", "https://store1.example/openbravo/web/org.openbravo.retail.posterminal/?terminal=VBS-1"),
        ("https://STORE1.example:443/openbravo/", "https://store1.example/openbravo/web/org.openbravo.retail.posterminal/?terminal=VBS-1"),
        ("http://xn--tore-0bd.example:8080/ob", "http://xn--tore-0bd.example:8080/ob/web/org.openbravo.retail.posterminal/?terminal=VBS-1"),
    ] {
        let servers = servers(|key, real| if key == "plain" { url.to_owned() } else { real });
        let verdict = check_versions(options_with("plain", &servers, r#","timeoutMs":300"#)).await;
        assert_eq!(text(&verdict, "storeModeUrl"), expected, "{url}: {}", text(&verdict, "storeModeRefused"));
    }
}

#[wasm_bindgen_test]
async fn the_terminal_parameter_is_encoded() {
    let text_opts = options("plain", "");
    Reflect::set(&text_opts, &"terminal".into(), &"A&B=1 #2".into()).unwrap();
    let verdict = check_versions(text_opts).await;
    assert!(
        text(&verdict, "storeModeUrl").ends_with("?terminal=A%26B%3D1+%232"),
        "{}",
        text(&verdict, "storeModeUrl")
    );
}

#[wasm_bindgen_test]
async fn bad_options_are_diagnosed_not_fatal() {
    let opts = options("plain", r#","timeoutMs":"soon","logout":42"#);
    let verdict = check_versions(opts).await;
    let diagnostics = JSON::stringify(&get(&verdict, "diagnostics")).unwrap().as_string().unwrap();
    assert!(diagnostics.contains("option timeoutMs is not a number"), "{diagnostics}");
    assert!(diagnostics.contains("option logout is not a function"), "{diagnostics}");
    assert_eq!(number(&verdict, "rule"), 6.0);
    // No options at all: no terminal here, so nothing to check; a verdict all the same.
    let verdict = check_versions(JsValue::UNDEFINED).await;
    assert_eq!(text(&verdict, "outcome"), "proceed");
}

/// `opts` with a host logout that counts its calls.
fn counting_logout(opts: &JsValue) -> Rc<Cell<u32>> {
    let logouts = Rc::new(Cell::new(0));
    let logout = Closure::<dyn FnMut()>::new({
        let logouts = logouts.clone();
        move || logouts.set(logouts.get() + 1)
    });
    Reflect::set(opts, &"logout".into(), logout.as_ref().unchecked_ref::<Function>()).unwrap();
    logout.forget();
    logouts
}

/// Closes the block message a guardLogin showed (as Escape would), so the next test starts
/// without one.
async fn close_message() {
    if let Some(dialog) = document().query_selector("[role=alertdialog]").unwrap() {
        dialog.dyn_into::<HtmlDialogElement>().unwrap().close();
        gloo_timers::future::TimeoutFuture::new(100).await;
    }
    assert!(document().query_selector("[role=alertdialog]").unwrap().is_none());
}

fn diagnostics(verdict: &JsValue) -> Vec<String> {
    js_sys::Array::from(&get(verdict, "diagnostics")).iter().filter_map(|d| d.as_string()).collect()
}

#[wasm_bindgen_test]
async fn when_the_message_cannot_be_shown_the_guard_still_logs_out() {
    // A container outside the document: the dialog cannot open there.
    let opts = options("hostile", "");
    let detached = document().create_element("div").unwrap();
    Reflect::set(&opts, &"container".into(), &detached).unwrap();
    let logouts = counting_logout(&opts);
    let verdict = guard_login(opts).await;
    assert_eq!(text(&verdict, "outcome"), "block");
    assert_eq!(get(&verdict, "loggedOut"), JsValue::TRUE);
    assert_eq!(logouts.get(), 1);
    assert!(document().query_selector("[role=alertdialog]").unwrap().is_none());
    let notes = diagnostics(&verdict);
    assert!(notes.iter().any(|d| d.starts_with("The message could not be shown: ")), "{notes:?}");
}

#[wasm_bindgen_test]
async fn a_host_logout_promise_is_awaited_within_the_time_limit() {
    type Logout = Closure<dyn FnMut() -> JsValue>;
    let resolves: Logout = Closure::new(|| js_sys::Promise::resolve(&JsValue::UNDEFINED).into());
    let rejects: Logout = Closure::new(|| {
        js_sys::Promise::reject(&js_sys::Error::new("the host says no").into()).into()
    });
    let hangs: Logout = Closure::new(|| js_sys::Promise::new(&mut |_, _| {}).into());
    let throws: Logout =
        Closure::new(|| wasm_bindgen::throw_val(js_sys::Error::new("boom").into()));
    for (logout, logged_out, note) in [
        (&resolves, true, None),
        (&rejects, false, Some("Logout failed: the host says no")),
        (&hangs, false, Some("Logout failed: the host's logout did not finish within 300 ms")),
        (&throws, false, Some("Logout failed: boom")),
    ] {
        let opts = options("hostile", r#","timeoutMs":300"#);
        Reflect::set(&opts, &"logout".into(), logout.as_ref().unchecked_ref::<Function>()).unwrap();
        let started = js_sys::Date::now();
        let verdict = guard_login(opts).await;
        close_message().await;
        assert_eq!(get(&verdict, "loggedOut"), JsValue::from_bool(logged_out), "{note:?}");
        if let Some(note) = note {
            assert!(diagnostics(&verdict).iter().any(|d| d == note), "{:?}", diagnostics(&verdict));
        }
        // The check and the logout, each within its own limit.
        assert!(js_sys::Date::now() - started < 3_000.0);
    }
}

#[wasm_bindgen_test]
async fn the_dialog_is_an_accessible_alertdialog_with_text_only_content() {
    let opts = options("hostile", "");
    let logouts = counting_logout(&opts);
    let verdict = check_report(&opts).await;
    assert_eq!(verdict.outcome, Outcome::Block);
    // What guardLogin shows on a block.
    let body: Element = document().body().unwrap().into();
    let texts = Texts { language: "en", labels: &JsValue::UNDEFINED, prefix: LABEL_PREFIX };
    show_block(&verdict, texts, &body).unwrap();

    let doc = document();
    let dialog = doc.query_selector("[role=alertdialog]").unwrap().expect("dialog shown");
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    let title = doc.get_element_by_id(&dialog.get_attribute("aria-labelledby").unwrap()).unwrap();
    assert_eq!(title.text_content().unwrap(), "Work in store mode for now");
    let description =
        doc.get_element_by_id(&dialog.get_attribute("aria-describedby").unwrap()).unwrap();
    assert!(description.text_content().unwrap().contains("still has sales to send"));
    // The versions and the count are in the details for IT, closed until asked for.
    let details = dialog.query_selector("details").unwrap().expect("details for IT");
    assert!(!details.has_attribute("open"));
    assert!(details.text_content().unwrap().contains("pending sync on the store server: 5."));

    let link = doc.query_selector("[data-action=store-mode]").unwrap().unwrap();
    assert_eq!(doc.active_element().as_ref(), Some(&link), "focus is on the primary action");
    assert_eq!(link.get_attribute("href"), verdict.store_mode_url);

    // The hostile module name is text, not markup.
    let hostile = "<img src=x onerror=\"window.__xss=1\">Caja & <b>negrita</b>";
    let cells: Vec<String> = (0..dialog.query_selector_all("th").unwrap().length())
        .filter_map(|i| dialog.query_selector_all("th").unwrap().item(i)?.text_content())
        .collect();
    assert!(cells.iter().any(|c| c == hostile), "{cells:?}");
    assert!(dialog.query_selector("img, b").unwrap().is_none());
    let window = web_sys::window().unwrap();
    assert!(Reflect::get(&window, &"__xss".into()).unwrap().is_undefined());

    // No second message; a guardLogin while the message is up neither shows one nor logs out.
    assert!(show_block(&verdict, texts, &body).is_err());
    let again = guard_login(opts).await;
    assert_eq!(text(&again, "outcome"), "block");
    assert_eq!(doc.query_selector_all("[role=alertdialog]").unwrap().length(), 1);
    assert_eq!(logouts.get(), 0);
    assert!(diagnostics(&again).iter().any(|d| d.contains("already shown")));

    // A native modal dialog (Escape closes it: a real key press in tests/e2e/guard.spec.mjs).
    let native: HtmlDialogElement = dialog.clone().dyn_into().expect("a <dialog>");
    assert!(native.open());
    assert!(native.matches(":modal").unwrap(), "opened with showModal()");
    // However it is closed (Escape, the close button, the host), it is gone.
    close_message().await;
}

#[wasm_bindgen_test]
async fn a_failed_terminal_lookup_is_reported_as_such() {
    // No storeServer option: the guard asks central which store the terminal belongs to, and
    // central's terminal service is same-origin only, so from this test page it fails.
    let opts = options("plain", "");
    Reflect::delete_property(opts.unchecked_ref::<js_sys::Object>(), &"storeServer".into())
        .unwrap();
    let verdict = check_versions(opts).await;
    assert_eq!(number(&verdict, "rule"), 3.0);
    let error = text(&verdict, "error");
    assert!(error.contains("store version information unavailable: terminal information unavailable: network error"), "{error}");
    assert!(get(&verdict, "timings.terminal").as_f64().is_some());
}

#[wasm_bindgen_test]
async fn every_bad_answer_is_a_clear_error_and_the_login_proceeds() {
    for (store, expected) in [
        ("html", "the server answered with an HTML page instead of JSON"),
        ("truncated", "response is not valid JSON of the expected shape"),
        ("notutf8", "response is not valid JSON of the expected shape: not UTF-8 text"),
        ("wrongtypes", ": invalid type: integer `42`, expected a string"),
        ("unavailable", "HTTP 503"),
        ("redirect", "the server answered with a redirect, which is not followed"),
    ] {
        let verdict = check_versions(options(store, "")).await;
        assert_eq!(number(&verdict, "rule"), 3.0, "{store}");
        assert_eq!(text(&verdict, "outcome"), "proceed", "{store}");
        let error = text(&verdict, "error");
        assert!(error.contains(expected), "{store}: {error}");
    }
}

/// The options of a check on central for VBS-1 whose host gives `list` as its server list.
fn with_host_servers(list: &str) -> JsValue {
    let text_options = format!(
        r#"{{"terminal":"VBS-1","serverUrl":"{}","hostServers":{list},"ignoreVersionCheck":false,"timeoutMs":3000}}"#,
        base(CENTRAL_PORT)
    );
    JSON::parse(&text_options).unwrap()
}

#[wasm_bindgen_test]
async fn the_hosts_server_list_spends_no_request_on_finding_the_servers() {
    // The shape of OB.RR.RequestRouter.servers: no key, type or status; "plain" has the lowest
    // priority number of the stores, so it is the terminal's store server.
    let list = format!(
        r#"[{{"name":"hang","address":"{}","online":true,"priority":7,"mainServer":false,"currentServer":false}},
            {{"name":"central","address":"{}","online":true,"priority":10,"mainServer":true,"currentServer":true}},
            {{"name":"plain","address":"{}","online":true,"priority":5,"mainServer":false,"currentServer":false}}]"#,
        base(CENTRAL_PORT + 2),
        base(CENTRAL_PORT),
        base(CENTRAL_PORT + 1)
    );
    let verdict = check_versions(with_host_servers(&list)).await;
    assert_eq!(text(&verdict, "storeServer"), "plain");
    assert_eq!(number(&verdict, "rule"), 6.0, "{}", text(&verdict, "reason"));
    assert!(get(&verdict, "timings.serverDefinitions").is_null(), "no definitions request");
    assert!(get(&verdict, "timings.terminal").is_null(), "no terminal request");
    assert!(diagnostics(&verdict).iter().all(|d| !d.contains("hostServers")));
}

#[wasm_bindgen_test]
async fn the_hosts_server_list_as_mobile_core_holds_it_before_login_is_used() {
    // Before login with terminal authentication the request router's entries have
    // `priority: null` (and may have `online: null`): Openbravo's defaults, not an invalid list
    // that would cost a request for the definitions and put serde's words before an admin.
    let list = format!(
        r#"[{{"name":"central","address":"{}","online":null,"priority":null,"mainServer":true,"currentServer":true}},
            {{"name":"plain","address":"{}","online":true,"priority":null,"mainServer":null,"currentServer":null}}]"#,
        base(CENTRAL_PORT),
        base(CENTRAL_PORT + 1)
    );
    let verdict = check_versions(with_host_servers(&list)).await;
    assert_eq!(text(&verdict, "storeServer"), "plain");
    assert!(get(&verdict, "timings.serverDefinitions").is_null(), "no definitions request");
    assert!(diagnostics(&verdict).iter().all(|d| !d.contains("hostServers")));
    // A list of another shape is said in an admin's words, never serde's.
    let verdict = check_versions(with_host_servers(r#"[{"name":7}]"#)).await;
    let said: Vec<String> =
        diagnostics(&verdict).into_iter().filter(|d| d.contains("hostServers")).collect();
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(said[0].contains("hostServers is not a list of servers (name, address"), "{said:?}");
    assert!(!said[0].contains("invalid type") && !said[0].contains("expected"), "{said:?}");
}

#[wasm_bindgen_test]
async fn one_unreadable_host_server_entry_costs_that_entry_not_the_list() {
    // The second entry's priority is text: that entry is left out, the rest names central and
    // the servers (no definitions request), and the terminal's store server is asked of
    // central, since the entry left out may have been it.
    let list = format!(
        r#"[{{"name":"central","address":"{}","online":true,"priority":10,"mainServer":true,"currentServer":true}},
            {{"name":"odd","address":"{}","online":true,"priority":"first","mainServer":false,"currentServer":false}},
            {{"name":"plain","address":"{}","online":true,"priority":5,"mainServer":false,"currentServer":false}}]"#,
        base(CENTRAL_PORT),
        base(CENTRAL_PORT + 2),
        base(CENTRAL_PORT + 1)
    );
    let verdict = check_versions(with_host_servers(&list)).await;
    assert!(get(&verdict, "timings.serverDefinitions").is_null(), "no definitions request");
    assert!(!get(&verdict, "timings.terminal").is_null(), "the store server asked of central");
    let said: Vec<String> =
        diagnostics(&verdict).into_iter().filter(|d| d.contains("hostServers")).collect();
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(said[0].contains("entry 2 is not a server"), "{said:?}");
    assert!(!said[0].contains("invalid type") && !said[0].contains("expected"), "{said:?}");
}
