using System.Text.Json;
using System.Text.Json.Serialization;
using Loom.Sdk;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Loom.Pipelines.Catalog;

/// <summary>A component manifest in the shape written as JSON or YAML (the CLI's output and the REST API's).</summary>
/// <param name="Name">Component name.</param>
/// <param name="Version">Semantic version.</param>
/// <param name="Category">Palette category.</param>
/// <param name="Description">What it does.</param>
/// <param name="Inputs">Input ports.</param>
/// <param name="Outputs">Output ports.</param>
/// <param name="Parameters">Parameters.</param>
/// <param name="Cacheable">False when outputs are never reused; null (omitted) otherwise.</param>
/// <param name="Example">One example step, or null.</param>
public sealed record ManifestDocument(
    string Name,
    string Version,
    string Category,
    string Description,
    IReadOnlyList<ManifestDocument.Port> Inputs,
    IReadOnlyList<ManifestDocument.Port> Outputs,
    IReadOnlyList<ManifestDocument.Parameter> Parameters,
    bool? Cacheable,
    string? Example)
{
    /// <summary>Where a published custom component came from (upload, or repository@commit); null for a built-in.</summary>
    public string? Origin { get; init; }

    /// <summary>Why users should move off this version, when it is deprecated.</summary>
    public string? Deprecated { get; init; }

    /// <summary>The table input a cluster may split into partitions (a row-wise component), or null.</summary>
    public string? RowWiseInput { get; init; }

    /// <summary>The document of a registered component: its manifest, and for a published one its origin and deprecation.</summary>
    public static ManifestDocument From(ComponentRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return From(registration.Manifest) with { Origin = registration.Package?.Origin, Deprecated = registration.Package?.Deprecation };
    }

    /// <summary>The document of a manifest.</summary>
    public static ManifestDocument From(ComponentManifest m) => new ManifestDocument(
        m.Name,
        m.Version,
        m.Category,
        m.Description,
        m.Inputs.Select(p => new Port(p.Name, Kind(p.Kind), p.Description, p.Optional ? true : null, null)).ToList(),
        m.Outputs.Select(p => new Port(p.Name, Kind(p.Kind), p.Description, null, p.Extension)).ToList(),
        m.Parameters.Select(p => new Parameter(
            p.Name,
            TypeName(p.Type),
            p.Description,
            p.Required ? true : null,
            p.Default,
            p.Min,
            p.Max,
            p.Choices.Count > 0 ? p.Choices : null,
            p.InputFile ? true : null,
            p.Search is { } s ? new Search(s.Min, s.Max, s.Log ? true : null) : null)).ToList(),
        m.Cacheable ? null : false,
        m.Example.Length > 0 ? m.Example : null) { RowWiseInput = m.RowWiseInput.Length > 0 ? m.RowWiseInput : null };

    /// <summary>The document as YAML.</summary>
    public static string ToYaml(ManifestDocument document) =>
        new SerializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
            .Build()
            .Serialize(document);

    /// <summary>How an artifact kind is spelled in documents.</summary>
    public static string Kind(ArtifactKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>How a parameter type is spelled in documents.</summary>
    public static string TypeName(ParameterType type) => type switch
    {
        ParameterType.StringList => "list",
        _ => ParameterValues.Spell(type),
    };

    /// <summary>A port in a manifest document.</summary>
    /// <param name="Name">Port name.</param>
    /// <param name="Type">Artifact kind it carries.</param>
    /// <param name="Description">What it is for.</param>
    /// <param name="Optional">For inputs: true when it may stay unbound.</param>
    /// <param name="Extension">For file outputs: the declared file name extension.</param>
    public sealed record Port(string Name, string Type, string Description, bool? Optional, string? Extension);

    /// <summary>A parameter in a manifest document.</summary>
    /// <param name="Name">Parameter name.</param>
    /// <param name="Type">Value type.</param>
    /// <param name="Description">What it controls.</param>
    /// <param name="Required">True when a value must be given.</param>
    /// <param name="Default">Default value, or null.</param>
    /// <param name="Min">Smallest number allowed, or null.</param>
    /// <param name="Max">Largest number allowed, or null.</param>
    /// <param name="Choices">Allowed values, or null for any.</param>
    /// <param name="InputFile">True when the value is a file the step reads.</param>
    /// <param name="Search">The range searches try, or null.</param>
    public sealed record Parameter(string Name, string Type, string Description, bool? Required, object? Default, double? Min, double? Max, IReadOnlyList<string>? Choices, bool? InputFile, Search? Search);

    /// <summary>Where hyperparameter searches look for a parameter's value.</summary>
    /// <param name="Min">Smallest value tried.</param>
    /// <param name="Max">Largest value tried.</param>
    /// <param name="Log">True when values are drawn on a log scale.</param>
    public sealed record Search(double Min, double Max, bool? Log);
}
