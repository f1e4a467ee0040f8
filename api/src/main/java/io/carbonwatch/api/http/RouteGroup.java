package io.carbonwatch.api.http;

import java.util.List;

/** A group of routes declared together with their method-reference handlers. */
public interface RouteGroup {
  List<Route> routes();
}
