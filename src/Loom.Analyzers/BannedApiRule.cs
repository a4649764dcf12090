using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Loom.Analyzers;

/// <summary>A rule that bans APIs: its diagnostic, and the types or members whose use it reports.</summary>
internal sealed class BannedApiRule
{
    private readonly ImmutableArray<string> types;
    private readonly ImmutableArray<string> members;

    /// <param name="descriptor">The diagnostic reported.</param>
    /// <param name="types">Types (by metadata name) every member of which is banned.</param>
    /// <param name="members">Members banned one by one: <c>Type.Member</c> with the type's metadata name, every overload.</param>
    public BannedApiRule(DiagnosticDescriptor descriptor, ImmutableArray<string> types, ImmutableArray<string> members)
    {
        Descriptor = descriptor;
        this.types = types;
        this.members = members;
    }

    /// <summary>The diagnostic reported.</summary>
    public DiagnosticDescriptor Descriptor { get; }

    /// <summary>Whether a member of a type (the type's metadata name, and <c>Type.Member</c>) is banned.</summary>
    public bool Bans(string type, string member) => types.Contains(type) || members.Contains(member);
}
