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
            // Marked used before it is verified: a garbage collection that set it aside meanwhile puts it back, or it
            // is missing and the new copy takes its place.
            if (MarkUsed(finalPath) && await VerifyAsync(finalPath, sha, cancellationToken).ConfigureAwait(false) == true)
            {
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

        // Marked used before it is verified (see PutAsync); a file that is not there (any more) is missing.
        if (!MarkUsed(path))
        {
            return null;
        }

        switch (await VerifyAsync(path, sha256, cancellationToken).ConfigureAwait(false))
        {
            case true:
                return path;
            case false:
                TryDelete(path);
                return null;
            default:
                return null;
        }
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
    /// <returns>False when there is no such file (never written, deleted, or set aside by a garbage collection).</returns>
    private static bool MarkUsed(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another user's file, read-only to us: it stays as old as it looks, and a run holding it records its use.
            return File.Exists(path);
        }
    }

    /// <summary>Puts back files a garbage collection set aside (<c>HASH.gc</c>) and did not finish with (it was stopped).</summary>
    public void RestoreSetAside()
    {
        foreach (var aside in Directory.EnumerateFiles(Path.Combine(root, "sha256"), "*.gc", SearchOption.AllDirectories))
        {
            var original = aside[..^".gc".Length];
            try
            {
                File.Move(aside, original, overwrite: false);
            }
            catch (IOException)
            {
                // The artifact was written again meanwhile; the copy set aside is not needed.
                TryDelete(aside);
            }
        }
    }

    /// <summary>The store's folder. Content lives in <c>sha256/</c>; other folders (such as <c>logs/</c>) hold files kept by other rules.</summary>
    public string Root => root;

    /// <summary>The path an artifact with hash <paramref name="sha256"/> is stored at.</summary>
    public string PathOf(string sha256) => Path.Combine(root, "sha256", sha256[..2], sha256);

    /// <returns>Whether the bytes have the hash; null when the file could not be read (gone, or not ours).</returns>
    private static async Task<bool?> VerifyAsync(string path, string sha256, CancellationToken cancellationToken)
    {
        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
            var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false));
            return actual == sha256;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
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
