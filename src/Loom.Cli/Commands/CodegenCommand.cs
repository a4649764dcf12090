using System.CommandLine;
using Loom.CodeGen;
using Loom.Metadata.Records;
using Loom.Pipelines.Documents;
using Loom.Pipelines.Planning;
using Loom.Sdk;

namespace Loom.Cli.Commands;

/// <summary><c>loom codegen PIPELINE [--run RUN] --out DIR [--leave-out STEP]</c>: a standalone .NET solution from a pipeline and a run of it.</summary>
internal static class CodegenCommand
{
    public static Command Create()
    {
        var pipeline = new Argument<string>("pipeline") { Description = "Pipeline document (YAML)." };
        var run = new Option<string?>("--run") { Description = "The run whose model, data schema and results the solution carries (default: the latest succeeded run of this pipeline version).", HelpName = "RUN" };
        var output = new Option<string>("--out", "-o") { Description = "Folder to write the solution to; must be new or empty.", Required = true, HelpName = "DIR" };
        var leaveOut = new Option<string[]>("--leave-out") { Description = "A step the solution need not reproduce (such as a report), left out with the steps that read it; repeat for more.", HelpName = "STEP", AllowMultipleArgumentsPerToken = true };
        var command = new Command("codegen", "Generate a standalone .NET solution (model library, training app, tests) that reproduces a pipeline with ML.NET alone.")
        {
            pipeline, run, output, leaveOut,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var session = new CliSession(parse);
            await using var workspace = await session.OpenWorkspaceAsync(cancellationToken);
            var file = parse.GetValue(pipeline)!;
            var catalog = await CliSession.CatalogAsync(workspace, cancellationToken);
            var plan = PipelinePlanner.Plan(PipelineParser.Parse(await PipelineFile.ReadAsync(file, cancellationToken), file), catalog, new Dictionary<string, string>());
            RunRecord record;
            if (parse.GetValue(run) is { } id)
            {
                record = await workspace.Store.FindRunAsync(id, cancellationToken) ?? throw new LoomException($"no run '{id}' in this workspace; 'loom runs list' shows the runs");
                if (record.PipelineName != plan.Document.Name)
                {
                    throw new LoomException($"run {record.Id[..12]} is a run of pipeline '{record.PipelineName}', not of '{plan.Document.Name}'");
                }
            }
            else
            {
                var runs = await workspace.Store.ListRunsAsync(new RunQuery(plan.Document.Name, RunStatus.Succeeded, Limit: 1000), cancellationToken);
                record = runs.Where(r => r.PipelineVersion == plan.Version).MaxBy(r => r.CreatedAt)
                    ?? throw new LoomException($"pipeline '{plan.Document.Name}' at this version has no succeeded run to generate from; run it first: loom run {file}");
            }

            var folder = parse.GetValue(output)!;
            var files = await SolutionGenerator.GenerateAsync(workspace, catalog, record, folder, parse.GetValue(leaveOut) ?? [], cancellationToken, ComponentPublishing.SdkPackageOrNull());
            Console.WriteLine($"wrote {files.Count} files to {folder} from run {record.Id[..12]}; build and test with: cd {folder} && dotnet test");
            return ExitCodes.Ok;
        });
        return command;
    }
}
