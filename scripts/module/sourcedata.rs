//! Writes the Openbravo module's database rows (`src-db/database/sourcedata/*.xml`) and its
//! Spanish translation module's, from the crate's own words and names: the module
//! (`org.example.versionguard`, the crate's version), its database prefix, its dependencies on
//! Web POS and mobile core, the hot-fix preference property, every label the guard and the
//! adapter read (`cashier::Label`, English in the module, Spanish as Openbravo ships a
//! translation: a translation module with `referencedata/translation/es_ES/*_TRL_es_ES.xml`),
//! and the overview's menu entry. Ids are stable: the uppercase MD5 of a name, the same on every
//! build, so a new build is an upgrade of the same module.
//!
//! `cargo run --example module-sourcedata -- OUT_DIR` writes `OUT_DIR/<module>/...` and
//! `OUT_DIR/<module>.es_ES/...` (scripts/package.sh calls it).

use std::fmt::Write as _;
use std::path::Path;

use webpos_version_guard::servers::protocol::{ADMIN_PAGE, LABEL_PREFIX, PREFERENCE_PROPERTY};
use webpos_version_guard::texts::cashier::{Label, Language};

/// The module's java package: its root folder in the `.obx`, its `web/` folder.
const JAVA_PACKAGE: &str = "org.example.versionguard";
/// Its database prefix (`AD_MODULE_DBPREFIX`), the start of every label key.
const DB_PREFIX: &str = "EXVG";
/// Web POS's module id, and the first version of the range the module supports (RR17Q2).
const WEB_POS: (&str, &str, &str) = ("FF808181326CC34901326D53DBCF0018", "1.2.4500", "Web POS");
/// Mobile core's module id, and 1.0.2600 (RR16Q2: from it every server definition has a mobile
/// server key, which the protocol names servers by; its module script says so), below RR17Q2's
/// own version, so that every release the check is for installs it.
const MOBILE_CORE: (&str, &str, &str) =
    ("08943B85ADF64E708797A753E5B6AAEE", "1.0.2600", "Mobile Core Infrastructure");
/// Core's "Property Configuration" list reference: a preference property is one of its values.
const PROPERTY_CONFIGURATION: &str = "A26BA480E2014707B47257024C3CBFF7";
/// The back office's menu tree.
const MENU_TREE: &str = "10";

/// A stable 32-hex id for `name`.
fn id(name: &str) -> String {
    format!("{:X}", md5::compute(format!("{JAVA_PACKAGE}/{name}")))
}

/// One table's rows as Openbravo's sourcedata XML: every column in CDATA, rows in id order.
fn table(name: &str, rows: &[Vec<(&str, String)>]) -> String {
    let mut out = String::from("<?xml version='1.0' encoding='UTF-8'?>\n<data>\n");
    let mut rows: Vec<&Vec<(&str, String)>> = rows.iter().collect();
    rows.sort_by(|a, b| a[0].1.cmp(&b[0].1));
    for row in rows {
        let key = &row[0].1;
        let _ = writeln!(out, "<!--{key}--><{name}>");
        for (column, value) in row {
            assert!(!value.contains("]]>"), "{name}.{column}: a value cannot hold ]]>");
            let _ = writeln!(out, "<!--{key}-->  <{column}><![CDATA[{value}]]></{column}>");
        }
        let _ = writeln!(out, "<!--{key}--></{name}>\n");
    }
    out.push_str("</data>\n");
    out
}

fn system(mut row: Vec<(&'static str, String)>) -> Vec<(&'static str, String)> {
    row.splice(
        1..1,
        [("AD_CLIENT_ID", "0".to_owned()), ("AD_ORG_ID", "0".to_owned()), ("ISACTIVE", "Y".into())],
    );
    row
}

/// Escapes text for an XML attribute or element.
fn xml(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn module_row(
    module: &str,
    name: &str,
    description: &str,
    translation: Option<&str>,
) -> Vec<(&'static str, String)> {
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(version.split('.').count(), 3, "a module version is three numbers");
    system(vec![
        ("AD_MODULE_ID", id(module)),
        ("NAME", name.into()),
        ("VERSION", version.into()),
        ("DESCRIPTION", description.into()),
        ("HELP", "Installed on central and on every store server. See docs/INTEGRATION.md.".into()),
        ("TYPE", "M".into()),
        ("LICENSE", "Apache License, Version 2.0".into()),
        ("JAVAPACKAGE", module.into()),
        ("LICENSETYPE", "Apache2.0".into()),
        ("AUTHOR", "webpos-version-guard".into()),
        ("ISTRANSLATIONREQUIRED", "N".into()),
        ("AD_LANGUAGE", translation.unwrap_or("en_US").into()),
        ("HASCHARTOFACCOUNTS", "N".into()),
        ("ISTRANSLATIONMODULE", if translation.is_some() { "Y" } else { "N" }.into()),
        ("HASREFERENCEDATA", "N".into()),
        ("ISCOMMERCIAL", "N".into()),
        ("ISTRIALALLOWED", "N".into()),
    ])
}

fn dependency(
    module: &str,
    on: (&str, &str, &str),
    enforcement: &str,
) -> Vec<(&'static str, String)> {
    system(vec![
        ("AD_MODULE_DEPENDENCY_ID", id(&format!("{module}/dependency/{}", on.0))),
        ("AD_MODULE_ID", id(module)),
        ("AD_DEPENDENT_MODULE_ID", on.0.into()),
        ("STARTVERSION", on.1.into()),
        ("ISINCLUDED", "N".into()),
        ("DEPENDANT_MODULE_NAME", on.2.into()),
        ("DEPENDENCY_ENFORCEMENT", enforcement.into()),
        ("USER_EDITABLE_ENFORCEMENT", "N".into()),
    ])
}

/// The menu entry's name and description, in English and Spanish.
const MENU: [(&str, &str); 2] = [
    (
        "Store Server Version Overview",
        "Every store server's version status, data pending to sync and reload status, from central",
    ),
    (
        "Resumen de versiones de servidores de tienda",
        "Estado de versión, datos pendientes de sincronizar y recarga de cada servidor de tienda, desde la central",
    ),
];

/// The preference property's name (the Preference window's list) and description.
const PROPERTY: (&str, &str) = (
    "Ignore version check (hot fix)",
    "Y in the client, without user, role, organization or window: the WebPOS skips the login version check (set it before a hot fix that changes a module version). N, or unset: the check runs.",
);

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn main() {
    let out = std::env::args().nth(1).expect("usage: module-sourcedata OUT_DIR");
    let out = Path::new(&out);
    assert!(LABEL_PREFIX.starts_with(DB_PREFIX), "labels carry the module's prefix");
    assert!(PREFERENCE_PROPERTY.starts_with(DB_PREFIX), "the property carries the module's prefix");
    let base = out.join(JAVA_PACKAGE).join("src-db/database/sourcedata");
    let module = JAVA_PACKAGE;

    write(
        &base.join("AD_MODULE.xml"),
        &table(
            "AD_MODULE",
            &[module_row(
                module,
                "WebPOS Version Guard",
                "Blocks a WebPOS loaded from central when its store server is on another version and still has data pending sync; the Store Server Version Overview.",
                None,
            )],
        ),
    );
    write(
        &base.join("AD_MODULE_DBPREFIX.xml"),
        &table(
            "AD_MODULE_DBPREFIX",
            &[system(vec![
                ("AD_MODULE_DBPREFIX_ID", id("dbprefix")),
                ("AD_MODULE_ID", id(module)),
                ("NAME", DB_PREFIX.into()),
            ])],
        ),
    );
    write(
        &base.join("AD_MODULE_DEPENDENCY.xml"),
        &table(
            "AD_MODULE_DEPENDENCY",
            &[dependency(module, WEB_POS, "MAJOR"), dependency(module, MOBILE_CORE, "MAJOR")],
        ),
    );
    write(
        &base.join("AD_REF_LIST.xml"),
        &table(
            "AD_REF_LIST",
            &[system(vec![
                ("AD_REF_LIST_ID", id(&format!("property/{PREFERENCE_PROPERTY}"))),
                ("VALUE", PREFERENCE_PROPERTY.into()),
                ("NAME", PROPERTY.0.into()),
                ("DESCRIPTION", PROPERTY.1.into()),
                ("AD_REFERENCE_ID", PROPERTY_CONFIGURATION.into()),
                ("AD_MODULE_ID", id(module)),
            ])],
        ),
    );
    let messages: Vec<Vec<(&str, String)>> = Label::ALL
        .iter()
        .map(|label| {
            let key = label.key(LABEL_PREFIX);
            system(vec![
                ("AD_MESSAGE_ID", id(&format!("message/{key}"))),
                ("VALUE", key),
                ("MSGTEXT", label.template(Language::En).into()),
                ("MSGTYPE", "I".into()),
                ("AD_MODULE_ID", id(module)),
                ("ISINCLUDEINI18N", "N".into()),
            ])
        })
        .collect();
    write(&base.join("AD_MESSAGE.xml"), &table("AD_MESSAGE", &messages));
    let menu = id("menu/overview");
    write(
        &base.join("AD_MENU.xml"),
        &table(
            "AD_MENU",
            &[system(vec![
                ("AD_MENU_ID", menu.clone()),
                ("NAME", MENU[0].0.into()),
                ("DESCRIPTION", MENU[0].1.into()),
                ("ISSUMMARY", "N".into()),
                ("URL", ADMIN_PAGE.into()),
                ("AD_MODULE_ID", id(module)),
                ("OPENLINKINBROWSER", "N".into()),
            ])],
        ),
    );
    write(
        &base.join("AD_TREENODE.xml"),
        &table(
            "AD_TREENODE",
            // Not `system`: AD_TREENODE's model puts the tree and the node before the client.
            &[vec![
                ("AD_TREENODE_ID", id("treenode/overview")),
                ("AD_TREE_ID", MENU_TREE.into()),
                ("NODE_ID", menu.clone()),
                ("AD_CLIENT_ID", "0".into()),
                ("AD_ORG_ID", "0".into()),
                ("ISACTIVE", "Y".into()),
                ("PARENT_ID", "0".into()),
                ("SEQNO", "9990".into()),
            ]],
        ),
    );

    // The Spanish translation module: Openbravo ships a module's translations as a translation
    // module of their own (ISTRANSLATIONMODULE, AD_LANGUAGE), whose referencedata/translation
    // files Module Management imports into the *_TRL tables.
    let translation = format!("{module}.es_ES");
    let trl = out.join(&translation);
    let sourcedata = trl.join("src-db/database/sourcedata");
    write(
        &sourcedata.join("AD_MODULE.xml"),
        &table(
            "AD_MODULE",
            &[module_row(
                &translation,
                "WebPOS Version Guard: Spanish",
                "Spanish translation of the WebPOS Version Guard.",
                Some("es_ES"),
            )],
        ),
    );
    let base_module = id(module);
    let on_base = (base_module.as_str(), env!("CARGO_PKG_VERSION"), "WebPOS Version Guard");
    write(
        &sourcedata.join("AD_MODULE_DEPENDENCY.xml"),
        &table("AD_MODULE_DEPENDENCY", &[dependency(&translation, on_base, "MAJOR")]),
    );
    let version = env!("CARGO_PKG_VERSION");
    let mut rows = String::new();
    let mut sorted: Vec<Label> = Label::ALL.to_vec();
    sorted.sort_by_key(|l| id(&format!("message/{}", l.key(LABEL_PREFIX))));
    for label in sorted {
        let _ = write!(
            rows,
            "  <row id=\"{}\" trl=\"Y\">\n    <value column=\"MsgText\" isTrl=\"Y\" original=\"{}\">{}</value>\n  </row>\n",
            id(&format!("message/{}", label.key(LABEL_PREFIX))),
            xml(label.template(Language::En)),
            xml(label.template(Language::Es)),
        );
    }
    let trl_file = |table: &str, rows: &str| {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<compiereTrl baseLanguage=\"en_US\" language=\"es_ES\" table=\"{table}\" version=\"{version}\">\n{rows}</compiereTrl>\n"
        )
    };
    let translations = trl.join("referencedata/translation/es_ES");
    write(&translations.join("AD_MESSAGE_TRL_es_ES.xml"), &trl_file("AD_MESSAGE", &rows));
    let menu_rows = format!(
        "  <row id=\"{menu}\" trl=\"Y\">\n    <value column=\"Name\" isTrl=\"Y\" original=\"{}\">{}</value>\n    <value column=\"Description\" isTrl=\"Y\" original=\"{}\">{}</value>\n  </row>\n",
        xml(MENU[0].0),
        xml(MENU[1].0),
        xml(MENU[0].1),
        xml(MENU[1].1)
    );
    write(&translations.join("AD_MENU_TRL_es_ES.xml"), &trl_file("AD_MENU", &menu_rows));
}
