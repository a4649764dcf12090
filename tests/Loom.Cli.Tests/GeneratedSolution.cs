using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Loom.Testing;

namespace Loom.Cli.Tests;

/// <summary>Checks on a generated solution with the real dotnet: the README's commands build it without warnings and pass its tests.</summary>
internal static class GeneratedSolution
{
    /// <summary>
    /// Runs the pipeline, generates its solution (with the extra codegen arguments), and builds and tests it with the
    /// generated README's commands alone.
    /// </summary>
    public static Task AssertPassesAsync(TempFolder workspace, string pipeline, string name, params string[] codegenArguments) =>
        AssertPassesAsync(workspace, pipeline, name, carriedTestProjects: 0, codegenArguments);

    /// <summary>As above, for a pipeline with custom components, whose source (with its test projects) the solution carries.</summary>
    public static async Task AssertPassesAsync(TempFolder workspace, string pipeline, string name, int carriedTestProjects, params string[] codegenArguments)
    {
        var solution = await GenerateAsync(workspace, pipeline, name, "generated", codegenArguments);

        // The README's own commands, and nothing else, build the solution and pass its tests.
        var readme = await File.ReadAllTextAsync(Path.Combine(solution, "README.md"));
        var build = await ShellAsync(solution, ShellBlockAfter(readme, "## Build and test"));
        AssertBuiltAndPassed(build, testProjects: 2 + carriedTestProjects);
        var format = await ShellAsync(solution, "dotnet format --verify-no-changes --no-restore");
        Assert.True(format.Exit == 0, format.Output);
    }

    /// <summary>
    /// Runs each pipeline and generates its solution into its folder of its workspace, then builds, tests and
    /// format-checks them all at once, through one solution file that lists every generated project: each README's
    /// "Build and test" commands (checked to be <c>dotnet build -warnaserror</c> and <c>dotnet test</c>) run once
    /// over all of them, which saves a restore, a build and a test host per solution.
    /// </summary>
    /// <param name="solutions">The pipelines.</param>
    /// <param name="include">Which generated projects to build, test and check (by file name); all when null.</param>
    public static async Task AssertAllPassAsync(IReadOnlyList<PipelineToGenerate> solutions, Func<string, bool>? include = null)
    {
        using var batch = new TempFolder();
        var all = new StringBuilder("<Solution>\n");
        var testProjects = 0;
        foreach (var (workspace, pipeline, name, folder, arguments) in solutions)
        {
            var solution = await GenerateAsync(workspace, pipeline, name, folder, arguments ?? []);
            var readme = await File.ReadAllTextAsync(Path.Combine(solution, "README.md"));
            Assert.Equal("dotnet build -warnaserror\ndotnet test\n", ShellBlockAfter(readme, "## Build and test"));
            foreach (var project in Directory.EnumerateFiles(solution, "*.csproj", SearchOption.AllDirectories).Where(p => include?.Invoke(Path.GetFileName(p)) ?? true).Order(StringComparer.Ordinal))
            {
                all.Append($"  <Project Path=\"{Path.GetRelativePath(batch.Path, project)}\" />\n");
                testProjects += project.EndsWith(".Tests.csproj", StringComparison.Ordinal) ? 1 : 0;
            }
        }

        await File.WriteAllTextAsync(batch.Combine("All.slnx"), all.Append("</Solution>\n").ToString());
        var build = await ShellAsync(batch.Path, "dotnet build All.slnx -warnaserror\ndotnet test All.slnx --no-build");
        AssertBuiltAndPassed(build, testProjects);
        var format = await ShellAsync(batch.Path, "dotnet format All.slnx --verify-no-changes --no-restore");
        Assert.True(format.Exit == 0, format.Output);
    }

    /// <summary>As above, for several pipelines of one workspace, each generated into <c>generated/NAME</c>.</summary>
    public static Task AssertAllPassAsync(TempFolder workspace, IReadOnlyList<(string Pipeline, string Name)> pipelines, Func<string, bool>? include = null) =>
        AssertAllPassAsync([.. pipelines.Select(p => new PipelineToGenerate(workspace, p.Pipeline, p.Name, $"generated/{p.Name}"))], include);

    /// <summary>Runs the pipeline and generates its solution into a folder of the workspace; the solution's folder.</summary>
    public static async Task<string> GenerateAsync(TempFolder workspace, string pipeline, string name, string folder, params string[] codegenArguments)
    {
        var (runExit, _, runErr) = await LoomProcess.RunAsync(workspace.Path, "run", pipeline, "--json");
        Assert.True(runExit == 0, runErr);

        var (exit, stdout, stderr) = await LoomProcess.RunAsync(workspace.Path, ["codegen", pipeline, "--out", folder, .. codegenArguments]);
        Assert.True(exit == 0, stderr);
        Assert.Contains("dotnet test", stdout, StringComparison.Ordinal);
        var solution = workspace.Combine(folder);
        Assert.True(File.Exists(Path.Combine(solution, "models", "model.zip")));
        Assert.True(File.Exists(Path.Combine(solution, $"{name}.slnx")));
        // No Loom types; with custom components carried as source, only Loom.Sdk, the package they are written against.
        var carried = Path.Combine(solution, "components");
        foreach (var file in Directory.EnumerateFiles(solution, "*.cs*", SearchOption.AllDirectories).Where(f => !f.StartsWith(carried + "/", StringComparison.Ordinal)))
        {
            var text = await File.ReadAllTextAsync(file);
            Assert.DoesNotContain("Loom", Directory.Exists(carried) ? text.Replace("Loom.Sdk", "", StringComparison.Ordinal) : text, StringComparison.Ordinal);
            Assert.False(IsCode(file) && Regex.IsMatch(text, @"\b(TODO|FIXME|HACK|XXX)\b"), $"{file} holds a note of unfinished work");
        }

        return solution;
    }

    private static bool IsCode(string file) => Path.GetExtension(file) is ".cs" or ".csproj";

    /// <summary>The commands' output shows a build without warnings and the given number of test projects passing.</summary>
    public static void AssertBuiltAndPassed((int Exit, string Output) build, int testProjects)
    {
        Assert.True(build.Exit == 0, build.Output);
        Assert.Contains("0 Warning(s)", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Failed!", build.Output, StringComparison.Ordinal);
        Assert.True(build.Output.Split("Passed!").Length - 1 == testProjects, build.Output);
    }

    /// <summary>The commands of the first sh block after a heading.</summary>
    private static string ShellBlockAfter(string markdown, string heading)
    {
        var section = markdown[markdown.IndexOf(heading, StringComparison.Ordinal)..];
        var start = section.IndexOf("```sh\n", StringComparison.Ordinal) + "```sh\n".Length;
        return section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
    }

    /// <summary>
    /// The model library and its tests (parity, inputs) of a generated solution: where the components' emitted code,
    /// and so the reading and writing of data, lives.
    /// </summary>
    public static bool ModelAndItsTests(string project) =>
        project.EndsWith(".Model.csproj", StringComparison.Ordinal) || (project.EndsWith(".Tests.csproj", StringComparison.Ordinal) && !project.EndsWith(".Api.Tests.csproj", StringComparison.Ordinal));

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
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}

/// <summary>A pipeline of a workspace to run and generate a solution for, into a folder of the workspace, with extra codegen arguments.</summary>
internal sealed record PipelineToGenerate(TempFolder Workspace, string Pipeline, string Name, string Folder = "generated", string[]? Arguments = null);
