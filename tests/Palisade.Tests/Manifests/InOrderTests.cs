using System.Collections.Concurrent;
using Palisade.Manifests;

namespace Palisade.Tests.Manifests;

/// <summary>The ordered parallel map the loader reads files with: order, the bound on work ahead, and failures.</summary>
public sealed class InOrderTests
{
    [Theory]
    [InlineData(2, 4)]
    [InlineData(3, 3)]
    [InlineData(4, 8)]
    public void Map_SlowEarlyItems_HandsResultsBackInOrderWithinTheWindow(int parallelism, int window)
    {
        var items = Enumerable.Range(0, 60).ToList();
        var handedBack = 0;
        var beyondWindow = new ConcurrentBag<int>();
        var results = new List<int>();
        foreach (var r in InOrder.Map(items, parallelism, window, i =>
        {
            // Never more than the window ahead of the item handed back last (that one may not have reached the loop
            // body below yet, hence the one extra); early items finish last.
            if (i > Volatile.Read(ref handedBack) + window)
            {
                beyondWindow.Add(i);
            }

            Thread.Sleep(i % 10 == 0 ? 20 : 1);
            return i * 3;
        }))
        {
            results.Add(r);
            Volatile.Write(ref handedBack, results.Count);
        }

        Assert.Equal(items.Select(i => i * 3), results);
        Assert.Empty(beyondWindow);
    }

    [Fact]
    public void Map_ThrowingItem_RethrowsOnTheCaller()
    {
        var seen = new List<int>();
        var e = Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var r in InOrder.Map(Enumerable.Range(0, 50).ToList(), 2, 4, i => i == 17 ? throw new InvalidOperationException("item 17") : i))
            {
                seen.Add(r);
            }
        });
        Assert.Equal("item 17", e.Message);
        Assert.Equal(Enumerable.Range(0, seen.Count), seen);
        Assert.True(seen.Count <= 17);
    }

    [Fact]
    public void Map_OneWorker_MapsOnTheCallingThreadInOrder()
    {
        var thread = Environment.CurrentManagedThreadId;
        var threads = new List<int>();
        var results = InOrder.Map(Enumerable.Range(0, 5).ToList(), 1, 2, i =>
        {
            threads.Add(Environment.CurrentManagedThreadId);
            return i;
        }).ToList();
        Assert.Equal([0, 1, 2, 3, 4], results);
        Assert.All(threads, t => Assert.Equal(thread, t));
    }
}
