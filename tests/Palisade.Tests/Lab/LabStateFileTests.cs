using Palisade.Lab;

namespace Palisade.Tests.Lab;

/// <summary>
/// The lab state file goes through source-generated JSON (so a NativeAOT binary can read it): the file format stays the
/// one the reflection serializer wrote, so a lab brought up by an older binary can still be taken down.
/// </summary>
public sealed class LabStateFileTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("pal-labstate-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void LabState_WrittenThenRead_KeepsEveryField()
    {
        var state = new LabState
        {
            OwnerPid = 4242,
            OwnerStartTime = 987654321,
            DenyMode = DenyMode.Drop,
            Inputs = ["examples/home-lab"],
            Namespaces = ["pal-a", "pal-b"],
            Processes = [new LabProcess("http pal-a:80", 77, 1234, 15)],
            Pods = [new LabPodRecord("prod/web-0", "pal-a", "10.42.0.2")],
            Ready = true,
        };

        state.Write(dir);
        var read = LabState.Read(dir);

        Assert.NotNull(read);
        Assert.Equal((4242, 987654321L, DenyMode.Drop, true), (read.OwnerPid, read.OwnerStartTime, read.DenyMode, read.Ready));
        Assert.Equal(["examples/home-lab"], read.Inputs);
        Assert.Equal(["pal-a", "pal-b"], read.Namespaces);
        Assert.Equal([new LabProcess("http pal-a:80", 77, 1234, 15)], read.Processes);
        Assert.Equal([new LabPodRecord("prod/web-0", "pal-a", "10.42.0.2")], read.Pods);
        Assert.Contains("\"DenyMode\": \"Drop\"", File.ReadAllText(LabState.PathIn(dir)), StringComparison.Ordinal);
    }

    [Fact]
    public void LabState_FileFromReflectionSerializer_ReadsBack()
    {
        // What the reflection-based serializer (WriteIndented, JsonStringEnumConverter) wrote before this change.
        File.WriteAllText(LabState.PathIn(dir), """
            {
              "OwnerPid": 31,
              "OwnerStartTime": 5,
              "DenyMode": "Reject",
              "Inputs": [],
              "Namespaces": [ "pal-x" ],
              "Processes": [ { "Name": "dns", "Pid": 9, "StartTime": 3, "StopSignal": 9 } ],
              "Pods": [],
              "Ready": false
            }
            """);

        var read = LabState.Read(dir);

        Assert.NotNull(read);
        Assert.Equal((31, DenyMode.Reject), (read.OwnerPid, read.DenyMode));
        Assert.Equal(["pal-x"], read.Namespaces);
        Assert.Equal([new LabProcess("dns", 9, 3, 9)], read.Processes);
    }

    [Fact]
    public void LabState_DamagedFile_IsPal405()
    {
        File.WriteAllText(LabState.PathIn(dir), "{ \"OwnerPid\": ");

        var e = Assert.Throws<PalisadeException>(() => LabState.Read(dir));

        Assert.Equal("PAL405", e.Code);
    }
}
