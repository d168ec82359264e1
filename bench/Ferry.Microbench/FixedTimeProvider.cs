namespace Ferry.Microbench;

/// <summary>A clock that never moves, so every run formats the same dates.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
