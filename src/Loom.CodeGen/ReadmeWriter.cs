using System.Text;
using Loom.Metadata.Records;

namespace Loom.CodeGen;

/// <summary>Writes the generated solution's README: how to build, test and retrain, and where each step went.</summary>
internal static class ReadmeWriter
{
    public static string Write(EmittedPipeline pipeline, RunRecord run, string sample)
    {
        var n = pipeline.Code.Name;
        var modelFile = pipeline.Outputs.First(o => o.Variable == pipeline.ServedModel).Name + ".zip";
        var text = new StringBuilder();
        text.Append($"""
            # {n}

            A standalone .NET solution for the ML pipeline `{run.PipelineName}`, generated from run `{run.Id[..12]}`
            (pipeline version `{run.PipelineVersion[..12]}`). It depends on ML.NET, ASP.NET Core and
            OpenTelemetry{(pipeline.Carried.Count > 0 ? ", and on `Loom.Sdk`, the package its custom components are written against (see below)" : "")},
            not on the platform that generated it.

            ## Build and test

            ```sh
            dotnet build -warnaserror
            dotnet test
            ```

            The tests check that the saved model (`models/model.zip`) predicts exactly what the platform predicted
            on the test rows (`tests/{n}.Tests/expected/predictions.jsonl`), and that retraining with the same seed
            gives the platform's metrics within 1e-6 (`tests/{n}.Tests/expected/metrics.json`).{Database(pipeline)}

            ## Retrain

            ```sh
            dotnet run --project src/{n}.Training -- --out out
            ```

            writes the pipeline's outputs to `out/`: {string.Join(", ", pipeline.Outputs.Where(o => !IsTable(o)).Select(o => $"`{OutputFile(pipeline, o)}`"))}.{TablesNote(pipeline)}
            """);
        if (pipeline.Options.Count > 0)
        {
            text.Append(" Options:\n\n");
            foreach (var option in pipeline.Options)
            {
                text.Append($"- `--{option.Name.Replace('_', '-')}` ({option.Type}, default `{option.Default.Trim('"')}`){(option.Description.Length > 0 ? ": " + option.Description : "")}\n");
            }
        }
        else
        {
            text.Append('\n');
        }

        if (pipeline.Fixed.Count > 0)
        {
            text.Append($"\nThe code holds the run's values of the pipeline's other parameters: {string.Join(", ", pipeline.Fixed.Select(o => $"`{o.Name}` = `{o.Default.Trim('"')}`"))}.\n");
        }

        text.Append($$"""

            Exit codes: 0 trained, 1 failed (the log says why), 2 wrong arguments.

            ## Predict from code

            ```csharp
            var predictor = new {{n}}Predictor("models/model.zip"); // share one instance: it is thread-safe
            var prediction = predictor.Predict(new {{n}}Input { /* … */ });
            ```

            ## Serve

            ```sh
            dotnet run --project src/{{n}}.Api -- --urls http://127.0.0.1:8080
            curl -s http://127.0.0.1:8080/predict -H 'content-type: application/json' -d '{{sample.Replace("'", "'\\''", StringComparison.Ordinal)}}'
            ```

            | endpoint | what |
            | --- | --- |
            | `POST /predict` | one row: a JSON object with every column the model reads, by its name in the data; null is a missing value |
            | `POST /predict/batch` | a JSON array of rows (at most `Api:MaxBatchRows`); the predictions come in the same order |
            | `GET /model` | the model file in service: its path, SHA-256 and when it was loaded |
            | `GET /healthz`, `GET /readyz` | liveness; readiness, which turns unready as soon as the service is stopping |
            | `GET /metrics` | Prometheus text: `http_server_request_duration_seconds`, `{{n.ToLowerInvariant()}}_predictions_total`, `{{n.ToLowerInvariant()}}_model_reloads_total` |
            | `GET /openapi/v1.json` | the OpenAPI document, with the request's fields |

            A request the model cannot take gets a `400` problem+json response that names the field: a field missing
            or unknown, a value of the wrong type (with its JSON path), malformed JSON, a batch of the wrong size, an
            infinite number. A body over `Api:MaxRequestBodyBytes` gets `413`.

            Settings come from `src/{{n}}.Api/appsettings.json`, environment variables (`Model__Path`) or the command
            line (`--Model:Path=…`):

            | setting | default | what |
            | --- | --- | --- |
            | `Model:Path` | `models/model.zip` next to the service | the ML.NET model file to serve |
            | `Model:WatchForChanges` | `true` | load the file again when it changes |
            | `Model:ReloadDelayMilliseconds` | `500` | how long the file must be quiet before it is loaded |
            | `Api:MaxBatchRows` | `1000` | rows per batch request |
            | `Api:MaxRequestBodyBytes` | `4194304` | the largest request body |
            | `Api:ShutdownTimeoutSeconds` | `30` | on SIGTERM, how long requests under way get to finish |
            | `Api:DrainMilliseconds` | `0` | on SIGTERM, how long the service keeps answering while `/readyz` says it is stopping (give your load balancer's probe interval) |
            | `ASPNETCORE_URLS` | `http://localhost:5000` | where the service listens |

            Logs are JSON lines on standard output. To ship a retrained model without a restart, copy it next to the
            served file and rename it over that file; requests under way finish on the old model, the next ones use
            the new one, and a file that does not load is logged while the old model stays in service:

            ```sh
            dotnet run --project src/{{n}}.Training -- --out out
            cp out/{{modelFile}} /srv/{{n}}/model.zip.new && mv /srv/{{n}}/model.zip.new /srv/{{n}}/model.zip
            ```

            ## Deploy

            ```sh
            docker build -t {{n.ToLowerInvariant()}}-api .
            docker run --rm -p 8080:8080 {{n.ToLowerInvariant()}}-api
            ```

            The image runs the service as a non-root user on port 8080, with the model of `models/`; mount another
            folder and set `Model__Path` to serve a model of your own. Point liveness probes at `/healthz` and
            readiness probes at `/readyz`.

            `.github/workflows/ci.yml` (GitHub Actions) and `azure-pipelines.yml` (Azure Pipelines) build, check
            formatting, test and publish on every push and pull request, with these commands:

            ```sh
            {{string.Join("\n", DeploymentWriter.Commands(n).Select(c => c.Command))}}
            ```

            On main, GitHub Actions pushes the image to `ghcr.io`; Azure Pipelines builds it (add a push step with your
            registry's service connection).

            ## Where each pipeline step went

            Every step is one method of `src/{{n}}.Model/{{n}}Training.cs`:

            | step | component | method |
            | --- | --- | --- |

            """);
        foreach (var step in pipeline.Steps)
        {
            text.Append($"| {step.Name} | `{step.Identity}` | `{step.MethodName}` |\n");
        }

        if (pipeline.Carried.Count > 0)
        {
            text.Append($"""

                ## Custom components

                Some steps run custom components, carried as their authors published them (code, tests and README) under
                `{CarriedComponent.FolderName}/`: {string.Join(", ", pipeline.Carried.Select(c => $"`{CarriedComponent.FolderName}/{c.Folder}`"))}. Their methods run them as the platform does:
                through their `Loom.Sdk` interface, with the run's parameters and the step's seed, their tables passed
                through a temporary folder. `Loom.Sdk` comes from `packages/`, which `nuget.config` maps it to; every other
                package comes from the source named `nuget.org` (rename that key in `nuget.config` if your packages come
                from a source of another name). `dotnet test` runs the components' own tests too.

                """);
        }

        if (pipeline.LeftOut.Count > 0)
        {
            text.Append("\nThese steps of the pipeline are not in the code, nor the pipeline outputs they make:\n\n| step | component | why |\n| --- | --- | --- |\n");
            foreach (var step in pipeline.LeftOut)
            {
                text.Append($"| {step.Name} | `{step.Identity}` | {step.Why} |\n");
            }
        }

        return text.ToString();
    }

    /// <summary>What the training code needs from the environment, when it reads a database.</summary>
    private static string Database(EmittedPipeline pipeline) =>
        pipeline.Code.EnvironmentVariables.Count == 0 ? "" : $"""


            The training code reads a database: set {string.Join(" and ", pipeline.Code.EnvironmentVariables.Select(v => $"`{v}`"))} to its
            connection string before retraining or running the tests (in CI too); the code never holds credentials.
            """;

    /// <summary>The file the training app writes an output to: a model as .zip, metrics as .json, a file with the extension its step gives it.</summary>
    private static bool IsTable(EmittedOutput output) => output.Type.StartsWith("IReadOnlyList<", StringComparison.Ordinal);

    private static string TablesNote(EmittedPipeline pipeline) => pipeline.Outputs.Where(IsTable).Select(o => $"`{o.Property}`").ToList() is { Count: > 0 } tables
        ? $" The table outputs ({string.Join(", ", tables)}) are rows in memory, properties of the `TrainingResult` that `Run()` returns; to have the app save one as a file, give the pipeline a `data.write-csv` step that writes it, and make that step's file the output."
        : "";

    private static string OutputFile(EmittedPipeline pipeline, EmittedOutput output) => output.Type switch
    {
        "TrainedModel" => output.Name + ".zip",
        "DataFile" => output.Name + "." + pipeline.FileExtension(output),
        _ => output.Name + ".json",
    };
}
