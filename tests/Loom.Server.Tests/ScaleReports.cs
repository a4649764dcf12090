using Loom.Scale;

namespace Loom.Server.Tests;

/// <summary>Scale reports for tests of the pages and API that show them.</summary>
public static class ScaleReports
{
    /// <summary>A report as <c>loom scale-test</c> keeps it: two sizes of a pipeline, the larger not meeting its SLA.</summary>
    public static ScaleReport Failed(string id, string pipeline, DateTimeOffset started) => new(
        id,
        pipeline,
        new string('a', 64),
        started,
        started.AddMinutes(2),
        "2 cores, 8000 MB, Linux",
        [
            new ScalePoint(1, "r1", "succeeded", 7043, 2.5, 2817, 300L << 20, [new StepMeasure("train", "train.lightgbm-binary@1.0.0", 5634, 1.5, 3756, 300L << 20, 90L << 20)]),
            new ScalePoint(10, "r2", "succeeded", 70430, 20.1, 3504, 900L << 20, [new StepMeasure("train", "train.lightgbm-binary@1.0.0", 56344, 14.2, 3968, 900L << 20, 600L << 20)]),
        ],
        [new StepGrowth("train", 0.98, "linear", 0.84, null)],
        null,
        null,
        new SlaResult(10, [new SlaCheck("max_wall", "10.0 s", "20.1 s", false)]),
        ["SLA max_wall 10.0 s not met at x10: 20.1 s"]);
}
