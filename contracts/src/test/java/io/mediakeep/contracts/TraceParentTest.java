package io.mediakeep.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceParentTest {

  private static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void readsTheW3cExample() {
    TraceParent parsed = TraceParent.parse(PARENT).orElseThrow();
    assertThat(parsed.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(parsed.parentId()).isEqualTo("00f067aa0ba902b7");
    assertThat(parsed.flags()).isEqualTo("01");
    assertThat(parsed.value()).isEqualTo(PARENT);
  }

  @Test
  void aChildKeepsTheTraceAndFlagsWithAParentIdOfItsOwnThatRepeatsForTheSameEvent() {
    TraceParent parent = TraceParent.parse(PARENT).orElseThrow();
    TraceParent child = parent.child("event-1");
    assertThat(child.traceId()).isEqualTo(parent.traceId());
    assertThat(child.flags()).isEqualTo("01");
    assertThat(child.parentId()).hasSize(16).isNotEqualTo(parent.parentId());
    assertThat(parent.child("event-1")).as("published again: the same value").isEqualTo(child);
    assertThat(parent.child("event-2").parentId()).isNotEqualTo(child.parentId());
    assertThat(TraceParent.parse(child.value())).contains(child);
  }

  @Test
  void whatIsNotATraceparentIsIgnored() {
    for (String bad :
        new String[] {
          null,
          "",
          "garbage",
          "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
          "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
          "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
          "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
          "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"
        }) {
      assertThat(TraceParent.parse(bad)).as("%s", bad).isEmpty();
    }
    assertThat(TraceParent.parse("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-more"))
        .as("a later version is read as 00")
        .isPresent();
  }
}
