package io.carbonwatch.core.factors;

/**
 * A data file (factors, GWP, coefficients) is malformed or inconsistent. The message names the
 * file, the line and column and the path of the offending field, e.g. {@code cn-grid.yaml:12:7
 * yearlySeries[0].years.2022: expected a number > 0}.
 */
public final class DataFileException extends RuntimeException {

  private final String file;
  private final int line;
  private final int column;
  private final String path;

  public DataFileException(String file, int line, int column, String path, String problem) {
    super(file + ":" + line + ":" + column + " " + (path.isEmpty() ? "" : path + ": ") + problem);
    this.file = file;
    this.line = line;
    this.column = column;
    this.path = path;
  }

  public DataFileException(String file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
    this.line = 0;
    this.column = 0;
    this.path = "";
  }

  public String file() {
    return file;
  }

  /** 1-based line, 0 when unknown. */
  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  /** Path of the field, e.g. {@code factors[3].ncv.value}. */
  public String path() {
    return path;
  }
}
