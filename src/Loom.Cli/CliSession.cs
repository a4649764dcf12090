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

    /// <summary>The built-in components.</summary>
    public ComponentCatalog BuiltInCatalog => BuiltIns.Value;

    /// <summary>The components of a workspace: the built-ins and those published to it.</summary>
    public static Task<ComponentCatalog> CatalogAsync(Workspace workspace, CancellationToken cancellationToken) =>
        workspace.CatalogAsync(BuiltIns.Value, cancellationToken);

    /// <summary>The components of the workspace here (or named by --workspace), or the built-ins alone outside one.</summary>
    public async Task<ComponentCatalog> CatalogHereAsync(CancellationToken cancellationToken)
    {
        if (Parse.GetValue(CliOptions.Workspace) is null && Workspace.Find(Environment.CurrentDirectory) is null)
        {
            return BuiltIns.Value;
        }

        await using var workspace = await OpenWorkspaceAsync(cancellationToken).ConfigureAwait(false);
        return await CatalogAsync(workspace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Warns, on standard error, about each step that uses a deprecated component version.</summary>
    public static void WarnDeprecated(Pipelines.Planning.PipelinePlan plan)
    {
        foreach (var step in plan.Steps.Where(s => s.Component.Package?.Deprecation is not null))
        {
            Console.Error.WriteLine($"warning: step '{step.Name}' uses {step.Component.Manifest.Identity}, which is deprecated: {step.Component.Package!.Deprecation}");
        }
    }

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
