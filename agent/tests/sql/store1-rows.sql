-- The store: still on Web POS 1.8.4503, one module uninstalled (still running until the next
-- rebuild), one pending (in the database, not applied), rebuilt and awaiting a restart; and
-- SymmetricDS's outgoing batches: to central, one new, one in error, one heartbeat, one sent
-- and acknowledged, one ignored; one new batch to another node.
INSERT INTO ad_module (ad_module_id, name, version, javapackage, status) VALUES
  ('0', 'Core', '3.0.20991', 'org.openbravo', 'A'),
  ('MOBC', 'Mobile Core', '1.1.3450', 'org.openbravo.mobile.core', 'A'),
  ('POS', 'Web POS', '1.8.4503', 'org.openbravo.retail.posterminal', 'A'),
  ('OLD', 'Old Reports', '1.0.0', 'org.example.oldreports', 'U'),
  ('NEW', 'New Promotions', '2.0.0', 'org.example.promotions', 'P');
INSERT INTO ad_system_info VALUES ('0', 'RB50', now(), now());
INSERT INTO sym_outgoing_batch (batch_id, node_id, channel_id, status) VALUES
  (101, 'central', 'orders', 'NE'),
  (102, 'central', 'cashup', 'ER'),
  (103, 'central', 'heartbeat', 'NE'),
  (104, 'central', 'orders', 'OK'),
  (105, 'central', 'config', 'IG'),
  (106, 'store1b', 'orders', 'NE');
