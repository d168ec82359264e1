namespace Ferry.Cli;

/// <summary>What `ferry` returns: scripts and service managers tell a refused call from a failure.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command ran and failed (no such account, no certificate yet).</summary>
    public const int Failed = 1;

    /// <summary>A usage or configuration mistake: the same call will fail again until it is changed.</summary>
    public const int Usage = 2;
}
