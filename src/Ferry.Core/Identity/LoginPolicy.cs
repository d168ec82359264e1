namespace Ferry.Core.Identity;

/// <summary>
/// The one gate every protocol passes to log a user on: bounded hashing, equal answers for unknown
/// users and wrong passwords, delayed failures, anonymous access when configured.
/// </summary>
public sealed class LoginPolicy(IAccountStore store, IPasswordHasher hasher, LoginPolicyOptions options, TimeProvider time)
{
    public ValueTask<LoginResult> LoginAsync(LoginRequest request, CancellationToken cancellationToken)
    {
        _ = (store, hasher, options, time);
        throw new NotImplementedException();
    }
}
