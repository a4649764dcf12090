using System.CommandLine;
using Loom.Execution;
using Loom.Sdk;

namespace Loom.Cli.Ci;

/// <summary><c>loom ci init github|azure|gitlab</c>: writes a CI workflow for the workspace's repository.</summary>
internal static class CiInitCommand
{
    public static Command Create()
    {
        var system = new Argument<string>("system") { Description = "github, azure or gitlab." };
        system.AcceptOnlyFromAmong([.. CiWorkflows.Files.Keys]);
        var pipeline = new Option<string?>("--pipeline") { HelpName = "FILE", Description = "On main, run this pipeline, register its model and promote it to staging." };
        var output = new Option<string>("--output") { HelpName = "STEP.PORT", Description = "The step and port that write the model.", DefaultValueFactory = _ => "train.model" };
        var model = new Option<string?>("--model") { HelpName = "NAME", Description = "The registered model's name (default: the pipeline's file name)." };
        var gate = new Option<string?>("--gate") { HelpName = "FILE", Description = "The gate the version must pass to become staging." };
        var force = new Option<bool>("--force") { Description = "Replace the workflow file if it exists." };
        var command = new Command("init", "Write a CI workflow that runs 'loom ci' on every push and pull request and, with --pipeline, trains, registers and promotes to staging on main.") { system, pipeline, output, model, gate, force };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var root = Workspace.Find(parse.GetValue(CliOptions.Workspace) ?? ".")
                ?? throw new LoomException("not inside a Loom workspace (no loom.yaml here or above); run 'loom init' first");
            CiWorkflows.Release? release = null;
            if (parse.GetValue(pipeline) is { } file)
            {
                var relative = Path.GetRelativePath(root, Path.GetFullPath(file)).Replace('\\', '/');
                if (!File.Exists(Path.Combine(root, relative)) || relative.StartsWith("..", StringComparison.Ordinal))
                {
                    throw new LoomException($"--pipeline '{file}' is not a file of the workspace");
                }

                if (parse.GetValue(gate) is { } gateFile && !File.Exists(gateFile))
                {
                    throw new LoomException($"--gate '{gateFile}' does not exist");
                }

                release = new CiWorkflows.Release(relative, parse.GetValue(output)!, parse.GetValue(model) ?? Path.GetFileNameWithoutExtension(relative), parse.GetValue(gate) is { } g ? Path.GetRelativePath(root, Path.GetFullPath(g)).Replace('\\', '/') : null);
            }

            var name = parse.GetValue(system)!;
            var target = Path.Combine(root, CiWorkflows.Files[name]);
            if (File.Exists(target) && !parse.GetValue(force))
            {
                throw new LoomException($"{CiWorkflows.Files[name]} exists already; give --force to replace it");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await File.WriteAllTextAsync(target, CiWorkflows.Write(name, release), cancellationToken);
            Console.WriteLine($"wrote {CiWorkflows.Files[name]}: 'loom ci' on every push and pull request{(release is null ? "" : $"; on main, {release.Pipeline} is run and {release.Model} promoted to staging")}");
            Console.WriteLine("set LOOM_DATABASE (postgres://...) as a secret of the CI system, so every job shares one registry");
            return ExitCodes.Ok;
        });
        return command;
    }
}
