using System.CommandLine;
using Loom.Execution;
using Loom.Metadata.Postgres;

namespace Loom.Cli.Commands;

/// <summary><c>loom init [FOLDER]</c>: creates a workspace.</summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("folder") { Description = "Folder to create the workspace in (created if missing).", DefaultValueFactory = _ => "." };
        var example = new Option<string?>("--example") { HelpName = "NAME", Description = $"Also copy an example's pipelines and data into the workspace: {string.Join(", ", Examples.Names)}." };
        var database = new Option<string?>("--database") { HelpName = "ADDRESS", Description = "Keep the metadata in PostgreSQL: postgres://USER:PASSWORD@HOST:5432/DATABASE (${NAME} in it reads the environment variable NAME when loom runs). Default: SQLite in .loom/." };
        var command = new Command("init", "Create a workspace: loom.yaml, .loom/ (SQLite metadata, artifact folder) and a pipelines/ folder.") { folder, example, database };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(folder)!;
            var address = parse.GetValue(database);
            await using var workspace = await Workspace.InitAsync(path, address, cancellationToken);
            Directory.CreateDirectory(Path.Combine(workspace.Root, "pipelines"));
            var ignore = Path.Combine(workspace.Root, ".gitignore");
            if (!File.Exists(ignore) || !(await File.ReadAllLinesAsync(ignore, cancellationToken)).Contains(".loom/"))
            {
                await File.AppendAllTextAsync(ignore, ".loom/\n", cancellationToken);
            }
            Console.WriteLine($"Created workspace '{workspace.Settings.Name}' in {workspace.Root}");
            Console.WriteLine("  loom.yaml      settings");
            Console.WriteLine(workspace.DatabaseDescription == "sqlite"
                ? "  .loom/         metadata (SQLite) and artifacts; not for Git"
                : $"  .loom/         artifacts; not for Git (metadata: {workspace.DatabaseDescription})");
            if (address is not null && PostgresAddress.Redacted(address) != address)
            {
                Console.Error.WriteLine("warning: loom.yaml now holds the database password; write ${NAME} in its place to read it from an environment variable");
            }

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
