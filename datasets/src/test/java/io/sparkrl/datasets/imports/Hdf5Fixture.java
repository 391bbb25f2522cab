package io.sparkrl.datasets.imports;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Writes small d3rlpy-style HDF5 files with jhdf, one dataset per named Java array. Public for the
 * other modules' tests (the test-jar).
 */
public final class Hdf5Fixture {

  private final Map<String, Object> datasets = new LinkedHashMap<>();
  private final Set<String> unsigned = new HashSet<>();

  /** A fixture with all five d3rlpy datasets; discrete_action is written as int8 1. */
  public static Hdf5Fixture d3rlpy(
      Object observations, Object actions, Object rewards, Object terms) {
    return new Hdf5Fixture()
        .put(D3rlpyHdf5Importer.OBSERVATIONS, observations)
        .put(D3rlpyHdf5Importer.ACTIONS, actions)
        .put(D3rlpyHdf5Importer.REWARDS, rewards)
        .put(D3rlpyHdf5Importer.TERMINALS, terms)
        .put(D3rlpyHdf5Importer.DISCRETE_ACTION, new byte[] {1});
  }

  public Hdf5Fixture put(String name, Object data) {
    datasets.put(name, data);
    unsigned.remove(name);
    return this;
  }

  /** Stores {@code data} (byte, short, int or long arrays) as unsigned integers, e.g. uint8. */
  public Hdf5Fixture putUnsigned(String name, Object data) {
    datasets.put(name, data);
    unsigned.add(name);
    return this;
  }

  public Hdf5Fixture remove(String name) {
    datasets.remove(name);
    return this;
  }

  public Path write(Path file) {
    try (WritableHdfFile out = HdfFile.write(file)) {
      datasets.forEach(
          (name, data) -> {
            if (unsigned.contains(name)) {
              out.putDataset(name, data, DatasetCreationOptions.builder().unsigned().build());
            } else {
              out.putDataset(name, data);
            }
          });
    }
    return file;
  }
}
