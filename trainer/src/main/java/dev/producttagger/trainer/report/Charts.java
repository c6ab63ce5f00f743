package dev.producttagger.trainer.report;

import dev.producttagger.trainer.train.EpochRecord;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The report's charts, drawn with JFreeChart in the spirit of the paper's matplotlib figures. */
final class Charts {

  /** matplotlib's default colour cycle, which the paper's figures use: one colour per run. */
  private static final Color[] PALETTE = {
    new Color(0x1f77b4),
    new Color(0xff7f0e),
    new Color(0x2ca02c),
    new Color(0xd62728),
    new Color(0x9467bd),
    new Color(0x8c564b),
    new Color(0xe377c2),
    new Color(0x7f7f7f)
  };

  private static final BasicStroke SOLID = new BasicStroke(2f);
  private static final BasicStroke DASHED =
      new BasicStroke(
          2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);

  private Charts() {}

  /** Fig. 2: images per class in the training and test sets. */
  static JFreeChart classDistribution(List<String> classNames, int[] train, int[] test) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (int c = 0; c < classNames.size(); c++) {
      data.addValue(train[c], "training set", classNames.get(c));
      data.addValue(test[c], "test set", classNames.get(c));
    }
    JFreeChart chart = ChartFactory.createBarChart("Images per class", "class", "images", data);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setSeriesPaint(0, PALETTE[0]);
    renderer.setSeriesPaint(1, PALETTE[1]);
    return chart;
  }

  /**
   * Fig. 3: a metric per epoch for every run, training solid and validation dashed in the run's
   * colour, so the gap between them (overfitting) shows at a glance. A refit, which holds no
   * validation images, has its training line only.
   */
  static JFreeChart perEpoch(
      String title,
      String metric,
      List<ReportedRun> runs,
      ToDoubleFunction<EpochRecord> training,
      Function<EpochRecord, Double> validation) {
    XYSeriesCollection data = new XYSeriesCollection();
    JFreeChart chart = ChartFactory.createXYLineChart(title, "epoch", metric, data);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
    XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
    for (int run = 0; run < runs.size(); run++) {
      ReportedRun reported = runs.get(run);
      Color colour = PALETTE[run % PALETTE.length];
      XYSeries trainingSeries = new XYSeries(reported.name() + " training");
      XYSeries validationSeries = new XYSeries(reported.name() + " validation");
      for (EpochRecord epoch : reported.history().epochs()) {
        trainingSeries.add(epoch.epoch(), training.applyAsDouble(epoch));
        Double validated = validation.apply(epoch);
        if (validated != null) {
          validationSeries.add(epoch.epoch(), validated.doubleValue());
        }
      }
      addSeries(data, renderer, trainingSeries, colour, SOLID);
      if (validationSeries.getItemCount() > 0) {
        addSeries(data, renderer, validationSeries, colour, DASHED);
      }
    }
    renderer.setDefaultShapesVisible(true);
    return chart;
  }

  /** Adds {@code series} to the chart's data, drawn in {@code colour} with {@code stroke}. */
  private static void addSeries(
      XYSeriesCollection data,
      XYLineAndShapeRenderer renderer,
      XYSeries series,
      Color colour,
      BasicStroke stroke) {
    data.addSeries(series);
    int index = data.getSeriesCount() - 1;
    renderer.setSeriesPaint(index, colour);
    renderer.setSeriesStroke(index, stroke);
  }

  /**
   * Fig. 6: the confusion matrix as a heatmap, actual classes down, predicted across, each cell
   * labelled with its count.
   */
  static JFreeChart confusionHeatmap(String title, List<String> classNames, int[][] counts) {
    int classes = classNames.size();
    double[][] cells = new double[3][classes * classes];
    int largest = 1;
    for (int actual = 0; actual < classes; actual++) {
      for (int predicted = 0; predicted < classes; predicted++) {
        int cell = actual * classes + predicted;
        cells[0][cell] = predicted;
        cells[1][cell] = actual;
        cells[2][cell] = counts[actual][predicted];
        largest = Math.max(largest, counts[actual][predicted]);
      }
    }
    DefaultXYZDataset data = new DefaultXYZDataset();
    data.addSeries("counts", cells);

    String[] names = classNames.toArray(String[]::new);
    SymbolAxis predictedAxis = classAxis("predicted", names);
    predictedAxis.setVerticalTickLabels(true);
    SymbolAxis actualAxis = classAxis("actual", names);
    actualAxis.setInverted(true); // row 0 on top, as a matrix is printed
    XYBlockRenderer renderer = new XYBlockRenderer();
    renderer.setPaintScale(new BlueScale(largest));
    XYPlot plot = new XYPlot(data, predictedAxis, actualAxis, renderer);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    plot.setBackgroundPaint(Color.WHITE);
    Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    for (int cell = 0; cell < cells[2].length; cell++) {
      int count = (int) cells[2][cell];
      XYTextAnnotation label =
          new XYTextAnnotation(Integer.toString(count), cells[0][cell], cells[1][cell]);
      label.setFont(font);
      // White on the dark cells, black on the light ones, so every count stays readable.
      label.setPaint(count > largest / 2 ? Color.WHITE : Color.BLACK);
      plot.addAnnotation(label);
    }
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static SymbolAxis classAxis(String label, String[] names) {
    SymbolAxis axis = new SymbolAxis(label, names);
    axis.setGridBandsVisible(false);
    axis.setRange(-0.5, names.length - 0.5);
    return axis;
  }

  /** White for 0 through to a dark blue for the largest count, like seaborn's "Blues". */
  private record BlueScale(double upperBound) implements PaintScale {
    private static final Color LIGHTEST = Color.WHITE;
    private static final Color DARKEST = new Color(0x08306b);

    @Override
    public double getLowerBound() {
      return 0;
    }

    @Override
    public double getUpperBound() {
      return upperBound;
    }

    @Override
    public Paint getPaint(double value) {
      double share = Math.max(0, Math.min(1, value / upperBound));
      return new Color(
          mix(LIGHTEST.getRed(), DARKEST.getRed(), share),
          mix(LIGHTEST.getGreen(), DARKEST.getGreen(), share),
          mix(LIGHTEST.getBlue(), DARKEST.getBlue(), share));
    }

    private static int mix(int from, int to, double share) {
      return (int) Math.round(from + (to - from) * share);
    }
  }
}
