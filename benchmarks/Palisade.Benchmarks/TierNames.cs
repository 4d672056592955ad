using Palisade.Generation;

namespace Palisade.Benchmarks;

/// <summary>The tier names given to a quick harness on the command line.</summary>
internal static class TierNames
{
    /// <summary>Runs <paramref name="run"/> for each name that is a tier, in order; says which names are not.</summary>
    public static void Each(IEnumerable<string> names, Action<string, Tier> run)
    {
        foreach (var name in names)
        {
            if (Tiers.TryParse(name, out var tier))
            {
                run(name, tier);
            }
            else
            {
                Console.Error.WriteLine($"unknown tier {name}");
            }
        }
    }
}
