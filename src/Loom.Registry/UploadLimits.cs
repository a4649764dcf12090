namespace Loom.Registry;

/// <summary>How large an uploaded component may be: its files, each file, and all of them together.</summary>
/// <param name="MaxFiles">Files (folders not counted).</param>
/// <param name="MaxFileBytes">Bytes of one file, uncompressed.</param>
/// <param name="MaxTotalBytes">Bytes of all files, uncompressed.</param>
public sealed record UploadLimits(int MaxFiles = 2_000, long MaxFileBytes = 20L << 20, long MaxTotalBytes = 100L << 20)
{
    /// <summary>The limits a component upload gets unless configured otherwise.</summary>
    public static UploadLimits Default { get; } = new();
}
