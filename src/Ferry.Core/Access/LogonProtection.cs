namespace Ferry.Core.Access;

/// <summary>
/// What an endpoint demands of the channel that carries a password (IIS's SSL policy for
/// credentials). The protocol states it from its own settings; <see cref="AccessService"/> applies it.
/// </summary>
public enum LogonProtection
{
    /// <summary>Credentials may arrive in the clear.</summary>
    Optional,

    /// <summary>Credentials must arrive over TLS.</summary>
    Required,

    /// <summary>Credentials must arrive over TLS, except anonymous logon, whose password is no secret.</summary>
    RequiredExceptAnonymous,
}
