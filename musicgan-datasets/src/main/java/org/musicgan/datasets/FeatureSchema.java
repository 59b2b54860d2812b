package org.musicgan.datasets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Names every entry of a condition vector, as the seed built them: one-hot blocks for categories
 * (genre, composer, ensemble, instrument...) and single entries for numbers (tempo in BPM...),
 * optionally scaled.
 *
 * <pre>{@code
 * FeatureSchema schema = new FeatureSchema(List.of(
 *     FeatureSchema.Feature.categorical("genre", List.of("Folk", "Rock", "Hip-Hop")),
 *     FeatureSchema.Feature.numeric("tempo", 120, 1 / 60.0)));
 * float[] c = schema.vector(Map.of("genre", "Rock", "tempo", 90.0));  // [0, 1, 0, -0.5]
 * schema.describe(c);                                                  // "genre=Rock, tempo=90.0"
 * }</pre>
 *
 * <p>A choice the user did not make gets the documented neutral value: an all-zero one-hot block
 * (no category), or the numeric feature's {@code neutral} value (which encodes to 0).
 *
 * @param features the features, in vector order
 */
public record FeatureSchema(List<Feature> features) {

  /** Validates names and copies the list. */
  public FeatureSchema {
    features = List.copyOf(features);
    java.util.Set<String> names = new java.util.HashSet<>();
    for (Feature f : features) {
      if (!names.add(f.name())) {
        throw new IllegalArgumentException("duplicate feature name: " + f.name());
      }
    }
  }

  /**
   * One feature.
   *
   * @param name its name, e.g. {@code genre}
   * @param categories the categories of a one-hot feature; empty for a numeric one
   * @param neutral the numeric value used when no choice is given (encodes to 0)
   * @param scale numeric encoding: {@code (value - neutral) * scale}
   */
  public record Feature(String name, List<String> categories, double neutral, double scale) {
    /** Validates the feature. */
    public Feature {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("feature name must not be blank");
      }
      categories = List.copyOf(categories);
      if (categories.size() != new java.util.HashSet<>(categories).size()) {
        throw new IllegalArgumentException(name + ": duplicate categories in " + categories);
      }
      if (!Double.isFinite(neutral) || !Double.isFinite(scale) || scale == 0) {
        throw new IllegalArgumentException(name + ": neutral and scale must be finite, scale != 0");
      }
    }

    /** A one-hot feature. */
    public static Feature categorical(String name, List<String> categories) {
      if (categories.isEmpty()) {
        throw new IllegalArgumentException(name + ": a categorical feature needs categories");
      }
      return new Feature(name, categories, 0, 1);
    }

    /** A numeric feature encoded as {@code (value - neutral) * scale}. */
    public static Feature numeric(String name, double neutral, double scale) {
      return new Feature(name, List.of(), neutral, scale);
    }

    /** Whether it is one-hot. */
    public boolean isCategorical() {
      return !categories.isEmpty();
    }

    /** Entries it takes in the vector. */
    public int width() {
      return isCategorical() ? categories.size() : 1;
    }
  }

  /** Length of a condition vector. */
  public int size() {
    return features.stream().mapToInt(Feature::width).sum();
  }

  /** The name of every entry: {@code genre=Rock}, ..., {@code tempo}. */
  public List<String> entryNames() {
    List<String> out = new ArrayList<>();
    for (Feature f : features) {
      if (f.isCategorical()) {
        f.categories().forEach(c -> out.add(f.name() + "=" + c));
      } else {
        out.add(f.name());
      }
    }
    return out;
  }

  /**
   * Builds a vector from a user's choices (category names for one-hot features, numbers for numeric
   * ones); features left out get their neutral value.
   *
   * @throws IllegalArgumentException naming an unknown feature or category, or a wrong value type
   */
  public float[] vector(Map<String, ?> choices) {
    for (String key : choices.keySet()) {
      if (features.stream().noneMatch(f -> f.name().equals(key))) {
        throw new IllegalArgumentException(
            "unknown feature '"
                + key
                + "'; known: "
                + features.stream().map(Feature::name).toList());
      }
    }
    float[] v = new float[size()];
    int offset = 0;
    for (Feature f : features) {
      Object choice = choices.get(f.name());
      if (f.isCategorical()) {
        if (choice != null) {
          int i = f.categories().indexOf(String.valueOf(choice));
          if (i < 0) {
            throw new IllegalArgumentException(
                f.name() + ": unknown category '" + choice + "'; known: " + f.categories());
          }
          v[offset + i] = 1f;
        }
      } else if (choice != null) {
        if (!(choice instanceof Number n)) {
          throw new IllegalArgumentException(f.name() + " needs a number, found '" + choice + "'");
        }
        v[offset] = (float) ((n.doubleValue() - f.neutral()) * f.scale());
      }
      offset += f.width();
    }
    return v;
  }

  /** Reads a vector back as {@code name=value} pairs, e.g. {@code genre=Rock, tempo=90.0}. */
  public String describe(float[] vector) {
    if (vector.length != size()) {
      throw new IllegalArgumentException(
          "vector has " + vector.length + " entries, the schema " + size());
    }
    Map<String, String> parts = new LinkedHashMap<>();
    int offset = 0;
    for (Feature f : features) {
      if (f.isCategorical()) {
        int best = -1;
        for (int i = 0; i < f.width(); i++) {
          if (vector[offset + i] > 0.5f
              && (best < 0 || vector[offset + i] > vector[offset + best])) {
            best = i;
          }
        }
        parts.put(f.name(), best < 0 ? "(none)" : f.categories().get(best));
      } else {
        double value = vector[offset] / f.scale() + f.neutral();
        parts.put(f.name(), String.format(Locale.ROOT, "%.1f", value));
      }
      offset += f.width();
    }
    StringBuilder sb = new StringBuilder();
    parts.forEach(
        (k, val) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(val));
    return sb.toString();
  }
}
