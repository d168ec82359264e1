namespace Ferry.Core.Access.Locks;

/// <summary>
/// Who wants to change a location, and which of their locks they present. A lock lets a change
/// through only for its owner, and (when <paramref name="Tokens"/> is given) only when its token is
/// presented too, as WebDAV's If header does.
/// </summary>
/// <param name="Owner">The account name.</param>
/// <param name="Tokens">
/// The lock tokens presented; null for a protocol that has no lock tokens, for which every
/// lock the owner holds counts as presented.
/// </param>
public sealed record LockHolder(string Owner, IReadOnlySet<string>? Tokens = null)
{
    public bool Presents(ActiveLock held)
    {
        ArgumentNullException.ThrowIfNull(held);
        return held.IsOwnedBy(Owner) && (Tokens is null || Tokens.Contains(held.Token));
    }
}
