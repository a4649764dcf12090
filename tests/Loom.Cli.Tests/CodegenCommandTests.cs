using System.Diagnostics;

namespace Loom.Cli.Tests;

/// <summary>
/// <c>loom codegen</c> end to end: the generated solution is built with the real dotnet, warnings as
/// errors, and its own tests (parity with the platform's predictions and metrics) pass.
/// </summary>
public sealed class CodegenCommandTests
{
    [Theory]
    [InlineData("telco-churn", "pipelines/churn.yaml", "TelcoChurn")]
    [InlineData("ames-housing", "pipelines/prices.yaml", "AmesHousing")]
    [InlineData("penguins", "pipelines/species.yaml", "Penguins")]
    [InlineData("fine-foods", "pipelines/reviews.yaml", "FineFoods")]
    public async Task The_generated_solution_builds_without_warnings_and_its_parity_tests_pass(string example, string pipeline, string name)
    {
        using var workspace = LoomProcess.CopyExample(example);
        var (runExit, _, runErr) = await LoomProcess.RunAsync(workspace.Path, "run", pipeline, "--json");
        Assert.True(runExit == 0, runErr);

        var (exit, stdout, stderr) = await LoomProcess.RunAsync(workspace.Path, "codegen", pipeline, "--out", "generated");
        Assert.True(exit == 0, stderr);
        Assert.Contains("dotnet test", stdout, StringComparison.Ordinal);
        var solution = workspace.Combine("generated");
        Assert.True(File.Exists(Path.Combine(solution, "models", "model.zip")));
        var training = await File.ReadAllTextAsync(Path.Combine(solution, "src", $"{name}.Model", $"{name}Training.cs"));
        Assert.DoesNotContain("Loom", training, StringComparison.Ordinal);

        var build = await DotnetAsync(solution, "build", "-warnaserror", "-nologo");
        Assert.True(build.Exit == 0, build.Output);
        Assert.Contains("0 Warning(s)", build.Output, StringComparison.Ordinal);
        var test = await DotnetAsync(solution, "test", "--no-build", "-nologo");
        Assert.True(test.Exit == 0, test.Output);
        Assert.Contains("Passed!", test.Output, StringComparison.Ordinal);
        Assert.Contains("Failed:     0", test.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pipeline_with_steps_that_cannot_be_generated_names_each_of_them_and_writes_nothing()
    {
        using var workspace = LoomProcess.CopyExample("telco-churn");
        workspace.Write("pipelines/report.yaml", """
            apiVersion: loom/v1
            kind: Pipeline
            name: churn-report
            steps:
              load: { component: data.read-csv@1, params: { path: data/telco_churn.csv } }
              split: { component: data.split@1, inputs: { table: load.table }, params: { seed: 7, group: contract } }
              train: { component: train.lightgbm-binary@1, inputs: { table: split.train }, params: { label: churn, positive: "Yes", iterations: 20 } }
              report: { component: evaluate.report@1, inputs: { model: train.model, table: split.test } }
            outputs: { model: train.model }
            """);
        var (runExit, _, runErr) = await LoomProcess.RunAsync(workspace.Path, "run", "pipelines/report.yaml", "--json");
        Assert.True(runExit == 0, runErr);

        var (exit, _, stderr) = await LoomProcess.RunAsync(workspace.Path, "codegen", "pipelines/report.yaml", "--out", "generated");
        Assert.NotEqual(0, exit);
        Assert.Contains("step 'split' (data.split@1.0.0): splits by group", stderr, StringComparison.Ordinal);
        Assert.Contains("step 'report' (evaluate.report@1.0.0): the component has no code emitter yet", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(workspace.Combine("generated")));
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

    private static async Task<(int Exit, string Output)> DotnetAsync(string folder, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
