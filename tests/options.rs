//! The rules the browser glue applies to what it reads from JavaScript (`login::options`):
//! each number option's default and bounds, each request's time limit, which servers a check
//! starts from, what the till keeps of the preference, and when a failed request may be Local
//! Network Access's refusal. Every combination where the space is small.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use webpos_version_guard::base::limits::MAX_BODY_BYTES;
use webpos_version_guard::login::check::{RequestName, TerminalServers};
use webpos_version_guard::login::options::{
    known_servers, max_body_bytes, may_be_local_network_refusal, read_stored_preference,
    stored_preference, KnownServers, RequestLimits, REDIRECT_AFTER_SECONDS, STORE_TIMEOUT_MS,
    TIMEOUT_MS,
};
use webpos_version_guard::servers::failure::Failure;

#[test]
fn number_options_take_their_default_and_their_bounds() {
    let body = max_body_bytes(MAX_BODY_BYTES as u32);
    for spec in [TIMEOUT_MS, STORE_TIMEOUT_MS, REDIRECT_AFTER_SECONDS, body] {
        assert!((spec.min..=spec.max).contains(&spec.default), "{spec:?}");
        assert_eq!(spec.value(None), Ok(spec.default), "{spec:?}");
        assert_eq!(spec.value(Some(f64::from(spec.min) - 1.0)), Ok(spec.min), "{spec:?}");
        assert_eq!(spec.value(Some(f64::from(spec.max) + 1.0)), Ok(spec.max), "{spec:?}");
        assert_eq!(spec.value(Some(1e300)), Ok(spec.max), "{spec:?}");
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(spec.value(Some(bad)), Err(spec.default), "{spec:?} {bad}");
        }
    }
    assert_eq!((TIMEOUT_MS.default, STORE_TIMEOUT_MS.default), (5_000, 2_000));
    assert_eq!(TIMEOUT_MS.value(Some(2999.6)), Ok(3000));
    assert_eq!(REDIRECT_AFTER_SECONDS.value(Some(10.0)), Ok(10));
    assert_eq!(body.value(Some(10.0)), Ok(1_024));
}

#[test]
fn the_store_s_request_has_the_store_s_limit_every_other_central_s() {
    let limits = RequestLimits { central_ms: 5_000, store_ms: 2_000 };
    for name in RequestName::ALL {
        let expected = if name == RequestName::StoreStatus { 2_000 } else { 5_000 };
        assert_eq!(limits.for_request(name), expected, "{name:?}");
    }
}

use common::store as definition;

#[test]
fn a_check_starts_from_the_host_s_servers_else_what_was_learned_for_its_terminal() {
    let learned = TerminalServers {
        servers: vec![definition("learned")],
        store_server: "learned-store".into(),
        page_server: Some("learned-page".into()),
    };
    for given_servers in [false, true] {
        for given_store in [false, true] {
            for learned_for in [None, Some("VBS-1"), Some("VBS-2")] {
                let given = KnownServers {
                    servers: given_servers.then(|| vec![definition("given")]),
                    store_server: given_store.then(|| "given-store".to_owned()),
                    page_server: Some("given-page".into()),
                };
                let known = known_servers(
                    given.clone(),
                    learned_for.map(|t| (t.to_owned(), learned.clone())),
                    "VBS-1",
                );
                let uses_learned = !given_servers && learned_for == Some("VBS-1");
                if uses_learned {
                    assert_eq!(known.servers, Some(learned.servers.clone()));
                    let store = if given_store { "given-store" } else { "learned-store" };
                    assert_eq!(known.store_server.as_deref(), Some(store));
                    assert_eq!(known.page_server.as_deref(), Some("learned-page"));
                } else {
                    assert_eq!(known, given, "{given_servers} {given_store} {learned_for:?}");
                }
            }
        }
    }
}

#[test]
fn the_till_keeps_y_or_n_and_reads_nothing_else() {
    for seen in [true, false] {
        assert_eq!(read_stored_preference(Some(stored_preference(seen))), Some(seen));
    }
    for other in [None, Some(""), Some("y"), Some("Yes"), Some("true"), Some("N ")] {
        assert_eq!(read_stored_preference(other), None, "{other:?}");
    }
}

#[test]
fn only_a_request_elsewhere_that_got_no_response_may_be_a_local_network_refusal() {
    let page = "https://central.example";
    let failures: [Result<Vec<u8>, Failure>; 5] = [
        Ok(b"{}".to_vec()),
        Err(Failure::NoResponse("TypeError: Failed to fetch".into())),
        Err(Failure::TimedOut(2000)),
        Err(Failure::Http { status: 503, message: None }),
        Err(Failure::CouldNotConnect),
    ];
    for to in [None, Some(page), Some("http://192.168.1.20:8080")] {
        for (i, answer) in failures.iter().enumerate() {
            let expected = to == Some("http://192.168.1.20:8080") && i == 1;
            assert_eq!(
                may_be_local_network_refusal(page, to, answer),
                expected,
                "{to:?} {answer:?}"
            );
        }
    }
}

#[test]
fn one_unreadable_host_server_entry_costs_that_entry_not_the_list() {
    use webpos_version_guard::servers::host::{from_host_entries, HostServer, NOT_A_SERVER_LIST};
    let entry = |name: &str, main: bool, priority: i32| {
        Some(HostServer {
            name: name.into(),
            address: Some(format!("http://{name}.example/openbravo")),
            online: true,
            priority,
            main_server: main,
            current_server: main,
        })
    };
    // Whole: central and the first store by priority, nothing said.
    let whole =
        vec![entry("central", true, 10), entry("store1", false, 5), entry("store2", false, 7)];
    let (host, said) = from_host_entries(whole.clone(), "http:").unwrap();
    assert_eq!((host.store_server.as_deref(), said.len()), (Some("store1"), 0));
    assert_eq!(host.servers.len(), 3);
    // Every way one entry can be unreadable costs that entry: the rest is used, and since the
    // entry may have been the terminal's store server, that one is asked of central.
    for bad in 0..whole.len() {
        let mut entries = whole.clone();
        entries[bad] = None;
        match from_host_entries(entries, "http:") {
            Ok((host, said)) => {
                assert_ne!(bad, 0, "without central the list cannot be used");
                assert_eq!(host.servers.len(), 2);
                assert_eq!(host.store_server, None, "asked of central");
                assert_eq!(said.len(), 1);
                assert!(
                    said[0].contains(&format!("entry {} is not a server", bad + 1)),
                    "{said:?}"
                );
                assert!(!said[0].contains("invalid type") && !said[0].contains("expected"));
            }
            Err(why) => {
                assert_eq!(bad, 0, "{why}");
                assert!(why.contains("0 main servers") && why.contains("fetched instead"), "{why}");
            }
        }
    }
    let (_, said) =
        from_host_entries(vec![entry("central", true, 10), None, None], "http:").unwrap();
    assert!(said[0].contains("entries 2, 3 are not a server"), "{said:?}");
    // No entry is a server: the list as a whole is not one.
    assert_eq!(from_host_entries(vec![None, None], "http:").unwrap_err(), NOT_A_SERVER_LIST);
}
