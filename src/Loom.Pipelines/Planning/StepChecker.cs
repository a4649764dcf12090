using Loom.Pipelines.Catalog;
using Loom.Pipelines.Documents;
using Loom.Pipelines.Validation;
using Loom.Sdk;

namespace Loom.Pipelines.Planning;

/// <summary>Checks one step against its component's manifest: component, input ports and types, parameters.</summary>
internal static class StepChecker
{
    public static PlannedStep? Check(
        StepDefinition step,
        PipelineDocument document,
        ComponentCatalog catalog,
        IReadOnlyDictionary<string, object?> values,
        List<PipelineError> errors)
    {
        var component = ResolveComponent(step, catalog, errors);
        if (component is null)
        {
            return null;
        }

        var manifest = component.Manifest;
        var inputs = new Dictionary<string, PortReference>(StringComparer.Ordinal);
        foreach (var binding in step.Inputs)
        {
            if (CheckBinding(step, binding, manifest, document, catalog, errors))
            {
                inputs[binding.Port] = binding.Source;
            }
        }

        foreach (var port in manifest.Inputs.Where(p => !p.Optional && step.Inputs.All(b => b.Port != p.Name)))
        {
            errors.Add(new PipelineError(step.Location, step.Name, port.Name, $"required input '{port.Name}' ({Spell(port.Kind)}) is not bound; add 'inputs: {{ {port.Name}: STEP.PORT }}'"));
        }

        var parameters = StepParameters.Resolve(step, manifest, values, errors);
        if (step.Retries is < 0 or > 10)
        {
            errors.Add(new PipelineError(step.Location, step.Name, "retries", $"retries must be between 0 and 10, found {step.Retries}"));
        }

        if (step.MemoryBytes is not null && !component.IsCustom)
        {
            errors.Add(new PipelineError(step.Location, step.Name, "memory", $"'memory' limits a custom component's worker process; {manifest.Identity} is built in and runs in Loom's own process, so remove 'memory'"));
        }

        return new PlannedStep(step.Name, component, inputs, parameters, step.Timeout, step.Retries) { MemoryBytes = step.MemoryBytes };
    }

    public static void CheckOutputs(PipelineDocument document, ComponentCatalog catalog, List<PipelineError> errors)
    {
        foreach (var output in document.Outputs)
        {
            SourcePort(output.Source, null, output.Name, document, catalog, errors);
        }
    }

    public static string Spell(ArtifactKind kind) => kind.ToString().ToLowerInvariant();

    private static ComponentRegistration? ResolveComponent(StepDefinition step, ComponentCatalog catalog, List<PipelineError>? errors)
    {
        var component = catalog.Resolve(step.Component, step.VersionSpec);
        if (component is not null || errors is null)
        {
            return component;
        }

        if (!catalog.Contains(step.Component))
        {
            var similar = catalog.Names.Where(n => Similar(n, step.Component)).Take(3).ToList();
            var hint = similar.Count > 0 ? $"; did you mean {string.Join(" or ", similar)}?" : "; 'loom components list' shows the known ones";
            errors.Add(new PipelineError(step.Location, step.Name, null, $"unknown component '{step.Component}'{hint}"));
        }
        else
        {
            var versions = catalog.All.Where(r => r.Manifest.Name == step.Component).Select(r => r.Manifest.Version);
            errors.Add(new PipelineError(step.Location, step.Name, null, $"component '{step.Component}' has no version matching '@{step.VersionSpec}'; known versions: {string.Join(", ", versions)}"));
        }

        return null;
    }

    private static bool CheckBinding(StepDefinition step, InputBinding binding, ComponentManifest manifest, PipelineDocument document, ComponentCatalog catalog, List<PipelineError> errors)
    {
        var port = manifest.FindInput(binding.Port);
        if (port is null)
        {
            var known = manifest.Inputs.Count == 0 ? "it has none" : "it has " + string.Join(", ", manifest.Inputs.Select(p => p.Name));
            errors.Add(new PipelineError(binding.Source.Location, step.Name, binding.Port, $"unknown input port '{binding.Port}' of {manifest.Identity}; {known}"));
            return false;
        }

        var source = SourcePort(binding.Source, step.Name, binding.Port, document, catalog, errors);
        if (source is null)
        {
            return false;
        }

        if (source.Kind != port.Kind)
        {
            errors.Add(new PipelineError(binding.Source.Location, step.Name, binding.Port, $"type mismatch: input '{binding.Port}' expects {Spell(port.Kind)}, but {binding.Source} is {Spell(source.Kind)}"));
            return false;
        }

        return true;
    }

    private static PortManifest? SourcePort(PortReference reference, string? step, string port, PipelineDocument document, ComponentCatalog catalog, List<PipelineError> errors)
    {
        var producer = document.Steps.FirstOrDefault(s => s.Name == reference.Step);
        if (producer is null)
        {
            errors.Add(new PipelineError(reference.Location, step, port, $"'{reference}' refers to unknown step '{reference.Step}'"));
            return null;
        }

        var manifest = ResolveComponent(producer, catalog, null)?.Manifest;
        if (manifest is null)
        {
            return null; // reported on the producer itself
        }

        var output = manifest.FindOutput(reference.Port);
        if (output is null)
        {
            errors.Add(new PipelineError(reference.Location, step, port, $"step '{reference.Step}' ({manifest.Identity}) has no output '{reference.Port}'; its outputs are {string.Join(", ", manifest.Outputs.Select(o => o.Name))}"));
        }

        return output;
    }

    private static bool Similar(string known, string wanted) =>
        known.Contains(wanted, StringComparison.Ordinal) || wanted.Contains(known, StringComparison.Ordinal)
        || known.Split('.').Last() == wanted.Split('.').Last();
}
