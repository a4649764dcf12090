using Loom.Pipelines.Documents;
using Loom.Pipelines.Writing;

namespace Loom.Pipelines.Comparing;

/// <summary>A field of a step that differs between two versions of a pipeline, as written in each (null when absent).</summary>
/// <param name="Field">The field: <c>component</c>, <c>inputs.PORT</c>, <c>params.NAME</c>, <c>timeout</c> or <c>retries</c>.</param>
/// <param name="From">The value before.</param>
/// <param name="To">The value after.</param>
public sealed record FieldChange(string Field, string? From, string? To);

/// <summary>A step present in both versions whose fields differ.</summary>
/// <param name="Step">Step name.</param>
/// <param name="Fields">What changed.</param>
public sealed record StepChange(string Step, IReadOnlyList<FieldChange> Fields);

/// <summary>What differs between two versions of a pipeline, step by step.</summary>
/// <param name="Added">Steps only in the newer version.</param>
/// <param name="Removed">Steps only in the older version.</param>
/// <param name="Changed">Steps in both, with their changed fields.</param>
public sealed record PipelineDiff(IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<StepChange> Changed)
{
    /// <summary>Compares two documents step by step.</summary>
    public static PipelineDiff Compare(PipelineDocument before, PipelineDocument after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var old = before.Steps.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var now = after.Steps.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var changed = new List<StepChange>();
        foreach (var step in after.Steps.Where(s => old.ContainsKey(s.Name)))
        {
            var fields = Fields(old[step.Name]);
            var newFields = Fields(step);
            var changes = fields.Keys.Union(newFields.Keys)
                .Where(k => fields.GetValueOrDefault(k) != newFields.GetValueOrDefault(k))
                .Select(k => new FieldChange(k, fields.GetValueOrDefault(k), newFields.GetValueOrDefault(k)))
                .ToList();
            if (changes.Count > 0)
            {
                changed.Add(new StepChange(step.Name, changes));
            }
        }

        return new PipelineDiff(
            [.. after.Steps.Where(s => !old.ContainsKey(s.Name)).Select(s => s.Name)],
            [.. before.Steps.Where(s => !now.ContainsKey(s.Name)).Select(s => s.Name)],
            changed);
    }

    private static Dictionary<string, string> Fields(StepDefinition step)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal) { ["component"] = step.ComponentReference };
        foreach (var input in step.Inputs)
        {
            fields["inputs." + input.Port] = input.Source.ToString();
        }

        foreach (var parameter in step.Parameters)
        {
            fields["params." + parameter.Name] = ScalarStyle.Yaml(parameter.Value);
        }

        if (step.Timeout is { } timeout)
        {
            fields["timeout"] = ScalarStyle.Duration(timeout);
        }

        if (step.Retries is { } retries)
        {
            fields["retries"] = retries.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (step.MemoryBytes is { } memory)
        {
            fields["memory"] = ScalarStyle.Memory(memory);
        }

        return fields;
    }
}
