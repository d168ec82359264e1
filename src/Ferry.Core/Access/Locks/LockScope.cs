namespace Ferry.Core.Access.Locks;

/// <summary>Whether other owners may hold a lock on the same location at the same time (RFC 4918 section 6.2).</summary>
public enum LockScope
{
    /// <summary>No other lock may overlap this one.</summary>
    Exclusive,

    /// <summary>Other shared locks may overlap; an exclusive one may not.</summary>
    Shared,
}

/// <summary>How far down a lock on a folder reaches (RFC 4918 section 9.10.3).</summary>
public enum LockDepth
{
    /// <summary>The location itself only.</summary>
    Zero,

    /// <summary>The location and everything below it.</summary>
    Infinity,
}
