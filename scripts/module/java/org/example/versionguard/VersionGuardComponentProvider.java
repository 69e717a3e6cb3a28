/*
 * webpos-version-guard: the module's component provider (Apache License 2.0).
 *
 * Declares the guard's adapter as a global static resource of the WebPOS, so that mobile core
 * concatenates it into the WebPOS's generated script (StaticResourceComponent). The adapter then
 * loads the guard's package (web/org.example.versionguard/js/pkg/) with import().
 * Written for the signatures of Openbravo 3.0PR17Q2 to 3.0PR21Q3 (client kernel, Web POS).
 */
package org.example.versionguard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.enterprise.context.ApplicationScoped;

import org.openbravo.client.kernel.BaseComponentProvider;
import org.openbravo.client.kernel.Component;
import org.openbravo.client.kernel.ComponentProvider;
import org.openbravo.retail.posterminal.POSUtils;

@ApplicationScoped
@ComponentProvider.Qualifier(VersionGuardComponentProvider.QUALIFIER)
public class VersionGuardComponentProvider extends BaseComponentProvider {

  /** This provider's qualifier, in the module's own prefix. */
  public static final String QUALIFIER = "EXVG_Main";

  /** The module's web folder, below the context. */
  static final String WEB = "web/org.example.versionguard/";

  /** The scripts the WebPOS loads, in this order. */
  static final String[] SCRIPTS = { "js/openbravo-version-guard.js" };

  @Override
  public Component getComponent(String componentId, Map<String, Object> parameters) {
    throw new IllegalArgumentException("Component id " + componentId + " not supported.");
  }

  @Override
  public List<ComponentResource> getGlobalComponentResources() {
    final List<ComponentResource> resources = new ArrayList<ComponentResource>();
    for (String script : SCRIPTS) {
      resources.add(createComponentResource(ComponentResource.ComponentResourceType.Static,
          WEB + script, POSUtils.APP_NAME));
    }
    return resources;
  }
}
