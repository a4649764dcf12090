namespace Loom.Components.CodeGen;

/// <summary>
/// A component that can be written out as plain ML.NET code: one method of the generated training class.
/// Components implement it next to their implementation, so the code they generate changes with them.
/// </summary>
public interface ICodeEmitter
{
    /// <summary>The step as a method; the component's parameters are already set to the step's values.</summary>
    Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken);
}

/// <summary>One step of the generated training class: a method from the step's inputs to its outputs.</summary>
/// <param name="Summary">What the step does, for the method's doc comment.</param>
/// <param name="Inputs">Bound input ports, in the order of the method's parameters.</param>
/// <param name="Outputs">Output ports the method returns (a tuple when several).</param>
/// <param name="Body">The method body, one statement per line, without braces or indentation.</param>
public sealed record StepMethod(string Summary, IReadOnlyList<MethodPort> Inputs, IReadOnlyList<MethodPort> Outputs, IReadOnlyList<string> Body);

/// <summary>A port as a method parameter or a returned value.</summary>
/// <param name="Port">The component's port.</param>
/// <param name="Type">The C# type.</param>
/// <param name="Name">The parameter's name, or the tuple element's.</param>
/// <param name="Rows">For a table, the class of its rows.</param>
public sealed record MethodPort(string Port, string Type, string Name, RowClass? Rows = null);
