-- Central: updated first (Web POS 1.8.4600), running what its database holds.
INSERT INTO ad_module (ad_module_id, name, version, javapackage, status) VALUES
  ('0', 'Core', '3.0.20991', 'org.openbravo', 'A'),
  ('MOBC', 'Mobile Core', '1.1.3450', 'org.openbravo.mobile.core', 'A'),
  ('POS', 'Web POS', '1.8.4600', 'org.openbravo.retail.posterminal', 'A');
INSERT INTO ad_system_info VALUES ('0', 'RB70', now(), now());
-- The module is installed on central: its hot-fix property is in the Property Configuration list.
INSERT INTO ad_ref_list (ad_ref_list_id, value, name, ad_reference_id, ad_module_id) VALUES
  ('RL-EXVG', 'EXVG_IgnoreVersionCheck', 'Ignore version check (hot fix)', 'A26BA480E2014707B47257024C3CBFF7', 'EXVG');
