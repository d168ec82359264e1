namespace Ferry.Cli;

/// <summary>A mistake in how ferry was called: printed without a stack trace, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
