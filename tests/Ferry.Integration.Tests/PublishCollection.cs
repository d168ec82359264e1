namespace Ferry.Integration.Tests;

/// <summary>
/// The tests that publish src/Ferry run one after another: publishes for the same platform share the
/// project's intermediate folder (obj/Release/net10.0/RID), and two at once would write it together.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PublishCollection
{
    public const string Name = "publishes src/Ferry";
}
