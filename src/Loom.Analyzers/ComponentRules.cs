using Microsoft.CodeAnalysis;

namespace Loom.Analyzers;

/// <summary>The diagnostics of the component rules: warnings, which the quality gate's build treats as errors.</summary>
internal static class ComponentRules
{
    private const string Category = "Loom.Components";

    public static readonly DiagnosticDescriptor Console = new(
        "LOOM001",
        "Do not use the console",
        "'{0}' writes to or reads from the console, which a step does not have; log through context.Logger",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "See docs/best-practices.md, rule LOOM001.");

    public static readonly DiagnosticDescriptor Exit = new(
        "LOOM002",
        "Do not end the process",
        "'{0}' ends the whole process; throw an exception (a DataException for bad input) to fail the step",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "See docs/best-practices.md, rule LOOM002.");

    public static readonly DiagnosticDescriptor StaticState = new(
        "LOOM003",
        "Do not keep static mutable state",
        "'{0}' is static and can change, so one step's run leaks into the next; keep state in the component's instance, or make it a constant or readonly",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "See docs/best-practices.md, rule LOOM003.");

    public static readonly DiagnosticDescriptor UnseededRandom = new(
        "LOOM004",
        "Do not draw unseeded random numbers",
        "'{0}' draws different numbers on every run; use context.Random, or new Random(context.Seed)",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "See docs/best-practices.md, rule LOOM004.");

    public static readonly DiagnosticDescriptor Sleep = new(
        "LOOM005",
        "Do not sleep",
        "'{0}' blocks a thread and ignores cancellation; to wait, await Task.Delay(time, context.CancellationToken)",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "See docs/best-practices.md, rule LOOM005.");

    public static readonly DiagnosticDescriptor Files = new(
        "LOOM006",
        "Do not reach files directly",
        "'{0}' reaches the file system directly; read inputs with context.GetInput(port).OpenRead() and write outputs with context.WriteOutputAsync",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "See docs/best-practices.md, rule LOOM006.");

    public static readonly DiagnosticDescriptor Network = new(
        "LOOM007",
        "Do not reach the network or start processes",
        "'{0}' reaches the network or another process; a step gets everything it needs through its inputs",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "See docs/best-practices.md, rule LOOM007.");
}
