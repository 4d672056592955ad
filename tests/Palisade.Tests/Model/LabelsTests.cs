using CsCheck;
using Palisade.Model;

namespace Palisade.Tests.Model;

/// <summary>
/// <see cref="Labels"/> against a plain dictionary: the same lookups, key order, duplicate handling (a later key wins)
/// and equality, on both sides of its small-set scan and its insertion-sort limit.
/// </summary>
public class LabelsTests
{
    // Few distinct keys, so that duplicates and shared prefixes are common; sizes up to 40 cross both limits.
    private static readonly Gen<KeyValuePair<string, string>[]> PairsGen =
        Gen.Select(Gen.Char["abAB./-"].Array[0, 4], Gen.Char["xy"].Array[0, 2], (k, v) => KeyValuePair.Create(new string(k), new string(v))).Array[0, 40];

    [Fact]
    public void From_AnyPairs_BehavesAsADictionaryWithLaterDuplicatesWinning()
    {
        PairsGen.Sample(pairs =>
        {
            var expected = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (k, v) in pairs)
            {
                expected[k] = v;
            }

            var labels = Labels.From(pairs);
            Assert.Equal(expected.Count, labels.Count);
            Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), labels.SortedKeys);
            Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), labels.Pairs);
            foreach (var (k, v) in expected)
            {
                Assert.True(labels.TryGetValue(k, out var got));
                Assert.Equal(v, got);
                Assert.Equal(v, labels[k]);
                Assert.True(labels.ContainsKey(k));
            }

            foreach (var missing in new[] { "zz", "a.z", string.Empty + "Q" })
            {
                Assert.Equal(expected.ContainsKey(missing), labels.ContainsKey(missing));
            }
        });
    }

    [Fact]
    public void Equals_SameSetInAnotherOrder_IsEqualWithTheSameHash()
    {
        PairsGen.Sample(pairs =>
        {
            var a = Labels.From(pairs);
            var distinct = a.Pairs.ToArray();
            var b = Labels.From(distinct.Reverse());
            Assert.Equal(a, b);
            Assert.Equal(a.GetHashCode(), b.GetHashCode());
            if (distinct.Length > 0)
            {
                var changed = Labels.From(distinct.Select((p, i) => i == 0 ? KeyValuePair.Create(p.Key, p.Value + "!") : p));
                Assert.NotEqual(a, changed);
                Assert.NotEqual(a, Labels.From(distinct.Skip(1)));
            }
        });
    }

    [Fact]
    public void With_SetsOneLabelAndKeepsTheRest()
    {
        var labels = Labels.Of("tier", "front", "app", "web");
        Assert.Same(labels, labels.With("app", "web"));
        var changed = labels.With("app", "db").With("zone", "a");
        Assert.Equal("app=db,tier=front,zone=a", changed.ToString());
        Assert.Equal("app=web,tier=front", labels.ToString());
    }

    [Fact]
    public void SortedKeys_CannotBeChangedThroughACast()
    {
        var keys = Labels.Of("b", "1", "a", "2").SortedKeys;
        Assert.False(keys is string[]);
        Assert.Equal(["a", "b"], keys);
    }
}
