namespace Loom.Pipelines.Documents;

/// <summary>Binds an input port of a step to an output of another step.</summary>
/// <param name="Port">The step's input port.</param>
/// <param name="Source">The output it reads.</param>
public sealed record InputBinding(string Port, PortReference Source);
