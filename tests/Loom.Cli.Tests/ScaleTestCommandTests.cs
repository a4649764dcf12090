using System.Text.Json;
using Loom.Testing;

namespace Loom.Cli.Tests;

/// <summary><c>loom scale-test</c> and the <c>sla</c> of a pipeline: real runs on the penguins data scaled up, measured step by step.</summary>
public sealed class ScaleTestCommandTests
{
    [Fact]
    public async Task A_scale_test_measures_each_step_at_each_size_compares_sample_and_full_models_and_checks_the_sla()
    {
        using var workspace = LoomProcess.CopyExample("penguins");
        var species = await File.ReadAllTextAsync(workspace.Combine("pipelines/species.yaml"));
        workspace.Write("pipelines/sla.yaml", species.Replace("seed: 42\n", "seed: 42\nsla: { max_wall: 10m, max_memory: 8GB, min_rows_per_second: 1, max_accuracy_loss: 0.5, at: 4 }\n", StringComparison.Ordinal));

        var (exit, stdout, stderr) = await LoomProcess.RunAsync(workspace.Path, "scale-test", "pipelines/sla.yaml", "--data-multiplier", "1,16", "--accuracy-sample", "0.25", "--report", "reports/scale.html", "--json");
        Assert.True(exit == 0, stdout + stderr);
        var report = JsonDocument.Parse(stdout).RootElement;
        Assert.True(report.GetProperty("passed").GetBoolean());

        // The sla's size joins the sizes asked for; each run reads the data resampled to its size.
        var scales = report.GetProperty("scales").EnumerateArray().ToList();
        Assert.Equal([1.0, 4.0, 16.0], scales.Select(s => s.GetProperty("multiplier").GetDouble()));
        Assert.Equal([344L, 1376L, 5504L], scales.Select(s => s.GetProperty("data_rows").GetInt64()));
        Assert.All(scales, s => Assert.Equal("succeeded", s.GetProperty("status").GetString()));
        var largest = scales[2].GetProperty("steps").EnumerateArray().ToDictionary(m => m.GetProperty("step").GetString()!);
        Assert.Equal("data.resample@1.0.0", largest["scaled_load"].GetProperty("component").GetString());
        Assert.Equal(5504, largest["split"].GetProperty("rows").GetInt64());
        Assert.InRange(largest["train"].GetProperty("rows").GetInt64(), 4300, 4500); // the split's training rows
        Assert.All(largest.Values, m => Assert.True(m.GetProperty("wall_seconds").GetDouble() > 0));
        Assert.All(largest.Values, m => Assert.True(m.GetProperty("peak_managed_bytes").GetInt64() > 0));
        Assert.True(scales[2].GetProperty("peak_resident_bytes").GetInt64() > 50L << 20);
        Assert.Equal(["load", "scaled_load", "split", "features", "train", "evaluate"], report.GetProperty("growth").EnumerateArray().Select(g => g.GetProperty("step").GetString()));
        Assert.Equal("the same rows at every scale", report.GetProperty("growth")[0].GetProperty("shape").GetString()); // the file, read as it is

        // The model trained on a quarter of the training rows and the one trained on all of them, on the same test rows.
        var accuracy = report.GetProperty("accuracy");
        Assert.Equal("macro_accuracy", accuracy.GetProperty("metric").GetString());
        Assert.Equal(0.25, accuracy.GetProperty("sample_fraction").GetDouble());
        Assert.True(accuracy.GetProperty("full").GetDouble() > 0.9);
        Assert.Equal(69, accuracy.GetProperty("shift").GetProperty("rows").GetInt64());
        Assert.Equal("Probability", accuracy.GetProperty("shift").GetProperty("column").GetString());
        // Models trained on a quarter and on all the rows score the same held-out rows a little differently, and mostly agree.
        var shift = accuracy.GetProperty("shift");
        Assert.InRange(shift.GetProperty("ks").GetDouble(), 1e-9, 1);
        Assert.True(shift.GetProperty("psi").GetDouble() >= 0);
        Assert.InRange(shift.GetProperty("disagreement").GetDouble(), 0, 0.2);
        Assert.Equal(["max_wall", "max_memory", "min_rows_per_second", "max_accuracy_loss"], report.GetProperty("sla").GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("target").GetString()));
        Assert.Equal(4, report.GetProperty("sla").GetProperty("at").GetDouble());

        // Every run is a run of the workspace; the report is kept as JSON and HTML with its charts.
        var id = report.GetProperty("id").GetString()!;
        var html = await File.ReadAllTextAsync(workspace.Combine($".loom/scale-tests/{id}/report.html"));
        Assert.Equal(html, await File.ReadAllTextAsync(workspace.Combine("reports/scale.html")));
        Assert.Contains("<p id=\"verdict\" class=\"pass\">Passed</p>", html, StringComparison.Ordinal);
        Assert.Equal(3, html.Split("<figure id=\"").Length - 1);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        var runs = await LoomProcess.RunAsync(workspace.Path, "runs", "list", "--json");
        Assert.Contains(scales[2].GetProperty("run_id").GetString()!, runs.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_target_not_met_fails_the_scale_test_and_loom_ci_and_bad_options_are_named()
    {
        using var workspace = LoomProcess.CopyExample("penguins");
        var species = await File.ReadAllTextAsync(workspace.Combine("pipelines/species.yaml"));
        workspace.Write("pipelines/tight.yaml", species.Replace("name: penguins\n", "name: tight\n", StringComparison.Ordinal).Replace("seed: 42\n", "seed: 42\nsla: { min_rows_per_second: 1e12 }\n", StringComparison.Ordinal));

        var (exit, stdout, stderr) = await LoomProcess.RunAsync(workspace.Path, "scale-test", "pipelines/tight.yaml", "-m", "1", "--no-accuracy", "--duration", "4s");
        Assert.True(exit == 1, stdout + stderr);
        Assert.Contains("FAIL SLA min_rows_per_second 1,000,000,000,000 not met at x1: ", stdout, StringComparison.Ordinal);
        Assert.Contains("stability: ", stdout, StringComparison.Ordinal);
        Assert.Contains("scale test s", stdout, StringComparison.Ordinal);
        Assert.Contains(" failed; report: ", stdout, StringComparison.Ordinal);

        var ci = await LoomProcess.RunAsync(workspace.Path, "ci");
        Assert.Equal(1, ci.Exit);
        Assert.Contains("FAIL  sla        pipelines/tight.yaml", ci.Out, StringComparison.Ordinal);
        Assert.Contains("SLA min_rows_per_second 1,000,000,000,000 not met at x1", ci.Out, StringComparison.Ordinal);

        foreach (var (args, message) in new[]
        {
            (new[] { "-m", "1,zero" }, "--data-multiplier takes numbers from 0.0001 to 10000 separated by commas, such as 1,10,100; 'zero' is not one"),
            (["--duration", "soon"], "--duration must be a duration such as 90s, 10m or 2h, found 'soon'"),
            (["--accuracy-sample", "1.5"], "--accuracy-sample must be a share of the rows above 0 and below 1, found 1.5"),
        })
        {
            var bad = await LoomProcess.RunAsync(workspace.Path, ["scale-test", "pipelines/tight.yaml", .. args]);
            Assert.Equal(2, bad.Exit);
            Assert.Contains(message, bad.Err, StringComparison.Ordinal);
        }

        workspace.Write("pipelines/nothing.yaml", "apiVersion: loom/v1\nkind: Pipeline\nname: nothing\nsteps:\n  read: { component: model.read@1, params: { path: models:/churn@production } }\n");
        var none = await LoomProcess.RunAsync(workspace.Path, "scale-test", "pipelines/nothing.yaml");
        Assert.Equal(2, none.Exit);
        Assert.Contains("pipeline 'nothing' reads no data file", none.Err, StringComparison.Ordinal);
    }
}
