-- The agent's read-only role, on the server's PostgreSQL (docs/INTEGRATION.md; the Debian
-- package installs this file as /usr/share/openbravo-version-agent/version-agent-role.sql).
-- Run as a superuser or the database's owner:
--   psql -d openbravo -v password='…' -v database=openbravo -v openbravo_role=tad \
--        -f version-agent-role.sql
-- The role reads, within limits of its own, and can write nothing: its sessions are
-- read-only, a statement or a lock wait ends in the database itself, it holds at most ten
-- connections (the agent's pool is eight), and it may not make temporary tables.

-- Once per cluster.
CREATE ROLE version_agent LOGIN PASSWORD :'password' CONNECTION LIMIT 10;
ALTER ROLE version_agent SET default_transaction_read_only = on;
ALTER ROLE version_agent SET statement_timeout = '5s';
ALTER ROLE version_agent SET lock_timeout = '4s';
ALTER ROLE version_agent SET idle_in_transaction_session_timeout = '5s';

-- In each database the agent reads (Openbravo's; SymmetricDS's tables are in it too).
-- Temporary tables: every role gets TEMP through PUBLIC; it is taken from PUBLIC and given
-- back to Openbravo's own role (the database's owner keeps it in any case).
REVOKE TEMPORARY ON DATABASE :"database" FROM PUBLIC;
GRANT TEMPORARY ON DATABASE :"database" TO :"openbravo_role";
GRANT CONNECT ON DATABASE :"database" TO version_agent;
GRANT USAGE ON SCHEMA public TO version_agent;
GRANT SELECT ON ad_module, ad_system_info, obmobc_server_definition, obmobc_server_orgs,
  obpos_applications, ad_preference, ad_ref_list, ad_tree, ad_treenode, ad_role, ad_user,
  sym_outgoing_batch TO version_agent;
-- SymmetricDS's load tables (the Reload Status, read on central), on every SymmetricDS version:
-- a table or column an older version lacks is left out (the agent says it is absent). Of
-- sym_node_security only the load columns: never node_password, a node's credential.
DO $$
DECLARE
  c text;
BEGIN
  FOREACH c IN ARRAY ARRAY['node_id', 'initial_load_enabled', 'initial_load_time',
                           'initial_load_end_time', 'initial_load_id'] LOOP
    IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'sym_node_security'
               AND column_name = c AND table_schema = ANY (current_schemas(false))) THEN
      EXECUTE format('GRANT SELECT (%I) ON sym_node_security TO version_agent', c);
    END IF;
  END LOOP;
  IF to_regclass('sym_table_reload_request') IS NOT NULL THEN
    GRANT SELECT ON sym_table_reload_request TO version_agent;
  END IF;
  IF to_regclass('sym_table_reload_status') IS NOT NULL THEN
    GRANT SELECT ON sym_table_reload_status TO version_agent;
  END IF;
END $$;
