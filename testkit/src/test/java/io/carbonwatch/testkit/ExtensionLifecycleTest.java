package io.carbonwatch.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

class ExtensionLifecycleTest {

  @Nested
  class SharedBrokers {
    @RegisterExtension static final MosquittoExtension first = MosquittoExtension.shared();
    @RegisterExtension static final MosquittoExtension second = MosquittoExtension.shared();

    @Test
    void sharedExtensionsHandOutTheSameRunningBroker() {
      assertThat(first.server()).isSameAs(second.server());
      assertThat(first.server().isRunning()).isTrue();
      assertThat(Processes.canConnect(first.port())).isTrue();
    }
  }

  @Nested
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class InstanceFieldRegistration {
    private static final List<MosquittoServer> seen = new CopyOnWriteArrayList<>();

    @RegisterExtension final MosquittoExtension perTest = new MosquittoExtension();

    @Test
    @Order(1)
    void startsABrokerForEachTestMethod() {
      seen.add(perTest.server());
      assertThat(perTest.server().isRunning()).isTrue();
    }

    @Test
    @Order(2)
    void stopsThePreviousMethodsBrokerAndStartsAFreshOne() {
      assertThat(seen).hasSize(1);
      assertThat(seen.get(0).isRunning()).isFalse();
      assertThat(perTest.server()).isNotSameAs(seen.get(0));
      assertThat(perTest.server().isRunning()).isTrue();
    }
  }

  @Test
  void serverIsUnavailableOutsideATestRun() {
    MosquittoExtension unregistered = new MosquittoExtension();
    org.assertj.core.api.Assertions.assertThatThrownBy(unregistered::server)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("@RegisterExtension");
  }
}
