using System.Diagnostics;
using System.Globalization;
using Loom.Components.Evaluation;
using Loom.Components.Tables;
using Loom.Sdk;
using Microsoft.Data.Analysis;
using Microsoft.Extensions.Logging;

namespace Loom.Components.Tuning;

/// <summary>One search's state: the training and validation parts (one held-out share, or k folds), and every trial's result.</summary>
internal sealed class SearchRun(IComponentContext context, TrainerSpec trainer, SearchSpace space, DataFrame table, ColumnRoles roles, string? transform, string? metric, int parallel)
{
    private readonly List<TrialResult> results = [];
    private readonly Dictionary<(int Part, double Fraction), string> trainFiles = [];
    private readonly List<Part> parts = [];
    private string? task;
    private string? chosenMetric = metric;

    /// <summary>Splits the table into training rows and the rows held out, once per part.</summary>
    public async Task PrepareAsync(IReadOnlyList<bool[]> held, Random random)
    {
        for (var p = 0; p < held.Count; p++)
        {
            var train = table.Filter(new BooleanDataFrameColumn("train", held[p].Select(h => !h)));
            var validation = await Trial.WriteAsync(table.Filter(new BooleanDataFrameColumn("held", held[p])), roles, context.ScratchDirectory, $"validation-{p}", context.CancellationToken).ConfigureAwait(false);
            var permutation = Enumerable.Range(0, (int)train.Rows.Count).ToArray();
            random.Shuffle(permutation);
            parts.Add(new Part(train, permutation, validation, held[p].Count(h => h)));
        }
    }

    /// <summary>Random search: every configuration on all training rows, in chunks of <c>parallel</c>.</summary>
    public async Task RandomAsync(List<Dictionary<string, object?>> configurations, int earlyStopping, Func<bool> outOfTime)
    {
        for (var start = 0; start < configurations.Count; start += parallel)
        {
            if (outOfTime())
            {
                context.Logger.LogInformation("time budget spent after {Trials} trials", results.Count);
                break;
            }

            var chunk = Enumerable.Range(start, Math.Min(parallel, configurations.Count - start)).ToList();
            results.AddRange(await Task.WhenAll(chunk.Select(i => Task.Run(() => RunAsync(i + 1, configurations[i], 0, 1)))).ConfigureAwait(false));
            context.ReportProgress((double)results.Count / configurations.Count, $"{results.Count} trials");
            var best = Best(results);
            if (earlyStopping > 0 && best is not null && results.Count - best.Number >= earlyStopping)
            {
                context.Logger.LogInformation("stopped early: no improvement in the {Trials} trials since trial {Best}", earlyStopping, best.Number);
                break;
            }
        }
    }

    /// <summary>Successive halving: all configurations on a small share of the rows, the best 1/eta kept on eta times more rows, until all rows.</summary>
    public async Task HalveAsync(List<Dictionary<string, object?>> configurations, int eta, Func<bool> outOfTime)
    {
        var rungs = (int)Math.Floor(Math.Log(configurations.Count) / Math.Log(eta) + 1e-9);
        var alive = Enumerable.Range(0, configurations.Count).ToList();
        for (var rung = 0; rung <= rungs; rung++)
        {
            var fraction = Math.Pow(eta, rung - rungs);
            var scored = new List<TrialResult>();
            for (var start = 0; start < alive.Count; start += parallel)
            {
                if (outOfTime())
                {
                    // The trials this rung finished still count; the best is taken over what was measured.
                    results.AddRange(scored);
                    context.Logger.LogInformation("time budget spent in rung {Rung}", rung);
                    return;
                }

                var chunk = alive.Skip(start).Take(parallel).ToList();
                scored.AddRange(await Task.WhenAll(chunk.Select(i => Task.Run(() => RunAsync(i + 1, configurations[i], rung, fraction)))).ConfigureAwait(false));
            }

            results.AddRange(scored);
            context.ReportProgress((double)(rung + 1) / (rungs + 1), $"rung {rung}: {scored.Count} trials on {fraction:P0} of the rows");
            var ranked = Ranked(scored).ToList();
            if (ranked.Count == 0)
            {
                context.Logger.LogWarning("rung {Rung}: every trial failed; the search stops here", rung);
                return;
            }

            alive = ranked.Take(Math.Max(1, scored.Count / eta)).Select(r => r.Number - 1).ToList();
            context.Logger.LogInformation("rung {Rung}: {Count} configurations on {Fraction:P1} of the training rows; best {Metric} {Score:F4}", rung, scored.Count, fraction, chosenMetric, ranked[0].Score);
        }
    }

    public async Task FinishAsync()
    {
        var best = Best(results) ?? throw new DataException(results.Count == 0
            ? $"step '{context.StepName}': no trial finished within the time budget; raise time_budget"
            : $"step '{context.StepName}': every trial failed; the first said: {results.FirstOrDefault(r => r.Error is not null)?.Error ?? "no reason recorded"}");
        context.Logger.LogInformation("best: trial {Trial}, {Metric} {Score:F4}, {Parameters}", best.Number, chosenMetric, best.Score, SearchSpace.Describe(best.Values));
        var all = await Trial.WriteAsync(table, roles, context.ScratchDirectory, "all", context.CancellationToken).ConfigureAwait(false);
        var (model, _) = await Trial.TrainAsync(context, "best", trainer.Create(best.Values), all, transform).ConfigureAwait(false);
        await context.WriteOutputAsync("model", async (stream, cancellationToken) =>
        {
            await using var file = File.OpenRead(model);
            await file.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
        var parameters = best.Values.ToDictionary(v => v.Key, v => Convert.ToString(v.Value, CultureInfo.InvariantCulture) ?? "");
        await new MetricsDocument { Task = task!, Rows = parts.Sum(p => p.HeldRows), Metrics = best.Metrics!, Parameters = parameters }.WriteAsync(context, "best").ConfigureAwait(false);
        await TableIO.WriteAsync(context, "trials", TrialTable()).ConfigureAwait(false);
    }

    private async Task<TrialResult> RunAsync(int number, Dictionary<string, object?> values, int rung, double fraction)
    {
        var clock = Stopwatch.StartNew();
        var name = $"trial-{number}-rung-{rung}";
        try
        {
            var measured = new List<IReadOnlyDictionary<string, double>>();
            var modelTask = "";
            for (var p = 0; p < parts.Count; p++)
            {
                var part = parts.Count == 1 ? name : $"{name}-fold-{p + 1}";
                (var model, modelTask) = await Trial.TrainAsync(context, part, trainer.Create(values), await TrainFileAsync(p, fraction).ConfigureAwait(false), transform).ConfigureAwait(false);
                measured.Add(await Trial.EvaluateAsync(context, part + "-eval", model, modelTask, parts[p].Validation).ConfigureAwait(false));
            }

            // Over k folds a trial scores the mean of each metric.
            var metrics = measured[0].Keys.Where(k => measured.All(m => m.ContainsKey(k))).ToDictionary(k => k, k => measured.Average(m => m[k]));
            lock (results)
            {
                task ??= modelTask;
                chosenMetric ??= Trial.DefaultMetric(modelTask);
            }

            var score = metrics.TryGetValue(chosenMetric!, out var value) ? value
                : throw new DataException($"step '{context.StepName}', 'metric': {modelTask} models have no metric '{chosenMetric}'; they have {string.Join(", ", metrics.Keys)}");
            if (double.IsNaN(score))
            {
                throw new DataException($"{chosenMetric} is not defined on the held-out rows{(parts.Count > 1 ? " of at least one fold" : "")} (a class missing there?)");
            }

            return new TrialResult(number, rung, fraction, values, score, metrics, clock.Elapsed.TotalSeconds, null);
        }
        catch (Exception e) when (e is DataException or ArgumentException or InvalidOperationException && !e.Message.Contains("'metric'", StringComparison.Ordinal))
        {
            // A trial that cannot be trained or measured (a fold with one class, say) is recorded as failed; the search goes on.
            context.Logger.LogWarning("trial {Trial} ({Parameters}) failed: {Error}", number, SearchSpace.Describe(values), e.Message);
            return new TrialResult(number, rung, fraction, values, double.NaN, null, clock.Elapsed.TotalSeconds, e.Message);
        }
    }

    private async Task<string> TrainFileAsync(int part, double fraction)
    {
        lock (trainFiles)
        {
            if (trainFiles.TryGetValue((part, fraction), out var path))
            {
                return path;
            }
        }

        // Nested shares of one seeded permutation: a larger share holds every row of a smaller one.
        var (train, permutation, _, _) = parts[part];
        var count = (int)Math.Ceiling(permutation.Length * fraction);
        var rows = permutation.Take(count).Order().Select(r => (long)r);
        var written = await Trial.WriteAsync(train.Filter(new Int64DataFrameColumn("rows", rows)), roles, context.ScratchDirectory, $"train-{part}-{fraction.ToString("R", CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}", context.CancellationToken).ConfigureAwait(false);
        lock (trainFiles)
        {
            return trainFiles.TryAdd((part, fraction), written) ? written : trainFiles[(part, fraction)];
        }
    }

    private IEnumerable<TrialResult> Ranked(IEnumerable<TrialResult> trials)
    {
        var valid = trials.Where(t => !double.IsNaN(t.Score));
        return Trial.HigherIsBetter(chosenMetric ?? "") ? valid.OrderByDescending(t => t.Score).ThenBy(t => t.Number) : valid.OrderBy(t => t.Score).ThenBy(t => t.Number);
    }

    /// <summary>The best trial among the successful ones on the largest share of rows any successful trial reached.</summary>
    private TrialResult? Best(IEnumerable<TrialResult> trials)
    {
        var valid = Ranked(trials).ToList();
        if (valid.Count == 0)
        {
            return null;
        }

        var top = valid.Max(t => t.Fraction);
        return valid.First(t => t.Fraction == top);
    }

    private DataFrame TrialTable()
    {
        var ordered = results.OrderBy(r => r.Rung).ThenBy(r => r.Number).ToList();
        var frame = new DataFrame(
            new DoubleDataFrameColumn("trial", ordered.Select(r => (double)r.Number)),
            new DoubleDataFrameColumn("rung", ordered.Select(r => (double)r.Rung)),
            new DoubleDataFrameColumn("fraction", ordered.Select(r => r.Fraction)));
        foreach (var name in space.Names)
        {
            frame.Columns.Add(new DoubleDataFrameColumn(name, ordered.Select(r => Convert.ToDouble(r.Values[name], CultureInfo.InvariantCulture))));
        }

        frame.Columns.Add(new DoubleDataFrameColumn(chosenMetric ?? "metric", ordered.Select(r => r.Score)));
        frame.Columns.Add(new DoubleDataFrameColumn("seconds", ordered.Select(r => Math.Round(r.Seconds, 3))));
        frame.Columns.Add(new StringDataFrameColumn("error", ordered.Select(r => r.Error ?? "")));
        return frame;
    }

    private sealed record Part(DataFrame Train, int[] Permutation, string Validation, int HeldRows);

    private sealed record TrialResult(int Number, int Rung, double Fraction, Dictionary<string, object?> Values, double Score, IReadOnlyDictionary<string, double>? Metrics, double Seconds, string? Error);
}
