using System.Net;
using Ferry.Core.Access;
using Ferry.Core.Identity;
using Ferry.Core.Storage.Memory;
using Ferry.Serving;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ferry.Tests;

public sealed class AddressFilterMiddlewareTests
{
    private readonly SessionRegistry _sessions = new(SessionLimits.None, TimeProvider.System);
    private readonly AccessService _access;

    public AddressFilterMiddlewareTests()
    {
        var login = new LoginPolicy(new InMemoryAccountStore(), new Pbkdf2PasswordHasher(new PasswordHashOptions { Iterations = 1000 }), new LoginPolicyOptions(), new FailureTracker(new BanOptions(), TimeProvider.System), TimeProvider.System);
        _access = new AccessService(login, _sessions, _ => new InMemoryStorage())
        {
            Addresses = new AddressRules { Allow = [IPNetwork.Parse("127.0.0.0/8")], Deny = [IPNetwork.Parse("127.0.0.2/32")] },
        };
    }

    private AddressFilterMiddleware Middleware() => new(_access, "ftp", "421 Not from your address.\r\n", NullLogger.Instance);

    [Theory]
    [InlineData("127.0.0.2")]
    [InlineData("::ffff:127.0.0.2")]
    [InlineData("192.0.2.1")]
    public async Task A_refused_address_gets_the_refusal_line_and_is_closed_before_the_handler(string address)
    {
        using var connection = new TestConnection(IPAddress.Parse(address));
        var reachedHandler = false;

        await Middleware().Wrap(_ =>
        {
            reachedHandler = true;
            return Task.CompletedTask;
        })(connection.Context);

        Assert.False(reachedHandler);
        Assert.Equal("421 Not from your address.\r\n", await connection.ReadAllAsync());
    }

    [Fact]
    public async Task An_admitted_address_reaches_the_handler_and_rules_set_later_count_from_the_next_connection()
    {
        var reached = 0;
        var middleware = Middleware();
        using (var first = new TestConnection(IPAddress.Parse("127.0.0.1")))
        {
            await middleware.Wrap(_ =>
            {
                reached++;
                return Task.CompletedTask;
            })(first.Context);
        }

        _access.Addresses = new AddressRules { Deny = [IPNetwork.Parse("127.0.0.1/32")] };
        using var second = new TestConnection(IPAddress.Parse("127.0.0.1"));
        await middleware.Wrap(_ =>
        {
            reached++;
            return Task.CompletedTask;
        })(second.Context);

        Assert.Equal(1, reached);
        Assert.Equal(0, _sessions.Count);
    }
}
