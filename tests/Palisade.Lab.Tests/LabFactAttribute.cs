using Palisade.Lab;

namespace Palisade.Lab.Tests;

/// <summary>
/// A test that needs a real lab (root, nft, ip; real servers when asked). It skips with the reason on a developer
/// machine without them, and runs (and fails) under CI=true instead of skipping.
/// </summary>
public sealed class LabFactAttribute : FactAttribute
{
    public LabFactAttribute(bool realServers = false)
    {
        if (Environment.GetEnvironmentVariable("CI") != "true" && !LabEnvironment.IsAvailable(realServers, out var reason))
        {
            Skip = $"needs a lab environment: {reason}";
        }
    }
}

/// <summary>The theory form of <see cref="LabFactAttribute"/>: same gating.</summary>
public sealed class LabTheoryAttribute : TheoryAttribute
{
    public LabTheoryAttribute(bool realServers = false)
    {
        if (Environment.GetEnvironmentVariable("CI") != "true" && !LabEnvironment.IsAvailable(realServers, out var reason))
        {
            Skip = $"needs a lab environment: {reason}";
        }
    }
}
