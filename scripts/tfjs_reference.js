// Reference outputs of a TF.js graph model from TensorFlow.js's own CPU backend, to check
// pytest_genimg.backends.tfjs_graph against (pure JavaScript: no native binary is downloaded).
//
//   npm install --prefix /tmp/tfjs @tensorflow/tfjs@4
//   NODE_PATH=/tmp/tfjs/node_modules node scripts/tfjs_reference.js MODEL_DIR MODEL.json INPUT.bin H W C OUTPUT_NAME...
//
// INPUT.bin: raw float32 NHWC pixels (1 x H x W x C); each output is written as raw float32 to
// out0.bin, out1.bin, ... in the working folder. scripts/check_tfjs_runner.py drives it.
const tf = require('@tensorflow/tfjs');
const fs = require('fs');
const [dir, json, input, h, w, c, ...outputs] = process.argv.slice(2);
(async () => {
  await tf.setBackend('cpu');
  const spec = JSON.parse(fs.readFileSync(`${dir}/${json}`));
  const data = Buffer.concat(spec.weightsManifest.flatMap((g) => g.paths.map((p) => fs.readFileSync(`${dir}/${p}`))));
  const model = await tf.loadGraphModel({
    load: async () => ({
      modelTopology: spec.modelTopology,
      weightSpecs: spec.weightsManifest.flatMap((g) => g.weights),
      weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength),
      format: spec.format, generatedBy: spec.generatedBy, convertedBy: spec.convertedBy, signature: spec.signature,
    }),
  });
  const raw = fs.readFileSync(input);
  const x = tf.tensor(new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4), [1, +h, +w, +c]);
  const result = model.execute(x, outputs);
  (Array.isArray(result) ? result : [result]).forEach((t, i) => fs.writeFileSync(`out${i}.bin`, Buffer.from(t.dataSync().buffer)));
})();
