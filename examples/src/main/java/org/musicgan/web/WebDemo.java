package org.musicgan.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's web demo on the JDK's HTTP server: a page where the user picks a genre (the shipped
 * melody models), a tempo (slow / medium / fast), a sound (the SoundFont synthesiser, or the
 * shipped GAN's notes on one of its instruments) and a name, all optional, generates, listens, sees
 * the spectrogram and the settings used, downloads WAV or MIDI, and keeps a list of the songs made
 * during the visit.
 *
 * <p>API: {@code GET /api/genres} (genres, tempi and sounds); {@code POST /api/generate} with a
 * JSON body {@code {"genre", "tempo", "sound", "name", "seed"}} (each optional; at most {@value
 * #MAX_BODY} bytes) answers the song's settings and its file URLs {@code /songs/<id>.wav|mid|png}
 * ({@code ?download} adds an attachment header named after the song).
 *
 * <p>Bounds: generation runs on a fixed pool of workers behind a bounded queue (a full queue is
 * answered 503), a request waits at most the configured time for its song (then 503; the worker
 * finishes and the song is dropped), the last {@value #KEEP_SONGS} songs are kept in memory, and
 * song ids are 96 random bits, so one visitor cannot guess another's songs. Names are sanitised
 * ({@link SongMaker#sanitizeName}) before they reach a header or the page; nothing is read from or
 * written to the file system.
 */
public final class WebDemo implements AutoCloseable {
  static final int MAX_BODY = 4096;
  static final int KEEP_SONGS = 64;
  private static final Logger LOG = LoggerFactory.getLogger(WebDemo.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SONG = Pattern.compile("^/songs/([0-9a-f]{24})\\.(wav|mid|png)$");
  private static final Map<String, String> TYPES =
      Map.of(
          "wav", "audio/wav",
          "mid", "audio/midi",
          "png", "image/png",
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8");

  private final SongMaker maker;
  private final HttpServer server;
  private final ThreadPoolExecutor workers;
  private final ExecutorService handlers;
  private final Duration timeout;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, SongMaker.Song> songs =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SongMaker.Song> eldest) {
          return size() > KEEP_SONGS;
        }
      };

  /**
   * Starts the demo on {@code 127.0.0.1:port} (0 = any free port).
   *
   * @param maker the songs
   * @param port TCP port
   * @param threads generation workers
   * @param queue generations that may wait for a worker
   * @param timeout how long a request waits for its song
   */
  public WebDemo(SongMaker maker, int port, int threads, int queue, Duration timeout)
      throws IOException {
    this.maker = maker;
    this.timeout = timeout;
    this.workers =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queue),
            r -> {
              Thread t = new Thread(r, "musicgan-web-worker");
              t.setDaemon(true);
              return t;
            });
    this.handlers =
        Executors.newFixedThreadPool(
            threads + queue + 4,
            r -> {
              Thread t = new Thread(r, "musicgan-web-http");
              t.setDaemon(true);
              return t;
            });
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    server.createContext("/", this::handle);
    server.setExecutor(handlers);
    server.start();
    LOG.info("MusicGAN web demo on {}", url());
  }

  /** The page's address. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  /** Entry point: {@code WebDemo [--port 8080] [--seconds 12]}. */
  public static void main(String[] args) throws IOException, InterruptedException {
    int port = 8080;
    double seconds = 12;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--seconds" -> seconds = Double.parseDouble(args[i + 1]);
        default -> throw new IllegalArgumentException("options: --port N --seconds S");
      }
    }
    try (WebDemo demo = start(port, seconds)) {
      System.out.println("MusicGAN web demo: open " + demo.url() + " (Ctrl-C stops it)");
      Thread.currentThread().join();
    }
  }

  /**
   * The demo with the shipped genres and sounds, 2 workers, a queue of 64 and a 120-second bound.
   */
  public static WebDemo start(int port, double seconds) throws IOException {
    return new WebDemo(
        new SongMaker(SongMaker.shipped(), SongMaker.shippedSounds(), seconds),
        port,
        2,
        64,
        Duration.ofSeconds(120));
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
    handlers.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
      ex.getResponseHeaders()
          .set(
              "Content-Security-Policy",
              "default-src 'self'; img-src 'self'; media-src 'self'; frame-ancestors 'none'");
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      if (path.equals("/api/generate")) {
        if (!method.equals("POST")) {
          error(ex, 405, "use POST");
          return;
        }
        generate(ex);
        return;
      }
      if (!method.equals("GET") && !method.equals("HEAD")) {
        error(ex, 405, "use GET");
        return;
      }
      switch (path) {
        case "/", "/index.html" -> resource(ex, "index.html");
        case "/app.js" -> resource(ex, "app.js");
        case "/style.css" -> resource(ex, "style.css");
        case "/api/genres" -> genres(ex);
        default -> song(ex, path);
      }
    } catch (RuntimeException e) {
      LOG.warn("request failed", e);
    }
  }

  private void genres(HttpExchange ex) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode list = root.putArray("genres");
    for (SongMaker.Genre g : maker.genres()) {
      list.addObject()
          .put("id", g.id())
          .put("label", g.label())
          .put("description", g.description());
    }
    ArrayNode tempi = root.putArray("tempi");
    for (String t : new String[] {"slow", "medium", "fast"}) {
      tempi.addObject().put("id", t).put("bpm", SongMaker.TEMPI.get(t));
    }
    ArrayNode sounds = root.putArray("sounds");
    for (SongMaker.Sound s : maker.sounds()) {
      sounds
          .addObject()
          .put("id", s.id())
          .put("label", s.label())
          .put("description", s.description());
    }
    root.put("seconds", maker.seconds());
    json(ex, 200, root);
  }

  private void generate(HttpExchange ex) throws IOException {
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    if (body.length > MAX_BODY) {
      error(ex, 413, "request body larger than " + MAX_BODY + " bytes");
      return;
    }
    SongMaker.Settings settings;
    try {
      JsonNode req = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
      if (req == null || !req.isObject()) {
        throw new IllegalArgumentException("the body must be a JSON object");
      }
      JsonNode seed = req.get("seed");
      if (seed != null && !seed.isNull() && !seed.canConvertToLong()) {
        throw new IllegalArgumentException("seed must be an integer");
      }
      settings =
          maker.settings(
              text(req, "genre"),
              text(req, "tempo"),
              text(req, "sound"),
              text(req, "name"),
              seed == null || seed.isNull() ? null : seed.asLong());
    } catch (IOException | IllegalArgumentException e) {
      error(ex, 400, e instanceof IOException ? "the body is not valid JSON" : e.getMessage());
      return;
    }
    Future<SongMaker.Song> job;
    try {
      job = workers.submit(() -> maker.make(settings));
    } catch (RejectedExecutionException e) {
      error(ex, 503, "too many songs are being made; try again in a minute");
      return;
    }
    SongMaker.Song song;
    try {
      song = job.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      job.cancel(true);
      error(ex, 503, "generation took longer than " + timeout.toSeconds() + " s");
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error(ex, 503, "interrupted");
      return;
    } catch (ExecutionException e) {
      LOG.warn("generation failed", e.getCause());
      error(ex, 500, "generation failed");
      return;
    }
    String id = newId();
    synchronized (songs) {
      songs.put(id, song);
    }
    SongMaker.Settings s = song.settings();
    ObjectNode root = JSON.createObjectNode();
    root.put("id", id);
    root.put("name", s.name());
    root.put("genre", s.genre());
    root.put("tempo", s.tempo());
    root.put("sound", s.sound());
    root.put(
        "soundLabel",
        maker.sounds().stream()
            .filter(x -> x.id().equals(s.sound()))
            .findFirst()
            .orElseThrow()
            .label());
    root.put("transpose", song.transpose());
    root.put("bpm", s.bpm());
    root.put("seed", s.seed());
    root.put("seconds", s.seconds());
    root.put("durationSeconds", song.durationSeconds());
    root.put("notes", song.notes());
    root.put("wav", "/songs/" + id + ".wav");
    root.put("midi", "/songs/" + id + ".mid");
    root.put("png", "/songs/" + id + ".png");
    root.put("file", SongMaker.fileStem(s.name()));
    json(ex, 200, root);
  }

  private void song(HttpExchange ex, String path) throws IOException {
    Matcher m = SONG.matcher(path);
    SongMaker.Song song = null;
    if (m.matches()) {
      synchronized (songs) {
        song = songs.get(m.group(1));
      }
    }
    if (song == null) {
      error(ex, 404, "not found");
      return;
    }
    String ext = m.group(2);
    byte[] bytes =
        switch (ext) {
          case "wav" -> song.wav();
          case "mid" -> song.midi();
          default -> song.png();
        };
    String query = ex.getRequestURI().getRawQuery();
    if (query != null && query.equals("download")) {
      ex.getResponseHeaders()
          .set(
              "Content-Disposition",
              "attachment; filename=\""
                  + SongMaker.fileStem(song.settings().name())
                  + "."
                  + ext
                  + "\"");
    }
    ex.getResponseHeaders().set("Cache-Control", "private, max-age=3600");
    send(ex, 200, TYPES.get(ext), bytes);
  }

  private void resource(HttpExchange ex, String name) throws IOException {
    try (InputStream in = WebDemo.class.getResourceAsStream(name)) {
      if (in == null) {
        error(ex, 404, "not found");
        return;
      }
      ex.getResponseHeaders().set("Cache-Control", "no-cache");
      send(ex, 200, TYPES.get(name.substring(name.lastIndexOf('.') + 1)), in.readAllBytes());
    }
  }

  private String newId() {
    byte[] b = new byte[12];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static String text(JsonNode req, String field) {
    JsonNode v = req.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return v.asText();
  }

  private static void error(HttpExchange ex, int status, String message) throws IOException {
    json(ex, status, JSON.createObjectNode().put("error", message));
  }

  private static void json(HttpExchange ex, int status, JsonNode body) throws IOException {
    send(ex, status, "application/json", JSON.writeValueAsBytes(body));
  }

  private static void send(HttpExchange ex, int status, String type, byte[] bytes)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
