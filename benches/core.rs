//! Native benchmarks of the core (criterion): comparing two servers of 5,000 modules each, the
//! server-version computation, and building a 5,000-module set from the wire (parse + sort).
//! `npm run bench` runs them and copies the medians into docs/BENCHMARKS.md.

#![cfg_attr(target_arch = "wasm32", allow(unused))]

#[cfg(target_arch = "wasm32")]
fn main() {} // criterion is native-only; `cargo clippy --target wasm32 --all-targets` sees this.

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::core);

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use criterion::{black_box, criterion_group, Criterion};
    use webpos_version_guard::versions::compare::compare;
    use webpos_version_guard::versions::module::{Module, ModuleSet};
    use webpos_version_guard::versions::server_version::ServerVersion;
    use webpos_version_guard::versions::version::ModuleVersion;

    pub const MODULES: u32 = 5_000;

    /// 5,000 modules with ids in a scrambled order; `bump` changes every 50th module's version.
    fn modules(bump: bool) -> Vec<Module> {
        (0..MODULES)
            .map(|i| {
                let n = i.wrapping_mul(2_654_435_761) % 1_000_003;
                let build = if bump && i % 50 == 0 { 4600 } else { 4503 };
                Module {
                    id: format!("FF8080812E2F8B44012E2F{n:010X}"),
                    name: format!("Module {n}"),
                    java_package: format!("org.example.module{n}"),
                    version: ModuleVersion::parse(&format!("1.{}.{build}", i % 9)).unwrap(),
                }
            })
            .collect()
    }

    fn benches(c: &mut Criterion) {
        let central = ModuleSet::from_modules(modules(true)).unwrap();
        let store = ModuleSet::from_modules(modules(false)).unwrap();
        c.bench_function("compare_5000_modules", |b| {
            b.iter(|| compare(black_box(&central), black_box(&store)))
        });
        c.bench_function("server_version_5000_modules", |b| {
            b.iter(|| ServerVersion::of(black_box(&central)))
        });
        let raw = modules(false);
        c.bench_function("module_set_5000_modules", |b| {
            b.iter(|| ModuleSet::from_modules(black_box(raw.clone())).unwrap())
        });
    }

    criterion_group!(core, benches);
}
