//! The server version: its formula, and the two properties the product relies on.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{module, set};
use proptest::prelude::*;
use webpos_version_guard::versions::module::{Module, ModuleSet};
use webpos_version_guard::versions::server_version::{ServerVersion, VersionNumber};
use webpos_version_guard::versions::version::ModuleVersion;

#[test]
fn number_is_the_sum_of_each_part() {
    let modules = set(&[("core", "3.0.20991"), ("pos", "1.8.4503"), ("mobile", "1.1.3450")]);
    let v = ServerVersion::of(&modules);
    assert_eq!(v.number, VersionNumber([5, 9, 28944, 0]));
    assert_eq!(v.module_count, 3);
    assert_eq!(v.number.to_string(), "5.9.28944");
    assert!(v.to_string().starts_with("5.9.28944 #"), "{v}");
    assert_eq!(v.short_fingerprint().len(), 8);
}

#[test]
fn fourth_sum_is_shown_only_when_set() {
    let v = ServerVersion::of(&set(&[("a", "1.0.0.7"), ("b", "1.0.0")]));
    assert_eq!(v.number.to_string(), "2.0.0.7");
}

#[test]
fn empty_server_is_zero() {
    let v = ServerVersion::of(&ModuleSet::default());
    assert_eq!(v.number, VersionNumber::default());
    assert_eq!(v.module_count, 0);
}

#[test]
fn fingerprint_is_stable_across_builds() {
    // A fixed value: a change here would make servers and guards built apart disagree.
    let v = ServerVersion::of(&set(&[("0", "3.0.20991")]));
    assert_eq!(v.fingerprint, fnv1a64(b"0\x003.0.20991.0\n"));
}

/// Reference FNV-1a 64, written out independently of the crate's.
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x100000001b3))
}

#[test]
fn three_and_four_part_forms_of_one_version_are_one_server_version() {
    let a = ServerVersion::of(&set(&[("m", "1.2.3")]));
    let b = ServerVersion::of(&set(&[("m", "1.2.3.0")]));
    assert_eq!(a, b);
}

#[test]
fn an_upgrade_that_resets_later_parts_still_raises_the_number() {
    let before = ServerVersion::of(&set(&[("a", "1.9.99999"), ("b", "3.0.5")]));
    let after = ServerVersion::of(&set(&[("a", "2.0.0"), ("b", "3.0.5")]));
    assert!(after.number > before.number, "{before} -> {after}");
}

#[test]
fn swapped_versions_share_a_number_but_not_a_server_version() {
    let x = ServerVersion::of(&set(&[("a", "1.0.1"), ("b", "1.0.0")]));
    let y = ServerVersion::of(&set(&[("a", "1.0.0"), ("b", "1.0.1")]));
    assert_eq!(x.number, y.number);
    assert_ne!(x.fingerprint, y.fingerprint);
    assert_ne!(x, y);
    assert_ne!(x.to_string(), y.to_string());
}

#[test]
fn renaming_a_module_id_changes_the_server_version() {
    let x = ServerVersion::of(&set(&[("ab", "1.0.0")]));
    let y = ServerVersion::of(&set(&[("ba", "1.0.0")]));
    assert_ne!(x, y);
}

#[test]
fn sums_do_not_overflow_at_the_module_limit() {
    let modules: Vec<Module> = (0..webpos_version_guard::base::limits::MAX_MODULES)
        .map(|i| module(&format!("m{i:05}"), "4294967295.4294967295.4294967295.4294967295"))
        .collect();
    let v = ServerVersion::of(&ModuleSet::from_modules(modules).unwrap());
    let expected = u64::from(u32::MAX) * 10_000;
    assert_eq!(v.number, VersionNumber([expected; 4]));
}

fn any_version() -> impl Strategy<Value = ModuleVersion> {
    // Small parts make resets and collisions of the number likely, which is the hard case.
    (0u32..4, 0u32..4, 0u32..30, 0u32..3).prop_map(|(a, b, c, d)| ModuleVersion::new4(a, b, c, d))
}

fn any_modules() -> impl Strategy<Value = Vec<(u8, ModuleVersion)>> {
    proptest::collection::btree_map(0u8..40, any_version(), 0..25)
        .prop_map(|m| m.into_iter().collect())
}

fn build(modules: &[(u8, ModuleVersion)]) -> ModuleSet {
    ModuleSet::from_modules(
        modules
            .iter()
            .map(|(id, version)| Module {
                id: format!("m{id}"),
                name: String::new(),
                java_package: String::new(),
                version: *version,
            })
            .collect(),
    )
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5_000))]

    /// (a) Upgrading one module never lowers the number; it strictly raises it. The upgrade
    /// raises one part and sets every later part to anything (a reset included).
    #[test]
    fn upgrading_a_module_raises_the_number(
        modules in any_modules(),
        pick in any::<prop::sample::Index>(),
        part in 0usize..4,
        raise in 1u32..5,
        later in (0u32..40, 0u32..40, 0u32..40),
    ) {
        prop_assume!(!modules.is_empty());
        let index = pick.index(modules.len());
        let mut parts = modules[index].1.parts();
        parts[part] += raise;
        let later = [later.0, later.1, later.2];
        for (offset, p) in parts.iter_mut().skip(part + 1).enumerate() {
            *p = later[offset];
        }
        let newer = ModuleVersion::new4(parts[0], parts[1], parts[2], parts[3]);
        prop_assert!(newer > modules[index].1);
        let before = ServerVersion::of(&build(&modules));
        let mut upgraded = modules.clone();
        upgraded[index].1 = newer;
        let after = ServerVersion::of(&build(&upgraded));
        prop_assert!(after.number > before.number, "{} -> {}", before, after);
    }

    /// (a) Installing a module never lowers the number.
    #[test]
    fn installing_a_module_never_lowers_the_number(
        modules in any_modules(),
        id in 40u8..80,
        version in any_version(),
    ) {
        let before = ServerVersion::of(&build(&modules));
        let mut installed = modules.clone();
        installed.push((id, version));
        let after = ServerVersion::of(&build(&installed));
        prop_assert!(after.number >= before.number);
        prop_assert_eq!(after.number > before.number, version > ModuleVersion::new(0, 0, 0));
    }

    /// (a) Any sequence of upgrades and installs, applied one after another, never lowers it.
    #[test]
    fn any_history_of_updates_is_monotone(
        start in any_modules(),
        steps in proptest::collection::vec((0u8..60, any_version()), 1..20),
    ) {
        let mut modules: std::collections::BTreeMap<u8, ModuleVersion> = start.into_iter().collect();
        let mut last = ServerVersion::of(&build(&modules.clone().into_iter().collect::<Vec<_>>()));
        for (id, version) in steps {
            let entry = modules.entry(id).or_insert(version);
            if version > *entry {
                *entry = version;
            }
            let now = ServerVersion::of(&build(&modules.clone().into_iter().collect::<Vec<_>>()));
            prop_assert!(now.number >= last.number);
            last = now;
        }
    }

    /// (b) Servers whose module sets or versions differ get different server versions.
    #[test]
    fn different_servers_get_different_server_versions(a in any_modules(), b in any_modules()) {
        let (sa, sb) = (build(&a), build(&b));
        let (va, vb) = (ServerVersion::of(&sa), ServerVersion::of(&sb));
        prop_assert_eq!(va == vb, sa == sb);
        if sa != sb {
            prop_assert_ne!(va.to_string(), vb.to_string());
        }
    }

    /// The server version does not depend on the order modules are listed in.
    #[test]
    fn order_of_listing_does_not_matter(a in any_modules()) {
        let mut reversed = a.clone();
        reversed.reverse();
        prop_assert_eq!(ServerVersion::of(&build(&a)), ServerVersion::of(&build(&reversed)));
    }
}
