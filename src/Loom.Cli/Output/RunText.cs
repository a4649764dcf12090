using Loom.Execution;
using System.Globalization;
using Loom.Metadata.Records;
using Spectre.Console;

namespace Loom.Cli.Output;

/// <summary>Writes a run for people: status line, a step table, retries, outputs and metrics.</summary>
internal static class RunText
{
    public static void Write(RunView view)
    {
        var run = view.Run;
        var color = run.Status switch { RunStatus.Succeeded => "green", RunStatus.Running => "yellow", _ => "red" };
        var took = run.FinishedAt is { } end ? $" in {Durations.Format(end - run.CreatedAt)}" : "";
        AnsiConsole.MarkupLine($"run [bold]{run.Id}[/] [{color}]{RunJson.Status(run, view.Interrupted)}[/]{took}");
        AnsiConsole.MarkupLine($"pipeline {Markup.Escape(run.PipelineName)} version {run.PipelineVersion[..12]} ({Markup.Escape(run.PipelineFile)})");
        if (view.Interrupted)
        {
            AnsiConsole.MarkupLine($"the process running it stopped; continue it with [bold]loom run --resume {run.Id}[/]");
        }

        if (run.Error is not null)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(run.Error)}");
        }

        var steps = new Table().AddColumns("step", "component", "status", "cache", "attempts", "time");
        foreach (var s in view.Steps)
        {
            steps.AddRow(Markup.Escape(s.Name), Markup.Escape(s.Component), s.Status.ToString().ToLowerInvariant(), s.CacheHit ? "hit" : "", s.Attempts.ToString(CultureInfo.InvariantCulture), Durations.Format(s.Duration));
        }

        AnsiConsole.Write(steps);
        foreach (var a in view.Attempts.Where(a => a.Error is not null && a.Status != StepStatus.Cancelled))
        {
            AnsiConsole.MarkupLine($"  attempt {a.Number} of {Markup.Escape(a.Step)}: {Markup.Escape(a.Error!)}");
        }

        foreach (var failed in view.Steps.Where(s => s.Status == StepStatus.Failed))
        {
            AnsiConsole.MarkupLine($"see what step '{Markup.Escape(failed.Name)}' logged: [bold]loom logs {run.Id} {Markup.Escape(failed.Name)}[/]");
        }

        foreach (var (name, output) in view.Outputs)
        {
            AnsiConsole.MarkupLine($"output [bold]{Markup.Escape(name)}[/] = {Markup.Escape(output.Step)}.{Markup.Escape(output.Port)} ({output.Kind.ToString().ToLowerInvariant()} {output.Sha256[..12]})");
        }

        foreach (var (name, metrics) in view.Metrics)
        {
            var values = string.Join("  ", metrics.Select(m => $"{m.Key} {m.Value.ToString("0.####", CultureInfo.InvariantCulture)}"));
            var label = name == "metrics" ? "metrics" : $"metrics {name}";
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(label)}[/]: {Markup.Escape(values)}");
        }
    }
}
