package dev.producttagger.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamThreadProfileTest {

  @TempDir Path dir;

  @Test
  void streamThreadsAreToldFromTheirClientsThreads() {
    assertTrue(StreamThreadProfile.isStreamThread("bench-1-6f0c-StreamThread-1"));
    assertTrue(StreamThreadProfile.isStreamThread("product-tagger-ab12-StreamThread-12"));
    assertFalse(
        StreamThreadProfile.isStreamThread(
            "kafka-producer-network-thread | bench-1-6f0c-StreamThread-1-producer"));
    assertFalse(
        StreamThreadProfile.isStreamThread("kafka-producer-network-thread | app-StreamThread-1"));
    assertFalse(StreamThreadProfile.isStreamThread("bench-1-6f0c-GlobalStreamThread"));
    assertFalse(StreamThreadProfile.isStreamThread(null));
  }

  @Test
  void onlyAStreamThreadsSamplesAreCountedAndEachOnce() throws Exception {
    Recording recording = StreamThreadProfile.start();
    AtomicBoolean running = new AtomicBoolean(true);
    Thread streamThread = busy("test-app-StreamThread-1", running);
    Thread producerThread =
        busy("kafka-producer-network-thread | test-app-StreamThread-1", running);
    Thread.sleep(1_000);
    running.set(false);
    streamThread.join();
    producerThread.join();
    Path file = dir.resolve("profile.jfr");

    StreamThreadProfile profile = StreamThreadProfile.stop(recording, file);

    assertTrue(Files.size(file) > 0, "the recording is kept");
    // About 100 samples of 10 ms; a loaded machine samples fewer.
    assertTrue(profile.samples() > 10 && profile.samples() < 150, "samples: " + profile.samples());
    assertEquals(
        profile.samples(),
        profile.byActivity().values().stream().mapToInt(Integer::intValue).sum());
    assertEquals(profile.samples(), profile.byActivity().get("other"), profile.table());
    assertTrue(profile.table().contains("| other | " + profile.samples() + " | 100.0% |"));
  }

  private static Thread busy(String name, AtomicBoolean running) {
    Thread thread =
        new Thread(
            () -> {
              while (running.get()) {
                Thread.onSpinWait();
              }
            },
            name);
    thread.start();
    return thread;
  }
}
