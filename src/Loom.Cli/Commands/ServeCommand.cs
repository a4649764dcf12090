using System.CommandLine;
using Loom.Pipelines.Documents;
using Loom.Sdk;
using Loom.Serving.Hosting;
using Microsoft.Extensions.Hosting;

namespace Loom.Cli.Commands;

/// <summary><c>loom serve churn@production [...]</c>: registered models behind an HTTP API that follows promotions and rollbacks.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var models = new Argument<string[]>("model") { Description = "Models to serve: NAME@ALIAS (follows the alias), NAME@VERSION, or NAME (the latest version).", Arity = ArgumentArity.OneOrMore };
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on, separated by ';' (port 0 picks a free port).", DefaultValueFactory = _ => ServingOptions.DefaultUrls, HelpName = "URLS" };
        var poll = new Option<string>("--poll") { Description = "How often the registry is asked where each alias points: 500ms, 2s, 1m.", DefaultValueFactory = _ => "2s", HelpName = "DURATION" };
        var concurrency = new Option<int>("--max-concurrency") { Description = "Most predict requests scored at once.", DefaultValueFactory = _ => new ServingOptions().MaxConcurrency, HelpName = "N" };
        var queue = new Option<int>("--queue") { Description = "Most predict requests waiting; beyond it, 503 with Retry-After.", DefaultValueFactory = _ => new ServingOptions().QueueLimit, HelpName = "N" };
        var timeout = new Option<string>("--timeout") { Description = "Longest a predict request may take, waiting included; beyond it, 503.", DefaultValueFactory = _ => "10s", HelpName = "DURATION" };
        var maxBody = new Option<int>("--max-body-mb") { Description = "Largest request body in MB; beyond it, 413.", DefaultValueFactory = _ => 8, HelpName = "MB" };
        var canary = new Option<string[]>("--canary") { Description = "Send a share of a model's requests to a candidate: NAME@ALIAS=PERCENT, such as churn@staging=10; both versions' metrics are reported.", HelpName = "NAME@ALIAS=PERCENT", AllowMultipleArgumentsPerToken = false };
        var webhook = new Option<string?>("--alert-webhook") { Description = "Post each health alert (a field that starts to drift) as JSON to this http(s) address.", HelpName = "URL" };
        var healthInterval = new Option<string>("--health-interval") { Description = "How often each served version's traffic is judged against its training data for alerts.", DefaultValueFactory = _ => "30s", HelpName = "DURATION" };
        var logSample = new Option<double>("--log-sample") { Description = "Share of scored rows (0 to 1) kept with their predictions as JSON lines in the artifact folder's logs/predictions/, for retraining and analysis.", HelpName = "SHARE" };
        var logRetention = new Option<string>("--log-retention") { Description = "How long kept rows are kept.", DefaultValueFactory = _ => "7d", HelpName = "DURATION" };
        var microBatch = new Option<string>("--micro-batch") { Description = "Let single-row requests wait up to this long (such as 2ms) to be scored together on one session; 0 scores each at once.", DefaultValueFactory = _ => "0", HelpName = "DURATION" };
        var drift = new DriftOptions();
        var maxBatch = new Option<int>("--max-batch") { Description = "Most rows in one request; beyond it, 413.", DefaultValueFactory = _ => new ServingOptions().MaxBatchRows, HelpName = "ROWS" };
        var command = new Command("serve", "Serve registered models over HTTP: predict, describe, health; follows promotions and rollbacks of the aliases served.")
        {
            models, urls, canary, poll, concurrency, queue, timeout, maxBody, maxBatch, microBatch, webhook, healthInterval, logSample, logRetention,
        };
        foreach (var option in drift.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var addresses = Listening.CheckUrls(parse.GetValue(urls)!);
            var options = new ServingOptions
            {
                Urls = addresses,
                Poll = Duration(parse.GetValue(poll)!, "--poll", TimeSpan.FromMilliseconds(100)),
                RequestTimeout = Duration(parse.GetValue(timeout)!, "--timeout", TimeSpan.FromMilliseconds(10)),
                MaxConcurrency = Positive(parse.GetValue(concurrency), "--max-concurrency", 10_000),
                QueueLimit = Positive(parse.GetValue(queue), "--queue", 1_000_000, allowZero: true),
                MaxBodyBytes = (long)Positive(parse.GetValue(maxBody), "--max-body-mb", 4096) << 20,
                MaxBatchRows = Positive(parse.GetValue(maxBatch), "--max-batch", 10_000_000),
                Canaries = [.. (parse.GetValue(canary) ?? []).Select(CanaryRoute.Parse)],
                LogSample = Share(parse.GetValue(logSample)),
                MicroBatch = parse.GetValue(microBatch) is "0" or "0ms" ? TimeSpan.Zero : Duration(parse.GetValue(microBatch)!, "--micro-batch", TimeSpan.FromMilliseconds(1)),
                LogRetention = Duration(parse.GetValue(logRetention)!, "--log-retention", TimeSpan.FromMinutes(1)),
                Health = drift.Read(parse),
                HealthInterval = Duration(parse.GetValue(healthInterval)!, "--health-interval", TimeSpan.FromMilliseconds(100)),
                AlertWebhook = parse.GetValue(webhook) is { } hook ? new Uri(Listening.CheckUrls(hook).Trim()) : null,
            };
            var references = parse.GetValue(models)!.Select(ModelReference.Parse).ToList();
            await using var workspace = await new CliSession(parse).OpenWorkspaceAsync(cancellationToken);
            await using var app = await ServingHost.BuildAsync(workspace, references, options, cancellationToken);
            await Listening.StartAsync(app, addresses, cancellationToken);
            var host = app.Services.GetService(typeof(ModelHost)) as ModelHost;
            foreach (var model in host!.Models)
            {
                var share = model.Canary is { } c ? $"; {model.CanaryPercent.ToString(System.Globalization.CultureInfo.InvariantCulture)}% of requests to {c.Reference} (version {c.Current!.Version.Version})" : "";
                Console.WriteLine($"{model.Reference}: version {model.Current!.Version.Version} at /v1/models/{model.Name}/predict{share}");
            }

            Console.WriteLine($"Loom serving {host.Models.Count} model(s) from {workspace.Root}, listening on {string.Join(", ", app.Urls)}; Ctrl+C stops it");
            await app.WaitForShutdownAsync(cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static TimeSpan Duration(string text, string option, TimeSpan least)
    {
        var duration = text.EndsWith("ms", StringComparison.Ordinal) && int.TryParse(text[..^2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms)
            ? TimeSpan.FromMilliseconds(ms)
            : PipelineParser.ParseDuration(text);
        return duration is { } d && d >= least ? d : throw new LoomException($"{option} must be a duration of at least {least.TotalMilliseconds:0} ms, such as 500ms, 2s or 1m; found '{text}'");
    }

    private static double Share(double value) =>
        value is >= 0 and <= 1 ? value : throw new LoomException($"--log-sample must be a share from 0 to 1, such as 0.01, found {value}");

    private static int Positive(int value, string option, int most, bool allowZero = false) =>
        value >= (allowZero ? 0 : 1) && value <= most ? value : throw new LoomException($"{option} must be a whole number from {(allowZero ? 0 : 1)} to {most}, found {value}");
}
