//! `--module DIR`: the demo WebPOS served from the Openbravo module file's own folder (an
//! unpacked `.obx`, `DIR` = its `org.example.versionguard/` root), as Openbravo serves an
//! installed module: the adapter its component provider declares
//! (`web/org.example.versionguard/js/openbravo-version-guard.js`) concatenated into the
//! generated static resource, the guard's package from `web/org.example.versionguard/js/pkg/`,
//! and the labels of its `AD_MESSAGE` rows (with its Spanish translation module's
//! `AD_MESSAGE_TRL`, beside it in `DIR.es_ES/`) handed to `OB.I18N` as mobile core's labels
//! component hands the labels of every module that depends on the WebPOS.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use openbravo_version_agent::module::{sourcedata_rows, translation_rows};

/// The module's folder below `web/` and its java package.
const MODULE: &str = "org.example.versionguard";

/// What the simulator serves from a module file.
#[derive(Clone, Debug)]
pub struct ModuleFiles {
    /// The adapter, as the component provider declares it.
    pub adapter: PathBuf,
    /// The guard's package folder.
    pub pkg_dir: PathBuf,
    /// The labels script: the module's labels by language (`en`, `es`), as JavaScript.
    pub labels_script: String,
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Reads the module file unpacked at `dir`.
pub fn load(dir: &Path) -> Result<ModuleFiles, String> {
    let js = dir.join("web").join(MODULE).join("js");
    let adapter = js.join("openbravo-version-guard.js");
    if !adapter.is_file() {
        return Err(format!("{} is not in the module", adapter.display()));
    }
    let messages = dir.join("src-db/database/sourcedata/AD_MESSAGE.xml");
    let rows = sourcedata_rows(&read(&messages)?, "AD_MESSAGE")
        .map_err(|e| format!("{}: {e}", messages.display()))?;
    let mut english = BTreeMap::new();
    let mut keys = BTreeMap::new();
    for row in rows {
        let (Some(id), Some(value), Some(text)) =
            (row.get("AD_MESSAGE_ID"), row.get("VALUE"), row.get("MSGTEXT"))
        else {
            return Err(format!("{}: a row without its id, value or text", messages.display()));
        };
        keys.insert(id.clone(), value.clone());
        english.insert(value.clone(), text.clone());
    }
    let mut spanish = BTreeMap::new();
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let translation = dir
        .with_file_name(format!("{name}.es_ES"))
        .join("referencedata/translation/es_ES/AD_MESSAGE_TRL_es_ES.xml");
    if translation.is_file() {
        let rows = translation_rows(&read(&translation)?)
            .map_err(|e| format!("{}: {e}", translation.display()))?
            .rows;
        for (id, values) in rows {
            if let (Some(key), Some(text)) = (keys.get(&id), values.get("MsgText")) {
                spanish.insert(key.clone(), text.clone());
            }
        }
    }
    // Untranslated labels fall back to the module's language, as Openbravo's do.
    let spanish: BTreeMap<_, _> =
        english.iter().map(|(k, v)| (k.clone(), spanish.get(k).unwrap_or(v).clone())).collect();
    let labels = serde_json::json!({ "en": english, "es": spanish });
    Ok(ModuleFiles {
        adapter,
        pkg_dir: js.join("pkg"),
        labels_script: format!("self.OBMOBC_MODULE_LABELS = {labels};\n"),
    })
}
