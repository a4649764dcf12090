using Loom.Sdk;

namespace Loom.Registry.Tests;

public sealed class VersionRulesTests
{
    private static readonly ComponentManifest V1 = new(
        "acme.flags",
        "1.0.0",
        "features",
        "Flags rows.",
        [new PortManifest("table", ArtifactKind.Table, "Rows."), new PortManifest("rules", ArtifactKind.File, "Rules.", Optional: true)],
        [new PortManifest("table", ArtifactKind.Table, "Rows.")],
        [
            new ParameterManifest("column", ParameterType.String, "Column.", true, null, null, null, []),
            new ParameterManifest("threshold", ParameterType.Number, "Threshold.", false, 0.0, -10, 10, []),
            new ParameterManifest("mode", ParameterType.String, "Mode.", false, "fast", null, null, ["fast", "slow"]),
        ]);

    [Fact]
    public void A_patch_with_nothing_changed_in_the_manifest_and_a_minor_with_additions_pass()
    {
        Assert.Empty(VersionRules.Check(V1, V1 with { Version = "1.0.1", Description = "Flags rows, faster." }));
        var added = V1 with
        {
            Version = "1.1.0",
            Outputs = [.. V1.Outputs, new PortManifest("counts", ArtifactKind.Metrics, "Counts.")],
            Parameters = [.. V1.Parameters, new ParameterManifest("flag", ParameterType.String, "Flag column.", false, null, null, null, [])],
        };
        Assert.Empty(VersionRules.Check(V1, added));
        Assert.Equal(
            ["new output 'counts': a new feature needs at least a new minor version (1.1.0)", "new parameter 'flag': a new feature needs at least a new minor version (1.1.0)"],
            VersionRules.Check(V1, added with { Version = "1.0.1" }));
    }

    [Fact]
    public void Each_breaking_change_needs_a_new_major_version()
    {
        var broken = V1 with
        {
            Version = "1.1.0",
            Inputs = [V1.Inputs[0] with { Kind = ArtifactKind.File }, V1.Inputs[1] with { Optional = false }],
            Outputs = [],
            Parameters =
            [
                V1.Parameters[0] with { Type = ParameterType.StringList },
                V1.Parameters[1] with { Max = 5 },
                V1.Parameters[2] with { Choices = ["fast"] },
                new ParameterManifest("key", ParameterType.String, "Key.", true, null, null, null, []),
            ],
        };

        var problems = VersionRules.Check(V1, broken);

        Assert.Equal(
            [
                "input 'table' changes from Table to File",
                "input 'rules' becomes required",
                "output 'table' is removed",
                "parameter 'column' changes type from string to list of strings",
                "parameter 'threshold' takes a narrower range",
                "parameter 'mode' takes fewer choices",
                "new parameter 'key' is required",
            ],
            problems.Select(p => p[..p.IndexOf(": a change", StringComparison.Ordinal)]));
        Assert.All(problems, p => Assert.EndsWith("needs a new major version (2.0.0)", p, StringComparison.Ordinal));
        Assert.Empty(VersionRules.Check(V1, broken with { Version = "2.0.0" }));
    }
}
