using System.CommandLine;
using System.Diagnostics;
using Loom.Serving.Hosting;
using Loom.Serving.Scoring;

namespace Loom.Cli.Commands;

/// <summary><c>loom score churn@production input.csv -o out.csv</c>: batch inference with a registered model, streaming.</summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "The model: NAME@ALIAS, NAME@VERSION, or NAME (the latest version)." };
        var input = new Argument<string>("input") { Description = "A CSV file with a header line and the columns the model reads (other columns are carried through)." };
        var output = new Option<string>("--output", "-o") { Description = "The CSV file to write: the input's columns, then the predictions.", Required = true, HelpName = "FILE" };
        var command = new Command("score", "Score a CSV file with a registered model, row by row in bounded memory, into another CSV file.") { model, input, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var reference = ModelReference.Parse(parse.GetValue(model)!);
            await using var workspace = await new CliSession(parse).OpenWorkspaceAsync(cancellationToken);
            var version = await RegisteredModel.FindAsync(workspace, reference, cancellationToken);
            var scorer = await RegisteredModel.LoadAsync(workspace, version, cancellationToken);
            var clock = Stopwatch.StartNew();
            var rows = await FileScorer.ScoreAsync(scorer, parse.GetValue(input)!, parse.GetValue(output)!, null, cancellationToken);
            Console.WriteLine($"scored {rows} rows with {version.Name} version {version.Version} ({reference}) into {parse.GetValue(output)} in {clock.Elapsed.TotalSeconds:0.0} s");
            return ExitCodes.Ok;
        });
        return command;
    }
}
