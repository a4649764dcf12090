namespace Loom.Sdk;

/// <summary>
/// A unit of work. Loom creates one instance per step execution, sets the properties marked with
/// <see cref="ParameterAttribute"/>, and calls <see cref="ExecuteAsync"/> once.
/// </summary>
public interface IComponent
{
    /// <summary>Reads inputs from the context, does the work, and writes every output port.</summary>
    Task ExecuteAsync(IComponentContext context);
}
