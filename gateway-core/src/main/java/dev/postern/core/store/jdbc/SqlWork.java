package dev.postern.core.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done with a connection a backend lends for one operation. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
