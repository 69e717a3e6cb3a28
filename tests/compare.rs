//! Central against a store: status, differences, lone modules, which side is newer.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::set;
use proptest::prelude::*;
use webpos_version_guard::versions::compare::{compare, Side, VersionStatus};
use webpos_version_guard::versions::module::{Module, ModuleSet};
use webpos_version_guard::versions::version::ModuleVersion;

#[test]
fn same_versions_are_same_as_central() {
    let central = set(&[("core", "3.0.20991"), ("pos", "1.8.4503")]);
    let c = compare(&central, &central.clone());
    assert_eq!(c.status, VersionStatus::SameAsCentral);
    assert!(c.differences.is_empty());
    assert_eq!(c.newer, None);
}

#[test]
fn a_newer_central_module_is_different_and_central_is_newer() {
    let central = set(&[("core", "3.0.20991"), ("pos", "1.8.4600")]);
    let store = set(&[("core", "3.0.20991"), ("pos", "1.8.4503")]);
    let c = compare(&central, &store);
    assert_eq!(c.status, VersionStatus::DifferentFromCentral);
    assert_eq!(c.differences.len(), 1);
    let d = &c.differences[0];
    assert_eq!((d.id.as_str(), d.name.as_str()), ("pos", "Module pos"));
    assert_eq!(d.central.to_string(), "1.8.4600");
    assert_eq!(d.store.to_string(), "1.8.4503");
    assert_eq!(d.newer, Side::Central);
    assert_eq!(c.newer, Some(Side::Central));
}

#[test]
fn a_newer_store_is_reported_as_such() {
    let central = set(&[("core", "3.0.20991")]);
    let store = set(&[("core", "3.0.21000")]);
    let c = compare(&central, &store);
    assert_eq!(c.differences[0].newer, Side::Store);
    assert_eq!(c.newer, Some(Side::Store));
}

#[test]
fn modules_on_one_side_only_are_listed_apart_and_do_not_change_the_status() {
    let central = set(&[("core", "3.0.20991"), ("central-only", "1.0.0")]);
    let store = set(&[("core", "3.0.20991"), ("store-only", "2.0.0")]);
    let c = compare(&central, &store);
    assert_eq!(c.status, VersionStatus::SameAsCentral);
    assert_eq!(c.only_central.len(), 1);
    assert_eq!(c.only_central[0].id, "central-only");
    assert_eq!(c.only_store.len(), 1);
    assert_eq!(c.only_store[0].id, "store-only");
}

#[test]
fn no_common_modules_is_same_as_central() {
    let c = compare(&set(&[("a", "1.0.0")]), &set(&[("b", "2.0.0")]));
    assert_eq!(c.status, VersionStatus::SameAsCentral);
    assert_eq!(c.newer, None);
}

#[test]
fn mixed_differences_pick_the_side_with_the_higher_common_number() {
    // Central newer on a major part, store newer on a minor one: central is newer overall.
    let central = set(&[("a", "2.0.0"), ("b", "1.0.5")]);
    let store = set(&[("a", "1.9.0"), ("b", "1.0.9")]);
    let c = compare(&central, &store);
    assert_eq!(c.differences.len(), 2);
    assert_eq!(c.newer, Some(Side::Central));
    // Exactly cancelling differences: neither is newer.
    let c =
        compare(&set(&[("a", "1.0.1"), ("b", "1.0.0")]), &set(&[("a", "1.0.0"), ("b", "1.0.1")]));
    assert_eq!(c.status, VersionStatus::DifferentFromCentral);
    assert_eq!(c.newer, None);
}

#[test]
fn differences_are_sorted_by_name() {
    let mk = |id: &str, name: &str, v: &str| Module {
        id: id.into(),
        name: name.into(),
        java_package: String::new(),
        version: ModuleVersion::parse(v).unwrap(),
    };
    let central =
        ModuleSet::from_modules(vec![mk("1", "Zeta", "1.0.1"), mk("2", "Alpha", "1.0.1")]).unwrap();
    let store =
        ModuleSet::from_modules(vec![mk("1", "Zeta", "1.0.0"), mk("2", "Alpha", "1.0.0")]).unwrap();
    let names: Vec<_> = compare(&central, &store).differences.into_iter().map(|d| d.name).collect();
    assert_eq!(names, ["Alpha", "Zeta"]);
}

#[test]
fn status_labels_are_openbravos() {
    assert_eq!(VersionStatus::SameAsCentral.label(), "Same as Central");
    assert_eq!(VersionStatus::DifferentFromCentral.label(), "Different from Central");
    let unknown = VersionStatus::Unknown { error: "connection refused".into() };
    assert_eq!(unknown.label(), "Unknown");
    assert_eq!(unknown.to_string(), "Unknown: connection refused");
}

fn any_modules() -> impl Strategy<Value = ModuleSet> {
    proptest::collection::btree_map(0u8..30, (0u32..3, 0u32..3, 0u32..5), 0..20).prop_map(|m| {
        ModuleSet::from_modules(
            m.into_iter()
                .map(|(id, (a, b, c))| Module {
                    id: format!("m{id}"),
                    name: format!("Module {id}"),
                    java_package: String::new(),
                    version: ModuleVersion::new(a, b, c),
                })
                .collect(),
        )
        .unwrap()
    })
}

proptest! {
    // The safety properties run at 10,000 cases.
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// Swapping central and store gives the same modules with the sides swapped.
    #[test]
    fn comparison_is_symmetric_up_to_direction(a in any_modules(), b in any_modules()) {
        let ab = compare(&a, &b);
        let ba = compare(&b, &a);
        prop_assert_eq!(&ab.status, &ba.status);
        prop_assert_eq!(ab.differences.len(), ba.differences.len());
        for (x, y) in ab.differences.iter().zip(&ba.differences) {
            prop_assert_eq!(&x.id, &y.id);
            prop_assert_eq!((x.central, x.store), (y.store, y.central));
            prop_assert_ne!(x.newer, y.newer);
        }
        let flip = |s: Option<Side>| s.map(|s| if s == Side::Central { Side::Store } else { Side::Central });
        prop_assert_eq!(ab.newer, flip(ba.newer));
        prop_assert_eq!(ab.only_central, ba.only_store);
    }

    /// Modules that are not common never change the status, on either side.
    #[test]
    fn status_ignores_modules_that_are_not_common(
        a in any_modules(),
        b in any_modules(),
        extra in any_modules(),
        to_store in proptest::collection::vec(any::<bool>(), 20),
    ) {
        let base = compare(&a, &b).status;
        // Give each module neither side has to central or to the store, never to both.
        let (mut central, mut store) = (a.modules().to_vec(), b.modules().to_vec());
        for (m, to_store) in extra.modules().iter().zip(to_store) {
            if a.get(&m.id).is_none() && b.get(&m.id).is_none() {
                if to_store { store.push(m.clone()) } else { central.push(m.clone()) }
            }
        }
        let central = ModuleSet::from_modules(central).unwrap();
        let store = ModuleSet::from_modules(store).unwrap();
        prop_assert_eq!(compare(&central, &store).status, base);
    }

    /// When every difference points one way, that side is the newer server.
    #[test]
    fn uniform_differences_agree_with_the_overall_direction(a in any_modules(), b in any_modules()) {
        let c = compare(&a, &b);
        if !c.differences.is_empty() && c.differences.iter().all(|d| d.newer == c.differences[0].newer) {
            prop_assert_eq!(c.newer, Some(c.differences[0].newer));
        }
        prop_assert_eq!(c.status == VersionStatus::SameAsCentral, c.differences.is_empty());
    }
}
