using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Loom.Execution;
using Loom.Metadata.Records;
using Loom.Registry;
using Loom.Sdk;
using Loom.Worker;
using Spectre.Console;

namespace Loom.Cli.Commands;

/// <summary><c>loom component publish|versions|deprecate</c>: custom components through the quality gate into the workspace's repository.</summary>
internal static class ComponentPublishing
{
    public static Command Publish()
    {
        var path = new Argument<string>("path") { Description = "The component's folder (as 'loom component new' makes it) or a .zip of it." };
        var json = CliOptions.Json();
        var command = new Command("publish", "Check a component with the quality gate (build, rules, tests, manifest, determinism) and publish it to the workspace; nothing is published unless all of it passes.") { path, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var session = new CliSession(parse);
            await using var workspace = await session.OpenWorkspaceAsync(cancellationToken);
            var publisher = Publisher(session, workspace);
            var given = parse.GetValue(path)!;
            if (!parse.GetValue(json))
            {
                Console.WriteLine($"checking {given} with the quality gate...");
            }

            var result = await publisher.PublishAsync(given, ComponentOrigin.Upload, Environment.UserName, cancellationToken);
            Report(result, parse.GetValue(json));
            return result.Published ? ExitCodes.Ok : ExitCodes.RunFailed;
        });
        return command;
    }

    public static Command Import()
    {
        var url = new Argument<string>("repository") { Description = "The repository: an https:// or file:// URL, or a local repository's folder." };
        var reference = new Option<string?>("--ref") { Description = "A tag, branch or commit SHA; the default branch when absent." };
        var path = new Option<string?>("--path") { Description = "The component's folder in the repository; its root when absent." };
        var json = CliOptions.Json();
        var command = new Command("import", "Take a component from a folder of a Git repository at a tag, branch or commit, check it with the quality gate, and publish it; the version records the repository, folder and commit.") { url, reference, path, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var session = new CliSession(parse);
            await using var workspace = await session.OpenWorkspaceAsync(cancellationToken);
            var result = await Publisher(session, workspace).ImportAsync(parse.GetValue(url)!, parse.GetValue(reference), parse.GetValue(path), Environment.UserName, cancellationToken);
            Report(result, parse.GetValue(json));
            return result.Published ? ExitCodes.Ok : ExitCodes.RunFailed;
        });
        return command;
    }

    public static Command Update()
    {
        var name = new Argument<string>("component") { Description = "A component imported from Git." };
        var reference = new Option<string?>("--ref") { Description = "The tag, branch or commit SHA to take; the default branch when absent." };
        var json = CliOptions.Json();
        var command = new Command("update", "Import a component again from the repository and folder its newest version came from, at a new tag, branch or commit.") { name, reference, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var session = new CliSession(parse);
            await using var workspace = await session.OpenWorkspaceAsync(cancellationToken);
            var component = parse.GetValue(name)!;
            var versions = await workspace.Store.ListComponentVersionsAsync(component, cancellationToken);
            var newest = versions.Where(v => v.Origin == "git").MaxBy(v => SemanticVersion.TryParse(v.Version, out var parsed) ? parsed : default)
                ?? throw new LoomException(versions.Count == 0
                    ? $"no version of '{component}' is published; import it with 'loom component import REPOSITORY --path FOLDER'"
                    : $"'{component}' was not imported from Git; publish its new version with 'loom component publish PATH'");
            var result = await Publisher(session, workspace).ImportAsync(newest.Repository!, parse.GetValue(reference), newest.RepositoryPath, Environment.UserName, cancellationToken);
            Report(result, parse.GetValue(json));
            return result.Published ? ExitCodes.Ok : ExitCodes.RunFailed;
        });
        return command;
    }

    public static Command Versions()
    {
        var name = new Argument<string?>("component") { Description = "Only this component.", Arity = ArgumentArity.ZeroOrOne };
        var json = CliOptions.Json();
        var command = new Command("versions", "List the component versions published to the workspace: origin, who and when, deprecation.") { name, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var workspace = await new CliSession(parse).OpenWorkspaceAsync(cancellationToken);
            var versions = await workspace.Store.ListComponentVersionsAsync(parse.GetValue(name), cancellationToken);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(versions.Select(Document), LoomJson.Options));
                return ExitCodes.Ok;
            }

            if (versions.Count == 0)
            {
                Console.WriteLine(parse.GetValue(name) is { } one ? $"no version of '{one}' is published" : "no component is published to this workspace; publish one with 'loom component publish PATH'");
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("component", "version", "origin", "published", "by", "deprecated");
            foreach (var v in versions)
            {
                table.AddRow(Markup.Escape(v.Name), v.Version, Markup.Escape(Origin(v)), v.PublishedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), Markup.Escape(v.PublishedBy), Markup.Escape(v.Deprecation ?? ""));
            }

            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Deprecate()
    {
        var reference = new Argument<string>("component") { Description = "NAME@VERSION of a published version." };
        var message = new Option<string?>("--message", "-m") { Description = "What users should do instead; shown wherever the version is used." };
        var undo = new Option<bool>("--undo") { Description = "Lift the deprecation." };
        var command = new Command("deprecate", "Mark a published version as deprecated, with a message users see when they run or validate a pipeline using it.") { reference, message, undo };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var given = parse.GetValue(reference)!;
            var at = given.IndexOf('@', StringComparison.Ordinal);
            if (at <= 0)
            {
                throw new LoomException($"'{given}' must be NAME@VERSION, such as acme.flags@1.0.0");
            }

            var (name, version) = (given[..at], given[(at + 1)..]);
            var text = parse.GetValue(undo) ? null : parse.GetValue(message) is { Length: > 0 } m ? m : throw new LoomException("say why with --message (or lift a deprecation with --undo)");
            await using var workspace = await new CliSession(parse).OpenWorkspaceAsync(cancellationToken);
            if (!await workspace.Store.DeprecateComponentAsync(name, version, text, cancellationToken))
            {
                var known = await workspace.Store.ListComponentVersionsAsync(name, cancellationToken);
                throw new LoomException(known.Count == 0 ? $"no version of '{name}' is published" : $"'{name}' has no published version {version}; its versions are {string.Join(", ", known.Select(k => k.Version))}");
            }

            Console.WriteLine(text is null ? $"{given} is no longer deprecated" : $"{given} is deprecated: {text}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Where a published version came from, its deprecation, its gate report, and the pipelines that ran it.</summary>
    public static async Task WritePublicationAsync(CliSession session, ComponentManifest manifest, CancellationToken cancellationToken)
    {
        await using var workspace = await session.OpenWorkspaceAsync(cancellationToken);
        var version = (await workspace.Store.ListComponentVersionsAsync(manifest.Name, cancellationToken)).First(v => v.Version == manifest.Version);
        Console.WriteLine();
        Console.WriteLine($"published {version.PublishedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} by {version.PublishedBy}, from {Origin(version)}");
        if (version.Deprecation is { } deprecation)
        {
            Console.WriteLine($"deprecated: {deprecation}");
        }

        Console.WriteLine("quality gate:");
        Console.Write(GateReport.FromJson(version.GateReportJson).ToText());
        var uses = (await workspace.Store.ListComponentUsesAsync(manifest.Name, cancellationToken)).Where(u => u.Version == manifest.Version).ToList();
        Console.WriteLine(uses.Count == 0 ? "no pipeline has run this version yet" : "run by pipelines:");
        foreach (var use in uses)
        {
            Console.WriteLine($"  {use.Pipeline}: {use.Runs} run(s), last {use.LastRunAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}");
        }
    }

    private static void Report(PublishResult result, bool json)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(
                new { published = result.Published, unchanged = result.Unchanged, refused = result.Refused, version = result.Version is { } v ? Document(v) : null, gate = result.Report },
                LoomJson.Options));
            return;
        }

        Console.Write(result.Report.ToText());
        if (result.Refused is { } refused)
        {
            Console.Error.WriteLine($"error: {refused}");
        }
        else if (result.Version is { } version)
        {
            Console.WriteLine(result.Unchanged
                ? $"{version.Name}@{version.Version} is published already with the same content; nothing changed"
                : $"published {version.Name}@{version.Version}; use it in a step as 'component: {version.Name}@{version.Version}'");
        }
        else
        {
            Console.Error.WriteLine("error: the component did not pass the quality gate; nothing was published");
        }
    }

    private static PublishedVersionDocument Document(ComponentVersionRecord v) => PublishedVersionDocument.From(v);

    private static string Origin(ComponentVersionRecord v) =>
        new ComponentOrigin(v.Origin, v.Repository, v.RepositoryPath, v.Commit).ToString();

    /// <summary>The Loom.Sdk package this loom carries (in sdk/ next to it), the newest should an older one be left beside it.</summary>
    public static string SdkPackage() =>
        SdkPackageOrNull() ?? throw new LoomException("this loom carries no Loom.Sdk package (an sdk/ folder next to it); install it again with ./run.sh");

    /// <summary>The Loom.Sdk package this loom carries, or null.</summary>
    public static string? SdkPackageOrNull()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "sdk");
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "Loom.Sdk.*.nupkg").OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault() : null;
    }

    private static ComponentPublisher Publisher(CliSession session, Workspace workspace) =>
        new(workspace.Store, workspace.Artifacts, new ComponentGate(GateOptions.Default(SdkPackage(), Worker())), session.BuiltInCatalog.Contains);

    /// <summary>The quality gate of this loom, for its server; null when it carries no Loom.Sdk package.</summary>
    public static ComponentGate? GateOfThisProgram()
    {
        return SdkPackageOrNull() is { } sdk && WorkerLaunch.OfThisProgram() is { } worker
            ? new ComponentGate(GateOptions.Default(sdk, worker))
            : null;
    }

    private static WorkerLaunch Worker() =>
        WorkerLaunch.OfThisProgram() ?? throw new LoomException("custom components run in 'loom worker', which only the loom program can start");
}
