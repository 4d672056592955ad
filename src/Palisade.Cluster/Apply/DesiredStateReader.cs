using k8s;
using k8s.Models;
using Palisade.Diagnostics;
using Palisade.Model;

namespace Palisade.Cluster.Apply;

/// <summary>
/// Reads rendered YAML (NetworkPolicies, and Namespaces whose labels are to be set) into a <see cref="DesiredState"/>.
/// Callers validate the files with the strict manifest loader first; this only picks the objects apart.
/// </summary>
public static class DesiredStateReader
{
    /// <summary>Parses one YAML stream; other kinds are PAL190 errors located at the file.</summary>
    public static Diagnosed<DesiredState> Read(string text, string file)
    {
        var diagnostics = new List<Diagnostic>();
        var policies = new List<V1NetworkPolicy>();
        var labels = new List<NamespaceLabels>();
        var at = new SourceLocation(file, 0, 0);
        IList<object> objects;
        try
        {
            objects = KubernetesYaml.LoadAllFromString(text, new Dictionary<string, Type>
            {
                ["networking.k8s.io/v1/NetworkPolicy"] = typeof(V1NetworkPolicy),
                ["v1/Namespace"] = typeof(V1Namespace),
            });
        }
        catch (Exception e) when (e is KeyNotFoundException or YamlDotNet.Core.YamlException or InvalidOperationException or NullReferenceException)
        {
            diagnostics.Add(DiagnosticCatalog.ApplyKind.Create(at, $"cluster apply takes NetworkPolicy (networking.k8s.io/v1) and Namespace (v1) objects only; this file holds something else ({e.GetType().Name})", "pass the output of 'palisade render', or files with only those kinds"));
            return new Diagnosed<DesiredState>(new DesiredState([], []), diagnostics);
        }

        foreach (var o in objects)
        {
            switch (o)
            {
                case V1NetworkPolicy p:
                    policies.Add(p);
                    break;
                case V1Namespace n when n.Metadata?.Name is { } name:
                    labels.Add(new NamespaceLabels(name, n.Metadata.Labels is { } l ? new Dictionary<string, string>(l, StringComparer.Ordinal) : []));
                    break;
                default:
                    diagnostics.Add(DiagnosticCatalog.ApplyKind.Create(at, $"cluster apply does not take {o?.GetType().Name ?? "an empty document"}", "pass only NetworkPolicy and Namespace objects"));
                    break;
            }
        }

        return new Diagnosed<DesiredState>(new DesiredState(policies, labels), diagnostics);
    }
}
