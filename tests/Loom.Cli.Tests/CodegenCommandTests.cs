using System.Text.Json.Nodes;
using Loom.Testing;

namespace Loom.Cli.Tests;

/// <summary>
/// <c>loom codegen</c> end to end: the generated solution is built with the real dotnet, warnings as
/// errors, and its own tests (parity with the platform's predictions and metrics) pass.
/// </summary>
public sealed class CodegenCommandTests
{
    // The examples' solutions, and one with steps left out, built and tested together (one restore and build for all).
    [Fact]
    public async Task The_examples_generated_solutions_build_without_warnings_and_their_parity_tests_pass_and_steps_can_be_left_out()
    {
        using var telco = LoomProcess.CopyExample("telco-churn");
        using var ames = LoomProcess.CopyExample("ames-housing");
        using var foods = LoomProcess.CopyExample("fine-foods");
        using var reported = ReportedPipeline();
        await GeneratedSolution.AssertAllPassAsync(
        [
            new(telco, "pipelines/churn.yaml", "TelcoChurn"),
            new(ames, "pipelines/prices.yaml", "AmesHousing"),
            new(foods, "pipelines/reviews.yaml", "FineFoods"),
            new(reported, "pipelines/reported.yaml", "Reported", Arguments: ["--leave-out", "cv"]),
        ]);

        // Steps left out on request, the steps reading them, unsaved files and unread reports are not in the solution.
        var readme = await File.ReadAllTextAsync(reported.Combine("generated/README.md"));
        Assert.Contains("| cv | `evaluate.cross-validate@1.0.0` | left out as asked |", readme, StringComparison.Ordinal);
        Assert.Contains("| report | `evaluate.report@1.0.0` | makes a report for people, and neither a pipeline output nor a step reads what it makes |", readme, StringComparison.Ordinal);
        Assert.Contains("| compare | `evaluate.compare@1.0.0` | reads step 'cv', which is left out |", readme, StringComparison.Ordinal);
        Assert.Contains("| onnx | `export.onnx@1.0.0` | writes a file that is neither a pipeline output nor read by a step, which the training app would not save |", readme, StringComparison.Ordinal);
        var result = await File.ReadAllTextAsync(reported.Combine("generated/src/Reported.Model/TrainingResult.cs"));
        Assert.Contains("Output 'metrics'", result, StringComparison.Ordinal);
        Assert.DoesNotContain("Output 'report'", result, StringComparison.Ordinal);
        Assert.DoesNotContain("Output 'comparison'", result, StringComparison.Ordinal);
    }

    // Pipelines over the penguins data whose models go through the feature steps, learners, model kinds and table
    // steps the examples do not use; their solutions are built and tested together (one restore and build for all).
    [Fact]
    public async Task The_generated_solutions_of_the_parity_pipelines_build_and_their_parity_tests_pass()
    {
        using var workspace = LoomProcess.CopyExample("penguins");
        var pipelines = new List<(string Pipeline, string Name)>();
        foreach (var yaml in Directory.GetFiles(Repository.Path("tests", "Loom.Cli.Tests", "Parity"), "*.yaml").Order(StringComparer.Ordinal))
        {
            var pipeline = Path.GetFileNameWithoutExtension(yaml);
            File.Copy(yaml, workspace.Combine($"pipelines/{pipeline}.yaml"));
            pipelines.Add(($"pipelines/{pipeline}.yaml", string.Concat(pipeline.Split('-').Select(word => char.ToUpperInvariant(word[0]) + word[1..]))));
        }

        Assert.Equal(11, pipelines.Count);

        // These pipelines are here for the components' emitted code, which is all in the model library; its parity
        // tests are what is built and run. The API, the training app and their tests, written from templates for the
        // schema, are built and tested for the examples' solutions above and the penguins solution below.
        await GeneratedSolution.AssertAllPassAsync(workspace, pipelines, GeneratedSolution.ModelAndItsTests);
    }

    // The penguins example's solution through its CI workflows' commands: they restore, build with warnings as
    // errors, check the format, run the tests and publish — what the README's "Build and test" commands do, and more.
    [Fact]
    public async Task The_generated_ci_workflows_commands_restore_build_check_test_and_publish()
    {
        using var workspace = LoomProcess.CopyExample("penguins");
        var solution = await GeneratedSolution.GenerateAsync(workspace, "pipelines/species.yaml", "Penguins", "generated");

        var github = (await File.ReadAllLinesAsync(Path.Combine(solution, ".github", "workflows", "ci.yml")))
            .Select(l => l.Trim()).Where(l => l.StartsWith("run: ", StringComparison.Ordinal)).Select(l => l["run: ".Length..]).ToList();
        var azure = (await File.ReadAllLinesAsync(Path.Combine(solution, "azure-pipelines.yml")))
            .Select(l => l.Trim()).Where(l => l.StartsWith("- script: dotnet ", StringComparison.Ordinal)).Select(l => l["- script: ".Length..]).ToList();
        Assert.Equal(5, github.Count);
        Assert.Equal(github, azure);
        var ci = await GeneratedSolution.ShellAsync(solution, string.Join("\n", github));
        GeneratedSolution.AssertBuiltAndPassed(ci, testProjects: 2);
        Assert.True(File.Exists(Path.Combine(solution, "publish", "api", "Penguins.Api.dll")));
        Assert.True(File.Exists(Path.Combine(solution, "publish", "api", "models", "model.zip")));
        Assert.True(File.Exists(Path.Combine(solution, "publish", "training", "Penguins.Training.dll")));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(solution, "test-results"), "*.trx").Length);

        // The README's retraining command writes the model and the platform's metrics; a wrong argument exits 2 with the usage.
        var readme = await File.ReadAllTextAsync(Path.Combine(solution, "README.md"));
        const string Retrain = "dotnet run --project src/Penguins.Training -- --out out";
        Assert.Contains(Retrain, readme, StringComparison.Ordinal);
        var trained = await GeneratedSolution.ShellAsync(solution, Retrain);
        Assert.True(trained.Exit == 0, trained.Output);
        Assert.True(File.Exists(Path.Combine(solution, "out", "model.zip")));
        var metrics = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(solution, "out", "metrics.json")))!.AsObject();
        var expected = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(solution, "tests", "Penguins.Tests", "expected", "metrics.json")))!.AsObject();
        Assert.NotEmpty(expected);
        Assert.All(expected, m => Assert.Equal(m.Value!.GetValue<double>(), metrics[m.Key]!.GetValue<double>(), 1e-6));
        var wrong = await GeneratedSolution.ShellAsync(solution, "dotnet run --project src/Penguins.Training -- --epochs 3");
        Assert.Equal(2, wrong.Exit);
        Assert.Contains("unknown argument '--epochs'", wrong.Output, StringComparison.Ordinal);
        Assert.Contains("usage: Penguins.Training [--out DIR]", wrong.Output, StringComparison.Ordinal);

        var dockerfile = await File.ReadAllTextAsync(Path.Combine(solution, "Dockerfile"));
        Assert.Contains("RUN dotnet publish src/Penguins.Api/Penguins.Api.csproj", dockerfile, StringComparison.Ordinal);
        Assert.Contains("USER $APP_UID", dockerfile, StringComparison.Ordinal);
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"Penguins.Api.dll\"]", dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pipeline_with_steps_that_cannot_be_generated_names_each_of_them_and_writes_nothing()
    {
        using var workspace = await RunInExampleAsync("telco-churn", "report", """
            apiVersion: loom/v1
            kind: Pipeline
            name: churn-report
            steps:
              load: { component: data.read-csv@1, params: { path: data/telco_churn.csv } }
              split: { component: data.split@1, inputs: { table: load.table }, params: { seed: 7, group: contract } }
              train: { component: train.lightgbm-binary@1, inputs: { table: split.train }, params: { label: churn, positive: "Yes", iterations: 20 } }
              report: { component: evaluate.report@1, inputs: { model: train.model, table: split.test } }
              onnx: { component: export.onnx@1, inputs: { model: train.model, table: split.train } }
              # Only the second fold's training rows have missing total charges: its featurization differs.
              folded: { component: table.derive@1, inputs: { table: load.table }, params: { column: fold, expression: 'isna(total_charges) || tenure < 30 ? 1 : 2' } }
              cv: { component: evaluate.cross-validate@1, inputs: { table: folded.table }, params: { trainer: train.lightgbm-binary, trainer_params: ['iterations=10', 'positive=Yes'], label: churn, fold_column: fold } }
            outputs: { model: train.model, onnx: onnx.onnx, cv: cv.metrics, report: report.report }
            """);
        var (exit, _, stderr) = await LoomProcess.RunAsync(workspace.Path, "codegen", "pipelines/report.yaml", "--out", "generated");
        Assert.NotEqual(0, exit);
        Assert.Contains("step 'report' (evaluate.report@1.0.0): it makes a report for people, which generated code does not make; leave it out", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("step 'onnx'", stderr, StringComparison.Ordinal);
        Assert.Contains("step 'cv' (evaluate.cross-validate@1.0.0): fold 2 is trained by other code than fold 1", stderr, StringComparison.Ordinal);
        Assert.Contains("--leave-out STEP", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(workspace.Combine("generated")));

        var (unknownExit, _, unknownErr) = await LoomProcess.RunAsync(workspace.Path, "codegen", "pipelines/report.yaml", "--out", "generated", "--leave-out", "reprot");
        Assert.NotEqual(0, unknownExit);
        Assert.Contains("--leave-out: pipeline 'churn-report' has no step 'reprot'; its steps are load, split, train, report, onnx, folded, cv", unknownErr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(workspace.Combine("generated")));

        // A pipeline that reads a model trained elsewhere is refused, saying where its code comes from.
        var run = JsonNode.Parse((await LoomProcess.RunAsync(workspace.Path, "run", "pipelines/report.yaml", "--json")).Out)!["run_id"]!.GetValue<string>();
        Assert.Equal(0, (await LoomProcess.RunAsync(workspace.Path, "artifacts", "get", run, "train.model", "-o", "churn.model")).Exit);
        workspace.Write("pipelines/batch.yaml", """
            apiVersion: loom/v1
            kind: Pipeline
            name: churn-batch
            steps:
              load: { component: data.read-csv@1, params: { path: data/telco_churn.csv } }
              read: { component: model.read@1, params: { path: churn.model } }
              score: { component: score@1, inputs: { model: read.model, table: load.table } }
            outputs: { model: read.model, scored: score.table }
            """);
        Assert.Equal(0, (await LoomProcess.RunAsync(workspace.Path, "run", "pipelines/batch.yaml")).Exit);
        var (batchExit, _, batchErr) = await LoomProcess.RunAsync(workspace.Path, "codegen", "pipelines/batch.yaml", "--out", "generated");
        Assert.NotEqual(0, batchExit);
        Assert.Contains("step 'read' (model.read@1.0.0): it reads a model trained elsewhere, and generated code trains the model it serves; generate the code from the pipeline that trained that model", batchErr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(workspace.Combine("generated")));
    }

    /// <summary>The penguins example with a pipeline whose cross-validation is left out, and whose report, comparison and ONNX file nothing needs.</summary>
    private static TempFolder ReportedPipeline()
    {
        var workspace = LoomProcess.CopyExample("penguins");
        workspace.Write("pipelines/reported.yaml", """
            apiVersion: loom/v1
            kind: Pipeline
            name: reported
            seed: 5
            steps:
              load: { component: data.read-csv@1, params: { path: data/penguins.csv } }
              split: { component: data.split@1, inputs: { table: load.table }, params: { test_fraction: 0.25, stratify: species } }
              train: { component: train.lightgbm-multiclass@1, inputs: { table: split.train }, params: { label: species, iterations: 20 } }
              evaluate: { component: evaluate.multiclass@1, inputs: { model: train.model, table: split.test } }
              report: { component: evaluate.report@1, inputs: { model: train.model, table: split.test } }
              cv: { component: evaluate.cross-validate@1, inputs: { table: split.train }, params: { trainer: train.lightgbm-multiclass, trainer_params: ['iterations=10'], label: species, k: 3 } }
              compare: { component: evaluate.compare@1, inputs: { first: evaluate.metrics, second: cv.metrics } }
              onnx: { component: export.onnx@1, inputs: { model: train.model, table: split.train } }
            outputs: { model: train.model, metrics: evaluate.metrics, comparison: compare.table }
            """);
        return workspace;
    }

    [Fact]
    public async Task A_pipeline_parameter_the_generated_code_holds_as_a_literal_is_not_offered_as_a_training_option()
    {
        using var workspace = await RunInExampleAsync("penguins", "bound", """
            apiVersion: loom/v1
            kind: Pipeline
            name: bound
            parameters:
              data: { type: string, default: data/penguins.csv }
              iterations: { type: integer, default: 20 }
            steps:
              load: { component: data.read-csv@1, params: { path: "${params.data}" } }
              split: { component: data.split@1, inputs: { table: load.table }, params: { seed: 7 } }
              train: { component: train.lightgbm-multiclass@1, inputs: { table: split.train }, params: { label: species, iterations: "${params.iterations}" } }
            outputs: { model: train.model }
            """, "--param", "iterations=15");
        var (exit, _, stderr) = await LoomProcess.RunAsync(workspace.Path, "codegen", "pipelines/bound.yaml", "--out", "generated");
        Assert.True(exit == 0, stderr);

        var readme = await File.ReadAllTextAsync(workspace.Combine("generated/README.md"));
        Assert.Contains("- `--data` (string, default `data/penguins.csv`)", readme, StringComparison.Ordinal);
        Assert.DoesNotContain("--iterations", readme, StringComparison.Ordinal);
        Assert.Contains("the pipeline's other parameters: `iterations` = `15`", readme, StringComparison.Ordinal);
        var options = await File.ReadAllTextAsync(workspace.Combine("generated/src/Bound.Model/TrainingOptions.cs"));
        Assert.Contains("public string Data", options, StringComparison.Ordinal);
        Assert.DoesNotContain("Iterations", options, StringComparison.Ordinal);
        var training = await File.ReadAllTextAsync(workspace.Combine("generated/src/Bound.Model/BoundTraining.cs"));
        Assert.Contains("NumberOfIterations = 15,", training, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_succeeded_run_or_into_a_folder_in_use_codegen_says_what_to_do()
    {
        using var workspace = LoomProcess.CopyExample("telco-churn");
        var (exit, _, stderr) = await LoomProcess.RunAsync(workspace.Path, "codegen", "pipelines/churn.yaml", "--out", "generated");
        Assert.NotEqual(0, exit);
        Assert.Contains("no succeeded run", stderr, StringComparison.Ordinal);
        Assert.Contains("loom run pipelines/churn.yaml", stderr, StringComparison.Ordinal);

        await LoomProcess.RunAsync(workspace.Path, "run", "pipelines/churn.yaml", "--json");
        workspace.Write("taken/keep.txt", "mine");
        (exit, _, stderr) = await LoomProcess.RunAsync(workspace.Path, "codegen", "pipelines/churn.yaml", "--out", "taken");
        Assert.NotEqual(0, exit);
        Assert.Contains("not empty", stderr, StringComparison.Ordinal);
        Assert.Equal(["keep.txt"], Directory.GetFiles(workspace.Combine("taken")).Select(Path.GetFileName));
    }

    /// <summary>A copy of an example with one more pipeline, run once with the given extra arguments.</summary>
    private static async Task<TempFolder> RunInExampleAsync(string example, string pipeline, string yaml, params string[] arguments)
    {
        var workspace = LoomProcess.CopyExample(example);
        try
        {
            workspace.Write($"pipelines/{pipeline}.yaml", yaml);
            var (exit, _, stderr) = await LoomProcess.RunAsync(workspace.Path, ["run", $"pipelines/{pipeline}.yaml", "--json", .. arguments]);
            Assert.True(exit == 0, stderr);
            return workspace;
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }
}
