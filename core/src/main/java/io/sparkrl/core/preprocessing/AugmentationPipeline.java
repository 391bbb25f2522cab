package io.sparkrl.core.preprocessing;

import io.sparkrl.core.config.AugmentationSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * d3rlpy's {@code AugmentationPipeline}: applies all its members in list order (no random choice
 * among them). An empty pipeline is the identity. The update losses average over {@code
 * n_augmentations} copies, each augmented by a separate {@link #apply} call.
 */
public final class AugmentationPipeline implements ObservationAugmentation {

  private static final long serialVersionUID = 1L;

  private final List<ObservationAugmentation> members;

  private AugmentationPipeline(List<ObservationAugmentation> members) {
    this.members = List.copyOf(members);
  }

  /** The pipeline of the configured {@code augmentation} list, in order. */
  public static AugmentationPipeline of(List<AugmentationSpec> specs) {
    List<ObservationAugmentation> members = new ArrayList<>();
    for (AugmentationSpec spec : specs) {
      members.add(create(spec));
    }
    return new AugmentationPipeline(members);
  }

  /** A pipeline of already built augmentations, in order. */
  public static AugmentationPipeline ofMembers(List<? extends ObservationAugmentation> members) {
    return new AugmentationPipeline(new ArrayList<>(members));
  }

  /** The augmentation of one configured list member, with its parameters. */
  public static ObservationAugmentation create(AugmentationSpec spec) {
    return switch (spec.type()) {
      case RANDOM_SHIFT -> new RandomShift(spec.intParam("shift_size"));
      case CUTOUT -> new Cutout(spec.doubleParam("probability"));
      case HORIZONTAL_FLIP -> ImageFlip.horizontal(spec.doubleParam("probability"));
      case VERTICAL_FLIP -> ImageFlip.vertical(spec.doubleParam("probability"));
      case RANDOM_ROTATION -> new RandomRotation(spec.doubleParam("degree"));
      case INTENSITY -> new Intensity(spec.doubleParam("scale"));
      case COLOR_JITTER ->
          new ColorJitter(
              rangeParam(spec, "brightness"),
              rangeParam(spec, "contrast"),
              rangeParam(spec, "saturation"),
              rangeParam(spec, "hue"));
      case SINGLE_AMPLITUDE_SCALING ->
          AmplitudeScaling.single(spec.doubleParam("minimum"), spec.doubleParam("maximum"));
      case MULTIPLE_AMPLITUDE_SCALING ->
          AmplitudeScaling.multiple(spec.doubleParam("minimum"), spec.doubleParam("maximum"));
    };
  }

  private static List<Double> rangeParam(AugmentationSpec spec, String name) {
    List<?> range = (List<?>) spec.params().get(name);
    return range.stream().map(v -> ((Number) v).doubleValue()).toList();
  }

  /** The members, in the order they are applied. */
  public List<ObservationAugmentation> members() {
    return members;
  }

  /** True when the pipeline has no members (the identity). */
  public boolean isEmpty() {
    return members.isEmpty();
  }

  @Override
  public void apply(float[] batch, int rows, int[] shape, RandomGenerator rng) {
    checkShape(shape);
    for (ObservationAugmentation member : members) {
      member.apply(batch, rows, shape, rng);
    }
  }

  @Override
  public String name() {
    return members.stream()
        .map(ObservationAugmentation::name)
        .collect(Collectors.joining(", ", "[", "]"));
  }

  /**
   * Checks every member against {@code shape}; the error names the first that cannot work on it.
   */
  @Override
  public void checkShape(int[] shape) {
    for (ObservationAugmentation member : members) {
      member.checkShape(shape);
    }
  }

  @Override
  public String toString() {
    return "AugmentationPipeline" + name();
  }
}
