using Loom.Execution;
using Loom.Metadata.Records;
using Loom.Sdk;
using Loom.Sdk.Tables;
using Loom.Serving.Monitoring;
using Microsoft.Data.Analysis;

namespace Loom.Scale;

/// <summary>Compares the model trained on a sample with the one trained on all the rows: their metrics on the same held-out rows, and their predictions.</summary>
internal static class AccuracyJudge
{
    /// <summary>Metrics where a smaller value is better; every other is better larger.</summary>
    private static readonly HashSet<string> LowerIsBetter = new(["log_loss", "rmse", "mae", "mse", "average_distance", "davies_bouldin"], StringComparer.Ordinal);

    /// <summary>The metric judged when none is named: the first of these an evaluation gives.</summary>
    private static readonly string[] Preferred = ["auc", "macro_accuracy", "r2", "ndcg@3", "nmi", "accuracy", "rmse"];

    public static async Task<AccuracyComparison> CompareAsync(
        Workspace workspace, double fraction, RunResult sample, RunResult full, string evaluation, string? scoring, string? metric, double tolerance, CancellationToken cancellationToken)
    {
        var sampled = await MetricsAsync(workspace, sample.Run.Id, evaluation, cancellationToken).ConfigureAwait(false);
        var whole = await MetricsAsync(workspace, full.Run.Id, evaluation, cancellationToken).ConfigureAwait(false);
        bool Comparable(string name) => whole.TryGetValue(name, out var w) && sampled.TryGetValue(name, out var s) && double.IsFinite(w) && double.IsFinite(s);
        var chosen = metric ?? Preferred.FirstOrDefault(Comparable) ?? whole.Keys.Order(StringComparer.Ordinal).FirstOrDefault(Comparable)
            ?? throw new LoomException($"step '{evaluation}' gives no finite metric to compare the models by");
        if (!whole.ContainsKey(chosen) || !sampled.ContainsKey(chosen))
        {
            throw new LoomException($"--accuracy-metric: step '{evaluation}' gives no metric '{chosen}'; it gives {string.Join(", ", whole.Keys.Order(StringComparer.Ordinal))}");
        }

        if (!Comparable(chosen))
        {
            throw new LoomException($"step '{evaluation}' gives {chosen} {sampled[chosen]} for the sample model and {whole[chosen]} for the full one, which cannot be compared; name another with --accuracy-metric");
        }

        var higher = !LowerIsBetter.Contains(chosen);
        var loss = higher ? sampled[chosen] - whole[chosen] : whole[chosen] - sampled[chosen];
        var pairs = whole.Keys.Where(sampled.ContainsKey).Order(StringComparer.Ordinal).ToDictionary(k => k, k => new MetricPair(sampled[k], whole[k]), StringComparer.Ordinal);
        var shift = scoring is null ? null : await ShiftAsync(workspace, sample.Run.Id, full.Run.Id, scoring, cancellationToken).ConfigureAwait(false);
        return new AccuracyComparison(fraction, sample.Run.Id, full.Run.Id, evaluation, chosen, higher, sampled[chosen], whole[chosen], loss, tolerance, pairs, shift);
    }

    private static async Task<IReadOnlyDictionary<string, double>> MetricsAsync(Workspace workspace, string run, string step, CancellationToken cancellationToken)
    {
        var output = (await workspace.Store.GetLineageAsync(run, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(l => l.Step == step && l.IsOutput && l.Kind == ArtifactKind.Metrics)
            ?? throw new LoomException($"run {run}: step '{step}' wrote no metrics");
        return await RunView.ReadMetricsAsync(workspace, output.Sha256, cancellationToken).ConfigureAwait(false)
            ?? throw new LoomException($"run {run}: the metrics of step '{step}' are missing from the artifact store");
    }

    private static async Task<PredictionShift?> ShiftAsync(Workspace workspace, string sampleRun, string fullRun, string step, CancellationToken cancellationToken)
    {
        var sample = await ScoredAsync(workspace, sampleRun, step, cancellationToken).ConfigureAwait(false);
        var full = await ScoredAsync(workspace, fullRun, step, cancellationToken).ConfigureAwait(false);
        if (sample is null || full is null || sample.Rows.Count != full.Rows.Count)
        {
            return null;
        }

        var column = new[] { "Probability", "Prediction" }.FirstOrDefault(c => full.Columns.IndexOf(c) >= 0 && IsNumber(full.Columns[c]))
            ?? (full.Columns.IndexOf("Prediction") >= 0 ? "Prediction" : null);
        if (column is null)
        {
            return null;
        }

        if (!IsNumber(full.Columns[column]))
        {
            var differ = Enumerable.Range(0, (int)full.Rows.Count).Count(i => !Equals(sample.Columns[column][i], full.Columns[column][i]));
            return new PredictionShift(column, full.Rows.Count, null, null, differ / (double)full.Rows.Count);
        }

        var before = Numbers(sample.Columns[column]);
        var after = Numbers(full.Columns[column]);
        var disagreement = full.Columns.IndexOf("Prediction") >= 0 && column != "Prediction"
            ? Enumerable.Range(0, (int)full.Rows.Count).Count(i => !Equals(sample.Columns["Prediction"][i], full.Columns["Prediction"][i])) / (double)full.Rows.Count
            : (double?)null;
        var sorted = before.Order().ToArray();
        var edges = DriftStatistics.QuantileEdges(sorted, 10);
        var psi = DriftStatistics.Psi(DriftStatistics.BinShares(before, edges), DriftStatistics.BinShares(after, edges));
        return new PredictionShift(column, full.Rows.Count, psi, DriftStatistics.KolmogorovSmirnov(sorted, after.Order().ToArray()).Statistic, disagreement);
    }

    private static async Task<DataFrame?> ScoredAsync(Workspace workspace, string run, string step, CancellationToken cancellationToken)
    {
        var output = (await workspace.Store.GetLineageAsync(run, cancellationToken).ConfigureAwait(false)).FirstOrDefault(l => l.Step == step && l.IsOutput && l.Kind == ArtifactKind.Table);
        return output is null || await workspace.Artifacts.TryGetVerifiedPathAsync(output.Sha256, cancellationToken).ConfigureAwait(false) is not { } path
            ? null
            : await ParquetTables.ReadAsync(path, cancellationToken).ConfigureAwait(false);
    }

    private static bool IsNumber(DataFrameColumn column) => column.DataType == typeof(float) || column.DataType == typeof(double);

    private static double[] Numbers(DataFrameColumn column) =>
        Enumerable.Range(0, (int)column.Length).Select(i => Convert.ToDouble(column[i] ?? double.NaN, System.Globalization.CultureInfo.InvariantCulture)).Where(double.IsFinite).ToArray();
}
