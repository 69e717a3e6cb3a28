package org.openbravo.client.kernel;

public interface Component {
  String generate();

  String getId();
}
