using System.Buffers.Binary;
using System.Text;
using Palisade.Net;

namespace Palisade.Lab.Probes;

/// <summary>The smallest DNS client the probes need: an A query and the A records of the answer.</summary>
internal static class DnsMessage
{
    /// <summary>Builds a recursive A query for a name.</summary>
    public static byte[] Query(ushort id, string name)
    {
        var bytes = new List<byte>();
        var header = new byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header, id);
        header[2] = 0x01; // RD
        header[5] = 1; // QDCOUNT
        bytes.AddRange(header);
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }

        bytes.AddRange([0, 0, 1, 0, 1]); // root, QTYPE A, QCLASS IN
        return [.. bytes];
    }

    /// <summary>Parses an answer: the response code and the A records.</summary>
    public static (int RCode, List<IpAddr> Addresses) Parse(ReadOnlySpan<byte> msg)
    {
        if (msg.Length < 12)
        {
            return (-1, []);
        }

        var rcode = msg[3] & 0x0F;
        var qd = BinaryPrimitives.ReadUInt16BigEndian(msg[4..]);
        var an = BinaryPrimitives.ReadUInt16BigEndian(msg[6..]);
        var pos = 12;
        for (var i = 0; i < qd; i++)
        {
            pos = SkipName(msg, pos) + 4;
        }

        var list = new List<IpAddr>();
        for (var i = 0; i < an && pos + 10 <= msg.Length; i++)
        {
            pos = SkipName(msg, pos);
            var type = BinaryPrimitives.ReadUInt16BigEndian(msg[pos..]);
            var len = BinaryPrimitives.ReadUInt16BigEndian(msg[(pos + 8)..]);
            pos += 10;
            if (type == 1 && len == 4 && pos + 4 <= msg.Length)
            {
                list.Add(new IpAddr(BinaryPrimitives.ReadUInt32BigEndian(msg[pos..]), false));
            }

            pos += len;
        }

        return (rcode, list);
    }

    private static int SkipName(ReadOnlySpan<byte> msg, int pos)
    {
        while (pos < msg.Length)
        {
            var len = msg[pos];
            if (len == 0)
            {
                return pos + 1;
            }

            if ((len & 0xC0) == 0xC0)
            {
                return pos + 2;
            }

            pos += len + 1;
        }

        return pos;
    }
}
