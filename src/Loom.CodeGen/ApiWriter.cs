namespace Loom.CodeGen;

/// <summary>
/// Writes the prediction service: an ASP.NET Core minimal API over the generated predictor, with health checks,
/// OpenAPI, problem+json errors, Prometheus metrics through OpenTelemetry, and model reload on file change.
/// </summary>
internal static class ApiWriter
{
    public static IEnumerable<(string File, string Text)> Write(EmittedPipeline pipeline, ApiSchema schema)
    {
        var n = pipeline.Code.Name;
        var folder = $"src/{n}.Api/";
        yield return (folder + $"{n}.Api.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <ItemGroup>
                <ProjectReference Include="../{n}.Model/{n}.Model.csproj" />
                <PackageReference Include="Microsoft.AspNetCore.OpenApi" />
                <PackageReference Include="OpenTelemetry.Extensions.Hosting" />
                <PackageReference Include="OpenTelemetry.Instrumentation.AspNetCore" />
                <PackageReference Include="OpenTelemetry.Exporter.Prometheus.AspNetCore" />
              </ItemGroup>
              <ItemGroup>
                <None Include="../../models/**" LinkBase="models" CopyToOutputDirectory="PreserveNewest" CopyToPublishDirectory="PreserveNewest" />
              </ItemGroup>
            </Project>

            """);
        yield return (folder + "Program.cs", $$"""
            using {{n}}.Api;

            // Serves the model over HTTP until stopped (Ctrl+C or SIGTERM, which drains requests under way).
            // Exit codes: 0 stopped, 1 the model or the configuration could not be loaded.
            try
            {
                await {{n}}Api.Build(args).RunAsync();
                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or InvalidDataException or UnauthorizedAccessException or Microsoft.Extensions.Options.OptionsValidationException)
            {
                await Console.Error.WriteLineAsync($"{{n}}.Api did not start: {e.Message}");
                return 1;
            }

            """);
        yield return (folder + $"{n}Api.cs", Host(n));
        yield return (folder + "ApiOptions.cs", Options(n));
        yield return (folder + $"{schema.Request}.cs", ApiRequestWriter.Request(pipeline, schema));
        yield return (folder + "PredictEndpoints.cs", ApiRequestWriter.Endpoints(pipeline, schema));
        yield return (folder + "ServedModel.cs", ServedModel(pipeline));
        yield return (folder + "ModelReloader.cs", ModelReloader(n));
        yield return (folder + "BadRequestHandler.cs", BadRequestHandler(n, schema.Request));
        yield return (folder + "PredictionMetrics.cs", Metrics(n));
        yield return (folder + "ReadinessCheck.cs", Readiness(n));
        yield return (folder + "ShutdownDrain.cs", ShutdownDrain(n));
        yield return (folder + "appsettings.json", """
            {
              "Logging": {
                "Console": {
                  "FormatterName": "json",
                  "FormatterOptions": {
                    "UseUtcTimestamp": true,
                    "TimestampFormat": "yyyy-MM-ddTHH:mm:ss.fffZ"
                  }
                },
                "LogLevel": {
                  "Default": "Information",
                  "Microsoft.AspNetCore": "Warning",
                  "Microsoft.Hosting.Lifetime": "Information"
                }
              },
              "AllowedHosts": "*",
              "Model": {
                "Path": "",
                "WatchForChanges": true,
                "ReloadDelayMilliseconds": 500
              },
              "Api": {
                "MaxBatchRows": 1000,
                "MaxRequestBodyBytes": 4194304,
                "ShutdownTimeoutSeconds": 30,
                "DrainMilliseconds": 0
              }
            }

            """);
    }

    private static string Host(string n) => $$"""
        using System.Text.Json.Serialization;
        using Microsoft.AspNetCore.Diagnostics.HealthChecks;
        using OpenTelemetry.Metrics;
        using OpenTelemetry.Resources;

        namespace {{n}}.Api;

        /// <summary>Builds the prediction service: endpoints, health checks, OpenAPI, metrics and model reload.</summary>
        public static class {{n}}Api
        {
            /// <summary>
            /// Builds the web application from the command line, appsettings.json and environment variables
            /// (<c>Model__Path</c>, <c>Api__MaxBatchRows</c>, <c>ASPNETCORE_URLS</c>, …). The model is loaded here, so a
            /// missing or broken model stops the service before it listens.
            /// </summary>
            public static WebApplication Build(string[] args)
            {
                var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
                builder.Services.AddOptions<ModelOptions>().Bind(builder.Configuration.GetSection(ModelOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
                builder.Services.AddOptions<ApiOptions>().Bind(builder.Configuration.GetSection(ApiOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
                var api = builder.Configuration.GetSection(ApiOptions.Section).Get<ApiOptions>() ?? new ApiOptions();
                builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = api.MaxRequestBodyBytes);
                builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(api.ShutdownTimeoutSeconds));

                builder.Services.AddSingleton<PredictionMetrics>();
                builder.Services.AddSingleton<ServedModel>();
                builder.Services.AddHostedService<ModelReloader>();
                builder.Services.AddHostedService<ShutdownDrain>();
                builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals);
                builder.Services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
                builder.Services.AddProblemDetails();
                builder.Services.AddExceptionHandler<BadRequestHandler>();
                builder.Services.AddHealthChecks().AddCheck<ReadinessCheck>("ready", tags: ["ready"]);
                builder.Services.AddOpenApi();
                builder.Services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService("{{n}}.Api")).WithMetrics(metrics => metrics
                    .AddAspNetCoreInstrumentation()
                    .AddMeter(PredictionMetrics.MeterName)
                    .AddPrometheusExporter());

                var app = builder.Build();
                app.Services.GetRequiredService<ServedModel>();
                app.UseExceptionHandler();
                app.UseStatusCodePages();
                app.MapOpenApi();
                app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
                app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
                app.MapPrometheusScrapingEndpoint();
                PredictEndpoints.Map(app);
                return app;
            }
        }

        """;

    private static string Options(string n) => $$"""
        using System.ComponentModel.DataAnnotations;

        namespace {{n}}.Api;

        /// <summary>Which model file is served, and whether a new file is picked up without a restart (section <c>Model</c>).</summary>
        public sealed class ModelOptions
        {
            /// <summary>The configuration section.</summary>
            public const string Section = "Model";

            /// <summary>The ML.NET model file; empty for the model shipped with the service (models/model.zip next to it).</summary>
            public string Path { get; set; } = "";

            /// <summary>Loads the file again when it changes; a file that does not load is logged and the model in use kept.</summary>
            public bool WatchForChanges { get; set; } = true;

            /// <summary>How long the file must be quiet after a change before it is loaded.</summary>
            [Range(0, 60_000)]
            public int ReloadDelayMilliseconds { get; set; } = 500;

            /// <summary>The full path of the model file.</summary>
            public string FullPath => System.IO.Path.GetFullPath(Path.Length == 0 ? System.IO.Path.Combine(AppContext.BaseDirectory, "models", "model.zip") : Path);
        }

        /// <summary>Limits of the service (section <c>Api</c>).</summary>
        public sealed class ApiOptions
        {
            /// <summary>The configuration section.</summary>
            public const string Section = "Api";

            /// <summary>The most rows one batch request may hold.</summary>
            [Range(1, 1_000_000)]
            public int MaxBatchRows { get; set; } = 1000;

            /// <summary>The largest request body; larger ones get 413.</summary>
            [Range(1024, long.MaxValue)]
            public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;

            /// <summary>How long requests under way may take to finish when the service is stopped.</summary>
            [Range(0, 3600)]
            public int ShutdownTimeoutSeconds { get; set; } = 30;

            /// <summary>
            /// On stop, how long the service goes on answering while /readyz already says it is stopping, so a load
            /// balancer takes it out of rotation before it stops listening.
            /// </summary>
            [Range(0, 300_000)]
            public int DrainMilliseconds { get; set; }
        }

        """;

    private static string ServedModel(EmittedPipeline pipeline)
    {
        var n = pipeline.Code.Name;
        return $$"""
            using System.Security.Cryptography;
            using Microsoft.Extensions.Options;
            using {{n}}.Model;

            namespace {{n}}.Api;

            /// <summary>The model in service: the predictor, and which file it was loaded from, when, and its SHA-256.</summary>
            public sealed class ServedModel
            {
                private readonly Lock reloading = new();
                private ModelVersion version;

                /// <summary>Loads the configured model file.</summary>
                public ServedModel(IOptions<ModelOptions> options)
                {
                    ArgumentNullException.ThrowIfNull(options);
                    var path = options.Value.FullPath;
                    var sha256 = Sha256(path);
                    Predictor = Loading(path, () => new {{n}}Predictor(path));
                    version = new ModelVersion(path, sha256, DateTimeOffset.UtcNow);
                }

                /// <summary>The predictor; thread-safe, and it keeps serving while a new model is loaded.</summary>
                public {{n}}Predictor Predictor { get; }

                /// <summary>The file in service.</summary>
                public ModelVersion Version => Volatile.Read(ref version);

                /// <summary>Loads the file again and serves it from the next request on; throws and keeps the model in use when it does not load.</summary>
                public ModelVersion Reload()
                {
                    lock (reloading)
                    {
                        var path = Version.Path;
                        var sha256 = Sha256(path);
                        Loading(path, () =>
                        {
                            Predictor.Reload(path);
                            return path;
                        });
                        var loaded = new ModelVersion(path, sha256, DateTimeOffset.UtcNow);
                        Volatile.Write(ref version, loaded);
                        return loaded;
                    }
                }

                private static T Loading<T>(string path, Func<T> load)
                {
                    try
                    {
                        return load();
                    }
                    catch (FormatException e)
                    {
                        throw new InvalidDataException($"{path} is not an ML.NET model file: {e.Message}", e);
                    }
                }

                private static string Sha256(string path)
                {
                    using var file = File.OpenRead(path);
                    return Convert.ToHexStringLower(SHA256.HashData(file));
                }
            }

            /// <summary>A model file in service.</summary>
            /// <param name="Path">Where it was loaded from.</param>
            /// <param name="Sha256">The SHA-256 of its content.</param>
            /// <param name="LoadedAt">When it was loaded.</param>
            public sealed record ModelVersion(string Path, string Sha256, DateTimeOffset LoadedAt);

            """;
    }

    private static string ModelReloader(string n) => $$"""
        using System.Threading.Channels;
        using Microsoft.Extensions.Options;

        namespace {{n}}.Api;

        /// <summary>
        /// Watches the model file and loads it again once it has been quiet for the configured delay. Requests under
        /// way finish on the model they started with; a file that does not load is logged and the model in use kept.
        /// Replace the file by renaming a complete copy over it, so the service never reads a half-written file.
        /// </summary>
        public sealed partial class ModelReloader(ServedModel model, IOptions<ModelOptions> options, PredictionMetrics metrics, ILogger<ModelReloader> logger) : BackgroundService
        {
            /// <inheritdoc />
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                if (!options.Value.WatchForChanges)
                {
                    return;
                }

                var path = model.Version.Path;
                var changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
                using var watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!)
                {
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                };
                void Changed(object sender, FileSystemEventArgs e)
                {
                    if (string.Equals(e.FullPath, path, StringComparison.Ordinal))
                    {
                        changes.Writer.TryWrite(true);
                    }
                }

                watcher.Changed += Changed;
                watcher.Created += Changed;
                watcher.Renamed += (sender, e) => Changed(sender, e);
                watcher.EnableRaisingEvents = true;
                var delay = TimeSpan.FromMilliseconds(options.Value.ReloadDelayMilliseconds);
                try
                {
                    while (await changes.Reader.WaitToReadAsync(stoppingToken))
                    {
                        do
                        {
                            changes.Reader.TryRead(out _);
                            await Task.Delay(delay, stoppingToken);
                        }
                        while (changes.Reader.TryPeek(out _));

                        Reload();
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    // The service is stopping.
                }
            }

            private void Reload()
            {
                try
                {
                    var loaded = model.Reload();
                    metrics.Reloaded(succeeded: true);
                    LogReloaded(loaded.Path, loaded.Sha256);
                }
                catch (Exception e) when (e is IOException or InvalidOperationException or InvalidDataException or UnauthorizedAccessException or ArgumentException or FormatException or NotSupportedException)
                {
                    metrics.Reloaded(succeeded: false);
                    LogReloadFailed(e, model.Version.Path, model.Version.Sha256);
                }
            }

            [LoggerMessage(Level = LogLevel.Information, Message = "serving the model {Path} (sha256 {Sha256})")]
            private partial void LogReloaded(string path, string sha256);

            [LoggerMessage(Level = LogLevel.Error, Message = "the model {Path} changed but does not load; still serving sha256 {Sha256}")]
            private partial void LogReloadFailed(Exception exception, string path, string sha256);
        }

        """;

    private static string BadRequestHandler(string n, string request) => $$"""
        using System.Text.Json;
        using Microsoft.AspNetCore.Diagnostics;
        using Microsoft.AspNetCore.Mvc;

        namespace {{n}}.Api;

        /// <summary>Turns a request the service cannot read (malformed JSON, a wrong type, a missing or unknown field, too large) into a problem+json response.</summary>
        public sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
        {
            /// <inheritdoc />
            public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
            {
                ArgumentNullException.ThrowIfNull(httpContext);
                if (exception is not BadHttpRequestException bad)
                {
                    return false;
                }

                var json = bad.InnerException as JsonException;
                var problem = new ProblemDetails
                {
                    Status = bad.StatusCode,
                    Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "The request body is not a valid request.",
                    Detail = json is null ? bad.Message : Detail(json),
                };
                if (json?.Path is { } path)
                {
                    problem.Extensions["path"] = path;
                }

                httpContext.Response.StatusCode = bad.StatusCode;
                return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
            }

            // A value of the wrong type is reported with what the field takes; other errors as the JSON reader words them.
            private static string Detail(JsonException json)
            {
                if (json.Path is { } path && json.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
                {
                    foreach (var (field, expected) in {{request}}Fields.Expected)
                    {
                        if (path.EndsWith("." + field, StringComparison.Ordinal) || path.EndsWith($"['{field}']", StringComparison.Ordinal))
                        {
                            return $"{path}: expected {expected}";
                        }
                    }
                }

                return json.Message;
            }
        }

        """;

    private static string Metrics(string n) => $$"""
        using System.Diagnostics.Metrics;

        namespace {{n}}.Api;

        /// <summary>The service's own metrics, next to the HTTP request metrics of ASP.NET Core; all are served on /metrics.</summary>
        public sealed class PredictionMetrics : IDisposable
        {
            /// <summary>The name of the meter.</summary>
            public const string MeterName = "{{n}}.Api";

            private readonly Meter meter;
            private readonly Counter<long> predictions;
            private readonly Counter<long> reloads;

            /// <summary>Creates the meter through the host's meter factory.</summary>
            public PredictionMetrics(IMeterFactory meters)
            {
                ArgumentNullException.ThrowIfNull(meters);
                meter = meters.Create(MeterName);
                predictions = meter.CreateCounter<long>("{{n.ToLowerInvariant()}}.predictions", "{row}", "Rows predicted.");
                reloads = meter.CreateCounter<long>("{{n.ToLowerInvariant()}}.model.reloads", "{reload}", "Model reloads, by outcome.");
            }

            /// <summary>Counts predicted rows.</summary>
            public void Predicted(int rows, bool batch) => predictions.Add(rows, new KeyValuePair<string, object?>("endpoint", batch ? "batch" : "single"));

            /// <summary>Counts a reload.</summary>
            public void Reloaded(bool succeeded) => reloads.Add(1, new KeyValuePair<string, object?>("outcome", succeeded ? "succeeded" : "failed"));

            /// <inheritdoc />
            public void Dispose() => meter.Dispose();
        }

        """;

    private static string ShutdownDrain(string n) => $$"""
        using Microsoft.Extensions.Options;

        namespace {{n}}.Api;

        /// <summary>
        /// Keeps the service answering for <see cref="ApiOptions.DrainMilliseconds"/> once it is told to stop: readiness
        /// turns unhealthy at once, requests are still served, then the server stops taking new ones and finishes those
        /// under way (within <see cref="ApiOptions.ShutdownTimeoutSeconds"/>).
        /// </summary>
        public sealed class ShutdownDrain(IOptions<ApiOptions> options, IHostApplicationLifetime lifetime) : IHostedLifecycleService
        {
            /// <inheritdoc />
            public Task StoppingAsync(CancellationToken cancellationToken)
            {
                // The host calls this before it signals ApplicationStopping: signal it now, so readiness fails during the drain.
                lifetime.StopApplication();
                return Task.Delay(TimeSpan.FromMilliseconds(options.Value.DrainMilliseconds), cancellationToken);
            }

            /// <inheritdoc />
            public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

            /// <inheritdoc />
            public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

            /// <inheritdoc />
            public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

            /// <inheritdoc />
            public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

            /// <inheritdoc />
            public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        }

        """;

    private static string Readiness(string n) => $$"""
        using Microsoft.Extensions.Diagnostics.HealthChecks;

        namespace {{n}}.Api;

        /// <summary>Ready while the model is loaded and the service is not stopping, so a load balancer stops sending requests before shutdown.</summary>
        public sealed class ReadinessCheck(ServedModel model, IHostApplicationLifetime lifetime) : IHealthCheck
        {
            /// <inheritdoc />
            public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
                Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
                    ? HealthCheckResult.Unhealthy("stopping")
                    : HealthCheckResult.Healthy($"serving sha256 {model.Version.Sha256}"));
        }

        """;
}
