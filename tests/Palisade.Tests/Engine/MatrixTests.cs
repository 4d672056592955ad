using Palisade.Engine;
using Palisade.Model;
using Palisade.Net;

namespace Palisade.Tests.Engine;

public sealed class MatrixTests
{
    private static Pod Pod(string name, string ip, WorkloadRef owner) =>
        new(new ObjectRef("x", name), Labels.Of("app", "web"), new[] { IpAddr.Parse(ip) }, false, EquatableArray<ContainerPort>.Empty, owner);

    [Fact]
    public void WorkloadCell_ReplicasDifferByIp_AllowedOnlyWhenEveryReplicaIs()
    {
        var web = new Workload("Deployment", new ObjectRef("x", "web"), Labels.Of("app", "web"), 2);
        var client = new Workload("Deployment", new ObjectRef("x", "client"), Labels.Of("app", "client"), 1);
        var pods = new[]
        {
            Pod("web-1", "10.0.0.1", web.ToWorkloadRef()),
            Pod("web-2", "10.0.9.2", web.ToWorkloadRef()),
            new Pod(new ObjectRef("x", "client-1"), Labels.Of("app", "client"), new[] { IpAddr.Parse("10.0.5.5") }, false, EquatableArray<ContainerPort>.Empty, client.ToWorkloadRef()),
        };
        // The client may only send to 10.0.0.0/24: web-1 yes, web-2 no.
        var policy = new NetworkPolicy(new ObjectRef("x", "client-egress"), LabelSelector.MatchLabels("app", "client"), PolicyTypes.Egress, true,
            EquatableArray<PolicyRule>.Empty,
            new[] { new PolicyRule(Direction.Egress, 0, new Peers(new Peer[] { new IpBlockPeer(IpCidr.Parse("10.0.0.0/24"), EquatableArray<IpCidr>.Empty) }.ToEquatableArray()), AnyPort.Instance) }.ToEquatableArray());
        var cluster = new ClusterSnapshot([], pods, [web, client], [], [policy]);
        var matrix = new ConnectivityMatrix(new PolicyEngine(cluster), [new PortProtocol(80, Protocol.TCP)]);
        var from = matrix.Endpoints.Single(e => e.Id == "x/client");
        var to = matrix.Endpoints.Single(e => e.Id == "x/web");
        var port = new PortProtocol(80, Protocol.TCP);
        Assert.False(matrix.IsAllowed(from, to, port));
        var verdict = matrix.Explain(from, to, port);
        Assert.False(verdict.Allowed);
        Assert.Equal("x/web-2", ((PodEndpoint)verdict.Destination).Pod.Ref.ToString());
        Assert.True(matrix.IsAllowed(to, to, port)); // replicas of web reach each other (nothing isolates them)
    }
}
