using System.Diagnostics;
using Loom.Testing;

namespace Loom.Cli.Tests;

/// <summary>Runs the built loom program as a real process in a working folder.</summary>
internal static class LoomProcess
{
    /// <summary>The loom program the tests run.</summary>
    public static readonly string Dll = Locate();

    public static Task<(int Exit, string Out, string Err)> RunAsync(string workingDirectory, params string[] args) =>
        RunWithEnvironmentAsync(workingDirectory, new Dictionary<string, string>(), args);

    /// <summary>Runs loom with more environment variables set.</summary>
    public static async Task<(int Exit, string Out, string Err)> RunWithEnvironmentAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var process = Start(workingDirectory, args, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    public static Process Start(string workingDirectory, params string[] args) => Start(workingDirectory, args, new Dictionary<string, string>());

    /// <summary>Starts loom with more environment variables set.</summary>
    public static Process Start(string workingDirectory, string[] args, IReadOnlyDictionary<string, string> environment)
    {
        // A test run started in the background of a non-interactive shell inherits an ignored SIGINT,
        // and .NET keeps an ignored SIGINT ignored; coreutils' env restores the default so the
        // process reacts to Ctrl-C the way it does in a terminal.
        var info = new ProcessStartInfo("env")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--default-signal=INT");
        foreach (var (name, value) in environment)
        {
            info.ArgumentList.Add($"{name}={value}");
        }

        info.ArgumentList.Add("dotnet");
        info.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info)!;
    }

    /// <summary>Sends Ctrl+C (SIGINT) to a loom process and waits up to 30 s for it to end.</summary>
    public static async Task InterruptAsync(Process process)
    {
        using var interrupt = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await interrupt.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>Copies an example workspace (pipelines and data, no state) into a fresh folder.</summary>
    public static TempFolder CopyExample(string name) => ExampleWorkspace.Copy(name);

    private static string Locate()
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Repository.Path("src", "Loom.Cli", "bin", configuration, "net10.0", "loom.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("build the solution first", dll);
    }
}
