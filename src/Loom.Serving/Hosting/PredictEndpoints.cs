using System.Text.Json;
using System.Text.Json.Nodes;
using Loom.Serving.Scoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Loom.Serving.Hosting;

/// <summary>The <c>/v1/models</c> endpoints: predict (one row or a batch, JSON or CSV), and what each model is.</summary>
internal static class PredictEndpoints
{
    public const string Policy = "predict";

    public static void Map(IEndpointRouteBuilder app, ServingOptions options)
    {
        var group = app.MapGroup("/v1/models").WithTags("Models");
        group.MapGet("/", List).WithSummary("The models served, with the version each serves now.");
        group.MapGet("/{name}", Describe).WithSummary("One model: the version served, its fields and types, its metrics.");
        group.MapGet("/{name}/alerts", AlertsAsync).WithSummary("The model's health alerts, newest first: which version, which field started to drift, and the rules it broke.");
        group.MapGet("/{name}/health", Health).WithSummary("The served version's recent traffic against its training data, field by field (and the canary's).");
        group.MapPost("/{name}/predict", (string name, HttpContext http, ModelHost host, ServingMetrics metrics, Monitoring.RequestLog log) => PredictAsync(name, http, host, metrics, log, options))
            .WithSummary("Scores one row (a JSON object) or a batch (a JSON array, or CSV with a header line).")
            .WithDescription("Send application/json (one row as an object of field to value, or an array of them) or text/csv (a header line, then one row a line); other content types get 415. GET /v1/models/{name} lists the fields and their types.")
            .RequireRateLimiting(Policy)
            .WithRequestTimeout(Policy);
    }

    private static IResult List(ModelHost host) =>
        Results.Json(new { models = host.Models.Select(m => Summary(m)).ToList() });

    private static IResult Describe(string name, ModelHost host)
    {
        if (host.Find(name) is not { } model)
        {
            return NotServed(name, host);
        }

        var summary = Summary(model);
        if (model.Current is { } slot)
        {
            var card = slot.Scorer.Card;
            summary["task"] = card.Task;
            summary["label"] = card.Label;
            summary["positive_class"] = card.PositiveClass;
            summary["classes"] = card.Classes is null ? null : new JsonArray([.. card.Classes.Select(c => (JsonNode)c)]);
            summary["fields"] = new JsonArray([.. slot.Scorer.Fields.Select(f => (JsonNode)new JsonObject { ["name"] = f.Name, ["type"] = f.Type })]);
            summary["metrics"] = JsonNode.Parse(slot.Version.MetricsJson);
            summary["run"] = slot.Version.RunId;
            summary["pipeline"] = slot.Version.PipelineName;
            summary["registered_at"] = slot.Version.RegisteredAt;
            summary["producer"] = card.Producer;
        }

        return Results.Json(summary);
    }

    private static async Task<IResult> AlertsAsync(string name, ModelHost host, Execution.Workspace workspace, CancellationToken cancellationToken)
    {
        if (host.Find(name) is null)
        {
            return NotServed(name, host);
        }

        var alerts = await workspace.Store.ListModelAlertsAsync(name, 100, cancellationToken);
        return Results.Json(new { alerts = alerts.Select(a => new { id = a.Id, version = a.Version, field = a.Field, rules = a.Rules, at = a.At, host = a.Host }) });
    }

    private static IResult Health(string name, ModelHost host)
    {
        if (host.Find(name) is not { } model)
        {
            return NotServed(name, host);
        }

        if (model.Current is not { } slot)
        {
            return Problem(503, "Not ready", $"model '{name}' has no version loaded yet");
        }

        return Results.Json(new { report = slot.Monitor.Report(), canary = model.Canary?.Current?.Monitor.Report() }, HealthJson.Options);
    }

    private static JsonObject Summary(ServedModel model) => new()
    {
        ["name"] = model.Name,
        ["reference"] = model.Reference.ToString(),
        ["version"] = model.Current?.Version.Version,
        ["loaded_at"] = model.Current?.LoadedAt,
        ["last_error"] = model.LastError,
        ["canary"] = model.Canary is not { } canary ? null : new JsonObject
        {
            ["reference"] = canary.Reference.ToString(),
            ["version"] = canary.Current?.Version.Version,
            ["percent"] = model.CanaryPercent,
            ["last_error"] = canary.LastError,
        },
    };

    private static async Task PredictAsync(string name, HttpContext http, ModelHost host, ServingMetrics metrics, Monitoring.RequestLog log, ServingOptions options)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        if (host.Find(name) is not { } model)
        {
            await NotServed(name, host).ExecuteAsync(http);
            return;
        }

        // One slot for the whole request: a switch meanwhile does not mix versions in one answer.
        if (model.Choose() is not { } slot)
        {
            metrics.Refused(name, "not_ready");
            http.Response.Headers.RetryAfter = "1";
            await Problem(503, "Not ready", $"model '{name}' has no version loaded yet ({model.LastError ?? "loading"})").ExecuteAsync(http);
            return;
        }

        // Micro-batching waits for a request that has arrived until it brings its row or goes.
        using var arrival = slot.Batcher?.Arrive();
        List<object[]> rows;
        bool single;
        try
        {
            (rows, single) = await RequestRows.ReadAsync(http.Request, slot.Scorer.Parser, options.MaxBatchRows, http.RequestAborted);
            if (!single)
            {
                arrival?.Dispose(); // a batch brings no single row: gatherings need not wait for it
            }
        }
        catch (RequestRefusedException e)
        {
            metrics.Refused(name, e.Status switch { 413 => "too_large", 415 => "unsupported", _ => "invalid" });
            await Problem(e.Status, e.Title, e.Message).ExecuteAsync(http);
            return;
        }
        catch (RowsRejectedException e)
        {
            metrics.Refused(name, "invalid");
            var shown = e.Errors.Take(20).Select(f => new { row = f.Row, field = f.Field, message = f.Message }).ToList();
            var first = e.Errors[0];
            var where = e.Errors.Count > 1 || first.Row > 0 ? $"row {first.Row}, " : "";
            var what = (first.Field.Length > 0 ? $"field '{first.Field}': " : "") + first.Message;
            var more = e.Errors.Count > 1 ? $" (and {e.Errors.Count - 1} more; see 'errors')" : "";
            await Problem(400, "Invalid row", where + what + more, new Dictionary<string, object?> { ["errors"] = shown }).ExecuteAsync(http);
            return;
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's limits: a body over the size limit, or one that arrives too slowly.
            var tooLarge = e.StatusCode == StatusCodes.Status413PayloadTooLarge;
            metrics.Refused(name, tooLarge ? "too_large" : "bad_request");
            await Problem(e.StatusCode, tooLarge ? "Request too large" : "Bad request", tooLarge ? $"the body is larger than {options.MaxBodyBytes} bytes; send fewer rows at once" : e.Message).ExecuteAsync(http);
            return;
        }

        var predictions = new Prediction[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            if ((i & 255) == 255)
            {
                http.RequestAborted.ThrowIfCancellationRequested();
            }

            predictions[i] = single && slot.Batcher is { } batcher ? await batcher.ScoreAsync(arrival!, rows[i]) : slot.Scorer.Score(rows[i]);
            slot.Monitor.Observe(rows[i], predictions[i]);
            log.Offer(slot, rows[i], predictions[i]);
        }

        http.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(http.Response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("model", model.Name);
        writer.WriteNumber("version", slot.Version.Version);
        if (single)
        {
            PredictionJson.WriteFields(writer, predictions[0]);
        }
        else
        {
            writer.WriteStartArray("predictions");
            foreach (var prediction in predictions)
            {
                PredictionJson.Write(writer, prediction);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        await writer.FlushAsync(http.RequestAborted);
        metrics.Scored(model.Name, slot.Version.Version, predictions.Length, !single, System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }

    private static IResult NotServed(string name, ModelHost host) =>
        Problem(404, "Not found", $"this host serves no model '{name}'; it serves {string.Join(", ", host.Models.Select(m => m.Name))}");

    public static IResult Problem(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);
}
