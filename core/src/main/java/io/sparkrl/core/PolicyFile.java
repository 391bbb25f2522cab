package io.sparkrl.core;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrl.core.preprocessing.ObservationScaler;
import io.sparkrl.core.storage.BoundedZipReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The DL4J policy file of {@link DiscreteAWR#savePolicy} with {@code asOnnx = false}: the entries
 * of a {@code ModelSerializer} file of the actor (without updater state), so {@code
 * ModelSerializer.restoreMultiLayerNetwork} opens it as it is, plus {@value #SCALER} describing the
 * input the actor expects.
 *
 * <p>Unlike d3rlpy's TorchScript file the scaler is not inside the network: a caller computes
 * {@code y = x·scale + offset} element-wise with the {@code scale} and {@code offset} arrays of
 * {@value #SCALER} (both absent when the model has no scaler), feeds {@code y} as {@code [N,
 * ...input_shape]} (frame-stacked for images), and takes the argmax of the actor's softmax output
 * as the greedy action. The ONNX file has the scaler and argmax built in.
 */
final class PolicyFile {

  /** The extra entry: {@code input_shape}, {@code action_size}, {@code scaler}, scale, offset. */
  static final String SCALER = "scaler.json";

  private PolicyFile() {}

  static void write(
      MultiLayerNetwork actor,
      int[] inputShape,
      int actionSize,
      ObservationScaler scaler,
      OutputStream out)
      throws IOException {
    ObjectNode json = ModelArchive.MAPPER.createObjectNode();
    ArrayNode shape = json.putArray("input_shape");
    for (int d : inputShape) {
      shape.add(d);
    }
    json.put("action_size", actionSize);
    json.put("output", "softmax probabilities over actions; the greedy action is their argmax");
    if (scaler == null) {
      json.putNull("scaler");
    } else {
      json.put("scaler", scaler.toSpec().type().jsonName());
      ArrayNode scale = json.putArray("scale");
      for (float v : scaler.scale()) {
        scale.add(v);
      }
      ArrayNode offset = json.putArray("offset");
      for (float v : scaler.offset()) {
        offset.add(v);
      }
    }
    ZipOutputStream zip = new ZipOutputStream(out);
    ByteArrayOutputStream model = new ByteArrayOutputStream();
    ModelSerializer.writeModel(actor, model, false);
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(model.toByteArray()))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        ModelArchive.putEntry(zip, e.getName(), in.readAllBytes());
      }
    }
    ModelArchive.putEntry(zip, SCALER, ModelArchive.MAPPER.writeValueAsBytes(json));
    zip.finish();
    zip.flush();
  }

  /** The {@value #SCALER} entry of a policy file, or null if it has none. */
  static byte[] scalerEntry(InputStream in, String source) throws IOException {
    BoundedZipReader zip = new BoundedZipReader(in, source);
    for (String name = zip.next(); name != null; name = zip.next()) {
      if (name.equals(SCALER)) {
        return zip.read(ModelArchive.MAX_METADATA_BYTES, "a policy's scaler description");
      }
      zip.skip();
    }
    return null;
  }
}
