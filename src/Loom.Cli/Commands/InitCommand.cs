using System.CommandLine;
using Loom.Execution;

namespace Loom.Cli.Commands;

/// <summary><c>loom init [FOLDER]</c>: creates a workspace.</summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("folder") { Description = "Folder to create the workspace in (created if missing).", DefaultValueFactory = _ => "." };
        var example = new Option<string?>("--example") { HelpName = "NAME", Description = $"Also copy an example's pipelines and data into the workspace: {string.Join(", ", Examples.Names)}." };
        var command = new Command("init", "Create a workspace: loom.yaml, .loom/ (SQLite metadata, artifact folder) and a pipelines/ folder.") { folder, example };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(folder)!;
            await using var workspace = await Workspace.InitAsync(path, cancellationToken);
            Directory.CreateDirectory(Path.Combine(workspace.Root, "pipelines"));
            var ignore = Path.Combine(workspace.Root, ".gitignore");
            if (!File.Exists(ignore) || !(await File.ReadAllLinesAsync(ignore, cancellationToken)).Contains(".loom/"))
            {
                await File.AppendAllTextAsync(ignore, ".loom/\n", cancellationToken);
            }
            Console.WriteLine($"Created workspace '{workspace.Settings.Name}' in {workspace.Root}");
            Console.WriteLine("  loom.yaml      settings");
            Console.WriteLine("  .loom/         metadata (SQLite) and artifacts; not for Git");
            Console.WriteLine("  pipelines/     put pipeline documents here, then 'loom run pipelines/NAME.yaml'");
            if (parse.GetValue(example) is { } name)
            {
                foreach (var file in await Examples.CopyAsync(name, workspace.Root, cancellationToken))
                {
                    Console.WriteLine($"  {file}");
                }
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
