using System.Text.Json;
using Loom.Metadata.Records;
using Loom.Pipelines.Catalog;
using Loom.Pipelines.Documents;
using Loom.Pipelines.Planning;
using Loom.Sdk;
using Loom.Sdk.Testing;

namespace Loom.Execution.Registry.Gates;

/// <summary>
/// The metrics of the version an alias holds, measured the way a candidate's evaluation step measured the
/// candidate, on the same data: recorded by the holder's own run when it evaluated itself so, measured now otherwise.
/// </summary>
internal sealed class BaselineMetrics(Workspace workspace, ComponentCatalog catalog)
{
    private readonly Dictionary<(int Holder, string Step), (IReadOnlyDictionary<string, double> Metrics, string Source)> known = [];

    /// <summary>The holder's metrics from the candidate's evaluation step, and where they came from.</summary>
    /// <exception cref="LoomException">They cannot be measured (the evaluation is a custom component, an artifact is gone).</exception>
    public async Task<(IReadOnlyDictionary<string, double> Metrics, string Source)> OnSameDataAsync(ModelVersionRecord candidate, string step, ModelVersionRecord holder, CancellationToken cancellationToken)
    {
        if (known.TryGetValue((holder.Version, step), out var found))
        {
            return found;
        }

        var lineage = await workspace.Store.GetLineageAsync(candidate.RunId, cancellationToken).ConfigureAwait(false);
        var component = (await workspace.Store.GetStepsAsync(candidate.RunId, cancellationToken).ConfigureAwait(false)).Single(s => s.Name == step).Component;

        // The step's inputs, with the holder's model in place of the candidate's.
        var inputs = lineage.Where(l => l.Step == step && !l.IsOutput)
            .ToDictionary(l => l.Port, l => l.Sha256 == candidate.ArtifactSha256 ? l with { Sha256 = holder.ArtifactSha256 } : l, StringComparer.Ordinal);
        found = await RecordedAsync(holder, component, inputs, cancellationToken).ConfigureAwait(false)
            ?? await MeasureAsync(candidate, step, inputs, cancellationToken).ConfigureAwait(false);
        known[(holder.Version, step)] = found;
        return found;
    }

    /// <summary>The metrics of a step of the holder's run that ran the same component on the same inputs, if there is one.</summary>
    private async Task<(IReadOnlyDictionary<string, double>, string)?> RecordedAsync(ModelVersionRecord holder, string component, Dictionary<string, LineageRecord> inputs, CancellationToken cancellationToken)
    {
        var lineage = await workspace.Store.GetLineageAsync(holder.RunId, cancellationToken).ConfigureAwait(false);
        foreach (var step in (await workspace.Store.GetStepsAsync(holder.RunId, cancellationToken).ConfigureAwait(false)).Where(s => s.Component == component))
        {
            var read = lineage.Where(l => l.Step == step.Name && !l.IsOutput).ToDictionary(l => l.Port, l => l.Sha256, StringComparer.Ordinal);
            if (read.Count == inputs.Count
                && inputs.All(i => read.TryGetValue(i.Key, out var sha) && sha == i.Value.Sha256)
                && lineage.FirstOrDefault(l => l.Step == step.Name && l.IsOutput && l.Kind == ArtifactKind.Metrics) is { } written
                && await workspace.Artifacts.TryGetVerifiedPathAsync(written.Sha256, cancellationToken).ConfigureAwait(false) is { } path)
            {
                return (await ReadAsync(path, cancellationToken).ConfigureAwait(false), $"as its run {holder.RunId} measured it");
            }
        }

        return null;
    }

    /// <summary>Runs the candidate's evaluation step again, as planned in its run, on the given inputs.</summary>
    private async Task<(IReadOnlyDictionary<string, double>, string)> MeasureAsync(ModelVersionRecord candidate, string step, Dictionary<string, LineageRecord> inputs, CancellationToken cancellationToken)
    {
        var run = await workspace.Store.FindRunAsync(candidate.RunId, cancellationToken).ConfigureAwait(false)
            ?? throw new LoomException($"run {candidate.RunId} of version {candidate.Version} is gone from the workspace");
        var given = JsonSerializer.Deserialize<Dictionary<string, string>>(run.ParametersJson) ?? [];
        var plan = PipelinePlanner.Plan(PipelineParser.Parse(run.PipelineYaml, run.PipelineFile), catalog, given);
        var planned = plan.Steps.Single(s => s.Name == step);
        if (planned.Component.IsCustom)
        {
            throw new LoomException($"step '{step}' runs the custom component {planned.Component.Manifest.Name}; a gate measures the holder again only with built-in evaluations");
        }

        var output = planned.Component.Manifest.Outputs.First(o => o.Kind == ArtifactKind.Metrics).Name;
        var folder = Path.Combine(workspace.StateFolder, "scratch", "gates", Guid.NewGuid().ToString("N"));
        try
        {
            var context = new FolderContext(folder, plan.Document.Seed, step) { CancellationToken = cancellationToken };
            foreach (var (port, input) in inputs)
            {
                var path = await workspace.Artifacts.TryGetVerifiedPathAsync(input.Sha256, cancellationToken).ConfigureAwait(false)
                    ?? throw new LoomException($"artifact {input.Sha256[..12]} ('{port}' of step '{step}') is missing or damaged in the artifact store");
                context.WithInput(port, path, input.Kind, input.Sha256);
            }

            await planned.Component.Create(planned.Parameters).ExecuteAsync(context).ConfigureAwait(false);
            return (await ReadAsync(context.Outputs[output], cancellationToken).ConfigureAwait(false), "measured now");
        }
        finally
        {
            Folders.TryDelete(folder);
        }
    }

    private static async Task<IReadOnlyDictionary<string, double>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        return document.RootElement.TryGetProperty("metrics", out var metrics) && metrics.ValueKind == JsonValueKind.Object
            ? metrics.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number).ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal)
            : new Dictionary<string, double>();
    }
}
