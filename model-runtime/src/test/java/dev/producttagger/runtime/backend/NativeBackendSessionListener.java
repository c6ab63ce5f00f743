package dev.producttagger.runtime.backend;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Configures the native backend before any test touches ND4J, so tests run on the backend the
 * commands use. Registered as a service in this module's test jar, which the trainer's and the
 * tagger's tests depend on.
 */
public final class NativeBackendSessionListener implements LauncherSessionListener {

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    NativeBackend.configure();
  }
}
