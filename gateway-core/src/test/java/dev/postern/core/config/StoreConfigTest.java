package dev.postern.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code store}: one SQLite file (the default) or one PostgreSQL database, each key checked. */
class StoreConfigTest {

    @TempDir
    Path dir;

    private ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
    }

    @Test
    void shouldReadAPostgresqlStoreWithItsPasswordFromAFile() throws Exception {
        Files.writeString(dir.resolve("pg.secret"), "db-Pa55word\n");

        StoreConfig store = fixture.parse("store:\n  postgresql:\n    url: jdbc:postgresql://db.example.com:5432/postern\n"
                + "    user: postern\n    password-file: pg.secret\n    pool-size: 20\n").store();

        assertThat(store.sqlite()).isNull();
        assertThat(store.postgresql().url()).isEqualTo("jdbc:postgresql://db.example.com:5432/postern");
        assertThat(store.postgresql().displayUrl()).isEqualTo("postgresql://db.example.com:5432/postern");
        assertThat(store.postgresql().user()).isEqualTo("postern");
        assertThat(store.postgresql().password().reveal()).isEqualTo("db-Pa55word");
        assertThat(store.postgresql().poolSize()).isEqualTo(20);
        assertThat(store.toString()).doesNotContain("db-Pa55word");
    }

    @Test
    void shouldDefaultThePoolAndAllowARoleWithoutPassword() {
        StoreConfig store = fixture.parse("store:\n  postgresql:\n    url: jdbc:postgresql:///postern\n    user: postern\n")
                .store();

        assertThat(store.postgresql().password()).isNull();
        assertThat(store.postgresql().poolSize()).isEqualTo(PostgresqlConfig.DEFAULT_POOL_SIZE);
    }

    @Test
    void shouldKeepActivityThirtyDaysUnlessToldOtherwise() {
        assertThat(fixture.parse("store:\n  sqlite: postern.db\n").store().activityRetention())
                .isEqualTo(Duration.ofDays(30));
        assertThat(fixture.parse("store:\n  sqlite: postern.db\n  activity-retention: 7d\n").store().activityRetention())
                .isEqualTo(Duration.ofDays(7));
        assertThat(fixture.parse("store:\n  sqlite: postern.db\n  activity-retention: 0s\n").store().activityRetention())
                .isZero();
        assertThat(fixture.problems("store:\n  sqlite: postern.db\n  activity-retention: forever\n"))
                .singleElement().asString().startsWith("store.activity-retention: \"forever\" (");
    }

    @Test
    void shouldRefuseBothBackendsAtOnce() {
        assertThat(fixture.problems("store:\n  sqlite: postern.db\n  postgresql:\n    url: jdbc:postgresql://db/postern\n"
                + "    user: postern\n")).containsExactly(
                "store.postgresql: present (expected only one of store.sqlite and store.postgresql (the gateway keeps its"
                        + " users in one store))");
    }

    @Test
    void shouldNameEachMissingOrWrongKey() {
        assertThat(fixture.problems("store:\n  postgresql:\n    url: mysql://db/postern\n    pool-size: 0\n"
                + "    password-file: missing.secret\n    usr: x\n")).containsExactlyInAnyOrder(
                "store.postgresql.usr: unknown key (expected one of: url, user, password-file, pool-size)",
                "store.postgresql.user: missing (expected the PostgreSQL role the gateway signs in as)",
                "store.postgresql.pool-size: 0 (expected at least 1)",
                "store.postgresql.password-file: " + dir.resolve("missing.secret") + " (cannot read: no such file)",
                "store.postgresql.url: mysql://db/postern (expected a PostgreSQL JDBC URL such as"
                        + " jdbc:postgresql://db.example.com:5432/postern)");
    }

    @Test
    void shouldRefuseAPasswordInTheUrlWithoutShowingIt() {
        assertThat(fixture.problems("store:\n  postgresql:\n    url: jdbc:postgresql://db/postern?password=hunter2\n"
                + "    user: postern\n")).containsExactly(
                "store.postgresql.url: a URL with a password parameter (expected the password in"
                        + " store.postgresql.password-file instead, so that it never appears in logs or messages)");
    }
}
