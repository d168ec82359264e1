using System.Security.Cryptography;
using System.Text;

namespace Ferry.Admin;

/// <summary>
/// The admin endpoint's bearer token: 32 random bytes, base64url, in DATA/admin.token, readable by
/// the service's user only (0600). Made at the first start; `ferry status` and the other client
/// commands read it from the same data folder. Deleting the file and restarting makes a new one.
/// </summary>
public static class AdminToken
{
    public const string FileName = "admin.token";

    /// <summary>256 bits: far beyond guessing, even with unlimited tries over loopback.</summary>
    private const int TokenBytes = 32;

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    /// <summary>Reads the token, making it first when there is none.</summary>
    public static string EnsureCreated(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        if (File.Exists(path))
        {
            return Read(dataDirectory);
        }

        Directory.CreateDirectory(dataDirectory);
        var token = Base64Url(RandomNumberGenerator.GetBytes(TokenBytes));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Created 0600, never world-readable for an instant.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        {
            stream.Write(Encoding.ASCII.GetBytes(token + "\n"));
        }

        return token;
    }

    public static string Read(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        var token = File.ReadAllText(path).Trim();
        return token.Length > 0 ? token : throw new InvalidDataException($"{path} is empty; delete it and restart ferry to make a new token.");
    }

    /// <summary>True when <paramref name="header"/> is "Bearer TOKEN" with this token; the comparison takes the same time wherever the first difference is.</summary>
    public static bool Matches(string token, string? header)
    {
        const string Scheme = "Bearer ";
        if (header is null || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var given = Encoding.UTF8.GetBytes(header.AsSpan(Scheme.Length).Trim().ToString());
        return CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(token));
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
