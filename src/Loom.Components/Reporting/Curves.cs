namespace Loom.Components.Reporting;

/// <summary>A named curve: points in order, and for ROC and precision-recall the area under it.</summary>
internal sealed record Curve(string Name, string XLabel, string YLabel, double[] X, double[] Y, double Area = double.NaN);

/// <summary>The curves of a binary classifier and of a regression model, computed from outcomes.</summary>
internal static class Curves
{
    /// <summary>ROC: true positive rate against false positive rate as the threshold falls; the area is the AUC.</summary>
    public static Curve Roc(double[] truth, double[] probability)
    {
        var (positives, negatives) = (truth.Count(t => t == 1), truth.Count(t => t == 0));
        var x = new List<double> { 0 };
        var y = new List<double> { 0 };
        double tp = 0, fp = 0, area = 0;
        foreach (var group in Order(truth, probability).GroupBy(p => p.Probability))
        {
            var (lastX, lastY) = (x[^1], y[^1]);
            tp += group.Count(p => p.Truth == 1);
            fp += group.Count(p => p.Truth == 0);
            x.Add(negatives == 0 ? 0 : fp / negatives);
            y.Add(positives == 0 ? 0 : tp / positives);
            area += (x[^1] - lastX) * (y[^1] + lastY) / 2;
        }

        return new Curve("roc", "false positive rate", "true positive rate", [.. x], [.. y], area);
    }

    /// <summary>Precision against recall as the threshold falls; the area is average precision.</summary>
    public static Curve PrecisionRecall(double[] truth, double[] probability)
    {
        var positives = truth.Count(t => t == 1);
        var x = new List<double>();
        var y = new List<double>();
        double tp = 0, seen = 0, area = 0, lastRecall = 0;
        foreach (var group in Order(truth, probability).GroupBy(p => p.Probability))
        {
            tp += group.Count(p => p.Truth == 1);
            seen += group.Count();
            var recall = positives == 0 ? 0 : tp / positives;
            var precision = tp / seen;
            area += (recall - lastRecall) * precision;
            lastRecall = recall;
            x.Add(recall);
            y.Add(precision);
        }

        return new Curve("precision_recall", "recall", "precision", [.. x], [.. y], area);
    }

    /// <summary>Calibration: the share of positives against the mean predicted probability, in ten equal-width bins.</summary>
    public static Curve Calibration(double[] truth, double[] probability)
    {
        var bins = truth.Zip(probability).GroupBy(p => Math.Min(9, (int)(p.Second * 10))).OrderBy(g => g.Key).ToList();
        return new Curve("calibration", "mean predicted probability", "share of positives", [.. bins.Select(b => b.Average(p => p.Second))], [.. bins.Select(b => b.Average(p => p.First))]);
    }

    /// <summary>Cumulative gain: the share of all positives found in the top share of rows, by predicted probability.</summary>
    public static Curve Gain(double[] truth, double[] probability)
    {
        var ordered = Order(truth, probability).ToList();
        var positives = Math.Max(1, truth.Count(t => t == 1));
        var x = new List<double> { 0 };
        var y = new List<double> { 0 };
        double found = 0;
        for (var i = 0; i < ordered.Count; i++)
        {
            found += ordered[i].Truth;
            if ((i + 1) % Math.Max(1, ordered.Count / 100) == 0 || i == ordered.Count - 1)
            {
                x.Add((i + 1) / (double)ordered.Count);
                y.Add(found / positives);
            }
        }

        return new Curve("gain", "share of rows, highest probability first", "share of positives found", [.. x], [.. y]);
    }

    /// <summary>Residuals (actual less predicted) against the prediction.</summary>
    public static Curve Residuals(double[] truth, double[] predicted) =>
        new("residuals", "predicted", "actual - predicted", predicted, [.. truth.Zip(predicted, (t, p) => t - p)]);

    /// <summary>Actual against predicted values.</summary>
    public static Curve PredictedActual(double[] truth, double[] predicted) =>
        new("predicted_actual", "predicted", "actual", predicted, truth);

    private static IEnumerable<(double Truth, double Probability)> Order(double[] truth, double[] probability) =>
        truth.Zip(probability, (t, p) => (Truth: t, Probability: p)).OrderByDescending(p => p.Probability);
}
