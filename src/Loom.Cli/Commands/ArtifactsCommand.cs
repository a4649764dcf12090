using System.CommandLine;
using Loom.Pipelines.Catalog;
using Loom.Sdk;

namespace Loom.Cli.Commands;

/// <summary><c>loom artifacts get RUN STEP.PORT -o PATH</c>: copies an artifact out of the store.</summary>
internal static class ArtifactsCommand
{
    public static Command Create()
    {
        var command = new Command("artifacts", "Fetch artifacts that runs produced.");
        var run = new Argument<string>("run") { Description = "Run id, or a unique prefix of it." };
        var port = new Argument<string>("output") { Description = "STEP.PORT, such as train.model." };
        var output = new Option<string>("--output", "-o") { Description = "Folder to write into (created if missing), or a file path.", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace an existing file." };
        var get = new Command("get", "Copy an output of a run's step out of the artifact store, verified against its hash.") { run, port, output, force };
        get.SetAction(async (parse, cancellationToken) =>
        {
            var session = new CliSession(parse);
            await using var workspace = await session.OpenWorkspaceAsync(cancellationToken);
            var record = await RunsCommand.FindRunAsync(workspace, parse.GetValue(run)!, cancellationToken);
            var reference = parse.GetValue(port)!;
            var dot = reference.IndexOf('.', StringComparison.Ordinal);
            if (dot <= 0)
            {
                throw new LoomException($"'{reference}' must be STEP.PORT, such as train.model");
            }

            var (step, name) = (reference[..dot], reference[(dot + 1)..]);
            var lineage = await workspace.Store.GetLineageAsync(record.Id, cancellationToken);
            var artifact = lineage.FirstOrDefault(l => l.IsOutput && l.Step == step && l.Port == name)
                ?? throw new LoomException($"run {record.Id} has no output {reference}; its outputs are {string.Join(", ", lineage.Where(l => l.IsOutput).Select(l => $"{l.Step}.{l.Port}"))}");
            var source = await workspace.Artifacts.TryGetVerifiedPathAsync(artifact.Sha256, cancellationToken)
                ?? throw new LoomException($"artifact {artifact.Sha256[..12]} ({reference}) is missing or corrupt in the store; resume or re-run the pipeline to recompute it");
            var steps = await workspace.Store.GetStepsAsync(record.Id, cancellationToken);
            var target = Target(parse.GetValue(output)!, step, name, OutputFileName.Extension(await CliSession.CatalogAsync(workspace, cancellationToken), steps.FirstOrDefault(s => s.Name == step)?.Component, name, artifact.Kind));
            if (File.Exists(target) && !parse.GetValue(force))
            {
                throw new LoomException($"{target} exists; pass --force to replace it");
            }

            var temp = target + ".partial";
            File.Copy(source, temp, overwrite: true);
            File.SetAttributes(temp, FileAttributes.Normal);
            File.Move(temp, target, overwrite: true);
            Console.WriteLine(target);
            return ExitCodes.Ok;
        });
        command.Subcommands.Add(get);
        return command;
    }

    private static string Target(string output, string step, string port, string extension)
    {
        var looksLikeFile = File.Exists(output) || (!Directory.Exists(output) && Path.HasExtension(output) && !output.EndsWith('/'));
        if (looksLikeFile)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
            return output;
        }

        Directory.CreateDirectory(output);
        return Path.Combine(output, $"{step}.{port}.{extension}");
    }
}
