package io.carbonwatch.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicsTest {
  @Test
  void buildsTheDocumentedTopics() {
    assertThat(Topics.readings("sh-plant", "edge-1", "M-AIR-1"))
        .isEqualTo("cw/v1/sh-plant/readings/edge-1/M-AIR-1");
    assertThat(Topics.status("sh-plant", "edge-1")).isEqualTo("cw/v1/sh-plant/status/edge-1");
    assertThat(Topics.deadLetter("sh-plant", "stream-job"))
        .isEqualTo("cw/v1/sh-plant/deadletter/stream-job");
    assertThat(Topics.alerts("sh-plant")).isEqualTo("cw/v1/sh-plant/alerts");
    assertThat(Topics.live("sh-plant", "SEU-AIR")).isEqualTo("cw/v1/sh-plant/live/SEU-AIR");
    assertThat(Topics.control("sh-plant", ControlKind.SITE_MODEL))
        .isEqualTo("cw/v1/sh-plant/control/site-model");
    assertThat(Topics.readingsFilter("sh-plant")).isEqualTo("cw/v1/sh-plant/readings/+/+");
    assertThat(Topics.sharedReadingsFilter("jobs", "+"))
        .isEqualTo("$share/jobs/cw/v1/+/readings/+/+");
  }

  @Test
  void parsesWhatItBuilds() {
    Topics.Address a = Topics.parse(Topics.readings("sh-plant", "edge-1", "M-AIR-1")).orElseThrow();
    assertThat(a.kind()).isEqualTo(Topics.Kind.READINGS);
    assertThat(a.site()).isEqualTo("sh-plant");
    assertThat(a.agent()).isEqualTo("edge-1");
    assertThat(a.meter()).isEqualTo("M-AIR-1");
    assertThat(Topics.parse("cw/v1/sh-plant/alerts").orElseThrow().parts()).isEmpty();
    assertThat(Topics.parse("cw/v1/sh-plant/control/baselines").orElseThrow().parts())
        .isEqualTo(List.of("baselines"));
  }

  @Test
  void rejectsForeignMalformedAndWildcardTopics() {
    assertThat(Topics.parse("cw/v2/sh-plant/alerts")).isEmpty();
    assertThat(Topics.parse("cw/v1/sh-plant/readings/edge-1")).isEmpty();
    assertThat(Topics.parse("cw/v1/sh-plant/readings/+/M-1")).isEmpty();
    assertThat(Topics.parse("cw/v1/sh-plant/control/unknown")).isEmpty();
    assertThat(Topics.parse("factory/line1/counter")).isEmpty();
    assertThatThrownBy(() -> Topics.readings("sh-plant", "edge/1", "M"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected no '/', '+', '#'");
  }

  @Test
  void siteOfNamesTheSiteOfAnyTopicUnderTheRootAndUnknownOtherwise() {
    assertThat(Topics.siteOf("cw/v1/sh-plant/readings/edge-1")).isEqualTo("sh-plant");
    assertThat(Topics.siteOf("cw/v1/sh-plant/readings/edge-1/M-1")).isEqualTo("sh-plant");
    assertThat(Topics.siteOf("cw/v1/sh-plant")).isEqualTo("unknown");
    assertThat(Topics.siteOf("cw/v1//readings")).isEqualTo("unknown");
    assertThat(Topics.siteOf("other/sh-plant/x")).isEqualTo("unknown");
  }

  @Test
  void matchesAReadingTopicWithoutParsingItExactlyWhenParseWouldAgree() {
    assertThat(Topics.isReadingTopicOf("cw/v1/sh/readings/edge-1/M-1", "sh", "edge-1", "M-1"))
        .isTrue();
    for (String other :
        List.of(
            "cw/v1/sh/readings/edge-1/M-2",
            "cw/v1/sh/readings/edge-2/M-1",
            "cw/v1/sx/readings/edge-1/M-1",
            "cw/v1/sh/status/edge-1/M-1",
            "cw/v1/sh/readings/edge-1/M-1/x",
            "cw/v1/sh/readings/edge-1",
            "cw/v2/sh/readings/edge-1/M-1",
            "cw/v1/sh/readings/edge-1xM-1",
            "cw/v1/sh/readingsXedge-1/M-1")) {
      assertThat(Topics.isReadingTopicOf(other, "sh", "edge-1", "M-1")).as(other).isFalse();
    }
    assertThat(Topics.isReadingTopicOf(null, "sh", "edge-1", "M-1")).isFalse();
  }
}
