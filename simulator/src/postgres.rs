//! The demo on real databases (`npm start -- --postgres`): each server's Openbravo database,
//! written from the scenario as SQL rows in Openbravo's tables (the ones the agent reads;
//! agent/sql/openbravo-tables.sql), so that an `openbravo-version-agent` per server answers the
//! protocol from PostgreSQL while the simulator serves the WebPOS, the login and the overview.
//!
//! What each database holds: every server definition (central's copy, replicated to the
//! stores), the terminals (each with an organization of its store's, which that store's
//! definition serves), the organization tree, the users and roles, the preferences, that
//! server's modules, `RB70`, on a store its pending batches as SymmetricDS's outgoing batches
//! to central (a store that cannot count them has no SymmetricDS table), and on central every
//! store's initial load and table reloads in SymmetricDS's tables (`crate::reload`). Every text
//! is written as an escaped SQL literal.

use std::fmt::Write as _;

use webpos_version_guard::servers::wire::ServerType;

use crate::world::{Server, World};
use webpos_version_guard::servers::protocol::YesNo;

/// An SQL string literal: quotes doubled, NUL left out.
fn lit(text: &str) -> String {
    let clean: String = text.chars().filter(|&c| c != '\0').collect();
    format!("'{}'", clean.replace('\'', "''"))
}

fn opt(text: Option<&str>) -> String {
    text.filter(|t| !t.is_empty()).map_or_else(|| "NULL".to_owned(), lit)
}

/// The organization a store's terminals belong to, which its definition serves.
pub fn store_org(store: &str) -> String {
    format!("ORG-{store}")
}

/// The client every definition belongs to: the first user's (`CLIENT` without users).
pub fn scenario_client(world: &World) -> String {
    world.scenario.users.first().map_or_else(|| "CLIENT".to_owned(), |u| u.client.clone())
}

/// When every preference record of a scenario was last updated (its `AD_PREFERENCE.UPDATED`).
pub const PREFERENCE_UPDATED: &str = "2026-12-07 06:30";

/// Who last updated a scenario's preference record of `client`: its first user whose role
/// administers that client (as an admin sets a hot fix), when there is one.
pub fn preference_updated_by<'a>(
    world: &'a World,
    client: &str,
) -> Option<&'a crate::scenario::UserSpec> {
    world.scenario.users.iter().find(|u| u.client == client && u.client_admin)
}

/// The SQL that fills the database of server `key` (after the tables are made); `None` for a
/// key that is no server of the scenario.
pub fn server_sql(world: &World, key: &str) -> Option<String> {
    let servers: Vec<&Server> = std::iter::once(&world.central).chain(&world.stores).collect();
    let this = servers.iter().find(|s| s.key == key)?;
    let scenario = &world.scenario;
    let client = scenario_client(world);
    let mut sql = String::new();
    let _ = writeln!(sql, "BEGIN;");
    for (i, s) in servers.iter().enumerate() {
        let store = s.server_type == ServerType::Store;
        let _ = writeln!(
            sql,
            "INSERT INTO obmobc_server_definition (obmobc_server_definition_id, ad_client_id, ad_org_id, name, servertype, url, priority, allorgs, mobile_server_key, status, iscurrent) VALUES ({}, {}, '0', {}, {}, {}, {}, {}, {}, {}, {});",
            lit(&format!("SD-{i}")),
            lit(&client),
            lit(&s.name),
            lit(s.server_type.code()),
            lit(&s.url),
            s.priority,
            lit(YesNo::of(!store).as_str()),
            lit(&s.key),
            lit(s.status.code()),
            lit(YesNo::of(s.key == key).as_str()),
        );
        if store {
            let _ = writeln!(
                sql,
                "INSERT INTO obmobc_server_orgs VALUES ({}, {}, {}, 'Y');",
                lit(&format!("SO-{i}")),
                lit(&format!("SD-{i}")),
                lit(&store_org(&s.key)),
            );
        }
    }
    let _ = writeln!(
        sql,
        "INSERT INTO ad_tree VALUES ('TREE-ORG', {}, 'Organizations', 'OO');",
        lit(&client)
    );
    let _ = writeln!(sql, "INSERT INTO ad_treenode VALUES ('TN-0', 'TREE-ORG', '0', NULL, 0);");
    let mut orgs: Vec<(String, String)> =
        scenario.organizations.iter().map(|(o, p)| (o.clone(), p.clone())).collect();
    orgs.extend(world.stores.iter().map(|s| (store_org(&s.key), "0".to_owned())));
    for (n, (org, parent)) in orgs.iter().enumerate() {
        let _ = writeln!(
            sql,
            "INSERT INTO ad_treenode VALUES ({}, 'TREE-ORG', {}, {}, {n});",
            lit(&format!("TN-ORG-{n}")),
            lit(org),
            lit(parent),
        );
    }
    for (n, t) in scenario.terminals.iter().enumerate() {
        let org = t.store.as_deref().map_or_else(|| "0".to_owned(), store_org);
        let _ = writeln!(
            sql,
            "INSERT INTO obpos_applications (obpos_applications_id, ad_client_id, ad_org_id, value, name) VALUES ({}, {}, {}, {}, {});",
            lit(&format!("T-{n}")),
            lit(t.client.as_deref().unwrap_or(&client)),
            lit(&org),
            lit(&t.key),
            lit(&t.name),
        );
    }
    let mut roles: Vec<(&str, bool)> = Vec::new();
    for u in &scenario.users {
        let _ = writeln!(
            sql,
            "INSERT INTO ad_user VALUES ({}, {}, 'Y', {}, {});",
            lit(&u.user_id),
            lit(&u.client),
            lit(&u.username),
            lit(&u.username),
        );
        if !roles.iter().any(|(r, _)| *r == u.role) {
            roles.push((&u.role, u.client_admin));
        }
    }
    for (role, admin) in roles {
        let _ = writeln!(
            sql,
            "INSERT INTO ad_role VALUES ({}, {}, 'Y', {}, {});",
            lit(role),
            lit(&client),
            lit(role),
            lit(YesNo::of(admin).as_str()),
        );
    }
    for p in &scenario.preferences {
        let _ = writeln!(
            sql,
            "INSERT INTO ad_preference (ad_preference_id, ad_client_id, ad_org_id, isactive, property, ispropertylist, value, visibleat_client_id, visibleat_org_id, visibleat_role_id, ad_user_id, ad_window_id, selected, updated, updatedby) VALUES ({}, {}, {}, {}, {}, 'Y', {}, {}, {}, {}, {}, {}, {}, {}, {});",
            lit(&p.id),
            lit(&p.client),
            lit(&p.organization),
            lit(YesNo::of(p.active).as_str()),
            lit(&p.property),
            lit(&p.value),
            opt(p.visible_at_client.as_deref()),
            opt(p.visible_at_organization.as_deref()),
            opt(p.visible_at_role.as_deref()),
            opt(p.user.as_deref()),
            opt(p.window.as_deref()),
            lit(YesNo::of(p.selected).as_str()),
            lit(PREFERENCE_UPDATED),
            lit(preference_updated_by(world, &p.client).map_or("0", |u| u.user_id.as_str())),
        );
    }
    for m in &this.modules {
        let _ = writeln!(
            sql,
            "INSERT INTO ad_module (ad_module_id, name, version, javapackage, status) VALUES ({}, {}, {}, {}, 'A');",
            lit(&m.id),
            lit(&m.name),
            lit(&m.version),
            lit(&m.java_package),
        );
    }
    let _ = writeln!(
        sql,
        "INSERT INTO ad_system_info VALUES ('0', {}, now(), now());",
        lit(&this.system_status)
    );
    // The module is installed on every simulated server: its hot-fix property is registered.
    let _ = writeln!(
        sql,
        "INSERT INTO ad_ref_list (ad_ref_list_id, value, name, ad_reference_id) VALUES ('RL-EXVG', {}, 'Ignore version check (hot fix)', 'A26BA480E2014707B47257024C3CBFF7');",
        lit(webpos_version_guard::servers::protocol::PREFERENCE_PROPERTY)
    );
    if this.server_type == ServerType::Main {
        // Central's SymmetricDS rows of every store's initial load and table reloads.
        let stores = world.stores.iter().map(|s| (s.key.as_str(), &s.reload));
        sql.push_str(&crate::reload::sql(&crate::reload::facts(stores), &this.key, lit));
    }
    if this.server_type == ServerType::Store {
        if this.pending_error.is_some() {
            // The store cannot count: its SymmetricDS table is not there.
            let _ = writeln!(sql, "DROP TABLE sym_outgoing_batch;");
        } else if this.pending > 0 {
            let _ = writeln!(
                sql,
                "INSERT INTO sym_outgoing_batch (batch_id, node_id, channel_id, status) SELECT g, {}, 'orders', 'NE' FROM generate_series(1, {}) g;",
                lit(&world.central.key),
                this.pending.min(10_000_000),
            );
        }
    }
    let _ = writeln!(sql, "COMMIT;");
    Some(sql)
}

#[cfg(test)]
mod tests {
    use super::lit;

    #[test]
    fn literals_are_escaped() {
        assert_eq!(lit("O'Brien"), "'O''Brien'");
        assert_eq!(lit("a\0b"), "'ab'");
        assert_eq!(lit("'); DROP TABLE ad_module; --"), "'''); DROP TABLE ad_module; --'");
    }
}
