using System.Globalization;
using System.Security.Cryptography;

namespace Ferry.Core.Identity;

/// <summary>
/// PBKDF2-HMAC-SHA256 in the text form "$pbkdf2-sha256$i=&lt;iterations&gt;$&lt;base64 salt&gt;$&lt;base64 key&gt;".
/// The iteration count travels with each hash, so the cost can be raised without breaking old ones.
/// </summary>
public sealed class Pbkdf2PasswordHasher : IPasswordHasher
{
    private const string Prefix = "$pbkdf2-sha256$";

    /// <summary>128 bits: NIST SP 800-132 asks for at least that, and it makes salts collision-free in practice.</summary>
    private const int SaltBytes = 16;

    /// <summary>256 bits, the SHA-256 output size: a longer key would only cost the defender more rounds.</summary>
    private const int KeyBytes = 32;

    /// <summary>Bounds on decoded sizes in stored hashes, so odd input cannot make Verify allocate much.</summary>
    private const int MinStoredBytes = 8;
    private const int MaxStoredBytes = 64;

    private readonly PasswordHashOptions _options;

    public Pbkdf2PasswordHasher(PasswordHashOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Iterations, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxVerifyIterations, options.Iterations, nameof(options));
        _options = options;
    }

    public Pbkdf2PasswordHasher()
        : this(new PasswordHashOptions())
    {
    }

    public string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        Span<byte> salt = stackalloc byte[SaltBytes];
        RandomNumberGenerator.Fill(salt);
        Span<byte> key = stackalloc byte[KeyBytes];
        Rfc2898DeriveBytes.Pbkdf2(password, salt, key, _options.Iterations, HashAlgorithmName.SHA256);
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"{Prefix}i={_options.Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(key)}");
        CryptographicOperations.ZeroMemory(key);
        return text;
    }

    public bool Verify(string password, string hash)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (!TryParse(hash, out var iterations, out var salt, out var expected) || iterations > _options.MaxVerifyIterations)
        {
            return false;
        }

        var actual = new byte[expected.Length];
        Rfc2898DeriveBytes.Pbkdf2(password, salt, actual, iterations, HashAlgorithmName.SHA256);
        var equal = CryptographicOperations.FixedTimeEquals(actual, expected);
        CryptographicOperations.ZeroMemory(actual);
        return equal;
    }

    /// <summary>
    /// True when <paramref name="hash"/> should be replaced by a fresh <see cref="Hash"/> at the next
    /// successful logon: malformed, weaker than the configured cost, or of another salt or key size.
    /// </summary>
    public bool NeedsRehash(string hash) =>
        !TryParse(hash, out var iterations, out var salt, out var key)
        || iterations < _options.Iterations
        || salt.Length != SaltBytes
        || key.Length != KeyBytes;

    private static bool TryParse(string? hash, out int iterations, out byte[] salt, out byte[] key)
    {
        iterations = 0;
        salt = [];
        key = [];
        if (hash is null || !hash.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = hash[Prefix.Length..].Split('$');
        if (parts.Length != 3
            || !parts[0].StartsWith("i=", StringComparison.Ordinal)
            || !int.TryParse(parts[0].AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out iterations)
            || iterations < 1)
        {
            return false;
        }

        return TryDecode(parts[1], out salt) && TryDecode(parts[2], out key);
    }

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        // Base64 grows 4/3; checking the text length first keeps a huge field from being decoded at all.
        if (text.Length > (MaxStoredBytes + 2) / 3 * 4)
        {
            return false;
        }

        var buffer = new byte[MaxStoredBytes];
        if (!Convert.TryFromBase64String(text, buffer, out var written) || written < MinStoredBytes)
        {
            return false;
        }

        bytes = buffer[..written];
        return true;
    }
}
