namespace Loom.Sdk.Models;

/// <summary>A raw input column of a model.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Type">number, boolean or text.</param>
public sealed record ModelColumn(string Name, string Type);
