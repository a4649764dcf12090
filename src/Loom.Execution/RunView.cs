using System.Text.Json;
using Loom.Metadata.Records;
using Loom.Pipelines.Documents;
using Loom.Pipelines.Validation;
using Loom.Sdk;

namespace Loom.Execution;

/// <summary>Everything shown about a run: its record, steps, attempts, pipeline outputs and the metrics among them.</summary>
/// <param name="Run">The run record.</param>
/// <param name="Steps">Its steps, in creation order.</param>
/// <param name="Attempts">Every attempt of every step.</param>
/// <param name="Outputs">The pipeline outputs that were produced, by output name.</param>
/// <param name="Metrics">The numbers of the metrics outputs, by output name.</param>
/// <param name="Interrupted">Whether the run is recorded as running but no process drives it.</param>
/// <param name="GivenParameters">The parameter values given when the run started.</param>
/// <param name="Parameters">The value of every parameter the run used: the given one, else the pipeline's default.</param>
public sealed record RunView(
    RunRecord Run,
    IReadOnlyList<StepRecord> Steps,
    IReadOnlyList<AttemptRecord> Attempts,
    IReadOnlyDictionary<string, LineageRecord> Outputs,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Metrics,
    bool Interrupted,
    IReadOnlyDictionary<string, string> GivenParameters,
    IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>Reads everything about <paramref name="run"/> from the workspace.</summary>
    public static async Task<RunView> LoadAsync(Workspace workspace, RunRecord run, CancellationToken cancellationToken)
    {
        var steps = await workspace.Store.GetStepsAsync(run.Id, cancellationToken);
        var attempts = await workspace.Store.GetAttemptsAsync(run.Id, null, cancellationToken);
        var lineage = await workspace.Store.GetLineageAsync(run.Id, cancellationToken);
        var document = Document(run);
        var outputs = new Dictionary<string, LineageRecord>();
        foreach (var output in document?.Outputs ?? [])
        {
            var produced = lineage.FirstOrDefault(l => l.IsOutput && l.Step == output.Source.Step && l.Port == output.Source.Port);
            if (produced is not null)
            {
                outputs[output.Name] = produced;
            }
        }

        var metrics = new Dictionary<string, IReadOnlyDictionary<string, double>>();
        foreach (var (name, artifact) in outputs.Where(o => o.Value.Kind == ArtifactKind.Metrics))
        {
            if (await ReadMetricsAsync(workspace, artifact.Sha256, cancellationToken) is { } values)
            {
                metrics[name] = values;
            }
        }

        var given = JsonSerializer.Deserialize<Dictionary<string, string>>(run.ParametersJson) ?? [];
        return new RunView(run, steps, attempts, outputs, metrics, workspace.IsInterrupted(run), given, Effective(document, given));
    }

    private static Dictionary<string, string> Effective(PipelineDocument? document, Dictionary<string, string> given)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in document?.Parameters ?? [])
        {
            if (given.TryGetValue(parameter.Name, out var value))
            {
                values[parameter.Name] = value;
            }
            else if (parameter.Default is { IsNull: false } fallback)
            {
                values[parameter.Name] = fallback.ToString();
            }
        }

        foreach (var (name, value) in given)
        {
            values.TryAdd(name, value);
        }

        return values;
    }

    private static PipelineDocument? Document(RunRecord run)
    {
        try
        {
            return PipelineParser.Parse(run.PipelineYaml, run.PipelineFile);
        }
        catch (PipelineValidationException)
        {
            return null;
        }
    }

    /// <summary>The numbers of a metrics artifact, or null when it is missing or holds none.</summary>
    public static async Task<IReadOnlyDictionary<string, double>?> ReadMetricsAsync(Workspace workspace, string sha, CancellationToken cancellationToken)
    {
        var path = await workspace.Artifacts.TryGetVerifiedPathAsync(sha, cancellationToken);
        if (path is null)
        {
            return null;
        }

        await using var stream = File.OpenRead(path);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        if (!document.RootElement.TryGetProperty("metrics", out var metrics) || metrics.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return metrics.EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.Number)
            .ToDictionary(p => p.Name, p => p.Value.GetDouble());
    }
}
