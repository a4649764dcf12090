using System.Diagnostics;

namespace Loom.Worker.Tests;

/// <summary>The sandbox on real processes: what environment they see, and that they are stopped at their limits or on cancel.</summary>
public sealed class SandboxedProcessTests
{
    private static SandboxedStart Shell(string script, ProcessLimits limits, IReadOnlyDictionary<string, string>? environment = null) =>
        new("sh", ["-c", script], Path.GetTempPath(), limits, Environment: environment);

    [Fact]
    public async Task A_process_sees_the_sdks_variables_but_not_loom_settings_or_credentials()
    {
        Environment.SetEnvironmentVariable("LOOM_DATABASE", "postgres://loom:secret@db/loom");
        Environment.SetEnvironmentVariable("PGPASSWORD", "secret");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "secret");
        Environment.SetEnvironmentVariable("DOTNET_TIERED_PGO", "0");
        try
        {
            var outcome = await SandboxedProcess.RunAsync(Shell("env", new ProcessLimits(TimeSpan.FromSeconds(30)), new Dictionary<string, string> { ["EXTRA"] = "given" }), CancellationToken.None);

            Assert.True(outcome.Succeeded, outcome.Output);
            var names = outcome.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[..l.IndexOf('=', StringComparison.Ordinal)]).ToHashSet();
            Assert.DoesNotContain("LOOM_DATABASE", names);
            Assert.DoesNotContain("PGPASSWORD", names);
            Assert.DoesNotContain("AWS_SECRET_ACCESS_KEY", names);
            Assert.Contains("PATH", names);
            Assert.Contains("DOTNET_TIERED_PGO", names);
            Assert.Contains("EXTRA=given", outcome.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("secret", outcome.Output, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("LOOM_DATABASE", null);
            Environment.SetEnvironmentVariable("PGPASSWORD", null);
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", null);
            Environment.SetEnvironmentVariable("DOTNET_TIERED_PGO", null);
        }
    }

    [Fact]
    public async Task A_process_over_its_time_limit_is_killed_with_its_children_and_the_reason_given()
    {
        var clock = Stopwatch.StartNew();
        var outcome = await SandboxedProcess.RunAsync(Shell("sleep 60 & echo $!; wait", new ProcessLimits(TimeSpan.FromSeconds(1))), CancellationToken.None);

        Assert.Equal("it ran longer than its time limit of 1s", outcome.Stopped);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"stopped after {clock.Elapsed}");
        var child = int.Parse(outcome.Output.Split('\n')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(File.Exists($"/proc/{child}/stat") && !File.ReadAllText($"/proc/{child}/stat").Contains(") Z ", StringComparison.Ordinal), $"the child {child} was killed");
    }

    [Fact]
    public async Task A_process_over_its_memory_limit_is_killed_and_the_reason_given()
    {
        // The shell is not .NET, so no heap limit stops it: the resident memory check does.
        var outcome = await SandboxedProcess.RunAsync(
            Shell("x=$(head -c 600000000 /dev/zero | tr '\\0' a); sleep 60", new ProcessLimits(TimeSpan.FromSeconds(50), 64L << 20)),
            CancellationToken.None);

        Assert.NotNull(outcome.Stopped);
        Assert.Contains("more than its memory limit of 64 MB", outcome.Stopped, StringComparison.Ordinal);
        Assert.True(outcome.PeakMemoryBytes > (64L << 20) + ProcessLimits.RuntimeAllowanceBytes);
    }

    [Fact]
    public async Task What_a_process_leaves_running_when_it_ends_is_killed_with_it()
    {
        var outcome = await SandboxedProcess.RunAsync(Shell("sleep 60 > /dev/null 2>&1 & echo $!", new ProcessLimits(TimeSpan.FromSeconds(30))), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Output);
        var child = int.Parse(outcome.Output.Split('\n')[0], System.Globalization.CultureInfo.InvariantCulture);
        await Task.Delay(200);
        Assert.False(File.Exists($"/proc/{child}/stat") && !File.ReadAllText($"/proc/{child}/stat").Contains(") Z ", StringComparison.Ordinal), $"the child {child} left behind was killed");
    }

    [Fact]
    public async Task Cancelling_kills_the_process_and_throws()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SandboxedProcess.RunAsync(Shell("sleep 60", new ProcessLimits(TimeSpan.FromMinutes(5))), cancel.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
    }
}
