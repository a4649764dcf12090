using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Loom.Execution;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Loom.Serving.Hosting;

/// <summary>
/// <c>loom serve</c>: models of a workspace's registry behind an HTTP API — predict, describe, health — that
/// follows promotions and rollbacks, refuses what it cannot take (503 with Retry-After) rather than collapse, and
/// bounds what a client may send (body size, batch rows, slow uploads).
/// </summary>
public static class ServingHost
{
    /// <summary>Builds the host for an open workspace and loads every model; throws when one cannot be loaded.</summary>
    /// <param name="workspace">The workspace whose registry is served; the caller keeps ownership.</param>
    /// <param name="references">The models to serve; names must differ.</param>
    /// <param name="options">Addresses, polling and limits.</param>
    /// <param name="cancellationToken">Stops the loading.</param>
    public static async Task<WebApplication> BuildAsync(Workspace workspace, IReadOnlyList<ModelReference> references, ServingOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(options);
        var twice = references.GroupBy(r => r.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new Sdk.LoomException($"model '{twice.Key}' is named twice ({string.Join(", ", twice)}); one host serves each model once");
        }

        foreach (var route in options.Canaries.GroupBy(c => c.Candidate.Name, StringComparer.Ordinal))
        {
            if (references.All(r => r.Name != route.Key) || route.Count() > 1)
            {
                throw new Sdk.LoomException(route.Count() > 1
                    ? $"--canary names model '{route.Key}' more than once; a model has one canary"
                    : $"--canary {route.First()}: this host does not serve model '{route.Key}'; a canary shares a served model's requests");
            }
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = workspace.Root, Args = [] });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            k.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            k.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
            k.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(60);
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton(workspace);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(services => new ServingMetrics(services.GetRequiredService<ModelHost>));
        builder.Services.AddSingleton(services =>
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Loom.Serving");
            var served = references.Select(r => options.Canaries.FirstOrDefault(c => c.Candidate.Name == r.Name) is { } route
                ? new ServedModel(r, options.Health, logger, options.MicroBatch) { Canary = new ServedModel(route.Candidate, options.Health, logger, options.MicroBatch), CanaryPercent = route.Percent }
                : new ServedModel(r, options.Health, logger, options.MicroBatch));
            return new ModelHost(workspace, [.. served], options, services.GetRequiredService<ServingMetrics>(), services.GetRequiredService<ILogger<ModelHost>>());
        });
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("loom-serve"))
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddMeter(ServingMetrics.MeterName).AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        builder.Services.AddHostedService(services => services.GetRequiredService<ModelHost>());
        builder.Services.AddHostedService<Monitoring.HealthWatcher>();
        builder.Services.AddSingleton<Monitoring.RequestLog>();
        builder.Services.AddHostedService(services => services.GetRequiredService<Monitoring.RequestLog>());
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            limiter.OnRejected = async (context, token) =>
            {
                Refused(context.HttpContext, "overloaded");
                context.HttpContext.Response.Headers.RetryAfter = "1";
                await PredictEndpoints.Problem(503, "Overloaded", $"{options.MaxConcurrency} requests are being scored and {options.QueueLimit} are waiting; try again in a second").ExecuteAsync(context.HttpContext);
            };
            limiter.AddConcurrencyLimiter(PredictEndpoints.Policy, o =>
            {
                o.PermitLimit = options.MaxConcurrency;
                o.QueueLimit = options.QueueLimit;
                o.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
        });
        builder.Services.AddRequestTimeouts(timeouts => timeouts.AddPolicy(PredictEndpoints.Policy, new RequestTimeoutPolicy
        {
            Timeout = options.RequestTimeout,
            TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
            WriteTimeoutResponse = async context =>
            {
                Refused(context, "timeout");
                context.Response.Headers.RetryAfter = "1";
                await PredictEndpoints.Problem(503, "Timed out", $"the request was not answered within {options.RequestTimeout.TotalSeconds:0.###} s; the host is busy, try again").ExecuteAsync(context);
            },
        }));

        var app = builder.Build();
        await app.Services.GetRequiredService<ModelHost>().LoadAllAsync(cancellationToken).ConfigureAwait(false);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseRequestTimeouts();
        app.UseRateLimiter();
        app.MapOpenApi();
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapGet("/healthz", () => Results.Json(new { status = "ok" })).WithSummary("Liveness: the process answers.");
        app.MapGet("/readyz", (ModelHost host) => host.Ready
            ? Results.Json(new { status = "ready", models = host.Models.ToDictionary(m => m.Name, m => m.Current!.Version.Version) })
            : PredictEndpoints.Problem(503, "Not ready", $"not loaded yet: {string.Join(", ", host.Models.Where(m => m.Current is null).Select(m => m.Name))}")).WithSummary("Readiness: every model has a version loaded.");
        PredictEndpoints.Map(app, options);
        return app;
    }

    private static void Refused(HttpContext context, string reason) =>
        context.RequestServices.GetRequiredService<ServingMetrics>().Refused(context.GetRouteValue("name") as string ?? "", reason);
}
