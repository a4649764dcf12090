using System.IO.Compression;
using System.IO.Hashing;

namespace Loom.Registry;

/// <summary>
/// Takes a component upload (a zip or a folder) into a folder of its own, after checking all of it: no path that
/// leaves the folder, no symbolic link, only the file types a component project holds, and within the limits on
/// file count and sizes. A zip is checked from its directory before anything is written, and again while it is
/// extracted: sizes counted, and each file's checksum compared (a zip may claim less than it holds). Build outputs
/// and clones' folders (bin, obj, .git) are skipped. Nothing is left behind on failure: the files go to a staging
/// folder that becomes the target only when all is well.
/// </summary>
public static class ComponentUpload
{
    private const int UnixFileTypeMask = 0xF000;
    private const int UnixSymbolicLink = 0xA000;

    /// <summary>Extracts a zip into <paramref name="target"/>, which must not exist yet.</summary>
    /// <exception cref="UploadRejectedException">The zip breaks a rule; every problem is listed.</exception>
    public static async Task ExtractZipAsync(string zip, string target, UploadLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var name = $"the zip '{Path.GetFileName(zip)}'";
        if (new FileInfo(zip).Length > limits.MaxTotalBytes)
        {
            throw new UploadRejectedException(name, [$"it is {Size(new FileInfo(zip).Length)}, more than the {Size(limits.MaxTotalBytes)} an upload may be"]);
        }

        try
        {
            using var archive = ZipFile.OpenRead(zip);
            await ExtractCheckedAsync(archive, name, target, limits, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException)
        {
            // The zip's directory is read as its entries are listed, and each entry as it is opened: damage shows at either.
            throw new UploadRejectedException(name, [$"it is not a zip file, or a damaged one ({e.Message})"]);
        }
    }

    /// <summary>Checks every entry of an open zip, then extracts it into a staging folder that becomes the target.</summary>
    private static async Task ExtractCheckedAsync(ZipArchive archive, string name, string target, UploadLimits limits, CancellationToken cancellationToken)
    {
        var files = new List<(ZipArchiveEntry Entry, string Path)>();
        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        long claimed = 0;
        foreach (var entry in archive.Entries)
        {
            var path = entry.FullName.Replace('\\', '/');
            var isFolder = path.EndsWith('/');
            path = path.TrimEnd('/');
            if (Skipped(path, isFolder) || UploadFiles.SkippedFiles.Contains(path.Split('/')[^1]))
            {
                continue;
            }

            if (((entry.ExternalAttributes >> 16) & UnixFileTypeMask) == UnixSymbolicLink)
            {
                problems.Add($"'{path}' is a symbolic link; an upload holds files only");
                continue;
            }

            if (isFolder)
            {
                continue;
            }

            if (UploadFiles.Problem(path) is { } problem)
            {
                problems.Add(problem);
                continue;
            }

            if (!seen.Add(path))
            {
                problems.Add($"'{path}' is in the zip twice");
                continue;
            }

            if (entry.Length > limits.MaxFileBytes)
            {
                problems.Add($"'{path}' is {Size(entry.Length)}, more than the {Size(limits.MaxFileBytes)} a file may be");
            }

            claimed += entry.Length;
            files.Add((entry, path));
        }

        problems.AddRange(OverLimits(files.Count, claimed, limits));
        if (problems.Count > 0)
        {
            throw new UploadRejectedException(name, problems);
        }

        await IntoStagingAsync(target, async staging =>
        {
            long total = 0;
            foreach (var (entry, path) in files)
            {
                await using var source = entry.Open();
                var crc = new Crc32();
                total += await CopyAsync(source, Path.Combine(staging, path), Math.Min(entry.Length, limits.MaxFileBytes), name, path, crc, cancellationToken).ConfigureAwait(false);
                if (crc.GetCurrentHashAsUInt32() != entry.Crc32)
                {
                    // The reader stops at the size an entry claims: one that holds more (or other) bytes fails its checksum.
                    throw new UploadRejectedException(name, [$"'{path}' does not match its checksum: the zip is damaged, or the file holds other bytes than the zip claims"]);
                }

                if (total > limits.MaxTotalBytes)
                {
                    throw new UploadRejectedException(name, [$"its files hold more than the {Size(limits.MaxTotalBytes)} an upload may be"]);
                }
            }
        }).ConfigureAwait(false);
    }

    /// <summary>Copies a folder into <paramref name="target"/>, which must not exist yet.</summary>
    /// <exception cref="UploadRejectedException">The folder breaks a rule; every problem is listed.</exception>
    public static async Task CopyFolderAsync(string source, string target, UploadLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var name = $"the folder '{source}'";
        if (!Directory.Exists(source))
        {
            throw new UploadRejectedException(name, ["it does not exist"]);
        }

        var files = new List<(string Full, string Path)>();
        var problems = new List<string>();
        long total = 0;
        var pending = new Stack<string>([source]);
        while (pending.Count > 0)
        {
            foreach (var info in new DirectoryInfo(pending.Pop()).EnumerateFileSystemInfos())
            {
                var path = Path.GetRelativePath(source, info.FullName).Replace('\\', '/');
                if (info.LinkTarget is not null)
                {
                    problems.Add($"'{path}' is a symbolic link; an upload holds files only");
                }
                else if (info is DirectoryInfo)
                {
                    if (!Skipped(path, isFolder: true))
                    {
                        pending.Push(info.FullName);
                    }
                }
                else if (UploadFiles.SkippedFiles.Contains(info.Name))
                {
                    continue;
                }
                else if (UploadFiles.Problem(path) is { } problem)
                {
                    problems.Add(problem);
                }
                else
                {
                    var length = ((FileInfo)info).Length;
                    if (length > limits.MaxFileBytes)
                    {
                        problems.Add($"'{path}' is {Size(length)}, more than the {Size(limits.MaxFileBytes)} a file may be");
                    }

                    total += length;
                    files.Add((info.FullName, path));
                }
            }
        }

        problems.AddRange(OverLimits(files.Count, total, limits));
        if (problems.Count > 0)
        {
            throw new UploadRejectedException(name, problems);
        }

        await IntoStagingAsync(target, async staging =>
        {
            foreach (var (full, path) in files)
            {
                await using var file = File.OpenRead(full);
                await CopyAsync(file, Path.Combine(staging, path), limits.MaxFileBytes, name, path, null, cancellationToken).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    /// <summary>The problems of an upload of <paramref name="files"/> files of <paramref name="bytes"/> bytes in all, over the limits.</summary>
    private static IEnumerable<string> OverLimits(int files, long bytes, UploadLimits limits)
    {
        if (files > limits.MaxFiles)
        {
            yield return $"it holds {files} files, more than the {limits.MaxFiles} an upload may hold";
        }

        if (bytes > limits.MaxTotalBytes)
        {
            yield return $"its files are {Size(bytes)} together, more than the {Size(limits.MaxTotalBytes)} an upload may be";
        }
    }

    /// <summary>Whether a path lies in a folder an upload skips (bin, obj, .git and the like), or is one.</summary>
    private static bool Skipped(string path, bool isFolder)
    {
        var segments = path.Split('/');
        return (isFolder ? segments : segments[..^1]).Any(UploadFiles.SkippedFolders.Contains);
    }

    /// <summary>Fills a staging folder next to the target, then makes it the target; removes it on any failure.</summary>
    private static async Task IntoStagingAsync(string target, Func<string, Task> fill)
    {
        target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(target));
        if (Directory.Exists(target) || File.Exists(target))
        {
            throw new IOException($"'{target}' already exists; an upload goes into a new folder");
        }

        var parent = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(parent))
        {
            throw new IOException($"'{parent}' does not exist; an upload goes into a new folder of an existing one");
        }

        var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.partial-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            await fill(staging).ConfigureAwait(false);
            Directory.Move(staging, target);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>Copies a stream to a new file (its checksum into <paramref name="crc"/>), stopping when it holds more than <paramref name="limit"/> bytes; returns the bytes written.</summary>
    private static async Task<long> CopyAsync(Stream source, string target, long limit, string upload, string path, Crc32? crc, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await using var file = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var buffer = new byte[1 << 16];
        long written = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            written += read;
            if (written > limit)
            {
                throw new UploadRejectedException(upload, [$"'{path}' holds more than the {Size(limit)} it claims or a file may be"]);
            }

            crc?.Append(buffer.AsSpan(0, read));
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }

        return written;
    }

    private static string Size(long bytes) => bytes >= 1L << 20
        ? FormattableString.Invariant($"{bytes / (double)(1L << 20):0.#} MB")
        : bytes >= 1L << 10 ? FormattableString.Invariant($"{bytes / (double)(1L << 10):0.#} KB") : FormattableString.Invariant($"{bytes} bytes");
}
