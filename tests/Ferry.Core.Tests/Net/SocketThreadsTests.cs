using System.Net.Sockets;
using System.Reflection;
using Ferry.Core.Net;

namespace Ferry.Core.Tests.Net;

/// <summary>
/// The helpers that send long work back to the pool when socket completions run inline. A dedicated
/// thread stands in for a socket thread: like it, it is no pool thread.
/// </summary>
public sealed class SocketThreadsTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 1)]
    [InlineData(4, 2)]
    [InlineData(64, 32)]
    public void The_default_is_one_socket_thread_per_two_cpus_and_never_none(int cpus, int expected) =>
        Assert.Equal(expected, SocketThreads.DefaultThreadCount(cpus));

    [Fact]
    public async Task ToPool_from_a_thread_outside_the_pool_continues_on_a_pool_thread()
    {
        var (before, after) = await OnDedicatedThread(async () =>
        {
            var before = Thread.CurrentThread.IsThreadPoolThread;
            await SocketThreads.ToPool();
            return (before, Thread.CurrentThread.IsThreadPoolThread);
        });

        Assert.False(before);
        Assert.True(after);
    }

    [Fact]
    public async Task ToPool_on_a_pool_thread_goes_on_without_a_hop()
    {
        var (before, after) = await Task.Run(async () =>
        {
            var before = Environment.CurrentManagedThreadId;
            await SocketThreads.ToPool();
            return (before, Environment.CurrentManagedThreadId);
        });

        Assert.Equal(before, after);
    }

    [Fact]
    public async Task An_operation_that_waited_and_was_completed_by_another_thread_resumes_on_the_pool()
    {
        var pending = new TaskCompletionSource<int>(); // continuations run on the completing thread, as inline socket completions do

        // The body runs on its thread up to the await, so the wait is registered before anything completes it.
        var awaiting = OnDedicatedThread(async () =>
        {
            var value = await new ValueTask<int>(pending.Task).ResumeOnPool().ConfigureAwait(false);
            return (value, Thread.CurrentThread.IsThreadPoolThread, Environment.CurrentManagedThreadId);
        });
        Assert.False(awaiting.IsCompleted);
        var completer = new Thread(() => pending.SetResult(42));
        completer.Start();
        var (value, onPool, threadId) = await awaiting;
        completer.Join();

        Assert.Equal(42, value);
        Assert.True(onPool);
        Assert.NotEqual(completer.ManagedThreadId, threadId);
    }

    [Fact]
    public async Task An_operation_that_completed_at_once_stays_on_the_callers_thread()
    {
        var (caller, after, onPool) = await OnDedicatedThread(async () =>
        {
            var caller = Environment.CurrentManagedThreadId;
            var value = await ValueTask.FromResult(7).ResumeOnPool();
            Assert.Equal(7, value);
            return (caller, Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread);
        });

        Assert.Equal(caller, after);
        Assert.False(onPool);
    }

    [Fact]
    public void This_runtime_has_the_per_socket_choice_data_connections_rely_on()
    {
        // Internal in .NET; if a runtime drops it, data connections would complete inline too: this says so.
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var handleChoice = socket.SafeHandle.GetType().GetProperty("PreferInlineCompletions", BindingFlags.Instance | BindingFlags.NonPublic);
        Assert.NotNull(handleChoice);

        Assert.True(SocketThreads.TrySetInlineCompletions(socket, true));
        Assert.Equal(true, handleChoice.GetValue(socket.SafeHandle));
        Assert.True(SocketThreads.TrySetInlineCompletions(socket, false));
        Assert.Equal(false, handleChoice.GetValue(socket.SafeHandle));
    }

    /// <summary>Runs <paramref name="body"/> from its start on a new thread outside the pool; its awaits go where they go.</summary>
    private static Task<T> OnDedicatedThread<T>(Func<Task<T>> body)
    {
        Task<T>? started = null;
        var thread = new Thread(() => started = body());
        thread.Start();
        thread.Join();
        return started!;
    }
}
