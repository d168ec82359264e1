namespace Ferry.Core.Access;

/// <summary>
/// A logon attempt counted by the ban list from its start (see <see cref="FailureTracker.TryBeginAttempt"/>).
/// Ending it is optional: an attempt that is abandoned (the client went away) keeps counting as a failure.
/// </summary>
public sealed class LogonAttempt
{
    private readonly FailureTracker _owner;
    private readonly FailureTracker.Entry _entry;
    private readonly FailureTracker.Mark _mark;
    private int _ended;

    internal LogonAttempt(FailureTracker owner, FailureTracker.Entry entry, FailureTracker.Mark mark, int standing)
    {
        _owner = owner;
        _entry = entry;
        _mark = mark;
        Standing = standing;
    }

    /// <summary>
    /// The attempts counted against the address in the window when this one started, itself
    /// included: 1 for an address with no other recent attempt. Lower goes first at the hash.
    /// </summary>
    public int Standing { get; }

    /// <summary>The credentials were right: the attempt no longer counts against the address.</summary>
    public void Succeeded()
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0)
        {
            _owner.GiveBack(_entry, _mark);
        }
    }

    /// <summary>The credentials were wrong (or never checked): the attempt stays counted and may start a ban.</summary>
    public void Failed()
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0)
        {
            _owner.Fail(_entry, _mark);
        }
    }
}
