package io.carbonwatch.core.modbus;

import io.carbonwatch.core.site.ReadBlock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a profile into the fewest reads: a field inside an explicit block is read with that block;
 * the others are sorted by address and coalesced while the request stays within {@code
 * maxRegisters} and the hole between two fields is at most {@code maxGap} registers.
 */
public final class RequestPlanner {
  private RequestPlanner() {}

  public static List<ReadRequest> plan(DeviceProfile profile) {
    return plan(profile.blocks(), profile.fields(), profile.maxGap(), ReadRequest.MAX_REGISTERS);
  }

  public static List<ReadRequest> plan(
      List<ReadBlock> blocks, List<ProfileField> fields, int maxGap, int maxRegisters) {
    if (maxRegisters < 1 || maxRegisters > ReadRequest.MAX_REGISTERS) {
      throw new IllegalArgumentException("maxRegisters: expected 1..125, got " + maxRegisters);
    }
    Map<ReadBlock, List<ProfileField>> inBlocks = new LinkedHashMap<>();
    List<ProfileField> loose = new ArrayList<>();
    for (ProfileField f : fields) {
      ReadBlock home = null;
      for (ReadBlock b : blocks) {
        if (b.function() == f.function()
            && f.address() >= b.start()
            && f.end() <= b.start() + b.count()) {
          home = b;
          break;
        }
      }
      if (home == null) {
        loose.add(f);
      } else {
        inBlocks.computeIfAbsent(home, k -> new ArrayList<>()).add(f);
      }
    }
    List<ReadRequest> out = new ArrayList<>();
    inBlocks.forEach((b, fs) -> out.add(new ReadRequest(b.function(), b.start(), b.count(), fs)));

    loose.sort(
        Comparator.comparingInt(ProfileField::function).thenComparingInt(ProfileField::address));
    int i = 0;
    while (i < loose.size()) {
      ProfileField first = loose.get(i);
      int start = first.address();
      int end = first.end();
      List<ProfileField> group = new ArrayList<>();
      group.add(first);
      int j = i + 1;
      while (j < loose.size()) {
        ProfileField next = loose.get(j);
        int newEnd = Math.max(end, next.end());
        if (next.function() != first.function()
            || next.address() - end > maxGap
            || newEnd - start > maxRegisters) {
          break;
        }
        end = newEnd;
        group.add(next);
        j++;
      }
      out.add(new ReadRequest(first.function(), start, end - start, group));
      i = j;
    }
    out.sort(Comparator.comparingInt(ReadRequest::function).thenComparingInt(ReadRequest::start));
    return List.copyOf(out);
  }
}
