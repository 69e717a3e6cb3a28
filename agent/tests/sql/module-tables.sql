-- The Openbravo tables a module's sourcedata and translation files fill, written from the public
-- database model (src-db/database/model/tables/*.xml of Openbravo 3.0: AD_MODULE,
-- AD_MODULE_DBPREFIX, AD_MODULE_DEPENDENCY, AD_REF_LIST, AD_MESSAGE, AD_MESSAGE_TRL, AD_MENU,
-- AD_MENU_TRL, AD_TREENODE), with their lengths, NOT NULLs, Y/N and value checks, unique keys
-- and foreign keys, and the audit columns Module Management fills itself. The rows they
-- reference (system client and organization, the languages, core's Property Configuration
-- reference, the menu tree, Web POS and mobile core) are inserted at the end.
-- agent/tests/package.rs loads every row of the .obx files into them.

CREATE TABLE ad_client (ad_client_id varchar(32) PRIMARY KEY);
CREATE TABLE ad_org (ad_org_id varchar(32) PRIMARY KEY);
CREATE TABLE ad_language (ad_language varchar(6) PRIMARY KEY);
CREATE TABLE ad_reference (ad_reference_id varchar(32) PRIMARY KEY, name varchar(60) NOT NULL);
CREATE TABLE ad_tree (ad_tree_id varchar(32) PRIMARY KEY, name varchar(60) NOT NULL, treetype varchar(60) NOT NULL);

CREATE TABLE ad_module (
  ad_module_id varchar(32) PRIMARY KEY,
  ad_client_id varchar(32) NOT NULL REFERENCES ad_client,
  ad_org_id varchar(32) NOT NULL REFERENCES ad_org,
  isactive char(1) NOT NULL DEFAULT 'Y' CHECK (isactive IN ('Y', 'N')),
  created timestamp NOT NULL DEFAULT now(),
  createdby varchar(32) NOT NULL DEFAULT '0',
  updated timestamp NOT NULL DEFAULT now(),
  updatedby varchar(32) NOT NULL DEFAULT '0',
  name varchar(60) NOT NULL,
  version varchar(10) NOT NULL CHECK (version ~ '^[0-9]+\.[0-9]+\.[0-9]+$'),
  description varchar(255) NOT NULL,
  help varchar(2000),
  url varchar(300),
  type varchar(60) NOT NULL DEFAULT 'M' CHECK (type IN ('M', 'P', 'T')),
  license varchar(2000),
  isindevelopment char(1) DEFAULT 'N' CHECK (isindevelopment IN ('Y', 'N')),
  isdefault char(1) DEFAULT 'N' CHECK (isdefault = 'N' OR isdefault = 'Y' AND isindevelopment = 'Y'),
  seqno numeric,
  javapackage varchar(255) NOT NULL UNIQUE,
  licensetype varchar(60) CHECK (licensetype IN ('OBPL', 'OBCL', 'Apache2.0', 'MPL1.1')),
  author varchar(2000),
  status varchar(60) DEFAULT 'A',
  update_available varchar(10),
  istranslationrequired char(1) DEFAULT 'N' CHECK (istranslationrequired IN ('Y', 'N')),
  ad_language varchar(6) REFERENCES ad_language,
  haschartofaccounts char(1) NOT NULL DEFAULT 'N',
  istranslationmodule char(1) NOT NULL DEFAULT 'N',
  hasreferencedata char(1) NOT NULL DEFAULT 'N',
  isregistered char(1) DEFAULT 'N' CHECK (isregistered IN ('Y', 'N')),
  updateinfo varchar(2000),
  update_ver_id varchar(32),
  referencedatainfo varchar(2000),
  version_label varchar(60),
  version_id varchar(60),
  iscommercial char(1) NOT NULL DEFAULT 'N' CHECK (iscommercial IN ('Y', 'N')),
  maturity_update varchar(60),
  enabled char(1) NOT NULL DEFAULT 'Y',
  isconfigscriptapplied char(1) NOT NULL DEFAULT 'Y' CHECK (isconfigscriptapplied IN ('Y', 'N')),
  upgrade_available varchar(4000),
  istrialallowed char(1) NOT NULL DEFAULT 'N' CHECK (istrialallowed IN ('Y', 'N'))
);

CREATE TABLE ad_module_dbprefix (
  ad_module_dbprefix_id varchar(32) PRIMARY KEY,
  ad_client_id varchar(32) NOT NULL REFERENCES ad_client,
  ad_org_id varchar(32) NOT NULL REFERENCES ad_org,
  isactive char(1) NOT NULL DEFAULT 'Y' CHECK (isactive IN ('Y', 'N')),
  created timestamp NOT NULL DEFAULT now(),
  createdby varchar(32) NOT NULL DEFAULT '0',
  updated timestamp NOT NULL DEFAULT now(),
  updatedby varchar(32) NOT NULL DEFAULT '0',
  ad_module_id varchar(32) NOT NULL REFERENCES ad_module,
  name varchar(7) NOT NULL UNIQUE
);

CREATE TABLE ad_module_dependency (
  ad_module_dependency_id varchar(32) PRIMARY KEY,
  ad_client_id varchar(32) NOT NULL REFERENCES ad_client,
  ad_org_id varchar(32) NOT NULL REFERENCES ad_org,
  isactive char(1) NOT NULL DEFAULT 'Y' CHECK (isactive IN ('Y', 'N')),
  created timestamp NOT NULL DEFAULT now(),
  createdby varchar(32) NOT NULL DEFAULT '0',
  updated timestamp NOT NULL DEFAULT now(),
  updatedby varchar(32) NOT NULL DEFAULT '0',
  ad_module_id varchar(32) NOT NULL REFERENCES ad_module ON DELETE CASCADE,
  ad_dependent_module_id varchar(32) NOT NULL REFERENCES ad_module,
  startversion varchar(10) NOT NULL,
  endversion varchar(10),
  isincluded char(1) NOT NULL DEFAULT 'N' CHECK (isincluded IN ('Y', 'N')),
  dependant_module_name varchar(60),
  dependency_enforcement varchar(60) DEFAULT 'MAJOR' CHECK (dependency_enforcement IN ('MAJOR', 'MINOR', 'NONE')),
  user_editable_enforcement char(1) NOT NULL DEFAULT 'N' CHECK (user_editable_enforcement IN ('Y', 'N'))
);

CREATE TABLE ad_ref_list (
  ad_ref_list_id varchar(32) PRIMARY KEY,
  ad_client_id varchar(32) NOT NULL REFERENCES ad_client,
  ad_org_id varchar(32) NOT NULL REFERENCES ad_org,
  isactive char(1) NOT NULL DEFAULT 'Y' CHECK (isactive IN ('Y', 'N')),
  created timestamp NOT NULL DEFAULT now(),
  createdby varchar(32) NOT NULL DEFAULT '0',
  updated timestamp NOT NULL DEFAULT now(),
  updatedby varchar(32) NOT NULL DEFAULT '0',
  value varchar(60) NOT NULL,
  name varchar(60) NOT NULL,
  description varchar(255),
  ad_reference_id varchar(32) NOT NULL REFERENCES ad_reference ON DELETE CASCADE,
  validfrom timestamp,
  validto timestamp,
  ad_module_id varchar(32) NOT NULL REFERENCES ad_module,
  seqno numeric,
  UNIQUE (ad_reference_id, value)
);

CREATE TABLE ad_message (
  ad_message_id varchar(32) PRIMARY KEY,
  ad_client_id varchar(32) NOT NULL REFERENCES ad_client,
  ad_org_id varchar(32) NOT NULL REFERENCES ad_org,
  isactive char(1) NOT NULL DEFAULT 'Y' CHECK (isactive IN ('Y', 'N')),
  created timestamp NOT NULL DEFAULT now(),
  createdby varchar(32) NOT NULL DEFAULT '0',
  updated timestamp NOT NULL DEFAULT now(),
  updatedby varchar(32) NOT NULL DEFAULT '0',
  value varchar(60) NOT NULL UNIQUE,
  msgtext varchar(2000) NOT NULL,
  msgtip varchar(2000),
  msgtype char(1) NOT NULL CHECK (msgtype IN ('E', 'I', 'M', 'W', 'C', 'S')),
  ad_module_id varchar(32) NOT NULL DEFAULT '0' REFERENCES ad_module,
  isincludeini18n char(1) NOT NULL DEFAULT 'N' CHECK (isincludeini18n IN ('Y', 'N'))
);

CREATE TABLE ad_message_trl (
  ad_message_trl_id varchar(32) PRIMARY KEY,
  ad_message_id varchar(32) NOT NULL REFERENCES ad_message ON DELETE CASCADE,
  ad_language varchar(6) NOT NULL REFERENCES ad_language,
  ad_client_id varchar(32) NOT NULL REFERENCES ad_client,
  ad_org_id varchar(32) NOT NULL REFERENCES ad_org,
  isactive char(1) NOT NULL DEFAULT 'Y' CHECK (isactive IN ('Y', 'N')),
  created timestamp NOT NULL DEFAULT now(),
  createdby varchar(32) NOT NULL DEFAULT '0',
  updated timestamp NOT NULL DEFAULT now(),
  updatedby varchar(32) NOT NULL DEFAULT '0',
  msgtext varchar(2000) NOT NULL,
  msgtip varchar(2000),
  istranslated char(1) NOT NULL DEFAULT 'N' CHECK (istranslated IN ('Y', 'N')),
  UNIQUE (ad_message_id, ad_language)
);

CREATE TABLE ad_menu (
  ad_menu_id varchar(32) PRIMARY KEY,
  ad_client_id varchar(32) NOT NULL REFERENCES ad_client,
  ad_org_id varchar(32) NOT NULL REFERENCES ad_org,
  isactive char(1) NOT NULL DEFAULT 'Y' CHECK (isactive IN ('Y', 'N')),
  created timestamp NOT NULL DEFAULT now(),
  createdby varchar(32) NOT NULL DEFAULT '0',
  updated timestamp NOT NULL DEFAULT now(),
  name varchar(60) NOT NULL,
  updatedby varchar(32) NOT NULL DEFAULT '0',
  description varchar(255),
  issummary char(1) NOT NULL DEFAULT 'N',
  action varchar(60),
  ad_window_id varchar(32),
  ad_process_id varchar(32),
  ad_form_id varchar(32),
  url varchar(4000),
  ad_module_id varchar(32) NOT NULL DEFAULT '0' REFERENCES ad_module,
  openlinkinbrowser char(1) NOT NULL DEFAULT 'N' CHECK (openlinkinbrowser IN ('Y', 'N'))
);

CREATE TABLE ad_menu_trl (
  ad_menu_trl_id varchar(32) PRIMARY KEY,
  ad_menu_id varchar(32) NOT NULL REFERENCES ad_menu ON DELETE CASCADE,
  ad_language varchar(6) NOT NULL REFERENCES ad_language,
  ad_client_id varchar(32) NOT NULL REFERENCES ad_client,
  ad_org_id varchar(32) NOT NULL REFERENCES ad_org,
  isactive char(1) NOT NULL DEFAULT 'Y' CHECK (isactive IN ('Y', 'N')),
  created timestamp NOT NULL DEFAULT now(),
  createdby varchar(32) NOT NULL DEFAULT '0',
  updated timestamp NOT NULL DEFAULT now(),
  updatedby varchar(32) NOT NULL DEFAULT '0',
  name varchar(60) NOT NULL,
  description varchar(255),
  istranslated char(1) NOT NULL DEFAULT 'N' CHECK (istranslated IN ('Y', 'N')),
  UNIQUE (ad_menu_id, ad_language)
);

CREATE TABLE ad_treenode (
  ad_treenode_id varchar(32) PRIMARY KEY,
  ad_tree_id varchar(32) NOT NULL REFERENCES ad_tree ON DELETE CASCADE,
  node_id varchar(32) NOT NULL,
  ad_client_id varchar(32) NOT NULL REFERENCES ad_client,
  ad_org_id varchar(32) NOT NULL REFERENCES ad_org ON DELETE CASCADE,
  isactive char(1) NOT NULL DEFAULT 'Y' CHECK (isactive IN ('Y', 'N')),
  created timestamp NOT NULL DEFAULT now(),
  createdby varchar(32) NOT NULL DEFAULT '0',
  updated timestamp NOT NULL DEFAULT now(),
  updatedby varchar(32) NOT NULL DEFAULT '0',
  parent_id varchar(32),
  seqno numeric(10, 0),
  UNIQUE (ad_tree_id, node_id)
);

-- What the module's rows reference on a real Openbravo with Web POS installed.
INSERT INTO ad_client VALUES ('0');
INSERT INTO ad_org VALUES ('0');
INSERT INTO ad_language VALUES ('en_US'), ('es_ES');
INSERT INTO ad_reference VALUES ('A26BA480E2014707B47257024C3CBFF7', 'Property Configuration');
INSERT INTO ad_tree VALUES ('10', 'Primary Menu', 'MM');
INSERT INTO ad_module (ad_module_id, ad_client_id, ad_org_id, name, version, description, javapackage, type) VALUES
  ('0', '0', '0', 'Core', '3.0.31300', 'Core', 'org.openbravo', 'M'),
  ('08943B85ADF64E708797A753E5B6AAEE', '0', '0', 'Mobile Core Infrastructure', '1.0.3100', 'Mobile core', 'org.openbravo.mobile.core', 'M'),
  ('FF808181326CC34901326D53DBCF0018', '0', '0', 'Web POS', '1.2.4500', 'Web POS', 'org.openbravo.retail.posterminal', 'M');
