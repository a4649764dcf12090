using System.Security.Cryptography;
using Loom.Sdk;

namespace Loom.Metadata.Artifacts;

/// <summary>
/// Artifacts as files under <c>sha256/ab/abcdef…</c>: written to a temporary name, flushed to disk,
/// then renamed into place, so a crash never leaves a half-written artifact under a real name.
/// </summary>
public sealed class FileArtifactStore : IArtifactStore
{
    private readonly string root;
    private readonly string temp;

    /// <summary>Opens (creating if needed) a store rooted at <paramref name="root"/>.</summary>
    public FileArtifactStore(string root)
    {
        this.root = Path.GetFullPath(root);
        temp = Path.Combine(this.root, "tmp");
        Directory.CreateDirectory(Path.Combine(this.root, "sha256"));
        Directory.CreateDirectory(temp);
    }

    /// <inheritdoc />
    public async Task<StoredArtifact> PutAsync(Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        var tempPath = Path.Combine(temp, $"{Guid.NewGuid():N}.partial");
        try
        {
            string sha;
            long size;
            await using (var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 14, FileOptions.Asynchronous))
            {
                await write(file, cancellationToken).ConfigureAwait(false);
                // No fsync: every read verifies the hash, so a file torn by a power cut reads as
                // missing and is recomputed, and the fsync would cost more than a whole no-op step.
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                size = file.Length;
                file.Position = 0;
                sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false));
            }

            var finalPath = PathOf(sha);
            Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
            if (File.Exists(finalPath) && await VerifyAsync(finalPath, sha, cancellationToken).ConfigureAwait(false))
            {
                MarkUsed(finalPath);
                return new StoredArtifact(sha, size);
            }

            // Replacing is safe: the content under this name is, by definition, the same bytes.
            File.Move(tempPath, finalPath, overwrite: true);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(finalPath, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }
            return new StoredArtifact(sha, size);
        }
        finally
        {
            File.Delete(tempPath);
        }
    }

    /// <inheritdoc />
    public async Task<string?> TryGetVerifiedPathAsync(string sha256, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            throw new LoomException($"'{sha256}' is not an artifact hash; expected 64 lower-case hex digits");
        }

        var path = PathOf(sha256);
        if (!File.Exists(path))
        {
            return null;
        }

        if (await VerifyAsync(path, sha256, cancellationToken).ConfigureAwait(false))
        {
            MarkUsed(path);
            return path;
        }

        TryDelete(path);
        return null;
    }

    /// <summary>Every artifact file stored: its hash, path and when it was last written or used.</summary>
    public IEnumerable<(string Sha256, string Path, DateTime LastUsedUtc, long Bytes)> Stored()
    {
        foreach (var file in new DirectoryInfo(Path.Combine(root, "sha256")).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            if (file.Name.Length == 64 && file.Name.All(char.IsAsciiHexDigitLower))
            {
                yield return (file.Name, file.FullName, file.LastWriteTimeUtc, file.Length);
            }
        }
    }

    /// <summary>
    /// Records that an artifact was just written or read (its file's modification time), so a garbage collection
    /// running alongside knows it is in use even before a run's records say so.
    /// </summary>
    private static void MarkUsed(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another process's file, read-only to us: it stays as old as it looks, and a run holding it records its use.
        }
    }

    /// <summary>The path an artifact with hash <paramref name="sha256"/> is stored at.</summary>
    public string PathOf(string sha256) => Path.Combine(root, "sha256", sha256[..2], sha256);

    private static async Task<bool> VerifyAsync(string path, string sha256, CancellationToken cancellationToken)
    {
        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
            var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false));
            return actual == sha256;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Another process may be replacing it with a good copy; a later read verifies again.
        }
        catch (UnauthorizedAccessException)
        {
            // Read-only folder: the corrupt copy stays, and every read keeps treating it as missing.
        }
    }
}
