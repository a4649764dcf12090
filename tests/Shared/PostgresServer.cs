using System.Diagnostics;

namespace Loom.Testing;

/// <summary>
/// A real, throwaway PostgreSQL server for one test: a fresh cluster in a temporary folder, listening on a
/// free port of 127.0.0.1 only, trusting local connections as user 'loom'. Run as root (as in CI), the
/// server runs as the 'postgres' system user, since PostgreSQL refuses to run as root.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string bin;
    private readonly string folder;

    private PostgresServer(string bin, string folder, int port)
    {
        this.bin = bin;
        this.folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Connection string for the 'postgres' database as the superuser 'loom'.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=loom;Database=postgres;Pooling=false";

    public static PostgresServer Start()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("PostgreSQL server programs are not installed (no /usr/lib/postgresql/*/bin/initdb); .ci/run installs Debian's postgresql package");
        }

        var folder = Path.Combine(Path.GetTempPath(), "loom-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var server = new PostgresServer(bin, folder, FreePorts.Next());
        try
        {
            if (Environment.UserName == "root")
            {
                Run("chown", ["-R", "postgres:postgres", folder]);
            }

            server.RunAsServerUser("initdb", ["-D", Path.Combine(folder, "data"), "-U", "loom", "--auth=trust", "-E", "UTF8", "--no-sync"]);
            server.RunAsServerUser("pg_ctl", ["-D", Path.Combine(folder, "data"), "-w", "-l", Path.Combine(folder, "server.log"), "-o", $"-p {server.Port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start"]);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Stops the server at once, as a crash or a restart does: open connections break.</summary>
    public void Stop() => RunAsServerUser("pg_ctl", ["-D", Path.Combine(folder, "data"), "-m", "immediate", "-w", "stop"]);

    /// <summary>Starts it again on the same port, with the same data.</summary>
    public void Restart() =>
        RunAsServerUser("pg_ctl", ["-D", Path.Combine(folder, "data"), "-w", "-l", Path.Combine(folder, "server.log"), "-o", $"-p {Port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start"]);

    public void Dispose()
    {
        try
        {
            RunAsServerUser("pg_ctl", ["-D", Path.Combine(folder, "data"), "-m", "immediate", "stop"]);
        }
        catch (InvalidOperationException)
        {
            // Not started, or already stopped.
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void RunAsServerUser(string program, string[] arguments)
    {
        var path = Path.Combine(bin, program);
        if (Environment.UserName == "root")
        {
            Run("runuser", ["-u", "postgres", "--", path, .. arguments]);
        }
        else
        {
            Run(path, arguments);
        }
    }

    private static void Run(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error}{output.Result}");
        }
    }
}
