using System.Globalization;
using Loom.Pipelines.Documents;
using Loom.Sdk;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Loom.Execution;

/// <summary>Settings of a workspace, read from its <c>loom.yaml</c>.</summary>
/// <param name="Name">Workspace name.</param>
/// <param name="MaxParallelSteps">Most steps at once; null for the number of cores.</param>
/// <param name="DefaultTimeout">Step timeout when a step sets none; null for the executor default.</param>
/// <param name="DefaultRetries">Retries for transient failures when a step sets none; null for the executor default.</param>
/// <param name="CustomStepMemoryMegabytes">Memory limit of one step of a custom component, in MB; null for the executor default.</param>
/// <param name="Database">
/// Where the metadata lives: null for SQLite in <c>.loom/loom.db</c>, else a <c>postgres://</c> address, in which
/// <c>${NAME}</c> stands for the environment variable NAME (so a password need not be written in the file).
/// </param>
/// <param name="ArtifactsPath">
/// Where the artifacts live: null for <c>.loom/artifacts</c>, else a folder (relative to the workspace, or absolute,
/// such as a shared mount), in which <c>${NAME}</c> stands for the environment variable NAME.
/// </param>
/// <param name="ClusterMembership">Where the nodes of the workspace's cluster find each other (<c>cluster.membership</c>), or null.</param>
/// <param name="ClusterId">The name of the workspace's cluster (<c>cluster.id</c>), or null.</param>
public sealed record WorkspaceSettings(string Name, int? MaxParallelSteps, TimeSpan? DefaultTimeout, int? DefaultRetries, int? CustomStepMemoryMegabytes = null, string? Database = null, string? ArtifactsPath = null, string? ClusterMembership = null, string? ClusterId = null)
{
    /// <summary>The <c>loom.yaml</c> written by <c>loom init</c>, with the metadata database given (null for SQLite).</summary>
    public static string Template(string name, string? database = null) => $"""
        apiVersion: loom/v1
        kind: Workspace
        name: {name}
        {(database is null
            ? "# Metadata lives in .loom/loom.db (SQLite) and artifacts in .loom/artifacts.\n# metadata: { database: \"postgres://USER:${PASSWORD_VARIABLE}@HOST:5432/DATABASE\" }"
            : $"# Metadata lives in PostgreSQL (${{NAME}} reads the environment variable NAME); artifacts in .loom/artifacts.\nmetadata:\n  database: {database}")}
        {"# artifacts: { path: /mnt/shared/loom-artifacts }   # a folder every process of this workspace reaches"}
        execution:
          max_parallel_steps: 0    # 0 = one per core
          default_timeout: 1h      # per attempt, for steps that set none
          default_retries: 2       # extra attempts after a transient failure
          custom_step_memory_mb: 2048  # memory limit of one step of a custom component (its worker process)

        """;

    /// <summary>Reads and checks a <c>loom.yaml</c>.</summary>
    /// <exception cref="LoomException">The file is unreadable or malformed; the message says where.</exception>
    public static WorkspaceSettings Read(string path)
    {
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(path)));
            root = stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode
                ?? throw new LoomException($"{path}: expected a mapping with 'apiVersion: loom/v1' and 'kind: Workspace'");
        }
        catch (YamlException e)
        {
            throw new LoomException($"{path}:{e.Start.Line}:{e.Start.Column}: malformed YAML: {e.InnerException?.Message ?? e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LoomException($"{path}: cannot read the workspace file: {e.Message}");
        }

        string? Top(string key) => root.Children.TryGetValue(new YamlScalarNode(key), out var v) ? (v as YamlScalarNode)?.Value : null;
        if (Top("apiVersion") != "loom/v1" || Top("kind") != "Workspace")
        {
            throw new LoomException($"{path}: expected 'apiVersion: loom/v1' and 'kind: Workspace', found '{Top("apiVersion")}' and '{Top("kind")}'");
        }

        var execution = root.Children.TryGetValue(new YamlScalarNode("execution"), out var node) ? node as YamlMappingNode : null;
        string? Get(string key) => execution is not null && execution.Children.TryGetValue(new YamlScalarNode(key), out var v) ? (v as YamlScalarNode)?.Value : null;
        int? Int(string key) => Get(key) is { } text
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : throw new LoomException($"{path}: execution.{key} must be a whole number >= 0, found '{text}'")
            : null;
        var timeoutText = Get("default_timeout");
        TimeSpan? timeout = timeoutText is null ? null : PipelineParser.ParseDuration(timeoutText) ?? throw new LoomException($"{path}: execution.default_timeout must be a positive duration of at most 24 days, such as 90s, 10m or 1h, found '{timeoutText}'");
        var name = root.Children.TryGetValue(new YamlScalarNode("name"), out var n) ? (n as YamlScalarNode)?.Value ?? "" : "";
        var parallel = Int("max_parallel_steps");
        var memory = Int("custom_step_memory_mb");
        if (memory is < 64)
        {
            throw new LoomException($"{path}: execution.custom_step_memory_mb must be at least 64, found {memory}");
        }

        var metadata = root.Children.TryGetValue(new YamlScalarNode("metadata"), out var m) ? m as YamlMappingNode : null;
        var database = metadata is not null && metadata.Children.TryGetValue(new YamlScalarNode("database"), out var d) ? (d as YamlScalarNode)?.Value : null;
        var artifacts = root.Children.TryGetValue(new YamlScalarNode("artifacts"), out var a) ? a : null;
        var artifactsPath = artifacts switch
        {
            null => null,
            YamlMappingNode map when !map.Children.Keys.Any(k => k is not YamlScalarNode { Value: "path" }) =>
                map.Children.TryGetValue(new YamlScalarNode("path"), out var p) && p is YamlScalarNode { Value: { Length: > 0 } given } ? given : null,
            _ => throw new LoomException($"{path}:{artifacts.Start.Line}:{artifacts.Start.Column}: 'artifacts' must be a mapping with only 'path' (the artifact folder), such as artifacts: {{ path: /mnt/loom/artifacts }}"),
        };
        var cluster = root.Children.TryGetValue(new YamlScalarNode("cluster"), out var c) ? c : null;
        string? ClusterValue(string key) => cluster is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode { Value: { Length: > 0 } given } ? given : null;
        if (cluster is not null && (cluster is not YamlMappingNode clusterMap || clusterMap.Children.Keys.Any(k => k is not YamlScalarNode { Value: "membership" or "id" })))
        {
            throw new LoomException($"{path}:{cluster.Start.Line}:{cluster.Start.Column}: 'cluster' must be a mapping of 'membership' and 'id', such as cluster: {{ membership: \"redis://10.0.0.5:6379\", id: loom }}");
        }

        return new WorkspaceSettings(name, parallel is 0 ? null : parallel, timeout, Int("default_retries"), memory, string.IsNullOrWhiteSpace(database) || database == "sqlite" ? null : database, artifactsPath, ClusterValue("membership"), ClusterValue("id"));
    }
}
