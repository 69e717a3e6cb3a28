//! The WebPOS page and the wasm package, from the central and the store origins.

mod common;

use common::{client, Sim};
use webpos_version_guard::protocol::{ADMIN_PAGE, POS_PAGE, POS_PKG};

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
        // Classic scripts, as a WebPOS loads its modules' scripts: the host, the adapter, the app.
        for script in ["tickets.js", "ob-host.js", "openbravo-version-guard.js", "pos-app.js"] {
            assert!(page.contains(&format!(r#"<script defer src="./{script}">"#)), "{script}");
            let r = c.get(format!("{base}/{POS_PAGE}{script}")).send().await.unwrap();
            assert_eq!(r.status().as_u16(), 200, "{script}");
            assert!(r.headers()["content-type"].to_str().unwrap().contains("javascript"));
        }

        let r =
            c.get(format!("{base}/{POS_PKG}webpos_version_guard_bg.wasm")).send().await.unwrap();
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
