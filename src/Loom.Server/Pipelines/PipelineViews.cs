using System.Text.Json;
using System.Text.Json.Nodes;
using Loom.Metadata.Records;
using Loom.Pipelines.Comparing;
using Loom.Pipelines.Documents;
using Loom.Pipelines.Writing;

namespace Loom.Server.Pipelines;

/// <summary>Body of a create or save request.</summary>
internal sealed record PipelineBody(JsonElement? Document, string? Yaml, string? BaseVersion, string? Message, string? Author, JsonElement? Layout);

/// <summary>Body of a validation request.</summary>
internal sealed record ValidateBody(JsonElement? Document, string? Yaml);

/// <summary>A pipeline in the list.</summary>
internal sealed record PipelineSummary(string Name, string File, string? Description, string? Version, int? Steps, DateTimeOffset UpdatedAt, string? Error);

/// <summary>One version of a pipeline, whole.</summary>
internal sealed record PipelineVersionView(string Name, string Version, string Yaml, JsonObject? Document, DateTimeOffset CreatedAt, string Author, string Message, JsonElement? Layout)
{
    public static PipelineVersionView Of(PipelineVersionRecord record)
    {
        JsonObject? document = null;
        try
        {
            document = PipelineJsonWriter.Write(PipelineParser.Parse(record.Yaml, record.Pipeline));
        }
        catch (Loom.Pipelines.Validation.PipelineValidationException)
        {
            // A version recorded from a file that no longer parses with this Loom: the YAML is still shown.
        }

        JsonElement? layout = record.LayoutJson is { } json ? JsonDocument.Parse(json).RootElement.Clone() : null;
        return new PipelineVersionView(record.Pipeline, record.Version, record.Yaml, document, record.CreatedAt, record.Author, record.Message, layout);
    }
}

/// <summary>A version in the history list.</summary>
internal sealed record VersionSummary(string Version, DateTimeOffset CreatedAt, string Author, string Message, int? Steps);

/// <summary>The difference between two versions.</summary>
internal sealed record DiffView(string From, string To, IReadOnlyList<DiffLineView> Lines, PipelineDiff Steps);

/// <summary>One line of a YAML diff.</summary>
internal sealed record DiffLineView(string Op, string Text);

/// <summary>The answer to a validation request.</summary>
internal sealed record ValidationView(bool Valid, IReadOnlyList<Http.ErrorView> Errors, string? Yaml);

/// <summary>A list answer.</summary>
internal sealed record ItemsView<T>(IReadOnlyList<T> Items);
