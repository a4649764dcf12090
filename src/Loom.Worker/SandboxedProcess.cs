using System.Collections;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Globalization;
using System.Text;

namespace Loom.Worker;

/// <summary>
/// Runs code Loom does not own (a custom component, its build, its tests) in a child process: with an environment
/// that passes through only what the .NET SDK and package restore need (no database settings, no credentials),
/// a time limit, a memory limit, and the whole process tree killed on cancel.
/// </summary>
public static partial class SandboxedProcess
{
    /// <summary>On Linux each process starts a session of its own, so everything it starts can be killed with it, even after it ends.</summary>
    private const string Setsid = "/usr/bin/setsid";
    private static readonly string[] PassedPrefixes = ["DOTNET_", "NUGET_", "MSBUILD", "LC_", "SSL_"];

    private static readonly HashSet<string> PassedNames = new(StringComparer.Ordinal)
    {
        "PATH", "HOME", "USER", "LANG", "TZ", "TMPDIR", "TERM", "UseSharedCompilation",
        "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy",
        "CURL_CA_BUNDLE", "REQUESTS_CA_BUNDLE", "NODE_EXTRA_CA_CERTS",
    };

    /// <summary>Whether a variable of Loom's environment reaches sandboxed processes.</summary>
    public static bool Passes(string name) =>
        !name.StartsWith("LOOM_", StringComparison.Ordinal)
        && (PassedNames.Contains(name) || PassedPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)));

    /// <summary>Runs the process to its end, or kills it at a limit; on cancellation kills it and throws.</summary>
    public static async Task<SandboxedOutcome> RunAsync(SandboxedStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        using var process = new Process { StartInfo = Info(start) };
        var output = new StringBuilder();
        var error = new StringBuilder();
        var clock = Stopwatch.StartNew();
        process.Start();
        var reading = Task.WhenAll(ReadLinesAsync(process.StandardOutput, start.OnOutputLine ?? (line => Append(output, line))), ReadLinesAsync(process.StandardError, line => Append(error, line)));
        // Written beside the watch, so a process that never reads its input still meets its limits.
        var writing = WriteInputAsync(process, start.StandardInput, cancellationToken);
        var (stopped, peak) = await WatchAsync(process, start.Limits, cancellationToken).ConfigureAwait(false);
        await writing.ConfigureAwait(false);

        // Whatever it started and left behind (a server, a test's child) goes with it.
        KillGroup(process.Id);
        // A grandchild left behind could hold the pipes open: the output read so far is enough then.
        await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return new SandboxedOutcome(stopped is null ? process.ExitCode : -1, stopped, output.Append(error).ToString(), peak, clock.Elapsed);
    }

    private static async Task WriteInputAsync(Process process, string? input, CancellationToken cancellationToken)
    {
        try
        {
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            process.StandardInput.Close();
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The process ended, or was killed, before it read its input; how it ended says why.
        }
    }

    private static ProcessStartInfo Info(SandboxedStart start)
    {
        var grouped = OperatingSystem.IsLinux() && File.Exists(Setsid);
        var info = new ProcessStartInfo(grouped ? Setsid : start.FileName)
        {
            WorkingDirectory = start.WorkingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        if (grouped)
        {
            info.ArgumentList.Add(start.FileName);
        }

        foreach (var argument in start.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (DictionaryEntry variable in System.Environment.GetEnvironmentVariables())
        {
            if (variable.Key is string name && Passes(name))
            {
                info.Environment[name] = variable.Value as string;
            }
        }

        if (start.Limits.MemoryBytes is { } limit)
        {
            info.Environment["DOTNET_GCHeapHardLimit"] = limit.ToString("X", CultureInfo.InvariantCulture);
        }

        foreach (var (name, value) in start.Environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return info;
    }

    /// <summary>Waits for the process to end, killing it at a limit or on cancellation; why it was killed, and its peak memory.</summary>
    private static async Task<(string? Stopped, long Peak)> WatchAsync(Process process, ProcessLimits limits, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var ceiling = limits.MemoryBytes is { } heap ? heap + ProcessLimits.RuntimeAllowanceBytes : long.MaxValue;
        long peak = 0;
        var exited = process.WaitForExitAsync(CancellationToken.None);
        while (true)
        {
            var tick = await Task.WhenAny(exited, Task.Delay(100, CancellationToken.None)).ConfigureAwait(false);
            if (tick == exited)
            {
                return (null, peak);
            }

            peak = Math.Max(peak, ResidentMemory(process));
            var stopped = cancellationToken.IsCancellationRequested ? "cancelled"
                : deadline.Elapsed > limits.Timeout ? $"it ran longer than its time limit of {ProcessLimits.Spell(limits.Timeout)}"
                : peak > ceiling ? $"it used {peak >> 20} MB, more than its memory limit of {limits.MemoryBytes >> 20} MB"
                : null;
            if (stopped is not null)
            {
                Kill(process);
                await exited.ConfigureAwait(false);
                return (stopped, peak);
            }
        }
    }

    private static long ResidentMemory(Process process)
    {
        try
        {
            process.Refresh();
            return process.WorkingSet64;
        }
        catch (InvalidOperationException)
        {
            return 0;
        }
    }

    private static void Kill(Process process)
    {
        KillGroup(process.Id);
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It ended on its own meanwhile.
        }
    }

    /// <summary>Kills the process group a process leads (on Linux, where each sandboxed process leads one).</summary>
    private static void KillGroup(int leader)
    {
        if (OperatingSystem.IsLinux() && File.Exists(Setsid))
        {
            // A group with nothing left in it is no error.
            _ = SendSignal(-leader, 9);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int SendSignal(int pid, int signal);

    private static async Task ReadLinesAsync(StreamReader reader, Action<string> onLine)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            onLine(line);
        }
    }

    private static void Append(StringBuilder text, string line)
    {
        lock (text)
        {
            // Keep the end of a long output: it holds the errors.
            if (text.Length > 1 << 20)
            {
                text.Remove(0, text.Length / 2);
            }

            text.Append(line).Append('\n');
        }
    }
}
