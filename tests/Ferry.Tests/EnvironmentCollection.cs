namespace Ferry.Tests;

/// <summary>
/// Tests that set process-wide environment variables: they run alone, so no other test sees a
/// variable half-way through and none of theirs is changed under them.
/// </summary>
[CollectionDefinition(nameof(EnvironmentCollection), DisableParallelization = true)]
public sealed class EnvironmentCollection;
