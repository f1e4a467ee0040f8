package io.carbonwatch.cli;

import io.carbonwatch.core.factors.FactorLibrary;
import io.carbonwatch.core.site.Calibration;
import io.carbonwatch.core.site.CalibrationStatus;
import io.carbonwatch.core.site.CollectionPlanEntry;
import io.carbonwatch.core.site.EdgeAgent;
import io.carbonwatch.core.site.Meter;
import io.carbonwatch.core.site.MeteringLevel;
import io.carbonwatch.core.site.Site;
import io.carbonwatch.core.site.SiteModel;
import io.carbonwatch.core.site.SiteModelJson;
import io.carbonwatch.core.site.check.SiteModels;
import io.carbonwatch.core.site.yaml.ConfigException;
import io.carbonwatch.core.site.yaml.Durations;
import io.carbonwatch.jobs.plan.SitePlan;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * {@code carbonwatch validate FILE}: loads a site model, checks it against the factor library and
 * device profiles, and prints a summary with the data collection plan (6.1.6); on errors prints
 * every one with file:line:col and exits 2.
 */
public final class ValidateCommand implements Command {
  private final Clock clock;

  public ValidateCommand() {
    this(Clock.systemUTC());
  }

  /** With the clock that decides which calibrations are overdue. */
  public ValidateCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String summary() {
    return "校验站点模型文件 / validate a site model file";
  }

  @Override
  public String usage() {
    return """
        carbonwatch validate FILE [--json]
          校验站点模型（YAML 或规范 JSON），列出全部错误（文件:行:列 路径: 原因）。
          Validates a site model (YAML or canonical JSON) and lists every error (file:line:col path: reason).
          --json   成功时输出规范 JSON / on success print the canonical JSON instead of the summary
        退出码 / exit codes: 0 有效 valid, 2 无效 invalid""";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    boolean json = false;
    String file = null;
    for (String a : args) {
      if (a.equals("--json")) {
        json = true;
      } else if (a.startsWith("-")) {
        throw new UsageException("未知选项 / unknown option: " + a);
      } else if (file == null) {
        file = a;
      } else {
        throw new UsageException("只能校验一个文件 / expected one FILE, got also: " + a);
      }
    }
    if (file == null) {
      throw new UsageException("缺少文件 / missing FILE");
    }
    Path path = Path.of(file);
    if (!Files.isRegularFile(path)) {
      err.println("找不到文件 / file not found: " + file);
      return ExitCodes.INVALID;
    }
    SiteModel model;
    try {
      model = SiteModels.load(path);
    } catch (ConfigException e) {
      err.println("站点模型无效 / site model invalid: " + file);
      Main.printConfigErrors(e, err);
      return ExitCodes.INVALID;
    }
    // The stream job's own compilation catches what the file's schema cannot: units without an
    // emission factor, parameters whose units do not match their series, baselines it cannot
    // evaluate. Checked here so `validate` never passes a model that `job` then refuses.
    try {
      SitePlan.compile(model, FactorLibrary.loadBundled());
    } catch (IllegalArgumentException e) {
      err.println("站点模型无效 / site model invalid: " + file);
      err.println("流处理作业无法使用此模型 / the stream job cannot use this model:");
      err.println(file + ": " + e.getMessage());
      return ExitCodes.INVALID;
    }
    if (json) {
      out.println(SiteModelJson.toJson(model));
      return ExitCodes.OK;
    }
    summary(model, file, out);
    warnings(model, out);
    return ExitCodes.OK;
  }

  /**
   * Instruments whose calibration is overdue today (site-local date) or that are disabled (停用): not
   * errors — the file is valid — but their readings will be flagged (9.1.1).
   */
  private void warnings(SiteModel model, PrintStream out) {
    List<String> lines = new ArrayList<>();
    for (Site site : model.sites()) {
      LocalDate today = LocalDate.now(clock.withZone(site.timeZone()));
      for (Meter m : site.meters()) {
        Calibration c = m.calibration();
        if (c.status() == CalibrationStatus.DISABLED) {
          lines.add("  " + site.id() + " " + m.id() + ": 器具已停用 / instrument is disabled (停用)");
        }
        if (c.overdueOn(today)) {
          lines.add(
              "  "
                  + site.id()
                  + " "
                  + m.id()
                  + ": 校准已过期 / calibration overdue"
                  + (c.nextDue() == null ? "（从未校准 / never calibrated）" : " (" + c.nextDue() + ")"));
        }
      }
    }
    if (!lines.isEmpty()) {
      out.println();
      out.println("提示 / notes (" + lines.size() + "):");
      lines.forEach(out::println);
    }
  }

  private static void summary(SiteModel model, String file, PrintStream out) {
    out.println("站点模型有效 / site model valid: " + file);
    out.println("版本 / version: " + SiteModelJson.version(model));
    out.println(
        "组织 / organisation: "
            + model.organisation().id()
            + "  "
            + model.organisation().name().both());
    var f = model.factors();
    StringJoiner factors = new StringJoiner(", ");
    factors.add("GWP " + f.gwp()).add("燃烧 combustion " + f.combustion()).add("电网 grid " + f.grid());
    if (f.marketGrid() != null) {
      factors.add("市场电网 market grid " + f.marketGrid());
    }
    if (f.heat() != null) {
      factors.add("热力 heat " + f.heat());
    }
    out.println("因子 / factors: " + factors);
    int meters = model.sites().stream().mapToInt(s -> s.meters().size()).sum();
    int sources = model.sites().stream().mapToInt(s -> s.sources().size()).sum();
    int seus = model.sites().stream().mapToInt(s -> s.seus().size()).sum();
    out.println(
        "合计 / totals: 站点 sites "
            + model.sites().size()
            + ", 计量器具 meters "
            + meters
            + ", 碳源碳汇 sources & sinks "
            + sources
            + ", 主要能源使用 SEUs "
            + seus);
    for (Site site : model.sites()) {
      out.println();
      out.println(
          "站点 / site "
              + site.id()
              + "  "
              + site.name().both()
              + "  ("
              + site.timeZone().getId()
              + ", 电网区域 grid region "
              + site.gridRegion()
              + ")");
      int gateways = site.agents().stream().mapToInt(a -> a.gateways().size()).sum();
      out.println(
          "  边缘代理 agents "
              + site.agents().size()
              + " ("
              + String.join(", ", site.agents().stream().map(EdgeAgent::id).toList())
              + "), 网关 gateways "
              + gateways
              + ", 计量器具 meters "
              + site.meters().size()
              + ", 虚拟表 virtual meters "
              + site.virtualMeters().size());
      out.println(
          "  碳源碳汇 sources & sinks "
              + site.sources().size()
              + ", 主要能源使用 SEUs "
              + site.seus().size()
              + ", 相关变量 relevant variables "
              + site.relevantVariables().size());
      out.println(
          "  绩效参数 parameters "
              + site.parameters().size()
              + ", 基准 baselines "
              + site.baselines().size()
              + ", 偏离规则 deviation rules "
              + site.deviationRules().size());
      StringJoiner levels = new StringJoiner(", ");
      for (MeteringLevel level : MeteringLevel.values()) {
        long n = site.meters().stream().filter(m -> m.level() == level).count();
        levels.add(level.zh() + " " + level.wire() + " " + n);
      }
      out.println("  GB 17167 计量级别 / metering levels: " + levels);
      out.println();
      out.println("  数据收集计划 / data collection plan (6.1.6):");
      plan(site, out);
    }
  }

  private static void plan(Site site, PrintStream out) {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "数据 / data", "方式 / method", "频次 / every", "器具 / instrument", "等级 / class", "下次校准 / due"
        });
    for (CollectionPlanEntry e : site.dataCollectionPlan()) {
      Meter m = e.instrument() == null ? null : site.meter(e.instrument()).orElse(null);
      Calibration c = m == null ? null : m.calibration();
      rows.add(
          new String[] {
            e.data(),
            e.method(),
            Durations.format(e.frequency()),
            e.instrument() == null ? "-" : e.instrument(),
            m == null || m.accuracyClass() == null ? "-" : m.accuracyClass(),
            c == null || c.nextDue() == null ? "-" : c.nextDue().toString()
          });
    }
    int[] width = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], displayWidth(r[i]));
      }
    }
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder("  ");
      for (int i = 0; i < r.length; i++) {
        line.append(r[i]);
        if (i < r.length - 1) {
          line.append(" ".repeat(width[i] - displayWidth(r[i]) + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }

  /** Terminal columns: CJK and full-width characters take two. */
  static int displayWidth(String s) {
    int w = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      w += isWide(cp) ? 2 : 1;
    }
    return w;
  }

  private static boolean isWide(int cp) {
    return (cp >= 0x1100 && cp <= 0x115F)
        || (cp >= 0x2E80 && cp <= 0xA4CF)
        || (cp >= 0xAC00 && cp <= 0xD7A3)
        || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0xFE30 && cp <= 0xFE4F)
        || (cp >= 0xFF00 && cp <= 0xFF60)
        || (cp >= 0xFFE0 && cp <= 0xFFE6);
  }
}
