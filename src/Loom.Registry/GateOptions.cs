using Loom.Worker;

namespace Loom.Registry;

/// <summary>What the quality gate works with.</summary>
/// <param name="SdkPackage">The Loom.Sdk package (.nupkg) components build against: the one this Loom carries.</param>
/// <param name="Worker">How to start a worker process, which runs the component's code.</param>
/// <param name="BuildLimits">Limits of each dotnet command (restore and build, tests, publish).</param>
/// <param name="RunLimits">Limits of each run of the component (describing it, and each determinism run).</param>
public sealed record GateOptions(string SdkPackage, WorkerLaunch Worker, ProcessLimits BuildLimits, ProcessLimits RunLimits)
{
    /// <summary>The gate's defaults: ten minutes per dotnet command; two minutes and 1 GB per run of the component.</summary>
    public static GateOptions Default(string sdkPackage, WorkerLaunch worker) =>
        new(sdkPackage, worker, new ProcessLimits(TimeSpan.FromMinutes(10)), new ProcessLimits(TimeSpan.FromMinutes(2), 1L << 30));

    /// <summary>The Loom.Sdk version, from the package's file name.</summary>
    public string SdkVersion => Path.GetFileNameWithoutExtension(SdkPackage)["Loom.Sdk.".Length..];
}
