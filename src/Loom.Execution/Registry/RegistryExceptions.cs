using Loom.Sdk;

namespace Loom.Execution.Registry;

/// <summary>The registry has no such model, version or alias.</summary>
public sealed class RegistryNotFoundException(string message) : LoomException(message);

/// <summary>The registry's state does not allow the change: the alias moved meanwhile, holds the version already, or has nowhere to go back to.</summary>
public sealed class RegistryConflictException(string message) : LoomException(message);
