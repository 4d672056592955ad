using System.Runtime.ExceptionServices;

namespace Palisade.Manifests;

/// <summary>
/// Maps items on several threads and hands the results back in item order on the calling thread, with at most a
/// window of results done or in progress ahead of the one handed back last (memory stays bounded on long inputs).
/// The calling thread maps items too while it waits for the next result.
/// </summary>
internal static class InOrder
{
    /// <summary>
    /// The results of <paramref name="map"/> over <paramref name="items"/>, in order, computed by up to
    /// <paramref name="parallelism"/> threads at a time, at most <paramref name="window"/> items ahead. An exception
    /// thrown by <paramref name="map"/> (a bug) is rethrown here, at the latest when its item is reached.
    /// </summary>
    public static IEnumerable<TResult> Map<TItem, TResult>(IReadOnlyList<TItem> items, int parallelism, int window, Func<TItem, TResult> map)
    {
        var workers = Math.Min(parallelism, items.Count);
        if (workers <= 1)
        {
            foreach (var item in items)
            {
                yield return map(item);
            }

            yield break;
        }

        var run = new Run<TItem, TResult>(items, Math.Max(window, workers), map);
        // Threads of their own rather than the thread pool's: the caller may itself be a pool thread, and a starved
        // pool would leave the work to the caller alone.
        var helpers = new Thread[workers - 1];
        for (var h = 0; h < helpers.Length; h++)
        {
            helpers[h] = new Thread(run.Help) { IsBackground = true, Name = "palisade-reader" };
            helpers[h].Start();
        }

        try
        {
            for (var i = 0; i < items.Count; i++)
            {
                yield return run.Take(i);
            }
        }
        finally
        {
            run.Stop();
            foreach (var helper in helpers)
            {
                helper.Join();
            }
        }
    }

    /// <summary>The shared state of one map: which items are claimed, which results are ready.</summary>
    private sealed class Run<TItem, TResult>(IReadOnlyList<TItem> items, int window, Func<TItem, TResult> map)
    {
        private readonly object gate = new();
        private readonly TResult?[] results = new TResult?[items.Count];
        private readonly bool[] ready = new bool[items.Count];
        private int next;
        private int taken;
        private bool stopped;
        private ExceptionDispatchInfo? failure;

        /// <summary>A helper thread: maps the next free item within the window until none is left.</summary>
        public void Help()
        {
            while (true)
            {
                int index;
                lock (gate)
                {
                    while (!TryClaim(out index))
                    {
                        if (stopped || next >= items.Count)
                        {
                            return;
                        }

                        Monitor.Wait(gate);
                    }
                }

                if (!Produce(index))
                {
                    return;
                }
            }
        }

        /// <summary>The result of item i (all before it taken), mapping items on this thread while it is not ready.</summary>
        public TResult Take(int i)
        {
            while (true)
            {
                int claimed;
                lock (gate)
                {
                    failure?.Throw();
                    if (ready[i])
                    {
                        var result = results[i]!;
                        results[i] = default;
                        taken = i + 1;
                        Monitor.PulseAll(gate);
                        return result;
                    }

                    if (!TryClaim(out claimed))
                    {
                        Monitor.Wait(gate);
                        continue;
                    }
                }

                Produce(claimed);
            }
        }

        /// <summary>Tells the helpers to finish the item they hold and claim no other.</summary>
        public void Stop()
        {
            lock (gate)
            {
                stopped = true;
                Monitor.PulseAll(gate);
            }
        }

        private bool TryClaim(out int index)
        {
            if (!stopped && next < items.Count && next < taken + window)
            {
                index = next++;
                return true;
            }

            index = -1;
            return false;
        }

        private bool Produce(int index)
        {
            TResult result;
            try
            {
                result = map(items[index]);
            }
            catch (Exception e)
            {
                // Handed to the calling thread, which rethrows it with its stack.
                lock (gate)
                {
                    failure ??= ExceptionDispatchInfo.Capture(e);
                    stopped = true;
                    Monitor.PulseAll(gate);
                }

                return false;
            }

            lock (gate)
            {
                results[index] = result;
                ready[index] = true;
                Monitor.PulseAll(gate);
            }

            return true;
        }
    }
}
