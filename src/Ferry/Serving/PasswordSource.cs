using System.Security.Cryptography;
using Ferry.Cli;

namespace Ferry.Serving;

/// <summary>Where a password comes from: the flag itself, env:VARIABLE, file:PATH, or a generator.</summary>
public static class PasswordSource
{
    /// <summary>Reads "env:NAME" and "file:PATH" references; other text is the password itself.</summary>
    public static string Resolve(string text, string what)
    {
        if (text.StartsWith("env:", StringComparison.Ordinal))
        {
            var name = text[4..];
            return Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
                ? value
                : throw new UsageException($"{what}: the environment variable {name} is not set.");
        }

        if (text.StartsWith("file:", StringComparison.Ordinal))
        {
            return FromFile(text[5..], what);
        }

        return text.Length > 0 ? text : throw new UsageException($"{what}: the password is empty.");
    }

    public static string FromFile(string path, string what)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"{what}: the password file '{path}' does not exist.");
        }

        var line = File.ReadLines(path).FirstOrDefault()?.TrimEnd('\r', '\n');
        return line is { Length: > 0 } ? line : throw new UsageException($"{what}: the password file '{path}' is empty.");
    }

    /// <summary>A 20-character password from a 56-symbol alphabet without look-alikes: about 116 bits.</summary>
    public static string Generate()
    {
        const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        return RandomNumberGenerator.GetString(Alphabet, 20);
    }

    /// <summary>Writes a secret to a file only the owner can read (0600), replacing any earlier one.</summary>
    public static void WriteOwnerOnly(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
        }

        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode applies only when the file is new; an older file keeps its mode otherwise.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
