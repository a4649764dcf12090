using Loom.Sdk;
using Loom.Worker;

namespace Loom.Registry;

/// <summary>
/// The gate's manifest stage: the upload holds exactly one component, and its manifest tells a user everything —
/// a description, a description for every port and parameter, a range for every number, and an example step.
/// </summary>
internal static class ManifestChecks
{
    public static (DescribedComponent? Component, ComponentManifest? Manifest, IReadOnlyList<GateFinding> Findings) Check(IReadOnlyList<DescribedComponent> described, Func<string, bool> isBuiltIn)
    {
        var components = described.Where(c => c.ManifestJson is not null || c.Problem is not null).ToList();
        var broken = components.Where(c => c.Problem is not null).Select(c => new GateFinding(c.Problem!, c.TypeName, "fix the component's attributes as the message says")).ToList();
        if (broken.Count > 0)
        {
            return (null, null, broken);
        }

        if (components.Count != 1)
        {
            return (null, null, [new GateFinding(
                components.Count == 0 ? "the assembly has no component: no public class implementing IComponent with a [Component] attribute" : $"the assembly has {components.Count} components ({string.Join(", ", components.Select(c => c.TypeName))}); an upload holds one",
                null,
                components.Count == 0 ? "mark the component class with [Component(name, version, ...)] and implement IComponent" : "publish each component from a project of its own")]);
        }

        var component = components[0];
        var manifest = ManifestJson.Read(component.ManifestJson!);
        var findings = new List<GateFinding>();
        var where = component.TypeName;
        if (isBuiltIn(manifest.Name))
        {
            findings.Add(new GateFinding($"'{manifest.Name}' is the name of a built-in component", where, "name it after your team or product, such as 'acme.order-flags'"));
        }

        if (!SemanticVersion.TryParse(manifest.Version, out var version) || version.ToString() != manifest.Version)
        {
            findings.Add(new GateFinding($"version '{manifest.Version}' is not a semantic version written plainly (MAJOR.MINOR.PATCH, no leading zeros)", where, "give a version such as 1.0.0"));
        }

        if (string.IsNullOrWhiteSpace(manifest.Description) || manifest.Description.Trim().Length < 20)
        {
            findings.Add(new GateFinding("the component's description is missing or too short to tell a user what it does", where, "say in a sentence or two what it does, in the [Component] attribute's Description"));
        }

        if (manifest.Example.Length == 0)
        {
            findings.Add(new GateFinding("the component has no example step", where, "give the [Component] attribute an Example: one step in YAML flow style, whose params the gate runs on the upload's sample/ inputs"));
        }

        foreach (var port in manifest.Inputs.Concat(manifest.Outputs).Where(p => string.IsNullOrWhiteSpace(p.Description)))
        {
            findings.Add(new GateFinding($"port '{port.Name}' has no description", where, $"give the [Input]/[Output] attribute of '{port.Name}' a Description"));
        }

        foreach (var parameter in manifest.Parameters.Where(p => p.Type is ParameterType.Integer or ParameterType.Number && (p.Min is null || p.Max is null)))
        {
            findings.Add(new GateFinding($"number parameter '{parameter.Name}' has no range", where, $"give the [Parameter] attribute of '{parameter.Name}' Min and Max"));
        }

        return (component, manifest, findings);
    }
}
