package dev.retain.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Trino server (the io.trino:trino-server tarball from Maven Central) run as a child
 * process, with a {@value #POSTGRESQL_CATALOG} catalog over a PostgreSQL database.
 *
 * <pre>{@code
 * try (EmbeddedWarehouse warehouse = EmbeddedWarehouse.start();
 *     TrinoServer trino = TrinoServer.builder().postgresql(warehouse).start();
 *     Connection connection = trino.openConnection()) {
 *   // SELECT ... FROM postgresql.<schema>.<table>
 * }
 * }</pre>
 *
 * <p>The server's files are found in the system property {@value #HOME_PROPERTY}, by default {@code
 * ~/.cache/retain/trino-server-476/trino-server-476}, where building the retain-testing module
 * unpacks them. The Java runtime comes from {@link JavaRuntimeLocator}.
 */
public final class TrinoServer implements AutoCloseable {

  public static final String VERSION = "476";
  public static final String HOME_PROPERTY = "retain.trino.home";
  public static final String POSTGRESQL_CATALOG = "postgresql";
  public static final String USER = "retain";
  private static final Duration CATALOG_NODE_REFRESH = Duration.ofSeconds(6);

  /** The plugins the server loads; postgresql needs the Geometry type of geospatial. */
  private static final List<String> PLUGINS = List.of("geospatial", "postgresql");

  private static final Logger LOG = LoggerFactory.getLogger(TrinoServer.class);
  private static final Pattern STARTED = Pattern.compile("\"starting\"\\s*:\\s*false");
  private static final int LOG_TAIL_LINES = 60;

  private final Process process;
  private final int port;
  private final Path workDirectory;
  private final Path logFile;
  private final Thread shutdownHook;

  private TrinoServer(Process process, int port, Path workDirectory, Path logFile) {
    this.process = process;
    this.port = port;
    this.workDirectory = workDirectory;
    this.logFile = logFile;
    this.shutdownHook = new Thread(this::stopProcess, "trino-server-shutdown");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The Trino home from {@value #HOME_PROPERTY}, or the per-machine cache the build fills. */
  public static Path defaultHome() {
    String configured = System.getProperty(HOME_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured.trim());
    }
    return Path.of(
        System.getProperty("user.home"),
        ".cache",
        "retain",
        "trino-server-" + VERSION,
        "trino-server-" + VERSION);
  }

  /** {@code jdbc:trino://127.0.0.1:PORT/postgresql}. */
  public String jdbcUrl() {
    return jdbcUrl(POSTGRESQL_CATALOG);
  }

  /** {@code jdbc:trino://127.0.0.1:PORT/CATALOG}. */
  public String jdbcUrl(String catalog) {
    return "jdbc:trino://127.0.0.1:" + port + "/" + requireNonNull(catalog, "catalog is null");
  }

  /** The HTTP address of the coordinator, e.g. for Superset's SQLAlchemy URI. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public int port() {
    return port;
  }

  /** The server's output (its log), kept until {@link #close()}. */
  public Path logFile() {
    return logFile;
  }

  /** A Trino JDBC connection as user {@value #USER} to the postgresql catalog. */
  public Connection openConnection() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", USER);
    return DriverManager.getConnection(jdbcUrl(), properties);
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook runs anyway
    }
    stopProcess();
    deleteRecursively(workDirectory);
  }

  @Override
  public String toString() {
    return "TrinoServer[" + uri() + ", pid " + process.pid() + "]";
  }

  private void stopProcess() {
    List<ProcessHandle> tree = new ArrayList<>();
    process.toHandle().descendants().forEach(tree::add);
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    for (ProcessHandle handle : tree) {
      try {
        handle.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        handle.destroyForcibly();
      }
    }
  }

  private void awaitStarted(Duration timeout) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request =
        HttpRequest.newBuilder(uri().resolve("/v1/info")).timeout(Duration.ofSeconds(5)).build();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw failure("Trino exited with code " + process.exitValue() + " while starting");
      }
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200
            && STARTED.matcher(response.body()).find()
            && hasActiveNode()) {
          // the node manager refreshes which nodes serve each catalog every 5 s; until it has,
          // table scans still fail with "No nodes available to run query"
          sleep(CATALOG_NODE_REFRESH);
          return;
        }
      } catch (IOException notListeningYet) {
        // retry until the deadline
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure("Interrupted while waiting for Trino to start");
      }
      sleep(Duration.ofMillis(250));
    }
    throw failure("Trino did not start within " + timeout);
  }

  /** Whether the coordinator has discovered itself as an active worker. */
  private boolean hasActiveNode() {
    try (Connection connection = openConnection();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT count(*) FROM system.runtime.nodes WHERE state = 'active'")) {
      return result.next() && result.getLong(1) > 0;
    } catch (SQLException notYet) {
      return false;
    }
  }

  /** Stops the process but keeps the work directory, so the whole log can be read. */
  private IllegalStateException failure(String message) {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook runs anyway
    }
    stopProcess();
    String tail = logTail();
    return new IllegalStateException(
        message + " (" + uri() + "); last lines of " + logFile + ":\n" + tail);
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile, UTF_8);
      return String.join(
          "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    // walk does not follow the symbolic links into the Trino home; deleting them removes the links
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(TrinoServer::deleteQuietly);
    } catch (IOException | UncheckedIOException e) {
      // a temporary directory left behind is not worth failing a test for
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // see deleteRecursively
    }
  }

  public static final class Builder {
    private Path home;
    private Path javaHome;
    private int port;
    private Duration startupTimeout = Duration.ofSeconds(180);
    private String maxHeap = "2G";
    private final Map<String, Map<String, String>> catalogs = new LinkedHashMap<>();

    private Builder() {}

    /** The unpacked trino-server directory; by default {@link #defaultHome()}. */
    public Builder home(Path home) {
      this.home = requireNonNull(home, "home is null");
      return this;
    }

    /** A Java 24+ home; by default {@link JavaRuntimeLocator#locate()}. */
    public Builder javaHome(Path javaHome) {
      this.javaHome = requireNonNull(javaHome, "javaHome is null");
      return this;
    }

    /** A fixed HTTP port; by default a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be within 0..65535, was " + port);
      }
      this.port = port;
      return this;
    }

    public Builder startupTimeout(Duration startupTimeout) {
      this.startupTimeout = requireNonNull(startupTimeout, "startupTimeout is null");
      return this;
    }

    /** The JVM's -Xmx, "2G" by default. */
    public Builder maxHeap(String maxHeap) {
      this.maxHeap = requireNonNull(maxHeap, "maxHeap is null");
      return this;
    }

    /** The {@value #POSTGRESQL_CATALOG} catalog over this PostgreSQL database. */
    public Builder postgresql(String jdbcUrl, String user, String password) {
      Map<String, String> properties = new LinkedHashMap<>();
      properties.put("connector.name", "postgresql");
      properties.put("connection-url", requireNonNull(jdbcUrl, "jdbcUrl is null"));
      properties.put("connection-user", requireNonNull(user, "user is null"));
      properties.put("connection-password", requireNonNull(password, "password is null"));
      catalogs.put(POSTGRESQL_CATALOG, properties);
      return this;
    }

    /** The {@value #POSTGRESQL_CATALOG} catalog over the warehouse's database. */
    public Builder postgresql(EmbeddedWarehouse warehouse) {
      return postgresql(warehouse.jdbcUrl(), warehouse.user(), warehouse.password());
    }

    public TrinoServer start() {
      Path trinoHome = Optional.ofNullable(home).orElseGet(TrinoServer::defaultHome);
      requireInstalled(trinoHome);
      Path java =
          Optional.ofNullable(javaHome)
              .orElseGet(() -> JavaRuntimeLocator.forThisMachine().locate())
              .resolve("bin/java");
      int httpPort = port != 0 ? port : freePort();
      Path work;
      try {
        work = Files.createTempDirectory("retain-trino-");
      } catch (IOException e) {
        throw new UncheckedIOException("Could not create a work directory for Trino", e);
      }
      Path log = work.resolve("server.log");
      Process process;
      try {
        List<String> command = prepare(trinoHome, java, httpPort, work);
        process =
            new ProcessBuilder(command)
                .directory(work.resolve("data").toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
      } catch (IOException e) {
        deleteRecursively(work);
        throw new UncheckedIOException("Could not start Trino from " + trinoHome, e);
      }
      TrinoServer server = new TrinoServer(process, httpPort, work, log);
      Runtime.getRuntime().addShutdownHook(server.shutdownHook);
      long started = System.nanoTime();
      server.awaitStarted(startupTimeout);
      LOG.info(
          "Trino {} started in {} ms at {} with {} (log: {})",
          VERSION,
          Duration.ofNanos(System.nanoTime() - started).toMillis(),
          server.uri(),
          java,
          log);
      return server;
    }

    private List<String> prepare(Path trinoHome, Path java, int httpPort, Path work)
        throws IOException {
      Path etc = Files.createDirectories(work.resolve("etc"));
      Path data = Files.createDirectories(work.resolve("data"));
      Path plugins = linkPlugins(trinoHome, work.resolve("plugin"));

      Map<String, String> node = new LinkedHashMap<>();
      node.put("node.environment", "test");
      node.put("node.id", UUID.randomUUID().toString());
      node.put("node.data-dir", data.toString());
      node.put("node.internal-address", "127.0.0.1");
      node.put("node.bind-ip", "127.0.0.1");
      writeProperties(etc.resolve("node.properties"), node);

      Map<String, String> config = new LinkedHashMap<>();
      config.put("coordinator", "true");
      config.put("node-scheduler.include-coordinator", "true");
      config.put("http-server.http.port", String.valueOf(httpPort));
      config.put("discovery.uri", "http://127.0.0.1:" + httpPort);
      config.put("http-server.log.enabled", "false");
      config.put("query.max-memory", "1GB");
      config.put("query.max-memory-per-node", "512MB");
      config.put("plugin.dir", plugins.toString());
      config.put("catalog.config-dir", etc.resolve("catalog").toString());
      writeProperties(etc.resolve("config.properties"), config);

      // the Bootstrap dump of every configuration default is ~800 lines per start
      writeProperties(etc.resolve("log.properties"), Map.of("io.airlift.bootstrap", "WARN"));

      Path catalogDirectory = Files.createDirectories(etc.resolve("catalog"));
      for (Map.Entry<String, Map<String, String>> catalog : catalogs.entrySet()) {
        writeProperties(
            catalogDirectory.resolve(catalog.getKey() + ".properties"), catalog.getValue());
      }

      List<String> jvmConfig =
          List.of(
              "-server",
              "-Xmx" + maxHeap,
              "-XX:+UseG1GC",
              "-XX:G1HeapRegionSize=32M",
              "-XX:+ExplicitGCInvokesConcurrent",
              "-XX:+ExitOnOutOfMemoryError",
              "-XX:-OmitStackTraceInFastThrow",
              "-XX:ReservedCodeCacheSize=256M",
              "-XX:PerMethodRecompilationCutoff=10000",
              "-XX:PerBytecodeRecompilationCutoff=10000",
              "-XX:+EnableDynamicAgentLoading",
              "-Djdk.attach.allowAttachSelf=true",
              "-Djdk.nio.maxCachedBufferSize=2000000",
              "-Dfile.encoding=UTF-8",
              // a short-lived test server: the C1 compiler starts much faster
              "-XX:TieredStopAtLevel=1");
      Files.write(etc.resolve("jvm.config"), jvmConfig, UTF_8);

      // what bin/launcher does: jvm.config, node.properties as -D, then the main class
      List<String> command = new ArrayList<>();
      command.add(java.toString());
      command.addAll(jvmConfig);
      node.forEach((key, value) -> command.add("-D" + key + "=" + value));
      command.add("-Dconfig=" + etc.resolve("config.properties"));
      command.add("-Dlog.levels-file=" + etc.resolve("log.properties"));
      command.add("-cp");
      command.add(trinoHome.resolve("lib") + "/*");
      command.add("io.trino.server.TrinoServer");
      return command;
    }

    /**
     * Links the plugins' jars into {@code target}. The tarball stores jars shared with lib/ or
     * another plugin as hard links, which Maven's unpacker writes as empty files: those are
     * resolved to the non-empty file of the same name in lib/ or another plugin.
     */
    private static Path linkPlugins(Path trinoHome, Path target) throws IOException {
      List<Path> sources = new ArrayList<>();
      sources.add(trinoHome.resolve("lib"));
      sources.addAll(directories(trinoHome.resolve("plugin")));
      for (String plugin : PLUGINS) {
        Path pluginTarget = Files.createDirectories(target.resolve(plugin));
        for (Path jar : files(trinoHome.resolve("plugin").resolve(plugin))) {
          Path resolved = Files.size(jar) > 0 ? jar : findNonEmpty(sources, jar);
          Files.createSymbolicLink(pluginTarget.resolve(jar.getFileName()), resolved);
        }
      }
      return target;
    }

    private static Path findNonEmpty(List<Path> directories, Path emptyJar) throws IOException {
      for (Path directory : directories) {
        Path candidate = directory.resolve(emptyJar.getFileName());
        if (Files.isRegularFile(candidate) && Files.size(candidate) > 0) {
          return candidate;
        }
      }
      throw new IllegalStateException(
          emptyJar
              + " is empty (a hard link in the tarball) and no file of that name was unpacked"
              + " elsewhere: add the plugin that holds it to the unpack includes in"
              + " testing/pom.xml, delete ~/.cache/retain and rebuild retain-testing");
    }

    private static void requireInstalled(Path trinoHome) {
      List<String> missing = new ArrayList<>();
      Stream.concat(Stream.of("lib"), PLUGINS.stream().map(p -> "plugin/" + p))
          .filter(dir -> !Files.isDirectory(trinoHome.resolve(dir)))
          .forEach(missing::add);
      if (!missing.isEmpty()) {
        throw new IllegalStateException(
            "The Trino server "
                + VERSION
                + " is not unpacked at "
                + trinoHome
                + " (missing "
                + missing
                + "). Building the retain-testing module unpacks it there: "
                + "./mvnw -pl testing install (it downloads io.trino:trino-server:"
                + VERSION
                + ":tar.gz from Maven Central). Or set the system property "
                + HOME_PROPERTY
                + " to an unpacked trino-server-"
                + VERSION
                + " directory.");
      }
    }

    private static List<Path> directories(Path parent) throws IOException {
      return list(parent).stream().filter(Files::isDirectory).toList();
    }

    private static List<Path> files(Path parent) throws IOException {
      return list(parent).stream().filter(Files::isRegularFile).toList();
    }

    private static List<Path> list(Path parent) throws IOException {
      List<Path> children = new ArrayList<>();
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(parent)) {
        stream.forEach(children::add);
      }
      children.sort(Comparator.naturalOrder());
      return children;
    }

    private static void writeProperties(Path file, Map<String, String> values) throws IOException {
      Properties properties = new Properties();
      properties.putAll(values);
      try (OutputStream out = Files.newOutputStream(file);
          Writer writer = new OutputStreamWriter(out, UTF_8)) {
        properties.store(writer, "written by " + TrinoServer.class.getName());
      }
    }

    private static int freePort() {
      try (ServerSocket socket = new ServerSocket(0)) {
        socket.setReuseAddress(true);
        return socket.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException("Could not find a free port", e);
      }
    }
  }
}
