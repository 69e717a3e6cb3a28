//! The login decision: every row of docs/RULES.md's table, the order of the rows, and safety
//! properties over arbitrary inputs.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::set;
use proptest::prelude::*;
use webpos_version_guard::login::decision::{
    decide, Fetch, LoadOrigin, LoginInputs, Outcome, Rule, Verdict,
};
use webpos_version_guard::login::preference::{PreferenceFinding, Problem, DEFAULT_PROPERTY};
use webpos_version_guard::versions::compare::{Side, VersionStatus};
use webpos_version_guard::versions::module::ModuleSet;

fn central() -> ModuleSet {
    set(&[("core", "3.0.20991"), ("pos", "1.8.4600"), ("mobile", "1.1.3450")])
}

fn store_same() -> ModuleSet {
    central()
}

fn store_older() -> ModuleSet {
    set(&[("core", "3.0.20991"), ("pos", "1.8.4503"), ("mobile", "1.1.3450")])
}

#[derive(Clone, Debug)]
struct Case {
    origin: LoadOrigin,
    central: Fetch<ModuleSet>,
    store: Fetch<ModuleSet>,
    pending: Fetch<u64>,
    preference: PreferenceFinding,
}

impl Case {
    /// The blocking case: loaded from central, store older, 3 batches pending, no preference.
    fn blocking() -> Self {
        Self {
            origin: LoadOrigin::Central,
            central: Fetch::Got(central()),
            store: Fetch::Got(store_older()),
            pending: Fetch::Got(3),
            preference: PreferenceFinding::NotSet,
        }
    }

    fn decide(&self) -> Verdict {
        decide(&LoginInputs {
            origin: self.origin,
            central: &self.central,
            store: &self.store,
            pending: &self.pending,
            preference: &self.preference,
            property: DEFAULT_PROPERTY,
        })
    }
}

fn skip_y() -> PreferenceFinding {
    PreferenceFinding::Honoured { skip: true, record_id: Some("P1".into()) }
}

#[test]
fn row_1_store_mode_proceeds_without_a_check() {
    let v = Case { origin: LoadOrigin::StoreMode, ..Case::blocking() }.decide();
    assert_eq!((v.rule, v.outcome), (Rule::StoreMode, Outcome::Proceed));
    assert_eq!(v.rule.row(), 1);
    assert!(v.reason.contains("store-mode URL"));
}

#[test]
fn row_1_store_mode_needs_nothing_fetched() {
    let v = Case {
        origin: LoadOrigin::StoreMode,
        central: Fetch::NotFetched,
        store: Fetch::NotFetched,
        pending: Fetch::NotFetched,
        preference: PreferenceFinding::NotSet,
    }
    .decide();
    assert_eq!((v.rule, v.outcome, v.status), (Rule::StoreMode, Outcome::Proceed, None));
}

#[test]
fn row_2_honoured_y_proceeds_and_says_the_check_was_skipped() {
    let v = Case { preference: skip_y(), ..Case::blocking() }.decide();
    assert_eq!((v.rule, v.outcome), (Rule::SkippedByPreference, Outcome::Proceed));
    assert_eq!(v.rule.row(), 2);
    assert!(v.reason.contains("skipped by the ignore-version-check preference"));
    // Still reported, for the host's logs.
    assert_eq!(v.status, Some(VersionStatus::DifferentFromCentral));
    assert_eq!(v.pending, Some(3));
}

#[test]
fn row_2_a_y_without_a_record_also_skips() {
    // Before login: the value last seen at a login on this till.
    let honoured = PreferenceFinding::Honoured { skip: true, record_id: None };
    let v = Case { preference: honoured, ..Case::blocking() }.decide();
    assert_eq!(v.rule, Rule::SkippedByPreference);
}

#[test]
fn row_2_does_not_apply_to_n_or_an_unhonoured_y() {
    for preference in [
        PreferenceFinding::Honoured { skip: false, record_id: Some("P1".into()) },
        PreferenceFinding::NotHonoured {
            record_id: "S1".into(),
            problems: vec![Problem::SystemLevel],
        },
        PreferenceFinding::Conflict { record_ids: vec!["P1".into(), "P2".into()] },
        PreferenceFinding::Unavailable { error: "timed out".into() },
    ] {
        let v = Case { preference: preference.clone(), ..Case::blocking() }.decide();
        assert_eq!(
            (v.rule, v.outcome),
            (Rule::DifferentWithPending, Outcome::Block),
            "{preference:?}"
        );
    }
}

#[test]
fn row_3_unreachable_store_proceeds_with_unknown_and_the_error() {
    let v = Case { store: Fetch::Failed("timed out after 5000 ms".into()), ..Case::blocking() }
        .decide();
    assert_eq!((v.rule, v.outcome), (Rule::VersionUnknown, Outcome::Proceed));
    assert_eq!(v.rule.row(), 3);
    match &v.status {
        Some(VersionStatus::Unknown { error }) => {
            assert_eq!(error, "store version information unavailable: timed out after 5000 ms")
        }
        other => panic!("{other:?}"),
    }
    assert!(v.reason.contains("central is the store's fail-over"));
    assert!(v.store_version.is_none());
    assert!(v.central_version.is_some());
}

#[test]
fn row_3_unavailable_central_proceeds_with_unknown() {
    let v = Case { central: Fetch::Failed("HTTP 503".into()), ..Case::blocking() }.decide();
    assert_eq!((v.rule, v.outcome), (Rule::VersionUnknown, Outcome::Proceed));
    assert!(
        matches!(&v.status, Some(VersionStatus::Unknown { error }) if error.contains("central version information unavailable: HTTP 503"))
    );
}

#[test]
fn row_3_both_unavailable_reports_both_errors() {
    let v = Case {
        central: Fetch::Failed("HTTP 500".into()),
        store: Fetch::Failed("connection refused".into()),
        ..Case::blocking()
    }
    .decide();
    let Some(VersionStatus::Unknown { error }) = &v.status else { panic!("{:?}", v.status) };
    assert!(error.contains("HTTP 500") && error.contains("connection refused"), "{error}");
}

#[test]
fn row_3_a_missing_input_is_unknown_not_a_crash() {
    let v = Case { store: Fetch::NotFetched, ..Case::blocking() }.decide();
    assert_eq!((v.rule, v.outcome), (Rule::VersionUnknown, Outcome::Proceed));
    assert!(
        matches!(&v.status, Some(VersionStatus::Unknown { error }) if error.contains("not fetched"))
    );
    let v =
        Case { central: Fetch::NotFetched, store: Fetch::NotFetched, ..Case::blocking() }.decide();
    assert_eq!(v.rule, Rule::VersionUnknown);
    assert!(matches!(v.status, Some(VersionStatus::Unknown { .. })));
}

#[test]
fn row_4_same_version_proceeds() {
    let v = Case { store: Fetch::Got(store_same()), ..Case::blocking() }.decide();
    assert_eq!((v.rule, v.outcome), (Rule::SameVersion, Outcome::Proceed));
    assert_eq!(v.rule.row(), 4);
    assert_eq!(v.status, Some(VersionStatus::SameAsCentral));
    assert_eq!(v.central_version, v.store_version);
}

#[test]
fn row_4_same_version_with_pending_data_still_proceeds() {
    let v =
        Case { store: Fetch::Got(store_same()), pending: Fetch::Got(1_000), ..Case::blocking() }
            .decide();
    assert_eq!((v.rule, v.outcome), (Rule::SameVersion, Outcome::Proceed));
}

#[test]
fn row_4_modules_on_one_side_only_do_not_make_a_difference() {
    let mut extra = store_same().modules().to_vec();
    extra.push(common::module("store-extra", "9.9.9"));
    let store = ModuleSet::from_modules(extra).unwrap();
    let v = Case { store: Fetch::Got(store), ..Case::blocking() }.decide();
    assert_eq!(v.rule, Rule::SameVersion);
    assert!(v.diagnostics.iter().any(|d| d.contains("1 only on the store were not compared")));
}

#[test]
fn row_5_different_with_nothing_pending_proceeds_and_reports() {
    let v = Case { pending: Fetch::Got(0), ..Case::blocking() }.decide();
    assert_eq!((v.rule, v.outcome), (Rule::DifferentNothingPending, Outcome::Proceed));
    assert_eq!(v.rule.row(), 5);
    assert_eq!(v.status, Some(VersionStatus::DifferentFromCentral));
    assert_eq!(v.pending, Some(0));
    assert!(v.reason.contains("central is newer"));
}

#[test]
fn row_6_different_with_pending_blocks() {
    let v = Case::blocking().decide();
    assert_eq!((v.rule, v.outcome), (Rule::DifferentWithPending, Outcome::Block));
    assert_eq!(v.rule.row(), 6);
    assert_eq!(v.pending, Some(3));
    let c = v.comparison.as_ref().unwrap();
    assert_eq!(c.differences.len(), 1);
    assert_eq!(c.differences[0].id, "pos");
    assert_eq!(c.newer, Some(Side::Central));
    assert!(v.central_version.unwrap().number > v.store_version.unwrap().number);
    assert!(v.reason.contains("3 batch(es) pending"), "{}", v.reason);
}

#[test]
fn row_6_a_newer_store_with_pending_blocks_too() {
    let v = Case {
        central: Fetch::Got(store_older()),
        store: Fetch::Got(central()),
        ..Case::blocking()
    }
    .decide();
    assert_eq!((v.rule, v.outcome), (Rule::DifferentWithPending, Outcome::Block));
    assert!(v.reason.contains("the store server is newer"));
}

#[test]
fn row_6_one_pending_batch_is_enough() {
    let v = Case { pending: Fetch::Got(1), ..Case::blocking() }.decide();
    assert_eq!(v.outcome, Outcome::Block);
}

#[test]
fn row_7_different_with_pending_count_missing_or_invalid_blocks() {
    for pending in [
        Fetch::Failed("invalid response: missing field `pendingBatches`".into()),
        Fetch::Failed("response is not valid JSON of the expected shape".into()),
        Fetch::NotFetched,
    ] {
        let v = Case { pending: pending.clone(), ..Case::blocking() }.decide();
        assert_eq!(
            (v.rule, v.outcome),
            (Rule::DifferentPendingUnknown, Outcome::Block),
            "{pending:?}"
        );
        assert_eq!(v.rule.row(), 7);
        assert_eq!(v.pending, None);
    }
    let v = Case { pending: Fetch::Failed("HTTP 500".into()), ..Case::blocking() }.decide();
    assert!(v.diagnostics.iter().any(|d| d == "Pending-sync count unavailable: HTTP 500"));
}

#[test]
fn the_first_matching_row_wins() {
    // Store mode wins over an honoured Y, an unknown store and a blocking state.
    let v =
        Case { origin: LoadOrigin::StoreMode, preference: skip_y(), ..Case::blocking() }.decide();
    assert_eq!(v.rule, Rule::StoreMode);
    // The preference wins over unknown versions.
    let v = Case { preference: skip_y(), store: Fetch::Failed("down".into()), ..Case::blocking() }
        .decide();
    assert_eq!(v.rule, Rule::SkippedByPreference);
    // Unknown versions win over an invalid pending count: a store that cannot give its
    // versions is not known to be different, so it never blocks.
    let v = Case {
        store: Fetch::Failed("down".into()),
        pending: Fetch::Failed("down".into()),
        ..Case::blocking()
    }
    .decide();
    assert_eq!((v.rule, v.outcome), (Rule::VersionUnknown, Outcome::Proceed));
}

#[test]
fn every_verdict_carries_the_preference_diagnostic() {
    let v = Case::blocking().decide();
    assert_eq!(
        v.diagnostics[0],
        format!("Preference {DEFAULT_PROPERTY} is not set: the version check runs.")
    );
}

#[test]
fn the_rule_alone_determines_the_outcome() {
    let blocking = [Rule::DifferentWithPending, Rule::DifferentPendingUnknown];
    for rule in [
        Rule::StoreMode,
        Rule::SkippedByPreference,
        Rule::VersionUnknown,
        Rule::SameVersion,
        Rule::DifferentNothingPending,
        Rule::DifferentWithPending,
        Rule::DifferentPendingUnknown,
    ] {
        let expected = if blocking.contains(&rule) { Outcome::Block } else { Outcome::Proceed };
        assert_eq!(rule.outcome(), expected, "{rule:?}");
    }
}

// ----- properties ---------------------------------------------------------------------------

fn any_modules() -> impl Strategy<Value = ModuleSet> {
    proptest::collection::btree_map(0u8..12, (0u32..2, 0u32..2, 0u32..3), 0..8).prop_map(|m| {
        let pairs: Vec<(String, String)> = m
            .into_iter()
            .map(|(id, (a, b, c))| (format!("m{id}"), format!("{a}.{b}.{c}")))
            .collect();
        let refs: Vec<(&str, &str)> = pairs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        set(&refs)
    })
}

fn any_fetch<T: core::fmt::Debug + Clone>(
    got: impl Strategy<Value = T>,
) -> impl Strategy<Value = Fetch<T>> {
    prop_oneof![
        1 => Just(Fetch::NotFetched),
        2 => "[a-z ]{0,12}".prop_map(Fetch::Failed),
        6 => got.prop_map(Fetch::Got),
    ]
}

fn any_preference() -> impl Strategy<Value = PreferenceFinding> {
    prop_oneof![
        Just(PreferenceFinding::NotSet),
        any::<bool>()
            .prop_map(|skip| PreferenceFinding::Honoured { skip, record_id: Some("P".into()) }),
        any::<bool>().prop_map(|skip| PreferenceFinding::Honoured { skip, record_id: None }),
        Just(PreferenceFinding::NotHonoured {
            record_id: "S".into(),
            problems: vec![Problem::SystemLevel]
        }),
        Just(PreferenceFinding::Conflict { record_ids: vec!["A".into(), "B".into()] }),
        Just(PreferenceFinding::Unavailable { error: "x".into() }),
    ]
}

fn any_case() -> impl Strategy<Value = Case> {
    (
        prop_oneof![3 => Just(LoadOrigin::Central), 1 => Just(LoadOrigin::StoreMode)],
        any_fetch(any_modules()),
        any_fetch(any_modules()),
        any_fetch(prop_oneof![Just(0u64), 0u64..5, any::<u64>()]),
        any_preference(),
    )
        .prop_map(|(origin, central, store, pending, preference)| Case {
            origin,
            central,
            store,
            pending,
            preference,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// Pending = 0 never blocks.
    #[test]
    fn nothing_pending_never_blocks(mut case in any_case()) {
        case.pending = Fetch::Got(0);
        prop_assert_eq!(case.decide().outcome, Outcome::Proceed);
    }

    /// An honoured Y never blocks.
    #[test]
    fn an_honoured_y_never_blocks(mut case in any_case()) {
        case.preference = PreferenceFinding::Honoured { skip: true, record_id: Some("P".into()) };
        prop_assert_eq!(case.decide().outcome, Outcome::Proceed);
    }

    /// An unreachable store never blocks.
    #[test]
    fn an_unreachable_store_never_blocks(mut case in any_case(), error in ".{0,20}") {
        case.store = Fetch::Failed(error);
        let verdict = case.decide();
        prop_assert_eq!(verdict.outcome, Outcome::Proceed);
    }

    /// Store mode never blocks.
    #[test]
    fn store_mode_never_blocks(mut case in any_case()) {
        case.origin = LoadOrigin::StoreMode;
        prop_assert_eq!(case.decide().outcome, Outcome::Proceed);
    }

    /// A block happens exactly in rows 6 and 7, and the verdict is consistent with itself.
    #[test]
    fn a_block_means_different_versions_from_central(case in any_case()) {
        let v = case.decide();
        prop_assert_eq!(v.outcome, v.rule.outcome());
        if v.outcome == Outcome::Block {
            prop_assert_eq!(case.origin, LoadOrigin::Central);
            prop_assert!(!case.preference.skips_check());
            prop_assert_eq!(&v.status, &Some(VersionStatus::DifferentFromCentral));
            prop_assert_ne!(v.pending, Some(0));
        }
        if let Some(VersionStatus::Unknown { error }) = &v.status {
            prop_assert!(!error.is_empty());
        }
    }
}
