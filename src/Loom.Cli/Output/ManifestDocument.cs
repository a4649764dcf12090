using System.Text.Json;
using System.Text.Json.Serialization;
using Loom.Sdk;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Loom.Cli.Output;

/// <summary>A component manifest in the shape written as JSON or YAML.</summary>
internal sealed record ManifestDocument(
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
    public static ManifestDocument From(ComponentManifest m) => new(
        m.Name,
        m.Version,
        m.Category,
        m.Description,
        m.Inputs.Select(p => new Port(p.Name, Kind(p.Kind), p.Description, p.Optional ? true : null)).ToList(),
        m.Outputs.Select(p => new Port(p.Name, Kind(p.Kind), p.Description, null)).ToList(),
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
        m.Example.Length > 0 ? m.Example : null);

    public static string ToYaml(ManifestDocument document) =>
        new SerializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
            .Build()
            .Serialize(document);

    public static string Kind(ArtifactKind kind) => kind.ToString().ToLowerInvariant();

    public static string TypeName(ParameterType type) => type switch
    {
        ParameterType.StringList => "list",
        _ => ParameterValues.Spell(type),
    };

    /// <summary>A port in a manifest document.</summary>
    internal sealed record Port(string Name, string Type, string Description, bool? Optional);

    /// <summary>A parameter in a manifest document.</summary>
    internal sealed record Parameter(string Name, string Type, string Description, bool? Required, object? Default, double? Min, double? Max, IReadOnlyList<string>? Choices, bool? InputFile, Search? Search);

    /// <summary>Where hyperparameter searches look for a parameter's value.</summary>
    internal sealed record Search(double Min, double Max, bool? Log);
}
