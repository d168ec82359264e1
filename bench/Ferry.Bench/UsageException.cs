namespace Ferry.Bench;

/// <summary>A wrong or missing command-line argument; the message is shown as is, with exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
