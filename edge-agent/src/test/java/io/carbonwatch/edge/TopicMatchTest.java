package io.carbonwatch.edge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicMatchTest {
  @Test
  void matchesMqttTopicFilters() {
    assertThat(Agent.matches("factory/line1/counter", "factory/line1/counter")).isTrue();
    assertThat(Agent.matches("factory/+/counter", "factory/line2/counter")).isTrue();
    assertThat(Agent.matches("factory/+/counter", "factory/line2/x/counter")).isFalse();
    assertThat(Agent.matches("factory/#", "factory/a/b/c")).isTrue();
    assertThat(Agent.matches("factory/line1", "factory/line1/counter")).isFalse();
    assertThat(Agent.matches("factory/line1/counter", "factory/line1")).isFalse();
  }
}
