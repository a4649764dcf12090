using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Loom.Execution;
using Loom.Pipelines.Documents;
using Loom.Scale;
using Loom.Sdk;

namespace Loom.Cli.Commands;

/// <summary><c>loom scale-test PIPELINE --data-multiplier 1,10,100 [--duration 10m]</c>: the pipeline at scale, measured and judged.</summary>
internal static class ScaleTestCommand
{
    public static Command Create()
    {
        var pipeline = new Argument<string>("pipeline") { Description = "Pipeline document (YAML)." };
        var multipliers = new Option<string>("--data-multiplier", "-m") { Description = "Data sizes to run at, as multiples of the pipeline's data: 1 is the data as it is, 10 ten times the rows (resampled with jitter), 0.1 a tenth.", HelpName = "M,M,...", DefaultValueFactory = _ => "1,10" };
        var parameters = new Option<string[]>("--param", "-p") { Description = "A pipeline parameter value as NAME=VALUE; repeat for several.", HelpName = "NAME=VALUE" };
        var jitter = new Option<double>("--jitter") { Description = "Noise added to the numbers of resampled rows, as a share of each column's standard deviation (0 for exact copies).", DefaultValueFactory = _ => 0.01 };
        var duration = new Option<string?>("--duration") { Description = "Also run the pipeline again and again for this long (such as 90s, 10m), watching memory, handles and failures.", HelpName = "DURATION" };
        var stabilityAt = new Option<double?>("--stability-at") { Description = "The data multiplier of the stability runs (default: the smallest).", HelpName = "M" };
        var sample = new Option<double>("--accuracy-sample") { Description = "Train the pipeline's models on this share of their training rows and on all of them, and compare both on the same held-out rows.", DefaultValueFactory = _ => 0.1 };
        var noAccuracy = new Option<bool>("--no-accuracy") { Description = "Skip the accuracy comparison." };
        var metric = new Option<string?>("--accuracy-metric") { Description = "The metric the accuracy gate judges (default: the evaluation's main one, such as auc, macro_accuracy or r2).", HelpName = "NAME" };
        var tolerance = new Option<double?>("--accuracy-tolerance") { Description = $"How much worse the full-data model may be than the sample's on that metric (default: the pipeline's sla max_accuracy_loss, else {ScaleTestRequest.DefaultTolerance}).", HelpName = "NUMBER" };
        var generator = new Option<string?>("--generator") { Description = "A component that makes the data instead of resampling it (a custom one of yours): no inputs, a whole-number parameter 'rows', a table output; it replaces each step that reads a data file, making the multiplier times the rows that step read.", HelpName = "COMPONENT" };
        var report = new Option<string?>("--report") { Description = "Also write the HTML report to this file.", HelpName = "FILE" };
        var json = CliOptions.Json();
        var command = new Command("scale-test", "Run a pipeline on its data scaled up (or down) and report per step time, rows/s, peak memory and how each grows; compare a model trained on a sample with one trained on all rows; optionally repeat for a duration; check the pipeline's sla. Exit code 1 when a run fails or a gate does not hold.")
        {
            pipeline, multipliers, parameters, jitter, generator, duration, stabilityAt, sample, noAccuracy, metric, tolerance, report, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetValue(pipeline)!;
            var request = new ScaleTestRequest(
                await PipelineFile.ReadAsync(file, cancellationToken),
                file,
                RunCommand.ParseParameters(parse.GetValue(parameters) ?? []),
                GitInfo.CommitOf(file),
                Multipliers(parse.GetValue(multipliers)!),
                Between(parse.GetValue(jitter), 0, 1, "--jitter", "a share of the standard deviation from 0 to 1"),
                parse.GetValue(duration) is { } text ? PipelineParser.ParseDuration(text) ?? throw new LoomException($"--duration must be a duration such as 90s, 10m or 2h, found '{text}'") : null,
                parse.GetValue(stabilityAt) is { } at ? Between(at, 0.0001, ServiceLevels.MaxMultiplier, "--stability-at", "a data multiplier") : null,
                parse.GetValue(noAccuracy) ? null : Between(parse.GetValue(sample), 0.001, 0.999, "--accuracy-sample", "a share of the rows above 0 and below 1"),
                parse.GetValue(metric),
                parse.GetValue(tolerance) is { } t ? Between(t, 0, double.MaxValue, "--accuracy-tolerance", "0 or more") : null,
                parse.GetValue(generator));

            var session = new CliSession(parse);
            await using var workspace = await session.OpenWorkspaceAsync(cancellationToken);
            var catalog = await CliSession.CatalogAsync(workspace, cancellationToken);
            var quiet = parse.GetValue(json);
            var result = await new ScaleTest(workspace, catalog).RunAsync(request, line => { if (!quiet) Console.WriteLine(line); }, cancellationToken);
            var html = await ScaleReportStore.SaveAsync(workspace, result, CancellationToken.None);
            if (parse.GetValue(report) is { } copy)
            {
                var target = Path.GetFullPath(copy);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(html, target, overwrite: true);
            }

            if (quiet)
            {
                Console.WriteLine(JsonSerializer.Serialize(result, LoomJson.Options));
            }
            else
            {
                Write(result, html);
            }

            return result.Passed ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
        return command;
    }

    private static void Write(ScaleReport report, string html)
    {
        Console.WriteLine();
        Console.WriteLine($"{"step",-24} {"time",-26} {"k",5}  cliff");
        foreach (var g in report.Growth)
        {
            Console.WriteLine($"{g.Step,-24} {g.Shape,-26} {(g.TimeExponent is { } k ? k.ToString("0.00", CultureInfo.InvariantCulture) : ""),5}  {g.Cliff}");
        }

        foreach (var check in report.Sla?.Checks ?? [])
        {
            Console.WriteLine($"sla {check.Target} {check.Limit}: {check.Measured} — {(check.Passed ? "met" : "NOT MET")}");
        }

        Console.WriteLine();
        foreach (var problem in report.Problems)
        {
            Console.WriteLine("FAIL " + problem);
        }

        Console.WriteLine($"scale test {report.Id} {(report.Passed ? "passed" : "failed")}; report: {html}");
    }

    private static List<double> Multipliers(string text)
    {
        var values = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < 0.0001 || value > ServiceLevels.MaxMultiplier)
            {
                throw new LoomException($"--data-multiplier takes numbers from 0.0001 to {ServiceLevels.MaxMultiplier:0} separated by commas, such as 1,10,100; '{part}' is not one");
            }

            values.Add(value);
        }

        return values;
    }

    private static double Between(double value, double min, double max, string option, string expected) =>
        double.IsFinite(value) && value >= min && value <= max ? value : throw new LoomException($"{option} must be {expected}, found {value.ToString(CultureInfo.InvariantCulture)}");
}
