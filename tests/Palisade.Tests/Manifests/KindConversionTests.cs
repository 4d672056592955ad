using Palisade.Manifests;
using Palisade.Model;
using Palisade.Net;
using static Palisade.Tests.Manifests.ManifestTestInput;

namespace Palisade.Tests.Manifests;

public class KindConversionTests
{
    [Fact]
    public void Namespace_WithLabels_AddsNameLabel()
    {
        var result = Load("""
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
              labels: {team: a}
            """);

        NoErrors(result);
        var ns = Assert.Single(result.Snapshot.Namespaces);
        Assert.True(ns.Declared);
        Assert.Equal("shop", ns.Labels[Namespace.NameLabel]);
        Assert.Equal("a", ns.Labels["team"]);
        Assert.Equal(new SourceLocation("test.yaml", 1, 1), ns.Location);
    }

    [Fact]
    public void Pod_WithStatusAndPorts_ConvertsAll()
    {
        var result = Load("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: web-1
              labels: {app: web}
              ownerReferences:
              - {apiVersion: apps/v1, kind: ReplicaSet, name: other, uid: x}
              - {apiVersion: apps/v1, kind: ReplicaSet, name: web-rs, uid: y, controller: true}
            spec:
              hostNetwork: true
              initContainers:
              - name: init
                ports: [{containerPort: 9000, protocol: UDP}]
              containers:
              - name: c
                ports:
                - {name: http, containerPort: 8080}
            status:
              podIP: 10.0.0.5
              podIPs: [{ip: 10.0.0.5}, {ip: "fd00::5"}]
            """);

        NoErrors(result);
        var pod = Assert.Single(result.Snapshot.Pods);
        Assert.Equal(new ObjectRef("default", "web-1"), pod.Ref);
        Assert.Equal([IpAddr.Parse("10.0.0.5"), IpAddr.Parse("fd00::5")], pod.Ips.ToArray());
        Assert.True(pod.HostNetwork);
        Assert.Equal([new ContainerPort("http", 8080, Protocol.TCP), new ContainerPort(null, 9000, Protocol.UDP)], pod.Ports.ToArray());
        Assert.Equal(new WorkloadRef("ReplicaSet", new ObjectRef("default", "web-rs")), pod.Owner);
        Assert.False(pod.FromTemplate);
    }

    [Theory]
    [InlineData("Deployment", "apps/v1", "spec:\n  replicas: 3\n  selector: {matchLabels: {app: w}}\n  template:\n    metadata: {labels: {app: w}}\n    spec:\n      containers: [{name: c, ports: [{containerPort: 80}]}]", 3)]
    [InlineData("StatefulSet", "apps/v1", "spec:\n  serviceName: s\n  selector: {matchLabels: {app: w}}\n  template:\n    metadata: {labels: {app: w}}\n    spec:\n      containers: [{name: c, ports: [{containerPort: 80}]}]", 1)]
    [InlineData("DaemonSet", "apps/v1", "spec:\n  selector: {matchLabels: {app: w}}\n  template:\n    metadata: {labels: {app: w}}\n    spec:\n      containers: [{name: c, ports: [{containerPort: 80}]}]", 1)]
    [InlineData("ReplicaSet", "apps/v1", "spec:\n  replicas: 2\n  template:\n    metadata: {labels: {app: w}}\n    spec:\n      containers: [{name: c, ports: [{containerPort: 80}]}]", 2)]
    [InlineData("ReplicationController", "v1", "spec:\n  template:\n    metadata: {labels: {app: w}}\n    spec:\n      containers: [{name: c, ports: [{containerPort: 80}]}]", 1)]
    [InlineData("Job", "batch/v1", "spec:\n  parallelism: 4\n  template:\n    metadata: {labels: {app: w}}\n    spec:\n      containers: [{name: c, ports: [{containerPort: 80}]}]", 4)]
    [InlineData("CronJob", "batch/v1", "spec:\n  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n      template:\n        metadata: {labels: {app: w}}\n        spec:\n          containers: [{name: c, ports: [{containerPort: 80}]}]", 1)]
    public void Workload_WithoutPods_GetsTemplateStandIn(string kind, string apiVersion, string spec, int replicas)
    {
        var result = Load($"apiVersion: {apiVersion}\nkind: {kind}\nmetadata:\n  name: w\n  namespace: n\n{spec}\n");

        NoErrors(result);
        var workload = Assert.Single(result.Snapshot.Workloads);
        Assert.Equal(kind, workload.Kind);
        Assert.Equal(replicas, workload.Replicas);
        Assert.Equal("w", workload.TemplateLabels["app"]);
        var pod = Assert.Single(result.Snapshot.Pods);
        Assert.True(pod.FromTemplate);
        Assert.Equal(new ObjectRef("n", "w"), pod.Ref);
        Assert.Equal(workload.ToWorkloadRef(), pod.Owner);
        Assert.Equal("w", pod.Labels["app"]);
        Assert.Empty(pod.Ips);
        Assert.Equal([new ContainerPort(null, 80, Protocol.TCP)], pod.Ports.ToArray());
    }

    [Fact]
    public void Service_WithAllAddresses_ConvertsAll()
    {
        var result = Load("""
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: shop}
            spec:
              type: LoadBalancer
              selector: {app: web}
              clusterIP: 10.96.0.10
              clusterIPs: [10.96.0.10]
              loadBalancerIP: 192.0.2.2
              externalIPs: [198.51.100.1]
              ports:
              - {name: http, port: 80, targetPort: http, nodePort: 30080}
              - {port: 53, protocol: UDP}
              - {port: 8443, targetPort: 443}
            status:
              loadBalancer:
                ingress: [{ip: 192.0.2.1}]
            """);

        NoErrors(result);
        var s = Assert.Single(result.Snapshot.Services);
        Assert.Equal(ServiceType.LoadBalancer, s.Type);
        var selection = Assert.IsType<SelectorSelection>(s.Selection);
        Assert.Equal(LabelSelector.MatchLabels("app", "web"), selection.Selector);
        Assert.Equal([IpAddr.Parse("10.96.0.10")], s.ClusterIps.ToArray());
        Assert.Equal([IpAddr.Parse("192.0.2.1"), IpAddr.Parse("192.0.2.2")], s.LoadBalancerIps.ToArray());
        Assert.Equal([IpAddr.Parse("198.51.100.1")], s.ExternalIps.ToArray());
        Assert.Equal(
            [
                new ServicePort("http", Protocol.TCP, 80, new NamedTargetPort("http"), 30080),
                new ServicePort(null, Protocol.UDP, 53, new NumericTargetPort(53), null),
                new ServicePort(null, Protocol.TCP, 8443, new NumericTargetPort(443), null),
            ],
            s.Ports.ToArray());
    }

    [Fact]
    public void Service_WithoutSelectorOrType_IsClusterIpWithNoSelector()
    {
        var result = Load("apiVersion: v1\nkind: Service\nmetadata: {name: ext}\nspec:\n  clusterIP: None\n  ports: [{port: 80}]\n");

        NoErrors(result);
        var s = Assert.Single(result.Snapshot.Services);
        Assert.Equal(ServiceType.ClusterIP, s.Type);
        Assert.Same(NoSelector.Instance, s.Selection);
        Assert.Empty(s.ClusterIps);
    }

    [Fact]
    public void UnknownKinds_AreSkipped_NotErrors()
    {
        var result = Load("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: cfg}
            ---
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: calico}
            spec: {selector: all()}
            """);

        NoErrors(result);
        Assert.Equal(["ConfigMap/cfg", "NetworkPolicy/calico"], result.Skipped.Select(s => $"{s.Kind}/{s.Name}"));
        Assert.Equal(5, result.Skipped[1].Location.Line);
    }
}
