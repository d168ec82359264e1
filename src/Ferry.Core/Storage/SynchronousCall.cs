namespace Ferry.Core.Storage;

/// <summary>
/// Runs a backend's synchronous work (a system call, an in-memory change) as the ValueTask the
/// <see cref="IStorage"/> contract returns: already completed, with no thread hop, and with any
/// failure turned by the backend's own <paramref name="translate"/> into the exception the contract
/// promises, carried inside the task rather than thrown at the caller.
/// </summary>
public static class SynchronousCall
{
    public static ValueTask<T> Run<T>(Func<T> work, Func<Exception, Exception> translate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(translate);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(work());
        }
        catch (Exception e)
        {
            return ValueTask.FromException<T>(translate(e));
        }
    }

    public static ValueTask Run(Action work, Func<Exception, Exception> translate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(translate);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            work();
            return ValueTask.CompletedTask;
        }
        catch (Exception e)
        {
            return ValueTask.FromException(translate(e));
        }
    }
}
