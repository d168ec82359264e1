namespace Ferry.Core.Identity;

/// <summary>Slow salted password hashes in a self-describing text form.</summary>
public interface IPasswordHasher
{
    string Hash(string password);

    /// <summary>Constant-time comparison; false for a malformed hash.</summary>
    bool Verify(string password, string hash);
}
