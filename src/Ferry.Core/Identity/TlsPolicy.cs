namespace Ferry.Core.Identity;

/// <summary>What an account demands of the control channel (IIS's FTP SSL policy for the control channel).</summary>
public enum ControlChannelPolicy
{
    /// <summary>Clear or TLS, as the endpoint allows.</summary>
    Allow,

    /// <summary>The logon and every command after it run over TLS.</summary>
    Require,

    /// <summary>
    /// The logon (name and password) runs over TLS. In IIS the commands after it may then go clear
    /// (with CCC); Ferry refuses CCC, because SslStream cannot unwrap TLS, so a protected control
    /// channel stays protected and this means the same as <see cref="Require"/>. Kept for
    /// administrators who copy IIS's setting.
    /// </summary>
    RequireCredentialsOnly,
}

/// <summary>What an account demands of data connections (IIS's FTP SSL policy for the data channel).</summary>
public enum DataChannelPolicy
{
    /// <summary>PROT C or PROT P, as the endpoint allows.</summary>
    Allow,

    /// <summary>Every transfer and listing over a protected data connection (PROT P).</summary>
    Require,
}

/// <summary>An account's TLS demands, on top of the endpoint's (the stricter of the two applies).</summary>
public sealed record TlsPolicy(ControlChannelPolicy Control = ControlChannelPolicy.Allow, DataChannelPolicy Data = DataChannelPolicy.Allow)
{
    /// <summary>No demand beyond the endpoint's.</summary>
    public static TlsPolicy Allow { get; } = new();

    /// <summary>The password must not cross in the clear: the logon is refused on a clear channel before the password is sent.</summary>
    public bool RequiresProtectedLogon => Control != ControlChannelPolicy.Allow;

    /// <summary>Transfers and listings need PROT P.</summary>
    public bool RequiresProtectedData => Data == DataChannelPolicy.Require;
}
