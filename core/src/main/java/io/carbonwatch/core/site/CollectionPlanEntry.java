package io.carbonwatch.core.site;

import java.time.Duration;

/**
 * One row of the data collection plan (碳数据收集计划, 6.1.6): what is collected, how, how often, by which
 * instrument, retained how long. Rows are derived from every meter channel and from explicit
 * entries for data that no meter provides (e.g. refrigerant purchase invoices, static factors).
 *
 * @param data what is collected (e.g. {@code M-MAIN.energy_import}, or a description)
 * @param method modbus, mqtt, manual, or a free description for explicit entries
 * @param instrument meter id, null when no instrument is involved
 * @param frequency collection interval
 * @param retention how long the data is kept (null = indefinitely)
 * @param responsible role or person responsible, may be null
 */
public record CollectionPlanEntry(
    String data,
    String method,
    String instrument,
    Duration frequency,
    Duration retention,
    String responsible) {
  public CollectionPlanEntry {
    Checks.required("collectionPlan.data", data);
    Checks.required("collectionPlan.method", method);
    Checks.required("collectionPlan.frequency", frequency);
  }
}
