package org.musicgan.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.musicgan.audio.AudioClip;
import org.musicgan.audio.io.AudioFiles;

/** The demo's HTTP API: choices, files, sanitising, bounds and concurrent use. */
class WebDemoTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static WebDemo demo;
  static HttpClient http;

  @BeforeAll
  static void start() throws Exception {
    demo =
        new WebDemo(
            new SongMaker(List.of(SongMaker.folk()), SongMaker.shippedSounds(), 4),
            0,
            2,
            32,
            Duration.ofSeconds(120));
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  @AfterAll
  static void stop() {
    demo.close();
  }

  static HttpResponse<byte[]> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(demo.url() + path.substring(1))).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  static HttpResponse<byte[]> post(String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(demo.url() + "api/generate"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  static JsonNode json(HttpResponse<byte[]> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  void theShippedGameGenreMakesASongFromItsOwnModel() throws Exception {
    SongMaker maker = new SongMaker(SongMaker.shipped(), 4);
    assertEquals(
        List.of("folk", "game"), maker.genres().stream().map(SongMaker.Genre::id).toList());
    SongMaker.Song song = maker.make(maker.settings("game", "fast", "Level 1", 3L));
    assertEquals("game", song.settings().genre());
    assertEquals(160, song.settings().bpm());
    assertTrue(song.notes() >= 2, "notes " + song.notes());
    AudioClip clip = AudioFiles.decode(song.wav(), "game.wav").toMono();
    assertTrue(clip.durationSeconds() >= 4 && clip.durationSeconds() < 7);
    assertEquals(
        "lookback_rnn-freedoom",
        org.musicgan.melody.rnn.MelodyGenerator.SHIPPED.entrySet().stream()
            .filter(e -> e.getValue().endsWith("freedoom.zip"))
            .findFirst()
            .orElseThrow()
            .getKey());
  }

  @Test
  void thePageAndTheChoicesAreServed() throws Exception {
    HttpResponse<byte[]> page = get("/");
    assertEquals(200, page.statusCode());
    String html = new String(page.body(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(html.contains("id=\"genre\"") && html.contains("How it works"));
    assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
    assertEquals(200, get("/app.js").statusCode());
    JsonNode g = json(get("/api/genres"));
    assertEquals("folk", g.get("genres").get(0).get("id").asText());
    assertEquals(3, g.get("tempi").size());
    List<String> sounds = new ArrayList<>();
    g.get("sounds").forEach(x -> sounds.add(x.get("id").asText()));
    assertEquals(
        List.of("soundfont", "gan-piano", "gan-guitar", "gan-violin", "gan-flute"), sounds);
    assertEquals(404, get("/nothing").statusCode());
  }

  @Test
  void noChoicesAtAllGiveASongWithItsFiles() throws Exception {
    HttpResponse<byte[]> r = post("{}");
    assertEquals(200, r.statusCode(), new String(r.body()));
    JsonNode s = json(r);
    assertEquals("folk", s.get("genre").asText());
    // the demo picked a tempo; the same seed picks the same
    assertEquals(SongMaker.TEMPI.get(s.get("tempo").asText()).intValue(), s.get("bpm").asInt());
    assertFalse(s.get("name").asText().isEmpty());
    byte[] wav = get(s.get("wav").asText()).body();
    AudioClip clip = AudioFiles.decode(wav, "song.wav").toMono();
    // 4 s of melody plus the synthesiser's release tail
    assertTrue(
        clip.durationSeconds() >= 4 && clip.durationSeconds() < 7, "" + clip.durationSeconds());
    assertTrue(clip.peak() > 0.5f);
    HttpResponse<byte[]> midi = get(s.get("midi").asText());
    assertEquals("MThd", new String(midi.body(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
    HttpResponse<byte[]> png = get(s.get("png").asText());
    assertEquals("image/png", png.headers().firstValue("Content-Type").orElse(""));
    // the same seed and choices give the same song
    HttpResponse<byte[]> again =
        post("{\"seed\": " + s.get("seed").asLong() + ", \"name\": \"x\"}");
    assertEquals(s.get("tempo").asText(), json(again).get("tempo").asText());
    assertArrayEquals(wav, get(json(again).get("wav").asText()).body());
  }

  @Test
  void theGanPlaysTheSameMelodyInItsOwnRange() throws Exception {
    String choices = "\"genre\": \"folk\", \"tempo\": \"slow\", \"seed\": 5";
    JsonNode gan = json(post("{" + choices + ", \"sound\": \"gan-flute\"}"));
    assertEquals("gan-flute", gan.get("sound").asText());
    assertEquals("GAN flute", gan.get("soundLabel").asText());
    JsonNode synth = json(post("{" + choices + "}"));
    assertEquals("soundfont", synth.get("sound").asText());
    assertEquals(0, synth.get("transpose").asInt());
    // the primer is around C4-C5, the model knows C3-C4: one octave down
    assertEquals(-12, gan.get("transpose").asInt());
    assertEquals(synth.get("notes").asInt(), gan.get("notes").asInt());
    // the MIDI file is the melody as written, the audio is the GAN's
    assertArrayEquals(get(synth.get("midi").asText()).body(), get(gan.get("midi").asText()).body());
    AudioClip g = AudioFiles.decode(get(gan.get("wav").asText()).body(), "gan.wav").toMono();
    AudioClip s = AudioFiles.decode(get(synth.get("wav").asText()).body(), "s.wav").toMono();
    assertTrue(g.durationSeconds() >= 4 && g.durationSeconds() < 7, "" + g.durationSeconds());
    assertEquals(0.89f, g.peak(), 1e-3f);
    // Stage I notes stop at 504 Hz; the synthesiser's flute has most of its energy above
    assertTrue(highShare(g) < 0.01, "GAN energy above 1.1 kHz: " + highShare(g));
    assertTrue(highShare(s) > 0.05, "synthesiser energy above 1.1 kHz: " + highShare(s));
  }

  /** The fraction of a clip's energy above 1.1 kHz (504 Hz moved up an octave, and some). */
  static double highShare(AudioClip clip) {
    float[] x = clip.samples();
    int n = Integer.highestOneBit(x.length);
    double[] re = new double[n];
    for (int i = 0; i < n; i++) {
      re[i] = x[i];
    }
    org.jtransforms.fft.DoubleFFT_1D fft = new org.jtransforms.fft.DoubleFFT_1D(n);
    fft.realForward(re);
    double all = 0;
    double high = 0;
    for (int k = 1; k < n / 2; k++) {
      double e = re[2 * k] * re[2 * k] + re[2 * k + 1] * re[2 * k + 1];
      all += e;
      if (k * (double) clip.sampleRate() / n > 1100) {
        high += e;
      }
    }
    return high / all;
  }

  @Test
  void namesAreSanitisedBeforeTheyReachAHeader() throws Exception {
    String evil = "../../etc/passwd\\\"\\r\\nX-Evil: 1 <script>";
    JsonNode s =
        json(post("{\"name\": \"" + evil + "\", \"tempo\": \"FAST\", \"genre\": \"folk\"}"));
    String name = s.get("name").asText();
    assertTrue(name.matches("[A-Za-z0-9 _.-]+"), name);
    assertFalse(name.startsWith("."), name);
    assertEquals("fast", s.get("tempo").asText());
    HttpResponse<byte[]> d = get(s.get("wav").asText() + "?download");
    String cd = d.headers().firstValue("Content-Disposition").orElseThrow();
    assertTrue(cd.matches("attachment; filename=\"[A-Za-z0-9_.-]+\\.wav\""), cd);
    assertTrue(d.headers().firstValue("X-Evil").isEmpty());
    assertEquals(
        "My_song-1", SongMaker.fileStem(SongMaker.sanitizeName("  My song/1 ").orElseThrow()));
    assertTrue(SongMaker.sanitizeName("/../").isEmpty());
  }

  @Test
  void badRequestsAreClearErrors() throws Exception {
    HttpResponse<byte[]> r = post("{\"genre\": \"polka\"}");
    assertEquals(400, r.statusCode());
    assertTrue(json(r).get("error").asText().contains("polka"));
    assertEquals(400, post("{\"tempo\": \"120\"}").statusCode());
    HttpResponse<byte[]> sound = post("{\"sound\": \"gan-banjo\"}");
    assertEquals(400, sound.statusCode());
    assertTrue(json(sound).get("error").asText().contains("gan-banjo"));
    assertEquals(400, post("not json").statusCode());
    assertEquals(400, post("{\"seed\": \"abc\"}").statusCode());
    assertEquals(400, post("{\"name\": 5}").statusCode());
    assertEquals(413, post("{\"name\": \"" + "a".repeat(5000) + "\"}").statusCode());
    assertEquals(405, get("/api/generate").statusCode());
    assertEquals(404, get("/songs/../../etc/passwd").statusCode());
    assertEquals(404, get("/songs/000000000000000000000000.wav").statusCode());
  }

  @Test
  void twentyConcurrentGenerationsEachGetTheirOwnSong() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      List<Future<JsonNode>> jobs = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        int k = i;
        jobs.add(
            pool.submit(
                () -> {
                  HttpResponse<byte[]> r =
                      post(
                          "{\"name\": \"song "
                              + k
                              + "\", \"tempo\": \"medium\", \"seed\": "
                              + (1000 + k)
                              + "}");
                  assertEquals(200, r.statusCode(), new String(r.body()));
                  return json(r);
                }));
      }
      Set<String> ids = new HashSet<>();
      Set<Integer> distinctWavs = new HashSet<>();
      for (int i = 0; i < 20; i++) {
        JsonNode s = jobs.get(i).get();
        assertEquals("song " + i, s.get("name").asText());
        assertEquals(1000 + i, s.get("seed").asLong());
        ids.add(s.get("id").asText());
        byte[] wav = get(s.get("wav").asText()).body();
        distinctWavs.add(java.util.Arrays.hashCode(wav));
        if (i % 7 == 0) {
          // the song served for request i is the song its settings make
          SongMaker.Song alone =
              new SongMaker(List.of(SongMaker.folk()), 4)
                  .make(
                      new SongMaker.Settings(
                          "song " + i, "folk", "medium", "soundfont", 120, 1000 + i, 4));
          assertArrayEquals(alone.wav(), wav, "request " + i);
        }
      }
      assertEquals(20, ids.size());
      assertEquals(20, distinctWavs.size());
    } finally {
      pool.shutdownNow();
    }
  }
}
