using Loom.Pipelines.Documents;
using Loom.Pipelines.Validation;
using Loom.Sdk;

namespace Loom.Pipelines.Planning;

/// <summary>Resolves the value of every pipeline parameter from run values and defaults.</summary>
internal static class PipelineParameters
{
    public static Dictionary<string, object?> Resolve(
        PipelineDocument document,
        IReadOnlyDictionary<string, string> given,
        bool requireValues,
        List<PipelineError> errors)
    {
        var start = new SourceLocation(document.SourceFile, 1, 1);
        foreach (var name in given.Keys.Where(n => document.Parameters.All(p => p.Name != n)))
        {
            var known = document.Parameters.Count == 0 ? "it declares none" : "it declares " + string.Join(", ", document.Parameters.Select(p => p.Name));
            errors.Add(new PipelineError(start, null, name, $"unknown pipeline parameter '{name}'; {known}"));
        }

        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var parameter in document.Parameters)
        {
            object? raw = given.TryGetValue(parameter.Name, out var text) ? text : parameter.Default is { } d ? ValueText.Untyped(d) : null;
            if (raw is null)
            {
                if (requireValues)
                {
                    errors.Add(new PipelineError(parameter.Location, null, parameter.Name, $"pipeline parameter '{parameter.Name}' has no default; give it with --param {parameter.Name}=VALUE"));
                }

                values[parameter.Name] = null;
                continue;
            }

            var value = ParameterValues.Normalize(parameter.Type, raw);
            if (value is null)
            {
                errors.Add(new PipelineError(parameter.Location, null, parameter.Name, $"value '{ParameterValues.Format(raw)}' is not a valid {ParameterValues.Spell(parameter.Type)}"));
            }

            values[parameter.Name] = value;
        }

        return values;
    }
}
