using System.Text.Json;
using Loom.Components.CodeGen;
using Loom.Components.Tables;

namespace Loom.Components.Tuning;

/// <content>
/// The step as code: the search ran on the platform, and the generated code trains what it chose — the
/// trainer with the best trial's parameters, on all of the step's rows, with the step's seed — exactly as
/// the platform trained the step's model. The trials themselves are not generated.
/// </content>
internal sealed partial class Search : ICodeEmitter
{
    public async Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken)
    {
        var roles = await step.RolesAsync("table", cancellationToken).ConfigureAwait(false);
        var best = await BestParametersAsync(step.OutputArtifact("best"), cancellationToken).ConfigureAwait(false);
        TrainerSpec spec;
        Dictionary<string, object?> values;
        try
        {
            spec = Choice.Resolve(step.Name, roles);
            values = best.ToDictionary(p => p.Key, p => (object?)TrainerSpec.Parse(spec.Manifest, p.Key, p.Value, step.Name, "best"), StringComparer.Ordinal);
        }
        catch (Sdk.DataException e)
        {
            // The run succeeded with these values, so this is a run from another version of the trainer.
            throw step.Unsupported($"the search's recorded choice does not fit the trainer now: {e.Message}");
        }

        if (spec.Create(values) is not ICodeEmitter trainer)
        {
            throw step.Unsupported($"the chosen trainer {spec.Manifest.Name} has no code emitter yet");
        }

        var method = await trainer.EmitAsync(step, cancellationToken).ConfigureAwait(false);
        var chosen = string.Join(", ", best.Select(p => $"{p.Key} = {p.Value}"));
        return method with { Summary = $"trains {spec.Manifest.Name} with the parameters the search chose ({chosen}) on all rows" };
    }

    /// <summary>The parameters of the best trial, as the step's 'best' metrics recorded them.</summary>
    private static async Task<IReadOnlyDictionary<string, string>> BestParametersAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        using var document = await JsonDocument.ParseAsync(file, cancellationToken: cancellationToken).ConfigureAwait(false);
        return document.RootElement.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal)
            : throw new CodeGenException($"the search's best metrics ({path}) record no parameters");
    }
}
