using System.Diagnostics;
using Loom.Testing;

namespace Loom.Cli.Tests;

/// <summary>Checks on a generated solution with the real dotnet: the README's commands build it without warnings and pass its tests.</summary>
internal static class GeneratedSolution
{
    /// <summary>
    /// Runs the pipeline, generates its solution (with the extra codegen arguments), and builds and tests it with the
    /// generated README's commands alone.
    /// </summary>
    public static async Task AssertPassesAsync(TempFolder workspace, string pipeline, string name, params string[] codegenArguments)
    {
        var (runExit, _, runErr) = await LoomProcess.RunAsync(workspace.Path, "run", pipeline, "--json");
        Assert.True(runExit == 0, runErr);

        var (exit, stdout, stderr) = await LoomProcess.RunAsync(workspace.Path, ["codegen", pipeline, "--out", "generated", .. codegenArguments]);
        Assert.True(exit == 0, stderr);
        Assert.Contains("dotnet test", stdout, StringComparison.Ordinal);
        var solution = workspace.Combine("generated");
        Assert.True(File.Exists(Path.Combine(solution, "models", "model.zip")));
        Assert.True(File.Exists(Path.Combine(solution, $"{name}.slnx")));
        foreach (var file in Directory.EnumerateFiles(solution, "*.cs*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain("Loom", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        }

        // The README's own commands, and nothing else, build the solution and pass its tests.
        var readme = await File.ReadAllTextAsync(Path.Combine(solution, "README.md"));
        var build = await ShellAsync(solution, ShellBlockAfter(readme, "## Build and test"));
        Assert.True(build.Exit == 0, build.Output);
        Assert.Contains("0 Warning(s)", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Failed!", build.Output, StringComparison.Ordinal);
        Assert.Equal(2, build.Output.Split("Passed!").Length - 1);
        var format = await ShellAsync(solution, "dotnet format --verify-no-changes --no-restore");
        Assert.True(format.Exit == 0, format.Output);
    }

    /// <summary>The commands of the first sh block after a heading.</summary>
    private static string ShellBlockAfter(string markdown, string heading)
    {
        var section = markdown[markdown.IndexOf(heading, StringComparison.Ordinal)..];
        var start = section.IndexOf("```sh\n", StringComparison.Ordinal) + "```sh\n".Length;
        return section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
    }

    /// <summary>Runs a bash script in a folder (stopping at the first failing command); its exit code and output.</summary>
    public static async Task<(int Exit, string Output)> ShellAsync(string folder, string script)
    {
        var info = new ProcessStartInfo("bash") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-e");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
