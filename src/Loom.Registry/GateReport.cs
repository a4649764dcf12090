using System.Text;
using System.Text.Json;
using Loom.Sdk;

namespace Loom.Registry;

/// <summary>What the quality gate found, stage by stage; it stops at the first stage that fails.</summary>
/// <param name="Stages">The stages it ran, in order.</param>
public sealed record GateReport(IReadOnlyList<GateStage> Stages)
{
    /// <summary>The stages, in the order the gate runs them.</summary>
    public static IReadOnlyList<string> StageNames { get; } = ["upload", "build", "tests", "manifest", "determinism"];

    /// <summary>Whether every stage ran and passed.</summary>
    public bool Passed => Stages.Count == StageNames.Count && Stages.All(s => s.Passed);

    /// <summary>The report as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, LoomJson.Options);

    /// <summary>Reads a report written by <see cref="ToJson"/>.</summary>
    public static GateReport FromJson(string json) =>
        JsonSerializer.Deserialize<GateReport>(json, LoomJson.Options) is { Stages: not null } report ? report : new GateReport([]);

    /// <summary>The report for people: each stage, and under a failed one each finding with where and how to fix it.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        foreach (var name in StageNames)
        {
            var stage = Stages.FirstOrDefault(s => s.Name == name);
            text.Append(stage switch
            {
                null => $"  -    {name}: not run (an earlier stage failed)\n",
                { Passed: true } => $"  ok   {name}{Summary(stage)}\n",
                _ => $"  FAIL {name}{Summary(stage)}\n",
            });
            foreach (var finding in stage?.Findings ?? [])
            {
                text.Append("         ").Append(finding.Where is { } where ? where + ": " : "").Append(finding.Message).Append('\n');
                text.Append("         fix: ").Append(finding.Fix).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Summary(GateStage stage) => stage.Summary is { Length: > 0 } summary ? $" ({summary})" : "";
}

/// <summary>One stage of the gate.</summary>
/// <param name="Name">One of <see cref="GateReport.StageNames"/>.</param>
/// <param name="Passed">Whether it passed.</param>
/// <param name="Summary">A short account of what it checked, or null.</param>
/// <param name="Findings">What is wrong, when it failed.</param>
public sealed record GateStage(string Name, bool Passed, string? Summary, IReadOnlyList<GateFinding> Findings)
{
    /// <summary>A stage that passed.</summary>
    public static GateStage Pass(string name, string? summary = null) => new(name, true, summary, []);

    /// <summary>A stage that passes when it found nothing.</summary>
    public static GateStage Of(string name, IReadOnlyList<GateFinding> findings, string? summary = null) => new(name, findings.Count == 0, summary, findings);
}

/// <summary>One thing the gate found wrong.</summary>
/// <param name="Message">What is wrong.</param>
/// <param name="Where">The file (and line) it is in, or null.</param>
/// <param name="Fix">How to fix it.</param>
public sealed record GateFinding(string Message, string? Where, string Fix);
