package org.openbravo.retail.posterminal;

public class POSUtils {
  public static final String APP_NAME = "WebPOS";
}
