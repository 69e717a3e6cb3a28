package org.openbravo.mobile.core;

import java.util.List;

public interface CoreAppCacheResourceProvider {
  List<String> getResources();
}
