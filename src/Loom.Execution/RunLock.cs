namespace Loom.Execution;

/// <summary>
/// An exclusive lock file per run, held by the process executing it. The operating system releases it
/// when that process dies, however it dies, so "is this run still being executed?" has an exact answer,
/// whatever the host name or process id, and two processes can never execute one run at once.
/// </summary>
public sealed class RunLock : IDisposable
{
    private readonly FileStream stream;
    private readonly string path;

    private RunLock(FileStream stream, string path) => (this.stream, this.path) = (stream, path);

    /// <summary>Takes the lock of <paramref name="runId"/>, or returns null when another process (or caller) holds it.</summary>
    public static RunLock? TryAcquire(string folder, string runId)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, runId + ".lock");
        try
        {
            // FileShare.None is an exclusive advisory lock (flock) on Unix, released by the kernel on exit.
            return new RunLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None), path);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Whether some process holds the lock of <paramref name="runId"/> right now.</summary>
    public static bool IsHeld(string folder, string runId)
    {
        if (!File.Exists(Path.Combine(folder, runId + ".lock")))
        {
            return false;
        }

        using var probe = TryAcquire(folder, runId);
        return probe is null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A stale lock file is harmless: nobody holds it, so it does not block anyone.
        }

        stream.Dispose();
    }
}
