package io.sparkrl.spark.storage;

import io.sparkrl.core.storage.LocalRunStorage;
import io.sparkrl.core.storage.RunStorage;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract on {@link LocalRunStorage}, the reference implementation. */
class LocalRunStorageContractTest extends RunStorageContractTest {

  @TempDir Path dir;

  @Override
  RunStorage storage() {
    return new LocalRunStorage();
  }

  @Override
  String root() {
    return dir.toString();
  }
}
