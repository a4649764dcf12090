namespace Loom.Cli.Ci;

/// <summary>One check <c>loom ci</c> made: a test case of its JUnit report.</summary>
/// <param name="Suite">pipelines, components, smoke or gates.</param>
/// <param name="Name">What was checked (a file or folder of the repository).</param>
/// <param name="Seconds">How long it took.</param>
/// <param name="Failure">Why it failed, or null when it passed.</param>
internal sealed record CiCase(string Suite, string Name, double Seconds, string? Failure)
{
    public bool Passed => Failure is null;
}
