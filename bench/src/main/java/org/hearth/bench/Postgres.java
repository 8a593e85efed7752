package org.hearth.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.hearth.testkit.PostgresDatabase;

/** A benchmark database on the local PostgreSQL, dropped and created afresh. */
final class Postgres {
    private Postgres() {
    }

    static String recreate(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    static String url(String name) {
        return "jdbc:postgresql://" + PostgresDatabase.HOST + "/" + name;
    }

    /** ANALYZE of the whole database, as autovacuum would do after a bulk load. */
    static void analyze(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(name), "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("ANALYZE");
        }
    }

    static void drop(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
