namespace Palisade.TestSupport;

/// <summary>
/// Paths of the seed scenario, examples/home-lab, relative to the repository root (where <see cref="CliRunner"/> runs
/// by default): its folder, manifests, isolation profile and expectations.
/// </summary>
public static class HomeLab
{
    /// <summary>The scenario's folder (manifests/, profile.yaml, expectations.yaml).</summary>
    public const string Folder = "examples/home-lab";

    /// <summary>The folder of its manifests.</summary>
    public const string Manifests = Folder + "/manifests";

    /// <summary>Its isolation profile.</summary>
    public const string Profile = Folder + "/profile.yaml";

    /// <summary>Its expectations file.</summary>
    public const string Expectations = Folder + "/expectations.yaml";
}
