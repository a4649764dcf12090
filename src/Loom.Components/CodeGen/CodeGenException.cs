using Loom.Sdk;

namespace Loom.Components.CodeGen;

/// <summary>A pipeline, or a part of it, that cannot be generated as code; the message says what and why.</summary>
public sealed class CodeGenException(string message) : LoomException(message);
