using Loom.Sdk;

namespace Loom.Registry;

/// <summary>
/// Semantic-version rules between a component's versions: a change that can break a pipeline using the previous
/// version (a port or parameter removed or retyped, a new required parameter, a narrower range or fewer choices)
/// needs a new major version; a new port or parameter needs at least a new minor version.
/// </summary>
internal static class VersionRules
{
    /// <summary>What the new version's number does not allow, compared with the version before it; empty when it is fine.</summary>
    public static IReadOnlyList<string> Check(ComponentManifest previous, ComponentManifest next)
    {
        SemanticVersion.TryParse(previous.Version, out var before);
        SemanticVersion.TryParse(next.Version, out var after);
        var breaking = Breaking(previous, next).ToList();
        var additions = Additions(previous, next).ToList();
        if (breaking.Count > 0 && after.Major == before.Major)
        {
            return [.. breaking.Select(b => $"{b}: a change that can break pipelines using {previous.Version} needs a new major version ({before.Major + 1}.0.0)")];
        }

        if (additions.Count > 0 && after.Major == before.Major && after.Minor == before.Minor)
        {
            return [.. additions.Select(a => $"{a}: a new feature needs at least a new minor version ({before.Major}.{before.Minor + 1}.0)")];
        }

        return [];
    }

    private static IEnumerable<string> Breaking(ComponentManifest previous, ComponentManifest next)
    {
        foreach (var (kind, before, after) in new[] { ("input", previous.Inputs, next.Inputs), ("output", previous.Outputs, next.Outputs) })
        {
            foreach (var port in before)
            {
                var now = after.FirstOrDefault(p => p.Name == port.Name);
                if (now is null)
                {
                    yield return $"{kind} '{port.Name}' is removed";
                }
                else if (now.Kind != port.Kind)
                {
                    yield return $"{kind} '{port.Name}' changes from {port.Kind} to {now.Kind}";
                }
                else if (kind == "input" && port.Optional && !now.Optional)
                {
                    yield return $"input '{port.Name}' becomes required";
                }
            }
        }

        foreach (var input in next.Inputs.Where(p => !p.Optional && previous.FindInput(p.Name) is null))
        {
            yield return $"new input '{input.Name}' is required";
        }

        foreach (var parameter in previous.Parameters)
        {
            var now = next.FindParameter(parameter.Name);
            if (now is null)
            {
                yield return $"parameter '{parameter.Name}' is removed";
            }
            else if (now.Type != parameter.Type)
            {
                yield return $"parameter '{parameter.Name}' changes type from {ParameterValues.Spell(parameter.Type)} to {ParameterValues.Spell(now.Type)}";
            }
            else if (now.Required && !parameter.Required)
            {
                yield return $"parameter '{parameter.Name}' becomes required";
            }
            else if ((now.Min ?? double.MinValue) > (parameter.Min ?? double.MinValue) || (now.Max ?? double.MaxValue) < (parameter.Max ?? double.MaxValue))
            {
                yield return $"parameter '{parameter.Name}' takes a narrower range";
            }
            else if (now.Choices.Count > 0 && (parameter.Choices.Count == 0 || parameter.Choices.Except(now.Choices).Any()))
            {
                yield return $"parameter '{parameter.Name}' takes fewer choices";
            }
        }

        foreach (var parameter in next.Parameters.Where(p => p.Required && previous.FindParameter(p.Name) is null))
        {
            yield return $"new parameter '{parameter.Name}' is required";
        }
    }

    private static IEnumerable<string> Additions(ComponentManifest previous, ComponentManifest next) =>
        next.Inputs.Where(p => previous.FindInput(p.Name) is null).Select(p => $"new input '{p.Name}'")
            .Concat(next.Outputs.Where(p => previous.FindOutput(p.Name) is null).Select(p => $"new output '{p.Name}'"))
            .Concat(next.Parameters.Where(p => previous.FindParameter(p.Name) is null).Select(p => $"new parameter '{p.Name}'"));
}
