package io.mediakeep.worker.db;

import static io.mediakeep.db.jooq.Tables.ASSETS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.UUID;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

class RenderedOnceTest {

  private static final UUID PROJECT = UUID.fromString("00000000-0000-4000-8000-000000000001");

  @Test
  void bindsFollowTheStatementNotTheMap() {
    RenderedOnce statement =
        new RenderedOnce(
            DSL.update(ASSETS)
                .set(ASSETS.SCENE_ID, RenderedOnce.param("scene", String.class))
                .where(ASSETS.PROJECT_ID.eq(RenderedOnce.param("project", UUID.class)))
                .and(ASSETS.VERSION.gt(RenderedOnce.param("version", Integer.class)))
                .and(ASSETS.VARIANT.eq(RenderedOnce.param("version", Integer.class))));

    assertThat(statement.sql()).doesNotContain(":p_").contains("?");
    assertThat(statement.binds(Map.of("version", 3, "project", PROJECT, "scene", "s1")))
        .containsExactly("s1", PROJECT, 3, 3);
  }

  @Test
  void aBindThatIsNotANamedParameterIsRefusedWhenTheStatementIsMade() {
    assertThatThrownBy(
            () ->
                new RenderedOnce(
                    DSL.update(ASSETS)
                        .set(ASSETS.SCENE_ID, "fixed")
                        .where(ASSETS.PROJECT_ID.eq(RenderedOnce.param("project", UUID.class)))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("named p_ parameter");
  }

  @Test
  void aMissingValueIsNamed() {
    RenderedOnce statement =
        new RenderedOnce(
            DSL.selectFrom(ASSETS)
                .where(ASSETS.PROJECT_ID.eq(RenderedOnce.param("project", UUID.class))));
    assertThatThrownBy(() -> statement.binds(Map.of()))
        .hasMessageContaining("no value for project");
  }
}
