package bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * Throughput of one small CNN on CPU with DJL + PyTorch: inference (Block.forward) and training
 * (Trainer API, Adam) over a grid of intra-op thread counts and batch sizes. Prints a Markdown
 * table on stdout.
 */
public final class DjlBench {

    static final int H = 28;
    static final int W = 28;
    static final int PIXELS = H * W;
    static final int CLASSES = 10;

    private DjlBench() {}

    // ------------------------------------------------------------------ options

    static final class Opts {
        String mode = "all";
        double seconds = 3.0;
        double warmup = 1.0;
        int repeats = 3;
        int[] threads = null; // null: leave PyTorch's default
        int[] batches = {1, 8, 32, 64, 128, 256};
        int[] trainBatches = {64, 128};
        String data = "fashion";
        String dataDir = "../../data/fashion-mnist";
        Network network = Network.PAPER;
        long seed = 42L;
    }

    static void usage() {
        System.err.println(
                "usage: DjlBench [infer|train|all] [--seconds S] [--warmup W] [--repeats R]\n"
                        + "                [--threads 1,2] [--batches 1,8,32,64,128,256]"
                        + " [--train-batches 64,128]\n"
                        + "                [--data fashion|random] [--data-dir DIR] [--seed N]"
                        + " [--network paper|batchnorm-vgg]");
    }

    static int[] parseInts(String s) {
        String[] parts = s.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Integer.parseInt(parts[i].trim());
            if (out[i] <= 0) {
                throw new IllegalArgumentException("values must be positive: " + s);
            }
        }
        return out;
    }

    static Opts parse(String[] args) {
        Opts o = new Opts();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "infer":
                case "train":
                case "all":
                    o.mode = a;
                    break;
                case "-h":
                case "--help":
                    usage();
                    System.exit(0);
                    break;
                default:
                    if (!a.startsWith("--") || i + 1 >= args.length) {
                        usage();
                        throw new IllegalArgumentException("bad argument: " + a);
                    }
                    String v = args[++i];
                    switch (a) {
                        case "--seconds":
                            o.seconds = Double.parseDouble(v);
                            break;
                        case "--warmup":
                            o.warmup = Double.parseDouble(v);
                            break;
                        case "--repeats":
                            o.repeats = Integer.parseInt(v);
                            break;
                        case "--threads":
                            o.threads = parseInts(v);
                            break;
                        case "--batches":
                            o.batches = parseInts(v);
                            break;
                        case "--train-batches":
                            o.trainBatches = parseInts(v);
                            break;
                        case "--data":
                            if (!v.equals("fashion") && !v.equals("random")) {
                                throw new IllegalArgumentException("--data fashion|random");
                            }
                            o.data = v;
                            break;
                        case "--data-dir":
                            o.dataDir = v;
                            break;
                        case "--network":
                            o.network = Network.parse(v);
                            break;
                        case "--seed":
                            o.seed = Long.parseLong(v);
                            break;
                        default:
                            usage();
                            throw new IllegalArgumentException("unknown option: " + a);
                    }
            }
        }
        if (o.seconds <= 0 || o.warmup < 0 || o.repeats < 1) {
            throw new IllegalArgumentException("need --seconds > 0, --warmup >= 0, --repeats >= 1");
        }
        return o;
    }

    // ------------------------------------------------------------------ network

    /**
     * The networks this benchmark can build, each the twin of a product-tagger architecture with
     * the same layers and parameter count (DJL, like DL4J, counts batch normalisation's running
     * mean and variance as parameters).
     */
    enum Network {
        /** The paper's CNN (product-tagger's PAPER_BASELINE). */
        PAPER(
                "paper",
                241_546L,
                "conv3x3x32-relu-maxpool2, conv3x3x64-relu-maxpool2, conv3x3x128-relu, flatten,"
                        + " dense128-relu, dense10") {
            @Override
            Block build() {
                return new SequentialBlock()
                        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(32).build())
                        .add(Activation.reluBlock())
                        .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(64).build())
                        .add(Activation.reluBlock())
                        .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(128).build())
                        .add(Activation.reluBlock())
                        .add(Blocks.batchFlattenBlock())
                        .add(Linear.builder().setUnits(128).build())
                        .add(Activation.reluBlock())
                        .add(Linear.builder().setUnits(CLASSES).build());
            }
        },
        /** product-tagger's BATCHNORM_VGG: "same" 3x3 convolutions with batch norm, dropout 0.25. */
        BATCHNORM_VGG(
                "batchnorm-vgg",
                429_514L,
                "conv3x3x32same-bn-relu-maxpool2, conv3x3x64same-bn-relu, conv3x3x64same-bn-relu,"
                        + " maxpool2, dropout0.25, conv3x3x128same-bn-relu-maxpool2, dropout0.25,"
                        + " flatten, dense256-bn-relu, dropout0.25, dense10") {
            @Override
            Block build() {
                return new SequentialBlock()
                        .addAll(sameConvBatchNormRelu(32))
                        .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                        .addAll(sameConvBatchNormRelu(64))
                        .addAll(sameConvBatchNormRelu(64))
                        .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                        .add(Dropout.builder().optRate(0.25f).build())
                        .addAll(sameConvBatchNormRelu(128))
                        .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                        .add(Dropout.builder().optRate(0.25f).build())
                        .add(Blocks.batchFlattenBlock())
                        .add(Linear.builder().setUnits(256).build())
                        .add(BatchNorm.builder().build())
                        .add(Activation.reluBlock())
                        .add(Dropout.builder().optRate(0.25f).build())
                        .add(Linear.builder().setUnits(CLASSES).build());
            }

            private Block[] sameConvBatchNormRelu(int filters) {
                return new Block[] {
                    Conv2d.builder()
                            .setKernelShape(new Shape(3, 3))
                            .optPadding(new Shape(1, 1))
                            .setFilters(filters)
                            .build(),
                    BatchNorm.builder().build(),
                    Activation.reluBlock()
                };
            }
        };

        final String id;
        final long expectedParams;
        final String layers;

        Network(String id, long expectedParams, String layers) {
            this.id = id;
            this.expectedParams = expectedParams;
            this.layers = layers;
        }

        abstract Block build();

        static Network parse(String id) {
            for (Network network : values()) {
                if (network.id.equals(id)) {
                    return network;
                }
            }
            throw new IllegalArgumentException("--network paper|batchnorm-vgg, not " + id);
        }
    }

    static long countParams(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            n += p.getValue().getArray().size();
        }
        return n;
    }

    static void checkParams(Network network, long n) {
        if (n != network.expectedParams) {
            System.out.println("ERROR: parameter count " + n + " != " + network.expectedParams);
            System.out.flush();
            System.exit(3);
        }
    }

    // ------------------------------------------------------------------ data

    static final class Data {
        final byte[] images; // n * 784, raw 0..255
        final byte[] labels; // n
        final int n;
        final String desc;

        Data(byte[] images, byte[] labels, String desc) {
            this.images = images;
            this.labels = labels;
            this.n = labels.length;
            this.desc = desc;
        }
    }

    static InputStream open(Path p) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(p), 1 << 16);
        return p.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    static Path idxFile(Path dir, String base) {
        Path gz = dir.resolve(base + ".gz");
        return Files.exists(gz) ? gz : dir.resolve(base);
    }

    static Data loadFashion(String dir) throws IOException {
        Path d = Paths.get(dir);
        Path img = idxFile(d, "train-images-idx3-ubyte");
        Path lab = idxFile(d, "train-labels-idx1-ubyte");
        byte[] images;
        byte[] labels;
        try (DataInputStream in = new DataInputStream(open(img))) {
            int magic = in.readInt();
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (magic != 2051 || rows != H || cols != W) {
                throw new IOException("not an IDX image file of 28x28: " + img.getFileName());
            }
            images = new byte[n * PIXELS];
            in.readFully(images);
        }
        try (DataInputStream in = new DataInputStream(open(lab))) {
            int magic = in.readInt();
            int n = in.readInt();
            if (magic != 2049) {
                throw new IOException("not an IDX label file: " + lab.getFileName());
            }
            labels = new byte[n];
            in.readFully(labels);
        }
        if (images.length != labels.length * PIXELS) {
            throw new IOException("image/label count mismatch");
        }
        return new Data(images, labels, "fashion-mnist train, " + labels.length + " images");
    }

    static Data randomData(int n, long seed) {
        Random r = new Random(seed);
        byte[] images = new byte[n * PIXELS];
        r.nextBytes(images);
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) r.nextInt(CLASSES);
        }
        return new Data(images, labels, "random bytes + random labels, " + n + " images");
    }

    // ------------------------------------------------------------------ /proc

    static long minorFaults() {
        try {
            String s = new String(Files.readAllBytes(Paths.get("/proc/self/stat")), StandardCharsets.US_ASCII);
            // field 2 (comm) may hold spaces: split after the last ')'; field 3 is then index 0
            String[] f = s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
            return Long.parseLong(f[10 - 3]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static double rssMiB() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring(6).trim().split("\\s+")[0];
                    return Long.parseLong(kb) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return -1;
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return "unknown";
    }

    // ------------------------------------------------------------------ timing

    interface Step {
        void run();
    }

    static final class Result {
        String mode;
        String threads;
        int batch;
        double median;
        double min;
        double max;
        long iters;
        double timedSec;
        double faultsPerIter;
        double rssBefore;
        double rssAfter;
        String note = "";
    }

    /** Runs warm-up, then R windows of S/R seconds each; fills throughput, faults and RSS. */
    static void measure(Step step, int batch, Opts o, Result r, Runnable afterWarmup) {
        long end = System.nanoTime() + (long) (o.warmup * 1e9);
        step.run(); // at least one warm-up iteration
        while (System.nanoTime() < end) {
            step.run();
        }
        afterWarmup.run();

        double window = o.seconds / o.repeats;
        double[] rates = new double[o.repeats];
        long totalIters = 0;
        long totalNanos = 0;
        r.rssBefore = rssMiB();
        long flt0 = minorFaults();
        for (int w = 0; w < o.repeats; w++) {
            long t0 = System.nanoTime();
            long stop = t0 + (long) (window * 1e9);
            long it = 0;
            long t;
            do {
                step.run();
                it++;
                t = System.nanoTime();
            } while (t < stop);
            rates[w] = it * (double) batch / ((t - t0) / 1e9);
            totalIters += it;
            totalNanos += t - t0;
        }
        long flt1 = minorFaults();
        r.rssAfter = rssMiB();
        Arrays.sort(rates);
        int m = rates.length;
        r.median = (m % 2 == 1) ? rates[m / 2] : 0.5 * (rates[m / 2 - 1] + rates[m / 2]);
        r.min = rates[0];
        r.max = rates[m - 1];
        r.iters = totalIters;
        r.timedSec = totalNanos / 1e9;
        r.faultsPerIter = (flt0 >= 0 && flt1 >= 0) ? (flt1 - flt0) / (double) totalIters : Double.NaN;
    }

    // ------------------------------------------------------------------ inference

    static volatile float sink;

    static Result inferRow(Block block, NDManager modelManager, String threads, int batch, Opts o) {
        Result r = new Result();
        r.mode = "infer";
        r.threads = threads;
        r.batch = batch;
        ParameterStore ps = new ParameterStore(modelManager, false);
        Random rnd = new Random(o.seed + batch);
        float[] x = new float[batch * PIXELS];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextFloat();
        }
        try (NDManager rowManager = modelManager.newSubManager()) {
            NDArray input = rowManager.create(x, new Shape(batch, 1, H, W));
            long[] outShape = new long[1];
            Step step =
                    () -> {
                        try (NDManager scope = rowManager.newSubManager()) {
                            input.tempAttach(scope);
                            NDList out = block.forward(ps, new NDList(input), false);
                            NDArray logits = out.singletonOrThrow();
                            float[] y = logits.toFloatArray();
                            outShape[0] = y.length;
                            sink += y[0];
                        }
                    };
            measure(step, batch, o, r, () -> {});
            if (outShape[0] != (long) batch * CLASSES) {
                throw new IllegalStateException("unexpected output size " + outShape[0]);
            }
        }
        return r;
    }

    // ------------------------------------------------------------------ training

    static final class Cursor {
        final int[] order;
        final Random rnd;
        int pos;
        int epoch = 1;

        Cursor(int n, long seed) {
            order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            rnd = new Random(seed);
            shuffle();
        }

        void shuffle() {
            for (int i = order.length - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            pos = 0;
        }

        /** Returns the start of the next full batch in {@link #order}; reshuffles at epoch end. */
        int next(int batch) {
            if (pos + batch > order.length) {
                shuffle();
                epoch++;
            }
            int p = pos;
            pos += batch;
            return p;
        }
    }

    static Result trainRow(Data data, String threads, int batch, Opts o) {
        Result r = new Result();
        r.mode = "train";
        r.threads = threads;
        r.batch = batch;

        DefaultTrainingConfig cfg =
                new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                        .optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT)
                        .optOptimizer(
                                Optimizer.adam()
                                        .optLearningRateTracker(Tracker.fixed(0.001f))
                                        .build())
                        .optDevices(new Device[] {Device.cpu()});

        try (Model model = Model.newInstance("cnn-train")) {
            model.setBlock(o.network.build());
            try (Trainer trainer = model.newTrainer(cfg)) {
                trainer.initialize(new Shape(batch, 1, H, W));
                checkParams(o.network, countParams(model.getBlock()));

                Cursor cur = new Cursor(data.n, o.seed + batch);
                float[] x = new float[batch * PIXELS];
                float[] y = new float[batch];
                double[] lossSum = new double[1];
                long[] lossN = new long[1];
                final float scale = 1f / 255f;
                NDManager rowManager = trainer.getManager().newSubManager();
                Step step =
                        () -> {
                            // assemble the mini-batch in Java (gather + scale to [0,1])
                            int p = cur.next(batch);
                            for (int b = 0; b < batch; b++) {
                                int idx = cur.order[p + b];
                                int src = idx * PIXELS;
                                int dst = b * PIXELS;
                                for (int k = 0; k < PIXELS; k++) {
                                    x[dst + k] = (data.images[src + k] & 0xff) * scale;
                                }
                                y[b] = data.labels[idx];
                            }
                            try (NDManager scope = rowManager.newSubManager()) {
                                NDArray xa = scope.create(x, new Shape(batch, 1, H, W));
                                NDArray ya = scope.create(y, new Shape(batch));
                                try (GradientCollector gc = trainer.newGradientCollector()) {
                                    NDList pred = trainer.forward(new NDList(xa));
                                    NDArray loss = trainer.getLoss().evaluate(new NDList(ya), pred);
                                    gc.backward(loss);
                                    lossSum[0] += loss.getFloat();
                                    lossN[0]++;
                                }
                                trainer.step();
                            }
                        };
                double[] warm = new double[1];
                measure(
                        step,
                        batch,
                        o,
                        r,
                        () -> {
                            warm[0] = lossSum[0] / Math.max(1, lossN[0]);
                            lossSum[0] = 0;
                            lossN[0] = 0;
                        });
                double timed = lossSum[0] / Math.max(1, lossN[0]);
                r.note =
                        String.format(
                                Locale.ROOT,
                                "loss %.3f warm-up -> %.3f timed (epoch %d)",
                                warm[0],
                                timed,
                                cur.epoch);
                rowManager.close();
            }
        }
        return r;
    }

    // ------------------------------------------------------------------ output

    static String fmtInt(double v) {
        return String.format(Locale.ROOT, "%,d", Math.round(v));
    }

    static void printHeader() {
        System.out.println(
                "| mode | intra-op threads | batch | images/s | min-max | ms/batch | iters | timed s"
                        + " | minor faults/iter | RSS MiB before->after | note |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        System.out.flush();
    }

    static void printRow(Result r) {
        System.out.println(
                String.format(
                        Locale.ROOT,
                        "| %s | %s | %d | %s | %s-%s | %.2f | %d | %.2f | %.1f | %.0f->%.0f | %s |",
                        r.mode,
                        r.threads,
                        r.batch,
                        fmtInt(r.median),
                        fmtInt(r.min),
                        fmtInt(r.max),
                        1000.0 * r.batch / r.median,
                        r.iters,
                        r.timedSec,
                        r.faultsPerIter,
                        r.rssBefore,
                        r.rssAfter,
                        r.note));
        System.out.flush();
    }

    static String env(String k) {
        String v = System.getenv(k);
        return k + "=" + (v == null ? "(unset)" : v);
    }

    // ------------------------------------------------------------------ main

    public static void main(String[] args) throws Exception {
        Opts o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        boolean doInfer = !o.mode.equals("train");
        boolean doTrain = !o.mode.equals("infer");

        long t0 = System.nanoTime();
        Engine engine = Engine.getInstance();
        System.out.println("# DJL CNN benchmark");
        System.out.println();
        System.out.println(
                "- DJL " + Engine.getDjlVersion() + ", engine " + engine.getEngineName() + " "
                        + engine.getVersion() + ", Java " + System.getProperty("java.version")
                        + ", " + Runtime.getRuntime().availableProcessors() + " CPUs ("
                        + cpuModel() + ")");
        System.out.println(
                "- glibc: " + env("MALLOC_ARENA_MAX") + " " + env("MALLOC_MMAP_THRESHOLD_") + " "
                        + env("MALLOC_TRIM_THRESHOLD_"));
        System.out.println(
                "- PyTorch defaults: intra-op threads " + JniUtils.getNumThreads()
                        + ", inter-op threads " + JniUtils.getNumInteropThreads());

        // model for inference rows: Xavier weights, zero biases
        try (Model model = Model.newInstance("cnn-infer")) {
            Block block = o.network.build();
            block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, H, W));
            model.setBlock(block);
            long params = countParams(block);
            Shape out = block.getOutputShapes(new Shape[] {new Shape(1, 1, H, W)})[0];
            System.out.println(
                    "- network: " + o.network.id + ", " + o.network.layers + "; output " + out
                            + "; parameters " + params
                            + (params == o.network.expectedParams
                                    ? " (ok)"
                                    : " (EXPECTED " + o.network.expectedParams + ")"));
            checkParams(o.network, params);

            Data data = null;
            if (doTrain) {
                data = o.data.equals("fashion") ? loadFashion(o.dataDir) : randomData(60_000, o.seed);
                System.out.println("- training data: " + data.desc + ", scaled to [0,1] while"
                        + " assembling each batch; Adam lr 0.001, softmax cross-entropy");
            }
            System.out.println(
                    String.format(
                            Locale.ROOT,
                            "- timing: %.1f s warm-up + %.1f s timed per row, as %d windows"
                                    + " (images/s = median, min-max over windows)",
                            o.warmup,
                            o.seconds,
                            o.repeats));
            System.out.println();

            int[] threadList = o.threads == null ? new int[] {0} : o.threads;
            printHeader();
            boolean first = true;
            for (int t : threadList) {
                String tLabel;
                if (t > 0) {
                    JniUtils.setNumThreads(t);
                    int got = JniUtils.getNumThreads();
                    tLabel = got == t ? String.valueOf(got) : got + " (asked " + t + ")";
                } else {
                    tLabel = JniUtils.getNumThreads() + " (default)";
                }
                if (doInfer) {
                    for (int b : o.batches) {
                        Result r = inferRow(block, model.getNDManager(), tLabel, b, o);
                        if (first) {
                            r.note = "first row in this JVM";
                            first = false;
                        }
                        printRow(r);
                    }
                }
                if (doTrain) {
                    for (int b : o.trainBatches) {
                        Result r = trainRow(data, tLabel, b, o);
                        if (first) {
                            r.note = "first row in this JVM; " + r.note;
                            first = false;
                        }
                        printRow(r);
                    }
                }
            }
        }
        System.out.println();
        System.out.println(
                String.format(Locale.ROOT, "total wall time %.1f s", (System.nanoTime() - t0) / 1e9));
    }
}
