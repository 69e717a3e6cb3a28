package org.openbravo.client.kernel;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;

import org.openbravo.client.kernel.BaseComponentProvider.ComponentResource;
import org.openbravo.model.ad.module.Module;

public interface ComponentProvider {
  Component getComponent(String componentId, Map<String, Object> parameters);

  List<ComponentResource> getGlobalComponentResources();

  @Deprecated
  List<String> getGlobalResources();

  Module getModule();

  List<String> getTestResources();

  String getVersionParameters(String resource);

  @javax.inject.Qualifier
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ ElementType.FIELD, ElementType.METHOD, ElementType.TYPE })
  public @interface Qualifier {
    String value();
  }
}
