using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Loom.Analyzers;

/// <summary>
/// Reports what component code must not do: write to the console, end the process, keep static mutable state,
/// draw unseeded random numbers, sleep, or reach files, the network or other processes except through its
/// context (inputs from <c>context.GetInput(port)</c>, outputs through <c>context.WriteOutputAsync</c>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ComponentRulesAnalyzer : DiagnosticAnalyzer
{
    private static readonly ImmutableArray<BannedApiRule> MemberRules = ImmutableArray.Create(
        new BannedApiRule(ComponentRules.Console, ImmutableArray.Create("System.Console"), ImmutableArray<string>.Empty),
        new BannedApiRule(ComponentRules.Exit, ImmutableArray<string>.Empty, ImmutableArray.Create("System.Environment.Exit", "System.Environment.FailFast")),
        new BannedApiRule(ComponentRules.Sleep, ImmutableArray<string>.Empty, ImmutableArray.Create("System.Threading.Thread.Sleep")),
        new BannedApiRule(
            ComponentRules.Files,
            ImmutableArray.Create("System.IO.File", "System.IO.Directory", "System.IO.FileStream", "System.IO.FileInfo", "System.IO.DirectoryInfo", "System.IO.DriveInfo", "System.IO.FileSystemWatcher"),
            ImmutableArray<string>.Empty),
        new BannedApiRule(
            ComponentRules.Network,
            ImmutableArray.Create(
                "System.Net.Http.HttpClient",
                "System.Net.Http.HttpClientHandler",
                "System.Net.Http.SocketsHttpHandler",
                "System.Net.WebClient",
                "System.Net.WebRequest",
                "System.Net.Dns",
                "System.Net.Sockets.Socket",
                "System.Net.Sockets.TcpClient",
                "System.Net.Sockets.TcpListener",
                "System.Net.Sockets.UdpClient",
                "System.Diagnostics.Process"),
            ImmutableArray<string>.Empty));

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(ComponentRules.Console, ComponentRules.Exit, ComponentRules.StaticState, ComponentRules.UnseededRandom, ComponentRules.Sleep, ComponentRules.Files, ComponentRules.Network);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        // Generated code is checked too: marking a file generated must not hide what it does.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        context.RegisterOperationAction(
            AnalyzeMemberUse,
            OperationKind.Invocation,
            OperationKind.ObjectCreation,
            OperationKind.PropertyReference,
            OperationKind.FieldReference,
            OperationKind.EventReference,
            OperationKind.MethodReference);
        context.RegisterSymbolAction(AnalyzeStaticState, SymbolKind.Field, SymbolKind.Property, SymbolKind.Event);
    }

    private static void AnalyzeMemberUse(OperationAnalysisContext context)
    {
        var member = context.Operation switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,
            IObjectCreationOperation creation => creation.Constructor,
            IMemberReferenceOperation reference => reference.Member,
            _ => null,
        };
        if (member?.ContainingType is not { } type || InNameOf(context.Operation))
        {
            return;
        }

        if (OpensPath(member))
        {
            context.ReportDiagnostic(Diagnostic.Create(ComponentRules.Files, context.Operation.Syntax.GetLocation(), Display(member)));
            return;
        }

        if (UnseededRandom(context.Operation, member))
        {
            context.ReportDiagnostic(Diagnostic.Create(ComponentRules.UnseededRandom, context.Operation.Syntax.GetLocation(), Display(member)));
            return;
        }

        var typeName = MetadataName(type);
        var memberName = typeName + "." + member.MetadataName;
        foreach (var rule in MemberRules)
        {
            if (rule.Bans(typeName, memberName))
            {
                context.ReportDiagnostic(Diagnostic.Create(rule.Descriptor, context.Operation.Syntax.GetLocation(), Display(member)));
                return;
            }
        }
    }

    /// <summary>A <c>StreamReader</c> or <c>StreamWriter</c> made from a path (its first parameter a string), which opens a file.</summary>
    private static bool OpensPath(ISymbol member) =>
        member is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor
        && MetadataName(constructor.ContainingType) is "System.IO.StreamReader" or "System.IO.StreamWriter"
        && constructor.Parameters.Length > 0
        && constructor.Parameters[0].Type.SpecialType == SpecialType.System_String;

    /// <summary>Whether an operation is only named (inside <c>nameof</c>), not used.</summary>
    private static bool InNameOf(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is INameOfOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>new Random()</c> without a seed, and <c>Random.Shared</c>.</summary>
    private static bool UnseededRandom(IOperation operation, ISymbol member) =>
        MetadataName(member.ContainingType) == "System.Random"
        && ((operation is IObjectCreationOperation creation && creation.Arguments.Length == 0) || member.Name == "Shared");

    private static void AnalyzeStaticState(SymbolAnalysisContext context)
    {
        var mutable = context.Symbol switch
        {
            IFieldSymbol field => field.IsStatic && !field.IsConst && !field.IsReadOnly && !field.IsImplicitlyDeclared,
            IPropertySymbol property => property.IsStatic && property.SetMethod is { } setter && !setter.IsInitOnly && IsAutoProperty(property),
            IEventSymbol @event => @event.IsStatic && IsFieldLikeEvent(@event),
            _ => false,
        };
        if (mutable && !context.Symbol.Locations.IsEmpty)
        {
            context.ReportDiagnostic(Diagnostic.Create(ComponentRules.StaticState, context.Symbol.Locations[0], context.Symbol.ToDisplayString()));
        }
    }

    /// <summary>An event declared like a field (<c>static event Action? Changed;</c>), which stores its handlers.</summary>
    private static bool IsFieldLikeEvent(IEventSymbol @event) =>
        @event.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).Any(syntax => syntax is VariableDeclaratorSyntax);

    /// <summary>A property that stores its value (<c>{ get; set; }</c>), not one computed by its accessors.</summary>
    private static bool IsAutoProperty(IPropertySymbol property) =>
        property.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<PropertyDeclarationSyntax>()
            .Any(p => p.AccessorList is { } accessors && accessors.Accessors.All(a => a.Body is null && a.ExpressionBody is null));

    private static string Display(ISymbol member) =>
        member is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor ? "new " + constructor.ContainingType.ToDisplayString() : member.ContainingType.ToDisplayString() + "." + member.Name;

    /// <summary>The namespace-qualified metadata name of a type (nested types joined with '+').</summary>
    private static string MetadataName(INamedTypeSymbol type)
    {
        var names = new Stack<string>();
        for (var current = type; current is not null; current = current.ContainingType)
        {
            names.Push(current.MetadataName);
        }

        var name = string.Join("+", names);
        return type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + name : name;
    }
}
