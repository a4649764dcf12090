using System.Text;
using Loom.Metadata.Records;

namespace Loom.CodeGen;

/// <summary>Writes the generated solution's README: how to build, test and retrain, and where each step went.</summary>
internal static class ReadmeWriter
{
    public static string Write(EmittedPipeline pipeline, RunRecord run)
    {
        var n = pipeline.Code.Name;
        var text = new StringBuilder();
        text.Append($"""
            # {n}

            A standalone .NET solution for the ML pipeline `{run.PipelineName}`, generated from run `{run.Id[..12]}`
            (pipeline version `{run.PipelineVersion[..12]}`). It depends on ML.NET only.

            ## Build and test

            ```sh
            dotnet build -warnaserror
            dotnet test
            ```

            The tests check that the saved model (`models/model.zip`) predicts exactly what the platform predicted
            on the test rows (`tests/{n}.Tests/expected/predictions.csv`), and that retraining with the same seed
            gives the platform's metrics within 1e-6 (`tests/{n}.Tests/expected/metrics.json`).

            ## Retrain

            ```sh
            dotnet run --project src/{n}.Training -- --out out
            ```

            writes `out/<output>.zip` (the model) and `out/<output>.json` (the metrics). Options:

            """);
        text.Append('\n');
        foreach (var option in pipeline.Options)
        {
            text.Append($"- `--{option.Name.Replace('_', '-')}` ({option.Type}, default `{option.Default.Trim('"')}`){(option.Description.Length > 0 ? ": " + option.Description : "")}\n");
        }

        text.Append($$"""

            Exit codes: 0 trained, 1 failed (the log says why), 2 wrong arguments.

            ## Predict from code

            ```csharp
            var predictor = new {{n}}Predictor("models/model.zip"); // share one instance: it is thread-safe
            var prediction = predictor.Predict(new {{n}}Input { /* … */ });
            ```

            ## Where each pipeline step went

            Every step is one method of `src/{{n}}.Model/{{n}}Training.cs`:

            | step | component | method |
            | --- | --- | --- |

            """);
        foreach (var step in pipeline.Steps)
        {
            text.Append($"| {step.Name} | `{step.Identity}` | `{step.MethodName}` |\n");
        }

        return text.ToString();
    }
}
