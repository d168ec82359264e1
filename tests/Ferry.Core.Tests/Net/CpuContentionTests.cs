using System.Runtime.InteropServices;
using Ferry.Core.Net;

namespace Ferry.Core.Tests.Net;

public sealed class CpuContentionTests
{
    private const long Millisecond = 1_000_000;

    [Fact]
    public void Nothing_is_decided_before_a_full_window()
    {
        var contention = new CpuContention(measure: false);

        contention.Add(1 * Millisecond, 9 * Millisecond);

        Assert.False(contention.Contended);
        contention.Add(0, 10 * Millisecond);
        Assert.True(contention.Contended);
    }

    [Fact]
    public void A_quarter_of_the_time_waiting_is_contended_and_less_is_not()
    {
        var waitingAQuarter = new CpuContention(measure: false);
        var waitingLess = new CpuContention(measure: false);

        waitingAQuarter.Add(15 * Millisecond, 5 * Millisecond);
        waitingLess.Add(16 * Millisecond, 4 * Millisecond);

        Assert.True(waitingAQuarter.Contended);
        Assert.False(waitingLess.Contended);
    }

    [Fact]
    public void Once_contended_it_stays_so_until_the_waiting_falls_below_a_tenth()
    {
        var contention = new CpuContention(measure: false);
        contention.Add(10 * Millisecond, 10 * Millisecond);

        contention.Add(17 * Millisecond, 3 * Millisecond); // 15%: between the thresholds, the verdict holds
        Assert.True(contention.Contended);

        contention.Add(19 * Millisecond, 1 * Millisecond); // 5%
        Assert.False(contention.Contended);

        contention.Add(17 * Millisecond, 3 * Millisecond); // 15% again: not enough to turn it back on
        Assert.False(contention.Contended);
    }

    [Fact]
    public void Each_window_is_judged_on_its_own()
    {
        var contention = new CpuContention(measure: false);

        contention.Add(10 * Millisecond, 10 * Millisecond);
        contention.Add(20 * Millisecond, 0);

        Assert.False(contention.Contended);
    }

    [Fact]
    public void Bytes_sent_are_sampled_every_128_KiB_until_the_first_verdict_then_every_MiB()
    {
        var contention = new CpuContention(measure: false);

        contention.CountSent(CpuContention.FirstSampleBytes - 1);
        Assert.Equal(0, contention.Samples);
        contention.CountSent(1);
        contention.CountSent(CpuContention.FirstSampleBytes);
        Assert.Equal(2, contention.Samples);

        contention.Add(0, CpuContention.WindowNanoseconds); // a verdict
        contention.CountSent(CpuContention.SampleBytes - 1);
        Assert.Equal(2, contention.Samples);
        contention.CountSent(1);
        Assert.Equal(3, contention.Samples);
    }

    [SkippableFact]
    public void On_linux_the_thread_s_running_time_is_read_and_grows_as_it_runs()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "The per-thread scheduler times are Linux's /proc/thread-self/schedstat.");
        Assert.True(CpuContention.TryReadThisThread(out var runningBefore, out var waitingBefore));

        // Spins, reading as it goes, until 10 ms of running show or 2 s have passed: on a loaded machine
        // (the test run itself) the thread gets a share of a processor, not all of it.
        var until = DateTime.UtcNow.AddSeconds(2);
        long runningAfter, waitingAfter;
        do
        {
            Assert.True(CpuContention.TryReadThisThread(out runningAfter, out waitingAfter));
        }
        while (runningAfter - runningBefore < 10 * Millisecond && DateTime.UtcNow < until);

        Assert.True(runningAfter - runningBefore >= 10 * Millisecond, $"ran {runningAfter - runningBefore} ns in 2 s of spinning");
        Assert.True(waitingAfter >= waitingBefore);
    }

    [SkippableFact]
    public void Two_threads_sharing_one_processor_find_it_contended()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "The per-thread scheduler times are Linux's /proc/thread-self/schedstat.");
        Skip.If(sched_getaffinity(0, sizeof(ulong), out var allowed) != 0 || allowed == 0, "This process's processors are not readable here.");
        var processor = allowed & (~allowed + 1); // the lowest processor this process may use

        var verdicts = new bool[2];
        var pinned = new bool[2];
        var threads = Enumerable.Range(0, 2).Select(i => new Thread(() =>
        {
            // Each pins itself (the call's 0 is the calling thread) to the same processor and spins
            // there, sampling: each waits while the other runs, about half of its time.
            var mask = processor;
            pinned[i] = sched_setaffinity(0, sizeof(ulong), ref mask) == 0;
            var contention = new CpuContention();
            var until = DateTime.UtcNow.AddMilliseconds(300);
            while (DateTime.UtcNow < until && !contention.Contended)
            {
                contention.Sample();
            }

            verdicts[i] = contention.Contended;
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Skip.IfNot(pinned[0] && pinned[1], "A thread could not be pinned to one processor here.");
        Assert.True(verdicts[0] || verdicts[1], "neither thread found itself waiting a quarter of its time");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int sched_getaffinity(int pid, nint size, out ulong mask);

    [DllImport("libc", SetLastError = true)]
    private static extern int sched_setaffinity(int pid, nint size, ref ulong mask);
}
