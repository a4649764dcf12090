using Loom.Worker;

namespace Loom.Registry;

/// <summary>What the quality gate works with.</summary>
/// <param name="SdkPackage">The Loom.Sdk package (.nupkg) components build against: the one this Loom carries.</param>
/// <param name="Worker">How to start a worker process, which runs the component's code.</param>
/// <param name="BuildLimits">Limits of each dotnet command (restore and build, tests, publish).</param>
/// <param name="RunLimits">Limits of each run of the component (describing it, and each determinism run).</param>
/// <param name="PackagesFolder">
/// Where the gate's restores keep packages: a folder of its own for each Loom.Sdk package, so the Loom.Sdk it builds
/// against is always the one it carries, never another of the same version from a cache.
/// </param>
public sealed record GateOptions(string SdkPackage, WorkerLaunch Worker, ProcessLimits BuildLimits, ProcessLimits RunLimits, string PackagesFolder)
{
    /// <summary>
    /// The gate's defaults: ten minutes per dotnet command; two minutes and 1 GB per run of the component; packages in
    /// the user's local application data (<c>loom/gate-packages/</c>, one folder per Loom.Sdk package).
    /// </summary>
    public static GateOptions Default(string sdkPackage, WorkerLaunch worker)
    {
        using var package = File.OpenRead(sdkPackage);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(package))[..16];
        var folder = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "loom", "gate-packages", hash);
        return new(sdkPackage, worker, new ProcessLimits(TimeSpan.FromMinutes(10)), new ProcessLimits(TimeSpan.FromMinutes(2), 1L << 30), folder);
    }

    /// <summary>The Loom.Sdk version, from the package's file name.</summary>
    public string SdkVersion => Path.GetFileNameWithoutExtension(SdkPackage)["Loom.Sdk.".Length..];
}
