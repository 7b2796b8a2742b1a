package io.mediakeep.worker.db;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.QueryPart;
import org.jooq.ResultOrRows;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * A statement built with jOOQ once, from the generated schema, with named parameters ({@code
 * p_...}), and rendered once: each execution only binds. The hot statements of recording run once
 * per event, and rendering them was most of their CPU. The order of the binds is read from the
 * statement as jOOQ renders it with named parameters, so it never has to be kept by hand.
 */
final class RenderedOnce {

  private static final Pattern NAMED = Pattern.compile(":(p_[a-z0-9_]+)");

  private final String sql;
  private final List<String> order;

  RenderedOnce(QueryPart template) {
    DSLContext postgres = DSL.using(SQLDialect.POSTGRES);
    this.sql = postgres.render(template);
    List<String> names = new ArrayList<>();
    Matcher m = NAMED.matcher(postgres.renderNamedParams(template));
    while (m.find()) {
      names.add(m.group(1));
    }
    long placeholders = sql.chars().filter(c -> c == '?').count();
    if (placeholders != names.size()) {
      throw new IllegalStateException(
          "every bind of " + sql + " must be a named p_ parameter; found " + names);
    }
    this.order = List.copyOf(names);
  }

  /** A named parameter of a template. */
  static <T> Param<T> param(String name, Class<T> type) {
    return DSL.param("p_" + name, type);
  }

  /** A named parameter of a template with the type of {@code field} (its converter included). */
  static <T> Param<T> param(String name, Field<T> field) {
    return DSL.param("p_" + name, field.getDataType());
  }

  String sql() {
    return sql;
  }

  /** The values in the order the statement binds them, from the parameters' names (no p_). */
  Object[] binds(Map<String, Object> values) {
    Object[] binds = new Object[order.size()];
    for (int i = 0; i < binds.length; i++) {
      String name = order.get(i).substring(2);
      if (!values.containsKey(name)) {
        throw new IllegalArgumentException("no value for " + name + " in " + sql);
      }
      binds[i] = values.get(name);
    }
    return binds;
  }

  int execute(DSLContext dsl, Map<String, Object> values) {
    return dsl.execute(sql, binds(values));
  }

  /** Runs the statement once per map of values, as one JDBC batch; the update count of each. */
  int[] executeBatch(DSLContext dsl, List<Map<String, Object>> values) {
    if (values.isEmpty()) {
      return new int[0];
    }
    Object[][] binds = values.stream().map(this::binds).toArray(Object[][]::new);
    return dsl.batch(sql, binds).execute();
  }

  /**
   * Runs a template of several statements ({@code DSL.queries}) in one round trip: each result set,
   * or the update count of a statement without one, in the order of the statements.
   */
  List<ResultOrRows> executeAll(DSLContext dsl, Map<String, Object> values) {
    return dsl.fetchMany(sql, binds(values)).resultsOrRows();
  }
}
