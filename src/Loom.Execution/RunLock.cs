namespace Loom.Execution;

/// <summary>
/// An exclusive lock file per run, held by the process executing it. The operating system releases it
/// when that process dies, however it dies, so "is this run still being executed?" has an exact answer,
/// whatever the host name or process id, and two processes can never execute one run at once.
/// </summary>
public sealed class RunLock : IDisposable
{
    private readonly FileStream stream;

    private RunLock(FileStream stream) => this.stream = stream;

    /// <summary>Takes the lock of <paramref name="runId"/>, or returns null when another process (or caller) holds it.</summary>
    public static RunLock? TryAcquire(string folder, string runId)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, runId + ".lock");
        try
        {
            // FileShare.None is an exclusive advisory lock (flock) on Unix, released by the kernel on exit.
            return new RunLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException e)
        {
            throw new Sdk.LoomException($"{path}: cannot lock the run: {e.Message}");
        }
    }

    /// <summary>Whether some process holds the lock of <paramref name="runId"/> right now.</summary>
    public static bool IsHeld(string folder, string runId)
    {
        try
        {
            // Read-only probe: works in a workspace the caller cannot write, and never removes the file.
            using var probe = new FileStream(Path.Combine(folder, runId + ".lock"), FileMode.Open, FileAccess.Read, FileShare.None);
            return false;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>Releases the lock. The file stays: deleting it would let two processes lock two different files of one name.</summary>
    public void Dispose() => stream.Dispose();
}
