using System.Security.Cryptography;

namespace Ferry.Ftp.Protocol;

/// <summary>The hash algorithms HASH offers (draft-bryan-ftpext-hash), strongest first.</summary>
public enum HashName
{
    Sha256,
    Sha512,
    Sha1,
    Md5,
}

/// <summary>Names of <see cref="HashName"/> on the wire, the FEAT line, and the hashers themselves.</summary>
public static class HashNames
{
    /// <summary>SHA-256: what FileZilla asks for first, and still collision-resistant (SHA-1 and MD5 are offered for old clients only).</summary>
    public const HashName Default = HashName.Sha256;

    private static readonly HashName[] Order = [HashName.Sha256, HashName.Sha512, HashName.Sha1, HashName.Md5];

    public static string Name(HashName hash) => hash switch
    {
        HashName.Sha256 => "SHA-256",
        HashName.Sha512 => "SHA-512",
        HashName.Sha1 => "SHA-1",
        _ => "MD5",
    };

    /// <summary>Parses a name as clients send it (any case; the draft's names, e.g. SHA-256).</summary>
    public static bool TryParse(string text, out HashName hash)
    {
        foreach (var candidate in Order)
        {
            if (string.Equals(Name(candidate), text, StringComparison.OrdinalIgnoreCase))
            {
                hash = candidate;
                return true;
            }
        }

        hash = Default;
        return false;
    }

    /// <summary>The FEAT line: every name, the selected one marked with '*' (draft section 3.1).</summary>
    public static string Feature(HashName selected) =>
        "HASH " + string.Join(';', Order.Select(h => h == selected ? Name(h) + "*" : Name(h)));

    /// <summary>The FEAT line of a new session, as the command table lists it.</summary>
    public static string DefaultFeature { get; } = Feature(Default);

    public static IncrementalHash Create(HashName hash) => IncrementalHash.CreateHash(hash switch
    {
        HashName.Sha256 => HashAlgorithmName.SHA256,
        HashName.Sha512 => HashAlgorithmName.SHA512,
        HashName.Sha1 => HashAlgorithmName.SHA1,
        _ => HashAlgorithmName.MD5,
    });
}
