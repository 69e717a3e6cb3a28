/*
 * webpos-version-guard: the files the WebPOS's application cache must hold for an offline
 * start to still check (Apache License 2.0). Mobile core's manifest lists what every
 * CoreAppCacheResourceProvider returns, relative to the WebPOS page.
 */
package org.example.versionguard;

import java.util.ArrayList;
import java.util.List;

import javax.enterprise.context.ApplicationScoped;

import org.openbravo.mobile.core.CoreAppCacheResourceProvider;

@ApplicationScoped
public class VersionGuardAppCacheResources implements CoreAppCacheResourceProvider {

  /** The guard's package: its JavaScript module and its WebAssembly. */
  static final String[] PACKAGE = { "js/pkg/webpos_version_guard.js",
      "js/pkg/webpos_version_guard_bg.wasm" };

  @Override
  public List<String> getResources() {
    final List<String> resources = new ArrayList<String>();
    for (String file : PACKAGE) {
      resources.add("../../" + VersionGuardComponentProvider.WEB + file);
    }
    return resources;
  }
}
