package io.tinyworkflow.persistence.platform;

import java.util.Hashtable;
import org.eclipse.persistence.internal.databaseaccess.DatabaseCall;
import org.eclipse.persistence.internal.databaseaccess.FieldTypeDefinition;
import org.eclipse.persistence.internal.expressions.ExpressionSQLPrinter;
import org.eclipse.persistence.internal.expressions.SQLSelectStatement;
import org.eclipse.persistence.platform.database.DatabasePlatform;
import org.eclipse.persistence.queries.ValueReadQuery;

/**
 * The EclipseLink platform for SQLite, which EclipseLink does not ship: {@code LIMIT ? OFFSET ?}
 * paging, {@code last_insert_rowid()} identity keys, and no {@code FOR UPDATE} (SQLite locks the
 * whole database for a writing transaction, which the connection begins as {@code IMMEDIATE}).
 *
 * <p>Installed by {@link SqlitePlatformDetector} when the connected database is SQLite.
 */
public class SqlitePlatform extends DatabasePlatform {

  private static final long serialVersionUID = 1L;

  @Override
  public boolean supportsIdentity() {
    return true;
  }

  @Override
  public ValueReadQuery buildSelectQueryForIdentity() {
    return new ValueReadQuery("SELECT last_insert_rowid()");
  }

  @Override
  public int computeMaxRowsForSQL(int firstResultIndex, int maxResults) {
    return maxResults - Math.max(firstResultIndex, 0);
  }

  @Override
  public boolean shouldPrintForUpdateClause() {
    return false;
  }

  @Override
  public String getSelectForUpdateString() {
    return "";
  }

  @Override
  public boolean supportsForeignKeyConstraints() {
    return true;
  }

  @Override
  public void printSQLSelectStatement(
      DatabaseCall call, ExpressionSQLPrinter printer, SQLSelectStatement statement) {
    int max = 0;
    int first = 0;
    if (statement.getQuery() != null) {
      max = statement.getQuery().getMaxRows();
      first = statement.getQuery().getFirstResult();
    }
    if ((max <= 0 && first <= 0) || !shouldUseRownumFiltering()) {
      super.printSQLSelectStatement(call, printer, statement);
      return;
    }
    statement.setUseUniqueFieldAliases(true);
    call.setFields(statement.printSQL(printer));
    // A negative LIMIT means "no limit" to SQLite: first result without max results.
    printer.printString(" LIMIT ");
    printer.printParameter(DatabaseCall.MAXROW_FIELD);
    printer.printString(" OFFSET ");
    printer.printParameter(DatabaseCall.FIRSTRESULT_FIELD);
    call.setIgnoreFirstRowSetting(true);
    call.setIgnoreMaxResultsSetting(true);
  }

  @Override
  protected Hashtable<Class<?>, FieldTypeDefinition> buildFieldTypes() {
    Hashtable<Class<?>, FieldTypeDefinition> types = super.buildFieldTypes();
    types.put(Boolean.class, new FieldTypeDefinition("BOOLEAN", false));
    types.put(Long.class, new FieldTypeDefinition("BIGINT", false));
    types.put(Integer.class, new FieldTypeDefinition("INTEGER", false));
    types.put(String.class, new FieldTypeDefinition("TEXT", false));
    return types;
  }
}
