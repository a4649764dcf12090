using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Loom.Execution;
using Loom.Metadata.Records;
using Loom.Pipelines.Catalog;
using Loom.Pipelines.Documents;
using Loom.Pipelines.Planning;
using Loom.Pipelines.Writing;
using Loom.Sdk;
using Loom.Sdk.Tables;

namespace Loom.Scale;

/// <summary>
/// Tests a pipeline at scale in this process: runs it on its data resampled to each multiplier (steps one at a time,
/// nothing from the cache) and measures every step's time, rows and memory; trains its models on a sample of their
/// rows and on all of them and compares them on the same held-out rows; repeats it for a duration watching what the
/// process keeps; and checks the pipeline's service-level targets.
/// </summary>
/// <param name="workspace">The workspace whose store records the runs.</param>
/// <param name="catalog">The components.</param>
public sealed class ScaleTest(Workspace workspace, ComponentCatalog catalog)
{
    /// <summary>Runs the test; <paramref name="say"/> hears what it does, a line at a time.</summary>
    /// <exception cref="LoomException">The request or the pipeline cannot be tested; the message says why.</exception>
    public async Task<ScaleReport> RunAsync(ScaleTestRequest request, Action<string> say, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(say);
        var started = DateTimeOffset.UtcNow;
        var document = PipelineParser.Parse(request.PipelineYaml, request.Source);
        var plan = PipelinePlanner.Plan(document, catalog, request.Parameters);
        if (catalog.Resolve(ScaledDocuments.Resample, "1") is null)
        {
            throw new LoomException($"this loom has no {ScaledDocuments.Resample} component to scale data with");
        }

        if (ScaledDocuments.Sources(plan).Count == 0)
        {
            throw new LoomException($"pipeline '{document.Name}' reads no data file (a step such as data.read-csv with a path): a scale test resamples the data a pipeline reads, so there is nothing to scale");
        }

        var generator = Generator(request.Generator);
        var multipliers = request.Multipliers.Append(document.Sla?.At ?? request.Multipliers[0]).Distinct().Order().ToList();
        var scales = new List<ScalePoint>();
        var problems = new List<string>();

        // A first run compiles the code every run uses and fills caches; measured, it would make the smallest size look
        // slow. It reads the data as it is, which also tells a generator how many rows each source gives.
        say(string.Create(CultureInfo.InvariantCulture, $"warm-up: running {document.Name} once on its data, not measured"));
        var (warm, _, _) = await RunAsync(plan.Document, request, cancellationToken).ConfigureAwait(false);
        if (warm.Run.Status != RunStatus.Succeeded)
        {
            throw new LoomException($"the pipeline fails on its own data (run {warm.Run.Id}: {warm.Run.Error}); fix that before testing it at scale");
        }

        var sourceRows = generator is null ? null : await SourceRowsAsync(plan, warm.Run.Id, cancellationToken).ConfigureAwait(false);
        PipelineDocument Variant(double multiplier) => generator is null
            ? ScaledDocuments.Scaled(plan, multiplier, request.Jitter)
            : ScaledDocuments.Generated(plan, generator, sourceRows!, multiplier);
        foreach (var multiplier in multipliers)
        {
            say(string.Create(CultureInfo.InvariantCulture, $"x{multiplier:0.####}: running {document.Name} on {(generator is not null ? $"{multiplier:0.####} times its rows made by {generator.Manifest.Identity}" : multiplier == 1 ? "its data as it is" : $"its data resampled to {multiplier:0.####} times the rows")}"));
            var point = await MeasureAsync(plan, Variant(multiplier), multiplier, generator is not null, request, cancellationToken).ConfigureAwait(false);
            scales.Add(point);
            say(string.Create(CultureInfo.InvariantCulture, $"x{multiplier:0.####}: {point.Status} in {SlaJudge.Seconds(point.WallSeconds)}, {point.DataRows} rows, {SlaJudge.Number(point.RowsPerSecond)} rows/s, peak {SlaJudge.Bytes(point.PeakResidentBytes)} (run {point.RunId})"));
            if (point.Status != "succeeded")
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"the run at x{multiplier:0.####} {point.Status}{(point.Error is { } error ? $": {error}" : "")} (see loom runs show {point.RunId})"));
            }
        }

        var tolerance = request.AccuracyTolerance ?? document.Sla?.MaxAccuracyLoss ?? ScaleTestRequest.DefaultTolerance;
        AccuracyComparison? accuracy = null;
        if (request.AccuracySample is { } fraction)
        {
            try
            {
                accuracy = await AccuracyAsync(plan, fraction, request, tolerance, say, cancellationToken).ConfigureAwait(false);
            }
            catch (LoomException e)
            {
                problems.Add("accuracy not measured: " + e.Message);
            }
        }

        if (accuracy is { Passed: false })
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"the model trained on all the rows is worse than the one trained on {accuracy.SampleFraction * 100:0.#}% of them: {accuracy.Metric} {accuracy.Full:0.####} against {accuracy.Sample:0.####}, {accuracy.Loss:0.####} worse, more than the tolerance {accuracy.Tolerance:0.####}"));
        }

        StabilityResult? stability = null;
        if (request.Duration is { } duration)
        {
            var at = request.StabilityAt ?? multipliers[0];
            say(string.Create(CultureInfo.InvariantCulture, $"stability: running {document.Name} at x{at:0.####} again and again for {duration.TotalSeconds:0} s"));
            stability = await StabilityAsync(Variant(at), at, duration, request, cancellationToken).ConfigureAwait(false);
            say("stability: " + stability.Verdict);
            if (!stability.Stable)
            {
                problems.Add("not stable: " + stability.Verdict);
            }
        }

        SlaResult? sla = null;
        if (document.Sla is { } levels)
        {
            sla = SlaJudge.Check(levels, scales.Single(s => s.Multiplier == levels.At), accuracy);
            problems.AddRange(sla.Checks.Where(c => !c.Passed).Select(c => string.Create(CultureInfo.InvariantCulture, $"SLA {c.Target} {c.Limit} not met at x{levels.At:0.####}: {c.Measured}")));
        }

        return new ScaleReport(
            NewId(), document.Name, PipelineHasher.Hash(document), started, DateTimeOffset.UtcNow, Machine(),
            scales, GrowthAnalysis.Of(scales), accuracy, stability, sla, problems);
    }

    private async Task<ScalePoint> MeasureAsync(PipelinePlan original, PipelineDocument document, double multiplier, bool generated, ScaleTestRequest request, CancellationToken cancellationToken)
    {
        var (result, peaks, peak) = await RunAsync(document, request, cancellationToken).ConfigureAwait(false);
        var lineage = await workspace.Store.GetLineageAsync(result.Run.Id, cancellationToken).ConfigureAwait(false);
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        async Task<long> RowsOf(string sha)
        {
            if (!rows.TryGetValue(sha, out var count))
            {
                await using var reader = await TableReader.OpenAsync(workspace.Artifacts.PathOf(sha), cancellationToken).ConfigureAwait(false);
                rows[sha] = count = reader.RowCount;
            }

            return count;
        }

        var steps = new List<StepMeasure>();
        // Only steps that finished: a failed step's time says nothing about how the work grows.
        foreach (var step in result.Steps.Where(s => s.Status == StepStatus.Succeeded && !s.CacheHit && s.Duration is not null).OrderBy(s => s.StartedAt))
        {
            long stepRows = 0;
            foreach (var table in lineage.Where(l => l.Step == step.Name && l.Kind == ArtifactKind.Table))
            {
                stepRows = Math.Max(stepRows, await RowsOf(table.Sha256).ConfigureAwait(false));
            }

            var seconds = step.Duration!.Value.TotalSeconds;
            var (resident, managed) = peaks.GetValueOrDefault(step.Name);
            steps.Add(new StepMeasure(step.Name, step.Component, stepRows, seconds, seconds > 0 ? stepRows / seconds : 0, resident, managed));
        }

        // The data a run reads: the tables its sources give the rest of the pipeline (after scaling).
        long dataRows = 0;
        foreach (var (source, port) in ScaledDocuments.Sources(original))
        {
            var scaledStep = multiplier == 1 || generated ? source : document.Steps.Single(s => s.Inputs.Any(i => i.Source.Step == source && i.Source.Port == port) && s.Component == ScaledDocuments.Resample).Name;
            var given = lineage.FirstOrDefault(l => l.Step == scaledStep && l.IsOutput && l.Kind == ArtifactKind.Table && (scaledStep != source || generated || l.Port == port));
            dataRows += given is null ? 0 : await RowsOf(given.Sha256).ConfigureAwait(false);
        }

        var wall = (result.Run.FinishedAt - result.Run.CreatedAt)?.TotalSeconds ?? 0;
        return new ScalePoint(multiplier, result.Run.Id, Status(result.Run.Status), dataRows, wall, wall > 0 ? dataRows / wall : 0, peak, steps, result.Run.Error);
    }

    private async Task<AccuracyComparison?> AccuracyAsync(PipelinePlan plan, double fraction, ScaleTestRequest request, double tolerance, Action<string> say, CancellationToken cancellationToken)
    {
        var (sampled, tables) = ScaledDocuments.Sampled(plan, fraction);
        var evaluation = plan.Steps.FirstOrDefault(s => s.Component.Manifest.Name.StartsWith("evaluate.", StringComparison.Ordinal)
            && s.Inputs.ContainsKey("model") && s.Inputs.ContainsKey("table") && s.Component.Manifest.Outputs.Any(o => o.Kind == ArtifactKind.Metrics));
        if (tables.Count == 0 || evaluation is null)
        {
            say("accuracy: not measured, the pipeline " + (tables.Count == 0 ? "trains no model on a table" : "evaluates no model on a table"));
            return null;
        }

        say(string.Create(CultureInfo.InvariantCulture, $"accuracy: training on {fraction * 100:0.#}% of {string.Join(", ", tables)} and on all of it, both measured by '{evaluation.Name}'"));
        var (fullDocument, scorings) = ScaledDocuments.WithScorings(plan, plan.Document);
        var (sampleDocument, _) = ScaledDocuments.WithScorings(plan, sampled);
        var (full, _, _) = await RunAsync(fullDocument, request, cancellationToken).ConfigureAwait(false);
        var (sample, _, _) = await RunAsync(sampleDocument, request, cancellationToken).ConfigureAwait(false);
        foreach (var run in new[] { full, sample }.Where(r => r.Run.Status != RunStatus.Succeeded))
        {
            throw new LoomException($"accuracy: run {run.Run.Id} {Status(run.Run.Status)}: {run.Run.Error}");
        }

        var comparison = await AccuracyJudge.CompareAsync(workspace, fraction, sample, full, evaluation.Name, scorings.GetValueOrDefault(evaluation.Name), request.AccuracyMetric, tolerance, cancellationToken).ConfigureAwait(false);
        say(string.Create(CultureInfo.InvariantCulture, $"accuracy: {comparison.Metric} {comparison.Sample:0.####} on the sample, {comparison.Full:0.####} on all rows ({(comparison.Passed ? "within" : "beyond")} the tolerance {comparison.Tolerance:0.####})"));
        return comparison;
    }

    private async Task<StabilityResult> StabilityAsync(PipelineDocument document, double multiplier, TimeSpan duration, ScaleTestRequest request, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var samples = new List<StabilitySample>();
        do
        {
            var (result, _, _) = await RunAsync(document, request, cancellationToken).ConfigureAwait(false);
            var managed = MemoryProbe.RetainedManaged();
            samples.Add(new StabilitySample(samples.Count + 1, clock.Elapsed.TotalSeconds, Status(result.Run.Status), MemoryProbe.Resident(), managed, MemoryProbe.Handles(), MemoryProbe.Threads()));
        }
        while (clock.Elapsed < duration);
        return StabilityJudge.Judge(multiplier, clock.Elapsed.TotalSeconds, samples);
    }

    /// <summary>Runs a variant of the pipeline with its steps one at a time and no cache, measuring each step's memory.</summary>
    private async Task<(RunResult Result, IReadOnlyDictionary<string, (long Resident, long Managed)> Peaks, long Peak)> RunAsync(PipelineDocument document, ScaleTestRequest request, CancellationToken cancellationToken)
    {
        var yaml = PipelineYamlWriter.Write(document);
        var plan = PipelinePlanner.Plan(PipelineParser.Parse(yaml, request.Source), catalog, request.Parameters);
        var executor = workspace.CreateExecutor(catalog, workspace.CreateExecutorOptions(maxParallelSteps: 1, useCache: false, confineInputFiles: request.ConfineInputFiles));
        MemoryProbe.ResetPeak();
        RunResult result;
        IReadOnlyDictionary<string, (long, long)> peaks;
        await using (var meter = new StepMeter(null))
        {
            result = await executor.RunAsync(new RunRequest(plan, yaml, request.Parameters, request.GitCommit), meter, cancellationToken).ConfigureAwait(false);
            peaks = meter.Peaks;
        }

        // The executor records a cancelled run rather than throwing: stop here, not at the next run.
        cancellationToken.ThrowIfCancellationRequested();
        var peak = MemoryProbe.PeakResident() ?? peaks.Values.Select(p => p.Item1).DefaultIfEmpty(MemoryProbe.Resident()).Max();
        return (result, peaks, peak);
    }

    /// <summary>The component that makes data, checked; null for none.</summary>
    private ComponentRegistration? Generator(string? reference)
    {
        if (reference is null)
        {
            return null;
        }

        var at = reference.IndexOf('@', StringComparison.Ordinal);
        var generator = catalog.Resolve(at < 0 ? reference : reference[..at], at < 0 ? null : reference[(at + 1)..])
            ?? throw new LoomException($"--generator: unknown component '{reference}'; 'loom components list' shows the known ones");
        return ScaledDocuments.NotAGenerator(generator) is { } why ? throw new LoomException($"--generator: {why}") : generator;
    }

    /// <summary>The rows each data source gave in a run.</summary>
    private async Task<Dictionary<string, long>> SourceRowsAsync(PipelinePlan plan, string run, CancellationToken cancellationToken)
    {
        var lineage = await workspace.Store.GetLineageAsync(run, cancellationToken).ConfigureAwait(false);
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (step, port) in ScaledDocuments.Sources(plan))
        {
            var output = lineage.Single(l => l.Step == step && l.Port == port && l.IsOutput);
            await using var reader = await TableReader.OpenAsync(workspace.Artifacts.PathOf(output.Sha256), cancellationToken).ConfigureAwait(false);
            rows[step] = reader.RowCount;
        }

        return rows;
    }

    private static string Status(RunStatus status) => status.ToString().ToLowerInvariant();

    private static string NewId() =>
        $"s{DateTime.UtcNow:yyyyMMddHHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";

    private static string Machine() =>
        $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes >> 20} MB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
}
