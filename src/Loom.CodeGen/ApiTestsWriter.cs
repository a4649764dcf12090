using Loom.Components.CodeGen;

namespace Loom.CodeGen;

/// <summary>Writes the tests of the prediction service: the real service on 127.0.0.1, called over HTTP.</summary>
internal static class ApiTestsWriter
{
    public static IEnumerable<(string File, string Text)> Write(EmittedPipeline pipeline, ModelFacts model, ApiSchema schema)
    {
        var n = pipeline.Code.Name;
        var folder = $"tests/{n}.Api.Tests/";
        var parity = pipeline.Artifacts is { EvaluationTable: not null, Metrics: not null };
        var expected = parity
            ? $"""
                <ItemGroup>
                  <None Include="../{n}.Tests/expected/predictions.jsonl" Link="expected/predictions.jsonl" CopyToOutputDirectory="PreserveNewest" />
                </ItemGroup>

              """
            : "";
        yield return (folder + $"{n}.Api.Tests.csproj", TestProjectFile.Text($"../../src/{n}.Api/{n}.Api.csproj", expected));
        yield return (folder + "RunningApi.cs", RunningApi(n));
        yield return (folder + "Requests.cs", Requests(n, schema));
        yield return (folder + "PredictApiTests.cs", PredictTests(n, model, parity));
        yield return (folder + "BadRequestTests.cs", BadRequestTests(n));
        yield return (folder + "OperationsTests.cs", OperationsTests(n, schema));
    }

    private static string RunningApi(string n) => $$"""
        using Microsoft.AspNetCore.Builder;

        namespace {{n}}.Api.Tests;

        /// <summary>The service started for a test on a free port of 127.0.0.1, with a client for it.</summary>
        internal sealed class RunningApi : IAsyncDisposable
        {
            private readonly WebApplication app;

            private RunningApi(WebApplication app, HttpClient client)
            {
                this.app = app;
                Client = client;
            }

            public HttpClient Client { get; }

            /// <summary>Starts the service with extra settings (<c>--Section:Key=value</c>).</summary>
            public static async Task<RunningApi> StartAsync(params string[] settings)
            {
                var app = {{n}}Api.Build(["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", .. settings]);
                await app.StartAsync();
                return new RunningApi(app, new HttpClient { BaseAddress = new Uri(app.Urls.Single()) });
            }

            /// <summary>Stops the service as SIGTERM does.</summary>
            public Task StopAsync() => app.StopAsync();

            public async ValueTask DisposeAsync()
            {
                Client.Dispose();
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }

        """;

    private static string Requests(string n, ApiSchema schema) => $$"""
        using System.Text;
        using System.Text.Json.Nodes;

        namespace {{n}}.Api.Tests;

        /// <summary>Request bodies: the first rows of the platform's test data, and ways to spoil them.</summary>
        internal static class Requests
        {
            /// <summary>The first test rows, as the platform stored them.</summary>
            public static readonly string[] Samples =
            [
        {{string.Concat(schema.Samples.Select(s => $"        {CSharpLiteral.Of(s)},\n"))}}    ];

            public static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

            public static JsonObject Sample(int index) => JsonNode.Parse(Samples[index])!.AsObject();

            public static string Batch(IEnumerable<string> rows) => "[" + string.Join(",", rows) + "]";
        }

        """;

    private static string PredictTests(string n, ModelFacts model, bool parity)
    {
        var compare = string.Concat(PredictionField.Of(model.Task).Select(f =>
            $"        Assert.Equal({f.FromJson("expected.RootElement")}, {f.FromJson("actual")});\n"));
        var parityTests = parity ? $$"""
                [Fact]
                public async Task A_test_row_gets_exactly_the_platforms_prediction()
                {
                    using var response = await api.Client.PostAsync("/predict", Requests.Json(Requests.Samples[0]));
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    AssertPrediction(Expected()[0], body.RootElement);
                }

                [Fact]
                public async Task A_batch_gets_the_platforms_predictions_in_order()
                {
                    using var response = await api.Client.PostAsync("/predict/batch", Requests.Json(Requests.Batch(Requests.Samples)));
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    var predictions = body.RootElement.EnumerateArray().ToList();
                    Assert.Equal(Requests.Samples.Length, predictions.Count);
                    for (var i = 0; i < predictions.Count; i++)
                    {
                        AssertPrediction(Expected()[i], predictions[i]);
                    }
                }

                private static List<JsonDocument> Expected() =>
                    File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "expected", "predictions.jsonl")).Select(line => JsonDocument.Parse(line)).ToList();

                private static void AssertPrediction(JsonDocument expected, JsonElement actual)
                {
            {{compare}}    }

            """ : "";
        return $$"""
            using System.Net;
            using System.Text.Json;

            namespace {{n}}.Api.Tests;

            /// <summary>Predictions over HTTP{{(parity ? " equal the platform's for the same model" : "")}}; missing values are predicted.</summary>
            public sealed class PredictApiTests : IAsyncLifetime
            {
                private RunningApi api = null!;

                public async Task InitializeAsync() => api = await RunningApi.StartAsync();

                public async Task DisposeAsync() => await api.DisposeAsync();
            {{parityTests}}
                [Fact]
                public async Task A_row_with_every_value_missing_still_gets_a_prediction()
                {
                    var row = Requests.Sample(0);
                    foreach (var (name, value) in row.ToList())
                    {
                        if (value?.GetValueKind() is JsonValueKind.Number or JsonValueKind.String)
                        {
                            row[name] = null;
                        }
                    }

                    using var response = await api.Client.PostAsync("/predict", Requests.Json(row.ToJsonString()));
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    Assert.True(body.RootElement.TryGetProperty("prediction", out _));
                }
            }

            """;
    }

    private static string BadRequestTests(string n) => $$"""
        using System.Net;
        using System.Text.Json;
        using System.Text.Json.Nodes;

        namespace {{n}}.Api.Tests;

        /// <summary>Requests the model cannot take get a 400 (or 413) problem+json response that says what is wrong and where.</summary>
        public sealed class BadRequestTests : IAsyncLifetime
        {
            private RunningApi api = null!;

            public async Task InitializeAsync() => api = await RunningApi.StartAsync("--Api:MaxBatchRows=2", "--Api:MaxRequestBodyBytes=65536");

            public async Task DisposeAsync() => await api.DisposeAsync();

            [Fact]
            public async Task A_missing_field_is_refused_naming_it()
            {
                var row = Requests.Sample(0);
                var name = row.First().Key;
                row.Remove(name);
                var problem = await ProblemAsync("/predict", row.ToJsonString(), HttpStatusCode.BadRequest);
                Assert.Contains($"'{name}'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }

            [Fact]
            public async Task An_unknown_field_is_refused_naming_it()
            {
                var row = Requests.Sample(0);
                row["no_such_column"] = 1;
                var problem = await ProblemAsync("/predict", row.ToJsonString(), HttpStatusCode.BadRequest);
                Assert.Contains("'no_such_column'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }

            [Fact]
            public async Task A_value_of_the_wrong_type_is_refused_with_its_path()
            {
                var row = Requests.Sample(0);
                var name = row.Last().Key;
                row[name] = new JsonArray();
                var problem = await ProblemAsync("/predict", row.ToJsonString(), HttpStatusCode.BadRequest);
                Assert.Contains(name, problem.GetProperty("path").GetString(), StringComparison.Ordinal);
                Assert.Contains(": expected ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }

            [Fact]
            public async Task Malformed_json_is_refused()
            {
                var problem = await ProblemAsync("/predict", Requests.Samples[0][..^1], HttpStatusCode.BadRequest);
                Assert.Equal(400, problem.GetProperty("status").GetInt32());
            }

            [Fact]
            public async Task A_wrong_row_in_a_batch_is_refused_with_its_index()
            {
                var row = Requests.Sample(0);
                row.Remove(row.First().Key);
                var problem = await ProblemAsync("/predict/batch", Requests.Batch([Requests.Samples[0], row.ToJsonString()]), HttpStatusCode.BadRequest);
                Assert.StartsWith("$[1]", problem.GetProperty("path").GetString(), StringComparison.Ordinal);
            }

            [Theory]
            [InlineData(0)]
            [InlineData(3)]
            public async Task A_batch_outside_the_configured_size_is_refused(int rows)
            {
                var problem = await ProblemAsync("/predict/batch", Requests.Batch(Enumerable.Repeat(Requests.Samples[0], rows)), HttpStatusCode.BadRequest);
                Assert.Contains($"1 to 2 rows; this one has {rows}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }

            [Fact]
            public async Task A_body_over_the_size_limit_is_refused()
            {
                await ProblemAsync("/predict/batch", Requests.Batch(Enumerable.Repeat(Requests.Samples[0], 65536 / Requests.Samples[0].Length + 1)), HttpStatusCode.RequestEntityTooLarge);
            }

            [Fact]
            public async Task An_unknown_path_gets_a_problem_response()
            {
                using var response = await api.Client.GetAsync("/no-such-path");
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }

            private async Task<JsonElement> ProblemAsync(string path, string body, HttpStatusCode status)
            {
                using var response = await api.Client.PostAsync(path, Requests.Json(body));
                Assert.Equal(status, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            }
        }

        """;

    private static string OperationsTests(string n, ApiSchema schema) => $$"""
        using System.Net;
        using System.Text.Json;
        using Microsoft.ML;

        namespace {{n}}.Api.Tests;

        /// <summary>What operators rely on: health, readiness, OpenAPI, metrics, and a model file replaced while requests run.</summary>
        public sealed class OperationsTests
        {
            [Fact]
            public async Task Health_readiness_openapi_and_metrics_are_served()
            {
                await using var api = await RunningApi.StartAsync();
                Assert.Equal("Healthy", await api.Client.GetStringAsync("/healthz"));
                Assert.Equal("Healthy", await api.Client.GetStringAsync("/readyz"));

                using var openApi = JsonDocument.Parse(await api.Client.GetStringAsync("/openapi/v1.json"));
                var paths = openApi.RootElement.GetProperty("paths");
                Assert.True(paths.TryGetProperty("/predict", out _));
                Assert.True(paths.TryGetProperty("/predict/batch", out _));
                var request = openApi.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("{{schema.Request}}");
                var required = request.GetProperty("required").EnumerateArray().Select(e => e.GetString()).ToHashSet();
                Assert.All(Requests.Sample(0).Select(p => p.Key), name => Assert.Contains(name, required));

                using var predicted = await api.Client.PostAsync("/predict", Requests.Json(Requests.Samples[0]));
                Assert.Equal(HttpStatusCode.OK, predicted.StatusCode);
                var metrics = await api.Client.GetStringAsync("/metrics");
                Assert.Contains("{{n.ToLowerInvariant()}}_predictions", metrics, StringComparison.Ordinal);
                Assert.Contains("http_server_request_duration_seconds", metrics, StringComparison.Ordinal);
            }

            [Fact]
            public async Task On_stop_the_service_says_it_is_not_ready_and_still_answers_until_the_drain_ends()
            {
                await using var api = await RunningApi.StartAsync("--Api:DrainMilliseconds=3000");
                var stopping = api.StopAsync();
                using var ready = await api.Client.GetAsync("/readyz");
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
                using var predicted = await api.Client.PostAsync("/predict", Requests.Json(Requests.Samples[0]));
                Assert.Equal(HttpStatusCode.OK, predicted.StatusCode);
                await stopping;
                await Assert.ThrowsAsync<HttpRequestException>(() => api.Client.GetAsync("/healthz"));
            }

            [Fact]
            public async Task A_replaced_model_file_is_served_without_failing_a_request_and_a_broken_one_is_not()
            {
                var folder = Directory.CreateTempSubdirectory("{{n.ToLowerInvariant()}}-api-");
                try
                {
                    var model = Path.Combine(folder.FullName, "model.zip");
                    File.Copy(Path.Combine(AppContext.BaseDirectory, "models", "model.zip"), model);
                    await using var api = await RunningApi.StartAsync($"--Model:Path={model}", "--Model:ReloadDelayMilliseconds=100");
                    var first = await VersionAsync(api);
                    using var load = new CancellationTokenSource();
                    var requests = Task.Run(() => RequestsUntilAsync(api.Client, load.Token));

                    Replace(model, [0x50, 0x4b, 0x03, 0x04, 0x00]);
                    await Task.Delay(TimeSpan.FromSeconds(2));
                    Assert.Equal(first, await VersionAsync(api));

                    // A model that loads but reads other columns than this service's input is refused too; the service stays ready.
                    Replace(model, UnrelatedModel());
                    await Task.Delay(TimeSpan.FromSeconds(2));
                    Assert.Equal(first, await VersionAsync(api));
                    Assert.Equal("Healthy", await api.Client.GetStringAsync("/readyz"));

                    Replace(model, File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "models", "model.zip")));
                    var deadline = DateTime.UtcNow.AddSeconds(30);
                    while (await VersionAsync(api) == first && DateTime.UtcNow < deadline)
                    {
                        await Task.Delay(100);
                    }

                    Assert.NotEqual(first, await VersionAsync(api));
                    await load.CancelAsync();
                    var statuses = await requests;
                    Assert.NotEmpty(statuses);
                    Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
                    Assert.Contains("outcome=\"failed\"", await api.Client.GetStringAsync("/metrics"), StringComparison.Ordinal);
                }
                finally
                {
                    folder.Delete(recursive: true);
                }
            }

            /// <summary>A valid ML.NET model whose input is one column no request has.</summary>
            private static byte[] UnrelatedModel()
            {
                var ml = new MLContext(seed: 1);
                var data = ml.Data.LoadFromEnumerable([new UnrelatedRow { Unrelated = 1f }]);
                var model = ml.Transforms.Concatenate("Features", nameof(UnrelatedRow.Unrelated)).Fit(data);
                using var stream = new MemoryStream();
                ml.Model.Save(model, data.Schema, stream);
                return stream.ToArray();
            }

            private sealed class UnrelatedRow
            {
                public float Unrelated { get; set; }
            }

            private static void Replace(string path, byte[] content)
            {
                var staged = path + ".new";
                File.WriteAllBytes(staged, content);
                File.Move(staged, path, overwrite: true);
            }

            private static async Task<string> VersionAsync(RunningApi api)
            {
                using var version = JsonDocument.Parse(await api.Client.GetStringAsync("/model"));
                return version.RootElement.GetProperty("loadedAt").GetString()!;
            }

            private static async Task<List<HttpStatusCode>> RequestsUntilAsync(HttpClient client, CancellationToken stop)
            {
                var statuses = new List<HttpStatusCode>();
                while (!stop.IsCancellationRequested)
                {
                    using var response = await client.PostAsync("/predict", Requests.Json(Requests.Samples[0]), CancellationToken.None);
                    statuses.Add(response.StatusCode);
                }

                return statuses;
            }
        }

        """;
}
