package org.openbravo.model.ad.module;

public class Module {
  public String getJavaPackage() {
    return null;
  }

  public String getVersion() {
    return null;
  }
}
