using System.Text.Json;
using Loom.Pipelines.Catalog;
using Loom.Pipelines.Documents;
using Loom.Pipelines.Planning;
using Loom.Pipelines.Validation;
using Loom.Pipelines.Writing;
using Loom.Server.Http;

namespace Loom.Server.Pipelines;

/// <summary>A pipeline document as a request gives it (JSON document or YAML text), parsed and checked against the catalog.</summary>
/// <param name="Document">The parsed document.</param>
/// <param name="Yaml">The text to store: the YAML as given, or the JSON document written as YAML.</param>
/// <param name="Version">The version hash.</param>
internal sealed record PipelineSource(PipelineDocument Document, string Yaml, string Version)
{
    /// <summary>The most bytes of pipeline text a request may carry.</summary>
    public const int MaxLength = 1 << 20;

    /// <summary>The text of the document a request carries: exactly one of <paramref name="document"/> (JSON) and <paramref name="yaml"/>.</summary>
    public static (string Text, bool IsJson) TextOf(JsonElement? document, string? yaml)
    {
        var given = document is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined };
        if (given == (yaml is not null))
        {
            throw ApiProblem.BadRequest("give the pipeline as 'document' (a JSON object) or as 'yaml' (text), exactly one of them");
        }

        if (given && document!.Value.ValueKind != JsonValueKind.Object)
        {
            throw ApiProblem.BadRequest($"'document' must be a JSON object, got {document.Value.ValueKind.ToString().ToLowerInvariant()}");
        }

        var text = given ? document!.Value.GetRawText() : yaml!;
        return text.Length > MaxLength ? throw ApiProblem.BadRequest($"the pipeline document has {text.Length} characters; the most accepted is {MaxLength}") : (text, given);
    }

    /// <summary>Parses and validates (without parameter values) the document; throws with every error.</summary>
    /// <exception cref="PipelineValidationException">The document has errors.</exception>
    public static PipelineSource Parse(string text, bool isJson, string sourceName, ComponentCatalog catalog)
    {
        var document = PipelineParser.Parse(text, sourceName);
        PipelinePlanner.Plan(document, catalog, requireValues: false);
        var yaml = isJson ? PipelineYamlWriter.Write(document) : text;
        return new PipelineSource(document, yaml, PipelineHasher.Hash(document));
    }

    /// <summary>Every error of the document, or none; and its YAML form when it parses.</summary>
    public static (IReadOnlyList<PipelineError> Errors, string? Yaml) Validate(string text, bool isJson, ComponentCatalog catalog)
    {
        PipelineDocument document;
        try
        {
            document = PipelineParser.Parse(text, "document");
        }
        catch (PipelineValidationException e)
        {
            return (e.Errors, null);
        }

        var yaml = isJson ? PipelineYamlWriter.Write(document) : text;
        try
        {
            PipelinePlanner.Plan(document, catalog, requireValues: false);
            return ([], yaml);
        }
        catch (PipelineValidationException e)
        {
            return (e.Errors, yaml);
        }
    }
}
