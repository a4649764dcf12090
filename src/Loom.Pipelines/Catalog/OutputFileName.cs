using Loom.Sdk;

namespace Loom.Pipelines.Catalog;

/// <summary>The file name extension of a step's output when it is saved or downloaded as a file.</summary>
public static class OutputFileName
{
    /// <summary>
    /// The extension without the dot: by kind for tables, models, metrics and reports; for files, the one
    /// the component declares for the port, else <c>bin</c>.
    /// </summary>
    /// <param name="catalog">Components, to read the declared extension from.</param>
    /// <param name="component">The step's component identity, <c>name@version</c>.</param>
    /// <param name="port">The output port.</param>
    /// <param name="kind">The artifact's kind.</param>
    public static string Extension(ComponentCatalog catalog, string? component, string port, ArtifactKind kind)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return kind switch
        {
            ArtifactKind.Table => "parquet",
            ArtifactKind.Model => "zip",
            ArtifactKind.Metrics => "json",
            ArtifactKind.Report => "html",
            _ => Declared(catalog, component, port) ?? "bin",
        };
    }

    private static string? Declared(ComponentCatalog catalog, string? component, string port)
    {
        var at = component?.LastIndexOf('@') ?? -1;
        var registration = at > 0 ? catalog.Resolve(component![..at], component[(at + 1)..]) : null;
        return registration?.Manifest.FindOutput(port)?.Extension;
    }
}
