package secondbrain.neo4j;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Test/dev Neo4j server for Second Brain: an embedded Neo4j Community DBMS whose only
 * way in is Bolt on a loopback address, without TLS and without authentication.
 *
 * <pre>
 * java ... secondbrain.neo4j.Neo4jLauncher [--host 127.0.0.1] [--port 7687]
 *     [--data-dir DIR] [--pid-file FILE] [--pagecache 128m]
 * </pre>
 *
 * Each option falls back to an environment variable (SECONDBRAIN_TEST_NEO4J_HOST, _PORT,
 * _DATA, _PIDFILE, _PAGECACHE), then to the default. Prints exactly one line
 * {@code neo4j ready bolt://HOST:PORT} on stdout once Bolt accepts TCP connections, and
 * shuts the DBMS down cleanly on SIGTERM/SIGINT.
 */
public final class Neo4jLauncher {

    private Neo4jLauncher() {}

    public static void main(String[] args) throws Exception {
        String host = env("SECONDBRAIN_TEST_NEO4J_HOST", "127.0.0.1");
        int port = Integer.parseInt(env("SECONDBRAIN_TEST_NEO4J_PORT", "7687"));
        String dataDir = env("SECONDBRAIN_TEST_NEO4J_DATA", "data");
        String pidFile = env("SECONDBRAIN_TEST_NEO4J_PIDFILE", "");
        String pageCache = env("SECONDBRAIN_TEST_NEO4J_PAGECACHE", "128m");

        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--host" -> { host = need(a, v); i++; }
                case "--port" -> { port = Integer.parseInt(need(a, v)); i++; }
                case "--data-dir" -> { dataDir = need(a, v); i++; }
                case "--pid-file" -> { pidFile = need(a, v); i++; }
                case "--pagecache" -> { pageCache = need(a, v); i++; }
                case "-h", "--help" -> {
                    System.out.println("usage: Neo4jLauncher [--host H] [--port P] [--data-dir DIR]"
                            + " [--pid-file FILE] [--pagecache 128m]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument: " + a);
            }
        }
        if (!isLoopback(host)) {
            // auth is off: never listen anywhere but loopback.
            throw new IllegalArgumentException("refusing non-loopback host " + host + " (auth is disabled)");
        }

        Path home = Path.of(dataDir).toAbsolutePath().normalize();
        Files.createDirectories(home);
        Path pid = pidFile.isEmpty() ? null : Path.of(pidFile).toAbsolutePath();
        if (pid != null) {
            Files.writeString(pid, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        }

        long started = System.nanoTime();
        DatabaseManagementService dbms;
        try {
            dbms = startDbms(home, host, port, parseBytes(pageCache));
        } catch (RuntimeException e) {
            // e.g. another server holds the store lock of this folder: exit for sure, even
            // if some Neo4j thread would keep the JVM alive.
            e.printStackTrace();
            if (pid != null) {
                Files.deleteIfExists(pid);
            }
            System.out.println("neo4j failed to start: " + e.getMessage());
            System.out.flush();
            Runtime.getRuntime().halt(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("neo4j stopping");
            System.out.flush();
            try {
                dbms.shutdown();
            } finally {
                if (pid != null) {
                    try {
                        Files.deleteIfExists(pid);
                    } catch (IOException ignored) {
                        // best effort
                    }
                }
                System.out.println("neo4j stopped");
                System.out.flush();
                stopped.countDown();
            }
        }, "neo4j-launcher-shutdown"));

        try {
            // Warm the Cypher stack so the first client query is not the slow one.
            dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");
            waitForBolt(host, port, Duration.ofSeconds(60));
        } catch (Exception e) {
            e.printStackTrace();
            System.out.println("neo4j failed to start: " + e.getMessage());
            System.exit(1); // runs the shutdown hook
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        System.out.println("neo4j ready bolt://" + hostForUri(host) + ":" + port + " (data " + home
                + ", started in " + ms + " ms)");
        System.out.flush();

        stopped.await();
    }

    private static DatabaseManagementService startDbms(Path home, String host, int port, long pageCacheBytes) {
        return new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                // Bolt waits 5 s by default for connections and its thread pool on shutdown;
                // a test server should stop quickly.
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCacheBytes)
                // Small transaction logs: a test server does not need 256 MB preallocated
                // files nor two days of history.
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(16))
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                // Checkpoints prune old transaction logs: every minute instead of 15.
                .setConfig(GraphDatabaseSettings.check_point_interval_time, Duration.ofMinutes(1))
                .build();
    }

    private static void waitForBolt(String host, int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 1000);
                return;
            } catch (IOException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("Bolt did not accept connections on " + host + ":" + port, last);
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
    }

    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static long parseBytes(String s) {
        String t = s.trim().toLowerCase();
        long mult = 1;
        if (t.endsWith("b")) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.endsWith("k")) {
            mult = 1L << 10;
        } else if (t.endsWith("m")) {
            mult = 1L << 20;
        } else if (t.endsWith("g")) {
            mult = 1L << 30;
        }
        if (mult != 1) {
            t = t.substring(0, t.length() - 1);
        }
        return Long.parseLong(t.trim()) * mult;
    }

    private static String need(String flag, String value) {
        if (value == null) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return value;
    }

    private static String env(String name, String def) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? def : v;
    }
}
