package org.openbravo.client.kernel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.openbravo.model.ad.module.Module;

public abstract class BaseComponentProvider implements ComponentProvider {
  @Override
  public Module getModule() {
    return null;
  }

  @Override
  public String getVersionParameters(String resource) {
    return null;
  }

  protected String getModulePackageName() {
    return this.getClass().getPackage().getName();
  }

  protected ComponentResource createComponentResource(ComponentResource.ComponentResourceType type,
      String path) {
    return new ComponentResource();
  }

  protected ComponentResource createComponentResource(ComponentResource.ComponentResourceType type,
      String path, String validForApp) {
    return new ComponentResource();
  }

  protected ComponentResource createComponentResource(ComponentResource.ComponentResourceType type,
      String path, List<String> validForAppList) {
    return new ComponentResource();
  }

  @Override
  public List<ComponentResource> getGlobalComponentResources() {
    return new ArrayList<ComponentResource>();
  }

  @Deprecated
  @Override
  public List<String> getGlobalResources() {
    return Collections.emptyList();
  }

  @Override
  public List<String> getTestResources() {
    return Collections.emptyList();
  }

  public static class ComponentResource {
    public enum ComponentResourceType {
      Static, Dynamic, Stylesheet
    }

    public static final String APP_OB3 = "OB3";
    public static final String APP_CLASSIC = "CLASSIC";

    public ComponentResourceType getType() {
      return null;
    }

    public String getPath() {
      return null;
    }

    public List<String> getValidForAppList() {
      return null;
    }
  }
}
