using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Palisade.Diagnostics;
using Palisade.Model;

namespace Palisade.Manifests;

/// <summary>
/// Reads one input file (or standard input) as text, safely for a process that may run as root on hostile paths:
/// only regular files are opened (a FIFO would block, a device such as /dev/zero never ends, and opening some devices
/// has effects), the file is opened non-blocking and checked again through its handle, and no more than the size
/// limit is ever read.
/// </summary>
public static partial class InputFile
{
    private const int AtFdCwd = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1;
    private const uint StatxIno = 0x100;
    private const int ONonBlock = 0x800;
    private const int ONoCtty = 0x100;
    private const int OCloExec = 0x80000;
    private const int SIfMt = 0xF000;

    /// <summary>The kinds of file a path may name.</summary>
    private enum FileKind
    {
        Regular,
        Directory,
        Fifo,
        CharacterDevice,
        BlockDevice,
        Socket,
        Other,
    }

    /// <summary>
    /// The text of the file at <paramref name="path"/>, or null with a located diagnostic (PAL100 missing, PAL101 not a
    /// regular file or unreadable, PAL150 larger than <paramref name="maxBytes"/>).
    /// </summary>
    public static string? Read(string path, string display, long maxBytes, List<Diagnostic> diagnostics)
    {
        var at = new SourceLocation(display, 0, 0);
        try
        {
            if (OperatingSystem.IsLinux())
            {
                // Checked by path before opening, and again through the handle, against a swap in between.
                var kind = KindOf(path);
                if (kind != FileKind.Regular)
                {
                    diagnostics.Add(NotRegular(at, kind));
                    return null;
                }

                var fd = Open(path, ONonBlock | ONoCtty | OCloExec);
                if (fd < 0)
                {
                    throw new IOException(Marshal.GetLastPInvokeErrorMessage());
                }

                using var handle = new SafeFileHandle(fd, ownsHandle: true);
                kind = KindOf(handle);
                if (kind != FileKind.Regular)
                {
                    diagnostics.Add(NotRegular(at, kind));
                    return null;
                }

                using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
                return ReadBounded(stream, display, maxBytes, diagnostics);
            }

            using var other = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            return ReadBounded(other, display, maxBytes, diagnostics);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            diagnostics.Add(new FileInfo(path).LinkTarget is { } target
                ? DiagnosticCatalog.Unreadable.Create(at, $"a symbolic link to '{LabelSyntax.Printable(target)}', which does not exist",
                    "remove the link or restore what it points at")
                : DiagnosticCatalog.PathNotFound.Create(at, $"'{display}' does not exist", "check the path"));
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException or NotSupportedException)
        {
            diagnostics.Add(DiagnosticCatalog.Unreadable.Create(at, $"cannot read the file: {e.Message}",
                "check that the file exists and is readable"));
            return null;
        }
    }

    /// <summary>All of <paramref name="reader"/> (standard input), or null with PAL150 past <paramref name="maxBytes"/> characters.</summary>
    public static string? Read(TextReader reader, string display, long maxBytes, List<Diagnostic> diagnostics)
    {
        var text = new StringBuilder();
        var buffer = new char[81920];
        int n;
        while ((n = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            text.Append(buffer, 0, n);
            if (text.Length > maxBytes)
            {
                diagnostics.Add(TooLarge(display, maxBytes));
                return null;
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The device and inode a path leads to (following links), or null when unknown: two paths with the same identity
    /// are one file, which a folder walk reads once.
    /// </summary>
    public static unsafe (ulong Device, ulong Inode)? Identity(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var buffer = stackalloc byte[256];
        if (Statx(AtFdCwd, path, 0, StatxIno, buffer) != 0)
        {
            return null;
        }

        // struct statx: stx_ino at 32, stx_dev_major and stx_dev_minor at 136 and 140.
        var device = ((ulong)*(uint*)(buffer + 136) << 32) | *(uint*)(buffer + 140);
        return (device, *(ulong*)(buffer + 32));
    }

    /// <summary>True when the path is a symbolic link to a directory (folder walks do not enter those).</summary>
    public static bool IsLinkToDirectory(FileSystemInfo entry) =>
        entry.LinkTarget is not null && entry.ResolveLinkTarget(returnFinalTarget: true) is DirectoryInfo { Exists: true };

    private static string? ReadBounded(Stream stream, string display, long maxBytes, List<Diagnostic> diagnostics)
    {
        // Sized from the file's length (one spare byte shows the end), read at most one byte past the limit whatever
        // the file claims, and decoded once: the bytes and the text are the only copies.
        // One input is one byte array, so no limit goes past Array.MaxLength - 1 bytes (a limit of long.MaxValue must
        // not wrap when the spare byte is added); past it the message names the limit that really applied.
        maxBytes = Math.Min(maxBytes, Array.MaxLength - 1L);
        var hint = stream.CanSeek ? stream.Length : 0;
        var cap = maxBytes + 1;
        var buffer = new byte[Math.Min(Math.Max(hint + 1, 4096), cap)];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (total >= cap)
                {
                    diagnostics.Add(TooLarge(display, maxBytes));
                    return null;
                }

                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, cap));
            }

            var n = stream.Read(buffer, total, buffer.Length - total);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        if (total > maxBytes)
        {
            diagnostics.Add(TooLarge(display, maxBytes));
            return null;
        }

        var bytes = buffer.AsSpan(0, total);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Encoding.UTF8.GetString(bytes[3..]);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            // UTF-16 and UTF-32 with a byte-order mark, as File.ReadAllText reads them.
            using var text = new StreamReader(new MemoryStream(buffer, 0, total), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return text.ReadToEnd();
        }

        return Encoding.UTF8.GetString(bytes);
    }

    private static Diagnostic TooLarge(string display, long maxBytes) => DiagnosticCatalog.InputTooLarge.Create(new SourceLocation(display, 0, 0),
        $"the input is larger than the limit of {maxBytes.ToString(CultureInfo.InvariantCulture)} bytes",
        "pass --max-file-size with a larger number of bytes if this input is meant; nothing of it was read");

    private static Diagnostic NotRegular(SourceLocation at, FileKind kind) => DiagnosticCatalog.Unreadable.Create(at,
        $"not a regular file but {kind switch
        {
            FileKind.Directory => "a folder",
            FileKind.Fifo => "a named pipe (FIFO)",
            FileKind.CharacterDevice => "a character device",
            FileKind.BlockDevice => "a block device",
            FileKind.Socket => "a socket",
            _ => "a special file",
        }}; it was not opened",
        "pass regular files, folders, or '-' to read standard input");

    private static unsafe FileKind KindOf(string path)
    {
        var buffer = stackalloc byte[256];
        if (Statx(AtFdCwd, path, 0, StatxType, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno == 2 ? new FileNotFoundException(path) : new IOException(Marshal.GetLastPInvokeErrorMessage());
        }

        return KindOf(buffer);
    }

    private static unsafe FileKind KindOf(SafeFileHandle handle)
    {
        var buffer = stackalloc byte[256];
        if (Statx((int)handle.DangerousGetHandle(), string.Empty, AtEmptyPath, StatxType, buffer) != 0)
        {
            throw new IOException(Marshal.GetLastPInvokeErrorMessage());
        }

        return KindOf(buffer);
    }

    // struct statx: stx_mode is the u16 at offset 28 on every Linux architecture.
    private static unsafe FileKind KindOf(byte* statx) => (*(ushort*)(statx + 28) & SIfMt) switch
    {
        0x8000 => FileKind.Regular,
        0x4000 => FileKind.Directory,
        0x1000 => FileKind.Fifo,
        0x2000 => FileKind.CharacterDevice,
        0x6000 => FileKind.BlockDevice,
        0xC000 => FileKind.Socket,
        _ => FileKind.Other,
    };

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);
}
