//! The WebPOS page and the wasm package, from the central and the store origins.

mod common;

use common::{client, Sim};
use webpos_version_guard::servers::protocol::{
    ADMIN_PAGE, GENERATED_SCRIPTS, MODULE_PKG, POS_PAGE,
};

/// A root folder with the real scenarios and pages, and a stand-in package file, so that this
/// test does not depend on a wasm build having run.
fn root_with_package() -> tempdir::Dir {
    let dir = tempdir::Dir::new("sim-pages");
    let repo = common::repo();
    std::os::unix::fs::symlink(repo.join("scenarios"), dir.path().join("scenarios")).unwrap();
    std::os::unix::fs::symlink(repo.join("www"), dir.path().join("www")).unwrap();
    std::fs::create_dir(dir.path().join("pkg")).unwrap();
    std::fs::write(dir.path().join("pkg/webpos_version_guard_bg.wasm"), b"\0asm\x01\0\0\0")
        .unwrap();
    std::fs::write(dir.path().join("pkg/webpos_version_guard.js"), b"export default 1;\n").unwrap();
    dir
}

mod tempdir {
    use std::path::{Path, PathBuf};

    /// A folder under the system's temp dir, removed when dropped.
    pub struct Dir(PathBuf);

    impl Dir {
        pub fn new(prefix: &str) -> Dir {
            let path = std::env::temp_dir().join(format!("{prefix}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&path);
            std::fs::create_dir_all(&path).unwrap();
            Dir(path)
        }

        pub fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

#[tokio::test]
async fn the_webpos_and_its_package_are_served_from_central_and_store_origins() {
    let root = root_with_package();
    let sim = Sim::start_with("different-pending", root.path());
    let c = client();
    for base in [sim.central(), sim.store("store1").await] {
        let r = c.get(format!("{base}/{POS_PAGE}?terminal=VBS-1")).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 200, "{base}");
        assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        let page = r.text().await.unwrap();
        // One classic script, as mobile core serves a WebPOS's scripts: the generated file.
        let prefix = format!(r#"<script defer src="../../{GENERATED_SCRIPTS}"#);
        assert_eq!(page.matches("<script").count(), 1, "{page}");
        let at = page.find(&prefix).expect("the generated file's tag") + prefix.len();
        let name = &page[at..at + page[at..].find('"').unwrap()];
        assert!(name.ends_with("_WebPOS.js") && name.len() == 32 + "_WebPOS.js".len(), "{name}");
        let r = c.get(format!("{base}/{GENERATED_SCRIPTS}{name}")).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 200);
        assert!(r.headers()["content-type"].to_str().unwrap().contains("javascript"));
        let script = r.text().await.unwrap();
        // Every script is in it, in order, minified: no comment and no indentation is left.
        let order =
            ["DemoTickets", "HookManager", "VersionGuard", "VersionGuardAdapter", "login-form"];
        let at: Vec<usize> = order.iter().map(|s| script.find(s).expect(s)).collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
        assert!(!script.contains("\n  ") && !script.contains("// "), "not minified");
        let r = c.get(format!("{base}/{GENERATED_SCRIPTS}0_WebPOS.js")).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 404);

        let r =
            c.get(format!("{base}/{MODULE_PKG}webpos_version_guard_bg.wasm")).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 200);
        assert_eq!(r.headers()["content-type"], "application/wasm");
        assert_eq!(&r.bytes().await.unwrap()[..4], b"\0asm");
    }
}

#[tokio::test]
async fn the_admin_page_is_served_by_central_only() {
    let sim = Sim::start("mixed");
    let c = client();
    let r = c.get(format!("{}/{ADMIN_PAGE}", sim.central())).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.text().await.unwrap().contains("Store Server Version Overview"));
    let r = c.get(format!("{}/{ADMIN_PAGE}", sim.store("store1").await)).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 404);
}
