package io.carbonwatch.api.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates requests against the OpenAPI 3 document served at {@code /openapi.yaml}: path and query
 * parameters and JSON request bodies. It supports the JSON Schema subset the contract uses (type,
 * required, properties, additionalProperties, enum, length, pattern, numeric bounds, items, date
 * and date-time formats, $ref to components) and names the first offending field with the reason.
 *
 * <p>The vertx-web-openapi-router of the matching 5.0.x line is not in the registry; this small
 * validator keeps the document the single contract without mixing Vert.x versions.
 */
public final class OpenApiValidator {
  public static final String RESOURCE = "/io/carbonwatch/api/openapi.yaml";

  private final JsonNode doc;
  private final String text;
  private final ObjectMapper json =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private final Map<String, Pattern> patterns = new HashMap<>();

  private OpenApiValidator(String text) {
    this.text = text;
    try {
      this.doc = new ObjectMapper(new YAMLFactory()).readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("openapi.yaml: " + e.getMessage(), e);
    }
  }

  public static OpenApiValidator load() {
    try (InputStream in = OpenApiValidator.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml missing from classpath at " + RESOURCE);
      }
      return new OpenApiValidator(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String text() {
    return text;
  }

  public JsonNode document() {
    return doc;
  }

  private JsonNode operation(Route route) {
    return doc.path("paths")
        .path(route.path())
        .path(route.method().name().toLowerCase(Locale.ROOT));
  }

  /**
   * Routes without an operation in the contract and operations without a route; both must be empty.
   */
  public List<String> mismatches(List<Route> routes) {
    List<String> problems = new ArrayList<>();
    java.util.Set<String> declared = new java.util.HashSet<>();
    for (Route r : routes) {
      declared.add(r.method().name().toLowerCase(Locale.ROOT) + " " + r.path());
      if (operation(r).isMissingNode()) {
        problems.add("route " + r.method() + " " + r.path() + " has no operation in openapi.yaml");
      } else {
        JsonNode declaredRoles = operation(r).path("x-roles");
        java.util.Set<String> docRoles = new java.util.TreeSet<>();
        declaredRoles.forEach(n -> docRoles.add(n.asText()));
        java.util.Set<String> codeRoles = new java.util.TreeSet<>();
        r.roles().forEach(role -> codeRoles.add(role.wire()));
        if (!docRoles.equals(codeRoles)) {
          problems.add(
              "route "
                  + r.method()
                  + " "
                  + r.path()
                  + ": x-roles "
                  + docRoles
                  + " but code "
                  + codeRoles);
        }
      }
    }
    Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> p = paths.next();
      p.getValue()
          .fieldNames()
          .forEachRemaining(
              m -> {
                if (!m.equals("parameters") && !declared.contains(m + " " + p.getKey())) {
                  problems.add("openapi.yaml operation " + m + " " + p.getKey() + " has no route");
                }
              });
    }
    return problems;
  }

  /** Throws {@link ApiException} (400) naming the first invalid parameter or body field. */
  public void validate(Route route, RoutingContext ctx) {
    JsonNode op = operation(route);
    List<JsonNode> params = new ArrayList<>();
    doc.path("paths").path(route.path()).path("parameters").forEach(params::add);
    op.path("parameters").forEach(params::add);
    java.util.Set<String> knownQuery = new java.util.HashSet<>();
    for (JsonNode p0 : params) {
      JsonNode p = resolve(p0);
      String name = p.path("name").asText();
      String in = p.path("in").asText();
      String raw;
      if ("path".equals(in)) {
        raw = ctx.pathParam(name);
      } else if ("query".equals(in)) {
        knownQuery.add(name);
        List<String> values = ctx.queryParam(name);
        if (values.size() > 1) {
          throw ApiException.invalid(name, "只能出现一次", "must appear at most once");
        }
        raw = values.isEmpty() ? null : values.get(0);
      } else {
        continue;
      }
      if (raw == null) {
        if (p.path("required").asBoolean(false)) {
          throw ApiException.invalid(name, "缺少必填参数", "required parameter is missing");
        }
        continue;
      }
      JsonNode schema = resolve(p.path("schema"));
      validate(schema, coerce(schema, raw, name), name);
    }
    for (String q : ctx.queryParams().names()) {
      if (!knownQuery.contains(q)) {
        throw ApiException.invalid(q, "未知的查询参数", "unknown query parameter");
      }
    }
    JsonNode body = op.path("requestBody");
    if (!body.isMissingNode()) {
      JsonNode schema = resolve(body.path("content").path("application/json").path("schema"));
      Buffer buf = ctx.body().buffer();
      if (buf == null || buf.length() == 0) {
        if (body.path("required").asBoolean(false)) {
          throw ApiException.invalid("body", "缺少 JSON 请求体", "a JSON request body is required");
        }
        return;
      }
      String ct = ctx.request().getHeader("Content-Type");
      if (ct == null || !ct.toLowerCase(Locale.ROOT).startsWith("application/json")) {
        throw new ApiException(
            415,
            "request.media_type",
            "请求体必须是 application/json",
            "The request body must be application/json",
            "Content-Type");
      }
      JsonNode node;
      try {
        node = json.readTree(buf.getBytes());
      } catch (JsonProcessingException e) {
        String where =
            e.getLocation() == null
                ? ""
                : " at line "
                    + e.getLocation().getLineNr()
                    + ", column "
                    + e.getLocation().getColumnNr();
        throw ApiException.invalid(
            "body", "不是有效的 JSON" + where, "not valid JSON" + where + ": " + e.getOriginalMessage());
      } catch (IOException e) {
        throw ApiException.invalid("body", "无法读取", "unreadable: " + e.getMessage());
      }
      validate(schema, node, "");
    } else if (ctx.body().buffer() != null && ctx.body().buffer().length() > 0) {
      throw ApiException.invalid("body", "此操作不接受请求体", "this operation takes no request body");
    }
  }

  private JsonNode coerce(JsonNode schema, String raw, String name) {
    String type = schema.path("type").asText("string");
    try {
      return switch (type) {
        case "integer" -> JsonNodeFactory.instance.numberNode(Long.parseLong(raw));
        case "number" -> JsonNodeFactory.instance.numberNode(Double.parseDouble(raw));
        case "boolean" -> {
          if (!raw.equals("true") && !raw.equals("false")) {
            throw new NumberFormatException();
          }
          yield JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(raw));
        }
        default -> TextNode.valueOf(raw);
      };
    } catch (NumberFormatException e) {
      throw ApiException.invalid(
          name, "应为 " + type, "expected " + type + ", got '" + clip(raw) + "'");
    }
  }

  JsonNode resolve(JsonNode n) {
    int guard = 0;
    while (n.has("$ref")) {
      String ref = n.get("$ref").asText();
      if (!ref.startsWith("#/") || ++guard > 16) {
        throw new IllegalStateException("openapi.yaml: unsupported $ref " + ref);
      }
      JsonNode target = doc;
      for (String part : ref.substring(2).split("/")) {
        target = target.path(part);
      }
      if (target.isMissingNode()) {
        throw new IllegalStateException("openapi.yaml: dangling $ref " + ref);
      }
      n = target;
    }
    return n;
  }

  private static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  private void validate(JsonNode schema0, JsonNode value, String path) {
    JsonNode schema = resolve(schema0);
    String where = path.isEmpty() ? "body" : path;
    if (value == null || value.isNull()) {
      if (schema.path("nullable").asBoolean(false)) {
        return;
      }
      throw ApiException.invalid(where, "不能为空", "must not be null");
    }
    String type = schema.path("type").asText(null);
    if (type != null) {
      boolean ok =
          switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> throw new IllegalStateException("openapi.yaml: unsupported type " + type);
          };
      if (!ok) {
        throw ApiException.invalid(
            where,
            "应为 " + type,
            "expected " + type + ", got " + value.getNodeType().name().toLowerCase(Locale.ROOT));
      }
    }
    if (schema.has("enum")) {
      boolean found = false;
      List<String> allowed = new ArrayList<>();
      for (JsonNode e : schema.get("enum")) {
        allowed.add(e.asText());
        found |= e.equals(value);
      }
      if (!found) {
        throw ApiException.invalid(
            where,
            "应为以下之一：" + String.join(", ", allowed),
            "expected one of " + String.join(", ", allowed));
      }
    }
    if (value.isTextual()) {
      String s = value.asText();
      int len = s.codePointCount(0, s.length());
      if (schema.has("minLength") && len < schema.get("minLength").asInt()) {
        throw ApiException.invalid(
            where,
            "长度至少为 " + schema.get("minLength").asInt(),
            "expected at least " + schema.get("minLength").asInt() + " characters");
      }
      if (schema.has("maxLength") && len > schema.get("maxLength").asInt()) {
        throw ApiException.invalid(
            where,
            "长度不能超过 " + schema.get("maxLength").asInt(),
            "expected at most " + schema.get("maxLength").asInt() + " characters");
      }
      if (schema.has("pattern")) {
        String re = schema.get("pattern").asText();
        Pattern p = patterns.computeIfAbsent(re, Pattern::compile);
        if (!p.matcher(s).find()) {
          throw ApiException.invalid(where, "格式不符合 " + re, "does not match " + re);
        }
      }
      String format = schema.path("format").asText("");
      try {
        if (format.equals("date")) {
          LocalDate.parse(s);
        } else if (format.equals("date-time")) {
          Instant.parse(s);
        }
      } catch (DateTimeParseException e) {
        throw ApiException.invalid(
            where,
            "应为 " + format + "（ISO-8601）",
            "expected an ISO-8601 "
                + format
                + " such as "
                + (format.equals("date") ? "2026-11-24" : "2026-11-24T02:00:00Z"));
      }
    }
    if (value.isNumber()) {
      double d = value.asDouble();
      if (!Double.isFinite(d)) {
        throw ApiException.invalid(where, "必须是有限数", "must be a finite number");
      }
      if (schema.has("minimum") && d < schema.get("minimum").asDouble()) {
        throw ApiException.invalid(
            where,
            "不能小于 " + schema.get("minimum").asText(),
            "must be >= " + schema.get("minimum").asText());
      }
      if (schema.has("maximum") && d > schema.get("maximum").asDouble()) {
        throw ApiException.invalid(
            where,
            "不能大于 " + schema.get("maximum").asText(),
            "must be <= " + schema.get("maximum").asText());
      }
    }
    if (value.isArray()) {
      if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
        throw ApiException.invalid(
            where,
            "至少 " + schema.get("minItems").asInt() + " 项",
            "expected at least " + schema.get("minItems").asInt() + " items");
      }
      if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
        throw ApiException.invalid(
            where,
            "最多 " + schema.get("maxItems").asInt() + " 项",
            "expected at most " + schema.get("maxItems").asInt() + " items");
      }
      if (schema.has("items")) {
        for (int i = 0; i < value.size(); i++) {
          validate(
              schema.get("items"), value.get(i), (path.isEmpty() ? "body" : path) + "[" + i + "]");
        }
      }
    }
    if (value.isObject()) {
      for (JsonNode req : schema.path("required")) {
        if (!value.has(req.asText())) {
          throw ApiException.invalid(
              child(path, req.asText()), "缺少必填字段", "required field is missing");
        }
      }
      JsonNode props = schema.path("properties");
      boolean closed =
          schema.path("additionalProperties").isBoolean()
              && !schema.get("additionalProperties").asBoolean();
      Iterator<Map.Entry<String, JsonNode>> it = value.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> f = it.next();
        JsonNode ps = props.get(f.getKey());
        if (ps == null) {
          if (closed) {
            throw ApiException.invalid(child(path, f.getKey()), "未知字段", "unknown field");
          }
          JsonNode extra = schema.path("additionalProperties");
          if (extra.isObject()) {
            validate(extra, f.getValue(), child(path, f.getKey()));
          }
          continue;
        }
        validate(ps, f.getValue(), child(path, f.getKey()));
      }
    }
  }
}
