-- What central and a store server both hold (replicated from central): the server
-- definitions, the terminal, the organization tree, the users, roles and preferences.
INSERT INTO obmobc_server_definition (obmobc_server_definition_id, ad_client_id, ad_org_id, name, servertype, url, priority, allorgs, mobile_server_key, status, alloweddomains) VALUES
  ('SD-CENTRAL', 'CLIENT-WV', '0', 'Central', 'MAIN', 'http://central.example:8080/openbravo', 10, 'Y', 'central', 'ON', NULL),
  ('SD-STORE1', 'CLIENT-WV', '0', 'Vall Blanca Store', 'STORE', 'http://store1.example:8080/openbravo', 5, 'N', 'store1', 'TOFF', '*.tills.example'),
  ('SD-STORE1B', 'CLIENT-WV', '0', 'Vall Blanca Backup', 'STORE', 'http://store1b.example:8080/openbravo', 20, 'N', 'store1b', 'ON', NULL),
  ('SD-STORE2', 'CLIENT-WV', '0', 'Other Store', 'STORE', 'http://store2.example:8080/openbravo', 1, 'N', 'store2', 'ON', NULL),
  ('SD-OLD', 'CLIENT-WV', '0', 'Closed Store', 'STORE', 'http://closed.example:8080/openbravo', 1, 'Y', 'closed', 'ON', NULL);
UPDATE obmobc_server_definition SET isactive = 'N' WHERE obmobc_server_definition_id = 'SD-OLD';
-- The terminal's organization (VBS) has two store servers; store2 serves another organization.
INSERT INTO obmobc_server_orgs VALUES
  ('SO-1', 'SD-STORE1', 'ORG-VBS', 'Y'),
  ('SO-2', 'SD-STORE1B', 'ORG-VBS', 'Y'),
  ('SO-3', 'SD-STORE2', 'ORG-OTHER', 'Y');
INSERT INTO obpos_applications (obpos_applications_id, ad_client_id, ad_org_id, value, name) VALUES
  ('T-1', 'CLIENT-WV', 'ORG-VBS', 'VBS-1', 'Vall Blanca Till 1');
INSERT INTO ad_tree VALUES ('TREE-ORG', 'CLIENT-WV', 'White Valley organizations', 'OO');
INSERT INTO ad_treenode VALUES
  ('TN-0', 'TREE-ORG', '0', NULL, 0),
  ('TN-WV', 'TREE-ORG', 'ORG-WV', '0', 10),
  ('TN-VBS', 'TREE-ORG', 'ORG-VBS', 'ORG-WV', 10),
  ('TN-OTHER', 'TREE-ORG', 'ORG-OTHER', 'ORG-WV', 20);
INSERT INTO ad_role VALUES
  ('ROLE-ADMIN', 'CLIENT-WV', 'Y', 'White Valley Admin', 'Y'),
  ('ROLE-CASHIER', 'CLIENT-WV', 'Y', 'Vall Blanca Cashier', 'N');
INSERT INTO ad_user VALUES
  ('USER-ADMIN', 'CLIENT-WV', 'Y', 'White Valley Admin', 'Openbravo'),
  ('USER-VB', 'CLIENT-WV', 'Y', 'Vall Blanca', 'vallblanca');
-- The preference at system level (Y), in the client without filters (N: in force), filtered by
-- role and by organization (Y), and an inactive Y.
INSERT INTO ad_preference (ad_preference_id, ad_client_id, ad_org_id, property, ispropertylist, value, visibleat_client_id, visibleat_org_id, visibleat_role_id, isactive) VALUES
  ('P-SYSTEM', '0', '0', 'EXVG_IgnoreVersionCheck', 'Y', 'Y', NULL, NULL, NULL, 'Y'),
  ('P-CLIENT', 'CLIENT-WV', '0', 'EXVG_IgnoreVersionCheck', 'Y', 'N', 'CLIENT-WV', NULL, NULL, 'Y'),
  ('P-ROLE', 'CLIENT-WV', '0', 'EXVG_IgnoreVersionCheck', 'Y', 'Y', 'CLIENT-WV', NULL, 'ROLE-CASHIER', 'Y'),
  ('P-ORG', 'CLIENT-WV', '0', 'EXVG_IgnoreVersionCheck', 'Y', 'Y', 'CLIENT-WV', 'ORG-VBS', NULL, 'Y'),
  ('P-OFF', 'CLIENT-WV', '0', 'EXVG_IgnoreVersionCheck', 'Y', 'Y', 'CLIENT-WV', NULL, NULL, 'N'),
  ('P-OTHER', 'CLIENT-WV', '0', 'SomethingElse', 'Y', 'Y', 'CLIENT-WV', NULL, NULL, 'Y'),
  ('P-ADMINROLE', 'CLIENT-WV', '0', 'EXVG_IgnoreVersionCheck', 'Y', 'Y', 'CLIENT-WV', NULL, 'ROLE-ADMIN', 'Y'),
  ('P-ELSEWHERE', 'CLIENT-WV', '0', 'EXVG_IgnoreVersionCheck', 'Y', 'Y', 'CLIENT-WV', 'ORG-ELSEWHERE', NULL, 'Y'),
  ('P-OTHERCLIENT', 'CLIENT-X', '0', 'EXVG_IgnoreVersionCheck', 'Y', 'Y', 'CLIENT-X', NULL, NULL, 'Y'),
  ('P-SECRET', 'CLIENT-WV', '0', 'OBPOS_ExternalServiceKey', 'Y', 'api-key-123', 'CLIENT-WV', NULL, 'ROLE-ADMIN', 'Y');
-- A record for another user only (the session sees its own user's and every user's).
INSERT INTO ad_preference (ad_preference_id, ad_client_id, ad_org_id, property, ispropertylist, value, visibleat_client_id, ad_user_id, isactive) VALUES
  ('P-ADMINUSER', 'CLIENT-WV', '0', 'EXVG_IgnoreVersionCheck', 'Y', 'Y', 'CLIENT-WV', 'USER-ADMIN', 'Y');
