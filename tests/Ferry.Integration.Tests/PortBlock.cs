namespace Ferry.Integration.Tests;

/// <summary>The ports one server instance owns: its control port and its own passive range.</summary>
public sealed record PortBlock(int ControlPort, int PassiveLow, int PassiveHigh);
