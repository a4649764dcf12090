using Loom.Sdk;

namespace Loom.Pipelines.Catalog;

/// <summary>A component known to a catalog: its manifest, its class, and a hash of its implementation.</summary>
/// <param name="Manifest">The derived, checked manifest.</param>
/// <param name="Implementation">The class implementing <see cref="IComponent"/>.</param>
/// <param name="ImplementationHash">Changes whenever the compiled code changes; part of every cache key.</param>
public sealed record ComponentRegistration(ComponentManifest Manifest, Type Implementation, string ImplementationHash)
{
    /// <summary>A new instance of the component with a step's parameter values set.</summary>
    public IComponent Create(IReadOnlyDictionary<string, object?> parameters)
    {
        var component = (IComponent)Activator.CreateInstance(Implementation, nonPublic: true)!;
        ParameterReflection.Apply(component, parameters);
        return component;
    }
}
