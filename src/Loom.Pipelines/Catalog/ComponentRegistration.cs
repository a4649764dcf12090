using Loom.Sdk;

namespace Loom.Pipelines.Catalog;

/// <summary>
/// A component known to a catalog: its manifest, and either its class (a built-in, run in process) or its published
/// package (a custom component, run in a worker process).
/// </summary>
/// <param name="Manifest">The derived, checked manifest.</param>
/// <param name="Implementation">The class implementing <see cref="IComponent"/>, or null for a published component.</param>
/// <param name="ImplementationHash">Changes whenever the compiled code changes; part of every cache key.</param>
/// <param name="Package">The published package of a custom component, or null for a built-in.</param>
public sealed record ComponentRegistration(ComponentManifest Manifest, Type? Implementation, string ImplementationHash, PublishedPackage? Package = null)
{
    /// <summary>Whether the component is custom code, which runs in a worker process.</summary>
    public bool IsCustom => Package is not null;

    /// <summary>A new instance of a built-in component with a step's parameter values set.</summary>
    /// <exception cref="InvalidOperationException">The component is custom: it runs in a worker, not in this process.</exception>
    public IComponent Create(IReadOnlyDictionary<string, object?> parameters)
    {
        var type = Implementation ?? throw new InvalidOperationException($"{Manifest.Identity} is a published custom component; it runs in a worker process");
        var component = (IComponent)Activator.CreateInstance(type, nonPublic: true)!;
        ParameterReflection.Apply(component, parameters);
        return component;
    }
}

/// <summary>Where a published custom component's code is.</summary>
/// <param name="PackageSha256">The artifact holding its built assembly and dependencies (a zip).</param>
/// <param name="AssemblyFile">The assembly's file name in the package.</param>
/// <param name="TypeName">The component class's full name.</param>
/// <param name="Origin">Where it came from: <c>upload</c>, or <c>repository@sha</c>.</param>
/// <param name="Deprecation">Why users should move off this version, or null.</param>
public sealed record PublishedPackage(string PackageSha256, string AssemblyFile, string TypeName, string Origin, string? Deprecation);
