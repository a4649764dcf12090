using Loom.Sdk;

namespace Loom.Registry;

/// <summary>An upload that is not taken: each problem names the file at fault and what is allowed; nothing was kept.</summary>
public sealed class UploadRejectedException : LoomException
{
    /// <summary>Creates the error from the upload's name and its problems.</summary>
    public UploadRejectedException(string upload, IReadOnlyList<string> problems)
        : base($"{upload} is not taken:\n  - {string.Join("\n  - ", problems)}")
    {
        Problems = problems;
    }

    /// <summary>Every problem found, one per file (or one for the whole upload).</summary>
    public IReadOnlyList<string> Problems { get; }
}
