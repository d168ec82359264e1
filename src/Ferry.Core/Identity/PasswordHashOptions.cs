namespace Ferry.Core.Identity;

public sealed record PasswordHashOptions
{
    /// <summary>
    /// PBKDF2-HMAC-SHA256 rounds for new hashes. 600,000 is OWASP's 2023 recommendation for this
    /// algorithm (Password Storage Cheat Sheet): roughly 0.2-0.5 s of one core per logon, which makes
    /// offline guessing of a stolen store expensive. Raise it later; old hashes keep their own count
    /// and <see cref="Pbkdf2PasswordHasher.NeedsRehash"/> reports them.
    /// </summary>
    public int Iterations { get; init; } = 600_000;

    /// <summary>
    /// The highest count <see cref="Pbkdf2PasswordHasher.Verify"/> will run. The count comes from the
    /// stored text, so without a ceiling whoever can write the store could make one logon cost a core
    /// for minutes (int.MaxValue rounds). 10,000,000 is about 16 times the default.
    /// </summary>
    public int MaxVerifyIterations { get; init; } = 10_000_000;
}
