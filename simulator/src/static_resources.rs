//! The WebPOS's scripts as Openbravo's mobile core serves them: never one by one from their
//! modules' folders, but concatenated, in module dependency order, into one generated file
//! `<context>/web/js/gen/<md5>_WebPOS.js`, minified with JSMin outside development mode
//! (`StaticResourceComponent`, `MobileStaticResourceComponent`). The WebPOS page loads that one
//! file, so `document.currentScript` is the combined file for every module script, one syntax
//! error in any of them stops them all, and an exception thrown at a script's top level stops
//! every script after it.
//!
//! Openbravo's page asks `../../org.openbravo.mobile.core/OBMOBC_Main/StaticResources?_appName=WebPOS`,
//! which answers `enyo.depends('<context>/web/js/gen/<name>.js')`, and Enyo's loader writes the
//! script tag. The demo page has no Enyo, and its Trusted Types policy (docs/ROBUSTNESS.md)
//! refuses scripts written at run time, so the simulator writes the generated file's tag into
//! the page it serves instead: the browser runs the same file from the same path.

use std::path::Path;

use crate::jsmin;
use webpos_version_guard::servers::protocol::GENERATED_SCRIPTS;

/// The demo WebPOS's scripts, in the order mobile core concatenates them (module dependency
/// order): the host's (a stand-in of mobile core and the WebPOS: tickets, hook manager, model),
/// the version guard module's settings and adapter, then the demo's screens.
pub const WEBPOS_SCRIPTS: [&str; 5] =
    ["tickets.js", "ob-host.js", "guard-settings.js", "openbravo-version-guard.js", "pos-app.js"];

/// Where the WebPOS page names its scripts; the simulator puts the generated file's tag there.
pub const SCRIPTS_PLACEHOLDER: &str = "<!-- webpos-static-resources -->";

/// Where mobile core's labels component answers (with `--module`: the module's labels).
pub const LABELS: &str = "org.openbravo.mobile.core/OBMOBC_Main/Labels";

/// The generated static resource and the page that loads it.
#[derive(Clone, Debug)]
pub struct StaticResources {
    /// The generated file's name, `<md5>_WebPOS.js` (under [`GENERATED_SCRIPTS`]).
    pub file_name: String,
    /// Its content: every script, concatenated and minified.
    pub script: String,
    /// The WebPOS page (`index.html`) with the generated file's script tag.
    pub page: String,
    /// The module's labels script, with `--module`.
    pub labels: Option<String>,
}

impl StaticResources {
    /// Builds the generated file from the scripts in `pos_dir` (the adapter from `module`'s
    /// folder when given) and the page that loads it (and the module's labels first).
    pub fn build(
        pos_dir: &Path,
        module: Option<&crate::module::ModuleFiles>,
    ) -> Result<Self, String> {
        let read = |name: &str| {
            let path = match module {
                Some(m) if name == "openbravo-version-guard.js" => m.adapter.clone(),
                _ => pos_dir.join(name),
            };
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
        };
        let mut combined = String::new();
        for name in WEBPOS_SCRIPTS {
            combined.push_str(&read(name)?);
            combined.push('\n');
        }
        let script = jsmin::minify(&combined).map_err(|e| {
            format!("JSMin refused the WebPOS's scripts ({}): {e}", pos_dir.display())
        })?;
        let file_name = format!("{:x}_WebPOS.js", md5::compute(script.as_bytes()));
        let template = read("index.html")?;
        if !template.contains(SCRIPTS_PLACEHOLDER) {
            return Err(format!("{}/index.html lacks {SCRIPTS_PLACEHOLDER}", pos_dir.display()));
        }
        let mut tag =
            format!(r#"<script defer src="../../{GENERATED_SCRIPTS}{file_name}"></script>"#);
        if module.is_some() {
            tag = format!(r#"<script defer src="../../{LABELS}?_appName=WebPOS"></script>{tag}"#);
        }
        let page = template.replace(SCRIPTS_PLACEHOLDER, &tag);
        Ok(Self { file_name, script, page, labels: module.map(|m| m.labels_script.clone()) })
    }
}
