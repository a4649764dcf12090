using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Loom.Analyzers.Tests;

/// <summary>Component code compiled with the component rules: what each rule reports, where, and what it leaves alone.</summary>
public sealed class ComponentRulesTests
{
    [Fact]
    public async Task A_component_that_follows_the_rules_gets_no_finding()
    {
        var findings = await FindingsAsync("""
            public sealed class Good : IComponent
            {
                private static readonly string[] Names = ["a", "b"];
                private const int Limit = 3;
                private int calls;

                public static string Title { get; } = "good";

                public async Task ExecuteAsync(IComponentContext context)
                {
                    calls++;
                    var random = new Random(context.Seed);
                    context.Logger.LogInformation("drew {Value} of {Limit} {Names}", random.Next(Limit) + context.Random.Next(), Limit, Names.Length + calls);
                    await using var input = context.GetInput("table").OpenRead();
                    using var reader = new StreamReader(input);
                    var text = await reader.ReadToEndAsync(context.CancellationToken);
                    await Task.Delay(1, context.CancellationToken);
                    await context.WriteOutputAsync("copy", (stream, token) => stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text), token).AsTask());
                }
            }
            """);
        Assert.Empty(findings);
    }

    [Fact]
    public async Task Each_banned_api_is_reported_with_its_rule_the_member_and_the_line()
    {
        var findings = await FindingsAsync("""
            public sealed class Bad : IComponent
            {
                private static int runs;

                public static string Last { get; set; } = "";

                public Task ExecuteAsync(IComponentContext context)
                {
                    Console.WriteLine("starting");
                    var random = new Random();
                    var shared = Random.Shared.Next();
                    Thread.Sleep(10);
                    var text = File.ReadAllText(context.GetInput("table").Path);
                    using var writer = new StreamWriter("out.txt");
                    using var http = new HttpClient();
                    System.Diagnostics.Process.Start("ls");
                    if (text.Length == 0)
                    {
                        Environment.Exit(1);
                    }

                    runs++;
                    Last = text;
                    return Task.CompletedTask;
                }
            }
            """);
        Assert.Equal(
            [
                ("LOOM003", 3, "'Bad.runs' is static and can change"),
                ("LOOM003", 5, "'Bad.Last' is static and can change"),
                ("LOOM001", 9, "'System.Console.WriteLine' writes to or reads from the console"),
                ("LOOM004", 10, "'new System.Random' draws different numbers on every run"),
                ("LOOM004", 11, "'System.Random.Shared' draws different numbers on every run"),
                ("LOOM005", 12, "'System.Threading.Thread.Sleep' blocks a thread and ignores cancellation"),
                ("LOOM006", 13, "'System.IO.File.ReadAllText' reaches the file system directly"),
                ("LOOM006", 14, "'new System.IO.StreamWriter' reaches the file system directly"),
                ("LOOM007", 15, "'new System.Net.Http.HttpClient' reaches the network or another process"),
                ("LOOM007", 16, "'System.Diagnostics.Process.Start' reaches the network or another process"),
                ("LOOM002", 19, "'System.Environment.Exit' ends the whole process"),
            ],
            findings.Select(f => (f.Id, f.Line, f.Message[..Math.Min(f.Message.Length, MessageStart(f.Message))])));
    }

    [Fact]
    public async Task Every_finding_says_how_to_do_it_instead()
    {
        var findings = await FindingsAsync("""
            public sealed class Chatty : IComponent
            {
                public Task ExecuteAsync(IComponentContext context)
                {
                    Console.Error.WriteLine(new Random().Next());
                    return Task.CompletedTask;
                }
            }
            """);
        Assert.Contains(findings, f => f.Id == "LOOM001" && f.Message.EndsWith("log through context.Logger", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Id == "LOOM004" && f.Message.EndsWith("use context.Random, or new Random(context.Seed)", StringComparison.Ordinal));
    }

    /// <summary>The message up to the rule's advice (after the first ';' or ','), which the full-message test checks.</summary>
    private static int MessageStart(string message)
    {
        var cut = message.IndexOfAny([';', ',']);
        return cut < 0 ? message.Length : cut;
    }

    /// <summary>Compiles a component (with the usings a component project has) and runs the rules; the findings in line order.</summary>
    private static async Task<IReadOnlyList<(string Id, int Line, string Message)>> FindingsAsync(string code)
    {
        const string usings = "using System.Net.Http;\nusing Loom.Sdk;\nusing Microsoft.Extensions.Logging;\n";
        var tree = CSharpSyntaxTree.ParseText(usings + code, new CSharpParseOptions(LanguageVersion.Latest), path: "Component.cs");
        var globalUsings = CSharpSyntaxTree.ParseText("global using System;\nglobal using System.IO;\nglobal using System.Threading;\nglobal using System.Threading.Tasks;\nglobal using System.Linq;\n", path: "Usings.cs");
        var references = Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(Loom.Sdk.IComponent).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Logging.LoggerExtensions).Assembly.Location));
        var compilation = CSharpCompilation.Create("Component", [globalUsings, tree], references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ComponentRulesAnalyzer())).GetAnalyzerDiagnosticsAsync();
        var offset = usings.Split('\n').Length - 1;
        return diagnostics
            .Select(d => (d.Id, Line: d.Location.GetLineSpan().StartLinePosition.Line + 1 - offset, Message: d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)))
            .OrderBy(d => d.Line)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();
    }
}
