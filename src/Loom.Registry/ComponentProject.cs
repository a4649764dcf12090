namespace Loom.Registry;

/// <summary>The projects of an upload: the component's and its tests', as paths relative to the upload's folder.</summary>
/// <param name="Component">The component's project file.</param>
/// <param name="Tests">The tests' project files.</param>
public sealed record ComponentProject(string Component, IReadOnlyList<string> Tests);
