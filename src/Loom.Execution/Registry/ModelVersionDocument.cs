using System.Globalization;
using System.Text.Json.Nodes;
using Loom.Metadata.Records;

namespace Loom.Execution.Registry;

/// <summary>A model version as the command line and the REST API show it (snake_case JSON).</summary>
public static class ModelVersionDocument
{
    /// <summary>The version with the aliases that point at it.</summary>
    public static JsonObject From(ModelVersionRecord v, IReadOnlyDictionary<string, int> aliases)
    {
        ArgumentNullException.ThrowIfNull(v);
        ArgumentNullException.ThrowIfNull(aliases);
        return new JsonObject
        {
            ["name"] = v.Name,
            ["version"] = v.Version,
            ["aliases"] = new JsonArray([.. AliasesOf(aliases, v.Version).Select(a => (JsonNode)a)]),
            ["run"] = v.RunId,
            ["output"] = $"{v.Step}.{v.Port}",
            ["artifact"] = v.ArtifactSha256,
            ["pipeline"] = v.PipelineName,
            ["pipeline_version"] = v.PipelineVersion,
            ["git_commit"] = v.GitCommit,
            ["metrics"] = JsonNode.Parse(v.MetricsJson),
            ["lineage"] = JsonNode.Parse(v.LineageJson),
            ["registered_by"] = v.RegisteredBy,
            ["registered_at"] = v.RegisteredAt.ToString("O", CultureInfo.InvariantCulture),
            ["description"] = v.Description,
            ["baseline"] = v.BaselineSha256,
        };
    }

    /// <summary>The aliases that point at a version, in name order.</summary>
    public static List<string> AliasesOf(IReadOnlyDictionary<string, int> aliases, int version) =>
        [.. aliases.Where(a => a.Value == version).Select(a => a.Key).Order(StringComparer.Ordinal)];
}
