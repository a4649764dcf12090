using System.CommandLine;
using Loom.Components;
using Loom.Execution;
using Loom.Pipelines.Catalog;
using Loom.Sdk;

namespace Loom.Cli;

/// <summary>What commands share: the parse result, the catalog of components, and the workspace when one is needed.</summary>
internal sealed class CliSession(ParseResult parse)
{
    private static readonly Lazy<ComponentCatalog> BuiltIns = new(() => new ComponentCatalog().RegisterAssembly(BuiltInComponents.Assembly));

    public ParseResult Parse { get; } = parse;

    public ComponentCatalog Catalog => BuiltIns.Value;

    /// <summary>Opens the workspace named by --workspace, or the one containing the current folder.</summary>
    public async Task<Workspace> OpenWorkspaceAsync(CancellationToken cancellationToken)
    {
        var given = Parse.GetValue(CliOptions.Workspace);
        var root = given is not null
            ? File.Exists(Path.Combine(given, Workspace.FileName)) ? given : throw new LoomException($"'{given}' is not a workspace (no {Workspace.FileName}); create one with 'loom init {given}'")
            : Workspace.Find(Environment.CurrentDirectory) ?? throw new LoomException($"not in a Loom workspace (no {Workspace.FileName} here or in any parent folder); create one with 'loom init NAME' or pass --workspace");
        return await Workspace.OpenAsync(root, cancellationToken).ConfigureAwait(false);
    }
}
