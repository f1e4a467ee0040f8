package io.carbonwatch.api.http;

import io.vertx.core.json.JsonObject;

/**
 * A refusal with a stable machine-readable {@code code}, an HTTP status and a message in zh-CN and
 * en. Services fail their futures with it; the HTTP layer renders it as the error JSON.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String code;
  private final String messageZh;
  private final String messageEn;
  private final String field;

  public ApiException(int status, String code, String messageZh, String messageEn, String field) {
    super(code + ": " + messageEn, null, false, false);
    this.status = status;
    this.code = code;
    this.messageZh = messageZh;
    this.messageEn = messageEn;
    this.field = field;
  }

  public ApiException(int status, String code, String messageZh, String messageEn) {
    this(status, code, messageZh, messageEn, null);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String field() {
    return field;
  }

  public JsonObject toJson() {
    JsonObject o =
        new JsonObject()
            .put("code", code)
            .put("message", new JsonObject().put("zh-CN", messageZh).put("en", messageEn));
    if (field != null) {
      o.put("field", field);
    }
    return o;
  }

  public static ApiException invalid(String field, String reasonZh, String reasonEn) {
    return new ApiException(
        400,
        "request.invalid",
        "请求无效：" + field + "：" + reasonZh,
        "Invalid request: " + field + ": " + reasonEn,
        field);
  }

  public static ApiException notFound(String what) {
    return new ApiException(404, "not_found", "未找到：" + what, "Not found: " + what);
  }

  public static ApiException conflict(String code, String zh, String en) {
    return new ApiException(409, code, zh, en);
  }

  public static ApiException unauthenticated() {
    return new ApiException(
        401, "auth.required", "需要登录或有效的 API 令牌", "Login or a valid API token is required");
  }

  public static ApiException forbiddenRole(String roles) {
    return new ApiException(
        403,
        "auth.role",
        "无权执行此操作，需要角色：" + roles,
        "Not allowed: this operation needs one of the roles " + roles);
  }

  public static ApiException forbiddenSite(String site) {
    return new ApiException(
        403, "auth.site", "无权访问场所 " + site, "Not allowed: no access to site " + site);
  }
}
