-- The tables the agent reads, with Openbravo's names and types (unquoted lower case on
-- PostgreSQL), for the agent's tests and `npm start -- --postgres`, written from Openbravo's
-- public database model
-- (src-db/database/model/tables/*.xml of the ERP, mobile core and the retail module) and
-- SymmetricDS's public schema: only the columns the agent reads, plus the keys. Our own DDL.

CREATE TABLE ad_module (
  ad_module_id varchar(32) PRIMARY KEY,
  isactive char(1) NOT NULL DEFAULT 'Y',
  name varchar(60) NOT NULL,
  version varchar(10) NOT NULL,
  javapackage varchar(60) NOT NULL UNIQUE,
  type char(1) NOT NULL DEFAULT 'M',
  status char(1),
  isindevelopment char(1) NOT NULL DEFAULT 'N',
  enabled char(1) NOT NULL DEFAULT 'Y'
);

CREATE TABLE ad_system_info (
  ad_system_info_id varchar(32) PRIMARY KEY,
  system_status varchar(60),
  last_build timestamp,
  last_dbupdate timestamp
);

CREATE TABLE obmobc_server_definition (
  obmobc_server_definition_id varchar(32) PRIMARY KEY,
  ad_client_id varchar(32) NOT NULL,
  ad_org_id varchar(32) NOT NULL,
  isactive char(1) NOT NULL DEFAULT 'Y',
  name varchar(60) NOT NULL,
  description varchar(255),
  servertype varchar(60) NOT NULL,
  url varchar(255) NOT NULL,
  priority numeric(10, 0) DEFAULT 10,
  allorgs char(1) NOT NULL DEFAULT 'Y',
  allservices char(1) NOT NULL DEFAULT 'Y',
  mobile_server_key varchar(60) UNIQUE,
  status varchar(60) DEFAULT 'ON',
  iscurrent char(1) NOT NULL DEFAULT 'N',
  alloweddomains varchar(2000),
  last_ping timestamp
);

CREATE TABLE obmobc_server_orgs (
  obmobc_server_orgs_id varchar(32) PRIMARY KEY,
  obmobc_server_definition_id varchar(32) NOT NULL REFERENCES obmobc_server_definition,
  server_org_id varchar(32) NOT NULL,
  isactive char(1) NOT NULL DEFAULT 'Y'
);

CREATE TABLE obpos_applications (
  obpos_applications_id varchar(32) PRIMARY KEY,
  ad_client_id varchar(32) NOT NULL,
  ad_org_id varchar(32) NOT NULL,
  isactive char(1) NOT NULL DEFAULT 'Y',
  value varchar(60) NOT NULL UNIQUE,
  name varchar(60) NOT NULL
);

CREATE TABLE ad_preference (
  ad_preference_id varchar(32) PRIMARY KEY,
  ad_client_id varchar(32) NOT NULL,
  ad_org_id varchar(32) NOT NULL,
  isactive char(1) NOT NULL DEFAULT 'Y',
  updated timestamp NOT NULL DEFAULT now(),
  updatedby varchar(32) NOT NULL DEFAULT '0',
  attribute varchar(60),
  property varchar(60),
  ispropertylist char(1) NOT NULL DEFAULT 'N',
  value text,
  visibleat_client_id varchar(32),
  visibleat_org_id varchar(32),
  visibleat_role_id varchar(32),
  ad_user_id varchar(32),
  ad_window_id varchar(32),
  selected char(1) NOT NULL DEFAULT 'N',
  ad_module_id varchar(32)
);

CREATE TABLE ad_tree (
  ad_tree_id varchar(32) PRIMARY KEY,
  ad_client_id varchar(32) NOT NULL,
  name varchar(60) NOT NULL,
  treetype varchar(60) NOT NULL
);

CREATE TABLE ad_treenode (
  ad_treenode_id varchar(32) PRIMARY KEY,
  ad_tree_id varchar(32) NOT NULL REFERENCES ad_tree,
  node_id varchar(32) NOT NULL,
  parent_id varchar(32),
  seqno numeric(10, 0)
);

CREATE TABLE ad_role (
  ad_role_id varchar(32) PRIMARY KEY,
  ad_client_id varchar(32) NOT NULL,
  isactive char(1) NOT NULL DEFAULT 'Y',
  name varchar(60) NOT NULL,
  is_client_admin char(1) NOT NULL DEFAULT 'N'
);

CREATE TABLE ad_user (
  ad_user_id varchar(32) PRIMARY KEY,
  ad_client_id varchar(32) NOT NULL,
  isactive char(1) NOT NULL DEFAULT 'Y',
  name varchar(60) NOT NULL,
  username varchar(60)
);

-- The values of reference lists; core's "Property Configuration" (A26BA480E2014707B47257024C3CBFF7)
-- lists every preference property an admin can pick: the module registers its own there.
CREATE TABLE ad_ref_list (
  ad_ref_list_id varchar(32) PRIMARY KEY,
  ad_client_id varchar(32) NOT NULL DEFAULT '0',
  isactive char(1) NOT NULL DEFAULT 'Y',
  value varchar(60) NOT NULL,
  name varchar(60) NOT NULL,
  ad_reference_id varchar(32) NOT NULL,
  ad_module_id varchar(32),
  UNIQUE (ad_reference_id, value)
);

CREATE TABLE sym_outgoing_batch (
  batch_id bigint NOT NULL,
  node_id varchar(50) NOT NULL,
  channel_id varchar(128),
  status char(2),
  load_id bigint,
  create_time timestamp DEFAULT now(),
  PRIMARY KEY (batch_id, node_id)
);
-- SymmetricDS indexes the batches by target node and status (its idx_ob_node_status): the
-- agent's count of a node's pending batches reads that index; and by status alone
-- (idx_ob_status), which finds the loads with a batch still pending.
CREATE INDEX sym_idx_ob_node_status ON sym_outgoing_batch (node_id, status);
CREATE INDEX sym_idx_ob_status ON sym_outgoing_batch (status);

-- SymmetricDS's initial loads and table reloads, as 3.12.5 and later hold them (the columns the
-- agent reads; an older SymmetricDS lacks some, which the agent says): on central, one row a
-- node it sends loads to.
CREATE TABLE sym_node_security (
  node_id varchar(50) PRIMARY KEY,
  node_password varchar(50) NOT NULL,
  registration_enabled smallint DEFAULT 0,
  initial_load_enabled smallint DEFAULT 0,
  initial_load_time timestamp,
  initial_load_end_time timestamp,
  initial_load_id bigint
);
CREATE TABLE sym_table_reload_request (
  target_node_id varchar(50) NOT NULL,
  source_node_id varchar(50) NOT NULL,
  trigger_id varchar(128) NOT NULL,
  router_id varchar(50) NOT NULL,
  create_time timestamp NOT NULL,
  load_id bigint,
  processed smallint NOT NULL DEFAULT 0,
  last_update_time timestamp NOT NULL,
  PRIMARY KEY (target_node_id, source_node_id, trigger_id, router_id, create_time)
);
CREATE TABLE sym_table_reload_status (
  load_id bigint NOT NULL,
  source_node_id varchar(50) NOT NULL,
  target_node_id varchar(50) NOT NULL,
  start_time timestamp,
  end_time timestamp,
  completed smallint NOT NULL DEFAULT 0,
  cancelled smallint NOT NULL DEFAULT 0,
  full_load smallint NOT NULL DEFAULT 0,
  setup_batch_count bigint NOT NULL DEFAULT 0,
  data_batch_count bigint NOT NULL DEFAULT 0,
  finalize_batch_count bigint NOT NULL DEFAULT 0,
  setup_batch_loaded bigint NOT NULL DEFAULT 0,
  data_batch_loaded bigint NOT NULL DEFAULT 0,
  finalize_batch_loaded bigint NOT NULL DEFAULT 0,
  table_count bigint NOT NULL DEFAULT 0,
  error_flag smallint NOT NULL DEFAULT 0,
  last_update_time timestamp,
  PRIMARY KEY (load_id, source_node_id, target_node_id)
);
